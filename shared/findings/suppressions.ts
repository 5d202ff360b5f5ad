import { SettingsError } from '../config/settings.ts';
import type { Finding, Suppression } from '../domain/finding.ts';

/**
 * Accepted-risk suppressions, from configuration. A rule names one or more selectors (all must match) and always a
 * reason, an owner and an expiry date. A suppressed finding is still delivered (marked suppressed) and never dropped;
 * Slack does not alert on it. Once `expiresAt` has passed the rule stops applying on its own: `applySuppressions`
 * ignores it, so the next change of the finding is delivered unsuppressed and alerts again.
 */
export interface SuppressionRule {
  /** Stable id for audit (shown in Security Hub ProductFields and events). */
  id: string;
  /** Check / rule id, or a glob (`bedrock_*`). */
  checkId?: string;
  /** Resource id or ARN glob: `*` matches any run of characters (including `/` and `:`), `?` one character. */
  resource?: string;
  /** Resource tag `key=value` (value may be a glob) or just `key` (tag present). Needs the resource's tags. */
  tag?: string;
  /** 12-digit account id. */
  account?: string;
  reason: string;
  owner: string;
  /** ISO 8601 date or date-time; a bare date means the end of that day (UTC). */
  expiresAt: string;
}

const SELECTORS = ['checkId', 'resource', 'tag', 'account'] as const;
const KNOWN = new Set<string>(['id', ...SELECTORS, 'reason', 'owner', 'expiresAt']);
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Expiry instant in ms since the epoch (bare dates run to the end of the day, UTC). */
export function expiryMs(expiresAt: string): number {
  return DATE_ONLY.test(expiresAt) ? Date.parse(`${expiresAt}T23:59:59.999Z`) : Date.parse(expiresAt);
}

/**
 * Validates raw configuration (a JSON array, e.g. the `SUPPRESSIONS` environment variable). Throws `SettingsError`
 * naming the bad setting, e.g. `suppressions[2].expiresAt`.
 */
export function parseSuppressions(raw: unknown, setting = 'suppressions'): SuppressionRule[] {
  if (raw === undefined || raw === null || raw === '') return [];
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      throw new SettingsError(setting, 'is not valid JSON (expected an array of suppression rules)');
    }
  }
  if (!Array.isArray(value)) throw new SettingsError(setting, 'expected an array of suppression rules');
  const ids = new Set<string>();
  return value.map((r, i) => {
    const at = `${setting}[${i}]`;
    if (!r || typeof r !== 'object' || Array.isArray(r)) throw new SettingsError(at, 'expected an object');
    const o = r as Record<string, unknown>;
    for (const k of Object.keys(o))
      if (!KNOWN.has(k)) throw new SettingsError(`${at}.${k}`, `unknown field (known: ${[...KNOWN].join(', ')})`);
    const str = (k: string, required: boolean, max: number): string | undefined => {
      const v = o[k];
      if (v === undefined) {
        if (required) throw new SettingsError(`${at}.${k}`, 'is required');
        return undefined;
      }
      if (typeof v !== 'string' || v.trim() === '') throw new SettingsError(`${at}.${k}`, 'must be a non-empty string');
      if (v.length > max) throw new SettingsError(`${at}.${k}`, `must be at most ${max} characters`);
      return v.trim();
    };
    const rule: SuppressionRule = {
      id: str('id', false, 128) ?? `suppression-${i + 1}`,
      checkId: str('checkId', false, 256),
      resource: str('resource', false, 2048),
      tag: str('tag', false, 512),
      account: str('account', false, 12),
      reason: str('reason', true, 512) as string,
      owner: str('owner', true, 256) as string,
      expiresAt: str('expiresAt', true, 40) as string,
    };
    if (!SELECTORS.some((k) => rule[k] !== undefined)) {
      throw new SettingsError(at, `needs at least one selector (${SELECTORS.join(', ')}); a rule matching everything is not allowed`);
    }
    if (rule.account !== undefined && !/^\d{12}$/.test(rule.account))
      throw new SettingsError(`${at}.account`, `'${rule.account}' is not a 12-digit account id`);
    if (rule.tag !== undefined && !/^[^=]{1,128}(=.{0,256})?$/.test(rule.tag))
      throw new SettingsError(`${at}.tag`, "expected 'key' or 'key=value'");
    if (!(DATE_ONLY.test(rule.expiresAt) || DATE_TIME.test(rule.expiresAt)) || Number.isNaN(expiryMs(rule.expiresAt))) {
      throw new SettingsError(`${at}.expiresAt`, `'${rule.expiresAt}' is not an ISO 8601 date (YYYY-MM-DD) or date-time`);
    }
    if (ids.has(rule.id)) throw new SettingsError(`${at}.id`, `duplicate id '${rule.id}'`);
    ids.add(rule.id);
    for (const k of SELECTORS) if (rule[k] === undefined) delete rule[k];
    return rule;
  });
}

const globCache = new Map<string, RegExp>();
/** Glob (`*` any run, `?` one character) to an anchored, case-sensitive RegExp. */
export function globToRegExp(glob: string): RegExp {
  let re = globCache.get(glob);
  if (!re) {
    const body = glob
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.');
    re = new RegExp(`^${body}$`, 's');
    if (globCache.size < 1000) globCache.set(glob, re);
  }
  return re;
}

function tagMatches(selector: string, tags: Record<string, string> | undefined): boolean {
  if (!tags) return false;
  const eq = selector.indexOf('=');
  if (eq < 0) return Object.hasOwn(tags, selector);
  const key = selector.slice(0, eq);
  return Object.hasOwn(tags, key) && globToRegExp(selector.slice(eq + 1)).test(tags[key]);
}

/** Whether `rule` covers `finding` (ignoring expiry). A tag selector without known tags does not match. */
export function ruleMatches(
  rule: SuppressionRule,
  finding: Pick<Finding, 'ruleId' | 'resourceId' | 'accountId'>,
  tags?: Record<string, string>,
): boolean {
  if (rule.checkId !== undefined && !globToRegExp(rule.checkId).test(finding.ruleId)) return false;
  if (rule.resource !== undefined && !globToRegExp(rule.resource).test(finding.resourceId)) return false;
  if (rule.account !== undefined && rule.account !== finding.accountId) return false;
  if (rule.tag !== undefined && !tagMatches(rule.tag, tags)) return false;
  return true;
}

/** The first unexpired rule covering the finding, if any. */
export function findSuppression(
  finding: Finding,
  rules: readonly SuppressionRule[],
  now: Date,
  tags?: Record<string, string>,
): SuppressionRule | undefined {
  const t = now.getTime();
  return rules.find((r) => expiryMs(r.expiresAt) > t && ruleMatches(r, finding, tags));
}

/**
 * Returns the finding with `suppression` set when an unexpired rule covers it, and without it otherwise (a stale
 * suppression carried on the stored finding is removed once expired or no longer configured). Pure.
 */
export function applySuppressions(finding: Finding, rules: readonly SuppressionRule[], now: Date, tags?: Record<string, string>): Finding {
  const rule = findSuppression(finding, rules, now, tags);
  if (!rule) {
    if (!finding.suppression) return finding;
    const { suppression: _dropped, ...rest } = finding;
    return rest;
  }
  const suppression: Suppression = {
    id: rule.id,
    reason: rule.reason,
    owner: rule.owner,
    expiresAt: rule.expiresAt,
  };
  return { ...finding, suppression };
}

/** Whether a (possibly stored) suppression is still in force at `now`. */
export function isSuppressed(finding: Pick<Finding, 'suppression'>, now: Date): boolean {
  return finding.suppression !== undefined && expiryMs(finding.suppression.expiresAt) > now.getTime();
}
