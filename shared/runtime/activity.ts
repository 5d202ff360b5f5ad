/**
 * Per-identity recent activity for the cross-batch CloudTrail detectors (pure: no I/O).
 *
 * The deployed queue path reads CloudTrail events in SQS batches; a reconnaissance burst or the LLMjacking action
 * coverage of one identity can span several batches. For every identity with recon-relevant events in a batch
 * (`isActivityEvent`), `analyzeTrailMessages` loads the identity's stored recent events, runs the `crossBatch`
 * detectors over both (`historyEvents`, the stored ones named in `TrailContext.priorEventIds`), and, once the
 * findings are written, stores the union (`mergeActivity`).
 *
 * Bounds: events older than the longest per-identity window plus a margin for late delivery are dropped
 * (`activityRetentionMs`, also the item's TTL); invocations (frequent in an account that uses Bedrock) keep one
 * successful and one failed event per action, each refreshed at most hourly, so an identity that only invokes models costs a share of a batched read per
 * batch and a write per hour; past `MAX_ACTIVITY_EVENTS` the oldest events go first, but the newest event of each action always stays.
 */
import { activityWindowMs, isActivityEvent, isInvokeAction } from '../detectors/cloudtrail.ts';
import type { TrailContext, TrailThresholds } from '../detectors/types.ts';
import type { TrailEvent } from '../domain/runtime.ts';
import type { ActivityEvent } from '../store/types.ts';

/** Events kept per identity (~130 bytes each: an item stays ~13 KB). */
export const MAX_ACTIVITY_EVENTS = 100;
/** Kept past the longest window for CloudTrail delivery delays (events arrive minutes, rarely more, after the call). */
export const ACTIVITY_MARGIN_MS = 3600_000;
/** A stored invocation of an action is replaced only by one at least this much newer (one write per hour, not per batch). */
export const INVOKE_REFRESH_MS = 3600_000;

const BEDROCK = 'bedrock.amazonaws.com';

/** How long an identity's events are kept (and the item's TTL): the longest per-identity window plus the margin. */
export function activityRetentionMs(th: TrailThresholds): number {
  return activityWindowMs(th) + ACTIVITY_MARGIN_MS;
}

/** The recon-relevant events of one identity in one account, within a batch. */
export interface ActivityGroup {
  accountId: string;
  identity: string;
  events: TrailEvent[];
}

export function activityKey(accountId: string, identity: string): string {
  return `${accountId}\u0000${identity}`;
}

/** The batch's recon-relevant events grouped by account + identity (`activityKey`). */
export function activityGroups(events: readonly TrailEvent[], ctx: TrailContext): Map<string, ActivityGroup> {
  const out = new Map<string, ActivityGroup>();
  for (const e of events) {
    if (!isActivityEvent(e, ctx)) continue;
    const accountId = e.accountId || 'unknown';
    const identity = e.identity || 'unknown';
    const key = activityKey(accountId, identity);
    const g = out.get(key) ?? { accountId, identity, events: [] };
    g.events.push(e);
    out.set(key, g);
  }
  return out;
}

/** The stored form of an event; undefined when its time cannot be read (it cannot join a window anyway). */
export function toActivityEvent(e: TrailEvent): ActivityEvent | undefined {
  const t = Date.parse(e.eventTime);
  if (!Number.isFinite(t) || typeof e.eventId !== 'string' || !e.eventId) return undefined;
  const a: ActivityEvent = { id: e.eventId, name: e.eventName, t };
  if (e.region) a.region = e.region;
  if (e.errorCode) a.error = e.errorCode.slice(0, 64);
  if (e.sourceIp) a.sourceIp = e.sourceIp;
  const rp = e.requestParameters;
  const model = typeof rp === 'object' && rp !== null ? (rp as Record<string, unknown>).modelId : undefined;
  if (typeof model === 'string' && model) a.model = model;
  return a;
}

/**
 * A stored event as the detectors read it: of the request parameters only the model id (part of a finding's key and
 * of the enablement evidence); none of the joined windows reads any other.
 */
export function toTrailEvent(a: ActivityEvent, accountId: string, identity: string): TrailEvent {
  const e: TrailEvent = {
    eventId: a.id,
    eventTime: new Date(a.t).toISOString(),
    eventSource: BEDROCK,
    eventName: a.name,
    region: a.region ?? 'unknown',
    accountId,
    identity,
    source: { uri: 'activity://stored', eventId: a.id },
  };
  if (a.error) e.errorCode = a.error;
  if (a.sourceIp) e.sourceIp = a.sourceIp;
  if (a.model) e.requestParameters = { modelId: a.model };
  return e;
}

/** Stored events still within the retention at `nowMs` (an expired item TTL has not removed yet holds none). */
export function recentActivity(stored: readonly ActivityEvent[] | undefined, nowMs: number, retentionMs: number): ActivityEvent[] {
  const cutoff = nowMs - retentionMs;
  return (stored ?? []).filter((a) => a && typeof a.t === 'number' && a.t >= cutoff && typeof a.id === 'string');
}

/**
 * The stored events plus the batch's (de-duplicated by event id), pruned and capped; `changed` is false when the batch
 * adds nothing that stays (a replayed batch, even one larger than the cap; invocations already represented): then
 * nothing needs writing. (Pruning alone is no change: readers drop expired events themselves.)
 */
export function mergeActivity(
  stored: readonly ActivityEvent[] | undefined,
  batch: readonly TrailEvent[],
  nowMs: number,
  retentionMs: number,
  cap = MAX_ACTIVITY_EVENTS,
): { events: ActivityEvent[]; changed: boolean } {
  const cutoff = nowMs - retentionMs;
  let events = recentActivity(stored, nowMs, retentionMs);
  const ids = new Set(events.map((a) => a.id));
  const fresh = batch
    .map(toActivityEvent)
    .filter((a): a is ActivityEvent => a !== undefined && a.t >= cutoff && !ids.has(a.id))
    .sort((a, b) => a.t - b.t);
  let changed = false;
  for (const a of fresh) {
    if (ids.has(a.id)) continue;
    if (isInvokeAction(a.name)) {
      // one successful and one failed invocation per action are enough for the joins (coverage counts actions; the
      // new-invoker check needs the identity's earlier successful invocation, which a failure must never replace): each
      // the newest of its kind, replaced only by one of the same kind an hour newer; a failure adds nothing beside a
      // recent invocation of the action, and a success replaces the failures before it
      const kind = (x: ActivityEvent) => x.name === a.name && !x.error === !a.error;
      if (events.some((x) => kind(x) && x.t > a.t - INVOKE_REFRESH_MS)) continue;
      if (a.error && events.some((x) => x.name === a.name && x.t > a.t - INVOKE_REFRESH_MS)) continue;
      events = events.filter((x) => !kind(x) && !(x.name === a.name && !a.error && x.t <= a.t));
    }
    events.push(a);
    ids.add(a.id);
    changed = true;
  }
  events.sort((a, b) => a.t - b.t || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const capped = capActivity(events, cap);
  // a replay of a batch larger than the cap brings back the events the cap dropped: they go again, nothing changes
  if (changed) {
    const before = new Set((stored ?? []).map((a) => a?.id));
    changed = capped.some((a) => !before.has(a.id));
  }
  return { events: capped, changed };
}

/**
 * At most `cap` events: the newest of each action always (of an invocation action, the newest successful and the
 * newest failed one), then the newest others (sorted by time).
 */
export function capActivity(events: readonly ActivityEvent[], cap: number): ActivityEvent[] {
  if (events.length <= cap) return [...events];
  const keep = new Set<number>();
  const actions = new Set<string>();
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i];
    const key = isInvokeAction(e.name) && e.error ? `${e.name}\u0000failed` : e.name;
    if (actions.has(key)) continue;
    actions.add(key);
    keep.add(i);
  }
  for (let i = events.length - 1; i >= 0 && keep.size < cap; i--) keep.add(i);
  return events.filter((_, i) => keep.has(i));
}

/** The stored recent events of the batch's identities, as the detectors read them. */
export function historyEvents(
  groups: ReadonlyMap<string, ActivityGroup>,
  stored: ReadonlyMap<string, { events: readonly ActivityEvent[] } | undefined>,
  nowMs: number,
  retentionMs: number,
): TrailEvent[] {
  const out: TrailEvent[] = [];
  for (const [key, g] of groups) {
    for (const a of recentActivity(stored.get(key)?.events, nowMs, retentionMs)) out.push(toTrailEvent(a, g.accountId, g.identity));
  }
  return out;
}
