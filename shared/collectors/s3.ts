import {
  GetBucketAclCommand,
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketVersioningCommand,
  GetObjectLockConfigurationCommand,
  GetPublicAccessBlockCommand,
} from '@aws-sdk/client-s3';
import { globalRegion } from '../discovery/clients.ts';
import { errorCode } from '../discovery/errors.ts';
import type { S3BucketConfig } from '../domain/asset-config.ts';
import type { AnyDraft, TypeRun } from './context.ts';
import { parsePolicy } from './policy.ts';

const SVC = 's3';
/** Error codes S3 uses for "this sub-configuration is not set" (read and not set = null). */
const NOT_SET = new Set([
  'NoSuchPublicAccessBlockConfiguration',
  'NoSuchBucketPolicy',
  'ServerSideEncryptionConfigurationNotFoundError',
  'ObjectLockConfigurationNotFoundError',
  'OwnershipControlsNotFoundError',
]);

const PUBLIC_GROUPS: Record<string, 'AllUsers' | 'AuthenticatedUsers'> = {
  'http://acs.amazonaws.com/groups/global/AllUsers': 'AllUsers',
  'http://acs.amazonaws.com/groups/global/AuthenticatedUsers': 'AuthenticatedUsers',
};
const OWNERSHIP = new Set(['BucketOwnerEnforced', 'BucketOwnerPreferred', 'ObjectWriter']);

async function sub<T>(
  run: TypeRun,
  op: string,
  fn: () => Promise<T>,
  errors: string[],
  missing: { bucket: boolean },
  denied?: { err?: unknown },
): Promise<T | null | undefined> {
  try {
    return await run.call(op, fn);
  } catch (err) {
    const code = errorCode(err);
    if (NOT_SET.has(code)) return null;
    if (denied && code === 'AccessDenied') {
      // judged by the caller (another account's bucket, or a missing permission)
      denied.err = err;
      return undefined;
    }
    if (code === 'NoSuchBucket') {
      missing.bucket = true;
      return undefined;
    }
    errors.push(`${op}: ${code}`);
    run.gap(SVC, op, err, 'global');
    run.partial = true;
    return undefined;
  }
}

/**
 * Whether a described bucket is confirmed to belong to the account it was described in (`run.accountId`): its
 * owner-checked read (GetPublicAccessBlock with ExpectedBucketOwner) answered, with a setting or with none configured.
 * Not confirmed: another account's bucket (`external`), a bucket that does not exist, or an owner-checked read that
 * failed (denied without the second opinion, throttled...). A refresh records only confirmed buckets under the
 * account; the scan records the others as it always has (`external`, or with the error).
 */
export function bucketOwnerConfirmed(draft: AnyDraft): boolean {
  if (draft.type !== 's3.bucket') return false;
  const config = draft.config as S3BucketConfig | null;
  if (!config || config.external || !config.publicAccessBlockOwnerChecked || config.publicAccessBlock === undefined) return false;
  return !(draft.collectionErrors ?? []).includes('NoSuchBucket');
}

/** GetBucketLocation's answer as a region: empty is us-east-1, `EU` is the legacy name of eu-west-1. */
export function bucketRegionOf(constraint: string | undefined): string {
  if (!constraint) return 'us-east-1';
  return constraint === 'EU' ? 'eu-west-1' : constraint;
}

/**
 * Posture of a bucket referenced by AI assets. A bucket that does not exist (a dangling reference another account
 * could claim) is recorded with `NoSuchBucket` in collectionErrors and unknown posture.
 */
export async function describeBucket(
  run: TypeRun,
  bucketId: string,
  referencedBy: { assetId: string; usage: string }[],
): Promise<AnyDraft> {
  const bucket = bucketId.replace(/^arn:aws[a-z-]*:s3:::/, '');
  const s3 = run.client('s3', globalRegion(run.partition));
  const errors: string[] = [];
  const missing = { bucket: false };
  const pabDenied: { err?: unknown } = {};
  const [pabFirst, pol, enc, ver, lock, own, acl] = await Promise.all([
    // with the scanned account as the expected owner: a bucket-level setting read here belongs to this account, so the
    // account-level setting discovery records next to it is the one S3 combines it with (another account's bucket
    // fails the read with AccessDenied: see below)
    sub(
      run,
      'GetPublicAccessBlock',
      () => s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket, ExpectedBucketOwner: run.accountId })),
      errors,
      missing,
      pabDenied,
    ),
    sub(run, 'GetBucketPolicy', () => s3.send(new GetBucketPolicyCommand({ Bucket: bucket })), errors, missing),
    sub(run, 'GetBucketEncryption', () => s3.send(new GetBucketEncryptionCommand({ Bucket: bucket })), errors, missing),
    sub(run, 'GetBucketVersioning', () => s3.send(new GetBucketVersioningCommand({ Bucket: bucket })), errors, missing),
    sub(run, 'GetObjectLockConfiguration', () => s3.send(new GetObjectLockConfigurationCommand({ Bucket: bucket })), errors, missing),
    sub(run, 'GetBucketOwnershipControls', () => s3.send(new GetBucketOwnershipControlsCommand({ Bucket: bucket })), errors, missing),
    sub(run, 'GetBucketAcl', () => s3.send(new GetBucketAclCommand({ Bucket: bucket })), errors, missing),
  ]);
  // AccessDenied on the owner-checked read is a bucket of another account or a missing permission. Only when the
  // bucket's other reads succeeded (a role denied everything is not asked twice): the owner-checked read is repeated
  // once (a denial that does not repeat, e.g. IAM eventual consistency, is no ownership answer: its result stands);
  // denied again, the same read without the owner check succeeding (or finding none configured) means the owner
  // check failed, so the bucket is another account's.
  let pab = pabFirst;
  let external = false;
  let reread = false;
  if (pabDenied.err !== undefined) {
    if (!missing.bucket && [pol, enc, ver, lock, own, acl].some((x) => x !== undefined)) {
      let deniedAgain = false;
      try {
        pab = await run.call('GetPublicAccessBlock', () =>
          s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket, ExpectedBucketOwner: run.accountId })),
        );
        reread = true;
      } catch (err) {
        const code = errorCode(err);
        if (NOT_SET.has(code)) {
          pab = null;
          reread = true;
        } else deniedAgain = code === 'AccessDenied';
      }
      if (deniedAgain)
        try {
          await run.call('GetPublicAccessBlock', () => s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket })));
          external = true;
        } catch (err) {
          external = NOT_SET.has(errorCode(err));
        }
    }
    if (!external && !reread) {
      errors.push(`GetPublicAccessBlock: ${errorCode(pabDenied.err)}`);
      run.gap(SVC, 'GetPublicAccessBlock', pabDenied.err, 'global');
      run.partial = true;
    }
  }
  const ownership = own?.OwnershipControls?.Rules?.[0]?.ObjectOwnership;
  if (missing.bucket) errors.unshift('NoSuchBucket');
  let policyStatements: S3BucketConfig['policyStatements'];
  if (pol === null) policyStatements = null;
  else if (pol?.Policy) {
    try {
      policyStatements = parsePolicy(pol.Policy);
    } catch {
      errors.push('GetBucketPolicy: unparseable policy');
    }
  }
  const p = pab?.PublicAccessBlockConfiguration;
  const rule = enc?.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault;
  // a default key given without its ARN is described in the bucket's region: read it (one more call, only then)
  const keyId = rule?.KMSMasterKeyID;
  const loc =
    keyId && !keyId.startsWith('arn:') && !keyId.startsWith('alias/aws/') && !missing.bucket
      ? await sub(run, 'GetBucketLocation', () => s3.send(new GetBucketLocationCommand({ Bucket: bucket })), errors, missing)
      : undefined;
  const config: S3BucketConfig = {
    publicAccessBlock:
      pab === undefined
        ? undefined
        : pab === null || !p
          ? null
          : {
              blockPublicAcls: Boolean(p.BlockPublicAcls),
              ignorePublicAcls: Boolean(p.IgnorePublicAcls),
              blockPublicPolicy: Boolean(p.BlockPublicPolicy),
              restrictPublicBuckets: Boolean(p.RestrictPublicBuckets),
            },
    encryption:
      enc === undefined
        ? undefined
        : enc === null || !rule
          ? null
          : { algorithm: rule.SSEAlgorithm ?? 'unknown', kmsKeyId: rule.KMSMasterKeyID ?? null },
    ...(loc ? { bucketRegion: bucketRegionOf(loc.LocationConstraint) } : {}),
    versioning:
      ver === undefined || ver === null
        ? undefined
        : ver.Status === 'Enabled'
          ? 'Enabled'
          : ver.Status === 'Suspended'
            ? 'Suspended'
            : 'Disabled',
    objectLock: lock === undefined ? undefined : lock === null ? false : lock.ObjectLockConfiguration?.ObjectLockEnabled === 'Enabled',
    policyStatements,
    objectOwnership:
      own === undefined
        ? undefined
        : own === null || !ownership
          ? null
          : OWNERSHIP.has(ownership)
            ? (ownership as S3BucketConfig['objectOwnership'])
            : null,
    publicAclGrants:
      acl === undefined || acl === null
        ? undefined
        : (acl.Grants ?? []).flatMap((g) => {
            const group = g.Grantee?.Type === 'Group' && g.Grantee.URI ? PUBLIC_GROUPS[g.Grantee.URI] : undefined;
            return group ? [{ grantee: group, permission: g.Permission ?? 'UNKNOWN' }] : [];
          }),
    accountAclGrants:
      acl === undefined || acl === null
        ? undefined
        : (acl.Grants ?? []).flatMap((g) => {
            const t = g.Grantee?.Type;
            const who =
              t === 'CanonicalUser' && g.Grantee?.ID && g.Grantee.ID !== acl.Owner?.ID
                ? `canonical user ${g.Grantee.ID}`
                : t === 'AmazonCustomerByEmail' && g.Grantee?.EmailAddress
                  ? g.Grantee.EmailAddress
                  : undefined;
            return who ? [{ grantee: who, permission: g.Permission ?? 'UNKNOWN' }] : [];
          }),
    referencedBy: [...referencedBy].sort((a, b) => (a.assetId + a.usage).localeCompare(b.assetId + b.usage)),
    // another account's bucket: its owner's Block Public Access applies (the S3 checks answer MANUAL)
    ...(external ? { external: true } : { publicAccessBlockOwnerChecked: true }),
  };
  return {
    id: `arn:aws:s3:::${bucket}`,
    type: 's3.bucket',
    region: 'global',
    name: bucket,
    config,
    tags: {},
    relationships: config.encryption?.kmsKeyId ? [{ kind: 'encrypted-by', targetId: config.encryption.kmsKeyId }] : [],
    ...(errors.length ? { collectionErrors: errors } : {}),
  };
}
