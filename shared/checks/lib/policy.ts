import type { AttachedPolicy, PermissionsBoundary, PolicyStatement } from '../../domain/asset-config.ts';

/** An IAM wildcard character. */
const WILDCARD = /[*?]/;
/** A policy variable (`${aws:username}`): substituted at request time, so not a literal value. */
const VARIABLE = /\$\{/;
/** A literal value: not empty, no wildcard, no policy variable. */
const literal = (v: string) => v.length > 0 && !WILDCARD.test(v) && !VARIABLE.test(v);

/**
 * IAM-style wildcard match (`*` any run, `?` one char), case-insensitive as IAM action names are; `caseSensitive` as
 * the String and Arn condition operators compare.
 */
const patternCache = new Map<string, RegExp>();
const caseSensitiveCache = new Map<string, RegExp>();

export function wildcardMatch(pattern: string, value: string, caseSensitive = false): boolean {
  if (pattern === '*') return true;
  const cache = caseSensitive ? caseSensitiveCache : patternCache;
  let re = cache.get(pattern);
  if (!re) {
    re = new RegExp(
      `^${pattern
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.')}$`,
      caseSensitive ? '' : 'i',
    );
    if (cache.size >= 10_000) cache.clear();
    cache.set(pattern, re);
  }
  return re.test(value);
}

/** Whether an Allow statement grants `action` (honours NotAction: everything except the listed actions). */
export function grantsAction(stmt: PolicyStatement, action: string): boolean {
  if (stmt.effect !== 'Allow') return false;
  if (stmt.notActions && stmt.notActions.length > 0) return !stmt.notActions.some((p) => wildcardMatch(p, action));
  return stmt.actions.some((p) => wildcardMatch(p, action));
}

/**
 * Whether an explicit Deny in any of the principal's policies blocks `action` everywhere: an unconditional Deny on
 * `*` whose Action (or NotAction complement) covers it. A Deny with a condition or on some resources only is not
 * subtracted (it may not apply), so the analysis still errs towards over-reporting, never towards a false PASS.
 */
export function deniedEverywhere(policies: AttachedPolicy[], action: string): boolean {
  return deniedOn(policies, action);
}

/**
 * Whether an unconditional Deny (no NotResource) blocks `action` on `resource`: one on `*`, or, when `resource` (an
 * ARN) is given, one whose Resource pattern matches it with case, as AWS compares resource ARNs (a Deny on
 * `user/Developers/*` does not cover `user/developers/alice`). Without `resource` only a Deny on `*` counts
 * (`deniedEverywhere`). A Deny with a condition counts only when `applies` proves the condition holds.
 */
export function deniedOn(
  policies: AttachedPolicy[],
  action: string,
  resource?: string,
  applies?: (s: PolicyStatement) => boolean,
): boolean {
  for (const p of policies)
    for (const s of p.statements) {
      if (s.effect !== 'Deny' || s.notResources?.length || (s.hasCondition && !applies?.(s))) continue;
      if (!s.resources.some((r) => r === '*' || (resource !== undefined && wildcardMatch(r, resource, true)))) continue;
      const covers = s.notActions?.length
        ? !s.notActions.some((n) => wildcardMatch(n, action))
        : s.actions.some((a) => wildcardMatch(a, action));
      if (covers) return true;
    }
  return false;
}

/**
 * Whether an unconditional Deny on `*` blocks every action of `service`: Action `*` or `<service>:*`, or a NotAction
 * list whose every entry names another service literally (`iam:*`, `s3:Get*`). Any entry that could match one of the
 * service's actions (`bedrock:Get*`, `*Model*`, `b*:*`) leaves part of the service allowed, so it does not count.
 */
export function serviceDeniedEverywhere(policies: AttachedPolicy[], service: string): boolean {
  const svc = service.toLowerCase();
  const otherService = (pattern: string): boolean => {
    const colon = pattern.indexOf(':');
    if (colon <= 0) return false;
    const prefix = pattern.slice(0, colon);
    return !/[*?]/.test(prefix) && prefix.toLowerCase() !== svc;
  };
  for (const p of policies)
    for (const s of p.statements) {
      if (s.effect !== 'Deny' || s.hasCondition || s.notResources?.length || !s.resources.includes('*')) continue;
      const covers = s.notActions?.length
        ? s.notActions.every(otherService)
        : s.actions.some((a) => a === '*' || a.toLowerCase() === `${svc}:*`);
      if (covers) return true;
    }
  return false;
}

/** Whether the statement applies to every resource (`*`, or a NotResource exclusion list). */
export function onAllResources(stmt: PolicyStatement): boolean {
  if (stmt.notResources && stmt.notResources.length > 0) return true;
  return stmt.resources.includes('*');
}

/**
 * Whether a statement's Action (or NotAction complement) covers every action of `service`: an Action entry matching
 * `<service>:*` (`*`, `*:*`, `bedrock:*`, `bedrock*:*`), or a NotAction list none of whose entries does (a NotAction
 * Allow that leaves out `bedrock:InvokeModel` still grants the rest of the service: service-wide for these checks).
 */
export function coversService(stmt: PolicyStatement, service: string): boolean {
  const all = `${service.toLowerCase()}:*`;
  if (stmt.notActions?.length) return !stmt.notActions.some((n) => wildcardMatch(n, all));
  return stmt.actions.some((a) => wildcardMatch(a, all));
}

/**
 * Services whose ARN resource part starts with the resource's own name (`arn:aws:s3:::my-bucket/*`), not with a type
 * (`role/`, `function:`): there any literal prefix names resources.
 */
const UNTYPED_RESOURCE_SERVICES = new Set(['s3']);

/**
 * Whether a Resource entry may cover every resource an action applies to, for a permissions boundary (the direction in
 * which a wrong answer would be a false PASS, so anything not proven to name specific resources counts): `*`, anything
 * that is not a well-formed ARN, a wildcard in the partition or service, a policy variable anywhere
 * (`user/${aws:username}` may name the principal itself), and a resource part whose first wildcard comes after at
 * most one word and a separator (`*`, `role/*`, `role*`, `user/*`, `function:*`; for S3, whose resource part starts
 * with the bucket's name rather than a type, only a leading wildcard; an S3 ARN with a region or account, e.g.
 * `arn:aws:s3:us-east-1:111122223333:accesspoint/*`, is typed like any other). `arn:aws:s3:::my-bucket/*`,
 * `arn:aws:iam::*:role/app-*` and `arn:aws:iam::111122223333:role/service-role/*` name resources.
 */
export function resourceCoversAll(resource: string): boolean {
  if (resource === '*' || VARIABLE.test(resource)) return true;
  const fields = resource.split(':');
  if (fields.length < 6 || fields[0] !== 'arn') return true;
  const [, partition, service, region, account] = fields as [string, string, string, string, string];
  if (WILDCARD.test(partition) || WILDCARD.test(service) || service === '') return true;
  const id = fields.slice(5).join(':');
  const firstWildcard = id.search(WILDCARD);
  if (firstWildcard < 0) return false;
  const prefix = id.slice(0, firstWildcard);
  // a bucket or object ARN has empty region and account fields; other S3 resources (`accesspoint/`, `job/`) are typed
  if (UNTYPED_RESOURCE_SERVICES.has(service.toLowerCase()) && region === '' && account === '') return prefix === '';
  return /^[a-z0-9-]*[/:]?$/i.test(prefix);
}

/** Whether a boundary statement may apply to every resource: a NotResource list, or a Resource per `resourceCoversAll`. */
function boundaryOnAllResources(stmt: PolicyStatement): boolean {
  if (stmt.notResources && stmt.notResources.length > 0) return true;
  return stmt.resources.some(resourceCoversAll);
}

/** `*` / `*:*` on `*` (or Allow NotAction on `*`): full administrator. */
export function isAdminStatement(stmt: PolicyStatement): boolean {
  if (stmt.effect !== 'Allow' || !onAllResources(stmt)) return false;
  if (stmt.notActions && stmt.notActions.length > 0) return true;
  return stmt.actions.some((a) => a === '*' || a === '*:*');
}

export const ADMIN_MANAGED_POLICIES = ['arn:aws:iam::aws:policy/AdministratorAccess', 'arn:aws:iam::aws:policy/PowerUserAccess'];

export interface PolicyHit {
  policy: string;
  detail: string;
}

// ---------------- permissions boundaries ----------------
//
// A permissions boundary caps the identity policies: an action is effective only when both allow it and neither
// denies it. The helpers below take the boundary's statements (`boundary`, undefined = none) and drop a grant on `*`
// only when the boundary certainly does not let it through on `*`: an Allow of the boundary counts whatever its
// condition (not evaluated) and a Deny only when unconditional on `*` (as `deniedEverywhere`), so a boundary can turn
// a FAIL into a PASS only when it provably removes the grant, never because of something that is not evaluated.

const asPolicies = (boundary: PolicyStatement[]): AttachedPolicy[] => [
  { name: 'permissions boundary', kind: 'customer-managed', statements: boundary },
];

/**
 * Whether the boundary lets `action` through on all resources (an Allow on a resource that may cover them all grants
 * it, see `boundaryOnAllResources`; no unconditional Deny).
 */
export function boundaryAllows(boundary: PolicyStatement[], action: string): boolean {
  if (deniedEverywhere(asPolicies(boundary), action)) return false;
  return boundary.some((s) => boundaryOnAllResources(s) && grantsAction(s, action));
}

/** Whether the boundary lets every action through on all resources (`*`, `*:*` or a NotAction Allow on all resources). */
function boundaryAllowsEverything(boundary: PolicyStatement[]): boolean {
  if (deniedEverywhere(asPolicies(boundary), '*')) return false;
  return boundary.some(
    (s) => s.effect === 'Allow' && boundaryOnAllResources(s) && (!!s.notActions?.length || s.actions.some((a) => wildcardMatch(a, '*:*'))),
  );
}

/**
 * Whether the boundary lets all of `service` through on all resources: an Allow on all resources that covers the
 * whole service (`coversService`), and no unconditional Deny of the service.
 */
function boundaryAllowsService(boundary: PolicyStatement[], service: string): boolean {
  if (serviceDeniedEverywhere(asPolicies(boundary), service)) return false;
  return boundary.some((s) => s.effect === 'Allow' && boundaryOnAllResources(s) && coversService(s, service));
}

/** At most five entries, then how many more. */
const listSome = (items: string[]) => `${items.slice(0, 5).join(', ')}${items.length > 5 ? `, +${items.length - 5} more` : ''}`;

/**
 * What a boundary allows, for messages: `allows only bedrock:InvokeModel, s3:GetObject` (at most 5 entries shown);
 * a NotAction Allow is a clause of its own (`allows everything but iam:*, sts:*; allows iam:GetRole`), and `only` is
 * left out when an Allow lets everything through (`allows *; denies bedrock:*`); an Allow on named resources only reads
 * `* on named resources`, one with a NotResource list `* except on named resources`, one with a condition
 * `* (with a condition)`, and the Deny statements follow (`; denies iam:*`).
 */
export function describeBoundary(boundary: PolicyStatement[]): string {
  const qualifier = (s: PolicyStatement) =>
    `${s.notResources?.length ? ' except on named resources' : boundaryOnAllResources(s) ? '' : ' on named resources'}${s.hasCondition ? ' (with a condition)' : ''}`;
  const entries = (effect: 'Allow' | 'Deny') => [
    ...new Set(
      boundary
        .filter((s) => s.effect === effect && (effect === 'Deny' || !s.notActions?.length))
        .flatMap((s) =>
          s.notActions?.length ? [`everything but ${s.notActions.join(', ')}${qualifier(s)}`] : s.actions.map((a) => `${a}${qualifier(s)}`),
        ),
    ),
  ];
  const except = [
    ...new Set(
      boundary
        .filter((s) => s.effect === 'Allow' && s.notActions?.length)
        .map((s) => `allows everything but ${listSome(s.notActions ?? [])}${qualifier(s)}`),
    ),
  ];
  const allowed = entries('Allow');
  const denied = entries('Deny');
  const denies = denied.length ? `; denies ${listSome(denied)}` : '';
  if (allowed.length === 0 && except.length === 0) return `allows nothing${denies}`;
  const everything = boundary.some(
    (s) => s.effect === 'Allow' && !s.notActions?.length && boundaryOnAllResources(s) && s.actions.some((a) => a === '*' || a === '*:*'),
  );
  const only = except.length || everything ? '' : 'only ';
  const clauses = [...except, ...(allowed.length ? [`allows ${only}${listSome(allowed)}`] : [])];
  return `${clauses.join('; ')}${denies}`;
}

/** Actions that let a principal remove or replace a permissions boundary (its own, when on a resource that covers it). */
export const BOUNDARY_REMOVAL_ACTIONS = [
  'iam:DeleteRolePermissionsBoundary',
  'iam:PutRolePermissionsBoundary',
  'iam:DeleteUserPermissionsBoundary',
  'iam:PutUserPermissionsBoundary',
] as const;

/**
 * Actions that let a principal rewrite its boundary policy itself (a new default version: CreatePolicyVersion with
 * setAsDefault, which the analysis cannot tell apart, or SetDefaultPolicyVersion), when on a resource covering its ARN.
 */
export const BOUNDARY_REWRITE_ACTIONS = ['iam:CreatePolicyVersion', 'iam:SetDefaultPolicyVersion'] as const;

/** An AWS-managed policy's ARN (`arn:aws:iam::aws:policy/...`): its versions are AWS's, no principal can rewrite it. */
const AWS_MANAGED_POLICY = /^arn:[^:]+:iam::aws:policy\//;

/** The kind of IAM principal an ARN names (`role` or `user`), undefined when it names neither. */
function principalKind(arn: string | undefined): 'role' | 'user' | undefined {
  return /^arn:[^:]+:iam::[^:]*:(role|user)\//.exec(arn ?? '')?.[1] as 'role' | 'user' | undefined;
}

/**
 * Whether an Allow of `iam:Put*PermissionsBoundary` can only set the boundary already in place: its condition has an
 * entry StringEquals / StringLike / ArnEquals / ArnLike (no set operator, no IfExists) on `iam:PermissionsBoundary`
 * whose values are all literally `boundaryArn`. Such a Put cannot replace the boundary with another one.
 */
function pinsBoundary(s: PolicyStatement, boundaryArn: string): boolean {
  return (s.conditions ?? []).some(
    (c) =>
      !c.truncated &&
      /^(String|Arn)(Equals|Like)$/.test(c.op) &&
      c.key.toLowerCase() === 'iam:permissionsboundary' &&
      c.values.length > 0 &&
      c.values.every((v) => literal(v) && v === boundaryArn),
  );
}

/** The six colon-separated fields of an ARN (the last one may hold colons itself), undefined when it has fewer. */
function arnFields(v: string): string[] | undefined {
  const fields = v.split(':');
  return fields.length < 6 ? undefined : [...fields.slice(0, 5), fields.slice(5).join(':')];
}

/**
 * Whether `arn` matches `pattern` as the ArnEquals / ArnLike operators compare: both six-field ARNs, each field matched
 * apart with case (a wildcard does not cross a colon: `arn:aws:iam::*` and `arn:aws:*:policy/x` match nothing).
 */
function arnMatch(pattern: string, arn: string): boolean {
  const p = arnFields(pattern);
  const a = arnFields(arn);
  return !!p && !!a && p.every((f, i) => wildcardMatch(f, a[i] as string, true));
}

/**
 * Whether a Deny of removing or replacing a boundary, conditioned only on `iam:PermissionsBoundary`, certainly applies
 * to the principal's own boundary `boundaryArn`. For a Delete the key is the boundary in place, so a positive operator
 * (StringEquals / StringLike / ArnEquals / ArnLike, IfExists or not) with a value matching it applies (AWS's
 * delegation example: deny removing the boundary from any user or role it bounds; an Arn operator's value matches as
 * a six-field ARN, field by field, see `arnMatch`); for a Put the key is the new boundary, so a negated operator whose
 * values are all literally `boundaryArn` denies setting any other. Any other condition is not known to apply.
 */
function removalDenyApplies(s: PolicyStatement, action: string, boundaryArn: string): boolean {
  const entries = s.conditions ?? [];
  if (entries.length === 0) return false;
  return entries.every((c) => {
    if (c.truncated || c.key.toLowerCase() !== 'iam:permissionsboundary' || c.values.length === 0) return false;
    const m = /^(String|Arn)(Not)?(Equals|Like)(IfExists)?$/.exec(c.op);
    if (!m) return false;
    if (action.startsWith('iam:Delete'))
      return (
        !m[2] &&
        c.values.some((v) =>
          m[1] === 'Arn' ? arnMatch(v, boundaryArn) : m[3] === 'Like' ? wildcardMatch(v, boundaryArn, true) : v === boundaryArn,
        )
      );
    return !!m[2] && c.values.every((v) => literal(v) && v === boundaryArn);
  });
}

/**
 * The actions both the boundary and the identity policies allow that let the principal lift its boundary:
 * - removing or replacing it (`BOUNDARY_REMOVAL_ACTIONS` of its own kind, role or user, when `self`, its ARN, is known;
 *   all four otherwise) on a resource that may include the principal (`resourceCoversAll`, or a pattern matching
 *   `self`); a Put whose condition pins `iam:PermissionsBoundary` to the current boundary (`pinsBoundary`) does not count;
 * - rewriting the boundary policy (`BOUNDARY_REWRITE_ACTIONS`) on a resource that may include its ARN (a customer
 *   managed policy only).
 * Any other condition counts (not evaluated); an unconditional Deny on `*` or on a pattern matching the target ARN with case
 * (`self`, the boundary's) subtracts, and so does a removal Deny whose condition certainly holds (`removalDenyApplies`).
 * A user allowed (by both sides, not denied) `iam:UpdateUser` on itself may change its own ARN (a new path or name): a
 * removal on any user ARN of its account (`mayMatchUserOf`) then counts too, and only Denies on every user (`*`,
 * `user/*`: `everyUserDenies`) subtract; `iam:UpdateUser` is listed with the removal it enables. Roles cannot change
 * their ARN. When `self` lacks its path (`selfExact` false), an Allow counts on it when it may match the same name under
 * any path (`mayMatchNamed`), for the `iam:UpdateUser` gate too, and only Denies on every user subtract.
 * Such a boundary does not bind the principal.
 */
function boundaryRemovalGrants(
  policies: AttachedPolicy[],
  boundary: PermissionsBoundary,
  statements: PolicyStatement[],
  self?: string,
  selfExact = true,
): string[] {
  const kind = principalKind(self);
  // `self` known only without its path (`selfExact` false): an Allow counts when it may match the same name under any
  // path (`mayMatchNamed`), and only Denies on every principal of its kind (`*`, `user/*`) subtract
  const inexact = (target: string | undefined) => !selfExact && !!target && target === self;
  const arn = boundary.arn ?? undefined;
  const candidates: [string, string | undefined][] = [
    ...BOUNDARY_REMOVAL_ACTIONS.filter((a) => !kind || a.includes(kind === 'role' ? 'Role' : 'User')).map(
      (a): [string, string | undefined] => [a, self],
    ),
    ...(arn && !AWS_MANAGED_POLICY.test(arn) ? BOUNDARY_REWRITE_ACTIONS.map((a): [string, string | undefined] => [a, arn]) : []),
  ];
  const covers = (s: PolicyStatement, target: string | undefined) =>
    boundaryOnAllResources(s) ||
    (!!target && s.resources.some((r) => (inexact(target) ? mayMatchNamed(r, target) : wildcardMatch(r, target))));
  const allows = (list: PolicyStatement[], a: string, target: string | undefined) =>
    list.some((s) => grantsAction(s, a) && covers(s, target) && !(arn && a.startsWith('iam:Put') && pinsBoundary(s, arn)));
  const applies = (a: string) => (s: PolicyStatement) =>
    !!arn && (BOUNDARY_REMOVAL_ACTIONS as readonly string[]).includes(a) && removalDenyApplies(s, a, arn);
  const denied = (list: AttachedPolicy[], a: string, target: string | undefined) =>
    inexact(target)
      ? deniedOn(kind === 'user' && self ? everyUserDenies(list, self) : list, a, undefined, applies(a))
      : deniedOn(list, a, target, applies(a));
  const removable = (a: string, target: string | undefined) =>
    !denied(asPolicies(statements), a, target) &&
    allows(statements, a, target) &&
    !denied(policies, a, target) &&
    policies.some((p) => allows(p.statements, a, target));
  const found = candidates.filter(([a, target]) => removable(a, target)).map(([a]) => a);
  // a user that may change its own ARN (iam:UpdateUser: a new path or name) may become any user of its account: a
  // removal on any user ARN counts, and only Denies on every user (`*`, `user/*`) subtract
  if (kind !== 'user' || !self || !removable('iam:UpdateUser', self)) return found;
  const anyUser = (list: PolicyStatement[], a: string) =>
    list.some(
      (s) =>
        grantsAction(s, a) &&
        (boundaryOnAllResources(s) || s.resources.some((r) => mayMatchUserOf(r, self))) &&
        !(arn && a.startsWith('iam:Put') && pinsBoundary(s, arn)),
    );
  const moved = BOUNDARY_REMOVAL_ACTIONS.filter(
    (a) =>
      a.includes('User') &&
      !found.includes(a) &&
      !deniedOn(everyUserDenies(asPolicies(statements), self), a, undefined, applies(a)) &&
      anyUser(statements, a) &&
      !deniedOn(everyUserDenies(policies, self), a, undefined, applies(a)) &&
      policies.some((p) => anyUser(p.statements, a)),
  );
  return moved.length ? [...found, ...moved, 'iam:UpdateUser'] : found;
}

/**
 * Whether a Resource pattern may match the principal `self` (an ARN known without its path, `user/alice`) under any
 * path (`user/alice`, `user/developers/alice`): its first five fields match `self`'s (case-insensitively, as `covers`),
 * and its resource part may match `<kind>/<path>/<name>`: its text before the first wildcard is compatible with
 * `<kind>/`, its text after the last one (or the whole of it, when it has none) with the end of `/<name>`. An
 * over-approximation (never a missed match); a pattern that is not a six-field ARN counts when it has a wildcard.
 */
function mayMatchNamed(pattern: string, self: string): boolean {
  if (wildcardMatch(pattern, self)) return true;
  const p = arnFields(pattern);
  const a = arnFields(self);
  if (!p || !a) return /[*?]/.test(pattern);
  if (!p.slice(0, 5).every((f, i) => wildcardMatch(f, a[i] as string))) return false;
  const own = (a[5] as string).toLowerCase();
  const slash = own.indexOf('/');
  if (slash < 0) return false;
  const head = own.slice(0, slash + 1);
  const tail = own.slice(own.lastIndexOf('/'));
  const res = (p[5] as string).toLowerCase();
  const same = (x: string, y: string) => x.length === y.length && [...x].every((c, i) => c === '?' || c === y[i]);
  const first = res.search(/\*/);
  const last = res.lastIndexOf('*');
  const pre = first < 0 ? res : res.slice(0, first);
  const post = first < 0 ? res : res.slice(last + 1);
  const n = Math.min(pre.length, head.length);
  const k = Math.min(post.length, tail.length);
  if (!same(pre.slice(0, n), head.slice(0, n)) || !same(post.slice(post.length - k), tail.slice(tail.length - k))) return false;
  // no wildcard: a literal path between `<kind>/` and `/<name>` (at least one character)
  return first >= 0 || res.length > head.length + tail.length;
}

/**
 * Whether a Resource pattern may match some user ARN of `self`'s account (what a user may become by renaming itself
 * or moving to another path): its partition, service, region and account fields match `self`'s, and its resource part
 * is a user ARN's (`user/...`) or a wildcard pattern that may be one (`*`, `u*`, `user/developers/*`). Not an ARN: may.
 */
function mayMatchUserOf(pattern: string, self: string): boolean {
  const p = arnFields(pattern);
  const a = arnFields(self);
  if (!p || !a) return true;
  if (!p.slice(0, 5).every((f, i) => wildcardMatch(f, a[i] as string))) return false;
  const res = (p[5] as string).toLowerCase();
  const wild = res.search(/[*?]/);
  if (wild < 0) return res.startsWith('user/');
  const prefix = res.slice(0, wild);
  return prefix.startsWith('user/') || 'user/'.startsWith(prefix);
}

/**
 * The Deny statements of `policies` that cover every user ARN of `self`'s account (a resource part of `*`, or a
 * literal prefix of `user/` and then only `*`, e.g. `user/*`), on `*`: what still binds a user that may rename
 * itself (`deniedOn` with no resource then counts them, and only them; their conditions are checked as before).
 */
function everyUserDenies(policies: AttachedPolicy[], self: string): AttachedPolicy[] {
  const a = arnFields(self);
  const everyUser = (r: string) => {
    if (r === '*') return true;
    const p = arnFields(r);
    if (!p || !a || !p.slice(0, 5).every((f, i) => wildcardMatch(f, a[i] as string, true))) return false;
    const m = /^([^*?]*)\*$/.exec(p[5] as string);
    return !!m && 'user/'.startsWith(m[1] as string);
  };
  return policies.map((p) => ({
    ...p,
    statements: p.statements.flatMap((s) =>
      s.effect === 'Deny' && !s.notResources?.length && s.resources.some(everyUser) ? [{ ...s, resources: ['*'] }] : [],
    ),
  }));
}

/** A grant helper: the hits of `policies`, within `boundary` when given. */
export type GrantsWithin = (policies: AttachedPolicy[], boundary?: PolicyStatement[]) => PolicyHit[];

/** The hits of a principal judged with its permissions boundary (see `boundedGrants`). */
export interface BoundedGrants {
  /** What the checks judge: the grants the identity policies make that the boundary lets through. */
  hits: PolicyHit[];
  /** The identity policies' grants alone (equal to `hits` when no boundary is applied). */
  unbounded: PolicyHit[];
  /**
   * The principal's boundary: null = none (or none recorded: a principal stored before boundaries were read is judged
   * as before), `arn` null = GetUser failed (unknown), `statements` undefined = document unread.
   */
  boundary: PermissionsBoundary | null;
  /** Set when the boundary is not applied because the principal may remove or replace it: the actions that let it. */
  removable?: string[];
}

/**
 * Applies a principal's permissions boundary to a grant helper. A boundary that is unread (or whose document is), or
 * that the principal (`self`: its ARN, when known; `selfExact` false when it is only a fallback that may lack the
 * user's path: an Allow then counts when it may match the same name under any path, and only a Deny on every user
 * subtracts) may remove, replace or rewrite itself (`boundaryRemovalGrants`),
 * changes nothing: the identity
 * policies' grants stand (conservative, never a PASS on a boundary not read or not binding). An absent boundary field
 * (stored before boundaries were read) is judged like none, so those findings keep their text.
 */
export function boundedGrants(
  policies: AttachedPolicy[],
  recorded: PermissionsBoundary | null | undefined,
  grants: GrantsWithin,
  self?: string,
  selfExact = true,
): BoundedGrants {
  const boundary = recorded ?? null;
  const unbounded = grants(policies);
  if (unbounded.length === 0 || !boundary?.statements) return { hits: unbounded, unbounded, boundary };
  const removable = boundaryRemovalGrants(policies, boundary, boundary.statements, self, selfExact);
  if (removable.length > 0) return { hits: unbounded, unbounded, boundary, removable };
  return { hits: grants(policies, boundary.statements), unbounded, boundary };
}

/**
 * For a PASS message: the policies whose risky grants the boundary capped, e.g. ` AdministratorAccess capped by
 * permissions boundary arn:aws:iam::111122223333:policy/dev-boundary (allows only bedrock:InvokeModel).` (the grants
 * themselves are in `boundaryEvidence`); empty when the identity policies grant nothing risky.
 */
export function boundaryCappedNote(b: BoundedGrants): string {
  if (b.hits.length > 0 || b.unbounded.length === 0 || !b.boundary?.statements) return '';
  const policies = [...new Set(b.unbounded.map((h) => h.policy))].join(', ');
  return ` ${policies} capped by permissions boundary ${b.boundary.arn} (${describeBoundary(b.boundary.statements)}).`;
}

/** For a FAIL message: whether a boundary was applied (and does not cap the grants) or could not be. */
export function boundaryFailNote(b: BoundedGrants): string {
  if (b.boundary === null) return '';
  if (b.boundary.arn === null) return ' Whether a permissions boundary caps them was not read, so none is applied.';
  if (!b.boundary.statements) return ` Its permissions boundary ${b.boundary.arn} could not be read, so it is not applied.`;
  if (b.removable)
    return ` Its permissions boundary ${b.boundary.arn} can be rewritten or removed by the principal (it allows ${b.removable.join(', ')}), so it is not applied.`;
  return ` Its permissions boundary ${b.boundary.arn} lets them through.`;
}

/**
 * Evidence for a result: the boundary ARN, whether it was read, whether the principal may remove it, and the grants
 * (per action) it capped; undefined when the principal has no boundary (the evidence of an existing finding stays as it
 * was: no `updated` re-delivery).
 */
export function boundaryEvidence(b: BoundedGrants): Record<string, unknown> | undefined {
  if (b.boundary === null) return undefined;
  if (b.boundary.arn === null) return { permissionsBoundaryRead: false };
  if (!b.boundary.statements) return { permissionsBoundary: b.boundary.arn, permissionsBoundaryRead: false };
  if (b.removable) return { permissionsBoundary: b.boundary.arn, permissionsBoundaryRemovable: b.removable };
  const kept = new Map<string, Set<string>>();
  for (const h of b.hits) for (const item of h.detail.split(', ')) kept.set(h.policy, (kept.get(h.policy) ?? new Set()).add(item));
  const capped = b.unbounded.flatMap((h) => {
    const gone = h.detail.split(', ').filter((item) => !kept.get(h.policy)?.has(item));
    return gone.length ? [`${h.policy} (${gone.join(', ')})`] : [];
  });
  return {
    permissionsBoundary: b.boundary.arn,
    ...(capped.length ? { cappedByBoundary: capped } : {}),
  };
}

/** Policies that make the principal an administrator (within `boundary`: only if it lets everything through). */
export function adminGrants(policies: AttachedPolicy[], boundary?: PolicyStatement[]): PolicyHit[] {
  if (boundary && !boundaryAllowsEverything(boundary)) return [];
  const hits: PolicyHit[] = [];
  for (const p of policies) {
    if (p.arn && ADMIN_MANAGED_POLICIES.some((a) => p.arn?.endsWith(a.slice(a.indexOf(':policy/'))))) {
      hits.push({ policy: p.name, detail: 'AWS managed administrator policy' });
      continue;
    }
    if (p.statements.some(isAdminStatement)) hits.push({ policy: p.name, detail: 'Allow * on *' });
  }
  return hits;
}

/**
 * Allow of the whole service on all resources (`coversService`: `bedrock:*`, `*`, `*:*`, `bedrock*:*`, a NotAction that
 * leaves the service in), e.g. `bedrock:*` on `*` (within `boundary`: if it lets the service through).
 */
export function serviceWildcardGrants(policies: AttachedPolicy[], service: string, boundary?: PolicyStatement[]): PolicyHit[] {
  if (boundary && !boundaryAllowsService(boundary, service)) return [];
  const hits: PolicyHit[] = [];
  for (const p of policies) {
    for (const s of p.statements) {
      if (s.effect !== 'Allow' || !onAllResources(s)) continue;
      if (serviceDeniedEverywhere(policies, service)) break;
      if (coversService(s, service)) {
        hits.push({ policy: p.name, detail: `${service}:* on *${s.hasCondition ? ' (with a condition)' : ''}` });
        break;
      }
    }
  }
  return hits;
}

/** Actions that let a principal raise its own privileges or act as another principal. */
export const PRIVILEGE_ESCALATION_ACTIONS = [
  'iam:PassRole',
  'iam:CreatePolicyVersion',
  'iam:SetDefaultPolicyVersion',
  'iam:AttachRolePolicy',
  'iam:AttachUserPolicy',
  'iam:AttachGroupPolicy',
  'iam:PutRolePolicy',
  'iam:PutUserPolicy',
  'iam:PutGroupPolicy',
  'iam:CreateAccessKey',
  'iam:CreateLoginProfile',
  'iam:UpdateLoginProfile',
  'iam:UpdateAssumeRolePolicy',
  'iam:AddUserToGroup',
  'iam:CreateServiceSpecificCredential',
  'sts:AssumeRole',
  'lambda:UpdateFunctionCode',
] as const;

/** Privilege-escalation actions granted on all resources (within `boundary`: those it lets through). */
export function privilegeEscalationGrants(policies: AttachedPolicy[], boundary?: PolicyStatement[]): PolicyHit[] {
  const hits: PolicyHit[] = [];
  const effective = PRIVILEGE_ESCALATION_ACTIONS.filter(
    (a) => !deniedEverywhere(policies, a) && (!boundary || boundaryAllows(boundary, a)),
  );
  for (const p of policies) {
    const found = new Set<string>();
    for (const s of p.statements) {
      if (s.effect !== 'Allow' || !onAllResources(s)) continue;
      for (const a of effective) if (grantsAction(s, a)) found.add(a);
    }
    if (found.size > 0) hits.push({ policy: p.name, detail: [...found].sort().join(', ') });
  }
  return hits;
}

/** Everything that makes a principal over-privileged for an AI workload, deduplicated per policy (within `boundary`). */
export function overPrivilege(policies: AttachedPolicy[], services: string[] = ['bedrock'], boundary?: PolicyStatement[]): PolicyHit[] {
  const out = [...adminGrants(policies, boundary), ...privilegeEscalationGrants(policies, boundary)];
  for (const svc of services) out.push(...serviceWildcardGrants(policies, svc, boundary));
  const seen = new Set<string>();
  return out.filter((h) => {
    const k = `${h.policy}|${h.detail}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function describeHits(hits: PolicyHit[]): string {
  return hits.map((h) => `${h.policy} (${h.detail})`).join('; ');
}

/** An AWS account id: exactly 12 digits. */
export const ACCOUNT_ID = /^\d{12}$/;

/**
 * The account ids of the `trustedAccounts` setting: only strings of 12 digits count (anything else, e.g. `*` or an
 * empty string, is ignored, so that it can never make a grant pass).
 */
export function trustedAccountIds(settings: Record<string, unknown>): string[] {
  const v = settings.trustedAccounts;
  return Array.isArray(v) ? v.filter((t): t is string => typeof t === 'string' && ACCOUNT_ID.test(t)) : [];
}

/** The entries of the `trustedAccounts` setting that are not account ids (ignored; see `trustedAccountIds`). */
export function invalidTrustedAccounts(settings: Record<string, unknown>): unknown[] {
  const v = settings.trustedAccounts;
  if (v === undefined) return [];
  return Array.isArray(v) ? v.filter((t) => !(typeof t === 'string' && ACCOUNT_ID.test(t))) : [v];
}

/** Account id of an ARN (`arn:aws:iam::123456789012:root` -> `123456789012`) or a bare 12-digit id. */
export function accountOf(principal: string): string | undefined {
  if (/^\d{12}$/.test(principal)) return principal;
  const m = /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(\d{12}):/.exec(principal);
  return m ? m[1] : undefined;
}

export type BroadKind = 'anyone' | 'other-account';

/** Classifies a resource-policy principal: `*` = anyone, another account = cross-account; undefined = own account/service. */
export function principalBreadth(principal: string, ownAccount: string): BroadKind | undefined {
  if (principal === '*' || principal === 'AWS:*' || principal === 'arn:aws:iam::*:root') return 'anyone';
  if (principal.endsWith('.amazonaws.com')) return undefined;
  const acct = accountOf(principal);
  if (acct && acct !== ownAccount) return 'other-account';
  return undefined;
}

export const S3_WRITE_ACTIONS = ['s3:PutObject', 's3:DeleteObject', 's3:PutObjectAcl', 's3:PutBucketPolicy', 's3:RestoreObject'];

export interface BroadAccess {
  principal: string;
  breadth: BroadKind;
  actions: string[];
  conditional: boolean;
}

/**
 * Resource-policy statements that allow `actions` to anyone (unconditionally) or to another account.
 * `restrictPublic` (S3 RestrictPublicBuckets) neutralises grants to anyone.
 */
export function broadAccess(
  statements: PolicyStatement[],
  ownAccount: string,
  actions: string[],
  opts: { restrictPublic?: boolean } = {},
): BroadAccess[] {
  const out: BroadAccess[] = [];
  for (const s of statements) {
    if (s.effect !== 'Allow') continue;
    const granted = actions.filter((a) => grantsAction(s, a));
    if (granted.length === 0) continue;
    for (const p of s.principals ?? []) {
      const breadth = principalBreadth(p, ownAccount);
      if (!breadth) continue;
      if (breadth === 'anyone' && (opts.restrictPublic || s.hasCondition)) continue;
      out.push({ principal: p, breadth, actions: granted, conditional: s.hasCondition });
    }
  }
  return out;
}

/** Who a resource policy opens a resource to, beyond its own account (see `resourcePolicyExposure`). */
export interface ResourcePolicyExposure {
  /** Principals granted to anyone without a condition: `*`, any AWS account, or an Allow with NotPrincipal. */
  anyone: string[];
  /** Grants to anyone without a condition, but a Deny statement with a condition (e.g. a data perimeter) may fence them. */
  anyoneFenced: string[];
  /**
   * Grants to anyone without a condition that a Deny limits to named accounts, some of them neither the owner nor
   * trusted, e.g. `* (Deny outside 111122223333, 999988887777)`.
   */
  anyoneFencedToAccounts: string[];
  /** Grants to anyone under a condition that is not known to restrict the caller (e.g. `aws:SecureTransport`). */
  anyoneConditional: string[];
  /**
   * Grants to anyone under a condition that pins the caller to an organization, VPC or VPC endpoint the check cannot
   * tie to the owner, e.g. `* (aws:PrincipalOrgID o-a1b2c3d4e5)`.
   */
  anyoneUnverified: string[];
  /** Grants to anyone under a condition that pins the caller to the own or trusted accounts, e.g. `* (aws:PrincipalAccount)`. */
  anyoneRestricted: string[];
  /** Principals of accounts other than the owner and not in `trusted`. */
  otherAccounts: string[];
}

/** Condition keys that, with values of the own or trusted accounts, pin the caller to those accounts. */
const ACCOUNT_KEYS = ['aws:principalaccount', 'aws:sourceaccount', 'aws:principalarn', 'aws:sourcearn'];
/** Condition keys that pin the caller to an organization or network whose owner the check cannot verify. */
const UNVERIFIED_KEYS: Record<string, string> = {
  'aws:principalorgid': 'organization',
  'aws:sourcevpc': 'VPC',
  'aws:sourcevpce': 'VPC endpoint',
};

/**
 * Whether an ARN value pins the account field to one of `known`: the fields up to and including the account are free
 * of policy variables and the account is a literal known id. Under StringLike `*` crosses colons, so no wildcard may
 * come before the account field there (ArnEquals / ArnLike match each field apart).
 */
function arnOfKnownAccount(v: string, known: string[], stringLike: boolean): boolean {
  const fields = v.split(':');
  if (fields[0] !== 'arn' || fields.length < 6) return false;
  const head = fields.slice(0, 5).join(':');
  if (VARIABLE.test(head) || !known.includes(fields[4])) return false;
  return !(stringLike && WILDCARD.test(fields.slice(0, 4).join(':')));
}

/**
 * The literal account id that a value of an account-bearing `key` names: the value itself for aws:PrincipalAccount /
 * aws:SourceAccount, the account field of an ARN (see `arnOfKnownAccount`) otherwise; undefined when not literal.
 */
function literalAccount(key: string, v: string, stringLike: boolean): string | undefined {
  if (key === 'aws:principalaccount' || key === 'aws:sourceaccount') return ACCOUNT_ID.test(v) ? v : undefined;
  const fields = v.split(':');
  if (fields[0] !== 'arn' || fields.length < 6 || VARIABLE.test(fields.slice(0, 5).join(':'))) return undefined;
  if (stringLike && WILDCARD.test(fields.slice(0, 4).join(':'))) return undefined;
  return ACCOUNT_ID.test(fields[4] as string) ? fields[4] : undefined;
}

/** Whether every value of an account-bearing `key` entry is of the own or a trusted account (see `arnOfKnownAccount`). */
function knownAccountValues(key: string, values: string[], known: string[], stringLike: boolean): boolean {
  if (values.length === 0) return false;
  if (key === 'aws:principalaccount' || key === 'aws:sourceaccount') return values.every((v) => known.includes(v));
  return values.every((v) => arnOfKnownAccount(v, known, stringLike));
}

/** A condition entry that restricts the caller: `verified` when to the own or trusted accounts. */
export interface Restriction {
  key: string;
  values: string[];
  verified: boolean;
}

/**
 * The condition entry that restricts a statement's caller, for a grant to anyone: a positive operator (StringEquals,
 * StringLike, ArnEquals, ArnLike; no set operator, no IfExists) on aws:PrincipalAccount / aws:SourceAccount (the own
 * or trusted account ids) or aws:PrincipalArn / aws:SourceArn (ARNs whose account field is a literal own or trusted
 * account) is `verified`; one on aws:PrincipalOrgID, aws:SourceVpc or aws:SourceVpce with literal values restricts
 * the caller to an organization or network the check cannot tie to the owner (not `verified`). Undefined when none
 * does (any other condition may let anyone in). A verified entry wins over an unverified one (entries are ANDed).
 */
export function restrictingCondition(s: PolicyStatement, known: string[]): Restriction | undefined {
  let unverified: Restriction | undefined;
  for (const c of s.conditions ?? []) {
    if (c.truncated) continue;
    const key = c.key.toLowerCase();
    const m = /^(String|Arn)(Equals|Like)$/.exec(c.op);
    if (!m) continue;
    if (ACCOUNT_KEYS.includes(key) && knownAccountValues(key, c.values, known, m[1] === 'String' && m[2] === 'Like'))
      return { key: c.key, values: c.values, verified: true };
    if (!unverified && key in UNVERIFIED_KEYS && c.values.length > 0 && c.values.every(literal))
      unverified = { key: c.key, values: c.values, verified: false };
  }
  return unverified;
}

/** How a Deny may limit a grant to anyone: `true` to the own or trusted accounts or a network, or to named `accounts`. */
type Fence = true | { accounts: string[] };

/**
 * Whether a Deny statement's condition is a perimeter: a negated operator (StringNotEquals, ArnNotLike, with or without
 * IfExists, which denies even more) on one of the restricting keys, with literal values: `true` for the own or trusted
 * accounts on the account keys, or an organization or network; `{ accounts }` when literal account ids on an account
 * key include others (the Deny then lets those accounts in); undefined when none is.
 */
function perimeterCondition(s: PolicyStatement, known: string[]): Fence | undefined {
  let other: Fence | undefined;
  for (const c of s.conditions ?? []) {
    if (c.truncated) continue;
    const key = c.key.toLowerCase();
    const m = /^(String|Arn)Not(Equals|Like)(IfExists)?$/.exec(c.op);
    if (!m) continue;
    const stringLike = m[1] === 'String' && m[2] === 'Like';
    if (ACCOUNT_KEYS.includes(key)) {
      if (knownAccountValues(key, c.values, known, stringLike)) return true;
      const accounts = c.values.map((v) => literalAccount(key, v, stringLike));
      if (!other && accounts.length > 0 && accounts.every((a) => a !== undefined)) other = { accounts: [...new Set(accounts as string[])] };
    } else if (key in UNVERIFIED_KEYS && c.values.length > 0 && c.values.every(literal)) return true;
  }
  return other;
}

/** How a restriction reads in a message: `aws:PrincipalOrgID o-a1b2c3d4e5` for the unverified kinds, the key otherwise. */
const describeRestriction = (r: Restriction) => (r.verified ? r.key : `${r.key} ${r.values.join(', ')}`);

const ANYONE_FORMS = ['*', 'AWS:*', 'arn:aws:iam::*:root'];

/**
 * Whether (and how) a Deny statement may fence a grant of `actions` to anyone: it applies to anyone, covers one of the
 * actions, and is unconditional or conditioned on the negation of a restricting key (`aws:SourceVpc` not ours, ...: a
 * perimeter, see `perimeterCondition`).
 */
function denyMayCover(deny: PolicyStatement, actions: string[], known: string[]): Fence | undefined {
  if (deny.effect !== 'Deny') return undefined;
  const fence = deny.hasCondition ? perimeterCondition(deny, known) : true;
  if (!fence) return undefined;
  if (!deny.notPrincipals?.length && !(deny.principals ?? []).some((p) => ANYONE_FORMS.includes(p))) return undefined;
  const asAllow = { ...deny, effect: 'Allow' as const };
  const covers = actions.some(
    (a) => grantsAction(asAllow, a) || (!deny.notActions?.length && deny.actions.some((d) => wildcardMatch(a, d))),
  );
  return covers ? fence : undefined;
}

/**
 * What the Allow statements of a resource policy grant beyond the owning account, on any action: principals classified
 * by `principalBreadth`, plus an Allow with NotPrincipal (everyone except the listed principals). A grant to anyone
 * under a condition counts as restricted only when `restrictingCondition` proves it; a grant to anyone without one that
 * a Deny to anyone may limit is reported apart (`anyoneFenced`: the Deny is not evaluated). `trusted` account ids are
 * not reported; entries of `trusted` that are not 12-digit account ids are ignored.
 */
export function resourcePolicyExposure(
  statements: PolicyStatement[],
  ownAccount: string,
  trustedIn: string[] = [],
): ResourcePolicyExposure {
  const trusted = trustedIn.filter((t) => ACCOUNT_ID.test(t));
  const out: ResourcePolicyExposure = {
    anyone: [],
    anyoneFenced: [],
    anyoneFencedToAccounts: [],
    anyoneConditional: [],
    anyoneUnverified: [],
    anyoneRestricted: [],
    otherAccounts: [],
  };
  const known = [ownAccount, ...trusted];
  const add = (list: string[], p: string) => {
    if (!list.includes(p)) list.push(p);
  };
  const toAnyone = (s: PolicyStatement, p: string) => {
    if (s.hasCondition) {
      const r = restrictingCondition(s, known);
      if (!r) add(out.anyoneConditional, p);
      else add(r.verified ? out.anyoneRestricted : out.anyoneUnverified, `${p} (${describeRestriction(r)})`);
      return;
    }
    const fences = statements.flatMap((d) => denyMayCover(d, s.notActions?.length ? ['*'] : s.actions, known) ?? []);
    if (fences.includes(true)) add(out.anyoneFenced, p);
    else if (fences.length > 0) {
      const accounts = [...new Set(fences.flatMap((f) => (f === true ? [] : f.accounts)))];
      add(out.anyoneFencedToAccounts, `${p} (Deny outside ${accounts.join(', ')})`);
    } else add(out.anyone, p);
  };
  for (const s of statements) {
    if (s.effect !== 'Allow') continue;
    if (s.notPrincipals?.length) toAnyone(s, `NotPrincipal ${s.notPrincipals.join(', ')}`);
    for (const p of s.principals ?? []) {
      const breadth = principalBreadth(p, ownAccount);
      if (breadth === 'anyone') toAnyone(s, p);
      else if (breadth === 'other-account' && !trusted.some((t) => accountOf(p) === t)) add(out.otherAccounts, p);
    }
  }
  return out;
}
