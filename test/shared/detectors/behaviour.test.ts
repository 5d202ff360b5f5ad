import { describe, expect, it } from 'vitest';
import { behaviourBaselineKey, behaviourBaselineKeys, createBehaviourAnalyzer, ewma } from '../../../shared/detectors/behaviour.ts';
import type { InvocationRecord } from '../../../shared/domain/runtime.ts';
import { MemoryStore } from '../../../shared/store/memory.ts';
import type { Baseline } from '../../../shared/store/types.ts';
import { at, rec } from '../../fixtures/detectors/records.ts';

const ALICE = 'arn:aws:sts::111122223333:assumed-role/app/alice';
const MODEL = 'anthropic.claude-3-haiku-20240307-v1:0';

/** `counts[i]` requests in 5-minute bucket i (spread over the bucket). */
function traffic(counts: number[], over: Partial<InvocationRecord> = {}, startMin = 0): InvocationRecord[] {
  const out: InvocationRecord[] = [];
  counts.forEach((n, i) => {
    for (let k = 0; k < n; k++) {
      out.push(
        rec({
          identity: ALICE,
          modelId: MODEL,
          timestamp: at(startMin + i * 5 + (k % 5), '2026-11-20T00:00:00Z'),
          userTurns: [`question ${i}-${k} about topic ${k * 7}`],
          ...over,
        }),
      );
    }
  });
  return out;
}

function run(records: InvocationRecord[], cfg = {}, baselines?: Baseline[]) {
  const a = createBehaviourAnalyzer(cfg, baselines);
  for (const r of records) a.observe(r);
  const detections = a.finish();
  return { a, detections, ids: detections.map((d) => d.detector) };
}

describe('EWMA', () => {
  it('uses the running mean while warming up, then exponential weights', () => {
    let m = 0;
    let v = 0;
    [10, 20, 30].forEach((x, n) => {
      [m, v] = ewma(m, v, n, x, 0.1);
    });
    expect(m).toBeCloseTo(20, 6);
    expect(v).toBeGreaterThan(0);
  });
});

describe('request and token spikes', () => {
  it('flags a sudden request spike against a learned baseline', () => {
    const counts = [...Array.from({ length: 24 }, (_, i) => 10 + (i % 3)), 200];
    const { detections } = run(traffic(counts));
    const spikes = detections.filter((d) => d.detector === 'behaviour.request-spike');
    expect(spikes).toHaveLength(1);
    expect(spikes[0].evidence.requests).toBe(200);
    expect(spikes[0].evidence.windowStart).toBe(at(24 * 5, '2026-11-20T00:00:00Z'));
    expect(spikes[0].severity).toBe('HIGH');
    expect((spikes[0].evidence.requestIds as string[]).length).toBe(10);
  });

  it('does not flag gradual growth', () => {
    const counts = Array.from({ length: 48 }, (_, i) => Math.round(10 * 1.05 ** i)); // 10 -> ~100 over 4 hours
    const { ids } = run(traffic(counts));
    expect(ids).not.toContain('behaviour.request-spike');
  });

  it('does not flag a small absolute burst, and needs history before z-scores', () => {
    const { ids } = run(traffic([2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 40]));
    expect(ids).not.toContain('behaviour.request-spike');
    // no history: only the cold-start volume counts
    expect(run(traffic([300])).ids).not.toContain('behaviour.request-spike');
    const cold = run(traffic([600])).detections.find((d) => d.detector === 'behaviour.request-spike');
    expect(cold?.evidence.coldStart).toBe(true);
  });

  it('flags a token spike (long outputs at a normal request rate)', () => {
    const normal = traffic(Array(20).fill(20), { inputTokens: 200, outputTokens: 300 });
    const heavy = traffic([20], { inputTokens: 200, outputTokens: 8000 }, 20 * 5);
    const { detections } = run([...normal, ...heavy]);
    const tok = detections.filter((d) => d.detector === 'behaviour.token-spike');
    expect(tok).toHaveLength(1);
    expect(tok[0].evidence.tokens).toBe(20 * 8200);
    expect(detections.map((d) => d.detector)).not.toContain('behaviour.request-spike');
  });
});

describe('baseline persistence', () => {
  it('round-trips through a BaselineStore with conditional writes and never learns a replay twice', async () => {
    const store = new MemoryStore();
    const history = traffic(Array(24).fill(10));
    const first = run(history);
    const [b] = first.a.state();
    expect(b.key).toBe(behaviourBaselineKey('111122223333', ALICE));
    expect(behaviourBaselineKeys(history)).toEqual([b.key]);
    expect(await store.putBaseline(b, b.version)).toBe(true);
    const loaded = (await store.getBaseline(b.key)) as Baseline;
    expect(loaded.version).toBe(1);

    // replay of the same records: nothing new learned
    const replay = run(history, {}, [loaded]);
    const [b2] = replay.a.state();
    expect((b2.data.models as Record<string, { n: number }>)[MODEL].n).toBe(24);
    expect(b2.version).toBe(1);

    // next run: a spike that only the persisted baseline makes visible (200 < cold-start 500)
    const spike = traffic([200], {}, 24 * 5);
    expect(run(spike).ids).not.toContain('behaviour.request-spike');
    expect(run(spike, {}, [loaded]).ids).toContain('behaviour.request-spike');

    // a stale version loses the race
    expect(await store.putBaseline(b2, undefined)).toBe(false);
    expect(await store.putBaseline(b2, b2.version)).toBe(true);
  });

  it('ignores damaged baseline data instead of crashing', () => {
    const bad: Baseline = { key: behaviourBaselineKey('111122223333', ALICE), data: { v: 99, junk: true }, updatedAt: 'x', version: 3 };
    const { a } = run(traffic([5]), {}, [bad]);
    const [b] = a.state();
    expect(b.version).toBe(3);
    expect(b.data.v).toBe(1);
  });
});

describe('templated querying (model extraction)', () => {
  const words = ['great', 'awful', 'slow', 'fast', 'cheap', 'broken', 'lovely', 'noisy', 'solid', 'flimsy'];
  const review = (i: number) => `${words[i % 10]} ${words[(i * 3) % 10]} product number ${i}, ${words[(i * 7) % 10]} delivery`;

  it('flags many prompts from one template with varying slots within an hour', () => {
    const records = Array.from({ length: 300 }, (_, i) =>
      rec({
        identity: ALICE,
        modelId: MODEL,
        timestamp: at(i * 0.15),
        userTurns: [`Classify the sentiment of this review: ${review(i)}. Answer positive or negative.`],
      }),
    );
    const d = run(records).detections.find((x) => x.detector === 'behaviour.templated-querying');
    expect(d?.evidence.templateShare).toBe(1);
    expect(d?.evidence.distinctPromptShare).toBe(1);
    expect(JSON.stringify(d)).not.toContain('Classify');
  });

  it('does not flag varied prompts, identical retries, or low volume', () => {
    const varied = Array.from({ length: 300 }, (_, i) =>
      rec({
        identity: ALICE,
        modelId: MODEL,
        timestamp: at(i * 0.15),
        userTurns: [`${review(i)} ${i} what do you think ${words[i % 7]}?`.split(' ').reverse().join(' ')],
      }),
    );
    expect(run(varied).ids).not.toContain('behaviour.templated-querying');
    const same = Array.from({ length: 300 }, (_, i) =>
      rec({
        identity: ALICE,
        modelId: MODEL,
        timestamp: at(i * 0.15),
        userTurns: ['Classify the sentiment of this review: ok. Answer positive or negative.'],
      }),
    );
    expect(run(same).ids).not.toContain('behaviour.templated-querying');
    const few = Array.from({ length: 150 }, (_, i) =>
      rec({
        identity: ALICE,
        modelId: MODEL,
        timestamp: at(i * 0.3),
        userTurns: [`Classify the sentiment of this review: ${review(i)}. Answer positive or negative.`],
      }),
    );
    expect(run(few).ids).not.toContain('behaviour.templated-querying');
  });

  it('learns a recurring batch job after a few templated hours', () => {
    const hoursOf = (h0: number, n: number) =>
      Array.from({ length: n * 250 }, (_, i) =>
        rec({
          identity: ALICE,
          modelId: MODEL,
          timestamp: at(h0 * 60 + i * (60 / 250)),
          userTurns: [`Classify the sentiment of this review: ${review(i)}. Answer positive or negative.`],
        }),
      );
    const first = run(hoursOf(0, 3));
    expect(first.ids.filter((x) => x === 'behaviour.templated-querying')).toHaveLength(3);
    const later = run(hoursOf(3, 1), {}, first.a.state());
    expect(later.ids).not.toContain('behaviour.templated-querying');
  });
});

describe('model probing, error bursts, first use, allowlists', () => {
  it('flags many distinct models in an hour, not a few', () => {
    const models = ['m.a', 'm.b', 'm.c', 'm.d', 'm.e', 'm.f'];
    const probe = models.map((modelId, i) =>
      rec({ identity: ALICE, modelId, timestamp: at(i), errorCode: i % 2 ? 'AccessDeniedException' : undefined }),
    );
    const d = run(probe).detections.find((x) => x.detector === 'behaviour.model-probing');
    expect(d?.modelId).toBe('*');
    expect(d?.evidence.distinctModels).toBe(6);
    expect(d?.severity).toBe('HIGH');
    expect(run(probe.slice(0, 3)).ids).not.toContain('behaviour.model-probing');
  });

  it('separates AccessDenied bursts from other error bursts, and ignores a few errors', () => {
    const denied = Array.from({ length: 6 }, (_, i) =>
      rec({ identity: ALICE, modelId: MODEL, timestamp: at(i * 0.5), errorCode: 'AccessDeniedException' }),
    );
    expect(run(denied).ids).toEqual(['behaviour.access-denied-burst']);
    const throttled = Array.from({ length: 30 }, (_, i) =>
      rec({ identity: ALICE, modelId: MODEL, timestamp: at(i * 0.1), errorCode: i < 25 ? 'ThrottlingException' : undefined }),
    );
    const e = run(throttled).detections.find((x) => x.detector === 'behaviour.error-burst');
    expect(e?.evidence.errorCodes).toEqual(['ThrottlingException']);
    const few = Array.from({ length: 30 }, (_, i) =>
      rec({ identity: ALICE, modelId: MODEL, timestamp: at(i * 0.1), errorCode: i < 3 ? 'ThrottlingException' : undefined }),
    );
    expect(run(few).ids).toEqual([]);
  });

  it('flags AccessDenied spread over several models at identity level (model *), once', () => {
    const spread = ['m.a', 'm.b', 'm.c', 'm.d', 'm.e', 'm.f'].map((modelId, i) =>
      rec({ identity: ALICE, modelId, timestamp: at(i * 0.5), errorCode: 'AccessDeniedException' }),
    );
    const denied = run(spread).detections.filter((x) => x.detector === 'behaviour.access-denied-burst');
    expect(denied).toHaveLength(1);
    expect(denied[0].modelId).toBe('*');
    expect(denied[0].evidence.distinctModels).toBe(6);
    // below the minimum across models: nothing
    expect(run(spread.slice(0, 4)).ids).not.toContain('behaviour.access-denied-burst');
  });

  it('flags first use of a model by an identity with a day of history only', () => {
    const old = run([rec({ identity: ALICE, modelId: MODEL, timestamp: '2026-11-18T00:00:00Z' })]).a.state();
    const next = run([rec({ identity: ALICE, modelId: 'meta.llama3-70b-instruct-v1:0', timestamp: '2026-11-20T00:00:00Z' })], {}, old);
    expect(next.ids).toEqual(['behaviour.first-model-use']);
    expect(next.detections[0].evidence.knownModels).toEqual([MODEL]);
    expect(run([rec({ identity: ALICE, modelId: MODEL, timestamp: '2026-11-20T00:00:00Z' })], {}, old).ids).toEqual([]);
    const young = run([rec({ identity: ALICE, modelId: MODEL, timestamp: '2026-11-19T23:00:00Z' })]).a.state();
    expect(
      run([rec({ identity: ALICE, modelId: 'meta.llama3-70b-instruct-v1:0', timestamp: '2026-11-20T00:00:00Z' })], {}, young).ids,
    ).toEqual([]);
    // brand-new identity with no baseline: not a "first use" (nothing to compare with)
    expect(run([rec({ identity: ALICE, modelId: MODEL })]).ids).toEqual([]);
  });

  it('flags identities and models outside the allowlists, once per identity x model x hour', () => {
    const cfg = { identityAllowlist: ['arn:aws:sts::111122223333:assumed-role/app/*'], modelAllowlist: ['anthropic.*'] };
    const ok = Array.from({ length: 5 }, (_, i) => rec({ identity: ALICE, modelId: MODEL, timestamp: at(i) }));
    expect(run(ok, cfg).ids).toEqual([]);
    const intruder = Array.from({ length: 5 }, (_, i) =>
      rec({ identity: 'arn:aws:iam::111122223333:user/mallory', modelId: 'meta.llama3-70b-instruct-v1:0', timestamp: at(i) }),
    );
    const { detections } = run(intruder, cfg);
    expect(detections.map((d) => d.detector).sort()).toEqual(['behaviour.unauthorized-identity', 'behaviour.unauthorized-model']);
    expect(detections[0].evidence.requests).toBe(5);
  });

  it('skips records with unparseable timestamps', () => {
    const a = createBehaviourAnalyzer();
    a.observe(rec({ timestamp: 'not-a-date' }));
    expect(a.skipped).toBe(1);
    expect(a.finish()).toEqual([]);
  });
});
