/**
 * Discovery pipeline: collectors -> derived assets (models in use, roles, users, buckets) -> KMS keys they reference
 * (DescribeKey) -> store (write on change, history, tombstones) -> coverage gaps -> scan run. Also the CloudTrail-driven
 * refresh of single assets.
 */
import { DescribeSecurityGroupsCommand } from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import {
  type AnyDraft,
  type AssetDraft,
  type CollectEnv,
  draftHash,
  draftHashes,
  runCollector,
  type TypeOutcome,
  TypeRun,
} from '../collectors/context.ts';
import { describeRole, describeUser, keyListUnread, userArn } from '../collectors/iam.ts';
import { ALL_COLLECTORS, collectorFor, DERIVED_TYPES } from '../collectors/index.ts';
import { invocationLogUsage } from '../collectors/invocation-usage.ts';
import { resolveKmsKeys } from '../collectors/kms.ts';
import { bucketOwnerConfirmed, describeBucket } from '../collectors/s3.ts';
import { resolveAccountPublicAccessBlock } from '../collectors/s3-control.ts';
import { isAiFunction, lambdaCacheKey } from '../collectors/shadow.ts';
import { globalRegion, partitionOf } from '../discovery/clients.ts';
import {
  CLOUDTRAIL_DETAIL_TYPES,
  type CloudTrailEventBridgeEvent,
  type CloudTrailRecord,
  type DependencyTarget,
  type Ec2DependencyTarget,
  isEc2Dependency,
  normalizeEventTime,
  type RefreshTarget,
  routeCloudTrailRecord,
} from '../discovery/cloudtrail.ts';
import { classifyError, errorCode } from '../discovery/errors.ts';
import type { AssetChange, AssetChangedDetail } from '../discovery/events.ts';
import { Limiter } from '../discovery/limiter.ts';
import type { AccountTarget, ClientFactory } from '../discovery/types.ts';
import { foundationModelsInUse, type ModelUse } from '../discovery/usage.ts';
import type { AnyAsset, Asset, AssetType, CoverageGap, ServiceScanStatus } from '../domain/asset.ts';
import type {
  AccountPublicAccessBlockFacts,
  BedrockApiKeyConfig,
  Ec2InstanceConfig,
  IamPrincipalConfig,
  KmsKeyFacts,
  KmsKeysField,
} from '../domain/asset-config.ts';
import type { AssetStore, ScanRun, ScanRunStore } from '../store/types.ts';
import type { Clock } from '../util/clock.ts';
import { canonicalJson } from '../util/hash.ts';
import type { Log } from '../util/logger.ts';

export interface DiscoveryOptions {
  target: AccountTarget;
  regions: string[];
  clients: ClientFactory;
  store: AssetStore & ScanRunStore;
  clock: Clock;
  log: Log;
  trigger: ScanRun['trigger'];
  /** Restrict to services (`bedrock`, `bedrock-agent`, `sagemaker`, `iam`, `lambda`, `ecs`, `secretsmanager`, `ec2`, `s3`) or asset types. */
  services?: string[];
  /** Maximum concurrent AWS API calls (default 16). */
  concurrency?: number;
  onProgress?: (msg: string) => void;
  /** Read models in use from the invocation-log group with Logs Insights (default true). */
  invocationLogUsage?: boolean | { days?: number; pollMs?: number };
}

export interface DiscoveryResult {
  scanRun: ScanRun;
  /** Every live asset observed in this scan. */
  assets: AnyAsset[];
  /** Assets created, updated or restored (written) by this scan. */
  changed: AnyAsset[];
  /** Ids tombstoned by this scan. */
  deleted: string[];
  gaps: CoverageGap[];
  /** Each change with its kind (for `AI Asset Changed` events). */
  changes: AssetChange[];
  /** API calls made (all services). */
  apiCalls: number;
  /** The principal the scan ran as (STS GetCallerIdentity), when it was asked (no explicit account id). */
  callerArn?: string;
}

const LISTED_OK: ServiceScanStatus[] = ['complete', 'partial', 'absent'];

function selected(types: AssetType[], services?: string[]): Set<AssetType> {
  if (!services?.length) return new Set(types);
  const want = new Set(services);
  return new Set(
    types.filter((t) => {
      const c = collectorFor(t);
      const svc = c?.service ?? (t === 's3.bucket' ? 's3' : t.startsWith('iam.') ? 'iam' : 'bedrock');
      return want.has(t) || want.has(svc) || want.has(t.split('.')[0]);
    }),
  );
}

/** Final asset from a draft (hash over config + tags + relationships). */
export function finalizeDraft(d: AnyDraft, accountId: string, now: string): AnyAsset {
  const configHash = draftHashes.get(d) ?? draftHash(d);
  return {
    id: d.id,
    type: d.type,
    accountId,
    region: d.region,
    name: d.name,
    config: d.config,
    tags: d.tags,
    relationships: d.relationships,
    configHash,
    firstSeen: now,
    lastSeen: now,
    ...(d.collectionErrors?.length ? { collectionErrors: d.collectionErrors } : {}),
  } as AnyAsset;
}

async function resolveAccount(
  target: AccountTarget,
  clients: ClientFactory,
  region: string,
  limiter: Limiter,
): Promise<{ accountId: string; callerArn?: string }> {
  if (target.accountId) return { accountId: target.accountId };
  const out = await limiter.run(
    'GetCallerIdentity',
    () => clients.client('sts', region, target).send(new GetCallerIdentityCommand({})),
    'high',
  );
  if (!out.Account) throw new Error('STS GetCallerIdentity returned no account');
  return { accountId: out.Account, ...(out.Arn ? { callerArn: out.Arn } : {}) };
}

/** Runs async work over items with at most `n` in flight. */
async function mapLimit<T, R>(items: T[], n: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let i = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (i < items.length) {
        const k = i++;
        out[k] = await fn(items[k]);
      }
    }),
  );
  return out;
}

/**
 * Writes assets through the store; returns the changes. `known` (the stored state read once before writing) lets an
 * unchanged asset cost nothing at all; without it each asset is read first.
 */
async function writeAssets(store: AssetStore, assets: AnyAsset[], log: Log, known?: Map<string, AnyAsset>): Promise<AssetChange[]> {
  const changes: AssetChange[] = [];
  await mapLimit(assets, 16, async (a) => {
    const prev = known ? known.get(a.id) : await store.getAsset(a.id);
    if (prev && prev.configHash === a.configHash && !prev.deletedAt) return;
    const outcome = await store.putAsset(a);
    if (outcome === 'created' || outcome === 'updated') {
      const change: AssetChange['change'] = outcome === 'created' ? 'created' : prev?.deletedAt ? 'restored' : 'updated';
      changes.push({
        change,
        asset: { ...a, firstSeen: prev?.firstSeen ?? a.firstSeen },
        ...(prev ? { previousConfigHash: prev.configHash } : {}),
      });
    } else if (outcome === 'stale') log.debug('stale asset observation ignored', { id: a.id });
  });
  return changes;
}

const gapKey = (g: CoverageGap) => canonicalJson({ ...g, observedAt: undefined, message: undefined });

/**
 * Replaces the stored gaps of a region for the scanned services (a service not scanned keeps its gaps; one observed
 * again is recorded once, as observed now); writes only when they differ.
 */
async function saveGaps(store: AssetStore, accountId: string, region: string, gaps: CoverageGap[], scannedServices: Set<string> | null) {
  const existing = (await store.listCoverageGaps(accountId)).filter((g) => g.region === region);
  const kept = scannedServices ? existing.filter((g) => !scannedServices.has(g.service)) : [];
  const next = [...new Map([...kept, ...gaps].map((g) => [gapKey(g), g])).values()];
  const a = existing.map(gapKey).sort().join('\n');
  const b = next.map(gapKey).sort().join('\n');
  if (a !== b) await store.putCoverageGaps(accountId, region, next);
}

/**
 * Full (or service-filtered) discovery of one account over the given regions.
 * Missing assets are tombstoned only for (region, type) pairs whose listing completed.
 */
export async function runDiscovery(opts: DiscoveryOptions): Promise<DiscoveryResult> {
  const { target, regions, clients, store, clock, log } = opts;
  if (!regions.length) throw new Error('runDiscovery: no regions configured');
  const startedAt = clock.now().toISOString();
  const partition = partitionOf(regions[0]);
  const limiter = new Limiter(opts.concurrency ?? 16);
  const { accountId, callerArn } = await resolveAccount(target, clients, globalRegion(partition), limiter);
  const progress = opts.onProgress ?? (() => {});
  const types = selected([...ALL_COLLECTORS.map((c) => c.type), ...DERIVED_TYPES], opts.services);
  const filtered = Boolean(opts.services?.length);

  // the recorded key references are begun before the stored state is read: a refresh writing a key meanwhile adds
  // to the set this scan completes at the end (4b)
  const scanId = `scan-${accountId}-${startedAt}`;
  await beginKeyRefs(store, accountId, scanId, log);
  // the stored state, read once and while the collectors wait on the network (compared against at the end, and
  // what a collector may keep when a read fails)
  const storedAllP = store.listAssets({ accountId, includeDeleted: true });
  storedAllP.catch(() => {});
  const storedByIdP = storedAllP.then((all) => new Map(all.map((a) => [a.id, a])));
  storedByIdP.catch(() => {});
  const previous = (id: string) => storedByIdP.then((m) => m.get(id)).catch(() => undefined);
  const env: CollectEnv = { accountId, partition, target, clients, limiter, now: startedAt, log, cache: new Map(), previous };

  // 1. collectors: every (region x regional type) and each global type, concurrently (the limiter bounds API calls)
  const jobs: Promise<TypeOutcome>[] = [];
  for (const c of ALL_COLLECTORS) {
    if (!types.has(c.type)) continue;
    if (c.scope === 'global') jobs.push(runCollector(c, env, 'global'));
    else for (const r of regions) jobs.push(runCollector(c, env, r));
  }
  const tStart = performance.now();
  const outcomes = await Promise.all(jobs);
  const tCollected = performance.now();
  progress(
    `collected ${outcomes.reduce((n, o) => n + o.drafts.length, 0)} assets in ${outcomes.length} region/type scans (${limiter.calls} API calls)`,
  );
  const drafts: AnyDraft[] = outcomes.flatMap((o) => o.drafts);
  const gaps: CoverageGap[] = outcomes.flatMap((o) => o.gaps);
  const status: Record<string, ServiceScanStatus> = {};
  for (const o of outcomes) status[`${o.region}/${o.type}`] = o.status;
  const upstreamFailed = (region?: string) =>
    outcomes.some((o) => o.status === 'failed' && (region === undefined || o.region === region || o.region === 'global'));
  const derivedRun = (type: AssetType, region: string) => new TypeRun(env, type, region);

  // 2a. Lambda functions that are agent action-group executors or flow Lambda nodes join the inventory even without
  // provider evidence
  const emittedIds = new Set(drafts.map((d) => d.id));
  for (const d of [...drafts]) {
    if (d.type !== 'bedrock.agent' && d.type !== 'bedrock.flow') continue;
    for (const r of d.relationships) {
      if (r.kind !== 'invokes-function' || emittedIds.has(r.targetId)) continue;
      const all = env.cache.get(lambdaCacheKey(d.region)) as Map<string, AssetDraft<'lambda.function'>> | undefined;
      const fn = all?.get(r.targetId);
      if (fn) {
        drafts.push(fn);
        emittedIds.add(fn.id);
      }
    }
  }

  // 2b-d. derived assets, concurrently: models in use, IAM principals, referenced buckets. Reference maps are built
  // from the collected drafts before any derived draft is added.
  const baseDrafts = [...drafts];
  const derivedTasks: Promise<void>[] = [];
  // 2b. foundation models in use (inventory references + invocation logs)
  if (types.has('bedrock.foundation-model')) {
    derivedTasks.push(
      (async () => {
        await Promise.all(
          regions.map(async (region) => {
            const run = derivedRun('bedrock.foundation-model', region);
            const observed: ModelUse[] = [];
            const logging = baseDrafts.find(
              (d): d is AssetDraft<'bedrock.logging-config'> => d.type === 'bedrock.logging-config' && d.region === region,
            );
            const useLogs = opts.invocationLogUsage ?? true;
            if (useLogs && logging?.config.cloudWatch?.logGroupName) {
              const o = typeof useLogs === 'object' ? useLogs : {};
              const got = await invocationLogUsage(run, logging.config.cloudWatch.logGroupName, o);
              if (got) observed.push(...got);
            }
            const models = foundationModelsInUse(baseDrafts, region, partition, observed);
            drafts.push(...models);
            gaps.push(...run.gaps);
            if (logging) logging.config.modelsInUse = models.length > 0;
            status[`${region}/bedrock.foundation-model`] =
              filtered || upstreamFailed(region) ? 'failed' : run.partial ? 'partial' : 'complete';
          }),
        );
      })(),
    );
  }

  // 2c. IAM principals used by AI assets (execution roles, API-key owners) with effective policies
  const sameAccountRole = new RegExp(`^arn:${partition}:iam::${accountId}:role/`);
  const roleUsers = new Map<string, string[]>();
  for (const d of baseDrafts)
    for (const r of d.relationships) if (r.kind === 'assumes-role' && sameAccountRole.test(r.targetId)) pushTo(roleUsers, r.targetId, d.id);
  if (types.has('iam.role'))
    derivedTasks.push(
      (async () => {
        const run = derivedRun('iam.role', 'global');
        const roles = await Promise.all([...roleUsers].map(([arn, usedBy]) => describeRole(run, arn, [...new Set(usedBy)])));
        drafts.push(...roles.filter((x): x is AnyDraft => Boolean(x)));
        gaps.push(...run.gaps);
        status['global/iam.role'] = filtered || upstreamFailed() ? 'failed' : run.partial ? 'partial' : 'complete';
      })(),
    );
  if (types.has('iam.user'))
    derivedTasks.push(
      (async () => {
        const run = derivedRun('iam.user', 'global');
        const owners = new Map<string, string[]>();
        for (const d of baseDrafts) if (d.type === 'iam.bedrock-api-key') pushTo(owners, d.config.userName, d.id);
        const users = await Promise.all([...owners].map(([name, usedBy]) => describeUser(run, name, usedBy)));
        for (const u of users) {
          if (u?.type !== 'iam.user') continue;
          drafts.push(u);
          for (const k of baseDrafts)
            if (k.type === 'iam.bedrock-api-key' && u.config.usedBy.includes(k.id)) Object.assign(k.config, ownerFacts(u.config));
        }
        gaps.push(...run.gaps);
        status['global/iam.user'] = filtered || upstreamFailed() ? 'failed' : run.partial ? 'partial' : 'complete';
      })(),
    );

  // 2d. S3 buckets referenced by AI assets
  if (types.has('s3.bucket'))
    derivedTasks.push(
      (async () => {
        const run = derivedRun('s3.bucket', 'global');
        const refs = new Map<string, { assetId: string; usage: string }[]>();
        for (const d of baseDrafts)
          for (const r of d.relationships)
            if (r.targetType === 's3.bucket') pushTo(refs, r.targetId, { assetId: d.id, usage: `${d.type}:${r.kind}` });
        const buckets = await Promise.all([...refs].map(([id, by]) => describeBucket(run, id, dedupe(by))));
        drafts.push(...buckets);
        gaps.push(...run.gaps);
        status['global/s3.bucket'] = filtered || upstreamFailed() ? 'failed' : run.partial ? 'partial' : 'complete';
      })(),
    );
  await Promise.all(derivedTasks);

  const storedAll = await storedAllP;
  const known = new Map(storedAll.map((a) => [a.id, a]));

  // 2e. the KMS keys every asset references (buckets included), described once each: AWS- or customer-managed, state
  // (a transient failure keeps the stored facts); and the account-level S3 Block Public Access setting, read once and
  // recorded on every bucket
  const [keys, accountPab] = await Promise.all([
    resolveKmsKeys(env, drafts, (d) => storedKeyFacts(known.get(d.id))),
    resolveAccountPublicAccessBlock(env, drafts, (d) => storedAccountPab(known.get(d.id))),
  ]);
  gaps.push(...keys.gaps, ...accountPab.gaps);

  // 3. store: write on change
  const tDerived = performance.now();
  const now = clock.now().toISOString();
  const unique = dedupeById(drafts);
  // A service-filtered scan sees only part of the references: it keeps the cross-asset fields of what is stored and
  // adds derived assets (roles, users, buckets, models in use) only when new; the next full scan reconciles them.
  if (filtered) for (const d of unique) await carryDerived(d, known.get(d.id), store, partition, accountId);
  const assets = unique.map((d) => finalizeDraft(d, accountId, startedAt));
  const toWrite = filtered
    ? assets.filter((a) => !(DERIVED_TYPES.includes(a.type) && known.get(a.id) && !known.get(a.id)?.deletedAt))
    : assets;
  const changes = await writeAssets(store, toWrite, log, known);

  // 4. tombstones for (region, type) pairs whose listing completed
  const seen = new Set(assets.map((a) => a.id));
  const deleted: string[] = [];
  const scopes = [...regions, 'global'];
  for (const region of scopes) {
    for (const a of storedAll) {
      if (a.region !== region || a.deletedAt || seen.has(a.id) || !types.has(a.type)) continue;
      const st = status[`${region}/${a.type}`];
      if (!st || !LISTED_OK.includes(st)) continue;
      const out = await store.markDeleted(a.id, startedAt);
      if (out === 'updated') {
        deleted.push(a.id);
        changes.push({ change: 'deleted', asset: { ...a, deletedAt: startedAt }, previousConfigHash: a.configHash });
      }
    }
  }

  // 4b. the key references of every live asset (stored and scanned), so a key-state event on a key none references
  // is dismissed with one read
  await recordKeyRefs(store, accountId, [...storedAll, ...assets], log, scanId);

  const tWritten = performance.now();
  // 5. coverage gaps per region (replacing those of the services scanned)
  // key resolution runs in every scan, but a filtered one describes only the keys of what it re-read: the kms gaps
  // that explain the unresolved keys of the other assets are kept and the new ones added (a full scan replaces them)
  const scannedServices = filtered ? new Set([...types].map((t) => collectorFor(t)?.service ?? t.split('.')[0])) : null;
  for (const region of scopes)
    await saveGaps(
      store,
      accountId,
      region,
      gaps.filter((g) => g.region === region),
      scannedServices,
    );
  for (const g of gaps)
    log.warn('coverage gap', {
      accountId: g.accountId,
      region: g.region,
      service: g.service,
      operation: g.operation,
      errorCode: g.errorCode,
    });

  // 6. scan run
  const counts: Record<string, number> = {
    assets: assets.length,
    changed: changes.filter((c) => c.change !== 'deleted').length,
    deleted: deleted.length,
    gaps: gaps.length,
    apiCalls: limiter.calls,
  };
  for (const a of assets) counts[`type:${a.type}`] = (counts[`type:${a.type}`] ?? 0) + 1;
  counts.collectMs = Math.round(tCollected - tStart);
  counts.derivedMs = Math.round(tDerived - tCollected);
  counts.storeMs = Math.round(tWritten - tDerived);
  const scanRun: ScanRun = {
    scanId,
    accountId,
    trigger: opts.trigger,
    startedAt,
    finishedAt: now > startedAt ? now : clock.now().toISOString(),
    services: status,
    counts,
  };
  await store.putScanRun(scanRun);
  progress(
    `discovery done: ${assets.length} assets, ${counts.changed} changed, ${deleted.length} deleted, ${gaps.length} coverage gaps, ${limiter.calls} API calls`,
  );
  return {
    scanRun,
    assets,
    changed: changes.filter((c) => c.change !== 'deleted').map((c) => c.asset),
    deleted,
    gaps,
    changes,
    apiCalls: limiter.calls,
    ...(callerArn ? { callerArn } : {}),
  };
}

function pushTo<K, V>(m: Map<K, V[]>, k: K, v: V) {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

function dedupe(by: { assetId: string; usage: string }[]) {
  const s = new Set<string>();
  return by.filter((b) => {
    const k = `${b.assetId}|${b.usage}`;
    if (s.has(k)) return false;
    s.add(k);
    return true;
  });
}

function dedupeById(drafts: AnyDraft[]): AnyDraft[] {
  const m = new Map<string, AnyDraft>();
  for (const d of drafts) if (d.id && !m.has(d.id)) m.set(d.id, d);
  return [...m.values()];
}

/**
 * The owning user's facts a Bedrock API key carries (`userPolicies`, `userPermissionsBoundary`, `userArn`: its ARN with
 * its path), copied by the scan and by every refresh of the user or the key.
 */
function ownerFacts(user: IamPrincipalConfig): Pick<BedrockApiKeyConfig, 'userPolicies' | 'userPermissionsBoundary' | 'userArn'> {
  return { userPolicies: user.policies, userPermissionsBoundary: user.permissionsBoundary, userArn: user.arn };
}

/**
 * A refreshed IAM user's Bedrock API keys (its `usedBy`) carry its policies and boundary (`userPolicies`,
 * `userPermissionsBoundary`, as the scan copies them): they are rewritten with the refreshed values (a key whose
 * copy is unchanged keeps its hash and is not written) and assessed with the user, so a boundary or policy change
 * reaches the API-key check at event time rather than at the next scan. An event refresh's `usedBy` is the keys IAM
 * lists under the user now (describeUser), so only keys it owns now are re-owned; a key its stored record listed that
 * IAM lists under another user now is left to that user's refresh or the next scan, and a listed key not in the
 * inventory to its own event or the scan (it takes its owner's facts when written: carryDerived).
 */
async function refreshOwnedApiKeys(
  user: Asset<'iam.user'>,
  store: AssetStore,
  accountId: string,
  now: string,
  result: RefreshResult,
  log: Log,
) {
  const drafts: AnyDraft[] = [];
  for (const id of user.config.usedBy) {
    const k = await store.getAsset(id);
    if (k?.type !== 'iam.bedrock-api-key' || k.deletedAt) continue;
    // a renamed owner (UpdateUser with a new name) re-owns its keys: the key's user name, name and owned-by target
    // follow it, as the scan would record them (unchanged for an owner under its stored name)
    const renamed = k.config.userName !== user.name;
    drafts.push({
      ...keyDraft(k, { ...k.config, ...(renamed ? { userName: user.name } : {}), ...ownerFacts(user.config) }, []),
      ...(renamed
        ? {
            name: `${user.name}/${k.config.credentialId}`,
            relationships: k.relationships.map((r) =>
              r.kind === 'owned-by' && r.targetType === 'iam.user' ? { ...r, targetId: user.id } : r,
            ),
          }
        : {}),
    });
  }
  await writeKeyDrafts(drafts, store, accountId, now, result, log);
}

/**
 * A stored API key as a draft with `config`, its other fields as stored; its collection errors keep all but an earlier
 * `owner unread` one, followed by `more`.
 */
function keyDraft(k: Asset<'iam.bedrock-api-key'>, config: BedrockApiKeyConfig, more: string[]): AnyDraft {
  const errors = [...(k.collectionErrors ?? []).filter((e) => !e.startsWith(OWNER_UNREAD)), ...more];
  return {
    id: k.id,
    type: k.type,
    region: k.region,
    name: k.name,
    config,
    tags: k.tags,
    relationships: k.relationships,
    ...(errors.length ? { collectionErrors: errors } : {}),
  };
}

/** Writes rewritten drafts of stored API keys (one whose hash is unchanged is not written) and reports them. */
async function writeKeyDrafts(drafts: AnyDraft[], store: AssetStore, accountId: string, now: string, result: RefreshResult, log: Log) {
  const keys = drafts.map((d) => finalizeDraft(d, accountId, now));
  if (!keys.length) return;
  result.changes.push(...(await writeAssets(store, keys, log)));
  result.assetIds.push(...keys.map((k) => k.id));
}

/** Prefix of the collection error a key carries while its owner's facts are unread (a refresh re-owning it drops it). */
const OWNER_UNREAD = 'owner unread: ';

/**
 * The live Bedrock API keys in the store that name (config `userName`; any case unless `exact`) one of `names`. The
 * event's one store listing of keys (`list`, memoized by the caller) finds the candidates; each is read again, so a key
 * this event already rewrote (re-owned under a new name) is judged as it is now.
 */
async function liveKeysNaming(
  store: AssetStore,
  list: () => Promise<AnyAsset[]>,
  names: string[],
  exact = false,
): Promise<Asset<'iam.bedrock-api-key'>[]> {
  const norm = (n: string) => (exact ? n : n.toLowerCase());
  const wanted = new Set(names.map(norm));
  if (!wanted.size) return [];
  const out: Asset<'iam.bedrock-api-key'>[] = [];
  for (const c of await list()) {
    if (c.type !== 'iam.bedrock-api-key' || !wanted.has(norm(c.config.userName))) continue;
    const k = await store.getAsset(c.id);
    if (k?.type === 'iam.bedrock-api-key' && !k.deletedAt && wanted.has(norm(k.config.userName))) out.push(k);
  }
  return out;
}

/**
 * Stored keys whose owner's facts an event refresh could not establish: its key list was unread and GetUser's UserId
 * did not prove the refreshed user is the stored one the key names (GetUser failed, the record predates `userId`, or
 * another UserId), or the user the key names was marked deleted (its keys, if still live, belong to nobody the event
 * read). Their owner facts are written as unread (`userPolicies` and the boundary unset, a collection error), so the
 * API-key checks answer ERROR instead of keeping a verdict judged on the stored user's policies; the next scan, or a
 * refresh that re-owns them (their owner's, or their own key event), clears it.
 */
async function markOwnerUnread(
  keys: Asset<'iam.bedrock-api-key'>[],
  reason: string,
  store: AssetStore,
  accountId: string,
  now: string,
  result: RefreshResult,
  log: Log,
) {
  const drafts = keys.map((k) =>
    keyDraft(k, { ...k.config, userPolicies: undefined, userPermissionsBoundary: undefined, userArn: undefined }, [
      `${OWNER_UNREAD}${reason}`,
    ]),
  );
  await writeKeyDrafts(drafts, store, accountId, now, result, log);
}

/**
 * Fields a full scan derives across assets (models in use, API-key owner policies and boundary) are not re-derivable
 * from one describe: a refresh keeps the inventory's values so an unchanged resource keeps its hash.
 */
async function carryDerived(draft: AnyDraft, stored: AnyAsset | undefined, store: AssetStore, partition: string, accountId: string) {
  if (draft.type === 'bedrock.logging-config' && stored?.type === 'bedrock.logging-config' && stored.config.modelsInUse !== undefined) {
    draft.config.modelsInUse = stored.config.modelsInUse;
  }
  if (draft.type === 'iam.bedrock-api-key') {
    const owner = await store.getAsset(userArn(partition, accountId, draft.config.userName));
    if (owner?.type === 'iam.user' && !owner.deletedAt) Object.assign(draft.config, ownerFacts(owner.config));
    else if (stored?.type === 'iam.bedrock-api-key') {
      const { userPolicies, userPermissionsBoundary, userArn } = stored.config;
      Object.assign(draft.config, { userPolicies, userPermissionsBoundary, ...(userArn ? { userArn } : {}) });
    }
  }
}

// ------------------------------------------------------------------------------------------------
// Event-driven refresh
// ------------------------------------------------------------------------------------------------

export interface RefreshOptions {
  clients: ClientFactory;
  store: AssetStore;
  clock: Clock;
  log: Log;
  /** Account target; default: the event's account with ambient credentials. */
  target?: AccountTarget;
  concurrency?: number;
  /**
   * Regions the scheduled scan covers: assets of an event from another region are not refreshed (the scan would never
   * tombstone them). Global assets (IAM, S3 buckets) always are. Absent = every region.
   */
  scanRegions?: string[];
}

export interface RefreshResult {
  accountId: string;
  /** What the event asked for. */
  targets: RefreshTarget[];
  /** Written changes (created/updated/restored/deleted). */
  changes: AssetChange[];
  /** Ids of every asset touched (changed or not): the assessment scope. */
  assetIds: string[];
  /** Why nothing was done, when nothing was done. */
  ignored?: string;
  /** Targets skipped because stored state is newer than the event, or not in the inventory; dependencies nothing depends on. */
  skipped: ({ target: RefreshTarget; reason: string } | { dependency: DependencyTarget; reason: string })[];
  gaps: CoverageGap[];
  cause?: AssetChangedDetail['cause'];
}

/** Accepts an EventBridge CloudTrail event or a bare CloudTrail record. */
export function cloudTrailRecordOf(event: unknown): { record: CloudTrailRecord; account?: string } | undefined {
  if (!event || typeof event !== 'object') return undefined;
  const e = event as Partial<CloudTrailEventBridgeEvent> & CloudTrailRecord;
  if (typeof e['detail-type'] === 'string') {
    if (!CLOUDTRAIL_DETAIL_TYPES.includes(e['detail-type']) || !e.detail || typeof e.detail !== 'object') return undefined;
    return { record: e.detail, account: e.account ?? e.detail.recipientAccountId };
  }
  if (typeof e.eventName === 'string' && typeof e.eventSource === 'string') return { record: e, account: e.recipientAccountId };
  return undefined;
}

/**
 * The stored asset an event target names: a live exact match (by id, then by name or id suffix), then (IAM users,
 * whose names are unique regardless of case) a live user of that name in another case (the latest observed), and only
 * then a deleted exact match, so that a deleted `ci-bot` does not hide a live `CI-BOT`.
 */
async function findStored(store: AssetStore, accountId: string, t: RefreshTarget, id: string | undefined): Promise<AnyAsset | undefined> {
  const byId = id ? ((await store.getAsset(id)) ?? undefined) : undefined;
  if (byId && !byId.deletedAt) return byId;
  if (t.type === 'iam.role' || t.type === 'iam.user' || t.type === 's3.bucket' || !id) {
    const all = await store.listAssets({ accountId, region: t.region, includeDeleted: true });
    const exact = all.filter((a) => a.type === t.type && (a.name === t.key || a.id === t.key || a.id.endsWith(`/${t.key}`)));
    const live = exact.find((a) => !a.deletedAt);
    if (live) return live;
    if (t.type === 'iam.user') {
      // IAM user names are unique regardless of case: an event may name a stored user in another case
      const key = t.key.toLowerCase();
      const other = all
        .filter((a) => a.type === 'iam.user' && !a.deletedAt && a.name.toLowerCase() === key)
        .sort((a, b) => (a.lastSeen < b.lastSeen ? 1 : a.lastSeen > b.lastSeen ? -1 : a.id < b.id ? -1 : 1))[0];
      if (other) return other;
    }
    return byId ?? exact[0];
  }
  return byId;
}

/**
 * Re-describes the asset(s) a CloudTrail write event touched and writes them. Idempotent: duplicates find the same
 * state (no write); an event older than the stored observation is skipped; a re-describe always reflects the current
 * state, and the store rejects an observation older than what it holds (out-of-order refreshes).
 */
export async function refreshFromEvent(event: unknown, opts: RefreshOptions): Promise<RefreshResult> {
  const { store, clock, log, clients } = opts;
  const parsed = cloudTrailRecordOf(event);
  const empty = (accountId: string, ignored: string): RefreshResult => ({
    accountId,
    targets: [],
    changes: [],
    assetIds: [],
    ignored,
    skipped: [],
    gaps: [],
  });
  if (!parsed) return empty(opts.target?.accountId ?? '', 'not a CloudTrail API call event');
  const { record } = parsed;
  const accountId = opts.target?.accountId ?? parsed.account ?? '';
  if (!accountId) return empty('', 'event has no account');
  const route = routeCloudTrailRecord(record);
  const eventTime = normalizeEventTime(record.eventTime);
  const cause: AssetChangedDetail['cause'] = {
    eventName: record.eventName ?? '',
    eventSource: record.eventSource ?? '',
    ...(record.eventID ? { eventId: record.eventID } : {}),
    ...(eventTime ? { eventTime } : {}),
    ...(record.userIdentity?.arn ? { principalArn: record.userIdentity.arn } : {}),
  };
  if (route.ignored) return { ...empty(accountId, route.ignored), cause };
  const scanned = opts.scanRegions;
  if (scanned) {
    // targets, and the EC2 dependencies (their instances are re-described and written) of a region outside the
    // scanned ones are ignored; a KMS key dependency is not: it only re-reads keys that inventoried assets reference
    const outside =
      route.targets.find((t) => t.region !== 'global' && !scanned.includes(t.region))?.region ??
      route.dependencies?.filter(isEc2Dependency).find((d) => !scanned.includes(d.region))?.region;
    if (outside) return { ...empty(accountId, `region ${outside} is not scanned (regions)`), cause };
  }
  const now = clock.now().toISOString();
  const region0 =
    route.targets.find((t) => t.region !== 'global')?.region ??
    route.dependencies?.flatMap((d) => ('region' in d ? [d.region] : []))[0] ??
    // an account-level dependency (S3 Block Public Access) is read in the partition the event came from
    record.awsRegion ??
    'us-east-1';
  const partition = partitionOf(region0);
  const env: CollectEnv = {
    accountId,
    partition,
    target: { ...(opts.target ?? {}), accountId },
    clients,
    limiter: new Limiter(opts.concurrency ?? 8),
    now,
    log,
    cache: new Map(),
    previous: (id) => store.getAsset(id),
  };
  const result: RefreshResult = { accountId, targets: route.targets, changes: [], assetIds: [], skipped: [], gaps: [], cause };
  // the stored Bedrock API keys, listed at most once per event (when a user refresh must find the keys naming a user)
  let keyListing: Promise<AnyAsset[]> | undefined;
  const storedKeys = () => {
    keyListing ??= store.listAssets({ accountId, region: 'global', type: 'iam.bedrock-api-key' });
    return keyListing;
  };
  const markUnread = (keys: Asset<'iam.bedrock-api-key'>[], reason: string) =>
    markOwnerUnread(keys, reason, store, accountId, now, result, log);
  const ec2Deps = route.dependencies?.filter(isEc2Dependency) ?? [];
  const policyDeps = route.dependencies?.filter(isManagedPolicyDependency) ?? [];
  const groupDeps = route.dependencies?.filter(isGroupDependency) ?? [];
  if (ec2Deps.length || policyDeps.length || groupDeps.length) {
    const more = [
      ...(ec2Deps.length ? await ec2DependentTargets(ec2Deps, store, env, result, log) : []),
      ...(policyDeps.length ? await managedPolicyDependentTargets(policyDeps, store, accountId, result) : []),
      ...(groupDeps.length ? await groupMemberTargets(groupDeps, store, accountId, result) : []),
    ];
    const seen = new Set(route.targets.map((t) => `${t.type}|${t.region}|${t.key}`));
    result.targets = [...route.targets, ...more.filter((t) => !seen.has(`${t.type}|${t.region}|${t.key}`))];
  }
  // UpdateUser: the new name and the old name are each refreshed on their own, by authoritative reads (describeUser:
  // GetUser's UserId and the keys IAM lists under the name now). The renamed user's keys are listed under its new name,
  // so they follow it; whoever holds the old name now (nobody: tombstoned; a new user of the reused name: another
  // UserId) owns only its own. No timestamp decides who is who. The new name first, so the renamed user's findings
  // open before the old name's resolve
  const isRename = record.eventName === 'UpdateUser';
  const renamedTo = isRename ? record.requestParameters?.newUserName : undefined;
  const renamedFrom = isRename ? record.requestParameters?.userName : undefined;
  // a rename that only changes the case: IAM answers the old case for the renamed user, so the old-case record is marked
  // deleted rather than re-read (it would claim the renamed user's keys back)
  const caseOnly =
    typeof renamedTo === 'string' &&
    typeof renamedFrom === 'string' &&
    renamedTo !== renamedFrom &&
    renamedTo.toLowerCase() === renamedFrom.toLowerCase();
  const ordered =
    isRename && typeof renamedTo === 'string'
      ? [
          ...result.targets.filter((t) => t.type === 'iam.user' && t.key === renamedTo),
          ...result.targets.filter((t) => !(t.type === 'iam.user' && t.key === renamedTo)),
        ]
      : result.targets;
  for (const t of ordered) {
    const collector = collectorFor(t.type);
    const run = new TypeRun(env, t.type, t.region);
    const knownId = t.storedId ?? collector?.idFor?.({ region: t.region, key: t.key, key2: t.key2 }, accountId, partition);
    let stored = await findStored(store, accountId, t, knownId);
    // a rename's new name is in the AI inventory when IAM lists a Bedrock API key under it (as the scan derives users
    // from their keys): it is read even when not stored, and written only then (below). It is read and written under
    // the event's name: a record found under another case of it is the old name's (a case-only rename)
    const renameTarget = isRename && t.type === 'iam.user' && t.key === renamedTo;
    if (renameTarget && stored && stored.name !== t.key) stored = undefined;
    // the rename's old name, live in the inventory: the same user when GetUser's UserIds match, whose keys the new name
    // keeps when its own key list cannot be read
    const source =
      renameTarget && typeof renamedFrom === 'string'
        ? await findStored(
            store,
            accountId,
            { type: 'iam.user', region: 'global', key: renamedFrom },
            userArn(partition, accountId, renamedFrom),
          )
        : undefined;
    const renameSource = source && !source.deletedAt && source.id !== stored?.id ? source : undefined;
    if (t.onlyIfKnown && (!stored || stored.deletedAt) && !renameTarget) {
      result.skipped.push({ target: t, reason: 'not in the AI inventory' });
      continue;
    }
    // not when the stored read was partial (collection errors, e.g. IAM's eventual consistency): the event reads again
    // (one read per event), so an ERROR does not hold off later events until the next scan. IAM users: CloudTrail's
    // eventTime is whole seconds, so only an observation after the event's second is newer than it (one within it may
    // precede the change); a rename's new name tombstoned after it (renamed on or deleted since, e.g. a re-delivered
    // UpdateUser) is newer too: a user now holding that name is read by its own events or the scan
    const userAfter = eventTime && t.type === 'iam.user' ? new Date(Date.parse(eventTime) + 1000).toISOString() : undefined;
    const newer =
      !!stored &&
      !!eventTime &&
      (userAfter
        ? stored.deletedAt
          ? renameTarget && stored.deletedAt >= userAfter
          : stored.lastSeen >= userAfter
        : !stored.deletedAt && stored.lastSeen >= eventTime);
    if (stored && newer && !stored.collectionErrors?.length) {
      result.skipped.push({
        target: t,
        reason: `stored state observed at ${stored.deletedAt ?? stored.lastSeen} is newer than the event (${eventTime})`,
      });
      result.assetIds.push(stored.id);
      continue;
    }
    let draft: AnyDraft | null;
    try {
      if (t.type === 'iam.role')
        draft = await describeRole(
          run,
          stored?.id ?? `arn:${partition}:iam::${accountId}:role/${t.key}`,
          (stored?.config as { usedBy?: string[] })?.usedBy ?? [],
        );
      else if (t.type === 'iam.user' && caseOnly && t.key === renamedFrom && stored?.name === renamedFrom) draft = null;
      else if (t.type === 'iam.user') {
        // a tombstone's usedBy is never carried (its user is gone); a live record's only to the same UserId (describeUser)
        const live = stored && !stored.deletedAt ? (stored.config as { usedBy?: string[]; userId?: string }) : undefined;
        const from = renameSource?.config as { usedBy?: string[]; userId?: string } | undefined;
        draft = await describeUser(run, stored && !stored.deletedAt && !renameTarget ? stored.name : t.key, live?.usedBy ?? [], {
          listKeys: true,
          storedUserId: live?.userId,
          ...(from ? { alsoStored: [{ userId: from.userId, usedBy: from.usedBy ?? [] }] } : {}),
        });
      } else if (t.type === 's3.bucket')
        draft = await describeBucket(
          run,
          stored?.id ?? `arn:aws:s3:::${t.key}`,
          (stored?.config as { referencedBy?: { assetId: string; usage: string }[] })?.referencedBy ?? [],
        );
      else if (collector?.refresh)
        draft = await collector.refresh(run, { region: t.region, key: t.key, key2: t.key2, ...(t.gone ? { gone: true } : {}) });
      else {
        result.skipped.push({ target: t, reason: `no refresh for ${t.type}` });
        continue;
      }
    } catch (err) {
      const cls = classifyError(err, 'describe');
      if (cls === 'not-found') draft = null;
      else {
        run.gap(collector?.service ?? t.type.split('.')[0], `refresh ${t.type}`, err);
        result.gaps.push(...run.gaps);
        log.warn('refresh failed', { type: t.type, region: t.region, code: errorCode(err) });
        continue;
      }
    }
    result.gaps.push(...run.gaps);
    if (draft && draft.type === 'lambda.function' && !isAiFunction(draft) && !stored) {
      result.skipped.push({ target: t, reason: 'function has no AI provider or Bedrock usage' });
      continue;
    }
    if (draft?.type === 'iam.user') {
      const userId = draft.config.userId;
      if (keyListUnread.has(draft)) {
        // its key list unread: a live stored key naming this user or a stored record it was read for (the stored name, a
        // rename's old name) is re-owned when GetUser's UserId proves that record is this user and the record's stored
        // usedBy lists the key; every other key naming those names (a previous holder's of a reused name, one the stored
        // usedBy misses) is written with its owner facts unread, never left with a verdict judged on a stored user's
        // policies
        const proven = new Map<string, Set<string>>([[draft.name.toLowerCase(), new Set()]]);
        for (const rec of [stored && !stored.deletedAt ? stored : undefined, renameSource]) {
          if (!rec) continue;
          const ids = proven.get(rec.name.toLowerCase()) ?? new Set<string>();
          if (userId && (rec.config as { userId?: string }).userId === userId)
            for (const id of (rec.config as { usedBy?: string[] }).usedBy ?? []) ids.add(id);
          proven.set(rec.name.toLowerCase(), ids);
        }
        const named = await liveKeysNaming(store, storedKeys, [...proven.keys()]);
        const isProven = (k: Asset<'iam.bedrock-api-key'>) => !!proven.get(k.config.userName.toLowerCase())?.has(k.id);
        const unproven = named.filter((k) => !isProven(k));
        const reowned = named.filter(isProven).map((k) => k.id);
        if (reowned.length) draft.config.usedBy = [...new Set([...draft.config.usedBy, ...reowned])].sort();
        await markUnread(
          unproven,
          `${draft.name}'s Bedrock API keys could not be listed and no stored record GetUser proved this user lists the key`,
        );
      } else if (
        stored &&
        !stored.deletedAt &&
        userId &&
        (stored.config as { userId?: string }).userId &&
        (stored.config as { userId?: string }).userId !== userId &&
        !draft.config.usedBy.length
      )
        // another user holds the stored name now (a reused name) and IAM lists no Bedrock API key under it: not in the AI
        // inventory; the stored record (another user's) is marked deleted
        draft = null;
    }
    if (renameTarget && (!stored || stored.deletedAt) && draft?.type === 'iam.user' && !draft.config.usedBy.length) {
      // the new name's key list unread and no live record of the old name re-owned its keys: the old name's still-live
      // keys (its record tombstoned) are written with their owner facts unread, never left with the old user's policies
      if (keyListUnread.has(draft) && typeof renamedFrom === 'string' && !renameSource)
        await markUnread(
          await liveKeysNaming(store, storedKeys, [renamedFrom], true),
          `${renamedFrom} was renamed to ${draft.name}, whose Bedrock API keys could not be listed`,
        );
      result.skipped.push({
        target: t,
        reason: run.partial
          ? `its Bedrock API keys could not be listed: left to the scan`
          : 'not in the AI inventory (IAM lists no Bedrock API key under it)',
      });
      continue;
    }
    if (!draft) {
      const id = stored?.id ?? knownId;
      if (id && stored && !stored.deletedAt) {
        // a user marked deleted: its keys still live in the store (naming it, exactly: a case-only rename's keys were
        // re-owned under the new case) are no longer judged on its policies. Done before markDeleted, so a retry after
        // a failure here finds the user live and redoes both; its 'deleted' change is reported before the keys'
        const at = result.changes.length;
        if (stored.type === 'iam.user')
          await markUnread(
            await liveKeysNaming(store, storedKeys, [stored.name], true),
            `${stored.name} was marked deleted (renamed, deleted or its name reused); the key's owner was not read`,
          );
        const out = await store.markDeleted(id, now);
        if (out === 'updated')
          result.changes.splice(at, 0, { change: 'deleted', asset: { ...stored, deletedAt: now }, previousConfigHash: stored.configHash });
        result.assetIds.push(id);
      } else result.skipped.push({ target: t, reason: 'resource does not exist and is not in the inventory' });
      continue;
    }
    await carryDerived(draft, stored, store, partition, accountId);
    const keyRun = await resolveKmsKeys(env, [draft], () => storedKeyFacts(stored));
    result.gaps.push(...keyRun.gaps, ...(await resolveAccountPublicAccessBlock(env, [draft], () => storedAccountPab(stored))).gaps);
    const asset = finalizeDraft(draft, accountId, now);
    const written = await writeAssets(store, [asset], log);
    if (written.length) await recordKeyRefs(store, accountId, [asset], log);
    result.changes.push(...written);
    result.assetIds.push(asset.id);
    if (asset.type === 'iam.user') await refreshOwnedApiKeys(asset, store, accountId, now, result, log);
    // newly referenced roles / buckets that are not yet inventoried. A bucket name says nothing of its account: it is
    // recorded under this account only when the owner-checked read confirms it is this account's (another account's
    // bucket, e.g. a third account's referenced by a member's asset, is left to the scan, which flags it `external`)
    const extra: AnyDraft[] = [];
    for (const r of asset.relationships) {
      if (r.targetType !== 'iam.role' && r.targetType !== 's3.bucket') continue;
      if (r.targetType === 'iam.role' && !r.targetId.startsWith(`arn:${partition}:iam::${accountId}:role/`)) continue;
      if (await store.getAsset(r.targetId)) continue;
      const sub = new TypeRun(env, r.targetType, 'global');
      const d =
        r.targetType === 'iam.role'
          ? await describeRole(sub, r.targetId, [asset.id])
          : await describeBucket(sub, r.targetId, [{ assetId: asset.id, usage: `${asset.type}:${r.kind}` }]);
      result.gaps.push(...sub.gaps);
      if (d?.type === 's3.bucket' && !bucketOwnerConfirmed(d)) {
        result.skipped.push({
          target: { type: 's3.bucket', region: 'global', key: d.name },
          reason: 'bucket owner not confirmed as this account: left to the scan',
        });
        continue;
      }
      if (d) extra.push(d);
    }
    if (extra.length) {
      result.gaps.push(...(await resolveKmsKeys(env, extra)).gaps, ...(await resolveAccountPublicAccessBlock(env, extra)).gaps);
      const more = await writeAssets(
        store,
        extra.map((d) => finalizeDraft(d, accountId, now)),
        log,
      );
      if (more.length)
        await recordKeyRefs(
          store,
          accountId,
          more.map((c) => c.asset),
          log,
        );
      result.changes.push(...more);
      result.assetIds.push(...extra.map((d) => d.id));
    }
  }
  const otherDeps = (route.dependencies ?? []).filter(
    (d): d is Exclude<DependencyTarget, Ec2DependencyTarget | ManagedPolicyDependency | GroupDependency> =>
      !isEc2Dependency(d) && !isManagedPolicyDependency(d) && !isGroupDependency(d),
  );
  if (otherDeps.length) await refreshDependents(otherDeps, env, store, result, log);
  result.assetIds = [...new Set(result.assetIds)];
  return result;
}

/**
 * Whether a stored AI instance's facts use what an EC2 network change names. A security-group dependency by name must
 * have been resolved to the default VPC's group ids first (`resolveGroupNames`); names still given (the resolution
 * failed transiently) match the recorded group names, which may over-refresh, never under-refresh.
 */
export function instanceUses(c: Ec2InstanceConfig, dep: Ec2DependencyTarget): boolean {
  const nics = c.networkInterfaces ?? [];
  if (dep.kind === 'security-group') {
    const ids = new Set([...(c.securityGroupIds ?? []), ...nics.flatMap((n) => n.groupIds ?? [])]);
    if (dep.groupIds.some((g) => ids.has(g))) return true;
    return dep.groupNames.length > 0 && Object.values(c.securityGroups ?? {}).some((g) => !!g && dep.groupNames.includes(g.groupName));
  }
  if (dep.kind === 'network-interface') return nics.some((n) => n.networkInterfaceId === dep.networkInterfaceId);
  // a detached interface: the one with that attachment id. An interface without one is a candidate when it may be a
  // detachable interface recorded before attachment ids were (all but the primary: network card 0, device index 0):
  // a device index other than 0, or one of several device-index-0 interfaces (a multi-network-card instance: p4d, p5...)
  // when the item records no network card index (stored before it was; the primary is then not known)
  if (dep.kind === 'network-interface-attachment') {
    const index0 = nics.filter((n) => n.deviceIndex === 0);
    const cardsUnknown = index0.length > 1 && !nics.some((n) => n.networkCardIndex !== undefined);
    return nics.some((n) => n.attachmentId === dep.attachmentId || (n.attachmentId === undefined && (n.deviceIndex !== 0 || cardsUnknown)));
  }
  if (dep.kind === 'volume') return (c.volumeIds ?? []).includes(dep.volumeId);
  // items stored before `publicIps` carry the primary private IP's `publicIp`
  const legacy = (n: object) => ((n as { publicIp?: string }).publicIp ? [(n as { publicIp?: string }).publicIp as string] : []);
  const ips = new Set([...(c.publicIpAddresses ?? []), ...nics.flatMap((n) => [...(n.publicIps ?? []), ...legacy(n)])]);
  if (dep.publicIp) return ips.has(dep.publicIp);
  // by association or allocation id (VPC): only an Elastic IP has an association to remove (or is released);
  // DescribeInstances gives neither id, so every instance holding one (or whose addresses' owners were not recorded)
  // is a candidate
  if (!nics.length) return ips.size > 0;
  return nics.some((n) => {
    const own = [...(n.publicIps ?? []), ...legacy(n)];
    if (!own.length) return false;
    return n.elasticIps === undefined || n.elasticIps.length > 0;
  });
}

/**
 * A ReleaseAddress by allocation id (VPC). Releasing an address still associated succeeds only in the default VPC (EC2:
 * "[Default VPC] Releasing an Elastic IP address automatically disassociates it from any instance that it's associated
 * with"; "[Nondefault VPC] you must use DisassociateAddress ... Otherwise, Amazon EC2 returns an error
 * (InvalidIPAddress.InUse)"), and failed calls are not routed: only an instance of the default VPC can have lost it.
 */
function isReleaseByAllocation(dep: Ec2DependencyTarget): dep is Extract<Ec2DependencyTarget, { kind: 'public-ip' }> {
  return dep.kind === 'public-ip' && !dep.publicIp && !dep.associationId && !!dep.allocationId;
}

/**
 * Whether an instance may be in the region's default VPC (`defaultVpc`: its id; `null`: the region has none;
 * `undefined`: not known, the look-up failed). An instance whose VPC was not recorded is kept (never under-refresh).
 */
function inDefaultVpc(c: Ec2InstanceConfig, defaultVpc: string | null | undefined): boolean {
  if (defaultVpc === undefined || !c.vpcId) return true;
  return c.vpcId === defaultVpc;
}

/**
 * The region's default VPC id, read from its `default` security group (DescribeSecurityGroups with `GroupNames`: "[Default
 * VPC] the names of the security groups"; every VPC has a `default` group, which cannot be deleted; no new IAM action):
 * `null` when the region has no default VPC (VPCIdNotSpecified), `undefined` when the call failed otherwise (every
 * candidate is kept: an instance refreshed for nothing at worst).
 */
async function defaultVpcOf(region: string, env: CollectEnv, log: Log): Promise<string | null | undefined> {
  try {
    const out = await env.limiter.run('DescribeSecurityGroups', () =>
      env.clients.client('ec2', region, env.target).send(new DescribeSecurityGroupsCommand({ GroupNames: ['default'] })),
    );
    const vpc = out.SecurityGroups?.find((g) => g.GroupName === 'default' && g.VpcId)?.VpcId;
    if (vpc) return vpc;
    log.warn('default VPC not resolved; keeping every candidate', { region });
    return undefined;
  } catch (err) {
    const code = errorCode(err);
    if (code === 'VPCIdNotSpecified') return null;
    log.warn('default VPC not resolved; keeping every candidate', { region, code });
    return undefined;
  }
}

/**
 * Group names of default-VPC security-group calls, resolved to the group ids of the region's default VPC
 * (DescribeSecurityGroups with `GroupNames`: "[Default VPC] the names of the security groups", so a group of the same
 * name in another VPC is not matched; no new IAM action). Called only when a stored AI instance has a group of that
 * name. A name the default VPC does not have (or no default VPC) resolves to nothing; a failed call keeps the names
 * (matched on the recorded names: an instance refreshed for nothing at worst).
 */
async function resolveGroupNames(
  dep: Extract<Ec2DependencyTarget, { kind: 'security-group' }>,
  env: CollectEnv,
  log: Log,
): Promise<Extract<Ec2DependencyTarget, { kind: 'security-group' }>> {
  const ids: string[] = [];
  const names: string[] = [];
  for (const name of dep.groupNames) {
    try {
      const out = await env.limiter.run('DescribeSecurityGroups', () =>
        env.clients.client('ec2', dep.region, env.target).send(new DescribeSecurityGroupsCommand({ GroupNames: [name] })),
      );
      for (const g of out.SecurityGroups ?? []) if (g.GroupId) ids.push(g.GroupId);
    } catch (err) {
      const code = errorCode(err);
      // EC2: InvalidGroup.NotFound for a name the default VPC does not have; VPCIdNotSpecified without a default VPC
      if (code === 'InvalidGroup.NotFound' || code === 'VPCIdNotSpecified' || classifyError(err, 'describe') === 'not-found') continue;
      log.warn('security group name not resolved; matching recorded names', { region: dep.region, code });
      names.push(name);
    }
  }
  return { ...dep, groupIds: [...new Set([...dep.groupIds, ...ids])], groupNames: names };
}

type ManagedPolicyDependency = Extract<DependencyTarget, { kind: 'iam-managed-policy' }>;
const isManagedPolicyDependency = (d: DependencyTarget): d is ManagedPolicyDependency => d.kind === 'iam-managed-policy';

/** Whether a stored role's or user's facts use a managed policy: attached (directly or through a group) or as boundary. */
export function usesManagedPolicy(c: IamPrincipalConfig, policyArn: string): boolean {
  return c.permissionsBoundary?.arn === policyArn || (c.policies ?? []).some((p) => p.arn === policyArn);
}

/**
 * The inventoried IAM roles and users a managed policy's new default version applies to (`usesManagedPolicy`): each is
 * re-described (the policy document read again) like a routed policy change of its own, read by its stored id
 * (`storedId`): the store is listed once per type, not once per target. Only customer managed policies come this way:
 * AWS updates its managed policies (a new default version of `arn:aws:iam::aws:policy/...`) without a CloudTrail event
 * in the customer's account, so the principals using one are judged on the new version from the next scan on.
 */
async function managedPolicyDependentTargets(
  deps: ManagedPolicyDependency[],
  store: AssetStore,
  accountId: string,
  result: RefreshResult,
): Promise<RefreshTarget[]> {
  const principals = [
    ...(await store.listAssets({ accountId, region: 'global', type: 'iam.role' })),
    ...(await store.listAssets({ accountId, region: 'global', type: 'iam.user' })),
  ].filter((a) => (a.type === 'iam.role' || a.type === 'iam.user') && !a.deletedAt);
  const out: RefreshTarget[] = [];
  for (const dep of deps) {
    const hits = principals.filter((a) => usesManagedPolicy(a.config as IamPrincipalConfig, dep.policyArn));
    if (!hits.length) result.skipped.push({ dependency: dep, reason: 'no inventoried IAM role or user attaches it or is bounded by it' });
    for (const a of hits) out.push({ type: a.type, region: 'global', key: a.name, onlyIfKnown: true, storedId: a.id });
  }
  return out;
}

type GroupDependency = Extract<DependencyTarget, { kind: 'iam-group' }>;
const isGroupDependency = (d: DependencyTarget): d is GroupDependency => d.kind === 'iam-group';

/**
 * Whether a stored user is a member of a group, by name regardless of case (IAM group names are unique regardless of
 * case, and an event may name the group in another case): the recorded `groups`, or, for a user stored before groups
 * were recorded (no `groups`, and policies read), the `<group>/` prefix of its group policies' names (group and policy
 * names cannot contain `/`). A member of a group without policies stored before groups were recorded is not found that
 * way: it is found from the next scan on. A user in no group has no `groups` and no such prefix.
 */
export function memberOfGroup(c: IamPrincipalConfig, groupName: string): boolean {
  const want = groupName.toLowerCase();
  if (c.groups) return c.groups.some((g) => g.toLowerCase() === want);
  return (c.policies ?? []).some((p) => p.name.toLowerCase().startsWith(`${want}/`));
}

/**
 * The inventoried IAM users a group's policy change (or rename, by the old name) applies to (`memberOfGroup`): each
 * is re-described (its own and its groups' policies, and its group names, read again) like a routed policy change of
 * its own, read by its stored id (`storedId`): the store is listed once (the users), not once per target, and the
 * members are then read one after another (the cost grows with their number; on a retry the members already written
 * are skipped as newer than the event). No AWS call is made when no inventoried user is a member.
 */
async function groupMemberTargets(
  deps: GroupDependency[],
  store: AssetStore,
  accountId: string,
  result: RefreshResult,
): Promise<RefreshTarget[]> {
  const users = (await store.listAssets({ accountId, region: 'global', type: 'iam.user' })).filter(
    (a) => a.type === 'iam.user' && !a.deletedAt,
  );
  const out: RefreshTarget[] = [];
  for (const dep of deps) {
    const hits = users.filter((a) => memberOfGroup(a.config as IamPrincipalConfig, dep.groupName));
    if (!hits.length) result.skipped.push({ dependency: dep, reason: 'no inventoried IAM user is a member of the group' });
    for (const a of hits) out.push({ type: 'iam.user', region: 'global', key: a.name, onlyIfKnown: true, storedId: a.id });
  }
  return out;
}

/**
 * The inventoried AI instances an EC2 network change touches, as refresh targets: a security group rule change, an
 * interface's groups or addresses, a disassociated Elastic IP name no instance, so the stored facts say which AI
 * instances use the group, carry the interface or the address. One store query reads the event region's AI instances
 * (the full items: a GSI query, eventually consistent; see docs/discovery.md for the cost and the window), and no AWS
 * call is made when none uses it (the common case: most groups guard no AI instance). Each instance found is then
 * re-described as a whole (DescribeInstances by id, its groups' rules, volumes...), so a rule change, a group swap or a
 * lost address is judged on fresh state. An instance whose membership changed without a routed event (e.g. an
 * interface created with the group and attached at launch by an AMI-only RunInstances) is matched from the next scan on.
 */
async function ec2DependentTargets(
  deps: Ec2DependencyTarget[],
  store: AssetStore,
  env: CollectEnv,
  result: RefreshResult,
  log: Log,
): Promise<RefreshTarget[]> {
  const out: RefreshTarget[] = [];
  const byRegion = new Map<string, AnyAsset[]>();
  const defaultVpcs = new Map<string, string | null | undefined>();
  for (const given of deps) {
    let instances = byRegion.get(given.region);
    if (!instances) {
      instances = (await store.listAssets({ accountId: env.accountId, region: given.region, type: 'ec2.instance' })).filter(
        (a) => a.type === 'ec2.instance' && !a.deletedAt,
      );
      byRegion.set(given.region, instances);
    }
    let dep = given;
    if (dep.kind === 'security-group' && dep.groupNames.length) {
      const named = dep.groupNames;
      const anyNamed = instances.some((a) =>
        Object.values((a.config as Ec2InstanceConfig).securityGroups ?? {}).some((g) => !!g && named.includes(g.groupName)),
      );
      dep = anyNamed ? await resolveGroupNames(dep, env, log) : { ...dep, groupNames: [] };
    }
    const d = dep;
    let hits = instances.filter((a) => instanceUses(a.config as Ec2InstanceConfig, d));
    if (hits.length && isReleaseByAllocation(d)) {
      const known = defaultVpcs.has(d.region) ? defaultVpcs.get(d.region) : await defaultVpcOf(d.region, env, log);
      defaultVpcs.set(d.region, known);
      hits = hits.filter((a) => inDefaultVpc(a.config as Ec2InstanceConfig, known));
      if (!hits.length) {
        result.skipped.push({ dependency: given, reason: 'no inventoried AI instance holding an Elastic IP in the default VPC' });
        continue;
      }
    }
    if (!hits.length) {
      result.skipped.push({ dependency: given, reason: 'no inventoried AI instance uses it' });
      continue;
    }
    for (const a of hits)
      out.push({ type: 'ec2.instance', region: a.region, key: (a.config as Ec2InstanceConfig).instanceId, onlyIfKnown: true });
  }
  return out;
}

/** The KMS key facts a stored asset holds (to keep on a transient DescribeKey failure). */
function storedKeyFacts(a: AnyAsset | undefined): Record<string, KmsKeyFacts> | undefined {
  return (a?.config as KmsKeysField | null | undefined)?.kmsKeys;
}

/** The account-level Block Public Access facts a stored bucket holds (to keep on a transient read failure). */
function storedAccountPab(a: AnyAsset | undefined): AccountPublicAccessBlockFacts | undefined {
  return a?.type === 's3.bucket' ? a.config?.accountPublicAccessBlock : undefined;
}

/** Whether one of the asset's recorded KMS key references is the key `keyArn` (by the described ARN, or as given). */
export function referencesKey(asset: AnyAsset, keyArn: string): boolean {
  const keys = (asset.config as KmsKeysField | null | undefined)?.kmsKeys ?? {};
  const keyId = keyArn.slice(keyArn.lastIndexOf('/') + 1);
  return Object.entries(keys).some(([ref, f]) => (f.resolved && f.keyArn === keyArn) || ref === keyArn || ref === keyId);
}

/**
 * Whether one of the asset's recorded keys is in the custom key store `dep` names (by the `customKeyStoreId`
 * DescribeKey reported, in the store's region). Facts recorded before the store id was collected do not match: the
 * next full scan records it.
 */
export function usesKeyStore(asset: AnyAsset, dep: Extract<DependencyTarget, { kind: 'kms-custom-key-store' }>): boolean {
  const keys = (asset.config as KmsKeysField | null | undefined)?.kmsKeys ?? {};
  return Object.values(keys).some(
    (f) => f.resolved && f.customKeyStoreId === dep.customKeyStoreId && f.keyArn.split(':')[3] === dep.region,
  );
}

/** The KMS key references `referencesKey` matches on live assets: each reference as configured and the ARN described. */
function keyRefsRecorded(assets: AnyAsset[]): Set<string> {
  const out = new Set<string>();
  for (const a of assets) {
    if (a.deletedAt) continue;
    for (const [ref, f] of Object.entries(storedKeyFacts(a) ?? {})) {
      out.add(ref);
      if (f.resolved) out.add(f.keyArn);
    }
  }
  return out;
}

/**
 * A scan begins the recorded key references before it reads the stored assets, unless the set is complete already
 * (an unchanged re-scan costs no write). A failure is logged (error name) and ignored: the set is an optimisation.
 */
async function beginKeyRefs(store: AssetStore, accountId: string, scanId: string, log: Log): Promise<void> {
  try {
    if (!(await store.referencedKeys(accountId))) await store.beginReferencedKeys(accountId, scanId);
  } catch (err) {
    log.warn('key references not recorded', { code: errorCode(err) });
  }
}

/**
 * Adds the assets' key references to the account's recorded set: a refresh always adds what it wrote (creating the
 * set, incomplete, when absent); a scan (`scanId`), which saw every live asset, adds them and marks the set complete
 * (`completeReferencedKeys`). Writes only what is missing from a complete set: an unchanged re-scan costs no write.
 * A failure is logged (error name) and ignored: the store deletes a set it could not add to, so the shortcut is off
 * (every key-state event lists the assets) rather than wrong.
 */
async function recordKeyRefs(store: AssetStore, accountId: string, assets: AnyAsset[], log: Log, scanId?: string): Promise<void> {
  try {
    const refs = keyRefsRecorded(assets);
    if (!scanId && refs.size === 0) return;
    const have = await store.referencedKeys(accountId);
    const missing = [...refs].filter((k) => !have?.has(k)).sort();
    if (have && missing.length === 0) return;
    if (scanId) await store.completeReferencedKeys(accountId, missing, scanId);
    else await store.addReferencedKeys(accountId, missing);
  } catch (err) {
    log.warn('key references not recorded', { code: errorCode(err) });
  }
}

/** The recorded key references when complete; `undefined` (list the assets) when not, or when the read failed. */
async function recordedKeys(store: AssetStore, accountId: string, log: Log): Promise<Set<string> | undefined> {
  try {
    return await store.referencedKeys(accountId);
  } catch (err) {
    log.warn('key references not read', { code: errorCode(err) });
    return undefined;
  }
}

/**
 * A dependency that is not an asset changed (a KMS key's state, a custom key store's connection, the account-level
 * Block Public Access): reads it again for every live asset that depends on it, from the stored state (the assets
 * themselves did not change, so they are not re-described), writes those whose config changed and puts all of them
 * in the assessment scope. A custom key store's keys are those whose recorded facts name the store
 * (`usesKeyStore`). A key referenced only by an alias that could not be described is not matched (the next full scan
 * covers it). What is read from the store is bounded: a key none of the recorded key references names is dismissed
 * with one read (`referencedKeys`; a key store event lists the account's assets: the set records keys, not stores,
 * and such events are rare), and the account-level setting lists only the global assets (buckets are). A bucket stored
 * without the owner check on its bucket-level read is described again (its setting may be another account's); a
 * bucket of another account gets no account-level setting.
 */
async function refreshDependents(
  deps: Exclude<DependencyTarget, Ec2DependencyTarget>[],
  env: CollectEnv,
  store: AssetStore,
  result: RefreshResult,
  log: Log,
) {
  const keyDeps = deps.filter((d): d is Extract<DependencyTarget, { kind: 'kms-key' }> => d.kind === 'kms-key');
  const recorded = keyDeps.length ? await recordedKeys(store, env.accountId, log) : undefined;
  const wanted = deps.filter((dep) => {
    if (dep.kind !== 'kms-key' || !recorded) return true;
    const keyId = dep.keyArn.slice(dep.keyArn.lastIndexOf('/') + 1);
    if (recorded.has(dep.keyArn) || recorded.has(keyId)) return true;
    result.skipped.push({ dependency: dep, reason: 'no inventoried asset references the key' });
    return false;
  });
  if (wanted.length === 0) return;
  // buckets are global assets: the account-level setting alone needs only those
  const live = await store.listAssets(
    wanted.some((d) => d.kind !== 'account-public-access-block')
      ? { accountId: env.accountId }
      : { accountId: env.accountId, region: 'global' },
  );
  for (const dep of wanted) {
    const dependents =
      dep.kind === 'kms-key'
        ? live.filter((a) => referencesKey(a, dep.keyArn))
        : dep.kind === 'kms-custom-key-store'
          ? live.filter((a) => usesKeyStore(a, dep))
          : live.filter((a) => a.type === 's3.bucket' && !a.config?.external);
    if (dependents.length === 0) {
      result.skipped.push({ dependency: dep, reason: 'no inventoried asset depends on it' });
      continue;
    }
    // a copy of the stored asset as a draft: the dependency's facts are recorded on it again, the rest is kept
    const copy = (a: AnyAsset) =>
      ({
        id: a.id,
        type: a.type,
        region: a.region,
        name: a.name,
        config: structuredClone(a.config),
        tags: a.tags,
        relationships: a.relationships,
        ...(a.collectionErrors?.length ? { collectionErrors: a.collectionErrors } : {}),
      }) as AnyDraft;
    const byId = new Map(dependents.map((a) => [a.id, a]));
    let drafts: AnyDraft[];
    if (dep.kind === 'kms-key' || dep.kind === 'kms-custom-key-store') {
      drafts = dependents.map(copy);
      result.gaps.push(...(await resolveKmsKeys(env, drafts, (d) => storedKeyFacts(byId.get(d.id)))).gaps);
    } else {
      // a bucket stored before the owner check may be another account's: described again, not combined
      const legacy = dependents.filter((a) => a.type === 's3.bucket' && !a.config?.publicAccessBlockOwnerChecked);
      const run = new TypeRun(env, 's3.bucket', 'global');
      const described = await Promise.all(
        legacy.map((a) =>
          describeBucket(run, a.id, (a.config as { referencedBy?: { assetId: string; usage: string }[] })?.referencedBy ?? []),
        ),
      );
      result.gaps.push(...run.gaps);
      if (described.length) result.gaps.push(...(await resolveKmsKeys(env, described, (d) => storedKeyFacts(byId.get(d.id)))).gaps);
      drafts = [...dependents.filter((a) => !legacy.includes(a)).map(copy), ...described];
      result.gaps.push(...(await resolveAccountPublicAccessBlock(env, drafts, (d) => storedAccountPab(byId.get(d.id)))).gaps);
    }
    const written = await writeAssets(
      store,
      drafts.map((d) => finalizeDraft(d, env.accountId, env.now)),
      log,
    );
    // a bucket described again or a key alias newly resolved may name a key the set lacks
    if (written.length)
      await recordKeyRefs(
        store,
        env.accountId,
        written.map((c) => c.asset),
        log,
      );
    result.changes.push(...written);
    result.assetIds.push(...dependents.map((a) => a.id));
    log.debug('dependents refreshed', { kind: dep.kind, assets: dependents.length, changed: written.length });
  }
}
