/**
 * Runtime analysis pipeline: log sources -> streaming readers -> `InvocationRecord`/`TrailEvent` -> detectors ->
 * aggregated observations -> finding lifecycle (`recordObservations`) -> changes to deliver.
 *
 * Entry points:
 * - `analyzeLocal`: files and folders (CLI `aispm analyze`, demo);
 * - `analyzeS3Object`: one S3 object named by an "Object Created" event (Lambda, via SQS);
 * - `analyzeCloudWatchEvent`: one CloudWatch Logs subscription delivery (Lambda).
 *
 * Re-delivery never double counts: each object (bucket/key/etag) or CloudWatch delivery (group/stream/event ids) is
 * claimed in the MarkStore before it is read; a second delivery of the same object is skipped. Finding ids are
 * deterministic per detector x resource x identity x model x window, so findings are never duplicated either.
 */

import { gunzipSync } from 'node:zlib';
import { isInvokeAction } from '../detectors/cloudtrail.ts';
import type { RecordAnalyzer, TrailContext } from '../detectors/types.ts';
import { apiKeyId } from '../domain/asset.ts';
import type { BedrockApiKeyConfig } from '../domain/asset-config.ts';
import type { Finding } from '../domain/finding.ts';
import type { InvocationRecord, RecordRef, TrailEvent } from '../domain/runtime.ts';
import { type FindingChange, failedFindingsOf } from '../findings/record.ts';
import {
  type ActivityGroup,
  activityGroups,
  activityRetentionMs,
  historyEvents,
  INVOKE_REFRESH_MS,
  mergeActivity,
} from '../runtime/activity.ts';
import { type AnalyzerStats, RuntimeAnalyzer } from '../runtime/analyzer.ts';
import { isTrailEnvelope, trailAccountId } from '../runtime/cloudtrail.ts';
import type { DeadLetterSink } from '../runtime/deadletter.ts';
import { MemoryDeadLetter } from '../runtime/deadletter.ts';
import type { DetectorSet, StatefulFactory } from '../runtime/detector-set.ts';
import { type ObjectRef, objectsFromMessage } from '../runtime/events.ts';
import { dispatchParsed, type ReadStats, type RecordHandler, readLogStream } from '../runtime/reader.ts';
import { recordRuntimeObservations } from '../runtime/record.ts';
import {
  expandLocalInputs,
  type GetObjectFactory,
  isLogBatchKey,
  localBodyResolver,
  localContentKey,
  localFileStream,
  type S3Getter,
  s3BodyResolver,
  s3ObjectStream,
} from '../runtime/sources.ts';
import { MemoryStore } from '../store/memory.ts';
import type { ActivityStore, AssetStore, BaselineStore, FindingStore, IdentityActivity, MarkStore, Store } from '../store/types.ts';
import { type Clock, systemClock } from '../util/clock.ts';
import { sha256Hex } from '../util/hash.ts';
import { type Log, silentLog } from '../util/logger.ts';

/** How long a processed-object mark is kept (S3/SQS re-deliveries happen within hours; 14 days is generous). */
export const DEFAULT_MARK_TTL_SECONDS = 14 * 24 * 3600;
/**
 * First-phase expiry of a CloudTrail event claim, held until the event's findings are written. It must outlive one
 * invocation (function timeout: 5 min, infra/constructs/log-analysis.ts) and expire before SQS re-delivers a message
 * whose invocation crashed or timed out (the trail queue's visibility timeout: 35 min from receipt, also
 * infra/constructs/log-analysis.ts; test/infra/stack.test.ts checks the order), so such a retry
 * analyzes the event instead of skipping it. Keep FUNCTION_TIMEOUT < this < VISIBILITY_TIMEOUT when changing either.
 */
export const DEFAULT_TRAIL_CLAIM_TTL_SECONDS = 10 * 60;
/**
 * How long a CloudTrail event mark is kept once its findings are written: the trail queue's message retention
 * (4 days, infra/constructs/queue.ts), after which SQS cannot re-deliver the message. (S3 object marks keep
 * `DEFAULT_MARK_TTL_SECONDS`.)
 */
export const DEFAULT_TRAIL_MARK_TTL_SECONDS = 4 * 24 * 3600;
/**
 * Records buffered per object while baselines load (the stateful analyzers need their baselines first). When the
 * buffer fills, the baselines of the identities/models seen so far are loaded between two chunks and the rest of the
 * object streams straight through (identities first seen after that point start without a stored baseline).
 */
export const DEFAULT_STATEFUL_BUFFER = 20_000;

export interface RunTotals extends AnalyzerStats {
  files: number;
  bytes: number;
  lines: number;
  duplicateSources: number;
  statefulOverflow: number;
  baselineConflicts: number;
  families: string[];
}

/**
 * Feeds the stateful analyzers: created at once when baselines are known up front (CLI: a fresh store), otherwise
 * records are buffered (bounded) until `prepare()` has loaded the baselines for the keys seen.
 */
class DeferredStateful implements RecordAnalyzer {
  private inner: RecordAnalyzer[] | undefined;
  private buf: InvocationRecord[] = [];
  private keys = new Set<string>();
  /** Records observed after an early baseline load (their identity/model baselines may not have been loaded). */
  overflow = 0;

  constructor(
    private readonly factory: StatefulFactory,
    private readonly cap: number,
    immediate: boolean,
  ) {
    if (immediate) this.inner = factory.create([]);
  }

  observe(r: InvocationRecord): void {
    if (this.inner) {
      if (this.early) this.overflow++;
      for (const a of this.inner) a.observe(r);
      return;
    }
    this.buf.push(r);
    for (const k of this.factory.keysFor(r)) this.keys.add(k);
  }

  private early = false;

  /** The buffer is full: load baselines now (between chunks) instead of at the end. */
  get full(): boolean {
    return !this.inner && this.buf.length >= this.cap;
  }

  async prepareEarly(store: BaselineStore): Promise<void> {
    await this.prepare(store);
    this.early = true;
  }

  async prepare(store: BaselineStore): Promise<void> {
    if (this.inner) return;
    const baselines = [];
    for (const k of this.keys) {
      const b = await store.getBaseline(k);
      if (b) baselines.push(b);
    }
    this.inner = this.factory.create(baselines);
    for (const r of this.buf) for (const a of this.inner) a.observe(r);
    this.buf = [];
  }

  finish() {
    return (this.inner ?? []).flatMap((a) => a.finish());
  }

  state() {
    return (this.inner ?? []).flatMap((a) => a.state());
  }
}

interface Run {
  analyzer: RuntimeAnalyzer;
  stateful?: DeferredStateful;
  totals: Pick<RunTotals, 'files' | 'bytes' | 'lines' | 'duplicateSources'>;
}

function newRun(
  detectors: DetectorSet,
  deadLetter: DeadLetterSink,
  log: Log,
  clock: Clock,
  windowMs: number | undefined,
  immediateStateful: boolean,
  cap: number,
): Run {
  const stateful = detectors.stateful ? new DeferredStateful(detectors.stateful, cap, immediateStateful) : undefined;
  const analyzer = new RuntimeAnalyzer({
    content: detectors.content,
    trail: detectors.trail,
    stateful: stateful ? [stateful] : [],
    ctx: detectors.ctx,
    trailCtx: detectors.trailCtx,
    deadLetter,
    log,
    windowMs,
    now: () => clock.now(),
  });
  return { analyzer, stateful, totals: { files: 0, bytes: 0, lines: 0, duplicateSources: 0 } };
}

/** A run of the runtime pipeline with the deployment's settings (`deps`), stateful detectors deferred. */
function runFor(deps: RuntimeDeps, trailCtx?: TrailContext): Run {
  return newRun(
    trailCtx ? { ...deps.detectors, trailCtx } : deps.detectors,
    deps.deadLetter,
    deps.log,
    deps.clock,
    deps.windowMs,
    false,
    deps.statefulBufferCap ?? DEFAULT_STATEFUL_BUFFER,
  );
}

function addRead(run: Run, s: ReadStats) {
  run.totals.bytes += s.bytes;
  run.totals.lines += s.lines;
}

interface Computed {
  result: ReturnType<RuntimeAnalyzer['finish']>;
  run: Run;
}

/** Runs the end-of-batch detectors (reads baselines, writes nothing). */
async function computeRun(run: Run, store: BaselineStore): Promise<Computed> {
  if (run.stateful) await run.stateful.prepare(store);
  return { result: run.analyzer.finish(), run };
}

/** Writes baselines and findings (lifecycle) for a computed batch. */
async function persistRun(
  c: Computed,
  store: FindingStore & BaselineStore,
  clock: Clock,
  log: Log,
  detectors: DetectorSet,
  written?: FindingChange[],
): Promise<{ changes: FindingChange[]; totals: RunTotals }> {
  const res = c.result;
  let baselineConflicts = 0;
  for (const b of res.baselines) {
    if (!(await store.putBaseline(b, b.version))) {
      baselineConflicts++;
      log.warn('baseline write lost a race; the next batch re-learns it', { key: b.key });
    }
  }
  const changes = await recordRuntimeObservations(store, res.observations, clock.now().toISOString(), written);
  return {
    changes,
    totals: {
      ...res.stats,
      ...c.run.totals,
      statefulOverflow: c.run.stateful?.overflow ?? 0,
      baselineConflicts,
      families: detectors.families,
    },
  };
}

async function finishRun(
  run: Run,
  store: FindingStore & BaselineStore,
  clock: Clock,
  log: Log,
  detectors: DetectorSet,
): Promise<{ changes: FindingChange[]; totals: RunTotals }> {
  return persistRun(await computeRun(run, store), store, clock, log, detectors);
}

// ---------------------------------------------------------------------------------------------------------------
// local files (CLI, demo)

export interface AnalyzeLocalOptions {
  inputs: string[];
  detectors: DetectorSet;
  store?: Store;
  clock?: Clock;
  log?: Log;
  deadLetter?: DeadLetterSink;
  windowMs?: number;
  /** Defaults for records that carry no account/region (SageMaker data capture). */
  accountId?: string;
  region?: string;
  /** Called after each file (progress). */
  onFile?: (file: string, stats: ReadStats) => void;
  /** Extra byte streams to read after the files (e.g. stdin for `aispm analyze -`). */
  streams?: { uri: string; stream: AsyncIterable<unknown> }[];
}

export interface AnalyzeLocalResult {
  findings: Finding[];
  changes: FindingChange[];
  totals: RunTotals;
  missing: string[];
}

export async function analyzeLocal(opts: AnalyzeLocalOptions): Promise<AnalyzeLocalResult> {
  const store = opts.store ?? new MemoryStore();
  const clock = opts.clock ?? systemClock;
  const log = opts.log ?? silentLog;
  const deadLetter = opts.deadLetter ?? new MemoryDeadLetter();
  const { files, missing } = await expandLocalInputs(opts.inputs);
  const run = newRun(opts.detectors, deadLetter, log, clock, opts.windowMs, true, DEFAULT_STATEFUL_BUFFER);
  for (const f of files) {
    const key = await localContentKey(f.path, f.size);
    if (!(await store.claim(`runtime-src#local#${key}`, DEFAULT_MARK_TTL_SECONDS))) {
      run.totals.duplicateSources++;
      log.info('skipping a file already analyzed (same content)', { uri: f.uri });
      continue;
    }
    run.totals.files++;
    const s = await readLogStream(
      localFileStream(f.path, f.size),
      { uri: f.uri, resolver: localBodyResolver(f.path), accountId: opts.accountId, region: opts.region },
      run.analyzer,
    );
    addRead(run, s);
    opts.onFile?.(f.path, s);
  }
  for (const x of opts.streams ?? []) {
    run.totals.files++;
    const s = await readLogStream(x.stream, { uri: x.uri, accountId: opts.accountId, region: opts.region }, run.analyzer);
    addRead(run, s);
    opts.onFile?.(x.uri, s);
  }
  const { changes, totals } = await finishRun(run, store, clock, log, opts.detectors);
  await deadLetter.flush();
  const ids = new Set(changes.map((c) => c.finding.id));
  const findings = (await store.allFindings()).filter((f) => f.source === 'runtime' && ids.has(f.id));
  return { findings, changes, totals, missing };
}

// ---------------------------------------------------------------------------------------------------------------
// Lambda: S3 objects and CloudWatch Logs subscriptions

export interface RuntimeDeps {
  store: FindingStore & BaselineStore & MarkStore;
  detectors: DetectorSet;
  deadLetter: DeadLetterSink;
  log: Log;
  clock: Clock;
  windowMs?: number;
  markTtlSeconds?: number;
  /**
   * Accounts whose findings delivery can import into Security Hub (the deployment account and the target/import-role
   * accounts), set only when Security Hub delivery is on; CloudTrail events of any other account are dropped and
   * counted (`unroutedEvents`). Unset (Security Hub off: EventBridge and Slack take any account's findings): none dropped.
   */
  deliverableAccounts?: ReadonlySet<string>;
  /** First-phase expiry of a CloudTrail event claim (until its findings are written). */
  trailClaimTtlSeconds?: number;
  /** Expiry of a CloudTrail event mark once its findings are written (default: the queue's retention). */
  trailMarkTtlSeconds?: number;
  statefulBufferCap?: number;
  /**
   * The asset inventory (discovery's table), read for the CloudTrail events of the trail queue only: an
   * UpdateServiceSpecificCredential names no service, so the credential is looked up as a Bedrock API key asset
   * (`trailInventoryContext`). Absent: not consulted (the detector reports the service as unknown).
   */
  assets?: Pick<AssetStore, 'getAsset'>;
}

/** The queue path's CloudTrail analysis also keeps each identity's recent activity (cross-batch detectors). */
export type TrailRuntimeDeps = RuntimeDeps & { store: RuntimeDeps['store'] & ActivityStore };

export interface SourceOutcome {
  status: 'processed' | 'duplicate' | 'not-a-log';
  changes: FindingChange[];
  totals?: RunTotals;
  /** CloudTrail events dropped because their account has no delivery route (`deliverableAccounts`). */
  unroutedEvents?: number;
}

export interface S3Access {
  client: S3Getter;
  getObject: GetObjectFactory;
}

/**
 * Analyzes one S3 object: stream, detect and aggregate (no writes), then claim the object (bucket/key/ETag) in the
 * MarkStore, then write baselines and findings. A read failure throws before the claim, so SQS retries it (partial
 * batch failure); a re-delivered object finds the claim taken and writes nothing. If the writes fail after the claim,
 * the object is dead-lettered by reference (re-drive with `force`) rather than retried into a double count.
 */
export async function analyzeS3Object(
  deps: RuntimeDeps,
  s3: S3Access,
  obj: { bucket: string; key: string; etag?: string; sequencer?: string; size?: number; force?: boolean },
): Promise<SourceOutcome> {
  if (!isLogBatchKey(obj.key)) return { status: 'not-a-log', changes: [] };
  const uri = `s3://${obj.bucket}/${obj.key}`;
  const { body, etag } = await s3ObjectStream(s3.client, s3.getObject, obj.bucket, obj.key);
  const version = (obj.etag ?? etag ?? obj.sequencer ?? String(obj.size ?? '')).replace(/"/g, '');
  const mark = `runtime-src#${sha256Hex(`${uri}#${version}`).slice(0, 40)}`;
  const run = runFor(deps);
  run.totals.files = 1;
  const afterChunk = () => (run.stateful?.full ? run.stateful.prepareEarly(deps.store) : undefined);
  const s = await readLogStream(
    body,
    { uri, resolver: s3BodyResolver(s3.client, s3.getObject), rethrowReadErrors: true, afterChunk },
    run.analyzer,
  );
  addRead(run, s);
  const computed = await computeRun(run, deps.store);
  if (!obj.force && !(await deps.store.claim(mark, deps.markTtlSeconds ?? DEFAULT_MARK_TTL_SECONDS))) {
    deps.log.info('object already analyzed; skipping re-delivery', { uri, etag: version });
    deps.deadLetter.discard?.();
    return { status: 'duplicate', changes: [] };
  }
  try {
    const { changes, totals } = await persistRun(computed, deps.store, deps.clock, deps.log, deps.detectors);
    await deps.deadLetter.flush();
    return { status: 'processed', changes, totals };
  } catch (err) {
    deps.log.error('writes failed after the object was claimed; dead-lettered for re-drive', {
      uri,
      error: err instanceof Error ? err.name : 'unknown',
      ...failedFindingsOf(err),
    });
    deps.deadLetter.put({
      ref: { uri },
      reason: `object-failed:${err instanceof Error ? err.name : 'unknown'}`,
      at: deps.clock.now().toISOString(),
    });
    await deps.deadLetter.flush();
    throw err;
  }
}

/** The CloudWatch Logs subscription event a Lambda receives. */
export interface CloudWatchLogsEvent {
  awslogs: { data: string };
}

/**
 * One CloudWatch Logs subscription delivery. Bodies the CloudWatch destination offloaded to S3
 * (`largeDataDeliveryS3Config`) are resolved when `opts.s3` is given.
 */
export async function analyzeCloudWatchEvent(
  deps: RuntimeDeps,
  event: CloudWatchLogsEvent,
  opts: { force?: boolean; s3?: S3Access } = {},
): Promise<SourceOutcome> {
  let decoded: unknown;
  try {
    decoded = JSON.parse(gunzipSync(Buffer.from(event.awslogs.data, 'base64')).toString('utf8'));
  } catch {
    const ref: RecordRef = { uri: 'cwl://undecodable' };
    deps.log.warn('CloudWatch Logs payload cannot be decoded; dead-lettered', { uri: ref.uri });
    deps.deadLetter.put({ ref, reason: 'cloudwatch-payload-undecodable', at: deps.clock.now().toISOString() });
    await deps.deadLetter.flush();
    return { status: 'not-a-log', changes: [] };
  }
  const d = decoded as { messageType?: string; logGroup?: string; logStream?: string; logEvents?: { id?: string }[] };
  if (d.messageType !== 'DATA_MESSAGE') return { status: 'not-a-log', changes: [] };
  const uri = `cwl://${d.logGroup ?? ''}/${d.logStream ?? ''}`;
  const ids = (d.logEvents ?? []).map((e) => e.id ?? '').join(',');
  const mark = `runtime-src#${sha256Hex(`${uri}#${ids}`).slice(0, 40)}`;
  const run = runFor(deps);
  run.totals.files = 1;
  const resolver = opts.s3 ? s3BodyResolver(opts.s3.client, opts.s3.getObject) : undefined;
  const s = await dispatchParsed(decoded, { uri, resolver }, run.analyzer);
  addRead(run, s);
  const computed = await computeRun(run, deps.store);
  if (!opts.force && !(await deps.store.claim(mark, deps.markTtlSeconds ?? DEFAULT_MARK_TTL_SECONDS))) {
    deps.deadLetter.discard?.();
    return { status: 'duplicate', changes: [] };
  }
  const { changes, totals } = await persistRun(computed, deps.store, deps.clock, deps.log, deps.detectors);
  await deps.deadLetter.flush();
  return { status: 'processed', changes, totals };
}

/** Records and trail events straight from memory (tests, embedding): same detectors, aggregation and lifecycle. */
export async function analyzeRecords(
  deps: Omit<RuntimeDeps, 'deadLetter'> & { deadLetter?: DeadLetterSink },
  input: { invocations?: InvocationRecord[]; trail?: TrailEvent[] },
): Promise<{ changes: FindingChange[]; totals: RunTotals }> {
  const run = runFor({ ...deps, deadLetter: deps.deadLetter ?? new MemoryDeadLetter() });
  for (const r of input.invocations ?? []) run.analyzer.invocation(r);
  for (const e of input.trail ?? []) run.analyzer.trail(e);
  return finishRun(run, deps.store, deps.clock, deps.log, deps.detectors);
}

/**
 * One SQS message of the log-analysis queue (S3 Object Created via EventBridge, or a classic S3 notification).
 * A message that is not such an event is dead-lettered by message id (retrying cannot fix it) and does not fail the
 * batch; a read failure throws so the message is retried (partial batch failure).
 */
export async function analyzeQueueMessage(
  deps: RuntimeDeps,
  s3: S3Access,
  msg: { messageId: string; body: string },
): Promise<SourceOutcome[]> {
  let objects: ObjectRef[];
  try {
    objects = objectsFromMessage(msg.body);
  } catch (err) {
    const reason = `unrecognized-message:${err instanceof Error ? err.message : 'unknown'}`;
    deps.log.warn('queue message is not an S3 Object Created event; dead-lettered', { messageId: msg.messageId, reason });
    deps.deadLetter.put({ ref: { uri: `sqs://message/${msg.messageId}` }, reason, at: deps.clock.now().toISOString() });
    await deps.deadLetter.flush();
    return [];
  }
  const out: SourceOutcome[] = [];
  for (const o of objects) out.push(await analyzeS3Object(deps, s3, o));
  return out;
}

/** A queue message carrying an EventBridge CloudTrail event (the analyzer's CloudTrail rules), parsed; else undefined. */
export function trailEnvelopeOf(body: string): Record<string, unknown> | undefined {
  let v: unknown;
  try {
    v = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  return isTrailEnvelope(v as Record<string, unknown>) ? (v as Record<string, unknown>) : undefined;
}

/**
 * The CloudTrail events of one SQS batch (EventBridge "AWS API Call via CloudTrail" envelopes: the central account's
 * own rule and the forwarded-events bus rule of member accounts and other regions), run through the CloudTrail
 * detectors together, so that a burst split over one batch is still seen as one; the per-identity (`crossBatch`)
 * detectors also read each identity's recent activity stored by earlier batches (`loadActivity`, `storeActivity`), so
 * a burst split over batches, or LLMjacking coverage built up over hours, is too. Each event keeps the account and
 * region of its record (`recipientAccountId`, `awsRegion`; else the envelope's `account`, `region`): a forwarded event
 * is attributed to its member account, never to the account running the analyzer.
 *
 * Events of accounts without a Security Hub import route (`deliverableAccounts`, set only when Security Hub delivery is
 * on) are dropped first and counted.
 *
 * Re-delivery never double counts, and a failure never loses events: each event id is claimed first, with a short
 * expiry (`trailClaimTtlSeconds`: longer than the function timeout, shorter than the queue's visibility timeout),
 * and events already claimed are skipped. Once the findings are written the claims are extended to
 * `trailMarkTtlSeconds` (the trail queue's retention). When anything fails (a claim, a read, a write), every claim taken
 * is released and the error thrown, so SQS retries the messages; a crash or timeout leaves only short claims, which
 * expire before SQS re-delivers the messages. Findings already written by a failed run are re-recorded by the retry
 * without counting their events again (the stored finding lists them), and the changes already written ride on the
 * thrown error (`writtenChangesOf`) so the caller delivers them.
 */
export async function analyzeTrailMessages(
  deps: TrailRuntimeDeps,
  msgs: readonly { messageId: string; envelope: Record<string, unknown> }[],
): Promise<SourceOutcome> {
  const claimTtl = deps.trailClaimTtlSeconds ?? DEFAULT_TRAIL_CLAIM_TTL_SECONDS;
  const markTtl = deps.trailMarkTtlSeconds ?? DEFAULT_TRAIL_MARK_TTL_SECONDS;
  const claimed: string[] = [];
  /** The message whose claim each `claimed` mark is. */
  const claimedBy: string[] = [];
  const written: FindingChange[] = [];
  try {
    const routed: { m: (typeof msgs)[number]; mark: string }[] = [];
    let unrouted = 0;
    for (const m of msgs) {
      const detail = m.envelope.detail as Record<string, unknown>;
      if (deps.deliverableAccounts && !deps.deliverableAccounts.has(trailAccountOf(m.envelope))) {
        unrouted++;
        continue;
      }
      const id = typeof detail.eventID === 'string' ? detail.eventID : typeof m.envelope.id === 'string' ? m.envelope.id : m.messageId;
      routed.push({ m, mark: `runtime-trail#${sha256Hex(id).slice(0, 40)}` });
    }
    // one conditional write per event, several in flight (sequentially, a 1,000-event batch waits for 1,000 round
    // trips); after a failure no further claim is started (a throttled table is not sent the rest of the batch), and
    // the claims in flight settle before it is thrown, so each one taken is released below. Two messages of the same
    // event race for one mark: exactly one claim wins, as when they ran one after the other.
    const results = await settleEach(routed, (x) => deps.store.claim(x.mark, claimTtl), true);
    const fresh: { messageId: string; envelope: Record<string, unknown> }[] = [];
    routed.forEach((x, i) => {
      const r = results[i];
      if (r?.status !== 'fulfilled' || !r.value) return;
      claimed.push(x.mark);
      claimedBy.push(x.m.messageId);
      fresh.push(x.m);
    });
    const failedClaim = results.find((r) => r?.status === 'rejected');
    if (failedClaim?.status === 'rejected') throw failedClaim.reason;
    if (unrouted) deps.log.warn('CloudTrail events of accounts without a delivery route dropped', { count: unrouted });
    if (fresh.length === 0) return { status: 'duplicate', changes: [], ...(unrouted ? { unroutedEvents: unrouted } : {}) };
    const inventory = await trailInventoryContext(
      deps,
      fresh.map((m) => m.envelope),
    );
    const run = runFor(deps, inventory);
    run.totals.files = fresh.length;
    const events: TrailEvent[] = [];
    const reader = collectingTrail(run.analyzer, events);
    for (const m of fresh) addRead(run, await dispatchParsed(m.envelope, { uri: `sqs://message/${m.messageId}` }, reader));
    const join = await loadActivity(deps, events);
    run.analyzer.setTrailHistory(join.history());
    const computed = await computeRun(run, deps.store);
    const { changes, totals } = await persistRun(computed, deps.store, deps.clock, deps.log, deps.detectors, written);
    // the changes of a re-run (another batch wrote an identity's activity meanwhile); `written` may be `changes` itself
    for (const c of await storeActivity(deps, join, events, written, inventory)) if (!changes.includes(c)) changes.push(c);
    await deps.deadLetter.flush();
    await extendClaims(deps, claimed, markTtl);
    return { status: 'processed', changes, totals, ...(unrouted ? { unroutedEvents: unrouted } : {}) };
  } catch (err) {
    // dead letters buffered by this failed run would be put again by the retry: drop them, as for a duplicate object
    deps.deadLetter.discard?.();
    const released = await settleEach(claimed, (mark) => deps.store.release(mark));
    // a claim that could not be released makes a retry in this invocation skip its event as already claimed: the
    // message is handed back to SQS instead (re-delivered after the claim has expired), never reported as analyzed
    const unreleased = claimedBy.filter((_, i) => released[i].status === 'rejected');
    if (unreleased.length) {
      deps.log.warn('could not release CloudTrail event claims; their messages are left to SQS', { count: unreleased.length });
      if (typeof err === 'object' && err !== null) Object.assign(err, { [UNRELEASED]: unreleased });
    }
    // changes already stored are not seen again by the retry (it re-records them without counting): deliver them now
    if (written.length && typeof err === 'object' && err !== null) Object.assign(err, { [WRITTEN]: [...written] });
    throw err;
  }
}

/** Forwards everything to the analyzer and keeps the trail events (the batch's, for the activity join). */
function collectingTrail(analyzer: RuntimeAnalyzer, into: TrailEvent[]): RecordHandler {
  return {
    invocation: (r) => analyzer.invocation(r),
    trail: (e) => {
      into.push(e);
      analyzer.trail(e);
    },
    malformed: (ref, reason) => analyzer.malformed(ref, reason),
    skipped: (reason) => analyzer.skipped(reason),
    defaulted: (ref, fields) => analyzer.defaulted(ref, fields),
  };
}

/**
 * Times a batch tries to write an identity's activity when other batches write it meanwhile (each loss: a batched
 * re-read and a merge, a re-run of the cross-batch detectors only when the other batch brought events they join).
 */
export const ACTIVITY_ATTEMPTS = 5;

interface ActivityJoin {
  groups: Map<string, ActivityGroup>;
  stored: Map<string, IdentityActivity | undefined>;
  nowMs: number;
  retentionMs: number;
  history(): TrailEvent[];
}

/**
 * The stored recent events of every identity with recon-relevant events in the batch (none when no detector of the set
 * reads them): batched reads (`getActivities`: 100 identities per request).
 */
async function loadActivity(deps: TrailRuntimeDeps, events: readonly TrailEvent[]): Promise<ActivityJoin> {
  const ctx = deps.detectors.trailCtx;
  const joins = deps.detectors.trail.some((t) => t.crossBatch);
  const join: ActivityJoin = {
    groups: joins ? activityGroups(events, ctx) : new Map(),
    stored: new Map(),
    nowMs: deps.clock.now().getTime(),
    retentionMs: activityRetentionMs(ctx.trail),
    history: () => historyEvents(join.groups, join.stored, join.nowMs, join.retentionMs),
  };
  await readActivity(deps, join, [...join.groups.keys()]);
  return join;
}

async function readActivity(deps: TrailRuntimeDeps, join: ActivityJoin, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  const read = await deps.store.getActivities(keys.map((k) => join.groups.get(k) as ActivityGroup));
  keys.forEach((k, i) => {
    join.stored.set(k, read[i]);
  });
}

/**
 * Whether events another batch stored for an identity (not in `before`, the activity this batch read, nor in the
 * batch) can change what the cross-batch detectors find: any but the hourly refresh of an invocation action the batch
 * itself holds within an hour of it (coverage counts actions per day; an invocation is no recon and no enablement).
 */
function joinsNewEvents(before: IdentityActivity | undefined, after: IdentityActivity | undefined, g: ActivityGroup): boolean {
  const known = new Set([...(before?.events ?? []).map((a) => a.id), ...g.events.map((e) => e.eventId)]);
  for (const a of after?.events ?? []) {
    if (known.has(a.id)) continue;
    if (!isInvokeAction(a.name)) return true;
    // the hourly refresh of an invocation this batch holds: only when it tells the joins nothing new (a successful
    // invocation of the other batch is new to a batch whose own one failed: the new-invoker check counts successes)
    const near = g.events.some(
      (e) => e.eventName === a.name && (!e.errorCode || a.error) && Math.abs(Date.parse(e.eventTime) - a.t) <= INVOKE_REFRESH_MS,
    );
    if (!near) return true;
  }
  return false;
}

/**
 * After the findings are written (so an event is never recorded as judged before its findings exist), appends the
 * batch's events to each identity's activity: one conditional write per identity whose activity changed (none for a
 * replayed batch: merged by event id), `TRAIL_MARK_CONCURRENCY` in flight. When another batch (the trail queue runs
 * two at a time) wrote an identity's activity in between, the write loses: the batch re-reads those identities
 * (batched) and merges again. Only when the other batch brought events the cross-batch detectors join
 * (`joinsNewEvents`; not the hourly refresh of an invocation) does it run them again, over its events and the
 * re-read activity (so a burst split over two concurrent batches is found by whichever writes last), and record those
 * findings (events already counted are not counted again). After `ACTIVITY_ATTEMPTS` losses it throws, and the batch
 * is retried as any failed batch. Returns the finding changes of those re-runs.
 */
async function storeActivity(
  deps: TrailRuntimeDeps,
  join: ActivityJoin,
  events: readonly TrailEvent[],
  written: FindingChange[],
  inventory: TrailContext | undefined,
): Promise<FindingChange[]> {
  const changes: FindingChange[] = [];
  const ttlSeconds = Math.ceil(join.retentionMs / 1000);
  let pending = [...join.groups.keys()];
  for (let attempt = 1; ; attempt++) {
    const results = await settleEach(pending, async (key) => {
      const g = join.groups.get(key) as ActivityGroup;
      const prev = join.stored.get(key);
      const merged = mergeActivity(prev?.events, g.events, join.nowMs, join.retentionMs);
      if (!merged.changed) return true;
      const next: IdentityActivity = {
        accountId: g.accountId,
        identity: g.identity,
        events: merged.events,
        updatedAt: new Date(join.nowMs).toISOString(),
      };
      return deps.store.putActivity(next, prev?.version, ttlSeconds);
    });
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    const lost = pending.filter((_, i) => {
      const r = results[i];
      return r.status === 'fulfilled' && !r.value;
    });
    if (lost.length === 0) return changes;
    if (attempt >= ACTIVITY_ATTEMPTS) {
      throw Object.assign(new Error('identity activity kept changing under this batch'), { name: 'ActivityConflict' });
    }
    const before = new Map(lost.map((k) => [k, join.stored.get(k)]));
    await readActivity(deps, join, lost);
    const rejoin = lost.filter((k) => joinsNewEvents(before.get(k), join.stored.get(k), join.groups.get(k) as ActivityGroup));
    deps.log.warn(
      rejoin.length
        ? 'another batch wrote the activity of identities of this batch; re-running the cross-batch detectors with it'
        : 'another batch wrote the activity of identities of this batch; merged again',
      { identities: lost.length, rerun: rejoin.length, attempt },
    );
    if (rejoin.length) {
      // only the cross-batch detectors read the other batch's events; over all the batch's events (a recon burst's
      // severity reads other identities' first invocations)
      const detectors = { ...deps.detectors, trail: deps.detectors.trail.filter((t) => t.crossBatch), stateful: undefined };
      const rerun = runFor({ ...deps, detectors }, inventory);
      for (const e of events) rerun.analyzer.trail(e);
      rerun.analyzer.setTrailHistory(join.history());
      const again = await persistRun(await computeRun(rerun, deps.store), deps.store, deps.clock, deps.log, detectors, written);
      changes.push(...again.changes);
    }
    pending = lost;
  }
}

/**
 * The trail detectors' context with what the inventory says about the credentials the batch's
 * UpdateServiceSpecificCredential events re-activate: the request is `userName`,
 * `serviceSpecificCredentialId` and `status`, with no service, so a Bedrock API key is one discovery inventoried
 * (`iam.bedrock-api-key`, by account and credential id; a tombstone counts: the id was a Bedrock key's), with its
 * creation and expiry dates. One point read per distinct (account, credential) of a successful re-activation (rare;
 * deactivations and failed calls are not judged, so not read); a failed read leaves the inventory unconsulted (logged, error name only), never a batch
 * failure: the detector then reports the service as unknown.
 */
async function trailInventoryContext(deps: RuntimeDeps, envelopes: readonly Record<string, unknown>[]): Promise<TrailContext | undefined> {
  if (!deps.assets) return undefined;
  const wanted = new Map<string, string>();
  for (const envelope of envelopes) {
    const detail = envelope.detail as Record<string, unknown>;
    if (detail.eventSource !== 'iam.amazonaws.com' || detail.eventName !== 'UpdateServiceSpecificCredential') continue;
    const req = detail.requestParameters as Record<string, unknown> | null | undefined;
    // the detector judges successful re-activations only
    if (req?.status !== 'Active' || detail.errorCode) continue;
    const credentialId = typeof req?.serviceSpecificCredentialId === 'string' ? req.serviceSpecificCredentialId : '';
    const account = trailAccountOf(envelope);
    if (credentialId && account) wanted.set(apiKeyId(account, credentialId), credentialId);
  }
  if (wanted.size === 0) return undefined;
  const found = new Map<string, { createDate?: string; expirationDate?: string | null }>();
  try {
    for (const [id, credentialId] of wanted) {
      const a = await deps.assets.getAsset(id);
      if (a?.type !== 'iam.bedrock-api-key') continue;
      const c = a.config as Partial<BedrockApiKeyConfig> | null | undefined;
      found.set(credentialId, { createDate: c?.createDate, expirationDate: c?.expirationDate });
    }
  } catch (err) {
    deps.log.warn('asset inventory not read for service-specific credentials', { error: err instanceof Error ? err.name : 'unknown' });
    return undefined;
  }
  return { ...deps.detectors.trailCtx, bedrockApiKeyIds: found };
}

/** The account a CloudTrail envelope's finding is attributed to (as `extractTrailEvent`). */
function trailAccountOf(envelope: Record<string, unknown>): string {
  return trailAccountId(envelope.detail as Record<string, unknown>, typeof envelope.account === 'string' ? envelope.account : undefined);
}

const WRITTEN = 'aispmWrittenChanges';
const UNRELEASED = 'aispmUnreleasedMessages';

/**
 * The messages of a failed `analyzeTrailMessages` whose event claims could not be released: a re-run before the claims
 * expire would skip their events as already claimed, so they must be left to SQS (batch item failures).
 */
export function unreleasedMessagesOf(err: unknown): string[] {
  const v = typeof err === 'object' && err !== null ? (err as Record<string, unknown>)[UNRELEASED] : undefined;
  return Array.isArray(v) ? (v as string[]) : [];
}

/** The finding changes a failed `analyzeTrailMessages` had already stored (to be delivered before failing). */
export function writtenChangesOf(err: unknown): FindingChange[] {
  const v = typeof err === 'object' && err !== null ? (err as Record<string, unknown>)[WRITTEN] : undefined;
  return Array.isArray(v) ? (v as FindingChange[]) : [];
}

/**
 * CloudTrail event mark operations (claim, extend, release: one store round-trip each, three per event at most) in
 * flight at once. Sequential, a 1,000-event batch waited for 2,000 round trips (measured by `npm run bench:trail`).
 */
export const TRAIL_MARK_CONCURRENCY = 16;

/**
 * `fn` over `items`, at most `TRAIL_MARK_CONCURRENCY` at a time; every call started settles; outcomes in input order.
 * With `stopOnFailure`, no call starts after one has failed: the outcomes of items never started are `undefined`.
 */
async function settleEach<T, R>(items: readonly T[], fn: (x: T) => Promise<R>): Promise<PromiseSettledResult<R>[]>;
async function settleEach<T, R>(
  items: readonly T[],
  fn: (x: T) => Promise<R>,
  stopOnFailure: true,
): Promise<(PromiseSettledResult<R> | undefined)[]>;
async function settleEach<T, R>(
  items: readonly T[],
  fn: (x: T) => Promise<R>,
  stopOnFailure = false,
): Promise<(PromiseSettledResult<R> | undefined)[]> {
  const out: (PromiseSettledResult<R> | undefined)[] = new Array(items.length).fill(undefined);
  let next = 0;
  let failed = false;
  const worker = async () => {
    for (let i = next++; i < items.length && !(stopOnFailure && failed); i = next++) {
      try {
        out[i] = { status: 'fulfilled', value: await fn(items[i]) };
      } catch (reason) {
        out[i] = { status: 'rejected', reason };
        failed = true;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(TRAIL_MARK_CONCURRENCY, items.length) }, worker));
  return out;
}

/** Second phase: the events are written; keep their marks for as long as SQS may still re-deliver them. */
async function extendClaims(deps: RuntimeDeps, marks: readonly string[], ttl: number): Promise<void> {
  const results = await settleEach(marks, (mark) => deps.store.extend(mark, ttl));
  const failed = results.filter((r) => r.status === 'rejected').length;
  const lost = results.filter((r) => r.status === 'fulfilled' && !r.value).length;
  // not fatal: the short claims still cover the retries of this delivery, and a later re-delivery re-records
  // observations whose event ids the stored findings already list without counting them again. A lost mark (removed
  // meanwhile) is not recreated: its event may be analyzed again by a re-delivery, under the same guarantee.
  if (failed) deps.log.warn('could not extend some CloudTrail event marks', { failed, total: marks.length });
  if (lost) deps.log.warn('some CloudTrail event marks no longer existed; not extended', { lost, total: marks.length });
}
