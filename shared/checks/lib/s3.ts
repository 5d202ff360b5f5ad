import type { Asset } from '../../domain/asset.ts';
import type { PublicAccessBlockFlags } from '../../domain/asset-config.ts';

export const PAB_FLAGS = ['blockPublicAcls', 'ignorePublicAcls', 'blockPublicPolicy', 'restrictPublicBuckets'] as const;
export type PabFlag = (typeof PAB_FLAGS)[number];

/** Where an effective flag comes from (evidence): on at one or both levels, off at both, or not known. */
export type PabLevel = 'bucket' | 'account' | 'bucket and account' | 'off' | 'unconfirmed';

/**
 * The Block Public Access setting S3 applies to a bucket: each flag is on when it is on at the bucket level or at the
 * account level. `flags[f]` is `undefined` when the flag is off at the bucket level and the account level could not
 * be read (or was not recorded): it may be on or off.
 */
export interface EffectivePab {
  flags: Record<PabFlag, boolean | undefined>;
  levels: Record<PabFlag, PabLevel>;
  /** Why the account level is not known: the error name of the failed read, or `not read`. */
  accountUnread?: string;
}

/**
 * The effective per-flag setting of a bucket whose bucket-level public access block was read (`null` = none set).
 * Pure: the account-level setting is the one discovery recorded on the bucket (`config.accountPublicAccessBlock`).
 */
export function effectivePab(bucket: Asset<'s3.bucket'>): EffectivePab {
  const own = bucket.config.publicAccessBlock ?? null;
  const acct = bucket.config.accountPublicAccessBlock;
  const account: PublicAccessBlockFlags | null | undefined = acct?.read ? acct.setting : undefined;
  const flags = {} as Record<PabFlag, boolean | undefined>;
  const levels = {} as Record<PabFlag, PabLevel>;
  for (const f of PAB_FLAGS) {
    const b = Boolean(own?.[f]);
    const a = account === undefined ? undefined : Boolean(account?.[f]);
    flags[f] = b || a === true ? true : a === false ? false : undefined;
    levels[f] = b && a ? 'bucket and account' : b ? 'bucket' : a ? 'account' : a === false ? 'off' : 'unconfirmed';
  }
  return {
    flags,
    levels,
    ...(acct?.read ? {} : { accountUnread: acct && !acct.read ? acct.errorName : 'not read' }),
  };
}

/** The effective flags with the unknown ones assumed on (`true`: the most the account level could add) or off. */
export function assumePab(e: EffectivePab, unknownAs: boolean): Record<PabFlag, boolean> {
  const out = {} as Record<PabFlag, boolean>;
  for (const f of PAB_FLAGS) out[f] = e.flags[f] ?? unknownAs;
  return out;
}

/** The flags that are not known (off at the bucket level, account level unread). */
export function unconfirmedFlags(e: EffectivePab): PabFlag[] {
  return PAB_FLAGS.filter((f) => e.flags[f] === undefined);
}

/** "the account-level setting could not be read (AccessDenied)" for reasons. */
export function accountUnreadReason(e: EffectivePab): string {
  return e.accountUnread === 'not read'
    ? 'the account-level Block Public Access setting was not read'
    : `the account-level Block Public Access setting could not be read (${e.accountUnread})`;
}

/** Evidence: the level each effective flag comes from, and the account-level read error when there is one. */
export function pabEvidence(e: EffectivePab): Record<string, unknown> {
  return { publicAccessBlockLevels: e.levels, ...(e.accountUnread ? { accountPublicAccessBlockError: e.accountUnread } : {}) };
}
