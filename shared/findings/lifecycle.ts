import type { CheckStatus, Remediation } from '../domain/check.ts';
import type { EvidenceValue, Finding, FindingSource } from '../domain/finding.ts';
import type { FrameworkMappings } from '../domain/frameworks.ts';
import { type Severity, severityRank } from '../domain/severity.ts';
import { contentHash, fingerprint } from '../util/hash.ts';

/** One evaluation of a rule on a resource (a check result or a runtime detection), before lifecycle. */
export interface Observation {
  ruleId: string;
  source: FindingSource;
  /** FAIL opens/keeps a finding; PASS resolves it; ERROR and MANUAL leave it as it is (unknown is not fixed). */
  status: CheckStatus;
  title: string;
  description: string;
  severity: Severity;
  resourceId: string;
  resourceType: string;
  resourceName?: string;
  accountId: string;
  region: string;
  evidence: Record<string, EvidenceValue>;
  remediation: Remediation;
  mappings: FrameworkMappings;
  types: string[];
  /** Runtime: how many occurrences this observation adds (default 1). */
  occurrences?: number;
  detector?: string;
  identity?: string;
  modelId?: string;
  windowStart?: string;
  requestIds?: string[];
  eventIds?: string[];
  /**
   * Runtime: each listed request/event id stands for exactly one of the `occurrences` (per-record detections, not
   * window-level ones that name every record of a burst). Ids the stored finding already lists were counted by an
   * earlier run (the same record in two log objects) and are not counted again.
   */
  idsPerOccurrence?: boolean;
  /**
   * Runtime (CloudTrail cross-batch detections): the observation holds a detection that continues a window or a
   * judgement of stored events, which the finding already counted (`Detection.continues`). Those detections are not in
   * `occurrences` and their ids are `continuedIds`, not `eventIds`: against an open finding they count nothing and
   * only merge; with no open finding, an observation of continuations only opens it with one occurrence.
   */
  continues?: boolean;
  continuedIds?: string[];
}

/**
 * What happened to a finding:
 * - `opened`: first failure (NEW); `reopened`: failing again after RESOLVED (NEW, reopenedCount + 1);
 * - `persisted`: NEW -> ACTIVE on the next failing observation (no delivery, so `updatedAt` is kept: it names the
 *   last delivered state, the key of the deliver stage's claims and the suppression sweep's criterion);
 * - `updated`: still open, but something material changed (severity, evidence, title, occurrences of a runtime finding);
 * - `refreshed`: nothing material changed but lastObservedAt is older than the heartbeat (store write, no delivery);
 * - `resolved`: PASS on an open finding; `none`: nothing to write.
 */
export type Transition = 'opened' | 'reopened' | 'persisted' | 'updated' | 'refreshed' | 'resolved' | 'none';

export interface Reconciled {
  transition: Transition;
  /** The finding to write (undefined when transition is `none`). */
  next?: Finding;
  /** Whether the change must be delivered (Security Hub, EventBridge, maybe Slack). */
  deliver: boolean;
}

/** Max request/event ids kept on a runtime finding (the first ones seen, then the newest ones). */
export const MAX_TRIGGER_IDS = 50;
/** Heartbeat: an open, unchanged finding gets lastObservedAt refreshed at most this often (one write per day). */
export const HEARTBEAT_MS = 24 * 3600 * 1000;

export function findingIdFor(o: Pick<Observation, 'ruleId' | 'resourceId' | 'identity' | 'modelId' | 'windowStart'>): string {
  return fingerprint({ ruleId: o.ruleId, resourceId: o.resourceId, identity: o.identity, modelId: o.modelId, window: o.windowStart });
}

function mergeIds(prev: string[] | undefined, add: string[] | undefined): string[] | undefined {
  if (!prev && !add) return undefined;
  const out = [...(prev ?? [])];
  const seen = new Set(out);
  for (const id of add ?? []) {
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(id);
  }
  if (out.length <= MAX_TRIGGER_IDS) return out;
  const head = Math.floor(MAX_TRIGGER_IDS / 2);
  return [...out.slice(0, head), ...out.slice(out.length - (MAX_TRIGGER_IDS - head))];
}

/**
 * How many of the observation's occurrences the stored finding already counted (same ids, earlier run), and whether
 * the observation names ids the finding does not list yet.
 */
function alreadyCounted(prev: Finding, obs: Observation): { repeated: number; newIds: boolean } {
  const ids = obs.requestIds ?? obs.eventIds;
  const known = obs.requestIds ? prev.requestIds : prev.eventIds;
  if (!ids?.length || !known?.length) return { repeated: 0, newIds: !!ids?.length };
  const set = new Set(known);
  let n = 0;
  for (const id of ids) if (set.has(id)) n++;
  const newIds = n < ids.length;
  if (!obs.idsPerOccurrence) {
    // A window-level CloudTrail detection names the events it was drawn from, and each event is claimed once
    // (analyzeTrailMessages): when the stored finding already lists any of them, this is a batch recorded again after
    // a failed write (the claims were released for the retry; the retry may hold more events than the failed run),
    // not a new occurrence. Any overlap, not all ids: the stored list is capped (first and last MAX_TRIGGER_IDS / 2).
    if (obs.requestIds || !obs.eventIds) return { repeated: 0, newIds };
    return { repeated: n > 0 ? (obs.occurrences ?? 1) : 0, newIds };
  }
  // One CloudTrail event per occurrence: count the events the finding already lists. When either list may have been
  // cut to MAX_TRIGGER_IDS (more occurrences than listed ids, or a full stored list), ids can be missing from it, so a
  // replayed batch would count its unlisted events again: any overlap then means a replay and nothing is counted (an
  // undercount if the retry also holds new events, never a double count).
  // The same holds for per-record request ids (a log object analyzed again after a failed write).
  if (n > 0) {
    const truncated = (obs.occurrences ?? ids.length) > ids.length || known.length >= MAX_TRIGGER_IDS;
    if (truncated) return { repeated: obs.occurrences ?? ids.length, newIds };
  }
  return { repeated: n, newIds };
}

function materialHash(f: Pick<Finding, 'severity' | 'title' | 'evidence' | 'complianceStatus'>): string {
  return contentHash([f.severity, f.title, f.evidence, f.complianceStatus]);
}

/** `updatedAt` must strictly increase (Security Hub ignores an update whose UpdatedAt is not later). */
export function bump(prevUpdatedAt: string, now: string): string {
  // Compare instants, not strings: '...:00Z' sorts after '...:00.500Z' as text but is earlier in time.
  const prevMs = Date.parse(prevUpdatedAt);
  if (Number.isNaN(prevMs) || Date.parse(now) > prevMs) return now;
  return new Date(prevMs + 1).toISOString();
}

/** Whether the observation names continued ids (`continuedIds`) the stored finding does not list. */
function newContinuedIds(prev: Finding | undefined, obs: Observation): boolean {
  if (!obs.continuedIds?.length) return false;
  const known = new Set(prev?.eventIds ?? []);
  return obs.continuedIds.some((x) => !known.has(x));
}

/**
 * How many occurrences `obs` adds to the stored finding `prev` (as `reconcile` counts them): 0 for an observation that
 * only merges (a replay, a re-run, a continuation), whose evidence counts must not be added to the stored ones.
 */
export function occurrencesAdded(prev: Finding | undefined, obs: Observation): number {
  const { repeated } = prev ? alreadyCounted(prev, obs) : { repeated: 0 };
  const add = Math.max(0, (obs.occurrences ?? 1) - repeated);
  if (obs.continues && add === 0 && repeated === 0 && (!prev || prev.status === 'RESOLVED') && (!prev || newContinuedIds(prev, obs)))
    return 1;
  return add;
}

/** Pure lifecycle step: previous stored finding (if any) + a new observation at `now` -> what to write/deliver. */
export function reconcile(prev: Finding | undefined, obs: Observation, now: string): Reconciled {
  const id = findingIdFor(obs);
  const counted = prev ? alreadyCounted(prev, obs) : { repeated: 0, newIds: true };
  const { repeated } = counted;
  const open = !!prev && prev.status !== 'RESOLVED';
  let add = Math.max(0, (obs.occurrences ?? 1) - repeated);
  // continuations only, and no open finding to continue (gone, or resolved): they open it as one occurrence, unless
  // the finding already lists every continued id (a replay of the continuation the finding holds, resolved since)
  if (obs.continues && !open && add === 0 && repeated === 0 && (!prev || newContinuedIds(prev, obs))) add = 1;
  // a window-level detection naming events the finding does not list yet: its window grew (merged, not counted). A
  // full stored list may have been cut (first and last MAX_TRIGGER_IDS / 2 kept), so ids missing from it are no proof
  // of new events (an identical replay of a batch whose middle ids were cut): then only evidence the merge would
  // change counts as growth.
  let grown = (counted.newIds && !obs.idsPerOccurrence && repeated > 0) || newContinuedIds(prev, obs);
  if (grown && prev && (prev.eventIds?.length ?? 0) >= MAX_TRIGGER_IDS)
    grown = contentHash(mergeEvidence(prev.evidence, obs.evidence)) !== contentHash(prev.evidence);

  if (obs.status === 'ERROR' || obs.status === 'MANUAL') return { transition: 'none', deliver: false };
  // Nothing to count: every occurrence was counted before (a record re-delivered in another log object, a batch
  // recorded again after a failed write, a batch re-running its cross-batch detectors after losing the activity race),
  // or the observation only continues what the open finding counted. It counts no occurrence, but what it holds that
  // is stronger is merged: a higher severity, new labels, the evidence with them, and the ids of a grown window. A
  // replay that brings nothing stronger changes nothing (no write, no delivery).
  const mergeOnly = add === 0 && (repeated > 0 || !!obs.continues);
  let severity = obs.severity;
  let evidence = obs.evidence;
  if (mergeOnly && obs.status === 'FAIL') {
    if (!prev || !open) return { transition: 'none', deliver: false };
    const rises = severityRank(obs.severity) > severityRank(prev.severity);
    const addsLabels = labelsOf(obs.evidence).some((l) => !labelsOf(prev.evidence).includes(l));
    if (!grown && !rises && !addsLabels) return { transition: 'none', deliver: false };
    severity = rises ? obs.severity : prev.severity;
    evidence = mergeEvidence(prev.evidence, obs.evidence);
  } else if (repeated > 0 && add === 0) return { transition: 'none', deliver: false };
  else if (obs.continues && open && prev && obs.status === 'FAIL') {
    // continuations beside a new occurrence (a stored enablement judged again and a new one of the same finding): the
    // continued part is the finding's own, so nothing is lowered or replaced by a partial window either
    if (severityRank(prev.severity) > severityRank(severity)) severity = prev.severity;
    evidence = mergeEvidence(prev.evidence, obs.evidence);
  }

  if (obs.status === 'PASS') {
    if (!prev || prev.status === 'RESOLVED') return { transition: 'none', deliver: false };
    const next: Finding = {
      ...prev,
      status: 'RESOLVED',
      complianceStatus: 'PASS',
      resolvedAt: now,
      updatedAt: bump(prev.updatedAt, now),
    };
    return { transition: 'resolved', next, deliver: true };
  }

  // an open runtime finding keeps the labels of its earlier observations (a coverage crossing joining a recon burst of
  // the same finding does not erase 'burst')
  if (evidence === obs.evidence && obs.source === 'runtime' && open && prev) evidence = withLabels(obs.evidence, prev.evidence);
  const base = {
    id,
    ruleId: obs.ruleId,
    source: obs.source,
    title: obs.title,
    description: obs.description,
    severity,
    complianceStatus: 'FAIL' as const,
    resourceId: obs.resourceId,
    resourceType: obs.resourceType,
    resourceName: obs.resourceName,
    accountId: obs.accountId,
    region: obs.region,
    evidence,
    remediation: obs.remediation,
    mappings: obs.mappings,
    types: obs.types,
    detector: obs.detector,
    identity: obs.identity,
    modelId: obs.modelId,
    windowStart: obs.windowStart,
  };

  if (!prev) {
    const next: Finding = {
      ...base,
      status: 'NEW',
      firstObservedAt: now,
      lastObservedAt: now,
      updatedAt: now,
      occurrences: add,
      reopenedCount: 0,
      requestIds: mergeIds(undefined, obs.requestIds),
      eventIds: mergeIds(undefined, idsOf(obs)),
    };
    return { transition: 'opened', next: strip(next), deliver: true };
  }

  if (prev.status === 'RESOLVED') {
    const next: Finding = {
      ...prev,
      ...base,
      status: 'NEW',
      lastObservedAt: now,
      updatedAt: bump(prev.updatedAt, now),
      resolvedAt: undefined,
      occurrences: prev.occurrences + add,
      reopenedCount: prev.reopenedCount + 1,
      requestIds: mergeIds(prev.requestIds, obs.requestIds),
      eventIds: mergeIds(prev.eventIds, idsOf(obs)),
    };
    return { transition: 'reopened', next: strip(next), deliver: true };
  }

  const runtimeCountChanged = obs.source === 'runtime' && add > 0;
  const material = materialHash(prev) !== materialHash(base) || runtimeCountChanged;
  const occurrences = obs.source === 'runtime' ? prev.occurrences + add : prev.occurrences + 1;
  if (prev.status === 'NEW' || material) {
    const next: Finding = {
      ...prev,
      ...base,
      status: 'ACTIVE',
      lastObservedAt: Date.parse(now) > Date.parse(prev.lastObservedAt) ? now : prev.lastObservedAt,
      // `persisted` is not delivered, so it keeps the delivered state's updatedAt (the state key of delivery): a resend
      // of it (a redelivered assessment re-sends what changed since its request) is the state already delivered
      updatedAt: material ? bump(prev.updatedAt, now) : prev.updatedAt,
      occurrences,
      requestIds: mergeIds(prev.requestIds, obs.requestIds),
      eventIds: mergeIds(prev.eventIds, idsOf(obs)),
    };
    return { transition: material ? 'updated' : 'persisted', next: strip(next), deliver: material };
  }

  if (Date.parse(now) - Date.parse(prev.lastObservedAt) >= HEARTBEAT_MS) {
    const next: Finding = { ...prev, lastObservedAt: now, occurrences };
    return { transition: 'refreshed', next, deliver: false };
  }
  return { transition: 'none', deliver: false };
}

/** The event ids an observation adds to its finding: the counted ones, then the continued ones. */
function idsOf(obs: Observation): string[] | undefined {
  if (!obs.continuedIds?.length) return obs.eventIds;
  return [...(obs.eventIds ?? []), ...obs.continuedIds];
}

function labelsOf(e: Record<string, EvidenceValue>): string[] {
  return Array.isArray(e.labels) ? e.labels.filter((l): l is string => typeof l === 'string') : [];
}

/** Caps of the string lists of runtime evidence (as the detectors cap them); other lists keep MAX_TRIGGER_IDS. */
const LIST_CAPS: Record<string, number> = { actions: 15, sourceIps: 5, newInvokers: 10, newInvokersAfter: 10, followingEventIds: 20 };
/** Numbers counted in the same window as `calls`: taken from the window whose `calls` is kept. */
const SAME_WINDOW_AS_CALLS = ['denied', 'distinctActions'];

/**
 * The stored evidence merged with an observation that counts nothing (a replay, a re-run, a continuation): the
 * observation's values, except that the stronger one is kept — numbers (calls, priorReconCalls, coverage) the
 * larger, `denied` and `distinctActions` from the window whose `calls` is kept, booleans true when either is (they
 * justify a severity that is kept), `windowStart`/`firstSeen` the earlier, `windowEnd`/`lastSeen` the later, string
 * lists the union (capped as the detector caps them, else MAX_TRIGGER_IDS; labels sorted); keys only the stored
 * evidence has are kept. (A continuation of a 150-call burst whose stored events the activity cap cut to 100 keeps
 * its 150 calls and its first window start.) So the counts describe one window (the kept `calls`, its `denied` and
 * `distinctActions`) while `actions` and `sourceIps` name every window's: `distinctActions` can be smaller than the
 * number of `actions` listed (a 100-call window of 3 actions merged with a 40-call one of 5 others: 3, and 8 listed).
 */
function mergeEvidence(prev: Record<string, EvidenceValue>, cur: Record<string, EvidenceValue>): Record<string, EvidenceValue> {
  const out: Record<string, EvidenceValue> = { ...prev };
  const pc = prev.calls;
  const cc = cur.calls;
  const callsFrom = typeof pc === 'number' && typeof cc === 'number' ? (pc > cc ? prev : cur) : undefined;
  for (const [k, v] of Object.entries(cur)) {
    const p = prev[k];
    if (callsFrom && SAME_WINDOW_AS_CALLS.includes(k) && typeof v === 'number' && typeof p === 'number') out[k] = callsFrom[k] ?? v;
    else if (typeof v === 'number' && typeof p === 'number') out[k] = Math.max(v, p);
    else if (typeof v === 'boolean' && typeof p === 'boolean') out[k] = v || p;
    else if (typeof v === 'string' && typeof p === 'string' && (k === 'windowStart' || k === 'firstSeen'))
      out[k] = Date.parse(p) < Date.parse(v) ? p : v;
    else if (typeof v === 'string' && typeof p === 'string' && (k === 'windowEnd' || k === 'lastSeen'))
      out[k] = Date.parse(p) > Date.parse(v) ? p : v;
    else if (Array.isArray(v) && Array.isArray(p) && [...v, ...p].every((x) => typeof x === 'string')) {
      const union = [...new Set([...(p as string[]), ...(v as string[])])].slice(0, LIST_CAPS[k] ?? MAX_TRIGGER_IDS);
      out[k] = k === 'labels' ? union.sort() : union;
    } else out[k] = v;
  }
  return out;
}

/** `evidence` with `labels` the sorted union of its own and `prev`'s (unchanged when `prev` adds none). */
function withLabels(evidence: Record<string, EvidenceValue>, prev: Record<string, EvidenceValue>): Record<string, EvidenceValue> {
  const old = Array.isArray(prev.labels) ? prev.labels.filter((l): l is string => typeof l === 'string') : [];
  const cur = Array.isArray(evidence.labels) ? evidence.labels.filter((l): l is string => typeof l === 'string') : [];
  if (old.every((l) => cur.includes(l))) return evidence;
  return { ...evidence, labels: [...new Set([...cur, ...old])].sort() };
}

/** Drops undefined members so stored items stay compact and hashes stay stable. */
function strip(f: Finding): Finding {
  for (const k of Object.keys(f) as (keyof Finding)[]) if (f[k] === undefined) delete f[k];
  return f;
}
