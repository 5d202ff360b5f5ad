import { globalRegion } from '../discovery/clients.ts';
import { classifyError, errorCode, errorMessage } from '../discovery/errors.ts';
import type { Limiter } from '../discovery/limiter.ts';
import type { AccountTarget, ClientFactory, ServiceClientMap, ServiceKey } from '../discovery/types.ts';
import type { AnyAsset, AssetType, CoverageGap, Relationship, ServiceScanStatus } from '../domain/asset.ts';
import type { AssetConfigMap } from '../domain/asset-config.ts';
import { contentHash } from '../util/hash.ts';
import type { Log } from '../util/logger.ts';

/** An asset as a collector produces it; the pipeline adds hash and timestamps when it is final. */
export interface AssetDraft<T extends AssetType = AssetType> {
  id: string;
  type: T;
  region: string;
  name: string;
  config: AssetConfigMap[T];
  tags: Record<string, string>;
  relationships: Relationship[];
  collectionErrors?: string[];
}
export type AnyDraft = { [K in AssetType]: AssetDraft<K> }[AssetType];

/** Draft types whose config the pipeline completes after collection (hashed when final). */
const LATE_HASH = new Set<AssetType>(['bedrock.logging-config', 'iam.bedrock-api-key']);
/** Config hashes computed at emit time. */
export const draftHashes = new WeakMap<object, string>();
export function draftHash(d: AnyDraft): string {
  return contentHash({ config: d.config, tags: d.tags, relationships: d.relationships });
}

/** Per-scan shared state (caches keyed by the collectors, e.g. managed policy documents, Lambda listings). */
export type ScanCache = Map<string, unknown>;

export interface CollectEnv {
  accountId: string;
  partition: string;
  target: AccountTarget;
  clients: ClientFactory;
  limiter: Limiter;
  /** ISO time of the scan (observation time of every asset). */
  now: string;
  log: Log;
  cache: ScanCache;
  /**
   * The stored asset of an id (tombstoned ones included), for facts a collector may keep when a read fails: e.g. the
   * AMI name of an instance whose image id did not change (AMI names are immutable). Absent in unit tests.
   */
  previous?: (id: string) => Promise<AnyAsset | undefined>;
}

/**
 * The work of collecting one asset type in one region: emitted drafts, coverage gaps and whether the listing was
 * complete (only then may missing assets be tombstoned).
 */
export class TypeRun {
  readonly drafts: AnyDraft[] = [];
  readonly gaps: CoverageGap[] = [];
  /** Some per-asset read failed (the listing itself completed). */
  partial = false;

  constructor(
    readonly env: CollectEnv,
    readonly type: AssetType,
    readonly region: string,
  ) {}

  get accountId() {
    return this.env.accountId;
  }
  get partition() {
    return this.env.partition;
  }

  client<K extends ServiceKey>(service: K, region = this.region): ServiceClientMap[K] {
    return this.env.clients.client(service, region === 'global' ? globalRegion(this.env.partition) : region, this.env.target);
  }

  /** Runs one API call through the scan's bounded-concurrency limiter (list pages get priority). */
  call<T>(operation: string, fn: () => Promise<T>, priority: 'high' | 'low' = 'low'): Promise<T> {
    return this.env.limiter.run(operation, fn, priority);
  }

  emit(d: AnyDraft) {
    this.drafts.push(d);
    // hash while the scan still waits on the network (CPU otherwise spent after collection); types whose config the
    // pipeline completes later (cross-asset derived fields) are hashed at the end
    if (!LATE_HASH.has(d.type)) draftHashes.set(d, draftHash(d));
  }

  gap(service: string, operation: string, err: unknown, region = this.region) {
    this.gaps.push({
      accountId: this.env.accountId,
      region,
      service,
      operation,
      errorCode: errorCode(err),
      message: errorMessage(err),
      observedAt: this.env.now,
    });
  }

  /**
   * A read of one resource's detail. Returns the value; `null` when the resource no longer exists; `undefined` when
   * the read failed (recorded as a coverage gap and in `errors`, the asset is then emitted with unknown fields).
   * "Not supported" answers are treated as not found only when `absentIsNull` (optional sub-features).
   */
  async read<T>(
    service: string,
    operation: string,
    fn: () => Promise<T>,
    errors: string[],
    opts: { absentIsNull?: boolean } = {},
  ): Promise<T | null | undefined> {
    try {
      return await this.call(operation, fn);
    } catch (err) {
      const cls = classifyError(err, 'describe');
      if (cls === 'not-found') return null;
      if (cls === 'absent' && opts.absentIsNull) return null;
      errors.push(`${operation}: ${errorCode(err)}`);
      this.gap(service, operation, err);
      this.partial = true;
      return undefined;
    }
  }
}

/** Pages through a list operation (pages run with priority); `onPage` may start describes without awaiting them. */
export async function paginate<P>(
  run: TypeRun,
  operation: string,
  fetch: (token: string | undefined) => Promise<P>,
  next: (page: P) => string | undefined,
  onPage: (page: P) => void,
): Promise<void> {
  let token: string | undefined;
  const seen = new Set<string>();
  do {
    const page = await run.call(operation, () => fetch(token), 'high');
    onPage(page);
    token = next(page) || undefined;
    if (token !== undefined) {
      if (seen.has(token)) throw new Error(`${operation}: pagination token repeated`);
      seen.add(token);
    }
  } while (token !== undefined);
}

/** Result of collecting one asset type in one region. */
export interface TypeOutcome {
  type: AssetType;
  region: string;
  status: ServiceScanStatus;
  drafts: AnyDraft[];
  gaps: CoverageGap[];
}

/** What a refresh targets: a resource by identifier (ARN, id or name as the describe call takes it). */
export interface RefreshRef {
  region: string;
  /** Identifier the describe call takes (name, id or ARN). */
  key: string;
  /** Second key for composite identities (e.g. IAM user name for a service-specific credential). */
  key2?: string;
  /** The triggering event deleted this resource (a never reused identifier): the refresh may answer null unread. */
  gone?: boolean;
}

export interface TypeCollector {
  type: AssetType;
  /** API service name (for coverage gaps and IAM actions). */
  service: string;
  scope: 'regional' | 'global';
  /** Lists and describes every asset of the type; throws when the listing fails. */
  collect(run: TypeRun): Promise<void>;
  /** Re-describes one asset (event-driven refresh). `null` = it no longer exists. */
  refresh?(run: TypeRun, ref: RefreshRef): Promise<AnyDraft | null>;
  /** Asset id for a refresh reference, when it can be computed without a call (used to tombstone). */
  idFor?(ref: RefreshRef, accountId: string, partition: string): string | undefined;
}

/** Runs a collector for one region, turning listing failures into a status and a coverage gap. */
export async function runCollector(c: TypeCollector, env: CollectEnv, region: string): Promise<TypeOutcome> {
  const run = new TypeRun(env, c.type, region);
  try {
    await c.collect(run);
    return { type: c.type, region, status: run.partial ? 'partial' : 'complete', drafts: run.drafts, gaps: run.gaps };
  } catch (err) {
    const cls = classifyError(err, 'list');
    if (cls === 'absent') {
      env.log.debug('service absent in region', { type: c.type, region, code: errorCode(err) });
      return { type: c.type, region, status: 'absent', drafts: [], gaps: run.gaps };
    }
    env.log.warn('collection failed', { type: c.type, region, code: errorCode(err) });
    run.gap(c.service, `list ${c.type}`, err);
    return { type: c.type, region, status: 'failed', drafts: run.drafts, gaps: run.gaps };
  }
}

// ---- small normalizers shared by collectors ----

export function tagsOf(input: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(input)) {
    for (const t of input as { Key?: string; Value?: string; key?: string; value?: string }[]) {
      const k = t.Key ?? t.key;
      if (k) out[k] = t.Value ?? t.value ?? '';
    }
  } else if (input && typeof input === 'object') {
    for (const [k, v] of Object.entries(input as Record<string, unknown>)) out[k] = String(v ?? '');
  }
  return out;
}

/** `s3://bucket/key` or `arn:aws:s3:::bucket` -> bucket asset id. */
export function bucketIdOf(uri: string | null | undefined): string | null {
  if (!uri) return null;
  let m = /^s3a?:\/\/([^/]+)/i.exec(uri);
  if (m) return `arn:aws:s3:::${m[1]}`;
  m = /^arn:aws[a-z-]*:s3:::([^/]+)/.exec(uri);
  if (m) return `arn:aws:s3:::${m[1]}`;
  m = /^https:\/\/([^.]+)\.s3[.-]/.exec(uri);
  if (m) return `arn:aws:s3:::${m[1]}`;
  return null;
}

export function rel(kind: Relationship['kind'], targetId: string | null | undefined, targetType?: AssetType): Relationship[] {
  if (!targetId) return [];
  return [targetType ? { kind, targetId, targetType } : { kind, targetId }];
}

export function bucketRel(kind: 'reads-data' | 'writes-data', uri: string | null | undefined): Relationship[] {
  return rel(kind, bucketIdOf(uri), 's3.bucket');
}

export function iso(d: Date | string | number | null | undefined): string | null {
  if (d === null || d === undefined) return null;
  const t = d instanceof Date ? d : new Date(d);
  return Number.isNaN(t.getTime()) ? null : t.toISOString();
}

/** De-duplicates relationships (same kind and target). */
export function uniqRels(rels: Relationship[]): Relationship[] {
  const seen = new Set<string>();
  return rels.filter((r) => {
    const k = `${r.kind}|${r.targetId}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Canonical KMS relationship (key ids and aliases are kept as given). */
export function kmsRel(key: string | null | undefined): Relationship[] {
  return rel('encrypted-by', key ?? null);
}

/** Runs tasks started while paging and waits for all, keeping the first failure (others still settle). */
/**
 * The common collector shape: list with `paginate`, describe every listed item (the describes run concurrently, bounded
 * by the run's limiter) and emit what they return. `onPage` calls `add(describe(...))` for each item worth describing.
 */
export async function listThenDescribe<P>(
  run: TypeRun,
  operation: string,
  fetch: (token: string | undefined) => Promise<P>,
  next: (page: P) => string | undefined,
  onPage: (page: P, add: (described: Promise<AnyDraft | null | undefined>) => void) => void,
): Promise<void> {
  const tasks: Promise<unknown>[] = [];
  const add = (described: Promise<AnyDraft | null | undefined>) => {
    tasks.push(described.then((d) => d && run.emit(d)));
  };
  await paginate(run, operation, fetch, next, (p) => onPage(p, add));
  await settleAll(tasks);
}

export async function settleAll(tasks: Promise<unknown>[]): Promise<void> {
  const results = await Promise.allSettled(tasks);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}
