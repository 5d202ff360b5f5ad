import { GetPublicAccessBlockCommand } from '@aws-sdk/client-s3-control';
import { globalRegion } from '../discovery/clients.ts';
import { classifyError, errorCode } from '../discovery/errors.ts';
import type { CoverageGap } from '../domain/asset.ts';
import type { AccountPublicAccessBlockFacts, S3BucketConfig } from '../domain/asset-config.ts';
import { type AnyDraft, type CollectEnv, draftHashes } from './context.ts';

/** The operation as coverage gaps and logs name it (IAM action `s3:GetAccountPublicAccessBlock`). */
const OP = 'GetAccountPublicAccessBlock';
/** Scan-cache key: the setting is read once per scan (or refresh), however many times buckets are resolved. */
const CACHE_KEY = 's3control:account-public-access-block';

/** The account-level facts recorded on a bucket before this run (the stored asset), to keep on a transient failure. */
export type PreviousAccountPab = (d: AnyDraft) => AccountPublicAccessBlockFacts | undefined;

export interface AccountPabResolution {
  /** What was read (`undefined`: no bucket in the drafts, no call made). */
  facts?: AccountPublicAccessBlockFacts;
  /** A failed read (anything but "none configured"): one gap, in the global scope like the bucket reads. */
  gaps: CoverageGap[];
}

/**
 * Reads the account-level S3 Block Public Access setting (s3control GetPublicAccessBlock with the account id: one
 * setting per account, for every region) once per scan (the scan cache), when the drafts hold buckets, and records it on every bucket draft as
 * `config.accountPublicAccessBlock` (its hash is recomputed at finalize). "None configured" is a fact; any other
 * failure leaves it unread with the error name and a coverage gap, so the S3 checks never count on it. A transient
 * failure (throttling, a server or network error) keeps the facts `previous` gives for the bucket (like the KMS key
 * reads), so an unchanged bucket keeps its hash; its gap is recorded all the same. A bucket of another account
 * (`external`) gets none: S3 combines its bucket-level setting with its owner's account-level setting.
 */
export async function resolveAccountPublicAccessBlock(
  env: CollectEnv,
  drafts: AnyDraft[],
  previous?: PreviousAccountPab,
): Promise<AccountPabResolution> {
  const buckets = drafts.filter((d) => d.type === 's3.bucket' && d.config && !(d.config as S3BucketConfig).external);
  if (buckets.length === 0) return { gaps: [] };
  let first = false;
  let p = env.cache.get(CACHE_KEY) as Promise<AccountPabRead> | undefined;
  if (!p) {
    first = true;
    p = readAccountPublicAccessBlock(env);
    env.cache.set(CACHE_KEY, p);
  }
  const { facts, gaps, transient } = await p;
  for (const d of buckets) {
    (d.config as S3BucketConfig).accountPublicAccessBlock = (transient ? previous?.(d) : undefined) ?? facts;
    // the config changed after emit: finalize hashes it again
    draftHashes.delete(d);
  }
  // the gap is reported once per scan (by the first caller)
  return { facts, gaps: first ? gaps : [] };
}

interface AccountPabRead {
  facts: AccountPublicAccessBlockFacts;
  gaps: CoverageGap[];
  /** The read failed for a reason that may pass (throttling, a server or network error): stored facts are kept. */
  transient: boolean;
}

async function readAccountPublicAccessBlock(env: CollectEnv): Promise<AccountPabRead> {
  const gaps: CoverageGap[] = [];
  let facts: AccountPublicAccessBlockFacts;
  let transient = false;
  try {
    const out = await env.limiter.run(OP, () =>
      env.clients
        .client('s3control', globalRegion(env.partition), env.target)
        .send(new GetPublicAccessBlockCommand({ AccountId: env.accountId })),
    );
    const p = out.PublicAccessBlockConfiguration;
    facts = {
      read: true,
      setting: p
        ? {
            blockPublicAcls: Boolean(p.BlockPublicAcls),
            ignorePublicAcls: Boolean(p.IgnorePublicAcls),
            blockPublicPolicy: Boolean(p.BlockPublicPolicy),
            restrictPublicBuckets: Boolean(p.RestrictPublicBuckets),
          }
        : null,
    };
  } catch (err) {
    const name = errorCode(err);
    if (name === 'NoSuchPublicAccessBlockConfiguration') facts = { read: true, setting: null };
    else {
      facts = { read: false, errorName: name };
      const cls = classifyError(err, 'describe');
      transient = cls === 'throttled' || cls === 'error';
      // the error name only, like the KMS key reads
      gaps.push({
        accountId: env.accountId,
        region: 'global',
        service: 's3',
        operation: OP,
        errorCode: name,
        message: name,
        observedAt: env.now,
      });
    }
  }
  env.log.debug('account public access block read', { read: facts.read, ...(facts.read ? {} : { errorCode: facts.errorName }) });
  return { facts, gaps, transient };
}
