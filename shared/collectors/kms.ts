import { DescribeKeyCommand } from '@aws-sdk/client-kms';
import { classifyError, errorCode } from '../discovery/errors.ts';
import type { AssetType, CoverageGap } from '../domain/asset.ts';
import type { AssetConfigMap, KmsKeyFacts, KmsKeysField } from '../domain/asset-config.ts';
import { type AnyDraft, type CollectEnv, draftHashes } from './context.ts';

const SVC = 'kms';
const KEY_ARN = /^arn:(aws[a-z-]*):kms:([a-z0-9-]+):(\d{12}):((?:key|alias)\/.+)$/;

/** True for an AWS-managed key alias (`alias/aws/<service>`, bare or as an alias ARN): AWS-managed without a call. */
export function isAwsManagedAlias(ref: string): boolean {
  return /(^|:)alias\/aws\//.test(ref);
}

/**
 * Where to describe one key reference: the region of its ARN, or the referencing asset's region for a bare key id or
 * alias name (those always name a key of the asset's own account). `id` is the canonical ARN the call is made with,
 * so a key referenced by key id and by key ARN is described once. `undefined` for `alias/aws/...` (no call needed);
 * `{ unresolved }` when no call can be made (a bare id on a global asset: the region is unknown).
 */
export function keyLocation(
  ref: string,
  assetRegion: string,
  accountId: string,
  partition: string,
): { region: string; id: string } | { unresolved: string } | undefined {
  if (isAwsManagedAlias(ref)) return undefined;
  const arn = KEY_ARN.exec(ref);
  if (arn) return { region: arn[2] as string, id: ref };
  if (assetRegion === 'global') return { unresolved: 'KeyRegionUnknown' };
  const resource = ref.startsWith('alias/') ? ref : `key/${ref}`;
  return { region: assetRegion, id: `arn:${partition}:kms:${assetRegion}:${accountId}:${resource}` };
}

type Ref = string | null | undefined;
type KeyFields = { [T in AssetType]?: (c: AssetConfigMap[T]) => Ref[] };

/**
 * The config fields each customer-managed-key check judges, and those of the checks that accept any key but fail an
 * unusable one, by asset type: discovery describes every key found here
 * (besides the `encrypted-by` relationships), so a key a check judges is never left undescribed. A field not read
 * (undefined) gives nothing.
 */
export const CHECKED_KEY_FIELDS: KeyFields = {
  'bedrock.agent': (c) => [c.customerEncryptionKeyArn],
  'bedrock.batch-inference-job': (c) => [c.outputKmsKeyId],
  'bedrock.custom-model': (c) => [c.modelKmsKeyArn],
  'bedrock.flow': (c) => [
    c.customerEncryptionKeyArn,
    ...(c.aliasedVersions ?? []).map((v) => v.customerEncryptionKeyArn),
    ...(c.publishedVersions ?? []).map((v) => v.customerEncryptionKeyArn),
  ],
  'bedrock.guardrail': (c) => [c.kmsKeyArn],
  'bedrock.imported-model': (c) => [c.modelKmsKeyArn],
  'bedrock.knowledge-base': (c) => [c.kmsKeyArn, ...(c.dataSources ?? []).map((d) => d.kmsKeyArn)],
  'bedrock.prompt': (c) => [c.customerEncryptionKeyArn],
  'bedrock-agentcore.gateway': (c) => [c.kmsKeyArn],
  'bedrock-agentcore.memory': (c) => [c.encryptionKeyArn],
  'bedrock-agentcore.token-vault': (c) => [c.kmsKeyArn],
  // the EBS encryption check accepts any key but fails one that is disabled, pending deletion or deleted
  'ec2.instance': (c) => Object.values(c.volumes ?? {}).map((v) => v?.kmsKeyId),
  'sagemaker.domain': (c) => [c.kmsKeyId],
  'sagemaker.endpoint-config': (c) => [c.dataCapture?.kmsKeyId, c.kmsKeyId],
  'sagemaker.feature-group': (c) => [c.onlineStoreKmsKeyId, c.offlineStoreKmsKeyId],
  'sagemaker.inference-experiment': (c) => [c.kmsKey, c.dataStorageKmsKey],
  'sagemaker.notebook-instance': (c) => [c.kmsKeyId],
  'secretsmanager.secret': (c) => [c.kmsKeyId],
  's3.bucket': (c) => [c.encryption?.kmsKeyId],
};

/**
 * Every KMS key reference of an asset, as its config gives it: the fields the CMK checks judge and the targets of its
 * `encrypted-by` relationships, de-duplicated.
 */
export function keyRefsOf(a: Pick<AnyDraft, 'type' | 'config' | 'relationships'>): string[] {
  const fields = CHECKED_KEY_FIELDS[a.type] as ((c: unknown) => Ref[]) | undefined;
  const fromConfig = a.config && fields ? fields(a.config) : [];
  const fromRels = a.relationships.filter((r) => r.kind === 'encrypted-by').map((r) => r.targetId);
  return [...new Set([...fromConfig, ...fromRels].filter((k): k is string => typeof k === 'string' && k.length > 0))];
}

/** The account a key ARN (as `keyLocation` builds it) names. */
function accountOf(arn: string): string | undefined {
  return KEY_ARN.exec(arn)?.[3];
}

function factsOf(
  meta:
    | {
        Arn?: string;
        KeyManager?: string;
        KeyState?: string;
        MultiRegion?: boolean;
        MultiRegionConfiguration?: { MultiRegionKeyType?: string };
        CustomKeyStoreId?: string;
      }
    | undefined,
): KmsKeyFacts {
  if (!meta?.Arn || (meta.KeyManager !== 'AWS' && meta.KeyManager !== 'CUSTOMER') || !meta.KeyState)
    return { resolved: false, errorName: 'IncompleteKeyMetadata' };
  const mrType = meta.MultiRegion ? meta.MultiRegionConfiguration?.MultiRegionKeyType : undefined;
  return {
    resolved: true,
    keyArn: meta.Arn,
    keyManager: meta.KeyManager,
    keyState: meta.KeyState,
    multiRegion: Boolean(meta.MultiRegion),
    // only on multi-Region keys: single-Region keys' facts (and their assets' hashes) stay as they were
    ...(mrType ? { multiRegionKeyType: mrType } : {}),
    // only on keys of a custom key store, likewise
    ...(meta.CustomKeyStoreId ? { customKeyStoreId: meta.CustomKeyStoreId } : {}),
  };
}

export interface KeyResolution {
  /** Distinct keys described (one DescribeKey call each). */
  described: number;
  /**
   * Failed DescribeKey calls on keys of the scanned account, other than "not found", in the referencing asset's region
   * (one per region and error name). Another account's key gives none: its check is MANUAL, and the fix is that
   * account's key policy, not a permission of the scanning role.
   */
  gaps: CoverageGap[];
}

/** The facts recorded for an asset's keys before this run (the stored asset), by reference. */
export type PreviousKeyFacts = (d: AnyDraft) => Record<string, KmsKeyFacts> | undefined;

/**
 * Describes every distinct KMS key the drafts reference (`keyRefsOf`: the fields the CMK checks judge and the
 * `encrypted-by` relationships), once per key through the scan's limiter, and records the facts on each draft as
 * `config.kmsKeys` (its hash is recomputed at finalize). Runs after every collector and derived asset (buckets carry
 * keys too; a bucket's key given without its ARN is described in the bucket's region). A failed call leaves the
 * reference unresolved with the error name: never customer-managed by default. A transient failure (throttling,
 * a server or network error) keeps the facts `previous` gives for the reference, so an unchanged asset keeps its hash;
 * its gap is recorded all the same.
 */
export async function resolveKmsKeys(env: CollectEnv, drafts: AnyDraft[], previous?: PreviousKeyFacts): Promise<KeyResolution> {
  const calls = new Map<string, Promise<{ facts: KmsKeyFacts; transient: boolean; gap: boolean }>>();
  const gaps = new Map<string, CoverageGap>();
  const describe = (region: string, id: string) => {
    const k = `${region}|${id}`;
    let p = calls.get(k);
    if (!p) {
      p = env.limiter
        .run('DescribeKey', () => env.clients.client('kms', region, env.target).send(new DescribeKeyCommand({ KeyId: id })))
        .then(
          (out) => ({ facts: factsOf(out.KeyMetadata), transient: false, gap: false }),
          (err: unknown) => {
            const cls = classifyError(err, 'describe');
            return {
              facts: { resolved: false, errorName: errorCode(err) } as const,
              transient: cls === 'throttled' || cls === 'error',
              // a key that no longer exists is a fact about the asset (its check judges it), not a part of the account
              // that could not be read; another account's key is that account's to grant (its check is MANUAL)
              gap: cls !== 'not-found' && accountOf(id) === env.accountId,
            };
          },
        );
      calls.set(k, p);
    }
    return p;
  };
  const gap = (region: string, errorName: string) => {
    if (gaps.has(`${region}|${errorName}`)) return;
    // the error name only: a KMS error message names principals and keys
    gaps.set(`${region}|${errorName}`, {
      accountId: env.accountId,
      region,
      service: SVC,
      operation: 'DescribeKey',
      errorCode: errorName,
      message: errorName,
      observedAt: env.now,
    });
  };

  await Promise.all(
    drafts.map(async (d) => {
      const refs = keyRefsOf(d);
      if (refs.length === 0 || !d.config) return;
      const before = previous?.(d);
      // a bucket is a global asset: its key is in the bucket's own region (an SSE-KMS key must be)
      const region = d.type === 's3.bucket' ? (d.config.bucketRegion ?? d.region) : d.region;
      const facts: Record<string, KmsKeyFacts> = {};
      await Promise.all(
        refs.map(async (ref) => {
          const loc = keyLocation(ref, region, env.accountId, env.partition);
          if (loc === undefined) return;
          if ('unresolved' in loc) {
            facts[ref] = { resolved: false, errorName: loc.unresolved };
            return;
          }
          const got = await describe(loc.region, loc.id);
          const kept = got.transient ? before?.[ref] : undefined;
          facts[ref] = kept ?? got.facts;
          if (got.gap && !got.facts.resolved) gap(d.region, got.facts.errorName);
        }),
      );
      (d.config as KmsKeysField).kmsKeys = Object.fromEntries(Object.entries(facts).sort(([a], [b]) => a.localeCompare(b)));
      // the config changed after emit: finalize hashes it again
      draftHashes.delete(d);
    }),
  );
  if (calls.size > 0) env.log.debug('kms keys described', { keys: calls.size, gaps: gaps.size });
  return { described: calls.size, gaps: [...gaps.values()] };
}
