import {
  GetGroupPolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  type IAMClient,
  ListAttachedGroupPoliciesCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupPoliciesCommand,
  ListGroupsForUserCommand,
  ListRolePoliciesCommand,
  ListServiceSpecificCredentialsCommand,
  ListUserPoliciesCommand,
  type ServiceSpecificCredentialMetadata,
} from '@aws-sdk/client-iam';
import { globalRegion } from '../discovery/clients.ts';
import { classifyError, errorCode } from '../discovery/errors.ts';
import { apiKeyId } from '../domain/asset.ts';
import type { AttachedPolicy, BedrockApiKeyConfig, IamPrincipalConfig, PermissionsBoundary } from '../domain/asset-config.ts';
import { type AnyDraft, type AssetDraft, iso, paginate, rel, type TypeCollector, type TypeRun, tagsOf } from './context.ts';
import { parsePolicy } from './policy.ts';

const SVC = 'iam';

export function userArn(partition: string, accountId: string, userName: string) {
  return `arn:${partition}:iam::${accountId}:user/${userName}`;
}

function apiKeyDraft(run: TypeRun, c: ServiceSpecificCredentialMetadata): AssetDraft<'iam.bedrock-api-key'> {
  const config: BedrockApiKeyConfig = {
    userName: c.UserName ?? '',
    credentialId: c.ServiceSpecificCredentialId ?? '',
    status: c.Status ?? 'Unknown',
    createDate: iso(c.CreateDate) ?? '',
    expirationDate: iso(c.ExpirationDate),
    // Filled from the owning user's effective policies and boundary in the derived phase (undefined until read).
    userPolicies: undefined,
    userPermissionsBoundary: undefined,
  };
  return {
    id: apiKeyId(run.accountId, config.credentialId),
    type: 'iam.bedrock-api-key',
    region: 'global',
    name: `${config.userName}/${config.credentialId}`,
    config,
    tags: {},
    relationships: rel('owned-by', userArn(run.partition, run.accountId, config.userName), 'iam.user'),
  };
}

/** One page of the account's Bedrock API keys (every user's), or of one user's when `userName` is given. */
const bedrockKeysPage = (marker: string | undefined, userName?: string) =>
  new ListServiceSpecificCredentialsCommand({
    ServiceName: 'bedrock.amazonaws.com',
    ...(userName === undefined ? { AllUsers: true, MaxItems: 1000 } : { UserName: userName }),
    Marker: marker,
  });

/** Long-term Bedrock API keys (IAM service-specific credentials for bedrock.amazonaws.com), account-wide. */
export const bedrockApiKeys: TypeCollector = {
  type: 'iam.bedrock-api-key',
  service: SVC,
  scope: 'global',
  async collect(run) {
    await paginate(
      run,
      'ListServiceSpecificCredentials',
      (t) => run.client('iam').send(bedrockKeysPage(t)),
      (p) => (p.IsTruncated ? p.Marker : undefined),
      (p) => {
        for (const c of p.ServiceSpecificCredentials ?? []) if (c.ServiceSpecificCredentialId) run.emit(apiKeyDraft(run, c));
      },
    );
  },
  async refresh(run, ref) {
    // ref.key = credential id, ref.key2 = user name
    // a successful DeleteServiceSpecificCredential: the id is never reused, the key is gone (no read, no paging)
    if (ref.gone) return null;
    const iam = run.client('iam');
    let listed: ServiceSpecificCredentialMetadata[] = [];
    try {
      const out = await run.call('ListServiceSpecificCredentials', () => iam.send(bedrockKeysPage(undefined, ref.key2)));
      listed = out.ServiceSpecificCredentials ?? [];
    } catch (err) {
      if (classifyError(err, 'describe') !== 'not-found') throw err;
    }
    if (!listed.some((x) => x.ServiceSpecificCredentialId === ref.key)) {
      // not under the event's user name now (no user of that name, or another user holding the name): renamed (its keys
      // are listed under its new name) or deleted (with its keys). The key is looked up account-wide (paging stops once
      // it is found), so a renamed owner's key is not marked deleted
      let found = false;
      listed = await allPages(
        run,
        'ListServiceSpecificCredentials',
        (m) => iam.send(bedrockKeysPage(m)),
        (p) => {
          const items = p.ServiceSpecificCredentials ?? [];
          if (items.some((x) => x.ServiceSpecificCredentialId === ref.key)) found = true;
          return items;
        },
        (p) => (!found && p.IsTruncated ? p.Marker : undefined),
      );
    }
    const c = listed.find((x) => x.ServiceSpecificCredentialId === ref.key);
    return c ? apiKeyDraft(run, c) : null;
  },
  idFor: (ref, accountId) => apiKeyId(accountId, ref.key),
};

// ---------------- principals (derived: the roles and users AI assets use) ----------------

async function allPages<P, I>(
  run: TypeRun,
  op: string,
  fetch: (m: string | undefined) => Promise<P>,
  items: (p: P) => I[] | undefined,
  more: (p: P) => string | undefined,
): Promise<I[]> {
  const out: I[] = [];
  await paginate(run, op, fetch, more, (p) => out.push(...(items(p) ?? [])));
  return out;
}

/** Managed policy documents are shared by many principals: read once per scan. */
function managedPolicy(run: TypeRun, iam: IAMClient, arn: string, name: string): Promise<AttachedPolicy> {
  const key = `iam-policy|${arn}`;
  let p = run.env.cache.get(key) as Promise<AttachedPolicy> | undefined;
  if (!p) {
    p = (async () => {
      const pol = await run.call('GetPolicy', () => iam.send(new GetPolicyCommand({ PolicyArn: arn })));
      const ver = await run.call('GetPolicyVersion', () =>
        iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: pol.Policy?.DefaultVersionId })),
      );
      // no document is not an empty policy: as a boundary it would cap everything (a false PASS), so it is unread
      const doc = ver.PolicyVersion?.Document;
      if (!doc) throw Object.assign(new Error(`GetPolicyVersion returned no document for ${arn}`), { name: 'NoPolicyDocument' });
      return {
        name,
        arn,
        kind: /^arn:aws[a-z-]*:iam::aws:policy\//.test(arn) ? 'aws-managed' : 'customer-managed',
        statements: parsePolicy(doc),
      } satisfies AttachedPolicy;
    })();
    run.env.cache.set(key, p);
  }
  return p;
}

type PrincipalKind = 'role' | 'user' | 'group';

async function policiesOf(run: TypeRun, kind: PrincipalKind, name: string): Promise<AttachedPolicy[]> {
  const iam = run.client('iam', globalRegion(run.partition));
  const inlineList =
    kind === 'role'
      ? (m?: string) => iam.send(new ListRolePoliciesCommand({ RoleName: name, Marker: m }))
      : kind === 'user'
        ? (m?: string) => iam.send(new ListUserPoliciesCommand({ UserName: name, Marker: m }))
        : (m?: string) => iam.send(new ListGroupPoliciesCommand({ GroupName: name, Marker: m }));
  const attachedList =
    kind === 'role'
      ? (m?: string) => iam.send(new ListAttachedRolePoliciesCommand({ RoleName: name, Marker: m }))
      : kind === 'user'
        ? (m?: string) => iam.send(new ListAttachedUserPoliciesCommand({ UserName: name, Marker: m }))
        : (m?: string) => iam.send(new ListAttachedGroupPoliciesCommand({ GroupName: name, Marker: m }));
  const opSuffix = kind === 'role' ? 'Role' : kind === 'user' ? 'User' : 'Group';
  const [inlineNames, attached] = await Promise.all([
    allPages(
      run,
      `List${opSuffix}Policies`,
      inlineList,
      (p) => p.PolicyNames,
      (p) => (p.IsTruncated ? p.Marker : undefined),
    ),
    allPages(
      run,
      `ListAttached${opSuffix}Policies`,
      attachedList,
      (p) => p.AttachedPolicies,
      (p) => (p.IsTruncated ? p.Marker : undefined),
    ),
  ]);
  const inline = await Promise.all(
    inlineNames.map(async (pn): Promise<AttachedPolicy> => {
      const doc =
        kind === 'role'
          ? (await run.call('GetRolePolicy', () => iam.send(new GetRolePolicyCommand({ RoleName: name, PolicyName: pn })))).PolicyDocument
          : kind === 'user'
            ? (await run.call('GetUserPolicy', () => iam.send(new GetUserPolicyCommand({ UserName: name, PolicyName: pn })))).PolicyDocument
            : (await run.call('GetGroupPolicy', () => iam.send(new GetGroupPolicyCommand({ GroupName: name, PolicyName: pn }))))
                .PolicyDocument;
      return { name: pn, kind: 'inline', statements: parsePolicy(doc ?? '{"Statement":[]}') };
    }),
  );
  const managed = await Promise.all(
    attached.flatMap((a) => (a.PolicyArn ? [managedPolicy(run, iam, a.PolicyArn, a.PolicyName ?? a.PolicyArn)] : [])),
  );
  return [...inline, ...managed];
}

/**
 * The permissions boundary named by GetRole / GetUser (`PermissionsBoundaryArn`), with its default version's statements
 * read like an attached managed policy (cached per scan): null when there is none; statements undefined when the
 * document could not be read (a collection error and a coverage gap say why).
 */
async function boundaryOf(run: TypeRun, arn: string | undefined, errors: string[]): Promise<PermissionsBoundary | null> {
  if (!arn) return null;
  try {
    // the name is the policy's (the ARN's last segment), as ListAttached*Policies would give it: the cache is shared
    const doc = await managedPolicy(run, run.client('iam', globalRegion(run.partition)), arn, arn.slice(arn.lastIndexOf('/') + 1));
    return { arn, statements: doc.statements };
  } catch (err) {
    errors.push(`permissions boundary: ${errorCode(err)}`);
    run.gap(SVC, 'GetPolicy/GetPolicyVersion', err);
    run.partial = true;
    return { arn, statements: undefined };
  }
}

/**
 * After GetRole / GetUser answered and a later read of the principal answered not-found: whether the principal is gone
 * now (asked again: not-found). Anything else (it answered, or the call failed: a coverage gap) is not a deletion.
 */
async function goneNow(run: TypeRun, get: () => Promise<unknown>, operation: string): Promise<boolean> {
  return (await run.read(SVC, operation, get, [])) === null;
}

function roleNameOf(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

/**
 * Describes an IAM role used by AI assets, with its effective (inline + managed) policies, its permissions boundary
 * and trust principals.
 */
export async function describeRole(run: TypeRun, arn: string, usedBy: string[]): Promise<AnyDraft | null> {
  const errors: string[] = [];
  const iam = run.client('iam', globalRegion(run.partition));
  const name = roleNameOf(arn);
  const r = await run.read(SVC, 'GetRole', () => iam.send(new GetRoleCommand({ RoleName: name })), errors);
  if (r === null) return null;
  let policies: AttachedPolicy[] | undefined;
  if (r) {
    try {
      policies = await policiesOf(run, 'role', name);
    } catch (err) {
      // GetRole answered: the role existed. A not-found from a later read is a deletion only when GetRole, asked again,
      // says so (DeleteRole between the reads); otherwise (a policy deleted or detached while it was read, IAM's eventual
      // consistency) it is a read error
      if (
        classifyError(err, 'describe') === 'not-found' &&
        (await goneNow(run, () => iam.send(new GetRoleCommand({ RoleName: name })), 'GetRole'))
      )
        return null;
      errors.push(`role policies: ${errorCode(err)}`);
      run.gap(SVC, 'ListRolePolicies/GetRolePolicy', err);
      run.partial = true;
    }
  }
  const permissionsBoundary = r ? await boundaryOf(run, r.Role?.PermissionsBoundary?.PermissionsBoundaryArn, errors) : undefined;
  let trusted: string[] | undefined;
  if (r?.Role?.AssumeRolePolicyDocument) {
    try {
      trusted = parsePolicy(r.Role.AssumeRolePolicyDocument).flatMap((s) => s.principals ?? []);
    } catch {
      errors.push('AssumeRolePolicyDocument: unparseable');
    }
  }
  const config = (
    r
      ? {
          arn: r.Role?.Arn ?? arn,
          trustedPrincipals: trusted,
          policies,
          permissionsBoundary,
          usedBy: [...usedBy].sort(),
          lastUsed: iso(r.Role?.RoleLastUsed?.LastUsedDate),
        }
      : { arn, usedBy: [...usedBy].sort() }
  ) as IamPrincipalConfig;
  return {
    id: r?.Role?.Arn ?? arn,
    type: 'iam.role',
    region: 'global',
    name,
    config,
    tags: tagsOf(r?.Role?.Tags),
    relationships: [],
    ...(errors.length ? { collectionErrors: errors } : {}),
  };
}

/** The sorted names of the groups ListGroupsForUser listed. */
function groupNamesOf(groups: { GroupName?: string }[]): string[] {
  return [...new Set(groups.flatMap((g) => (g.GroupName ? [g.GroupName] : [])))].sort();
}

/**
 * How an event refresh reads a user's keys: `listKeys` lists the Bedrock API keys IAM holds under the user's name now
 * (ListServiceSpecificCredentials, UserName, bedrock.amazonaws.com), which become its `usedBy` (authoritative: a key
 * renamed with its user or gone is listed under its current owner only). When the list cannot be read (a collection
 * error, the run partial), `usedBy` (the stored record's) is kept only when `storedUserId` is GetUser's UserId (the same
 * user), otherwise it is empty: a usedBy is never carried to another user (a reused name) or an unknown one.
 */
export interface DescribeUserKeys {
  listKeys: true;
  storedUserId?: string;
  /**
   * Other stored records whose keys the user keeps when its list cannot be read, each only when its `userId` is GetUser's
   * UserId (a rename's new name: the old name's record, which describes the same user when the UserIds match).
   */
  alsoStored?: { userId?: string; usedBy: string[] }[];
}

/** The user drafts of an event refresh whose key list (ListServiceSpecificCredentials) could not be read. */
export const keyListUnread = new WeakSet<AnyDraft>();

/**
 * Describes an IAM user (owner of Bedrock API keys) with effective policies, including its groups' policies, its
 * permissions boundary (GetUser: the only user read that returns it) and GetUser's UserId. A scan gives `usedBy` from
 * its account-wide key listing; an event refresh asks for the user's own listing (`keys`).
 */
export async function describeUser(run: TypeRun, userName: string, usedBy: string[], keys?: DescribeUserKeys): Promise<AnyDraft | null> {
  const errors: string[] = [];
  const iam = run.client('iam', globalRegion(run.partition));
  const u = await run.read(SVC, 'GetUser', () => iam.send(new GetUserCommand({ UserName: userName })), errors);
  if (u === null) return null;
  const permissionsBoundary = u ? await boundaryOf(run, u.User?.PermissionsBoundary?.PermissionsBoundaryArn, errors) : undefined;
  let policies: AttachedPolicy[] | undefined;
  const ownPolicies = policiesOf(run, 'user', userName);
  const groupList = allPages(
    run,
    'ListGroupsForUser',
    (m) => iam.send(new ListGroupsForUserCommand({ UserName: userName, Marker: m })),
    (p) => p.Groups,
    (p) => (p.IsTruncated ? p.Marker : undefined),
  );
  // the group names as listed (a group policy change finds the user by them); unset when the list was not read
  let groupNames: string[] | undefined;
  try {
    const [own, groups] = await Promise.all([ownPolicies, groupList]);
    groupNames = groupNamesOf(groups);
    const groupPolicies = await Promise.all(
      groups.map(async (g) => {
        const key = `iam-group|${g.GroupName}`;
        let p = run.env.cache.get(key) as Promise<AttachedPolicy[]> | undefined;
        if (!p) {
          p = policiesOf(run, 'group', g.GroupName ?? '');
          run.env.cache.set(key, p);
        }
        return (await p).map((x) => ({ ...x, name: `${g.GroupName}/${x.name}` }));
      }),
    );
    policies = [...own, ...groupPolicies.flat()];
  } catch (err) {
    // a policy read failed: the group list may still have been read (a later group policy change then finds the user)
    const listed = await groupList.then(groupNamesOf, (e: unknown) => ({ failed: e }));
    // GetUser answered: the user existed. A not-found from a later read is a deletion only when GetUser, asked again,
    // says so (DeleteUser between the reads); otherwise (a group renamed or deleted, a policy detached while it was
    // read, IAM's eventual consistency) it is a read error. Without GetUser's answer, the user is gone only when its
    // own group list says so (not when a group or policy read does)
    const listNotFound = !Array.isArray(listed) && classifyError(listed.failed, 'describe') === 'not-found';
    if (!u && listNotFound) return null;
    if (
      u &&
      (listNotFound || classifyError(err, 'describe') === 'not-found') &&
      (await goneNow(run, () => iam.send(new GetUserCommand({ UserName: userName })), 'GetUser'))
    )
      return null;
    errors.push(`user policies: ${errorCode(err)}`);
    run.gap(SVC, 'ListUserPolicies/GetUserPolicy', err);
    run.partial = true;
    groupNames = Array.isArray(listed) ? listed : undefined;
  }
  let owned = usedBy;
  let listUnread = false;
  if (keys?.listKeys) {
    const listed = await run.read(
      SVC,
      'ListServiceSpecificCredentials',
      () =>
        allPages(
          run,
          'ListServiceSpecificCredentials',
          (m) => iam.send(bedrockKeysPage(m, userName)),
          (p) => p.ServiceSpecificCredentials,
          (p) => (p.IsTruncated ? p.Marker : undefined),
        ),
      errors,
    );
    // the user is gone when its key list says so and GetUser did not answer either (a not-found after GetUser answered
    // is asked again, as for its policies)
    if (listed === null && !u) return null;
    if (listed === null && u && (await goneNow(run, () => iam.send(new GetUserCommand({ UserName: userName })), 'GetUser'))) return null;
    if (listed)
      owned = listed.flatMap((c) => (c.ServiceSpecificCredentialId ? [apiKeyId(run.accountId, c.ServiceSpecificCredentialId)] : []));
    else {
      listUnread = true;
      if (listed === null) {
        errors.push('ListServiceSpecificCredentials: NoSuchEntity');
        run.partial = true;
      }
      // unread: the stored keys are this user's only when it is the stored user (same UserId)
      const userId = u?.User?.UserId;
      owned = userId
        ? [
            ...(keys.storedUserId === userId ? usedBy : []),
            ...(keys.alsoStored ?? []).flatMap((s) => (s.userId === userId ? s.usedBy : [])),
          ]
        : [];
    }
  }
  // the id is the ARN without a path (the API keys' owned-by target); config.arn is GetUser's, its path included, which
  // is what IAM matches a policy's resource patterns against (`user/developers/*`)
  const arn = userArn(run.partition, run.accountId, userName);
  const draft: AnyDraft = {
    id: arn,
    type: 'iam.user',
    region: 'global',
    name: userName,
    // a failed GetUser is recorded (arn null) so the checks can say so; an absent field is a user stored before boundaries
    config: {
      arn: u?.User?.Arn ?? arn,
      policies,
      permissionsBoundary: u ? permissionsBoundary : { arn: null, statements: undefined },
      usedBy: [...new Set(owned)].sort(),
      ...(u?.User?.UserId ? { userId: u.User.UserId } : {}),
      // absent for a user in no group: its config (and hash) is what it was before groups were recorded
      ...(groupNames?.length ? { groups: groupNames } : {}),
    } as IamPrincipalConfig,
    tags: {},
    relationships: [],
    ...(errors.length ? { collectionErrors: errors } : {}),
  };
  if (listUnread) keyListUnread.add(draft);
  return draft;
}
