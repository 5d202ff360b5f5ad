import { DescribeKeyCommand } from '@aws-sdk/client-kms';
import { classifyError, errorCode } from '../discovery/errors.ts';
import type { CoverageGap } from '../domain/asset.ts';
import type { KmsKeyFacts, KmsKeysField } from '../domain/asset-config.ts';
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

function factsOf(meta: { Arn?: string; KeyManager?: string; KeyState?: string; MultiRegion?: boolean } | undefined): KmsKeyFacts {
  if (!meta?.Arn || (meta.KeyManager !== 'AWS' && meta.KeyManager !== 'CUSTOMER') || !meta.KeyState)
    return { resolved: false, errorName: 'IncompleteKeyMetadata' };
  return { resolved: true, keyArn: meta.Arn, keyManager: meta.KeyManager, keyState: meta.KeyState, multiRegion: Boolean(meta.MultiRegion) };
}

export interface KeyResolution {
  /** Distinct keys described (one DescribeKey call each). */
  described: number;
  /** Failed DescribeKey calls other than "not found", in the referencing asset's region (one per region and error name). */
  gaps: CoverageGap[];
}

/**
 * Describes every distinct KMS key the drafts reference (`encrypted-by` relationships), once per key through the
 * scan's limiter, and records the facts on each draft as `config.kmsKeys` (its hash is recomputed at finalize).
 * Runs after every collector and derived asset (buckets carry keys too). A failed call leaves the reference
 * unresolved with the error name: never customer-managed by default.
 */
export async function resolveKmsKeys(env: CollectEnv, drafts: AnyDraft[]): Promise<KeyResolution> {
  const calls = new Map<string, Promise<{ facts: KmsKeyFacts; gap: boolean }>>();
  const gaps = new Map<string, CoverageGap>();
  const describe = (region: string, id: string) => {
    const k = `${region}|${id}`;
    let p = calls.get(k);
    if (!p) {
      p = env.limiter
        .run('DescribeKey', () => env.clients.client('kms', region, env.target).send(new DescribeKeyCommand({ KeyId: id })))
        .then(
          (out) => ({ facts: factsOf(out.KeyMetadata), gap: false }),
          (err: unknown) => ({
            facts: { resolved: false, errorName: errorCode(err) } as const,
            // a key that no longer exists is a fact about the asset, not a part of the account that could not be read
            gap: classifyError(err, 'describe') !== 'not-found',
          }),
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
      const refs = [...new Set(d.relationships.filter((r) => r.kind === 'encrypted-by').map((r) => r.targetId))];
      if (refs.length === 0 || !d.config) return;
      const facts: Record<string, KmsKeyFacts> = {};
      await Promise.all(
        refs.map(async (ref) => {
          const loc = keyLocation(ref, d.region, env.accountId, env.partition);
          if (loc === undefined) return;
          if ('unresolved' in loc) {
            facts[ref] = { resolved: false, errorName: loc.unresolved };
            return;
          }
          const got = await describe(loc.region, loc.id);
          facts[ref] = got.facts;
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
