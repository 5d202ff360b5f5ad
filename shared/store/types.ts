import type { AnyAsset, AssetType, CoverageGap, ServiceScanStatus } from '../domain/asset.ts';
import type { Finding, FindingStatus } from '../domain/finding.ts';
import type { Severity } from '../domain/severity.ts';

/** What an upsert did. `unchanged` costs no write (only the in-memory lastSeen moves). */
export type WriteOutcome = 'created' | 'updated' | 'unchanged' | 'stale';

export interface AssetHistoryEntry {
  assetId: string;
  observedAt: string;
  change: 'created' | 'updated' | 'deleted' | 'restored';
  configHash: string;
  /** Snapshot of the asset as it was written. */
  asset: AnyAsset;
}

export interface ScanRun {
  scanId: string;
  accountId: string;
  trigger: 'schedule' | 'event' | 'cli' | 'demo';
  startedAt: string;
  finishedAt?: string;
  /** Per `<region>/<service>` outcome; only `complete` services may tombstone missing assets. */
  services: Record<string, ServiceScanStatus>;
  counts?: Record<string, number>;
}

/** Rolling-window statistics for one identity x model (runtime baselines). Opaque to the store. */
export interface Baseline {
  key: string;
  data: Record<string, unknown>;
  updatedAt: string;
  version?: number;
}

export interface AssetStore {
  getAsset(id: string): Promise<AnyAsset | undefined>;
  /**
   * All (non-deleted unless asked) assets of an account, optionally one region, or one type in one region (a key
   * prefix: only those items are read); pages through everything.
   */
  listAssets(scope: { accountId: string; region?: string; type?: AssetType; includeDeleted?: boolean }): Promise<AnyAsset[]>;
  /**
   * Writes the asset only when its configHash (or deleted state) changed, with a conditional write on the stored
   * version; appends a history entry on change. An observation older than the stored `lastSeen` (or than its
   * `deletedAt`) is `stale` and ignored (out-of-order events never overwrite newer state).
   */
  putAsset(asset: AnyAsset): Promise<WriteOutcome>;
  /** Tombstones an asset missing from a complete scan (kept, with `deletedAt`). */
  markDeleted(id: string, at: string): Promise<WriteOutcome>;
  history(id: string): Promise<AssetHistoryEntry[]>;
  putCoverageGaps(accountId: string, region: string, gaps: CoverageGap[]): Promise<void>;
  listCoverageGaps(accountId: string): Promise<CoverageGap[]>;
  /**
   * The KMS key references recorded on the account's assets (as configured and as described), so a key-state event
   * on a key no asset references costs one read instead of a listing. Grow-only (a superset); undefined unless a scan
   * marked the set complete (then a listing decides: the slow, safe path).
   */
  referencedKeys(accountId: string): Promise<Set<string> | undefined>;
  /**
   * Adds key references (one update, a union: concurrent writers lose no key); creates the set, incomplete, when
   * absent. A failure deletes the set (best effort) before it is thrown, so it is never trusted without the keys.
   */
  addReferencedKeys(accountId: string, keys: string[]): Promise<void>;
  /**
   * A scan starts recording (before it reads the stored assets): creates the set, incomplete, when absent, and
   * records the scan as the one that may complete it. Errors as `addReferencedKeys`.
   */
  beginReferencedKeys(accountId: string, scanId: string): Promise<void>;
  /**
   * A scan adds the references of every live asset it saw and marks the set complete: only a set this scan began or
   * one already complete (a set deleted and created again by a refresh in between stays incomplete); `false` when
   * not completed. Errors as `addReferencedKeys`.
   */
  completeReferencedKeys(accountId: string, keys: string[], scanId: string): Promise<boolean>;
}

export interface FindingQuery {
  resourceId?: string;
  /** Open = NEW or ACTIVE. */
  openOnly?: boolean;
  severity?: Severity;
  status?: FindingStatus;
  source?: Finding['source'];
}

export interface FindingStore {
  getFinding(id: string): Promise<Finding | undefined>;
  /** Batched read (BatchGetItem, 100 keys per call, unprocessed keys retried); missing ids are absent from the map. */
  getFindings(ids: string[]): Promise<Map<string, Finding>>;
  /**
   * Conditional write: succeeds only if the stored version equals `expectedVersion` (undefined = must not exist).
   * Returns false on a lost race (caller re-reads and re-applies). Increments `version`.
   */
  putFinding(finding: Finding, expectedVersion: number | undefined): Promise<boolean>;
  queryFindings(q: FindingQuery): Promise<Finding[]>;
  /** Every finding (for reports), paginated internally. */
  allFindings(): Promise<Finding[]>;
}

export interface BaselineStore {
  getBaseline(key: string): Promise<Baseline | undefined>;
  /** Conditional on `expectedVersion` like putFinding. */
  putBaseline(b: Baseline, expectedVersion: number | undefined): Promise<boolean>;
}

/** One CloudTrail event kept in an identity's recent activity (compact: stored as is). */
export interface ActivityEvent {
  /** CloudTrail `eventID`. */
  id: string;
  /** `eventName`. */
  name: string;
  /** `eventTime`, epoch milliseconds. */
  t: number;
  region?: string;
  /** `errorCode` (at most 64 characters): a denied call and a failed attempt are read from it. */
  error?: string;
  sourceIp?: string;
  /**
   * `requestParameters.modelId` when the request named a model (a finding's key holds the model of a window's first
   * event: without it a burst continued in the next batch would open a second finding).
   */
  model?: string;
}

/**
 * The recent recon-relevant CloudTrail events of one identity in one account, kept across SQS batches for the
 * cross-batch CloudTrail detectors (`shared/runtime/activity.ts`). Opaque to the store but for the key.
 */
export interface IdentityActivity {
  accountId: string;
  identity: string;
  events: ActivityEvent[];
  updatedAt: string;
  version?: number;
}

export interface ActivityStore {
  getActivity(accountId: string, identity: string): Promise<IdentityActivity | undefined>;
  /**
   * Batched read (BatchGetItem, 100 keys per call, unprocessed keys retried): the activities of `ids`, in their order
   * (undefined where none is stored).
   */
  getActivities(ids: readonly { accountId: string; identity: string }[]): Promise<(IdentityActivity | undefined)[]>;
  /**
   * Conditional on `expectedVersion` like putBaseline (false on a lost race: the caller re-reads and merges again).
   * The item expires `ttlSeconds` from now (DynamoDB TTL; readers also drop events older than their window).
   */
  putActivity(a: IdentityActivity, expectedVersion: number | undefined, ttlSeconds: number): Promise<boolean>;
}

export interface ScanRunStore {
  putScanRun(run: ScanRun): Promise<void>;
  listScanRuns(accountId: string, limit?: number): Promise<ScanRun[]>;
}

/** Idempotency marks for delivery: `claim` returns false if the key was already claimed. */
export interface MarkStore {
  claim(key: string, ttlSeconds: number): Promise<boolean>;
  /** Undoes a claim (used when a send failed and could not even be dead-lettered, so a retry may go through). */
  release(key: string): Promise<void>;
  /**
   * Sets the expiry of a mark already held to `ttlSeconds` from now (second phase of a short claim). False when the
   * mark no longer exists (released or expired and removed): it is not recreated.
   */
  extend(key: string, ttlSeconds: number): Promise<boolean>;
}

export interface Store extends AssetStore, FindingStore, BaselineStore, ActivityStore, ScanRunStore, MarkStore {
  /** Number of write requests issued so far (for benchmarks: an unchanged re-scan must add 0). */
  readonly writeCount: number;
}
