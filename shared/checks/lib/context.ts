import type { AnyAsset, Asset, AssetType } from '../../domain/asset.ts';
import type { PolicyStatement } from '../../domain/asset-config.ts';
import type { AssetGraph, CheckOutcome } from '../../domain/check.ts';
import { error, manual } from './outcome.ts';
import { type BroadAccess, broadAccess, grantsAction, principalBreadth, S3_WRITE_ACTIONS } from './policy.ts';
import { accountUnreadReason, assumePab, effectivePab, type PabFlag, pabEvidence, unconfirmedFlags } from './s3.ts';

const BEDROCK_USAGE_TYPES: AssetType[] = [
  'bedrock.foundation-model',
  'bedrock.agent',
  'bedrock.knowledge-base',
  'bedrock.custom-model',
  'bedrock.imported-model',
  'bedrock.provisioned-throughput',
  'bedrock.flow',
  'bedrock.batch-inference-job',
];

/**
 * The ARN of a Bedrock API key's owner, to match policy resource patterns against: the user's ARN as described (path
 * included, `userArn`; `exact`), otherwise the key's `owned-by` ARN (its partition and account, no path; keys stored
 * before the owner's ARN was copied; not `exact`: a Deny on it may not name the user), undefined when neither is known.
 */
export function apiKeyOwnerArn(key: Asset<'iam.bedrock-api-key'>): { arn: string; exact: boolean } | undefined {
  if (key.config.userArn) return { arn: key.config.userArn, exact: true };
  const owned = key.relationships.find((r) => r.kind === 'owned-by' && r.targetType === 'iam.user')?.targetId;
  return owned ? { arn: owned, exact: false } : undefined;
}

/**
 * Whether Bedrock models are used in a region: the logging config's `modelsInUse` when discovery set it,
 * otherwise `true` if the inventory holds Bedrock usage there, otherwise `undefined` (unknown).
 */
export function bedrockInUse(graph: AssetGraph, accountId: string, region: string): boolean | undefined {
  const logging = graph.byType('bedrock.logging-config', { accountId, region })[0];
  const flag = logging?.config?.modelsInUse;
  if (typeof flag === 'boolean') {
    if (flag) return true;
  }
  for (const t of BEDROCK_USAGE_TYPES) if (graph.byType(t, { accountId, region }).length > 0) return true;
  return flag === false ? false : undefined;
}

const SAGEMAKER_USAGE_TYPES: AssetType[] = [
  'sagemaker.endpoint',
  'sagemaker.model',
  'sagemaker.notebook-instance',
  'sagemaker.training-job',
  'sagemaker.domain',
];

/** Whether the inventory holds SageMaker workloads in a region (unknown when SageMaker could not be read there). */
export function sagemakerInUse(graph: AssetGraph, accountId: string, region: string): boolean | undefined {
  for (const t of SAGEMAKER_USAGE_TYPES) if (graph.byType(t, { accountId, region }).length > 0) return true;
  return graph.gaps(accountId, region).some((g) => g.service.startsWith('sagemaker')) ? undefined : false;
}

/** Coverage gaps for a service prefix (e.g. `bedrock`) in the asset's account and region. */
export function gapsFor(graph: AssetGraph, asset: AnyAsset | Asset, servicePrefix: string) {
  return graph.gaps(asset.accountId, asset.region).filter((g) => g.service.startsWith(servicePrefix));
}

export type BucketView = { ok: true; bucket: Asset<'s3.bucket'> } | { ok: false; outcome: CheckOutcome };

/** Resolves an inventoried bucket by ARN; ERROR when it is not in the inventory, MANUAL when it is in another account. */
export function resolveBucket(graph: AssetGraph, bucketArn: string, purpose: string): BucketView {
  const b = graph.get(bucketArn);
  if (b?.type !== 's3.bucket') {
    return {
      ok: false,
      outcome: error(`${purpose} bucket ${bucketArn} is not in the inventory (not read), so it cannot be judged.`, { bucketArn }),
    };
  }
  if (b.config?.external) {
    return {
      ok: false,
      outcome: manual(`${purpose} bucket ${b.name} belongs to another account and cannot be read from here; review it there.`, {
        bucketArn,
      }),
    };
  }
  return { ok: true, bucket: b };
}

export type BroadWriteView =
  | {
      ok: true;
      /** Unconditional grants to anyone, and grants to other accounts. */
      hits: BroadAccess[];
      /** A broad grant cannot be ruled out: a bucket ACL (IgnorePublicAcls off) or a conditional grant to `*`. */
      undecided: boolean;
    }
  | { ok: false; outcome: CheckOutcome };

/** The effective Block Public Access flags a verdict is computed with (see `effectivePab`, `assumePab`). */
export type PabView = Record<PabFlag, boolean>;

function broadWrite(bucket: Asset<'s3.bucket'>, pab: PabView): { hits: BroadAccess[]; undecided: boolean } {
  const c = bucket.config;
  const restrictPublic = pab.restrictPublicBuckets;
  const aclHits: BroadAccess[] = publicAclGrants(bucket, ACL_WRITE, pab).map((g) => ({
    principal: `${g.grantee} (bucket ACL ${g.permission})`,
    breadth: 'anyone',
    actions: ['s3:PutObject', 's3:DeleteObject'],
    conditional: false,
  }));
  // Grants to other accounts: Block Public Access does not ignore them, only BucketOwnerEnforced disables them.
  const aclsEnabled = c.objectOwnership !== 'BucketOwnerEnforced';
  if (aclsEnabled)
    for (const g of c.accountAclGrants ?? [])
      if (ACL_WRITE.includes(g.permission))
        aclHits.push({
          principal: `${g.grantee} (bucket ACL ${g.permission})`,
          breadth: 'other-account',
          actions: ['s3:PutObject', 's3:DeleteObject'],
          conditional: false,
        });
  return {
    hits: [...broadAccess(c.policyStatements ?? [], bucket.accountId, S3_WRITE_ACTIONS, { restrictPublic }), ...aclHits],
    undecided:
      aclsMayGrant(bucket, pab) ||
      (aclsEnabled && c.accountAclGrants === undefined) ||
      conditionalPublic(c.policyStatements ?? [], S3_WRITE_ACTIONS, restrictPublic),
  };
}

/**
 * Who outside the account (or anyone) can write to the bucket through its bucket policy. ERROR when the policy
 * or the public-access block was not read, and when the verdict depends on account-level Block Public Access flags
 * that could not be read (a grant to anyone that the account's RestrictPublicBuckets / IgnorePublicAcls would
 * neutralise): confirmed hits are those that stand whatever the account level says.
 */
export function bucketBroadWrite(bucket: Asset<'s3.bucket'>): BroadWriteView {
  const c = bucket.config;
  if (c.policyStatements === undefined || c.publicAccessBlock === undefined) {
    return {
      ok: false,
      outcome: error(`Bucket ${bucket.name}: the bucket policy or public-access block could not be read.`, { bucketArn: bucket.id }),
    };
  }
  const e = effectivePab(bucket);
  const sure = broadWrite(bucket, assumePab(e, true));
  const unknown = unconfirmedFlags(e);
  if (unknown.length === 0 || sure.hits.length > 0) return { ok: true, ...sure };
  const worst = broadWrite(bucket, assumePab(e, false));
  if (worst.hits.length > 0 || (worst.undecided && !sure.undecided))
    return {
      ok: false,
      outcome: error(
        `Bucket ${bucket.name}: ${worst.hits.length > 0 ? `${describeBroad(worst.hits)} can write to it` : 'a broad write grant cannot be ruled out'} unless the account level turns on ${unknown.join(', ')} (off at the bucket level), but ${accountUnreadReason(e)}.`,
        { bucketArn: bucket.id, ...pabEvidence(e) },
      ),
    };
  return { ok: true, ...sure };
}

export function describeBroad(hits: BroadAccess[]): string {
  return hits.map((h) => `${h.principal} (${h.breadth}: ${h.actions.join(', ')})`).join('; ');
}

/**
 * Whether ACLs can grant access at all: not when Block Public Access ignores public ACLs (bucket or account level;
 * `pab` defaults to the effective flags with unread account-level ones taken as off), nor when Object Ownership is
 * `BucketOwnerEnforced` (ACLs disabled; the default for buckets created since April 2023).
 */
export function aclsInEffect(bucket: Asset<'s3.bucket'>, pab: PabView = assumePab(effectivePab(bucket), false)): boolean {
  return !pab.ignorePublicAcls && bucket.config.objectOwnership !== 'BucketOwnerEnforced';
}

/**
 * Discovery reads the bucket ACL but not object ACLs (one call per object). While ACLs are in effect an object ACL
 * may grant public access, so a policy-only verdict must not be a PASS.
 */
export function aclsMayGrant(bucket: Asset<'s3.bucket'>, pab?: PabView): boolean {
  return aclsInEffect(bucket, pab);
}

/** ACL permissions that let the grantee write: WRITE, FULL_CONTROL, and WRITE_ACP (it can grant itself the rest). */
export const ACL_WRITE = ['WRITE', 'WRITE_ACP', 'FULL_CONTROL'];
/** ACL permissions that let the grantee list the bucket (READ), or grant itself that (WRITE_ACP). */
export const ACL_READ = ['READ', 'WRITE_ACP', 'FULL_CONTROL'];

/** Bucket-ACL grants to AllUsers / AuthenticatedUsers with one of `permissions`, when ACLs are in effect. */
export function publicAclGrants(
  bucket: Asset<'s3.bucket'>,
  permissions: string[],
  pab?: PabView,
): { grantee: string; permission: string }[] {
  if (!aclsInEffect(bucket, pab)) return [];
  return (bucket.config.publicAclGrants ?? []).filter((g) => permissions.includes(g.permission));
}

/** Grants of `actions` to `*` that carry a condition (not evaluated: the condition may or may not narrow them). */
export function conditionalPublic(statements: PolicyStatement[], actions: string[], restrictPublic: boolean): boolean {
  if (restrictPublic) return false;
  return statements.some(
    (s) =>
      s.effect === 'Allow' &&
      s.hasCondition &&
      (s.principals ?? []).some((p) => principalBreadth(p, '') === 'anyone') &&
      actions.some((a) => grantsAction(s, a)),
  );
}

/** Broad write access over several buckets (cross-asset data-poisoning checks). */
export interface BucketsWriteView {
  /** `<bucket>: <who>` for each bucket that broad principals can write. */
  problems: string[];
  principals: string[];
  /** Buckets with no broad write in their policy but an ACL or conditional grant that may still allow it. */
  undecided: string[];
  /** The first bucket that could not be judged (not inventoried or not read). */
  unknown?: CheckOutcome;
}

export function bucketsBroadWrite(graph: AssetGraph, bucketArns: string[], purpose: string): BucketsWriteView {
  const out: BucketsWriteView = { problems: [], principals: [], undecided: [] };
  for (const arn of bucketArns) {
    const view = resolveBucket(graph, arn, purpose);
    if (!view.ok) {
      out.unknown ??= view.outcome;
      continue;
    }
    const w = bucketBroadWrite(view.bucket);
    if (!w.ok) {
      out.unknown ??= w.outcome;
      continue;
    }
    if (w.hits.length > 0) {
      out.problems.push(`${view.bucket.name}: ${describeBroad(w.hits)}`);
      out.principals.push(...w.hits.map((h) => h.principal));
    } else if (w.undecided) out.undecided.push(view.bucket.name);
  }
  return out;
}

/** Why a policy-only verdict on a bucket cannot be a PASS. */
export const UNDECIDED_REASON =
  'an object ACL (ACLs are in effect: IgnorePublicAcls off and Object Ownership not BucketOwnerEnforced) or a conditional grant to * may still allow it (object ACLs and conditions are not evaluated)';
