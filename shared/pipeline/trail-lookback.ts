/**
 * The CloudTrail look-back of `aispm scan --cloudtrail-lookback`: reads recent management events of every scanned
 * region with `LookupEvents` (`shared/runtime/trail-lookup.ts`, regions in parallel, each paced, capped and under one
 * shared time budget), then runs the existing CloudTrail detectors over them through the same analysis path as
 * `aispm analyze` (`analyzeRecords`: detectors -> aggregation -> finding lifecycle), so the findings land in the
 * scan's store like any runtime finding, with their CloudTrail `eventIds`.
 */
import type { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { trailDetectors } from '../detectors/cloudtrail.ts';
import { globalRegion, partitionOf } from '../discovery/clients.ts';
import type { CoverageGap } from '../domain/asset.ts';
import type { Finding } from '../domain/finding.ts';
import type { TrailEvent } from '../domain/runtime.ts';
import type { Observation } from '../findings/lifecycle.ts';
import { buildDetectorSet } from '../runtime/detector-set.ts';
import {
  DEFAULT_BUDGET_MS,
  DEFAULT_MAX_PAGES,
  errorName,
  IAM_API_KEY_EVENTS,
  type LookbackNote,
  lookupLabel,
  lookupsFor,
  type RegionLookupResult,
  readRegion,
} from '../runtime/trail-lookup.ts';
import type { BaselineStore, FindingStore, MarkStore } from '../store/types.ts';
import type { Clock } from '../util/clock.ts';
import type { Log } from '../util/logger.ts';
import { analyzeRecords } from './analyze.ts';
import { coverageObservation } from './assess.ts';

export interface TrailLookbackOptions {
  regions: string[];
  lookbackMs: number;
  maxPages?: number;
  budgetMs?: number;
  /** A CloudTrail client for a region (SDK retry configured by the caller). */
  client(region: string): Pick<CloudTrailClient, 'send'>;
  store: FindingStore & BaselineStore & MarkStore;
  clock: Clock;
  log: Log;
  /** Monotonic milliseconds for the budget and pacing (tests). */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  minIntervalMs?: number;
  /** Globs of principals whose inventory calls are not reconnaissance: at least the scan's own caller. */
  scannerPrincipals?: string[];
}

export interface TrailLookbackResult {
  window: { start: string; end: string };
  lookbackMs: number;
  maxPages: number;
  budgetMs: number;
  regions: RegionLookupResult[];
  /** Every reason the look-back is incomplete, region by region (empty: everything in the window was read). */
  notes: LookbackNote[];
  events: number;
  malformed: number;
  findings: Finding[];
}

/** Reads every region (in parallel, under one budget), then runs the CloudTrail detectors over all events once. */
export async function runTrailLookback(o: TrailLookbackOptions): Promise<TrailLookbackResult> {
  const maxPages = o.maxPages ?? DEFAULT_MAX_PAGES;
  const budgetMs = o.budgetMs ?? DEFAULT_BUDGET_MS;
  const now = o.now ?? (() => performance.now());
  const end = o.clock.now();
  const start = new Date(end.getTime() - o.lookbackMs);
  const deadline = now() + budgetMs;
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(), budgetMs);
  timer.unref?.();
  const notes: LookbackNote[] = [];
  // IAM events (Bedrock API keys) are recorded in the partition's global region only
  const globals = [...new Set(o.regions.map((r) => globalRegion(partitionOf(r))))];
  for (const g of globals) {
    if (!o.regions.includes(g)) {
      notes.push({
        region: g,
        reason: 'not-looked-up',
        lookups: IAM_API_KEY_EVENTS.map((n) => `EventName=${n}`),
        message: `IAM API-key events are recorded in ${g}, which is not among the scanned regions`,
      });
    }
  }
  let regions: RegionLookupResult[];
  try {
    regions = await Promise.all(
      o.regions.map((region) =>
        readRegion({
          region,
          client: o.client(region),
          lookups: lookupsFor(region, globalRegion(partitionOf(region))),
          start,
          end,
          maxPages,
          deadline,
          signal: ac.signal,
          now,
          sleep: o.sleep,
          minIntervalMs: o.minIntervalMs,
        }),
      ),
    );
  } finally {
    clearTimeout(timer);
  }
  for (const r of regions) {
    notes.push(...r.notes);
    for (const n of r.notes) o.log.warn('cloudtrail look-back incomplete', { region: n.region, reason: n.reason, errorCode: n.errorCode });
    if (r.malformed > 0) o.log.warn('cloudtrail look-back: malformed events skipped', { region: r.region, malformed: r.malformed });
  }
  const events: TrailEvent[] = regions.flatMap((r) => r.events);
  const detectors = buildDetectorSet({ trail: [...trailDetectors] }, { scannerPrincipals: o.scannerPrincipals });
  const { changes } = await analyzeRecords({ store: o.store, detectors, log: o.log, clock: o.clock }, { trail: events });
  const ids = [...new Set(changes.map((c) => c.finding.id))];
  const found = await o.store.getFindings(ids);
  const findings = ids.map((id) => found.get(id)).filter((f): f is Finding => f !== undefined);
  return {
    window: { start: start.toISOString(), end: end.toISOString() },
    lookbackMs: o.lookbackMs,
    maxPages,
    budgetMs,
    regions,
    notes,
    events: events.length,
    malformed: regions.reduce((n, r) => n + r.malformed, 0),
    findings,
  };
}

/** The notes as coverage gaps, so the report's "Coverage gaps" section and the evidence pack say what was not read. */
export function lookbackCoverageGaps(r: TrailLookbackResult, accountId: string, observedAt: string): CoverageGap[] {
  return r.notes.map((n) => ({
    accountId,
    region: n.region,
    service: 'cloudtrail',
    operation: 'LookupEvents',
    errorCode: n.errorCode ?? n.reason,
    message: `CloudTrail look-back ${n.message}; not read: ${n.lookups.join(', ')}${n.readBackTo ? `; events before ${n.readBackTo} in the window were not read` : ''}`,
    observedAt,
  }));
}

/**
 * A look-back gap as a coverage finding (the same rule and resource scheme as discovery's gaps, one per region), so it
 * reaches the outputs and the exit gate: a look-back that could not read a region must not pass as "no threats".
 * MEDIUM when LookupEvents failed (denied or broken), LOW when a cap, the budget or an unscanned global region left
 * part of the window unread.
 */
export function lookbackGapObservation(g: CoverageGap): Observation {
  const capped = g.errorCode === 'page-cap' || g.errorCode === 'time-budget' || g.errorCode === 'not-looked-up';
  // discovery's gap finding (rule, resource id scheme, mappings), with the look-back's own wording and severity
  return {
    ...coverageObservation(g),
    title: 'CloudTrail look-back incomplete (threat detection coverage gap)',
    description: `${g.message}. CloudTrail threats in ${g.region} (LLMjacking reconnaissance, guardrail or logging tampering, Bedrock API keys) were not fully checked, not found clean.`,
    severity: capped ? 'LOW' : 'MEDIUM',
    remediation: {
      text: capped
        ? 'Raise --cloudtrail-max-pages or --cloudtrail-budget, or scan the global region too; or analyze the trail files with aispm analyze.'
        : 'Grant the scanning principal cloudtrail:LookupEvents (docs/iam-scan-policy-cloudtrail-lookback.json) and rerun.',
      url: 'https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_LookupEvents.html',
    },
  };
}

/** The result of a look-back that failed as a whole (an unexpected error): every region is reported as not read. */
export function failedLookback(o: TrailLookbackOptions, err: unknown): TrailLookbackResult {
  const code = errorName(err);
  const end = o.clock.now();
  return {
    window: { start: new Date(end.getTime() - o.lookbackMs).toISOString(), end: end.toISOString() },
    lookbackMs: o.lookbackMs,
    maxPages: o.maxPages ?? DEFAULT_MAX_PAGES,
    budgetMs: o.budgetMs ?? DEFAULT_BUDGET_MS,
    regions: [],
    notes: o.regions.map((region) => ({
      region,
      reason: 'lookup-failed' as const,
      lookups: lookupsFor(region, globalRegion(partitionOf(region))).map(lookupLabel),
      errorCode: code,
      message: `look-back failed: ${code}`,
    })),
    events: 0,
    malformed: 0,
    findings: [],
  };
}
