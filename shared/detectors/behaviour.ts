/**
 * Behaviour analyzer: per identity x model rolling windows with a persisted baseline.
 *
 * Windows (from record timestamps, never the wall clock): 5-minute buckets for rate / token / error bursts, 1-hour
 * windows for templated querying, model probing and allowlist violations.
 *
 * Baseline (one `Baseline` item per account x identity, key `behaviour#<account>#<identity>`), per model:
 * - EWMA mean and variance (alpha 0.1; the first 10 buckets use the running mean) of requests and tokens per ACTIVE
 *   5-minute bucket (idle buckets are not averaged in: workloads are bursty, "how much when active" is the baseline).
 *   A spike bucket is learned winsorized at mean + 4 std so an attack does not become the new normal at once, while
 *   gradual growth is followed.
 * - requests per active hour (EWMA), hours with templated traffic, first/last seen; per identity, the largest number
 *   of distinct models in one hour.
 * - a watermark per model: buckets at or before it are never learned again, so re-processing the same logs (retries,
 *   replays) does not double-count. Detections are still evaluated for them (findings are idempotent downstream).
 */
import type { EvidenceValue } from '../domain/finding.ts';
import type { Detection, InvocationRecord } from '../domain/runtime.ts';
import type { Severity } from '../domain/severity.ts';
import type { Baseline } from '../store/types.ts';
import {
  BEHAVIOUR_ACCESS_DENIED,
  BEHAVIOUR_ERROR_BURST,
  BEHAVIOUR_FIRST_USE,
  BEHAVIOUR_MODEL_PROBING,
  BEHAVIOUR_REQUEST_SPIKE,
  BEHAVIOUR_TEMPLATED,
  BEHAVIOUR_TOKEN_SPIKE,
  BEHAVIOUR_UNAUTHORIZED_IDENTITY,
  BEHAVIOUR_UNAUTHORIZED_MODEL,
} from './catalogue.ts';
import { compileGlobs } from './config.ts';
import { Key2Map, Key3Map } from './keyed.ts';
import type { DetectorMetadata, RecordAnalyzer } from './types.ts';

export interface BehaviourThresholds {
  bucketMs: number;
  hourMs: number;
  ewmaAlpha: number;
  /** Learned active buckets needed before z-scores are trusted. */
  minLearnedBuckets: number;
  requestSpikeMin: number;
  requestSpikeRatio: number;
  requestSpikeZ: number;
  /** Requests per bucket flagged for an identity x model without enough history. */
  requestColdStartMin: number;
  tokenSpikeMin: number;
  tokenSpikeRatio: number;
  tokenSpikeZ: number;
  tokenColdStartMin: number;
  errorBurstMin: number;
  errorBurstRate: number;
  accessDeniedMin: number;
  probingMinModels: number;
  probingMargin: number;
  templatedMinRequests: number;
  templatedShare: number;
  templatedDistinct: number;
  /** Template words compared at the start and at the end of the newest user turn. */
  templateWords: number;
  /** Hours of templated traffic after which an identity x model is a known batch job. */
  templatedLearnedHours: number;
  /** With an established hourly baseline (>= 6 hours), templated traffic must also be this many times the usual volume. */
  templatedVolumeRatio: number;
  firstUseMinHistoryMs: number;
  maxModelsPerIdentity: number;
  maxRequestIds: number;
}

export const DEFAULT_BEHAVIOUR_THRESHOLDS: BehaviourThresholds = {
  bucketMs: 5 * 60_000,
  hourMs: 3600_000,
  ewmaAlpha: 0.1,
  minLearnedBuckets: 12,
  requestSpikeMin: 50,
  requestSpikeRatio: 4,
  requestSpikeZ: 4,
  requestColdStartMin: 500,
  tokenSpikeMin: 50_000,
  tokenSpikeRatio: 4,
  tokenSpikeZ: 4,
  tokenColdStartMin: 2_000_000,
  errorBurstMin: 20,
  errorBurstRate: 0.5,
  accessDeniedMin: 5,
  probingMinModels: 5,
  probingMargin: 2,
  templatedMinRequests: 200,
  templatedShare: 0.8,
  templatedDistinct: 0.5,
  templateWords: 5,
  templatedLearnedHours: 3,
  templatedVolumeRatio: 3,
  firstUseMinHistoryMs: 24 * 3600_000,
  maxModelsPerIdentity: 200,
  maxRequestIds: 10,
};

export interface BehaviourConfig {
  identityAllowlist?: string[];
  modelAllowlist?: string[];
  thresholds?: Partial<BehaviourThresholds>;
}

const ACCESS_DENIED =
  /AccessDenied|Unauthorized|NotAuthorized|UnrecognizedClient|InvalidSignature|ExpiredToken|InvalidClientTokenId|Forbidden/i;

// ---------- baseline (serializable) ----------

export interface ModelStats {
  firstSeen: string;
  lastSeen: string;
  /** Start (ms) of the newest learned 5-minute bucket. */
  watermark: number;
  n: number;
  reqMean: number;
  reqVar: number;
  tokN: number;
  tokMean: number;
  tokVar: number;
  /** Start (ms) of the newest learned hour. */
  hourWatermark: number;
  hourN: number;
  hourMean: number;
  templatedHours: number;
}

export interface IdentityBaseline {
  v: 1;
  accountId: string;
  identity: string;
  firstSeen: string;
  lastSeen: string;
  maxModelsPerHour: number;
  probeWatermark: number;
  models: Record<string, ModelStats>;
}

export function behaviourBaselineKey(accountId: string, identity: string): string {
  return `behaviour#${accountId}#${identity}`;
}

/** Baseline keys the pipeline should load before analyzing these records. */
export function behaviourBaselineKeys(records: Iterable<InvocationRecord>): string[] {
  const keys = new Set<string>();
  for (const r of records) keys.add(behaviourBaselineKey(r.accountId, r.identity));
  return [...keys];
}

function num(v: unknown, d = 0): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : d;
}
function str(v: unknown, d = ''): string {
  return typeof v === 'string' ? v : d;
}

/** Parses stored baseline data defensively (unknown or damaged data = no baseline). */
export function parseIdentityBaseline(data: Record<string, unknown>): IdentityBaseline | undefined {
  if (data.v !== 1 || typeof data.identity !== 'string' || typeof data.models !== 'object' || data.models === null) return undefined;
  const models: Record<string, ModelStats> = {};
  for (const [id, raw] of Object.entries(data.models as Record<string, unknown>)) {
    if (typeof raw !== 'object' || raw === null) continue;
    const m = raw as Record<string, unknown>;
    models[id] = {
      firstSeen: str(m.firstSeen),
      lastSeen: str(m.lastSeen),
      watermark: num(m.watermark, -1),
      n: num(m.n),
      reqMean: num(m.reqMean),
      reqVar: num(m.reqVar),
      tokN: num(m.tokN),
      tokMean: num(m.tokMean),
      tokVar: num(m.tokVar),
      hourWatermark: num(m.hourWatermark, -1),
      hourN: num(m.hourN),
      hourMean: num(m.hourMean),
      templatedHours: num(m.templatedHours),
    };
  }
  return {
    v: 1,
    accountId: str(data.accountId),
    identity: data.identity,
    firstSeen: str(data.firstSeen),
    lastSeen: str(data.lastSeen),
    maxModelsPerHour: num(data.maxModelsPerHour),
    probeWatermark: num(data.probeWatermark, -1),
    models,
  };
}

function newModelStats(iso: string): ModelStats {
  return {
    firstSeen: iso,
    lastSeen: iso,
    watermark: -1,
    n: 0,
    reqMean: 0,
    reqVar: 0,
    tokN: 0,
    tokMean: 0,
    tokVar: 0,
    hourWatermark: -1,
    hourN: 0,
    hourMean: 0,
    templatedHours: 0,
  };
}

/** EWMA update of mean/variance; the first 1/alpha observations use the running mean. Returns [mean, var]. */
export function ewma(mean: number, variance: number, n: number, x: number, alpha: number): [number, number] {
  if (n === 0) return [x, 0];
  const a = Math.max(alpha, 1 / (n + 1));
  const diff = x - mean;
  const incr = a * diff;
  return [mean + incr, (1 - a) * (variance + diff * incr)];
}

/** z-score with the std floored at max(0.25 x mean, 1) so near-constant baselines do not explode. */
export function robustZ(x: number, mean: number, variance: number): number {
  const std = Math.max(Math.sqrt(Math.max(variance, 0)), 0.25 * mean, 1);
  return (x - mean) / std;
}

// ---------- run state ----------

interface Bucket {
  start: number;
  requests: number;
  tokens: number;
  tokenRecords: number;
  errors: number;
  denied: number;
  errorCodes: string[];
  requestIds: string[];
  firstTs: string;
  lastTs: string;
}

interface Hour {
  start: number;
  requests: number;
  prefix: Map<number, number>;
  suffix: Map<number, number>;
  distinct: Set<number>;
  withPrompt: number;
  requestIds: string[];
  firstTs: string;
  lastTs: string;
}

interface PairState {
  accountId: string;
  region: string;
  identity: string;
  modelId: string;
  buckets: Map<number, Bucket>;
  hours: Map<number, Hour>;
  firstTs: string;
  firstMs: number;
  firstRequestId: string;
}

interface IdentityHour {
  start: number;
  models: Map<string, { calls: number; errors: number }>;
  requestIds: string[];
  firstTs: string;
  lastTs: string;
  region: string;
}

interface DeniedBucket {
  start: number;
  perModel: Map<string, number>;
  count: number;
  requestIds: string[];
  firstTs: string;
  region: string;
}

interface IdentityState {
  accountId: string;
  identity: string;
  hours: Map<number, IdentityHour>;
  /** AccessDenied-like errors per 5-minute bucket across models (credentials tried against many models). */
  denied: Map<number, DeniedBucket>;
  firstTs: string;
  lastTs: string;
}

const DISTINCT_CAP = 20_000;

/** FNV-1a over lower-cased alphanumerics of the first `k` words; also returns where it stopped. */
function prefixHash(text: string, k: number): number {
  let h = 0x811c9dc5;
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length && words < k; i++) {
    let c = text.charCodeAt(i);
    const w = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c > 127;
    if (w) {
      if (c >= 65 && c <= 90) c += 32;
      h = Math.imul(h ^ c, 0x01000193);
      inWord = true;
    } else if (inWord) {
      words++;
      h = Math.imul(h ^ 32, 0x01000193);
      inWord = false;
    }
  }
  return h >>> 0;
}

function suffixHash(text: string, k: number): number {
  let h = 0x811c9dc5;
  let words = 0;
  let inWord = false;
  for (let i = text.length - 1; i >= 0 && words < k; i--) {
    let c = text.charCodeAt(i);
    const w = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c > 127;
    if (w) {
      if (c >= 65 && c <= 90) c += 32;
      h = Math.imul(h ^ c, 0x01000193);
      inWord = true;
    } else if (inWord) {
      words++;
      h = Math.imul(h ^ 32, 0x01000193);
      inWord = false;
    }
  }
  return (h ^ 0x5bd1e995) >>> 0;
}

/** FNV-1a over every character (the loop is unrolled by four: it reads every prompt, and the hash is unchanged). */
function fullHash(text: string): number {
  let h = 0x811c9dc5;
  const n = text.length;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    h = Math.imul(h ^ text.charCodeAt(i + 1), 0x01000193);
    h = Math.imul(h ^ text.charCodeAt(i + 2), 0x01000193);
    h = Math.imul(h ^ text.charCodeAt(i + 3), 0x01000193);
  }
  for (; i < n; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function maxCount(m: Map<number, number>): number {
  let best = 0;
  for (const v of m.values()) if (v > best) best = v;
  return best;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export interface BehaviourAnalyzer extends RecordAnalyzer {
  /** Records skipped because their timestamp could not be parsed. */
  readonly skipped: number;
}

export function createBehaviourAnalyzer(config: BehaviourConfig = {}, baselines?: Iterable<Baseline>): BehaviourAnalyzer {
  const t: BehaviourThresholds = { ...DEFAULT_BEHAVIOUR_THRESHOLDS, ...config.thresholds };
  const identityRe = compileGlobs(config.identityAllowlist ?? []);
  const modelRe = compileGlobs(config.modelAllowlist ?? []);
  const loaded = new Map<string, { baseline: IdentityBaseline | undefined; version: number | undefined }>();
  for (const b of baselines ?? []) {
    if (!b.key.startsWith('behaviour#')) continue;
    loaded.set(b.key, { baseline: parseIdentityBaseline(b.data), version: b.version });
  }
  // keyed by account x identity x model and account x identity, without a key string built per record
  const pairs = new Key3Map<PairState>();
  const identities = new Key2Map<IdentityState>();
  const updated = new Map<string, IdentityBaseline>();
  let skipped = 0;

  function observe(r: InvocationRecord): void {
    const ms = Date.parse(r.timestamp);
    if (!Number.isFinite(ms) || typeof r.identity !== 'string' || typeof r.modelId !== 'string') {
      skipped++;
      return;
    }
    let p = pairs.get(r.accountId, r.identity, r.modelId);
    if (!p) {
      p = {
        accountId: r.accountId,
        region: r.region,
        identity: r.identity,
        modelId: r.modelId,
        buckets: new Map(),
        hours: new Map(),
        firstTs: r.timestamp,
        firstMs: ms,
        firstRequestId: r.requestId,
      };
      pairs.add(r.accountId, r.identity, r.modelId, p);
    } else if (ms < p.firstMs) {
      p.firstMs = ms;
      p.firstTs = r.timestamp;
      p.firstRequestId = r.requestId;
    }
    const bStart = ms - (ms % t.bucketMs);
    let b = p.buckets.get(bStart);
    if (!b) {
      b = {
        start: bStart,
        requests: 0,
        tokens: 0,
        tokenRecords: 0,
        errors: 0,
        denied: 0,
        errorCodes: [],
        requestIds: [],
        firstTs: r.timestamp,
        lastTs: r.timestamp,
      };
      p.buckets.set(bStart, b);
    }
    b.requests++;
    if (r.timestamp < b.firstTs) b.firstTs = r.timestamp;
    if (r.timestamp > b.lastTs) b.lastTs = r.timestamp;
    if (typeof r.inputTokens === 'number' || typeof r.outputTokens === 'number') {
      b.tokens += (r.inputTokens ?? 0) + (r.outputTokens ?? 0);
      b.tokenRecords++;
    }
    if (r.errorCode) {
      b.errors++;
      if (ACCESS_DENIED.test(r.errorCode)) b.denied++;
      if (b.errorCodes.length < 5 && !b.errorCodes.includes(r.errorCode)) b.errorCodes.push(r.errorCode.slice(0, 64));
    }
    if (b.requestIds.length < t.maxRequestIds) b.requestIds.push(r.requestId);

    const hStart = ms - (ms % t.hourMs);
    let h = p.hours.get(hStart);
    if (!h) {
      h = {
        start: hStart,
        requests: 0,
        prefix: new Map(),
        suffix: new Map(),
        distinct: new Set(),
        withPrompt: 0,
        requestIds: [],
        firstTs: r.timestamp,
        lastTs: r.timestamp,
      };
      p.hours.set(hStart, h);
    }
    h.requests++;
    if (r.timestamp < h.firstTs) h.firstTs = r.timestamp;
    if (r.timestamp > h.lastTs) h.lastTs = r.timestamp;
    if (h.requestIds.length < t.maxRequestIds) h.requestIds.push(r.requestId);
    const last = r.userTurns.length > 0 ? r.userTurns[r.userTurns.length - 1] : undefined;
    if (typeof last === 'string' && last.length > 0) {
      h.withPrompt++;
      const ph = prefixHash(last, t.templateWords);
      const sh = suffixHash(last, t.templateWords);
      h.prefix.set(ph, (h.prefix.get(ph) ?? 0) + 1);
      h.suffix.set(sh, (h.suffix.get(sh) ?? 0) + 1);
      if (h.distinct.size < DISTINCT_CAP) h.distinct.add(fullHash(last));
    }

    let s = identities.get(r.accountId, r.identity);
    if (!s) {
      s = { accountId: r.accountId, identity: r.identity, hours: new Map(), denied: new Map(), firstTs: r.timestamp, lastTs: r.timestamp };
      identities.add(r.accountId, r.identity, s);
    }
    if (r.timestamp < s.firstTs) s.firstTs = r.timestamp;
    if (r.timestamp > s.lastTs) s.lastTs = r.timestamp;
    let ih = s.hours.get(hStart);
    if (!ih) {
      ih = { start: hStart, models: new Map(), requestIds: [], firstTs: r.timestamp, lastTs: r.timestamp, region: r.region };
      s.hours.set(hStart, ih);
    }
    if (r.timestamp < ih.firstTs) ih.firstTs = r.timestamp;
    if (r.timestamp > ih.lastTs) ih.lastTs = r.timestamp;
    const mc = ih.models.get(r.modelId) ?? { calls: 0, errors: 0 };
    mc.calls++;
    if (r.errorCode) mc.errors++;
    ih.models.set(r.modelId, mc);
    if (ih.requestIds.length < t.maxRequestIds) ih.requestIds.push(r.requestId);
    if (r.errorCode && ACCESS_DENIED.test(r.errorCode)) {
      let db = s.denied.get(bStart);
      if (!db) {
        db = { start: bStart, perModel: new Map(), count: 0, requestIds: [], firstTs: r.timestamp, region: r.region };
        s.denied.set(bStart, db);
      }
      db.count++;
      db.perModel.set(r.modelId, (db.perModel.get(r.modelId) ?? 0) + 1);
      if (r.timestamp < db.firstTs) db.firstTs = r.timestamp;
      if (db.requestIds.length < t.maxRequestIds) db.requestIds.push(r.requestId);
    }
  }

  function detection(
    meta: DetectorMetadata,
    p: { accountId: string; region: string; identity: string; modelId: string },
    ts: string,
    requestIds: string[],
    evidence: Record<string, EvidenceValue>,
    severity: Severity = meta.severity,
  ): Detection {
    return {
      detector: meta.id,
      severity,
      title: meta.title,
      description: meta.description,
      identity: p.identity,
      modelId: p.modelId,
      accountId: p.accountId,
      region: p.region,
      timestamp: ts,
      requestId: requestIds[0],
      evidence: { ...evidence, requestIds },
      labels: [meta.id],
      mappings: meta.mappings,
      types: meta.types,
      remediation: meta.remediation,
    };
  }

  function identityBaseline(
    accountId: string,
    identity: string,
    firstTs: string,
  ): { base: IdentityBaseline; existed: IdentityBaseline | undefined } {
    const key = behaviourBaselineKey(accountId, identity);
    const existing = updated.get(key);
    if (existing) return { base: existing, existed: loaded.get(key)?.baseline };
    const prior = loaded.get(key)?.baseline;
    const base: IdentityBaseline = prior
      ? structuredClone(prior)
      : { v: 1, accountId, identity, firstSeen: firstTs, lastSeen: firstTs, maxModelsPerHour: 0, probeWatermark: -1, models: {} };
    updated.set(key, base);
    return { base, existed: prior };
  }

  let finished: Detection[] | undefined;
  function finish(): Detection[] {
    finished ??= evaluate();
    return finished;
  }

  function evaluate(): Detection[] {
    const out: Detection[] = [];
    const sortedPairs = [...pairs.values()].sort((a, b) => a.firstMs - b.firstMs);
    for (const p of sortedPairs) {
      const { base, existed } = identityBaseline(p.accountId, p.identity, p.firstTs);
      const knownBefore = existed?.models[p.modelId];
      // first use of a model by an identity with history
      if (existed && !knownBefore) {
        const since = Date.parse(existed.firstSeen);
        if (Number.isFinite(since) && p.firstMs - since >= t.firstUseMinHistoryMs) {
          out.push(
            detection(BEHAVIOUR_FIRST_USE, p, p.firstTs, [p.firstRequestId], {
              identityFirstSeen: existed.firstSeen,
              knownModels: Object.keys(existed.models).slice(0, 10),
            }),
          );
        }
      }
      let m = base.models[p.modelId];
      if (!m) {
        m = newModelStats(p.firstTs);
        base.models[p.modelId] = m;
      }
      if (p.firstTs < base.firstSeen || base.firstSeen === '') base.firstSeen = p.firstTs;

      // 5-minute buckets, in time order
      const buckets = [...p.buckets.values()].sort((a, b) => a.start - b.start);
      for (const b of buckets) {
        const win = { windowStart: iso(b.start), windowEnd: iso(b.start + t.bucketMs) };
        // request-rate spike
        const x = b.requests;
        if (m.n >= t.minLearnedBuckets) {
          const z = robustZ(x, m.reqMean, m.reqVar);
          if (x >= t.requestSpikeMin && x >= t.requestSpikeRatio * m.reqMean && z >= t.requestSpikeZ) {
            out.push(
              detection(
                BEHAVIOUR_REQUEST_SPIKE,
                p,
                b.firstTs,
                b.requestIds,
                {
                  ...win,
                  requests: x,
                  baselineMean: round(m.reqMean),
                  baselineStd: round(Math.sqrt(m.reqVar)),
                  z: round(z),
                  ratio: round(x / Math.max(m.reqMean, 1e-9)),
                  learnedBuckets: m.n,
                },
                x >= 10 * Math.max(m.reqMean, 1) ? 'HIGH' : 'MEDIUM',
              ),
            );
          }
        } else if (x >= t.requestColdStartMin) {
          out.push(
            detection(BEHAVIOUR_REQUEST_SPIKE, p, b.firstTs, b.requestIds, { ...win, requests: x, learnedBuckets: m.n, coldStart: true }),
          );
        }
        // token spike
        const tok = b.tokens;
        if (b.tokenRecords > 0) {
          if (m.tokN >= t.minLearnedBuckets) {
            const z = robustZ(tok, m.tokMean, m.tokVar);
            if (tok >= t.tokenSpikeMin && tok >= t.tokenSpikeRatio * m.tokMean && z >= t.tokenSpikeZ) {
              out.push(
                detection(
                  BEHAVIOUR_TOKEN_SPIKE,
                  p,
                  b.firstTs,
                  b.requestIds,
                  {
                    ...win,
                    tokens: tok,
                    requests: x,
                    baselineMean: round(m.tokMean),
                    baselineStd: round(Math.sqrt(m.tokVar)),
                    z: round(z),
                    ratio: round(tok / Math.max(m.tokMean, 1e-9)),
                    learnedBuckets: m.tokN,
                  },
                  tok >= 10 * Math.max(m.tokMean, 1) ? 'HIGH' : 'MEDIUM',
                ),
              );
            }
          } else if (tok >= t.tokenColdStartMin) {
            out.push(
              detection(BEHAVIOUR_TOKEN_SPIKE, p, b.firstTs, b.requestIds, {
                ...win,
                tokens: tok,
                requests: x,
                learnedBuckets: m.tokN,
                coldStart: true,
              }),
            );
          }
        }
        // error / access-denied bursts
        if (b.denied >= t.accessDeniedMin) {
          out.push(
            detection(BEHAVIOUR_ACCESS_DENIED, p, b.firstTs, b.requestIds, {
              ...win,
              accessDenied: b.denied,
              errors: b.errors,
              requests: x,
              errorCodes: b.errorCodes,
            }),
          );
        } else if (b.errors >= t.errorBurstMin && b.errors / x >= t.errorBurstRate) {
          out.push(
            detection(BEHAVIOUR_ERROR_BURST, p, b.firstTs, b.requestIds, {
              ...win,
              errors: b.errors,
              requests: x,
              errorRate: round(b.errors / x),
              errorCodes: b.errorCodes,
            }),
          );
        }
        // learn (only buckets newer than the watermark; spikes winsorized)
        if (b.start > m.watermark) {
          const cap = (mean: number, v: number, n: number) =>
            n >= t.minLearnedBuckets ? mean + 4 * Math.max(Math.sqrt(v), 0.25 * mean, 1) : Number.POSITIVE_INFINITY;
          [m.reqMean, m.reqVar] = ewma(m.reqMean, m.reqVar, m.n, Math.min(x, cap(m.reqMean, m.reqVar, m.n)), t.ewmaAlpha);
          m.n++;
          if (b.tokenRecords > 0) {
            [m.tokMean, m.tokVar] = ewma(m.tokMean, m.tokVar, m.tokN, Math.min(tok, cap(m.tokMean, m.tokVar, m.tokN)), t.ewmaAlpha);
            m.tokN++;
          }
          m.watermark = b.start;
        }
        if (b.lastTs > m.lastSeen) m.lastSeen = b.lastTs;
      }

      // hours: templated querying, allowlists
      const hours = [...p.hours.values()].sort((a, b) => a.start - b.start);
      for (const h of hours) {
        const win = { windowStart: iso(h.start), windowEnd: iso(h.start + t.hourMs) };
        if (identityRe && !identityRe.test(p.identity)) {
          out.push(detection(BEHAVIOUR_UNAUTHORIZED_IDENTITY, p, h.firstTs, h.requestIds, { ...win, requests: h.requests }));
        }
        if (modelRe && !modelRe.test(p.modelId)) {
          out.push(detection(BEHAVIOUR_UNAUTHORIZED_MODEL, p, h.firstTs, h.requestIds, { ...win, requests: h.requests }));
        }
        let templated = false;
        if (h.withPrompt >= t.templatedMinRequests) {
          const top = Math.max(maxCount(h.prefix), maxCount(h.suffix));
          const share = top / h.withPrompt;
          const distinct = h.distinct.size / h.withPrompt;
          templated = share >= t.templatedShare && distinct >= t.templatedDistinct;
          const learnedJob = m.templatedHours >= t.templatedLearnedHours;
          const usual = m.hourN >= 6 ? h.requests < t.templatedVolumeRatio * m.hourMean : false;
          if (templated && !learnedJob && !usual) {
            out.push(
              detection(BEHAVIOUR_TEMPLATED, p, h.firstTs, h.requestIds, {
                ...win,
                requests: h.requests,
                templateShare: round(share),
                distinctPromptShare: round(distinct),
                baselineHourlyMean: round(m.hourMean),
                templatedHoursBefore: m.templatedHours,
              }),
            );
          }
        }
        if (h.start > m.hourWatermark) {
          [m.hourMean] = ewma(m.hourMean, 0, m.hourN, h.requests, t.ewmaAlpha);
          m.hourN++;
          if (templated) m.templatedHours++;
          m.hourWatermark = h.start;
        }
      }
      if (m.lastSeen > base.lastSeen) base.lastSeen = m.lastSeen;
    }

    // per identity: distinct models probed per hour
    for (const s of identities.values()) {
      const { base } = identityBaseline(s.accountId, s.identity, s.firstTs);
      const hours = [...s.hours.values()].sort((a, b) => a.start - b.start);
      for (const h of hours) {
        const distinct = h.models.size;
        let probed = false;
        if (distinct >= t.probingMinModels && distinct > base.maxModelsPerHour + t.probingMargin) {
          probed = true;
          let calls = 0;
          let errors = 0;
          for (const c of h.models.values()) {
            calls += c.calls;
            errors += c.errors;
          }
          out.push(
            detection(
              BEHAVIOUR_MODEL_PROBING,
              { accountId: s.accountId, region: h.region, identity: s.identity, modelId: '*' },
              h.firstTs,
              h.requestIds,
              {
                windowStart: iso(h.start),
                windowEnd: iso(h.start + t.hourMs),
                distinctModels: distinct,
                models: [...h.models.keys()].slice(0, 20),
                calls,
                errors,
                baselineMaxModelsPerHour: base.maxModelsPerHour,
              },
              errors / Math.max(calls, 1) >= 0.5 ? 'HIGH' : 'MEDIUM',
            ),
          );
        }
        if (h.start > base.probeWatermark) {
          if (!probed && distinct > base.maxModelsPerHour) base.maxModelsPerHour = distinct;
          base.probeWatermark = h.start;
        }
      }
      // AccessDenied bursts spread over several models (each pair below the threshold, the identity above it)
      for (const db of [...s.denied.values()].sort((a, b) => a.start - b.start)) {
        let maxPerModel = 0;
        for (const c of db.perModel.values()) if (c > maxPerModel) maxPerModel = c;
        if (db.count >= t.accessDeniedMin && db.perModel.size >= 2 && maxPerModel < t.accessDeniedMin) {
          out.push(
            detection(
              BEHAVIOUR_ACCESS_DENIED,
              { accountId: s.accountId, region: db.region, identity: s.identity, modelId: '*' },
              db.firstTs,
              db.requestIds,
              {
                windowStart: iso(db.start),
                windowEnd: iso(db.start + t.bucketMs),
                accessDenied: db.count,
                distinctModels: db.perModel.size,
                models: [...db.perModel.keys()].slice(0, 20),
              },
            ),
          );
        }
      }
      if (s.lastTs > base.lastSeen) base.lastSeen = s.lastTs;
      // bound the item size: keep the most recently used models
      const ids = Object.keys(base.models);
      if (ids.length > t.maxModelsPerIdentity) {
        ids.sort((a, b) => (base.models[b].lastSeen < base.models[a].lastSeen ? -1 : 1));
        for (const id of ids.slice(t.maxModelsPerIdentity)) delete base.models[id];
      }
    }
    return out;
  }

  function state(): Baseline[] {
    const res: Baseline[] = [];
    for (const [key, b] of updated) {
      res.push({ key, data: b as unknown as Record<string, unknown>, updatedAt: b.lastSeen, version: loaded.get(key)?.version });
    }
    return res;
  }

  return {
    observe,
    finish,
    state,
    get skipped() {
      return skipped;
    },
  };
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
