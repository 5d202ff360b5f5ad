import { describe, expect, it } from 'vitest';
import { createDriftAnalyzer, driftBaselineKey, isRefusal, twoProportionZ, welchT } from '../../../shared/detectors/drift.ts';
import type { InvocationRecord } from '../../../shared/domain/runtime.ts';
import type { Baseline } from '../../../shared/store/types.ts';
import { at, rec } from '../../fixtures/detectors/records.ts';

const MODEL = 'amazon.nova-pro-v1:0';

function lcg(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

interface HourSpec {
  n: number;
  tokens: number;
  refusal?: number;
  guardrail?: number;
  error?: number;
}

function hour(h: number, spec: HourSpec, seed = h + 1): InvocationRecord[] {
  const rnd = lcg(seed);
  return Array.from({ length: spec.n }, (_, i) => {
    const err = rnd() < (spec.error ?? 0);
    const refuse = rnd() < (spec.refusal ?? 0);
    const guard = rnd() < (spec.guardrail ?? 0);
    const tokens = Math.round(spec.tokens * Math.exp((rnd() - 0.5) * 0.8));
    return rec({
      modelId: MODEL,
      timestamp: at(h * 60 + (i * 60) / spec.n),
      errorCode: err ? 'ThrottlingException' : undefined,
      outputs: err
        ? []
        : [refuse ? "I'm sorry, but I can't help with that request." : 'Here is a summary of the quarterly figures you asked for.'],
      outputTokens: err ? undefined : tokens,
      guardrail: guard ? { intervened: true, action: 'GUARDRAIL_INTERVENED' } : undefined,
    });
  });
}

const BASE: HourSpec = { n: 60, tokens: 200, refusal: 0.02, guardrail: 0.02, error: 0.01 };
const history = () => [0, 1, 2, 3, 4].flatMap((h) => hour(h, BASE));

function run(records: InvocationRecord[], baselines?: Baseline[]) {
  const a = createDriftAnalyzer({}, baselines);
  for (const r of records) a.observe(r);
  const detections = a.finish();
  return { a, detections, ids: detections.map((d) => d.detector) };
}

describe('statistics', () => {
  it('computes Welch t and the pooled two-proportion z', () => {
    expect(welchT(50, 1, 1, 50, 0, 1)).toBeCloseTo(5, 6);
    expect(twoProportionZ(30, 100, 10, 100)).toBeCloseTo(3.536, 2);
    expect(twoProportionZ(0, 10, 0, 10)).toBe(0);
  });

  it('recognises refusals, not helpful answers that apologise', () => {
    expect(isRefusal("I'm sorry, but I can't help with that.")).toBe(true);
    expect(isRefusal('I cannot assist with creating malware.')).toBe(true);
    expect(isRefusal('As an AI language model, I cannot browse the internet.')).toBe(true);
    expect(isRefusal('I can help with that! Here are the steps.')).toBe(false);
    expect(isRefusal('Sorry for the delay - here is the report you wanted.')).toBe(false);
  });
});

describe('drift analyzer', () => {
  it('stays quiet on a stable model', () => {
    expect(run([...history(), ...hour(5, BASE, 99)]).ids).toEqual([]);
  });

  it('flags an output-length shift (t-test and ratio), not a small significant one', () => {
    const { detections } = run([...history(), ...hour(5, { ...BASE, tokens: 700 })]);
    const d = detections.find((x) => x.detector === 'drift.output-length');
    expect(d?.evidence.direction).toBe('increase');
    expect(d?.evidence.geometricMeanRatio as number).toBeGreaterThan(3);
    expect(d?.identity).toBe('*');
    // +20% with many samples: statistically significant but below the 1.5x effect-size bar
    expect(run([...history(), ...hour(5, { ...BASE, n: 300, tokens: 240 })]).ids).not.toContain('drift.output-length');
  });

  it('flags refusal-rate and guardrail-rate changes and error-rate increases', () => {
    const { ids } = run([...history(), ...hour(5, { ...BASE, refusal: 0.4, guardrail: 0.5, error: 0.3 })]);
    expect(ids.sort()).toEqual(['drift.error-rate', 'drift.guardrail-rate', 'drift.refusal-rate']);
    // fewer errors than usual is not a finding
    const quiet = run([...[0, 1, 2, 3, 4].flatMap((h) => hour(h, { ...BASE, error: 0.3 })), ...hour(5, { ...BASE, error: 0 })]);
    expect(quiet.ids).not.toContain('drift.error-rate');
  });

  it('needs at least 5 events for a rate increase (2 refusals in 40 against a 0% baseline is not drift)', () => {
    const clean: HourSpec = { n: 60, tokens: 200 };
    const hist = [0, 1, 2, 3, 4].flatMap((h) => hour(h, clean));
    const two = hour(5, { n: 40, tokens: 200 }).map((r, i) => (i < 2 ? { ...r, outputs: ["I'm sorry, but I can't help with that."] } : r));
    expect(run([...hist, ...two]).ids).toEqual([]);
    const six = hour(5, { n: 40, tokens: 200 }).map((r, i) => (i < 6 ? { ...r, outputs: ["I'm sorry, but I can't help with that."] } : r));
    expect(run([...hist, ...six]).ids).toEqual(['drift.refusal-rate']);
  });

  it('needs minimum samples in the window and in the baseline', () => {
    expect(run([...history(), ...hour(5, { ...BASE, n: 20, tokens: 2000, refusal: 0.9 })]).ids).toEqual([]);
    expect(run([...hour(0, BASE), ...hour(1, { ...BASE, tokens: 2000, refusal: 0.9 })]).ids).toEqual([]);
  });

  it('persists its baseline and does not learn a replay twice', () => {
    const first = run(history());
    const [b] = first.a.state();
    expect(b.key).toBe(driftBaselineKey('111122223333', MODEL));
    const stored = { ...b, version: 1 };
    const shifted = hour(5, { ...BASE, tokens: 700 });
    expect(run(shifted).ids).toEqual([]);
    expect(run(shifted, [stored]).ids).toContain('drift.output-length');
    const replay = run(history(), [stored]);
    expect(replay.a.state()[0].data).toEqual(b.data);
    expect(replay.a.state()[0].version).toBe(1);
  });
});
