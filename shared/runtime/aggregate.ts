/**
 * Aggregation of per-record `Detection`s into `Observation`s: one per detector x identity x model x time window, with
 * the occurrence count, first/last seen, the triggering request ids (or CloudTrail event ids) and a few redacted
 * excerpts. Memory is bounded by the number of distinct keys, never by the number of records.
 */
import type { EvidenceValue } from '../domain/finding.ts';
import type { Detection } from '../domain/runtime.ts';
import { type Severity, severityRank } from '../domain/severity.ts';
import { MAX_TRIGGER_IDS, type Observation } from '../findings/lifecycle.ts';
import { wellFormed } from '../findings/text.ts';
import { windowStartOf } from './time.ts';

export const DEFAULT_WINDOW_MS = 3600_000;
/** Distinct ids remembered per aggregate to de-duplicate re-delivered records within a run. */
const DEDUPE_CAP = 20_000;
const MAX_EXCERPTS = 5;
const MAX_LABELS = 20;

export function ruleIdFor(detector: string): string {
  return `runtime/${detector}`;
}

function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-iso')) return 'aws-iso';
  return 'aws';
}

const PROFILE_PREFIX = /^(us|eu|apac|global|us-gov|jp|au|ca)\./;

/** The resource a runtime finding is attached to: the model (or endpoint) when known, else the identity / account. */
export function resourceFor(d: Pick<Detection, 'modelId' | 'identity' | 'accountId' | 'region'>): {
  resourceId: string;
  resourceType: string;
} {
  const region = d.region && d.region !== 'unknown' ? d.region : '';
  const p = partitionOf(region);
  const m = d.modelId;
  if (m && m !== 'unknown' && m !== '*') {
    if (m.startsWith('sagemaker-endpoint/')) {
      return {
        resourceId: `arn:${p}:sagemaker:${region}:${d.accountId}:endpoint/${m.slice('sagemaker-endpoint/'.length).toLowerCase()}`,
        resourceType: 'sagemaker.endpoint',
      };
    }
    if (m.startsWith('arn:')) {
      const type =
        m.includes(':inference-profile/') || m.includes(':application-inference-profile/')
          ? 'bedrock.inference-profile'
          : m.includes(':custom-model/')
            ? 'bedrock.custom-model'
            : m.includes(':provisioned-model/')
              ? 'bedrock.provisioned-throughput'
              : m.includes(':imported-model/')
                ? 'bedrock.imported-model'
                : 'bedrock.foundation-model';
      return { resourceId: m, resourceType: type };
    }
    if (PROFILE_PREFIX.test(m)) {
      return { resourceId: `arn:${p}:bedrock:${region}:${d.accountId}:inference-profile/${m}`, resourceType: 'bedrock.inference-profile' };
    }
    return { resourceId: `arn:${p}:bedrock:${region}::foundation-model/${m}`, resourceType: 'bedrock.foundation-model' };
  }
  const id = d.identity;
  if (id.startsWith('arn:')) {
    const role = /^arn:([^:]+):sts::(\d+):assumed-role\/([^/]+)\//.exec(id);
    if (role) return { resourceId: `arn:${role[1]}:iam::${role[2]}:role/${role[3]}`, resourceType: 'iam.role' };
    if (id.includes(':role/')) return { resourceId: id, resourceType: 'iam.role' };
    if (id.includes(':user/')) return { resourceId: id, resourceType: 'iam.user' };
    return { resourceId: id, resourceType: 'iam.principal' };
  }
  return { resourceId: `AWS::::Account:${d.accountId || 'unknown'}`, resourceType: 'account' };
}

interface Agg {
  first: Detection;
  severity: Severity;
  count: number;
  ids: string[];
  tail: string[];
  seen: Set<string>;
  listed: Set<string>;
  firstSeen: string;
  lastSeen: string;
  excerpts: Set<string>;
  labels: Set<string>;
  /** The evidence `field` values of its detections (the first detection's evidence is kept, its labels are unioned). */
  fields: Set<string>;
  windowStart: string;
  resourceId: string;
  resourceType: string;
  trail: boolean;
  /** No detection of this aggregate named extra ids (each listed id is one counted occurrence). */
  perOccurrence: boolean;
  /** Ids named by continuing detections (`Detection.continues`): merged into the finding, never counted. */
  continued: string[];
  continues: boolean;
}

function listId(a: Agg, id: string): void {
  if (a.listed.has(id)) return;
  if (a.listed.size < DEDUPE_CAP) a.listed.add(id);
  if (a.ids.length < MAX_TRIGGER_IDS / 2) a.ids.push(id);
  else {
    a.tail.push(id);
    if (a.tail.length > MAX_TRIGGER_IDS / 2) a.tail.shift();
  }
}

function safeWindow(ts: string, windowMs: number): string {
  const t = Date.parse(ts);
  return Number.isNaN(t) ? new Date(0).toISOString() : windowStartOf(ts, windowMs);
}

function excerptsOf(e: Record<string, EvidenceValue>): string[] {
  const out: string[] = [];
  for (const k of ['excerpt', 'excerpts', 'match', 'masked']) {
    const v = e[k];
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) for (const x of v) if (typeof x === 'string') out.push(x);
  }
  return out;
}

export class DetectionAggregator {
  private aggs = new Map<string, Agg>();
  detections = 0;
  duplicates = 0;

  constructor(private readonly windowMs = DEFAULT_WINDOW_MS) {}

  get size(): number {
    return this.aggs.size;
  }

  add(d: Detection): void {
    this.detections++;
    const windowStart = safeWindow(d.timestamp, this.windowMs);
    const { resourceId, resourceType } = resourceFor(d);
    const key = `${d.detector}\u0000${resourceId}\u0000${d.identity}\u0000${d.modelId}\u0000${windowStart}`;
    const id = d.eventId ?? d.requestId;
    let a = this.aggs.get(key);
    if (!a) {
      a = {
        first: d,
        severity: d.severity,
        count: 0,
        ids: [],
        tail: [],
        seen: new Set(),
        listed: new Set(),
        firstSeen: d.timestamp,
        lastSeen: d.timestamp,
        excerpts: new Set(),
        labels: new Set(),
        fields: new Set(),
        windowStart,
        resourceId,
        resourceType,
        trail: d.eventId !== undefined,
        perOccurrence: true,
        continued: [],
        continues: false,
      };
      this.aggs.set(key, a);
    }
    if (id !== undefined) {
      if (a.seen.has(id)) {
        this.duplicates++;
        return;
      }
      if (a.seen.size < DEDUPE_CAP) a.seen.add(id);
      if (!d.continues) listId(a, id);
    }
    // window-level detections (bursts, recon, drift) name every triggering record in their evidence; a detection that
    // names only its own record (every single-event CloudTrail detection does) stays one occurrence per listed id
    const extra = a.trail ? d.evidence.eventIds : d.evidence.requestIds;
    if (d.continues) {
      // counts no occurrence; its ids are kept apart so they neither count nor read as a replay of the others
      a.continues = true;
      for (const x of [id, ...(Array.isArray(extra) ? extra : [])])
        if (typeof x === 'string' && a.continued.length < MAX_TRIGGER_IDS && !a.continued.includes(x)) a.continued.push(x);
    } else {
      if (Array.isArray(extra) && extra.length) {
        if (!(extra.length === 1 && extra[0] === id)) a.perOccurrence = false;
        for (const x of extra) if (typeof x === 'string') listId(a, x);
      }
      a.count++;
    }
    if (severityRank(d.severity) > severityRank(a.severity)) a.severity = d.severity;
    if (d.timestamp < a.firstSeen) a.firstSeen = d.timestamp;
    if (d.timestamp > a.lastSeen) a.lastSeen = d.timestamp;
    if (a.excerpts.size < MAX_EXCERPTS) {
      for (const x of excerptsOf(d.evidence)) {
        a.excerpts.add(x);
        if (a.excerpts.size >= MAX_EXCERPTS) break;
      }
    }
    if (a.labels.size < MAX_LABELS) for (const l of d.labels) a.labels.add(l);
    if (typeof d.evidence.field === 'string' && a.fields.size < MAX_LABELS) a.fields.add(d.evidence.field);
  }

  /** One observation per aggregate, in a stable order (detector, window, identity, model). */
  observations(): Observation[] {
    const out: Observation[] = [];
    for (const a of this.aggs.values()) {
      const d = a.first;
      const ids = [...a.ids, ...a.tail];
      const evidence: Record<string, EvidenceValue> = {
        ...d.evidence,
        count: a.count,
        firstSeen: a.firstSeen,
        lastSeen: a.lastSeen,
      };
      delete evidence.excerpt;
      delete evidence.match;
      if (a.excerpts.size) evidence.excerpts = [...a.excerpts];
      if (a.labels.size) evidence.labels = [...a.labels].sort();
      // `field` is the first detection's; when detections of the finding came from different fields (a turn, the history,
      // the conversation as a whole), all of them are listed, so the labels they brought are not read as the first's
      if (a.fields.size > 1) evidence.fields = [...a.fields].sort();
      // evidence leaves the detectors here: well-formed text only (a lone surrogate would be rejected downstream)
      for (const [k, v] of Object.entries(evidence))
        if (typeof v === 'string') evidence[k] = wellFormed(v);
        else if (Array.isArray(v)) evidence[k] = v.map((x) => (typeof x === 'string' ? wellFormed(x) : x)) as string[] | number[];
      const o: Observation = {
        ruleId: ruleIdFor(d.detector),
        source: 'runtime',
        status: 'FAIL',
        title: d.title,
        description: d.description,
        severity: a.severity,
        resourceId: a.resourceId,
        resourceType: a.resourceType,
        accountId: d.accountId,
        region: d.region,
        evidence,
        remediation: { text: d.remediation },
        mappings: d.mappings,
        types: d.types,
        occurrences: a.count,
        detector: d.detector,
        identity: d.identity,
        modelId: d.modelId,
        windowStart: a.windowStart,
      };
      if (ids.length) {
        if (a.trail) o.eventIds = ids;
        else o.requestIds = ids;
        if (a.perOccurrence) o.idsPerOccurrence = true;
      }
      if (a.continues) {
        o.continues = true;
        o.continuedIds = a.continued;
      }
      out.push(o);
    }
    out.sort(
      (x, y) =>
        cmp(x.detector, y.detector) ||
        cmp(x.windowStart, y.windowStart) ||
        cmp(x.identity, y.identity) ||
        cmp(x.modelId, y.modelId) ||
        cmp(x.resourceId, y.resourceId),
    );
    return out;
  }
}

function cmp(a: string | undefined, b: string | undefined): number {
  const x = a ?? '';
  const y = b ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
}
