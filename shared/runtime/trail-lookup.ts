/**
 * CloudTrail `LookupEvents` as a log source (the `scan --cloudtrail-lookback` option): reads recent management events
 * of one region, page by page, and normalizes each event's `CloudTrailEvent` JSON string into the `TrailEvent` shape
 * the CloudTrail detectors (`shared/detectors/cloudtrail.ts`) take.
 *
 * Bounded by design (a look-back must never hang a scan):
 * - at most one request every `MIN_REQUEST_INTERVAL_MS` per region (LookupEvents allows 2 requests/s per account
 *   per region); throttling beyond that is retried by the SDK client (adaptive retry mode);
 * - at most `maxPages` pages of 50 events of the event-source lookup per region, and at most
 *   `NAMED_LOOKUP_MAX_PAGES` of each by-name lookup;
 * - a deadline shared by all regions, enforced before each request and by aborting the request in flight.
 * When a cap, the deadline or an error cuts a region short, the result carries a note saying what was not read;
 * it never fails silently. Malformed `CloudTrailEvent` strings are counted by reason and skipped; their content is
 * never logged.
 */
import {
  type CloudTrailClient,
  type Event as LookupEvent,
  LookupEventsCommand,
  type LookupEventsCommandOutput,
} from '@aws-sdk/client-cloudtrail';
import type { TrailEvent } from '../domain/runtime.ts';
import { extractTrailEvent, isTrailRecord } from './cloudtrail.ts';

const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;

/** LookupEvents returns at most 50 events per page. */
export const LOOKUP_PAGE_SIZE = 50;
/** Default page cap of the event-source lookup per region (20 x 50 = 1,000 events). */
export const DEFAULT_MAX_PAGES = 20;
/** Page cap of each by-name lookup of rare events (never above the region's cap); they usually take one page. */
export const NAMED_LOOKUP_MAX_PAGES = 4;
/** Default time budget of the whole look-back (all regions, in parallel). */
export const DEFAULT_BUDGET_MS = 60_000;
/** LookupEvents only serves the last 90 days. */
export const MAX_LOOKBACK_MS = 90 * DAY_MS;
/** LookupEvents is limited to 2 requests per second per account per region. */
export const MIN_REQUEST_INTERVAL_MS = 500;

export const BEDROCK_SOURCE = 'bedrock.amazonaws.com';
/** IAM events behind the API-key detector (IAM is global: CloudTrail records them in the partition's global region). */
export const IAM_API_KEY_EVENTS = ['CreateServiceSpecificCredential', 'UpdateServiceSpecificCredential'] as const;

/** `24h`, `7d` (hours or days, 1h..90d) -> milliseconds; throws a message naming the option otherwise. */
export function parseLookback(v: string, option = '--cloudtrail-lookback'): number {
  const m = /^(\d{1,4})([hd])$/.exec(v.trim().toLowerCase());
  if (!m) throw new Error(`${option} takes hours or days, e.g. 24h or 7d (not '${v}')`);
  const ms = Number(m[1]) * (m[2] === 'h' ? HOUR_MS : DAY_MS);
  if (ms < HOUR_MS || ms > MAX_LOOKBACK_MS) throw new Error(`${option} must be between 1h and 90d (LookupEvents keeps 90 days)`);
  return ms;
}

/**
 * Bedrock control-plane events that are rare and decide a finding on their own (defence evasion, model-access
 * enablement). Looked up by name before the whole event source: in a busy account the source lookup is mostly
 * InvokeModel / Converse and can reach the page cap hours before the window's start, and one of these must not be
 * among what was left unread. Their events also come back in the source lookup; duplicates are dropped by event id.
 */
export const RARE_BEDROCK_EVENTS = [
  'DeleteGuardrail',
  'UpdateGuardrail',
  'CreateGuardrail',
  'DeleteModelInvocationLoggingConfiguration',
  'PutModelInvocationLoggingConfiguration',
  'PutUseCaseForModelAccess',
  'CreateFoundationModelAgreement',
  'PutFoundationModelEntitlement',
] as const;

/** One LookupEvents query: LookupEvents takes a single lookup attribute per request. */
export interface TrailLookup {
  key: 'EventSource' | 'EventName';
  value: string;
}

export function lookupLabel(l: TrailLookup): string {
  return `${l.key}=${l.value}`;
}

/**
 * What to look up in a region, from what the CloudTrail detectors consume: every event with eventSource
 * `bedrock.amazonaws.com` (recon, model access, guardrails, invocation logging; Bedrock Runtime calls such as
 * InvokeModel and Converse are management events with that source), and, in the global region only, the two IAM
 * service-specific-credential events (long-term Bedrock API keys). The rare events (the IAM ones, then
 * `RARE_BEDROCK_EVENTS`) come first, each by name, so a busy Bedrock region cannot use up the page cap before them.
 */
export function lookupsFor(region: string, globalRegion: string): TrailLookup[] {
  const out: TrailLookup[] = [];
  if (region === globalRegion) for (const n of IAM_API_KEY_EVENTS) out.push({ key: 'EventName', value: n });
  for (const n of RARE_BEDROCK_EVENTS) out.push({ key: 'EventName', value: n });
  out.push({ key: 'EventSource', value: BEDROCK_SOURCE });
  return out;
}

export type LookbackNoteReason = 'page-cap' | 'time-budget' | 'lookup-failed' | 'not-looked-up';

/** Why a region's look-back is incomplete (shown in the scan summary and as a coverage gap in the report). */
export interface LookbackNote {
  region: string;
  reason: LookbackNoteReason;
  /** Lookups not (fully) read. */
  lookups: string[];
  /** The error's name (e.g. `AccessDeniedException`) for `lookup-failed`. */
  errorCode?: string;
  /** Oldest event time the cut lookup had read (earlier events of that lookup in the window were not read). */
  readBackTo?: string;
  message: string;
}

export interface RegionLookupResult {
  region: string;
  lookups: string[];
  requests: number;
  pages: number;
  /** Events returned by LookupEvents (before parsing, de-duplication and the window check). */
  eventsReturned: number;
  events: TrailEvent[];
  malformed: number;
  malformedByReason: Record<string, number>;
  /** Events whose time fell outside the requested window (defensive: LookupEvents filters by time itself). */
  outsideWindow: number;
  duplicates: number;
  defaulted: Record<string, number>;
  notes: LookbackNote[];
}

export type ParsedLookupEvent = { event: TrailEvent; defaulted: string[] } | { malformed: string };

/** One LookupEvents `Event` -> `TrailEvent`, or the reason it is malformed (never its content). */
export function parseLookupEvent(e: LookupEvent, region: string): ParsedLookupEvent {
  const raw = e.CloudTrailEvent;
  if (typeof raw !== 'string' || raw.length === 0) return { malformed: 'missing-cloudtrail-event' };
  let rec: unknown;
  try {
    rec = JSON.parse(raw);
  } catch {
    return { malformed: 'invalid-json' };
  }
  if (typeof rec !== 'object' || rec === null || Array.isArray(rec) || !isTrailRecord(rec as Record<string, unknown>)) {
    return { malformed: 'not-a-trail-record' };
  }
  const time = e.EventTime instanceof Date && Number.isFinite(e.EventTime.getTime()) ? e.EventTime.toISOString() : undefined;
  return extractTrailEvent(
    rec as Record<string, unknown>,
    { uri: `cloudtrail-lookup://${region}`, ...(e.EventId ? { eventId: e.EventId } : {}) },
    { region, time, id: e.EventId },
  );
}

export interface ReadRegionOptions {
  region: string;
  client: Pick<CloudTrailClient, 'send'>;
  lookups: TrailLookup[];
  start: Date;
  end: Date;
  maxPages: number;
  /** Monotonic time (ms) after which no request is started. */
  deadline: number;
  /** Aborts the request in flight when the budget is spent. */
  signal?: AbortSignal;
  /** Monotonic milliseconds (`performance.now` by default). */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  minIntervalMs?: number;
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** An error's name (or AWS code), reduced to safe characters: never its message, which may quote input. */
export function errorName(err: unknown): string {
  const e = err as { name?: unknown; Code?: unknown; code?: unknown };
  const n = typeof e?.name === 'string' && e.name !== 'Error' ? e.name : typeof e?.Code === 'string' ? e.Code : undefined;
  return (n ?? (typeof e?.code === 'string' ? e.code : 'Error')).replace(/[^A-Za-z0-9._-]/g, '').slice(0, 64) || 'Error';
}

/** Reads one region's lookups within the page cap and the deadline. Never throws for AWS errors: they become notes. */
export async function readRegion(o: ReadRegionOptions): Promise<RegionLookupResult> {
  const now = o.now ?? (() => performance.now());
  const sleep = o.sleep ?? defaultSleep;
  const interval = o.minIntervalMs ?? MIN_REQUEST_INTERVAL_MS;
  const startMs = o.start.getTime();
  const endMs = o.end.getTime();
  const res: RegionLookupResult = {
    region: o.region,
    lookups: o.lookups.map(lookupLabel),
    requests: 0,
    pages: 0,
    eventsReturned: 0,
    events: [],
    malformed: 0,
    malformedByReason: {},
    outsideWindow: 0,
    duplicates: 0,
    defaulted: {},
    notes: [],
  };
  const seen = new Set<string>();
  let oldest: number | undefined;
  let lastRequest = Number.NEGATIVE_INFINITY;
  const cut = (reason: LookbackNoteReason, from: number, extra: { errorCode?: string; message: string; only?: boolean }) => {
    res.notes.push({
      region: o.region,
      reason,
      lookups: (extra.only ? o.lookups.slice(from, from + 1) : o.lookups.slice(from)).map(lookupLabel),
      ...(extra.errorCode ? { errorCode: extra.errorCode } : {}),
      ...(oldest !== undefined ? { readBackTo: new Date(oldest).toISOString() } : {}),
      message: extra.message,
    });
  };
  for (let li = 0; li < o.lookups.length; li++) {
    const lookup = o.lookups[li];
    // The cap bounds each lookup: the event source (the bulk) takes `maxPages`, a by-name lookup of rare events at most
    // NAMED_LOOKUP_MAX_PAGES, so the rare lookups cannot use up the source's pages, nor the source theirs.
    const cap = lookup.key === 'EventName' ? Math.min(o.maxPages, NAMED_LOOKUP_MAX_PAGES) : o.maxPages;
    let pages = 0;
    // how far back this lookup read (events come newest first), for the note when it is cut short
    oldest = undefined;
    let token: string | undefined;
    do {
      if (pages >= cap) {
        cut('page-cap', li, { message: `page cap reached (${cap} pages of ${LOOKUP_PAGE_SIZE} events)`, only: true });
        break;
      }
      const wait = lastRequest + interval - now();
      if (wait > 0) await sleep(Math.min(wait, Math.max(0, o.deadline - now())));
      if (now() >= o.deadline || o.signal?.aborted) {
        cut('time-budget', li, { message: 'time budget spent' });
        return res;
      }
      lastRequest = now();
      res.requests++;
      let out: LookupEventsCommandOutput;
      try {
        out = await o.client.send(
          new LookupEventsCommand({
            LookupAttributes: [{ AttributeKey: lookup.key, AttributeValue: lookup.value }],
            StartTime: o.start,
            EndTime: o.end,
            MaxResults: LOOKUP_PAGE_SIZE,
            NextToken: token,
          }),
          o.signal ? { abortSignal: o.signal } : undefined,
        );
      } catch (err) {
        if (o.signal?.aborted || now() >= o.deadline) {
          cut('time-budget', li, { message: 'time budget spent (request aborted)' });
        } else {
          const code = errorName(err);
          cut('lookup-failed', li, { errorCode: code, message: `LookupEvents failed: ${code}` });
        }
        return res;
      }
      res.pages++;
      pages++;
      for (const e of out.Events ?? []) {
        res.eventsReturned++;
        const p = parseLookupEvent(e, o.region);
        if ('malformed' in p) {
          res.malformed++;
          res.malformedByReason[p.malformed] = (res.malformedByReason[p.malformed] ?? 0) + 1;
          continue;
        }
        const t = Date.parse(p.event.eventTime);
        if (!(t >= startMs && t <= endMs)) {
          res.outsideWindow++;
          continue;
        }
        if (seen.has(p.event.eventId)) {
          res.duplicates++;
          continue;
        }
        seen.add(p.event.eventId);
        for (const f of p.defaulted) res.defaulted[f] = (res.defaulted[f] ?? 0) + 1;
        if (oldest === undefined || t < oldest) oldest = t;
        res.events.push(p.event);
      }
      token = typeof out.NextToken === 'string' && out.NextToken.length > 0 ? out.NextToken : undefined;
    } while (token);
  }
  return res;
}
