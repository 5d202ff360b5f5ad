/**
 * The runtime analyzer: receives normalized records from the readers, runs the content detectors per record, feeds
 * the stateful (behaviour / drift) analyzers, buffers CloudTrail events for the trail detectors, routes malformed
 * records to the dead-letter sink (reference + reason only), and aggregates every detection.
 *
 * A detector that throws on a record is counted and logged (detector id + record reference) and the run goes on.
 *
 * A record delivered twice in one run (the same request id in two log objects or CloudWatch deliveries) is analyzed
 * once: content detections, behaviour and drift counts and aggregated occurrences all see it once. The ids are
 * remembered up to a bound (`RECORD_DEDUPE_CAP`); past it, the aggregator's per-finding id de-duplication remains.
 */

import type { ContentDetector, DetectorContext, RecordAnalyzer, TrailContext, TrailDetector } from '../detectors/types.ts';
import type { Detection, InvocationRecord, RecordRef, TrailEvent } from '../domain/runtime.ts';
import type { Observation } from '../findings/lifecycle.ts';
import type { Baseline } from '../store/types.ts';
import type { Log } from '../util/logger.ts';
import { DEFAULT_WINDOW_MS, DetectionAggregator } from './aggregate.ts';
import type { DeadLetterSink } from './deadletter.ts';
import type { RecordHandler } from './reader.ts';

export interface AnalyzerOptions {
  content: readonly ContentDetector[];
  /** Stateful analyzers (behaviour, drift), already created with their baselines. */
  stateful?: readonly RecordAnalyzer[];
  trail: readonly TrailDetector[];
  ctx: DetectorContext;
  trailCtx: TrailContext;
  deadLetter: DeadLetterSink;
  log: Log;
  windowMs?: number;
  /** Trail events are evaluated in segments of this many (bounded memory); default 100 000. */
  trailSegment?: number;
  /** Clock for dead-letter timestamps. */
  now?: () => Date;
}

export interface AnalyzerStats {
  invocations: number;
  /** Records dropped because a record with the same request id was already analyzed in this run. */
  duplicateRecords: number;
  trailEvents: number;
  malformed: number;
  malformedByReason: Record<string, number>;
  skipped: Record<string, number>;
  defaulted: Record<string, number>;
  detections: number;
  duplicateDetections: number;
  detectorErrors: Record<string, number>;
  byOperation: Record<string, number>;
}

export interface AnalyzerResult {
  observations: Observation[];
  baselines: Baseline[];
  stats: AnalyzerStats;
}

/** Request ids remembered per run to drop re-delivered records (~70 bytes each: at most ~3.5 MB). */
export const RECORD_DEDUPE_CAP = 50_000;

const inc = (m: Record<string, number>, k: string, n = 1) => {
  m[k] = (m[k] ?? 0) + n;
};

export class RuntimeAnalyzer implements RecordHandler {
  private agg: DetectionAggregator;
  private trailBuf: TrailEvent[] = [];
  readonly stats: AnalyzerStats = {
    invocations: 0,
    duplicateRecords: 0,
    trailEvents: 0,
    malformed: 0,
    malformedByReason: {},
    skipped: {},
    defaulted: {},
    detections: 0,
    duplicateDetections: 0,
    detectorErrors: {},
    byOperation: {},
  };
  private finished = false;
  private readonly seenRequests = new Set<string>();
  private history: readonly TrailEvent[] = [];
  private priorIds: ReadonlySet<string> = new Set();

  constructor(private readonly o: AnalyzerOptions) {
    this.agg = new DetectionAggregator(o.windowMs ?? DEFAULT_WINDOW_MS);
  }

  invocation(r: InvocationRecord): void {
    const seen = this.seenRequests;
    if (seen.has(r.requestId)) {
      this.stats.duplicateRecords++;
      return;
    }
    if (seen.size < RECORD_DEDUPE_CAP) seen.add(r.requestId);
    this.stats.invocations++;
    inc(this.stats.byOperation, r.operation);
    const content = this.o.content;
    for (let i = 0; i < content.length; i++) {
      const d = content[i];
      let found: Detection[];
      try {
        found = d.detect(r, this.o.ctx);
      } catch (err) {
        this.detectorFailed(d.id, r.source, err);
        continue;
      }
      for (let j = 0; j < found.length; j++) this.agg.add(found[j]);
    }
    const st = this.o.stateful;
    if (st) {
      for (let i = 0; i < st.length; i++) {
        try {
          st[i].observe(r);
        } catch (err) {
          this.detectorFailed(`stateful[${i}]`, r.source, err);
        }
      }
    }
  }

  trail(e: TrailEvent): void {
    this.stats.trailEvents++;
    this.trailBuf.push(e);
    if (this.trailBuf.length >= (this.o.trailSegment ?? 100_000)) this.flushTrail();
  }

  /**
   * Events of earlier batches (the identities' stored recent activity) that the `crossBatch` trail detectors read
   * with this run's events, as `TrailContext.priorEventIds`; not counted in the stats. Set before `finish()`.
   */
  setTrailHistory(events: readonly TrailEvent[]): void {
    this.history = events;
    this.priorIds = new Set(events.map((e) => e.eventId));
  }

  malformed(ref: RecordRef, reason: string): void {
    this.stats.malformed++;
    inc(this.stats.malformedByReason, reason);
    this.o.log.warn('malformed record sent to dead-letter', { uri: ref.uri, line: ref.line, eventId: ref.eventId, reason });
    this.o.deadLetter.put({ ref, reason, at: (this.o.now?.() ?? new Date()).toISOString() });
  }

  skipped(reason: string): void {
    inc(this.stats.skipped, reason);
  }

  defaulted(_ref: RecordRef, fields: string[]): void {
    for (const f of fields) inc(this.stats.defaulted, f);
  }

  private detectorFailed(id: string, ref: RecordRef, err: unknown): void {
    inc(this.stats.detectorErrors, id);
    this.o.log.error('detector failed on a record', {
      detector: id,
      uri: ref.uri,
      line: ref.line,
      eventId: ref.eventId,
      error: err instanceof Error ? err.name : 'unknown',
    });
  }

  private flushTrail(): void {
    const events = this.trailBuf;
    this.trailBuf = [];
    if (!events.length) return;
    // the cross-batch detectors see the stored events too (an event both stored and re-delivered: the stored copy)
    const prior = this.priorIds;
    const joined = this.history.length ? [...this.history, ...events.filter((e) => !prior.has(e.eventId))] : events;
    const joinedCtx = this.history.length ? { ...this.o.trailCtx, priorEventIds: prior } : this.o.trailCtx;
    for (const t of this.o.trail) {
      try {
        const found = t.crossBatch ? t.detect(joined, joinedCtx) : t.detect(events, this.o.trailCtx);
        for (const d of found) this.agg.add(d);
      } catch (err) {
        this.detectorFailed(t.id, events[0].source, err);
      }
    }
  }

  /** Runs the end-of-run detectors and returns the aggregated observations. Call once. */
  finish(): AnalyzerResult {
    if (this.finished) throw new Error('RuntimeAnalyzer.finish() called twice');
    this.finished = true;
    this.flushTrail();
    const baselines: Baseline[] = [];
    for (const [i, s] of (this.o.stateful ?? []).entries()) {
      try {
        for (const d of s.finish()) this.agg.add(d);
        baselines.push(...s.state());
      } catch (err) {
        this.detectorFailed(`stateful[${i}]`, { uri: 'finish' }, err);
      }
    }
    this.stats.detections = this.agg.detections;
    this.stats.duplicateDetections = this.agg.duplicates;
    return { observations: this.agg.observations(), baselines, stats: this.stats };
  }
}
