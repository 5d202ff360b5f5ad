/**
 * `analyzeTrailMessages` with the per-identity activity: recon bursts and LLMjacking coverage joined across SQS
 * batches, replays and failed writes never double count, concurrent batches on one identity.
 */
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../shared/domain/finding.ts';
import { analyzeTrailMessages, type TrailRuntimeDeps } from '../../../shared/pipeline/analyze.ts';
import { guardrailDeletedDetector } from '../../../shared/detectors/cloudtrail.ts';
import { MemoryDeadLetter } from '../../../shared/runtime/deadletter.ts';
import { defaultDetectorSet } from '../../../shared/runtime/default-detectors.ts';
import { buildDetectorSet } from '../../../shared/runtime/detector-set.ts';
import { MemoryStore } from '../../../shared/store/memory.ts';
import { fixedClock } from '../../../shared/util/clock.ts';
import { memoryLog } from '../../../shared/util/logger.ts';
import { TRAIL_ACCOUNT, trailMessage } from '../../fixtures/trail.ts';

const ACCOUNT = TRAIL_ACCOUNT;
const CALLER = 'arn:aws:sts::999988887777:assumed-role/Intruder/s1';
const trail = (eventName: string, eventID: string, time: string, caller?: string) =>
  trailMessage(eventName, eventID, { time, caller, requestParameters: null });

/** `n` calls of one recon action, one a minute from `start` (HH:MM, 2026-11-20). */
const calls = (prefix: string, n: number, start: string, caller?: string) =>
  Array.from({ length: n }, (_, i) => {
    const t = new Date(Date.parse(`2026-11-20T${start}:00Z`) + i * 20_000).toISOString();
    return trail('ListFoundationModels', `${prefix}${i}`, t, caller);
  });

function setup(now = '2026-11-20T10:20:00Z') {
  const clock = fixedClock(now);
  const store = new MemoryStore(() => clock.now().getTime());
  const log = memoryLog();
  const deps: TrailRuntimeDeps = { store, detectors: defaultDetectorSet(), deadLetter: new MemoryDeadLetter(), log, clock };
  return { clock, store, log, deps };
}

const findingsOf = async (store: MemoryStore, detector: string): Promise<Finding[]> =>
  (await store.allFindings()).filter((f) => f.detector === detector);
const recon = (store: MemoryStore) => findingsOf(store, 'trail.llmjacking-recon');

describe('analyzeTrailMessages: identity activity across batches', () => {
  it('a burst split over two batches is one recon finding, listing the events of both', async () => {
    const { store, deps, clock } = setup();
    // 6 calls, then 6 more a few minutes later in the next batch: 12 within 10 minutes, but neither batch reaches 10
    const first = await analyzeTrailMessages(deps, calls('a', 6, '10:10'));
    expect(first.totals?.detections).toBe(0);
    clock.advance(2 * 60_000);
    const second = await analyzeTrailMessages(deps, calls('b', 6, '10:13'));
    expect(second.changes.map((c) => [c.transition, c.finding.detector])).toEqual([['opened', 'trail.llmjacking-recon']]);
    const [f, ...more] = await recon(store);
    expect(more).toHaveLength(0);
    expect(f).toMatchObject({ identity: CALLER, accountId: ACCOUNT, region: 'eu-west-1', occurrences: 1 });
    expect(f.evidence).toMatchObject({ calls: 12, windowStart: '2026-11-20T10:10:00.000Z', windowEnd: '2026-11-20T10:14:40.000Z' });
    expect(f.eventIds).toEqual([...['a0', 'a1', 'a2', 'a3', 'a4', 'a5'], ...['b0', 'b1', 'b2', 'b3', 'b4', 'b5']]);
    // the source IP comes from the stored event (the window's first)
    expect(f.evidence.sourceIp).toBe('203.0.113.9');
    // the identity's activity holds both batches' events
    expect((await store.getActivity(ACCOUNT, CALLER))?.events.map((e) => e.id)).toHaveLength(12);
  });

  it('LLMjacking coverage accumulated over hours in five batches is found when the fifth reaches it, once', async () => {
    const { store, deps, clock } = setup('2026-11-20T08:01:00Z');
    const batches = [
      [['ListFoundationModels', '08:00']],
      [['GetFoundationModelAvailability', '09:00']],
      [
        ['ListFoundationModelAgreementOffers', '10:00'],
        ['GetUseCaseForModelAccess', '10:01'],
      ],
      [['PutUseCaseForModelAccess', '11:00']],
      [
        ['CreateFoundationModelAgreement', '12:00'],
        ['InvokeModel', '12:05'],
      ],
    ];
    const coverageAfter: number[] = [];
    for (const [i, b] of batches.entries()) {
      clock.set(`2026-11-20T${b[b.length - 1][1]}:30Z`);
      await analyzeTrailMessages(
        deps,
        b.map(([name, hm], j) => trail(name, `c${i}-${j}`, `2026-11-20T${hm}:00Z`)),
      );
      coverageAfter.push((await recon(store)).filter((f) => (f.evidence.labels as string[]).includes('coverage')).length);
    }
    // 6 of the 14 actions (>= 40%) only with the fifth batch; no burst ever (at most 2 calls in 10 minutes)
    expect(coverageAfter).toEqual([0, 0, 0, 0, 1]);
    const [f, ...more] = await recon(store);
    expect(more).toHaveLength(0);
    expect(f.evidence).toMatchObject({
      distinctActions: 6,
      windowStart: '2026-11-20T08:00:00.000Z',
      windowEnd: '2026-11-20T12:00:00.000Z',
    });
    expect(f.severity).toBe('HIGH');
    // a sixth batch within the day: the earlier events cover the threshold already, nothing is reported again
    clock.set('2026-11-20T13:00:30Z');
    const sixth = await analyzeTrailMessages(deps, [trail('ListProvisionedModelThroughputs', 'c5-0', '2026-11-20T13:00:00Z')]);
    expect(sixth.changes).toEqual([]);
    expect((await recon(store)).map((x) => x.version)).toEqual([f.version]);
    // the enablement of the fourth batch saw the recon of the earlier ones (same identity, previous 24 h): HIGH
    const [access] = await findingsOf(store, 'trail.model-access-enabled');
    expect(access).toMatchObject({ severity: 'HIGH', occurrences: 1 });
    expect(access.evidence.priorReconCalls).toBe(4);
  });

  it('windows drawn only from earlier batches are not emitted again; a later batch outside the window adds nothing', async () => {
    const { store, deps, clock } = setup();
    await analyzeTrailMessages(deps, calls('w', 12, '10:00'));
    const [f] = await recon(store);
    expect(f.occurrences).toBe(1);
    clock.advance(30 * 60_000);
    // one more call, 40 minutes later: the stored burst is read with it but was judged by the first batch
    const later = await analyzeTrailMessages(deps, [trail('ListFoundationModels', 'w-late', '2026-11-20T10:45:00Z')]);
    expect(later.totals?.detections).toBe(0);
    expect(later.changes).toEqual([]);
    expect((await recon(store)).map((x) => [x.occurrences, x.version])).toEqual([[1, f.version]]);
  });

  it('a replay of a batch whose activity was stored (marks lost) counts nothing twice and writes no activity', async () => {
    const { store, deps, clock } = setup();
    const burst = calls('r', 12, '10:00');
    // the marks' second phase fails: the short claims expire and SQS re-delivers the batch
    store.extend = async () => {
      throw new Error('throttled');
    };
    await analyzeTrailMessages(deps, burst);
    const activity = await store.getActivity(ACCOUNT, CALLER);
    expect(activity?.events).toHaveLength(12);
    clock.advance(35 * 60_000);
    const writes = store.writeCount;
    const replay = await analyzeTrailMessages(deps, burst);
    expect(replay.status).toBe('processed');
    expect(replay.totals?.detections).toBe(0);
    const [f, ...more] = await recon(store);
    expect(more).toHaveLength(0);
    expect(f.occurrences).toBe(1);
    // claims taken again (12 marks), nothing else written: the activity already held every event
    expect(store.writeCount - writes).toBe(12);
    expect((await store.getActivity(ACCOUNT, CALLER))?.version).toBe(activity?.version);
  });

  it('an activity write that fails after the findings: the batch fails, its retry stores the events, counted once', async () => {
    const { store, deps, clock } = setup();
    await analyzeTrailMessages(deps, calls('f', 6, '10:10'));
    clock.advance(2 * 60_000);
    const put = store.putActivity.bind(store);
    store.putActivity = async () => {
      throw Object.assign(new Error('throttled'), { name: 'ThrottlingException' });
    };
    const second = calls('g', 6, '10:13');
    await expect(analyzeTrailMessages(deps, second)).rejects.toThrow('throttled');
    // the finding was written before the activity: kept; the events' claims were released for the retry
    expect((await recon(store)).map((f) => f.occurrences)).toEqual([1]);
    expect((await store.getActivity(ACCOUNT, CALLER))?.events).toHaveLength(6);
    store.putActivity = put;
    const retry = await analyzeTrailMessages(deps, second);
    expect(retry.status).toBe('processed');
    expect((await recon(store)).map((f) => f.occurrences)).toEqual([1]);
    expect((await store.getActivity(ACCOUNT, CALLER))?.events).toHaveLength(12);
  });

  it('a finding write that fails: the activity is not written, so the retry still joins the batch as new', async () => {
    const { store, deps, clock } = setup();
    await analyzeTrailMessages(deps, calls('h', 6, '10:10'));
    clock.advance(2 * 60_000);
    const putFinding = store.putFinding.bind(store);
    store.putFinding = async () => {
      throw new Error('write failed');
    };
    const second = calls('k', 6, '10:13');
    await expect(analyzeTrailMessages(deps, second)).rejects.toThrow('write failed');
    expect((await store.getActivity(ACCOUNT, CALLER))?.events).toHaveLength(6);
    store.putFinding = putFinding;
    await analyzeTrailMessages(deps, second);
    expect((await recon(store)).map((f) => [f.occurrences, f.evidence.calls])).toEqual([[1, 12]]);
  });

  it('two concurrent batches of one identity: the one that writes its activity last re-runs with the other and finds the burst', async () => {
    const { store, deps, log } = setup();
    const a = calls('x', 6, '10:10');
    const b = calls('y', 6, '10:12');
    const get = store.getActivity.bind(store);
    let interleaved = false;
    // batch B reads the identity's activity, then batch A runs entirely before B goes on (both read it empty)
    store.getActivity = async (account, identity) => {
      const read = await get(account, identity);
      if (!interleaved) {
        interleaved = true;
        expect((await analyzeTrailMessages(deps, a)).totals?.detections).toBe(0);
      }
      return read;
    };
    const out = await analyzeTrailMessages(deps, b);
    expect(out.changes.map((c) => [c.transition, c.finding.detector])).toEqual([['opened', 'trail.llmjacking-recon']]);
    const [f, ...more] = await recon(store);
    expect(more).toHaveLength(0);
    expect(f).toMatchObject({ occurrences: 1 });
    expect(f.evidence.calls).toBe(12);
    const activity = await store.getActivity(ACCOUNT, CALLER);
    expect(activity?.events).toHaveLength(12);
    expect(activity?.version).toBe(2);
    expect(log.entries.filter((e) => e.message.includes('activity'))).toEqual([
      {
        level: 'warn',
        message: 'another batch wrote the activity of identities of this batch; re-running the cross-batch detectors with it',
        extra: { identities: 1, rerun: 1, attempt: 1 },
      },
    ]);
  });

  it('an activity that keeps changing under the batch: it fails after the last attempt (retried as a failed batch)', async () => {
    const { store, deps } = setup();
    store.putActivity = async () => false;
    await expect(analyzeTrailMessages(deps, calls('z', 3, '10:10'))).rejects.toThrow('kept changing');
    // its claims were released: the retry analyzes it
    store.putActivity = MemoryStore.prototype.putActivity.bind(store);
    expect((await analyzeTrailMessages(deps, calls('z', 3, '10:10'))).status).toBe('processed');
  });

  it('a detector set without cross-batch detectors reads and writes no activity', async () => {
    const { store, deps } = setup();
    deps.detectors = buildDetectorSet({ trail: [guardrailDeletedDetector] });
    store.getActivity = async () => {
      throw new Error('not expected');
    };
    expect((await analyzeTrailMessages(deps, calls('n', 12, '10:10'))).status).toBe('processed');
    expect(await MemoryStore.prototype.getActivity.call(store, ACCOUNT, CALLER)).toBeUndefined();
  });

  it('scanner principals and non-recon events keep no activity (no read, no write)', async () => {
    const { store, deps } = setup();
    deps.detectors = defaultDetectorSet({ scannerPrincipals: ['arn:aws:sts::999988887777:assumed-role/Scanner/*'] });
    let reads = 0;
    const get = store.getActivity.bind(store);
    store.getActivity = async (x, y) => {
      reads++;
      return get(x, y);
    };
    await analyzeTrailMessages(deps, [...calls('s', 3, '10:10', 'Scanner'), trail('DeleteGuardrail', 'dg1', '2026-11-20T10:11:00Z')]);
    expect(reads).toBe(0);
    expect(await store.getActivity(ACCOUNT, 'arn:aws:sts::999988887777:assumed-role/Scanner/s1')).toBeUndefined();
    expect(await store.getActivity(ACCOUNT, CALLER)).toBeUndefined();
  });
});

const at = (hm: string, sec = 0) => new Date(Date.parse(`2026-11-20T${hm}:00Z`) + sec * 1000).toISOString();
const withModel = (m: ReturnType<typeof trail>, modelId: string) => {
  (m.envelope.detail as Record<string, unknown>).requestParameters = { modelId };
  return m;
};
/** Runs `other` once, inside this batch's activity read (after it read, before it goes on): two concurrent batches. */
function interleaveOnce(store: MemoryStore, other: () => Promise<unknown>): void {
  const get = store.getActivity.bind(store);
  let done = false;
  store.getActivity = async (x, y) => {
    const read = await get(x, y);
    if (!done) {
      done = true;
      await other();
    }
    return read;
  };
}
const FIVE = [
  'ListFoundationModels',
  'GetFoundationModelAvailability',
  'ListFoundationModelAgreementOffers',
  'GetUseCaseForModelAccess',
  'ListProvisionedModelThroughputs',
];

describe('analyzeTrailMessages: split batches judged as one', () => {
  it('a burst whose first event names a model, continued in the next batch, stays one finding (the stored event keeps its model)', async () => {
    const first = [withModel(trail('GetFoundationModelAvailability', 'm0', at('10:10')), 'anthropic.claude-3'), ...calls('a', 10, '10:11')];
    const more = calls('b', 3, '10:16');
    const one = setup();
    await analyzeTrailMessages(one.deps, [...first, ...more]);
    const [ref] = await recon(one.store);
    const two = setup();
    await analyzeTrailMessages(two.deps, first);
    two.clock.advance(60_000);
    await analyzeTrailMessages(two.deps, more);
    const fs = await recon(two.store);
    expect(fs.map((f) => [f.id, f.modelId, f.occurrences])).toEqual([[ref.id, 'anthropic.claude-3', 1]]);
    expect(fs[0].eventIds).toHaveLength(14);
  });

  it('recon delivered after the enablement it preceded (out of order) escalates the stored enablement, without counting it again', async () => {
    const recon3 = [
      trail('ListFoundationModels', 'r1', at('10:05')),
      trail('GetFoundationModelAvailability', 'r2', at('10:06')),
      trail('ListFoundationModelAgreementOffers', 'r3', at('10:07')),
    ];
    const enable = trail('PutUseCaseForModelAccess', 'en1', at('10:15'));
    const one = setup();
    await analyzeTrailMessages(one.deps, [...recon3, enable]);
    const [ref] = await findingsOf(one.store, 'trail.model-access-enabled');
    expect(ref.severity).toBe('HIGH');
    const two = setup();
    two.store.extend = async () => {
      throw new Error('throttled');
    };
    await analyzeTrailMessages(two.deps, [enable]);
    expect((await findingsOf(two.store, 'trail.model-access-enabled'))[0].severity).toBe('MEDIUM');
    two.clock.advance(60_000);
    const out = await analyzeTrailMessages(two.deps, recon3);
    const [split] = await findingsOf(two.store, 'trail.model-access-enabled');
    expect([split.id, split.severity, split.occurrences, split.evidence.priorReconCalls]).toEqual([ref.id, 'HIGH', 1, 3]);
    expect(out.changes.map((c) => [c.transition, c.finding.detector])).toContainEqual(['updated', 'trail.model-access-enabled']);
    // a replay of the recon batch (its marks expired) changes nothing more
    two.clock.advance(35 * 60_000);
    await analyzeTrailMessages(two.deps, recon3);
    expect((await findingsOf(two.store, 'trail.model-access-enabled'))[0].occurrences).toBe(1);
  });

  it('concurrent batches, the enablement batch writing its activity first: the recon batch re-judges the enablement (HIGH)', async () => {
    const recon3 = [
      trail('ListFoundationModels', 'r1', at('10:05')),
      trail('GetFoundationModelAvailability', 'r2', at('10:06')),
      trail('ListFoundationModelAgreementOffers', 'r3', at('10:07')),
    ];
    const enable = [trail('PutUseCaseForModelAccess', 'en1', at('10:15'))];
    const { store, deps } = setup();
    interleaveOnce(store, () => analyzeTrailMessages(deps, enable));
    await analyzeTrailMessages(deps, recon3);
    const [f] = await findingsOf(store, 'trail.model-access-enabled');
    expect([f.severity, f.occurrences]).toEqual(['HIGH', 1]);
    expect((await store.getActivity(ACCOUNT, CALLER))?.events).toHaveLength(4);
  });

  it('a coverage crossing later in the hour of a stored 60-event burst is delivered (HIGH, labelled coverage, burst kept)', async () => {
    const burst = Array.from({ length: 60 }, (_, i) => trail(FIVE[i % 5], `b${i}`, at('10:00', i * 5)));
    const invoke = trail('InvokeModel', 'inv1', at('10:40'));
    const one = setup('2026-11-20T10:41:00Z');
    await analyzeTrailMessages(one.deps, [...burst, invoke]);
    const [ref] = await recon(one.store);
    expect(ref.evidence.labels).toContain('coverage');
    const two = setup('2026-11-20T10:06:00Z');
    await analyzeTrailMessages(two.deps, burst);
    two.clock.set('2026-11-20T10:41:00Z');
    const out = await analyzeTrailMessages(two.deps, [invoke]);
    expect(out.changes.map((c) => [c.transition, c.finding.severity])).toEqual([['updated', 'HIGH']]);
    const fs = await recon(two.store);
    expect(fs.map((f) => [f.id, f.severity, f.occurrences])).toEqual([[ref.id, 'HIGH', ref.occurrences]]);
    expect(fs[0].evidence.labels).toEqual(expect.arrayContaining(['burst', 'coverage']));
    expect(fs[0].eventIds).toContain('inv1');
  });
});

describe('analyzeTrailMessages: activity cost and contention', () => {
  it('1,000 identities that only invoke: one batched activity read, writes in parallel (bounded)', async () => {
    const { store, deps } = setup();
    let batchedReads = 0;
    let inflight = 0;
    let maxInflight = 0;
    let puts = 0;
    const getMany = store.getActivities.bind(store);
    store.getActivities = async (ids) => {
      batchedReads++;
      return getMany(ids);
    };
    const put = store.putActivity.bind(store);
    store.putActivity = async (a, v, t) => {
      puts++;
      inflight++;
      maxInflight = Math.max(maxInflight, inflight);
      await new Promise((r) => setTimeout(r, 1));
      inflight--;
      return put(a, v, t);
    };
    const msgs = Array.from({ length: 1000 }, (_, i) => trail('InvokeModel', `i${i}`, at('10:10', i % 60), `App/sess-${i}`));
    await analyzeTrailMessages(deps, msgs);
    expect(batchedReads).toBe(1);
    expect(puts).toBe(1000);
    expect(maxInflight).toBeGreaterThan(1);
    expect(maxInflight).toBeLessThanOrEqual(16);
  });

  it('a lost race over an hourly invocation refresh merges and writes again, without re-running any detector', async () => {
    const { store, deps, log, clock } = setup('2026-11-20T08:00:30Z');
    await analyzeTrailMessages(deps, [trail('InvokeModel', 'old', at('08:00'), 'App')]);
    clock.set('2026-11-20T10:20:00Z');
    const other = (p: string) => Array.from({ length: 20 }, (_, i) => trail('DeleteGuardrail', `${p}${i}`, at('10:15', i), `Ops${p}${i}`));
    const a = [...other('a'), trail('InvokeModel', 'ia', at('10:16'), 'App')];
    const b = [...other('b'), trail('InvokeModel', 'ib', at('10:17'), 'App')];
    let findingReads = 0;
    let readsOfA = 0;
    interleaveOnce(store, async () => {
      const before = findingReads;
      await analyzeTrailMessages(deps, a);
      readsOfA = findingReads - before;
    });
    const getFindings = store.getFindings.bind(store);
    store.getFindings = async (ids) => {
      findingReads++;
      return getFindings(ids);
    };
    const out = await analyzeTrailMessages(deps, b);
    expect(out.status).toBe('processed');
    // batch B read the findings as often as batch A (its own recording, no re-run)
    expect(readsOfA).toBeGreaterThan(0);
    expect(findingReads).toBe(2 * readsOfA);
    expect(log.entries.filter((e) => e.message.includes('another batch'))).toEqual([
      {
        level: 'warn',
        message: 'another batch wrote the activity of identities of this batch; merged again',
        extra: { identities: 1, rerun: 0, attempt: 1 },
      },
    ]);
    expect((await store.getActivity(ACCOUNT, 'arn:aws:sts::999988887777:assumed-role/App/s1'))?.events.map((e) => e.id)).toEqual(['ia']);
  });
});

describe('analyzeTrailMessages: accounts', () => {
  it('one caller ARN in two recipient accounts: windows per account, in one batch as across batches', async () => {
    const inAccount = (m: ReturnType<typeof trail>, account: string) => {
      (m.envelope.detail as Record<string, unknown>).recipientAccountId = account;
      m.envelope.account = account;
      return m;
    };
    const a = calls('a', 6, '10:10').map((m) => inAccount(m, '111111111111'));
    const b = calls('b', 6, '10:13').map((m) => inAccount(m, '222222222222'));
    const one = setup();
    await analyzeTrailMessages(one.deps, [...a, ...b]);
    expect(await recon(one.store)).toHaveLength(0);
    const more = calls('c', 6, '10:14').map((m) => inAccount(m, '111111111111'));
    await analyzeTrailMessages(one.deps, more);
    expect((await recon(one.store)).map((f) => [f.accountId, f.evidence.calls])).toEqual([['111111111111', 12]]);
  });
});

const denied = (m: ReturnType<typeof trail>) => {
  (m.envelope.detail as Record<string, unknown>).errorCode = 'AccessDeniedException';
  return m;
};
const rerunsLogged = (log: ReturnType<typeof memoryLog>) =>
  log.entries.filter((e) => e.message.includes('another batch')).map((e) => e.extra);

describe('analyzeTrailMessages: a re-run after a lost activity race keeps what it finds stronger', () => {
  it('recon and enablement in concurrent batches, the recon batch writing first: the re-run escalates the enablement (HIGH, priorReconCalls 3, counted once)', async () => {
    const recon3 = [
      trail('ListFoundationModels', 'r1', at('10:05')),
      trail('GetFoundationModelAvailability', 'r2', at('10:06')),
      trail('ListFoundationModelAgreementOffers', 'r3', at('10:07')),
    ];
    const enable = [trail('PutUseCaseForModelAccess', 'en1', at('10:15'))];
    const { store, deps, log } = setup();
    interleaveOnce(store, () => analyzeTrailMessages(deps, recon3));
    const out = await analyzeTrailMessages(deps, enable);
    expect(rerunsLogged(log)).toEqual([{ identities: 1, rerun: 1, attempt: 1 }]);
    const [f] = await findingsOf(store, 'trail.model-access-enabled');
    expect([f.severity, f.evidence.priorReconCalls, f.occurrences]).toEqual(['HIGH', 3, 1]);
    expect(out.changes.filter((c) => c.finding.id === f.id).map((c) => [c.transition, c.deliver])).toEqual([
      ['opened', true],
      ['updated', true],
    ]);
  });

  it("a coverage crossing found only by the re-run joins the batch's own burst (HIGH, burst and coverage), counted once", async () => {
    // A: a 60-event recon burst of five actions; B: one InvokeModel, the sixth action (6/14 >= 40%)
    const A = () => Array.from({ length: 60 }, (_, i) => trail(FIVE[i % 5], `b${i}`, at('10:00', i * 5)));
    const B = () => [trail('InvokeModel', 'inv1', at('10:00', 2))];
    const { store, deps } = setup('2026-11-20T10:06:00Z');
    interleaveOnce(store, () => analyzeTrailMessages(deps, B()));
    await analyzeTrailMessages(deps, A());
    const fs = await recon(store);
    expect(fs.map((f) => [f.severity, f.occurrences])).toEqual([['HIGH', 1]]);
    expect(fs[0].evidence.labels).toEqual(expect.arrayContaining(['burst', 'coverage']));
  });

  it('a new invoker brought by the concurrent batch escalates the enablement in the re-run', async () => {
    const { store, deps, log } = setup();
    const A = [trail('PutUseCaseForModelAccess', 'en1', at('10:00')), denied(trail('InvokeModel', 'inv-denied', at('10:05'), 'Thief'))];
    const B = [trail('Converse', 'conv-ok', at('10:06'), 'Thief')];
    interleaveOnce(store, () => analyzeTrailMessages(deps, B));
    await analyzeTrailMessages(deps, A);
    expect(rerunsLogged(log)).toEqual([{ identities: 1, rerun: 1, attempt: 1 }]);
    const [f] = await findingsOf(store, 'trail.model-access-enabled');
    expect([f.severity, f.evidence.labels, f.occurrences]).toEqual(['HIGH', ['followed-by-new-invoker'], 1]);
  });

  it('an identical re-run (the other batch brought nothing stronger) writes and delivers nothing more', async () => {
    const { store, deps, log } = setup();
    const A = calls('a', 12, '10:00');
    // an invocation before the burst: the re-run finds the same burst (no new invoker after it)
    interleaveOnce(store, () => analyzeTrailMessages(deps, [trail('Converse', 'c1', at('09:59'))]));
    const out = await analyzeTrailMessages(deps, A);
    expect(rerunsLogged(log)).toEqual([{ identities: 1, rerun: 1, attempt: 1 }]);
    const fs = await recon(store);
    expect(fs.map((f) => [f.severity, f.occurrences])).toEqual([['MEDIUM', 1]]);
    expect(out.changes.filter((c) => c.finding.detector === 'trail.llmjacking-recon').map((c) => c.transition)).toEqual(['opened']);
  });
});

describe('analyzeTrailMessages: bursts continued across batches count once', () => {
  it('150 calls in one batch (past the 100-event activity cap), 5 more in the next: one burst, one occurrence, 150-call evidence kept', async () => {
    const { store, deps, clock } = setup('2026-11-20T10:06:00Z');
    await analyzeTrailMessages(
      deps,
      Array.from({ length: 150 }, (_, i) => trail(FIVE[i % 5], `p${i}`, at('10:00', i * 2))),
    );
    clock.set('2026-11-20T10:08:00Z');
    const out = await analyzeTrailMessages(
      deps,
      Array.from({ length: 5 }, (_, i) => trail('ListFoundationModels', `q${i}`, at('10:06', i))),
    );
    const fs = await recon(store);
    expect(fs.map((f) => [f.occurrences, f.evidence.calls, f.evidence.windowStart])).toEqual([[1, 150, at('10:00')]]);
    expect(fs[0].eventIds).toContain('q4');
    expect(fs[0].evidence.windowEnd).toBe(at('10:06', 4));
    expect(out.changes.map((c) => c.transition)).toEqual(['updated']);
  });

  it('a second burst later in the same hour, after a few stored calls, is still a new occurrence', async () => {
    const { store, deps, clock } = setup('2026-11-20T10:20:00Z');
    await analyzeTrailMessages(deps, calls('a', 12, '10:00'));
    clock.set('2026-11-20T10:31:00Z');
    await analyzeTrailMessages(deps, calls('b', 3, '10:30'));
    clock.set('2026-11-20T10:35:00Z');
    await analyzeTrailMessages(deps, calls('c', 8, '10:32'));
    expect((await recon(store)).map((f) => f.occurrences)).toEqual([2]);
  });

  it('a stored enablement E1 judged again with late recon, and a new enablement E2 of the same finding: E2 counted, E1 not again', async () => {
    const M = 'anthropic.claude-3';
    const recon3 = [
      trail('ListFoundationModels', 'r1', at('10:05')),
      trail('GetFoundationModelAvailability', 'r2', at('10:06')),
      trail('ListFoundationModelAgreementOffers', 'r3', at('10:07')),
    ];
    const { store, deps, clock } = setup('2026-11-20T10:16:00Z');
    await analyzeTrailMessages(deps, [withModel(trail('CreateFoundationModelAgreement', 'e1', at('10:15')), M)]);
    clock.set('2026-11-20T10:21:00Z');
    const batch = [...recon3, withModel(trail('PutFoundationModelEntitlement', 'e2', at('10:16')), M)];
    await analyzeTrailMessages(deps, batch);
    const fs = await findingsOf(store, 'trail.model-access-enabled');
    expect(fs.map((f) => [f.occurrences, f.severity])).toEqual([[2, 'HIGH']]);
    expect(fs[0].eventIds).toEqual(expect.arrayContaining(['e1', 'e2', 'r1']));
    // the batch replayed (its marks expired): nothing counted again
    clock.advance(35 * 60_000);
    await analyzeTrailMessages(deps, batch);
    expect((await findingsOf(store, 'trail.model-access-enabled')).map((f) => f.occurrences)).toEqual([2]);
  });
});

describe('analyzeTrailMessages: a failed invocation is not the same as a successful one', () => {
  // A: enablement by Intruder at 10:00, and Thief's first InvokeModel (denied) at 10:05. B: Thief's successful
  // InvokeModel at 10:06. In sequence (or as one batch) the enablement is HIGH: a new invoker follows it.
  const A = () => [trail('PutUseCaseForModelAccess', 'en1', at('10:00')), denied(trail('InvokeModel', 'inv-denied', at('10:05'), 'Thief'))];
  const B = () => [trail('InvokeModel', 'inv-ok', at('10:06'), 'Thief')];

  it("concurrent (B writes Thief's activity while A runs): A re-runs with the successful invocation (HIGH)", async () => {
    const { store, deps, log } = setup();
    interleaveOnce(store, () => analyzeTrailMessages(deps, B()));
    await analyzeTrailMessages(deps, A());
    expect(rerunsLogged(log)).toEqual([{ identities: 1, rerun: 1, attempt: 1 }]);
    const [f] = await findingsOf(store, 'trail.model-access-enabled');
    expect([f.severity, f.evidence.labels]).toEqual(['HIGH', ['followed-by-new-invoker']]);
  });

  it('the denied invocation stored first, the successful one in the next batch, then the enablement (late) with a call of Thief: HIGH', async () => {
    const { store, deps, clock } = setup();
    await analyzeTrailMessages(deps, [denied(trail('InvokeModel', 'inv-denied', at('10:05'), 'Thief'))]);
    clock.advance(60_000);
    await analyzeTrailMessages(deps, B());
    clock.advance(60_000);
    // (Thief's call makes the batch read Thief's stored activity: only identities of the batch are read)
    await analyzeTrailMessages(deps, [
      trail('PutUseCaseForModelAccess', 'en1', at('10:00')),
      trail('ListFoundationModels', 'l1', at('10:07'), 'Thief'),
    ]);
    const [f] = await findingsOf(store, 'trail.model-access-enabled');
    expect([f.severity, f.evidence.labels]).toEqual(['HIGH', ['followed-by-new-invoker']]);
  });
});

describe('analyzeTrailMessages: the coverage crossing is an event of the batch', () => {
  it('a late InvokeModel (10:00) completing coverage with five stored actions after it (10:05..10:25): the finding names the late event, not a stored one', async () => {
    const { store, deps, clock } = setup('2026-11-20T10:26:00Z');
    await analyzeTrailMessages(
      deps,
      FIVE.map((name, i) => trail(name, `s${i}`, at(`10:${String(5 + i * 5).padStart(2, '0')}`))),
    );
    clock.set('2026-11-20T10:30:00Z');
    const out = await analyzeTrailMessages(deps, [trail('InvokeModel', 'late-inv', at('10:00'))]);
    const [f] = await recon(store);
    expect([f.evidence.labels, f.eventIds, f.occurrences]).toEqual([['coverage'], ['late-inv'], 1]);
    expect(out.changes.map((c) => c.transition)).toEqual(['opened']);
  });
});
