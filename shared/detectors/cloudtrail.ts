/**
 * CloudTrail (control-plane) detectors over normalized `TrailEvent`s:
 * - LLMjacking reconnaissance bursts and Prowler-style action coverage per identity;
 * - model access enablement (use case / agreement / entitlement), escalated when invocations by a new identity follow;
 * - defence evasion: guardrail deleted / weakened, invocation logging deleted / narrowed;
 * - long-term Bedrock API keys (IAM service-specific credentials for bedrock.amazonaws.com).
 *
 * Robustness: every field may be missing or of the wrong type (real trails, anonymised samples, error records);
 * nothing here throws on bad input. Failed calls are signals too: a denied DeleteGuardrail is reported as an attempt.
 * Control-plane detections are not model-specific unless the request names a model: `modelId` is then `*`.
 */
import type { EvidenceValue } from '../domain/finding.ts';
import type { Detection, TrailEvent } from '../domain/runtime.ts';
import type { Severity } from '../domain/severity.ts';
import {
  TRAIL_API_KEY,
  TRAIL_GUARDRAIL_DELETED,
  TRAIL_GUARDRAIL_WEAKENED,
  TRAIL_LOGGING_DELETED,
  TRAIL_LOGGING_NARROWED,
  TRAIL_MODEL_ACCESS,
  TRAIL_RECON,
} from './catalogue.ts';
import { createTrailContext } from './config.ts';
import { mask } from './text.ts';
import type { DetectorMetadata, TrailContext, TrailDetector, TrailThresholds } from './types.ts';

const BEDROCK = 'bedrock.amazonaws.com';
const IAM = 'iam.amazonaws.com';

export const RECON_ACTIONS = new Set([
  'ListFoundationModels',
  'GetFoundationModel',
  'GetFoundationModelAvailability',
  'ListFoundationModelAgreementOffers',
  'GetUseCaseForModelAccess',
  'ListProvisionedModelThroughputs',
  'GetModelInvocationLoggingConfiguration',
  'ListInferenceProfiles',
  'GetInferenceProfile',
  'ListCustomModels',
  'ListImportedModels',
  'ListModelInvocationJobs',
  'ListModelCustomizationJobs',
  'ListGuardrails',
  'ListMarketplaceModelEndpoints',
]);

/** The action set used for Prowler-style coverage (fraction used by one identity within a day). */
export const LLMJACKING_ACTIONS = [
  'PutUseCaseForModelAccess',
  'PutFoundationModelEntitlement',
  'CreateFoundationModelAgreement',
  'GetUseCaseForModelAccess',
  'GetFoundationModelAvailability',
  'ListFoundationModelAgreementOffers',
  'ListFoundationModels',
  'ListProvisionedModelThroughputs',
  'GetModelInvocationLoggingConfiguration',
  'PutModelInvocationLoggingConfiguration',
  'DeleteModelInvocationLoggingConfiguration',
  'InvokeModel',
  'InvokeModelWithResponseStream',
  'Converse',
];

const LLMJACKING_SET = new Set(LLMJACKING_ACTIONS);
const ENABLEMENT_ACTIONS = new Set(['PutUseCaseForModelAccess', 'CreateFoundationModelAgreement', 'PutFoundationModelEntitlement']);
const INVOKE_ACTIONS = new Set([
  'InvokeModel',
  'InvokeModelWithResponseStream',
  'Converse',
  'ConverseStream',
  'InvokeModelWithBidirectionalStream',
  'StartAsyncInvoke',
]);
const DAY_MS = 24 * 3600_000;

/**
 * Every event name a detector of this module reads: the deployed EventBridge rules (the central stack's on its
 * default and forwarded-events buses, the forwarders') subscribe to exactly these (`runtimeTrailPatterns()` in
 * `infra/event-patterns.ts`), so a detector never waits for events the stack does not deliver. A test keeps it in step with
 * the names compared in this file.
 */
export const TRAIL_EVENT_NAMES: readonly string[] = [
  ...new Set([
    ...RECON_ACTIONS,
    ...LLMJACKING_ACTIONS,
    ...ENABLEMENT_ACTIONS,
    ...INVOKE_ACTIONS,
    'CreateGuardrail',
    'UpdateGuardrail',
    'DeleteGuardrail',
    'PutModelInvocationLoggingConfiguration',
    'DeleteModelInvocationLoggingConfiguration',
    'CreateServiceSpecificCredential',
    'UpdateServiceSpecificCredential',
  ]),
].sort();

// ---------- helpers ----------

function obj(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function s(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

/** Event time in ms; tolerates `2025-01-21 17:39:10.000000000` (no T, nanoseconds, no zone = UTC). NaN if unusable. */
export function eventTimeMs(v: unknown): number {
  if (typeof v !== 'string') return Number.NaN;
  let x = v.trim();
  if (/^\d{4}-\d{2}-\d{2} \d/.test(x)) x = x.replace(' ', 'T');
  x = x.replace(/(\.\d{3})\d+/, '$1');
  if (!/(?:Z|[+-]\d{2}:?\d{2})$/.test(x)) x += 'Z';
  return Date.parse(x);
}

function ms(e: TrailEvent): number {
  return eventTimeMs(e.eventTime);
}

function isBedrock(e: TrailEvent): boolean {
  return e.eventSource === BEDROCK;
}

function identityOf(e: TrailEvent): string {
  return s(e.identity) ?? 'unknown';
}

/**
 * What the per-identity detectors group events by: the account and the identity (as the stored activity is keyed), so
 * a window or a join is the same whether its events came in one batch or several.
 */
function groupOf(e: TrailEvent): string {
  return `${s(e.accountId) ?? 'unknown'}\u0000${identityOf(e)}`;
}

function trailDetection(
  meta: DetectorMetadata,
  e: TrailEvent,
  evidence: Record<string, EvidenceValue>,
  opts: { severity?: Severity; labels?: string[]; eventIds?: string[]; description?: string } = {},
): Detection {
  const model = s(obj(e.requestParameters)?.modelId);
  return {
    detector: meta.id,
    severity: opts.severity ?? meta.severity,
    title: meta.title,
    description: opts.description ?? meta.description,
    identity: identityOf(e),
    modelId: model ?? '*',
    accountId: s(e.accountId) ?? 'unknown',
    region: s(e.region) ?? 'unknown',
    timestamp: s(e.eventTime) ?? '',
    eventId: s(e.eventId),
    evidence: {
      eventName: s(e.eventName) ?? 'unknown',
      eventIds: opts.eventIds ?? (s(e.eventId) ? [e.eventId] : []),
      ...(e.errorCode ? { errorCode: String(e.errorCode).slice(0, 64) } : {}),
      ...(s(e.sourceIp) ? { sourceIp: e.sourceIp as string } : {}),
      ...evidence,
    },
    labels: [...(opts.labels ?? []), ...(e.errorCode ? ['attempt'] : [])],
    mappings: meta.mappings,
    types: meta.types,
    remediation: meta.remediation,
  };
}

/** Events with parseable times, sorted ascending (stable for equal times). */
function sorted(events: readonly TrailEvent[]): { e: TrailEvent; t: number }[] {
  const out: { e: TrailEvent; t: number }[] = [];
  for (const e of events) {
    if (!e || typeof e !== 'object') continue;
    const t = ms(e);
    if (Number.isFinite(t)) out.push({ e, t });
  }
  return out.sort((a, b) => a.t - b.t);
}

/** First successful model invocation per identity in the batch, sorted by time (for "new invoker" questions). */
interface FirstInvokes {
  list: { t: number; id: string; eventId: string }[];
}

function firstInvokes(all: readonly { e: TrailEvent; t: number }[]): FirstInvokes {
  const seen = new Map<string, { t: number; id: string; eventId: string }>();
  for (const x of all) {
    if (!isBedrock(x.e) || !INVOKE_ACTIONS.has(x.e.eventName) || x.e.errorCode) continue;
    const id = identityOf(x.e);
    if (!seen.has(id)) seen.set(id, { t: x.t, id, eventId: x.e.eventId });
  }
  return { list: [...seen.values()].sort((a, b) => a.t - b.t) };
}

/** Index of the first element with t >= x (binary search). */
function lowerBound(ts: readonly { t: number }[], x: number): number {
  let lo = 0;
  let hi = ts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ts[mid].t < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Identities whose first invocation falls in [from, to] and that are not already known. */
function newInvokersBetween(
  fi: FirstInvokes,
  from: number,
  to: number,
  known: ReadonlySet<string> | undefined,
): { ids: string[]; eventIds: string[] } {
  const ids: string[] = [];
  const eventIds: string[] = [];
  for (let i = lowerBound(fi.list, from); i < fi.list.length && fi.list[i].t <= to; i++) {
    const x = fi.list[i];
    if (known?.has(x.id)) continue;
    ids.push(x.id);
    if (eventIds.length < 20) eventIds.push(x.eventId);
  }
  return { ids, eventIds };
}

function isDenied(e: TrailEvent): boolean {
  return typeof e.errorCode === 'string' && /AccessDenied|Unauthorized|NotAuthorized|Forbidden/i.test(e.errorCode);
}

// ---------- recon ----------

export const reconDetector: TrailDetector = {
  id: TRAIL_RECON.id,
  metadata: TRAIL_RECON,
  crossBatch: true,
  detect(events, ctx) {
    const th = ctx.trail;
    const prior = ctx.priorEventIds;
    const out: Detection[] = [];
    const byIdentity = new Map<string, { e: TrailEvent; t: number }[]>();
    const jackByIdentity = new Map<string, { e: TrailEvent; t: number }[]>();
    const all = sorted(events);
    const fi = firstInvokes(all);
    const scanners = ctx.scannerPrincipals;
    for (const x of all) {
      if (!isBedrock(x.e)) continue;
      // a posture scanner lists models, guardrails and jobs in every region on every run: inventory, not reconnaissance
      if (scanners?.test(identityOf(x.e))) continue;
      const id = groupOf(x.e);
      if (RECON_ACTIONS.has(x.e.eventName)) {
        const list = byIdentity.get(id) ?? [];
        list.push(x);
        byIdentity.set(id, list);
      }
      if (LLMJACKING_ACTIONS.includes(x.e.eventName)) {
        const list = jackByIdentity.get(id) ?? [];
        list.push(x);
        jackByIdentity.set(id, list);
      }
    }
    for (const list of byIdentity.values()) {
      let j = 0;
      let i = 0;
      while (i < list.length) {
        if (j < i) j = i;
        while (j + 1 < list.length && list[j + 1].t - list[i].t <= th.reconWindowMs) j++;
        const win = list.slice(i, j + 1);
        const actions = new Set(win.map((x) => x.e.eventName));
        if (win.length >= th.reconMinCalls || actions.size >= th.reconMinDistinctActions) {
          if (prior && win.every((x) => prior.has(x.e.eventId))) {
            // drawn from earlier batches' events only: judged by the batch that brought its last event
            i = j + 1;
            continue;
          }
          // The stored events of the window make a burst on their own: a batch judged them, and this window continues
          // that burst (the activity cap may have dropped its first events, so the stored finding need not list any
          // event named here): it adds no occurrence to the finding of its key, only its events and evidence.
          const priorPart = prior ? win.filter((x) => prior.has(x.e.eventId)) : [];
          const continues =
            priorPart.length >= th.reconMinCalls || new Set(priorPart.map((x) => x.e.eventName)).size >= th.reconMinDistinctActions;
          const denied = win.filter((x) => isDenied(x.e)).length;
          const checksLogging = actions.has('GetModelInvocationLoggingConfiguration');
          // invocations after the burst by identities that had not invoked before it (stolen keys put to use)
          const start = win[0].t;
          const after = newInvokersBetween(fi, start, start + th.enablementFollowMs, ctx.knownInvokers);
          const severity: Severity = checksLogging || denied / win.length >= 0.5 || after.ids.length > 0 ? 'HIGH' : 'MEDIUM';
          const first = win[0].e;
          // a continuation names the window's first and last events (its new ones among them)
          const named = continues && win.length > 50 ? [...win.slice(0, 25), ...win.slice(-25)] : win.slice(0, 50);
          const d = trailDetection(
            TRAIL_RECON,
            first,
            {
              calls: win.length,
              distinctActions: actions.size,
              actions: [...actions].slice(0, 15),
              denied,
              windowStart: new Date(win[0].t).toISOString(),
              windowEnd: new Date(win[win.length - 1].t).toISOString(),
              sourceIps: [...new Set(win.map((x) => x.e.sourceIp).filter((v): v is string => typeof v === 'string'))].slice(0, 5),
              checksInvocationLogging: checksLogging,
              newInvokersAfter: after.ids.slice(0, 10),
              followingEventIds: after.eventIds,
            },
            {
              severity,
              eventIds: named.map((x) => x.e.eventId),
              labels: after.ids.length > 0 ? ['burst', 'followed-by-new-invoker'] : ['burst'],
            },
          );
          if (continues) d.continues = true;
          out.push(d);
          i = j + 1;
        } else {
          i++;
        }
      }
    }
    // Prowler-style coverage of the LLMjacking action set within a day: two pointers and action counts (linear)
    // With `priorEventIds` (events of earlier batches), only a window whose new events take it over the threshold is
    // reported: one its earlier events cover already was reported by the batch that crossed it (an identity active all
    // day would otherwise be reported again by every batch).
    const dec = (m: Map<string, number>, k: string) => {
      const c = (m.get(k) ?? 1) - 1;
      if (c === 0) m.delete(k);
      else m.set(k, c);
    };
    for (const list of jackByIdentity.values()) {
      const counts = new Map<string, number>();
      const priorCounts = new Map<string, number>();
      let i = 0;
      for (let j = 0; j < list.length; j++) {
        const a = list[j].e.eventName;
        counts.set(a, (counts.get(a) ?? 0) + 1);
        if (prior?.has(list[j].e.eventId)) priorCounts.set(a, (priorCounts.get(a) ?? 0) + 1);
        while (list[j].t - list[i].t > DAY_MS) {
          const b = list[i].e.eventName;
          dec(counts, b);
          if (prior?.has(list[i].e.eventId)) dec(priorCounts, b);
          i++;
        }
        const coverage = counts.size / LLMJACKING_ACTIONS.length;
        const priorCoverage = priorCounts.size / LLMJACKING_ACTIONS.length;
        // (a crossing holds an event of this batch: the earlier events alone stay below the threshold)
        if (coverage >= th.llmjackingCoverage && priorCoverage < th.llmjackingCoverage) {
          const first = list[i];
          // The events named: the window's from this batch (the crossing one among them: see below) when it joins earlier
          // batches' events, else its first 50. A stored finding of the same key (a recon burst of the same hour) lists
          // earlier events: naming them would read as a replay of that finding and the crossing would be lost.
          const eventIds: string[] = [];
          for (let k = i; k <= j && eventIds.length < 50; k++) if (!prior?.has(list[k].e.eventId)) eventIds.push(list[k].e.eventId);
          const d = trailDetection(
            TRAIL_RECON,
            first.e,
            {
              coverage: Math.round(coverage * 100) / 100,
              distinctActions: counts.size,
              actionSetSize: LLMJACKING_ACTIONS.length,
              actions: [...counts.keys()],
              calls: j - i + 1,
              windowStart: new Date(first.t).toISOString(),
              windowEnd: new Date(list[j].t).toISOString(),
            },
            { severity: 'HIGH', eventIds, labels: ['coverage'] },
          );
          // identified by the crossing event, not the window's first (which a burst detection of this batch may share:
          // one detection per event id is kept, and the coverage would be dropped as its duplicate): the newest of this
          // batch's events in the window (the window's last event can be a stored one, when a late event of this batch
          // completes the coverage of stored events after it)
          let c = j;
          while (c > i && prior?.has(list[c].e.eventId)) c--;
          d.eventId = s(list[c].e.eventId);
          out.push(d);
          break; // one coverage detection per identity per batch
        }
      }
    }
    return out;
  },
};

// ---------- model access enablement ----------

export const modelAccessDetector: TrailDetector = {
  id: TRAIL_MODEL_ACCESS.id,
  metadata: TRAIL_MODEL_ACCESS,
  // an enablement of this batch sees the same identity's recon of earlier batches (the stored activity)
  crossBatch: true,
  detect(events, ctx) {
    const th = ctx.trail;
    const all = sorted(events).filter((x) => isBedrock(x.e));
    const fi = firstInvokes(all);
    const prior = ctx.priorEventIds;
    const reconTimes = new Map<string, { t: number; id: string }[]>();
    for (const x of all) {
      if (!RECON_ACTIONS.has(x.e.eventName)) continue;
      const id = groupOf(x.e);
      const list = reconTimes.get(id) ?? [];
      list.push({ t: x.t, id: x.e.eventId });
      reconTimes.set(id, list);
    }
    const out: Detection[] = [];
    for (const { e, t } of all) {
      if (!ENABLEMENT_ACTIONS.has(e.eventName)) continue;
      const rt = reconTimes.get(groupOf(e)) ?? [];
      const from = lowerBound(rt, t - DAY_MS);
      const to = lowerBound(rt, t);
      const priorRecon = to - from;
      // An enablement of an earlier batch (stored) was judged by the batch that brought it, unless this batch brings
      // recon of the day before it (delivered late, or by a concurrent batch that wrote its activity later): then it
      // is judged again with that recon, naming the new recon events so the stored finding takes the update (its
      // enablement, already listed, is not counted again).
      let newRecon: string[] = [];
      if (prior?.has(e.eventId)) {
        if (e.errorCode) continue;
        newRecon = rt
          .slice(from, to)
          .filter((x) => !prior.has(x.id))
          .map((x) => x.id);
        if (newRecon.length === 0) continue;
      }
      const after = newInvokersBetween(fi, t, t + th.enablementFollowMs, ctx.knownInvokers);
      const rp = obj(e.requestParameters);
      const escalated = !e.errorCode && (after.ids.length > 0 || priorRecon > 0);
      const d = trailDetection(
        TRAIL_MODEL_ACCESS,
        e,
        {
          ...(s(rp?.modelId) ? { modelId: rp?.modelId as string } : {}),
          priorReconCalls: priorRecon,
          newInvokerCount: after.ids.length,
          newInvokers: after.ids.slice(0, 10),
          followingEventIds: after.eventIds,
        },
        {
          severity: e.errorCode ? 'MEDIUM' : escalated ? 'HIGH' : 'MEDIUM',
          labels: after.ids.length > 0 ? ['followed-by-new-invoker'] : [],
          ...(newRecon.length ? { eventIds: [e.eventId, ...newRecon.slice(0, 20)] } : {}),
        },
      );
      // a stored enablement judged again continues its judgement: not counted again (a new enablement of the same
      // finding in this batch still is)
      if (newRecon.length) d.continues = true;
      out.push(d);
    }
    return out;
  },
};

// ---------- guardrails ----------

export const guardrailDeletedDetector: TrailDetector = {
  id: TRAIL_GUARDRAIL_DELETED.id,
  metadata: TRAIL_GUARDRAIL_DELETED,
  detect(events) {
    const out: Detection[] = [];
    for (const e of events) {
      if (!e || !isBedrock(e) || e.eventName !== 'DeleteGuardrail') continue;
      const rp = obj(e.requestParameters);
      out.push(
        trailDetection(
          TRAIL_GUARDRAIL_DELETED,
          e,
          {
            guardrailId: s(rp?.guardrailIdentifier) ?? 'unknown',
            ...(s(rp?.guardrailVersion) ? { guardrailVersion: rp?.guardrailVersion as string } : {}),
          },
          { severity: e.errorCode ? 'MEDIUM' : 'HIGH' },
        ),
      );
    }
    return out;
  },
};

const STRENGTH: Record<string, number> = { NONE: 0, LOW: 1, MEDIUM: 2, HIGH: 3 };
const HIDDEN = /HIDDEN_DUE_TO_SECURITY_REASONS/;

export interface GuardrailSnapshot {
  /** `<FILTER_TYPE>:input|output` -> strength rank 0..3. */
  filters: Map<string, number>;
  policies: Set<string>;
  topics: number;
  piiEntities: number;
  regexes: number;
  words: number;
  /** True when the request carried any policy content at all. */
  visible: boolean;
}

/** Extracts what a Create/UpdateGuardrail request configures (undefined parts are simply absent). */
export function guardrailSnapshot(rp: Record<string, unknown> | undefined): GuardrailSnapshot {
  const snap: GuardrailSnapshot = {
    filters: new Map(),
    policies: new Set(),
    topics: 0,
    piiEntities: 0,
    regexes: 0,
    words: 0,
    visible: false,
  };
  if (!rp) return snap;
  const content = obj(rp.contentPolicyConfig);
  if (content) {
    snap.policies.add('content');
    snap.visible = true;
    const filters = Array.isArray(content.filtersConfig) ? content.filtersConfig : [];
    for (const f of filters) {
      const fo = obj(f);
      const type = s(fo?.type);
      if (!type || HIDDEN.test(type)) continue;
      for (const side of ['input', 'output'] as const) {
        const v = s(fo?.[`${side}Strength`]);
        if (v && STRENGTH[v] !== undefined) snap.filters.set(`${type}:${side}`, STRENGTH[v]);
      }
    }
  }
  const topic = obj(rp.topicPolicyConfig);
  if (topic) {
    snap.policies.add('topic');
    snap.visible = true;
    snap.topics = Array.isArray(topic.topicsConfig) ? topic.topicsConfig.length : 0;
  }
  const word = obj(rp.wordPolicyConfig);
  if (word) {
    snap.policies.add('word');
    snap.visible = true;
    snap.words =
      (Array.isArray(word.wordsConfig) ? word.wordsConfig.length : 0) +
      (Array.isArray(word.managedWordListsConfig) ? word.managedWordListsConfig.length : 0);
  }
  const pii = obj(rp.sensitiveInformationPolicyConfig);
  if (pii) {
    snap.policies.add('sensitiveInformation');
    snap.visible = true;
    snap.piiEntities = Array.isArray(pii.piiEntitiesConfig) ? pii.piiEntitiesConfig.length : 0;
    snap.regexes = Array.isArray(pii.regexesConfig) ? pii.regexesConfig.length : 0;
  }
  if (obj(rp.contextualGroundingPolicyConfig)) {
    snap.policies.add('contextualGrounding');
    snap.visible = true;
  }
  return snap;
}

/** Reasons why `next` is weaker than `prev` (or, without `prev`, weak on its own). */
export function guardrailWeakenings(next: GuardrailSnapshot, prev: GuardrailSnapshot | undefined): string[] {
  const reasons: string[] = [];
  if (prev?.visible) {
    for (const [k, v] of prev.filters) {
      const now = next.filters.get(k);
      if (now === undefined) reasons.push(`filter-removed:${k}`);
      else if (now < v) reasons.push(`filter-lowered:${k}`);
    }
    for (const p of prev.policies) if (!next.policies.has(p)) reasons.push(`policy-removed:${p}`);
    if (next.topics < prev.topics) reasons.push('topics-removed');
    if (next.piiEntities < prev.piiEntities || next.regexes < prev.regexes) reasons.push('pii-entities-removed');
    if (next.words < prev.words) reasons.push('words-removed');
    return reasons;
  }
  const pa = next.filters.get('PROMPT_ATTACK:input');
  if (!next.policies.has('content') || pa === undefined) reasons.push('no-prompt-attack-filter');
  else if (pa < STRENGTH.HIGH) reasons.push('prompt-attack-below-high');
  return reasons;
}

export const guardrailWeakenedDetector: TrailDetector = {
  id: TRAIL_GUARDRAIL_WEAKENED.id,
  metadata: TRAIL_GUARDRAIL_WEAKENED,
  detect(events) {
    const out: Detection[] = [];
    const last = new Map<string, GuardrailSnapshot>();
    for (const { e } of sorted(events)) {
      if (!isBedrock(e) || (e.eventName !== 'UpdateGuardrail' && e.eventName !== 'CreateGuardrail')) continue;
      const rp = obj(e.requestParameters);
      const re = obj(e.responseElements);
      const id = s(rp?.guardrailIdentifier) ?? s(re?.guardrailId) ?? s(re?.guardrailArn) ?? 'unknown';
      const snap = guardrailSnapshot(rp);
      if (e.eventName === 'CreateGuardrail') {
        if (!e.errorCode && snap.visible) last.set(id, snap);
        continue;
      }
      const prev = last.get(id);
      let severity: Severity;
      let reasons: string[];
      let basis: string;
      if (!snap.visible) {
        reasons = ['contents-not-visible'];
        severity = 'MEDIUM';
        basis = 'none';
      } else {
        reasons = guardrailWeakenings(snap, prev);
        basis = prev?.visible ? 'previous-update-in-batch' : 'absolute';
        severity = reasons.length > 0 ? 'HIGH' : 'INFORMATIONAL';
      }
      if (e.errorCode) severity = 'LOW';
      if (!e.errorCode && snap.visible) last.set(id, snap);
      if (severity === 'INFORMATIONAL') continue; // visibly not weaker: not a finding
      out.push(
        trailDetection(
          TRAIL_GUARDRAIL_WEAKENED,
          e,
          { guardrailId: id, reasons, comparedWith: basis },
          { severity, labels: reasons.slice(0, 5) },
        ),
      );
    }
    return out;
  },
};

// ---------- invocation logging ----------

export const loggingDeletedDetector: TrailDetector = {
  id: TRAIL_LOGGING_DELETED.id,
  metadata: TRAIL_LOGGING_DELETED,
  detect(events) {
    const out: Detection[] = [];
    for (const e of events) {
      if (!e || !isBedrock(e) || e.eventName !== 'DeleteModelInvocationLoggingConfiguration') continue;
      out.push(trailDetection(TRAIL_LOGGING_DELETED, e, {}, { severity: e.errorCode ? 'MEDIUM' : 'HIGH' }));
    }
    return out;
  },
};

const DELIVERY_FLAGS = [
  'textDataDeliveryEnabled',
  'imageDataDeliveryEnabled',
  'embeddingDataDeliveryEnabled',
  'videoDataDeliveryEnabled',
  'audioDataDeliveryEnabled',
];

interface LoggingSnapshot {
  destinations: Set<string>;
  flags: Map<string, boolean>;
}

function loggingSnapshot(lc: Record<string, unknown>): LoggingSnapshot {
  const destinations = new Set<string>();
  if (obj(lc.s3Config)) destinations.add('s3');
  if (obj(lc.cloudWatchConfig)) destinations.add('cloudwatch');
  const flags = new Map<string, boolean>();
  for (const f of DELIVERY_FLAGS) if (typeof lc[f] === 'boolean') flags.set(f, lc[f] as boolean);
  return { destinations, flags };
}

export const loggingNarrowedDetector: TrailDetector = {
  id: TRAIL_LOGGING_NARROWED.id,
  metadata: TRAIL_LOGGING_NARROWED,
  detect(events) {
    const out: Detection[] = [];
    const last = new Map<string, LoggingSnapshot>();
    for (const { e } of sorted(events)) {
      if (!isBedrock(e)) continue;
      const scope = `${s(e.accountId) ?? ''}/${s(e.region) ?? ''}`;
      if (e.eventName === 'DeleteModelInvocationLoggingConfiguration' && !e.errorCode) {
        last.delete(scope);
        continue;
      }
      if (e.eventName !== 'PutModelInvocationLoggingConfiguration' || e.errorCode) continue;
      const lc = obj(obj(e.requestParameters)?.loggingConfig);
      if (!lc) continue; // parameters not visible: nothing to judge
      const snap = loggingSnapshot(lc);
      const prev = last.get(scope);
      const reasons: string[] = [];
      if (snap.flags.get('textDataDeliveryEnabled') === false) reasons.push('text-delivery-off');
      if (snap.destinations.size === 0) reasons.push('no-destination');
      if (prev) {
        for (const d of prev.destinations) if (!snap.destinations.has(d)) reasons.push(`destination-removed:${d}`);
        for (const [f, v] of prev.flags)
          if (v && snap.flags.get(f) !== true && f !== 'textDataDeliveryEnabled') reasons.push(`delivery-off:${f}`);
      }
      last.set(scope, snap);
      if (reasons.length === 0) continue;
      out.push(
        trailDetection(
          TRAIL_LOGGING_NARROWED,
          e,
          { reasons, destinations: [...snap.destinations], comparedWith: prev ? 'previous-put-in-batch' : 'absolute' },
          {
            severity: reasons.includes('text-delivery-off') || reasons.includes('no-destination') ? 'HIGH' : 'MEDIUM',
            labels: reasons.slice(0, 5),
          },
        ),
      );
    }
    return out;
  },
};

// ---------- Bedrock API keys ----------

export const apiKeyDetector: TrailDetector = {
  id: TRAIL_API_KEY.id,
  metadata: TRAIL_API_KEY,
  detect(events, ctx) {
    const out: Detection[] = [];
    for (const e of events) {
      if (!e || e.eventSource !== IAM) continue;
      const rp = obj(e.requestParameters);
      if (e.eventName === 'CreateServiceSpecificCredential') {
        if (s(rp?.serviceName) !== BEDROCK) continue;
        const age = rp?.credentialAgeDays;
        const days = typeof age === 'number' ? age : typeof age === 'string' && /^\d+$/.test(age) ? Number(age) : undefined;
        const cred = obj(obj(e.responseElements)?.serviceSpecificCredential);
        const credId = s(cred?.serviceSpecificCredentialId);
        const longTerm = days === undefined || days > ctx.trail.apiKeyMaxDays;
        out.push(
          trailDetection(
            TRAIL_API_KEY,
            e,
            {
              targetUser: s(rp?.userName) ?? 'unknown',
              credentialAgeDays: days ?? null,
              expires: days !== undefined,
              ...(credId ? { credentialId: mask(credId, 4, 2) } : {}),
            },
            { severity: e.errorCode ? 'LOW' : longTerm ? 'HIGH' : 'MEDIUM', labels: days === undefined ? ['no-expiry'] : [] },
          ),
        );
      } else if (e.eventName === 'UpdateServiceSpecificCredential' && s(rp?.status) === 'Active' && !e.errorCode) {
        // the request is userName, serviceSpecificCredentialId and status: no service, and the credential id has no
        // service-specific form. Only the inventory tells a Bedrock API key from a CodeCommit or Keyspaces credential.
        const credId = s(rp?.serviceSpecificCredentialId);
        const inventory = ctx.bedrockApiKeyIds;
        const stored = credId !== undefined ? inventory?.get(credId) : undefined;
        const evidence = { targetUser: s(rp?.userName) ?? 'unknown', ...(credId ? { credentialId: mask(credId, 4, 2) } : {}) };
        // the creation rule on the stored key's lifetime: no expiry or above the maximum is HIGH; not recorded: MEDIUM
        const days = stored ? keyLifetimeDays(stored, e.eventTime) : undefined;
        const noExpiry = stored?.expirationDate === null;
        const longTerm = noExpiry || (days !== undefined && days > ctx.trail.apiKeyMaxDays);
        out.push(
          stored
            ? trailDetection(
                TRAIL_API_KEY,
                e,
                {
                  ...evidence,
                  service: BEDROCK,
                  serviceFrom: 'inventory',
                  ...(stored.expirationDate !== undefined ? { expires: !noExpiry, credentialAgeDays: days ?? null } : {}),
                },
                {
                  severity: longTerm ? 'HIGH' : 'MEDIUM',
                  labels: noExpiry ? ['reactivated', 'no-expiry'] : ['reactivated'],
                  description: noExpiry
                    ? 'A long-term Bedrock API key with no expiry (in the AI asset inventory) was re-activated.'
                    : 'A long-term Bedrock API key (in the AI asset inventory) was re-activated.',
                },
              )
            : trailDetection(
                TRAIL_API_KEY,
                e,
                { ...evidence, service: 'unknown', inventory: inventory ? 'not-found' : 'not-consulted' },
                {
                  severity: 'LOW',
                  labels: ['reactivated', 'service-unknown'],
                  description: inventory
                    ? 'A service-specific credential was re-activated. The event does not name its service and it was not found in the AI asset inventory of this account as a Bedrock API key: a credential of another service (CodeCommit, Keyspaces), or a Bedrock key the inventory has not seen (an account not scanned yet, a scan whose IAM listing failed, a key created since).'
                    : 'A service-specific credential of an unknown service (the event does not name it; possibly a long-term Bedrock API key) was re-activated.',
                },
              ),
        );
      }
    }
    return out;
  },
};

/**
 * A stored Bedrock API key's lifetime in days (expiry minus creation, as `credentialAgeDays` at creation; from the
 * event time when the creation date is not recorded); `undefined` when it has no (or no readable) expiry.
 */
function keyLifetimeDays(k: { createDate?: string; expirationDate?: string | null }, eventTime: string | undefined): number | undefined {
  const end = k.expirationDate ? Date.parse(k.expirationDate) : Number.NaN;
  const startAt = k.createDate ? Date.parse(k.createDate) : eventTime ? Date.parse(eventTime) : Number.NaN;
  if (Number.isNaN(end) || Number.isNaN(startAt)) return undefined;
  return Math.max(0, Math.round((end - startAt) / 86_400_000));
}

export const trailDetectors: readonly TrailDetector[] = [
  reconDetector,
  modelAccessDetector,
  guardrailDeletedDetector,
  guardrailWeakenedDetector,
  loggingDeletedDetector,
  loggingNarrowedDetector,
  apiKeyDetector,
];

/**
 * Runs every trail detector over a batch. A detector that throws (it should not) is isolated: its error name is
 * appended to `errors` and the others still run.
 */
export function analyzeTrail(
  events: readonly TrailEvent[],
  ctx: TrailContext = createTrailContext(),
  errors?: { detector: string; error: string }[],
): Detection[] {
  const out: Detection[] = [];
  for (const d of trailDetectors) {
    try {
      for (const x of d.detect(events, ctx)) out.push(x);
    } catch (err) {
      errors?.push({ detector: d.id, error: err instanceof Error ? err.name : 'Error' });
    }
  }
  return out;
}

/**
 * Whether the cross-batch detectors keep this event in an identity's recent activity (the deployed queue path stores
 * it: `shared/runtime/activity.ts`): a Bedrock call of the recon or LLMjacking action set (which holds the enablement
 * calls and three invocation actions) by an identity that is not a scanner principal.
 */
export function isActivityEvent(e: TrailEvent, ctx: TrailContext): boolean {
  if (!e || !isBedrock(e) || !(RECON_ACTIONS.has(e.eventName) || LLMJACKING_SET.has(e.eventName))) return false;
  return !ctx.scannerPrincipals?.test(identityOf(e));
}

/** A successful-or-not model invocation action (one of the activity's actions that can be frequent). */
export function isInvokeAction(eventName: string): boolean {
  return INVOKE_ACTIONS.has(eventName);
}

/**
 * How far back the cross-batch detectors look at one identity's events: the longest per-identity window (coverage
 * within a day, recon within a day before an enablement, the recon burst window).
 */
export function activityWindowMs(th: TrailThresholds): number {
  return Math.max(DAY_MS, th.reconWindowMs);
}

/** Identities that invoked a model in these events (useful to seed `knownInvokers` across batches). */
export function invokersIn(events: readonly TrailEvent[]): Set<string> {
  const out = new Set<string>();
  for (const e of events) if (e && isBedrock(e) && INVOKE_ACTIONS.has(e.eventName) && !e.errorCode) out.add(identityOf(e));
  return out;
}
