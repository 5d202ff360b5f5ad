/**
 * Drift analyzer per model: the current window (1 hour, from record timestamps) against a baseline window.
 *
 * Baseline: exponentially decayed sufficient statistics of all earlier hours (half-life 7 days), one `Baseline` item
 * per account x model (key `drift#<account>#<model>`), with an hour watermark so replays never learn twice.
 *
 * Statistics and thresholds (all also need >= 30 samples in the hour and >= 100 (decayed) in the baseline):
 * - output length: Welch's t on y = ln(1 + output tokens) (characters / 4 when token counts are missing), successful
 *   records with output only. Flag when |t| >= 4 and the geometric-mean ratio exp(mean_cur - mean_base) >= 1.5 or
 *   <= 1/1.5. The log makes the test about relative change and tames the long right tail.
 * - refusal rate (refusal phrases in the first 300 characters of the first output), guardrail-intervention rate
 *   (guardrail trace intervened, or stop reason guardrail_intervened / content_filtered), error rate (errorCode set):
 *   pooled two-proportion z-test, flag when |z| >= 3.5 and |p_cur - p_base| >= 0.05, with >= 5 events in the window
 *   for an increase (>= 5 expected from the baseline rate for a decrease). Error rate: increases only.
 */
import type { EvidenceValue } from '../domain/finding.ts';
import type { Detection, InvocationRecord } from '../domain/runtime.ts';
import type { Severity } from '../domain/severity.ts';
import type { Baseline } from '../store/types.ts';
import { DRIFT_ERROR_RATE, DRIFT_GUARDRAIL_RATE, DRIFT_OUTPUT_LENGTH, DRIFT_REFUSAL_RATE } from './catalogue.ts';
import { Key2Map } from './keyed.ts';
import type { DetectorMetadata, RecordAnalyzer } from './types.ts';

export interface DriftThresholds {
  windowMs: number;
  halfLifeMs: number;
  minCurrent: number;
  minBaseline: number;
  lengthT: number;
  lengthRatio: number;
  rateZ: number;
  rateMinDiff: number;
  /**
   * Validity of the normal approximation: an increase needs >= this many events in the window, a decrease needs the
   * baseline rate to predict >= this many in the window (n x p >= 5).
   */
  rateMinEvents: number;
  maxRequestIds: number;
}

export const DEFAULT_DRIFT_THRESHOLDS: DriftThresholds = {
  windowMs: 3600_000,
  halfLifeMs: 7 * 24 * 3600_000,
  minCurrent: 30,
  minBaseline: 100,
  lengthT: 4,
  lengthRatio: 1.5,
  rateZ: 3.5,
  rateMinDiff: 0.05,
  rateMinEvents: 5,
  maxRequestIds: 10,
};

export interface DriftConfig {
  thresholds?: Partial<DriftThresholds>;
}

// ---------- refusal phrases ----------

const REFUSAL =
  /\b(?:i(?:['’]m| am) (?:sorry|afraid)[,.]? (?:but )?i (?:can(?:['’]t|not)|won['’]t|will not|am not able|['’]m not able|am unable|['’]m unable)|i (?:can(?:['’]t|not)|won['’]t|will not|am unable to|['’]m unable to|am not able to|['’]m not able to) (?:help|assist|provide|comply|fulfil|fulfill|do that|create|generate|share|answer|support|write|engage)|as an ai(?: language model| assistant)?,? i (?:can(?:['’]t|not)|don['’]t|do not|am not)|i must (?:decline|refuse)|i (?:have to|need to|must) (?:respectfully )?decline|against my (?:guidelines|policies|programming|principles)|not (?:able|allowed|permitted) to (?:help|assist|provide|share) (?:with )?(?:that|this))/i;

/** True when the start of `text` reads as a refusal. Looks at the first 300 characters only. */
export function isRefusal(text: string): boolean {
  return REFUSAL.test(text.length > 300 ? text.slice(0, 300) : text);
}

// ---------- stats ----------

export interface DriftStats {
  /** Decayed sample weights and sums. */
  lenN: number;
  lenSum: number;
  lenSumSq: number;
  refN: number;
  refusals: number;
  allN: number;
  guardrail: number;
  errors: number;
}

export interface ModelDriftBaseline {
  v: 1;
  accountId: string;
  modelId: string;
  /** Start (ms) of the newest learned hour. */
  watermark: number;
  stats: DriftStats;
}

export function driftBaselineKey(accountId: string, modelId: string): string {
  return `drift#${accountId}#${modelId}`;
}

export function driftBaselineKeys(records: Iterable<InvocationRecord>): string[] {
  const keys = new Set<string>();
  for (const r of records) keys.add(driftBaselineKey(r.accountId, r.modelId));
  return [...keys];
}

function emptyStats(): DriftStats {
  return { lenN: 0, lenSum: 0, lenSumSq: 0, refN: 0, refusals: 0, allN: 0, guardrail: 0, errors: 0 };
}

function parseDriftBaseline(data: Record<string, unknown>): ModelDriftBaseline | undefined {
  if (data.v !== 1 || typeof data.modelId !== 'string' || typeof data.stats !== 'object' || data.stats === null) return undefined;
  const s = data.stats as Record<string, unknown>;
  const stats = emptyStats();
  for (const k of Object.keys(stats) as (keyof DriftStats)[]) {
    const v = s[k];
    if (typeof v === 'number' && Number.isFinite(v) && v >= 0) stats[k] = v;
  }
  return {
    v: 1,
    accountId: typeof data.accountId === 'string' ? data.accountId : '',
    modelId: data.modelId,
    watermark: typeof data.watermark === 'number' ? data.watermark : -1,
    stats,
  };
}

function decay(s: DriftStats, f: number): void {
  for (const k of Object.keys(s) as (keyof DriftStats)[]) s[k] *= f;
}

function add(into: DriftStats, x: DriftStats): void {
  for (const k of Object.keys(into) as (keyof DriftStats)[]) into[k] += x[k];
}

/** Welch's t statistic for two samples given counts, means and variances. */
export function welchT(n1: number, m1: number, v1: number, n2: number, m2: number, v2: number): number {
  const se = Math.sqrt(v1 / n1 + v2 / n2);
  if (se === 0) return m1 === m2 ? 0 : Math.sign(m1 - m2) * Number.POSITIVE_INFINITY;
  return (m1 - m2) / se;
}

/** Pooled two-proportion z statistic. */
export function twoProportionZ(x1: number, n1: number, x2: number, n2: number): number {
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const p = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(p * (1 - p) * (1 / n1 + 1 / n2));
  if (se === 0) return 0;
  return (p1 - p2) / se;
}

function meanVar(n: number, sum: number, sumSq: number): [number, number] {
  const m = sum / n;
  const v = n > 1 ? Math.max(0, (sumSq - n * m * m) / (n - 1)) : 0;
  return [m, v];
}

interface HourAgg {
  start: number;
  stats: DriftStats;
  requestIds: string[];
  firstTs: string;
  region: string;
}

interface ModelAgg {
  accountId: string;
  modelId: string;
  hours: Map<number, HourAgg>;
}

function outputLength(r: InvocationRecord): number | undefined {
  if (typeof r.outputTokens === 'number' && r.outputTokens >= 0) return r.outputTokens;
  let chars = 0;
  for (const o of r.outputs) if (typeof o === 'string') chars += o.length;
  return chars > 0 ? chars / 4 : undefined;
}

function round(x: number, d = 3): number {
  const f = 10 ** d;
  return Math.round(x * f) / f;
}

export interface DriftAnalyzer extends RecordAnalyzer {
  readonly skipped: number;
}

export function createDriftAnalyzer(config: DriftConfig = {}, baselines?: Iterable<Baseline>): DriftAnalyzer {
  const t: DriftThresholds = { ...DEFAULT_DRIFT_THRESHOLDS, ...config.thresholds };
  const loaded = new Map<string, { baseline: ModelDriftBaseline | undefined; version: number | undefined }>();
  for (const b of baselines ?? []) {
    if (!b.key.startsWith('drift#')) continue;
    loaded.set(b.key, { baseline: parseDriftBaseline(b.data), version: b.version });
  }
  // keyed by account x model, without a key string built per record
  const models = new Key2Map<ModelAgg>();
  const updated = new Map<string, ModelDriftBaseline>();
  let skipped = 0;

  function observe(r: InvocationRecord): void {
    const ms = Date.parse(r.timestamp);
    if (!Number.isFinite(ms) || typeof r.modelId !== 'string') {
      skipped++;
      return;
    }
    let m = models.get(r.accountId, r.modelId);
    if (!m) {
      m = { accountId: r.accountId, modelId: r.modelId, hours: new Map() };
      models.add(r.accountId, r.modelId, m);
    }
    const start = ms - (ms % t.windowMs);
    let h = m.hours.get(start);
    if (!h) {
      h = { start, stats: emptyStats(), requestIds: [], firstTs: r.timestamp, region: r.region };
      m.hours.set(start, h);
    }
    if (r.timestamp < h.firstTs) h.firstTs = r.timestamp;
    if (h.requestIds.length < t.maxRequestIds) h.requestIds.push(r.requestId);
    const s = h.stats;
    s.allN++;
    if (r.errorCode) {
      s.errors++;
      return;
    }
    const sr = r.stopReason ?? '';
    if (r.guardrail?.intervened === true || sr === 'guardrail_intervened' || sr === 'content_filtered') s.guardrail++;
    const first = r.outputs.find((o) => typeof o === 'string' && o.length > 0);
    if (first !== undefined) {
      s.refN++;
      if (isRefusal(first)) s.refusals++;
    }
    const len = outputLength(r);
    if (len !== undefined) {
      const y = Math.log1p(len);
      s.lenN++;
      s.lenSum += y;
      s.lenSumSq += y * y;
    }
  }

  function detection(
    meta: DetectorMetadata,
    m: ModelAgg,
    h: HourAgg,
    evidence: Record<string, EvidenceValue>,
    labels: string[],
    severity: Severity = meta.severity,
  ): Detection {
    return {
      detector: meta.id,
      severity,
      title: meta.title,
      description: meta.description,
      identity: '*',
      modelId: m.modelId,
      accountId: m.accountId,
      region: h.region,
      timestamp: h.firstTs,
      requestId: h.requestIds[0],
      evidence: {
        windowStart: new Date(h.start).toISOString(),
        windowEnd: new Date(h.start + t.windowMs).toISOString(),
        ...evidence,
        requestIds: h.requestIds,
      },
      labels,
      mappings: meta.mappings,
      types: meta.types,
      remediation: meta.remediation,
    };
  }

  function rateTest(
    meta: DetectorMetadata,
    m: ModelAgg,
    h: HourAgg,
    base: DriftStats,
    cur: DriftStats,
    x: 'refusals' | 'guardrail' | 'errors',
    n: 'refN' | 'allN',
    increasesOnly: boolean,
  ): Detection | undefined {
    const n1 = cur[n];
    const n2 = base[n];
    if (n1 < t.minCurrent || n2 < t.minBaseline) return undefined;
    const p1 = cur[x] / n1;
    const p2 = base[x] / n2;
    const z = twoProportionZ(cur[x], n1, base[x], n2);
    if (Math.abs(z) < t.rateZ || Math.abs(p1 - p2) < t.rateMinDiff) return undefined;
    if (increasesOnly && p1 < p2) return undefined;
    if (p1 > p2 ? cur[x] < t.rateMinEvents : n1 * p2 < t.rateMinEvents) return undefined;
    const direction = p1 > p2 ? 'increase' : 'decrease';
    return detection(
      meta,
      m,
      h,
      {
        statistic: 'two-proportion z',
        z: round(z, 2),
        threshold: t.rateZ,
        currentRate: round(p1),
        baselineRate: round(p2),
        currentSamples: n1,
        baselineSamples: round(n2, 1),
        direction,
      },
      [`drift:${direction}`],
    );
  }

  function evaluate(): Detection[] {
    const out: Detection[] = [];
    for (const m of models.values()) {
      const key = driftBaselineKey(m.accountId, m.modelId);
      const prior = loaded.get(key)?.baseline;
      const b: ModelDriftBaseline = prior
        ? structuredClone(prior)
        : { v: 1, accountId: m.accountId, modelId: m.modelId, watermark: -1, stats: emptyStats() };
      updated.set(key, b);
      const hours = [...m.hours.values()].sort((a, c) => a.start - c.start);
      for (const h of hours) {
        const base = b.stats;
        const cur = h.stats;
        // output length
        if (cur.lenN >= t.minCurrent && base.lenN >= t.minBaseline) {
          const [m1, v1] = meanVar(cur.lenN, cur.lenSum, cur.lenSumSq);
          const [m2, v2] = meanVar(base.lenN, base.lenSum, base.lenSumSq);
          const tt = welchT(cur.lenN, m1, v1, base.lenN, m2, v2);
          const ratio = Math.exp(m1 - m2);
          if (Math.abs(tt) >= t.lengthT && (ratio >= t.lengthRatio || ratio <= 1 / t.lengthRatio)) {
            const direction = ratio > 1 ? 'increase' : 'decrease';
            out.push(
              detection(
                DRIFT_OUTPUT_LENGTH,
                m,
                h,
                {
                  statistic: 'Welch t on ln(1 + output tokens)',
                  t: Number.isFinite(tt) ? round(tt, 2) : tt > 0 ? 1e9 : -1e9,
                  threshold: t.lengthT,
                  geometricMeanRatio: round(ratio),
                  currentGeoMeanTokens: round(Math.expm1(m1), 1),
                  baselineGeoMeanTokens: round(Math.expm1(m2), 1),
                  currentSamples: cur.lenN,
                  baselineSamples: round(base.lenN, 1),
                  direction,
                },
                [`drift:${direction}`],
              ),
            );
          }
        }
        const ref = rateTest(DRIFT_REFUSAL_RATE, m, h, base, cur, 'refusals', 'refN', false);
        if (ref) out.push(ref);
        const gr = rateTest(DRIFT_GUARDRAIL_RATE, m, h, base, cur, 'guardrail', 'allN', false);
        if (gr) out.push(gr);
        const er = rateTest(DRIFT_ERROR_RATE, m, h, base, cur, 'errors', 'allN', true);
        if (er) out.push(er);
        // learn
        if (h.start > b.watermark) {
          if (b.watermark >= 0) decay(base, 0.5 ** ((h.start - b.watermark) / t.halfLifeMs));
          add(base, cur);
          b.watermark = h.start;
        }
      }
    }
    return out;
  }

  let finished: Detection[] | undefined;
  return {
    observe,
    finish() {
      finished ??= evaluate();
      return finished;
    },
    state() {
      const res: Baseline[] = [];
      for (const [key, b] of updated) {
        res.push({
          key,
          data: b as unknown as Record<string, unknown>,
          updatedAt: b.watermark >= 0 ? new Date(b.watermark).toISOString() : '',
          version: loaded.get(key)?.version,
        });
      }
      return res;
    },
    get skipped() {
      return skipped;
    },
  };
}
