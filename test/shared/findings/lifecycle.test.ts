import { describe, expect, it } from 'vitest';
import { findingIdFor, HEARTBEAT_MS, MAX_TRIGGER_IDS, reconcile } from '../../../shared/findings/lifecycle.ts';
import { type FindingChange, recordObservations, tableWide } from '../../../shared/findings/record.ts';
import { MemoryStore } from '../../../shared/store/memory.ts';
import { observation, reconObservation, runtimeObservation } from '../../fixtures/delivery/findings.ts';

const T0 = '2026-11-25T10:00:00.000Z';
const at = (ms: number) => new Date(Date.parse(T0) + ms).toISOString();

describe('reconcile', () => {
  it('opens a NEW finding on the first failure, with first/last observed and one occurrence', () => {
    const r = reconcile(undefined, observation(), T0);
    expect(r.transition).toBe('opened');
    expect(r.deliver).toBe(true);
    expect(r.next).toMatchObject({
      status: 'NEW',
      complianceStatus: 'FAIL',
      firstObservedAt: T0,
      lastObservedAt: T0,
      updatedAt: T0,
      occurrences: 1,
      reopenedCount: 0,
    });
    expect(r.next?.id).toBe(findingIdFor(observation()));
    // undefined members are stripped (compact items, stable hashes)
    expect(Object.values(r.next ?? {}).includes(undefined)).toBe(false);
  });

  it('does nothing for PASS without a finding, ERROR and MANUAL (unknown is not fixed)', () => {
    expect(reconcile(undefined, observation({ status: 'PASS' }), T0)).toEqual({
      transition: 'none',
      deliver: false,
    });
    const open = reconcile(undefined, observation(), T0).next;
    expect(reconcile(open, observation({ status: 'ERROR' }), at(1000)).transition).toBe('none');
    expect(reconcile(open, observation({ status: 'MANUAL' }), at(1000)).transition).toBe('none');
  });

  it('persists NEW -> ACTIVE without delivering when nothing material changed', () => {
    const open = reconcile(undefined, observation(), T0).next;
    const r = reconcile(open, observation(), at(60_000));
    expect(r.transition).toBe('persisted');
    expect(r.deliver).toBe(false);
    expect(r.next).toMatchObject({
      status: 'ACTIVE',
      firstObservedAt: T0,
      lastObservedAt: at(60_000),
      occurrences: 2,
      // not delivered: the delivered state's updatedAt (the deliver stage's state key) is kept
      updatedAt: T0,
    });
  });

  it('sends nothing for an unchanged re-scan of an ACTIVE finding', () => {
    const open = reconcile(undefined, observation(), T0).next;
    const active = reconcile(open, observation(), at(1000)).next;
    const r = reconcile(active, observation(), at(2000));
    expect(r).toEqual({ transition: 'none', deliver: false });
  });

  it('delivers an update when severity, title or evidence changes', () => {
    const open = reconcile(undefined, observation(), T0).next;
    const active = reconcile(open, observation(), at(1000)).next;
    for (const change of [{ severity: 'CRITICAL' as const }, { title: 'New title' }, { evidence: { rootAccess: 'Enabled', extra: 1 } }]) {
      const r = reconcile(active, observation(change), at(2000));
      expect(r.transition).toBe('updated');
      expect(r.deliver).toBe(true);
      expect(r.next?.updatedAt).toBe(at(2000));
    }
  });

  it('refreshes lastObservedAt once per heartbeat without delivering', () => {
    const open = reconcile(undefined, observation(), T0).next;
    const active = reconcile(open, observation(), at(1000)).next;
    const r = reconcile(active, observation(), at(1000 + HEARTBEAT_MS));
    expect(r.transition).toBe('refreshed');
    expect(r.deliver).toBe(false);
    expect(r.next?.lastObservedAt).toBe(at(1000 + HEARTBEAT_MS));
    // updatedAt is untouched: nothing was delivered
    expect(r.next?.updatedAt).toBe(active?.updatedAt);
  });

  it('resolves on PASS (compliance PASS, resolvedAt) and reopens on recurrence', () => {
    const open = reconcile(undefined, observation(), T0).next;
    const resolved = reconcile(open, observation({ status: 'PASS' }), at(1000));
    expect(resolved.transition).toBe('resolved');
    expect(resolved.deliver).toBe(true);
    expect(resolved.next).toMatchObject({
      status: 'RESOLVED',
      complianceStatus: 'PASS',
      resolvedAt: at(1000),
      firstObservedAt: T0,
    });
    expect(reconcile(resolved.next, observation({ status: 'PASS' }), at(2000)).transition).toBe('none');

    const reopened = reconcile(resolved.next, observation(), at(3000));
    expect(reopened.transition).toBe('reopened');
    expect(reopened.deliver).toBe(true);
    expect(reopened.next).toMatchObject({
      status: 'NEW',
      complianceStatus: 'FAIL',
      reopenedCount: 1,
      firstObservedAt: T0,
      lastObservedAt: at(3000),
      occurrences: 2,
    });
    expect(reopened.next && 'resolvedAt' in reopened.next).toBe(false);
  });

  it('keeps updatedAt strictly increasing even when the clock does not move or goes back', () => {
    let f = reconcile(undefined, observation(), T0).next;
    const seen = [f?.updatedAt ?? ''];
    const steps = [
      observation({ status: 'PASS' }),
      observation(),
      observation({ severity: 'LOW' }),
      observation({ status: 'PASS' }),
      observation(),
    ];
    for (const [i, o] of steps.entries()) {
      // same instant, then an earlier one (clock skew between functions)
      const now = i % 2 === 0 ? T0 : at(-5000);
      const r = reconcile(f, o, now);
      expect(r.next).toBeDefined();
      f = r.next;
      seen.push(f?.updatedAt ?? '');
    }
    for (let i = 1; i < seen.length; i++) expect(Date.parse(seen[i])).toBeGreaterThan(Date.parse(seen[i - 1]));
  });

  it('compares timestamps by instant, not by string (mixed ISO forms keep UpdatedAt increasing)', () => {
    const open = reconcile(undefined, observation(), '2026-11-25T10:00:00.500Z').next;
    // same second without fractional part sorts AFTER ".500Z" as a string but is earlier in time
    const r = reconcile(open, observation({ status: 'PASS' }), '2026-11-25T10:00:00Z');
    expect(Date.parse(r.next?.updatedAt ?? '')).toBeGreaterThan(Date.parse('2026-11-25T10:00:00.500Z'));
  });

  it('merges runtime occurrences: every new window of detections adds its count and is delivered', () => {
    const first = reconcile(undefined, runtimeObservation(), T0);
    expect(first.next?.occurrences).toBe(3);
    const second = reconcile(first.next, runtimeObservation({ occurrences: 2, requestIds: ['r3', 'r4'] }), at(1000));
    expect(second.transition).toBe('updated');
    expect(second.deliver).toBe(true);
    expect(second.next?.occurrences).toBe(5);
    expect(second.next?.requestIds).toEqual(['r1', 'r2', 'r3', 'r4']);
    // zero new occurrences and nothing else changed: not material
    const third = reconcile(second.next, runtimeObservation({ occurrences: 0, requestIds: [] }), at(2000));
    expect(third.transition).toBe('none');
  });

  it('does not count again a per-record occurrence whose request id the finding already lists (an earlier run saw it)', () => {
    const first = reconcile(undefined, runtimeObservation({ occurrences: 2, requestIds: ['r1', 'r2'], idsPerOccurrence: true }), T0);
    const again = reconcile(first.next, runtimeObservation({ occurrences: 2, requestIds: ['r2', 'r3'], idsPerOccurrence: true }), at(1000));
    expect(again.next?.occurrences).toBe(3);
    expect(again.next?.requestIds).toEqual(['r1', 'r2', 'r3']);
    // only records counted before: nothing to write or deliver
    expect(reconcile(again.next, runtimeObservation({ occurrences: 1, requestIds: ['r1'], idsPerOccurrence: true }), at(2000))).toEqual({
      transition: 'none',
      deliver: false,
    });
    // window-level detections (a burst names all its records) count their windows, whatever the ids
    const burst = reconcile(again.next, runtimeObservation({ occurrences: 1, requestIds: ['r1', 'r2'] }), at(3000));
    expect(burst.next?.occurrences).toBe(4);
  });

  it('a CloudTrail window detection recorded again counts nothing, even with more ids than the stored list keeps', () => {
    const trailObs = (o: { eventIds: string[] }) => runtimeObservation({ occurrences: 1, requestIds: undefined, ...o });
    const xs = Array.from({ length: 30 }, (_, i) => `x${i}`);
    const ys = Array.from({ length: 30 }, (_, i) => `y${i}`);
    const first = reconcile(undefined, trailObs({ eventIds: xs }), T0);
    // a second burst (new events) in the same window: counted, its ids merged (first 25 and last 25 of 60 kept)
    const second = reconcile(first.next, trailObs({ eventIds: ys }), at(1000));
    expect(second.next?.occurrences).toBe(2);
    expect(second.next?.eventIds).toHaveLength(MAX_TRIGGER_IDS);
    expect(second.next?.eventIds).not.toContain('y0');
    // the second burst recorded again (a retry after a failed write): y0..y4 are no longer listed, still not counted
    expect(reconcile(second.next, trailObs({ eventIds: ys }), at(2000))).toEqual({
      transition: 'none',
      deliver: false,
    });
    // recorded again with one more event (the retry batch held more; the burst's evidence grew): merged, not counted again
    const more = reconcile(
      second.next,
      runtimeObservation({ occurrences: 1, requestIds: undefined, eventIds: [...ys, 'y30'], evidence: { calls: 31 } }),
      at(3000),
    );
    expect(more.transition).toBe('updated');
    expect(more.next?.occurrences).toBe(2);
    expect(more.next?.eventIds?.at(-1)).toBe('y30');
  });

  it('single-event CloudTrail detections replayed after a failed write count nothing, even past the capped id list', () => {
    // 100 events of one single-event detector in one window: 100 occurrences, only 50 ids listed (first 25, last 25).
    const ids = Array.from({ length: 100 }, (_, i) => `e${i}`);
    const obs = runtimeObservation({ occurrences: 100, requestIds: undefined, eventIds: ids, idsPerOccurrence: true });
    const first = reconcile(undefined, obs, T0);
    expect(first.next?.occurrences).toBe(100);
    expect(first.next?.eventIds).toHaveLength(MAX_TRIGGER_IDS);
    // the same batch recorded again (claims released after a later write failed): not counted again
    const again = reconcile(first.next, obs, at(1000));
    expect(again.next?.occurrences ?? first.next?.occurrences).toBe(100);
    // a batch of new events still counts one occurrence per event
    const fresh = Array.from({ length: 3 }, (_, i) => `f${i}`);
    const more = reconcile(
      first.next,
      runtimeObservation({ occurrences: 3, requestIds: undefined, eventIds: fresh, idsPerOccurrence: true }),
      at(2000),
    );
    expect(more.next?.occurrences).toBe(103);
  });

  it('an observation whose ids were all counted counts nothing but merges what is stronger; an identical one changes nothing', () => {
    const trailObs = (o: Partial<Parameters<typeof runtimeObservation>[0]> = {}) =>
      runtimeObservation({ occurrences: 1, requestIds: undefined, eventIds: ['en1'], idsPerOccurrence: true, ...o });
    const first = reconcile(undefined, trailObs({ severity: 'MEDIUM', evidence: { priorReconCalls: 0, labels: [] } }), T0);
    // the same event judged again with more context (a re-run after a lost activity race): HIGH, not counted again
    const stronger = reconcile(
      first.next,
      trailObs({ severity: 'HIGH', evidence: { priorReconCalls: 3, labels: ['followed-by-new-invoker'] } }),
      at(1000),
    );
    expect([stronger.transition, stronger.deliver, stronger.next?.severity, stronger.next?.occurrences]).toEqual([
      'updated',
      true,
      'HIGH',
      1,
    ]);
    expect(stronger.next?.evidence).toMatchObject({ priorReconCalls: 3, labels: ['followed-by-new-invoker'] });
    // the weaker judgement replayed (a retry of the first batch): no write, no delivery, nothing lowered
    const none = { transition: 'none', deliver: false };
    expect(reconcile(stronger.next, trailObs({ severity: 'MEDIUM', evidence: { priorReconCalls: 0, labels: [] } }), at(2000))).toEqual(
      none,
    );
    // an identical replay: nothing
    expect(
      reconcile(
        stronger.next,
        trailObs({ severity: 'HIGH', evidence: { priorReconCalls: 3, labels: ['followed-by-new-invoker'] } }),
        at(3000),
      ),
    ).toEqual(none);
    // a window-level replay adding a label (a coverage crossing joining the batch's own burst): merged, not counted
    const burst = reconcile(
      undefined,
      trailObs({ severity: 'MEDIUM', eventIds: ['b1', 'b2'], idsPerOccurrence: undefined, evidence: { labels: ['burst'], calls: 12 } }),
      T0,
    );
    const cov = reconcile(
      burst.next,
      trailObs({
        severity: 'HIGH',
        occurrences: 2,
        eventIds: ['b1', 'b2'],
        idsPerOccurrence: undefined,
        evidence: { labels: ['burst', 'coverage'], calls: 12 },
      }),
      at(1000),
    );
    expect([cov.transition, cov.next?.severity, cov.next?.occurrences, cov.next?.evidence.labels]).toEqual([
      'updated',
      'HIGH',
      1,
      ['burst', 'coverage'],
    ]);
    // a replay never reopens a resolved finding
    const resolved = { ...(stronger.next as NonNullable<typeof stronger.next>), status: 'RESOLVED' as const };
    expect(reconcile(resolved, trailObs({ severity: 'CRITICAL' }), at(4000))).toEqual(none);
  });

  it('a continuation counts no occurrence against an open finding (evidence: the larger calls, the earlier start) and opens a missing one once', () => {
    const first = reconcile(
      undefined,
      runtimeObservation({
        occurrences: 1,
        requestIds: undefined,
        eventIds: ['p0', 'p1'],
        evidence: { calls: 150, windowStart: at(0), windowEnd: at(300_000), labels: ['burst'] },
      }),
      T0,
    );
    const cont = runtimeObservation({
      occurrences: 0,
      requestIds: undefined,
      eventIds: undefined,
      continues: true,
      continuedIds: ['p50', 'q4'],
      evidence: { calls: 105, windowStart: at(100_000), windowEnd: at(400_000), labels: ['burst'] },
    });
    const next = reconcile(first.next, cont, at(1000));
    expect([next.transition, next.next?.occurrences, next.next?.eventIds]).toEqual(['updated', 1, ['p0', 'p1', 'p50', 'q4']]);
    expect(next.next?.evidence).toMatchObject({ calls: 150, windowStart: at(0), windowEnd: at(400_000) });
    // replayed: nothing
    expect(reconcile(next.next, cont, at(2000))).toEqual({ transition: 'none', deliver: false });
    // with a new occurrence beside it (a new enablement of the same finding): that one is counted
    const withNew = reconcile(next.next, { ...cont, occurrences: 1, eventIds: ['e2'], idsPerOccurrence: true, severity: 'LOW' }, at(3000));
    expect(withNew.next?.occurrences).toBe(2);
    // ... and the continued part keeps the finding's severity and evidence from being lowered
    expect([withNew.next?.severity, withNew.next?.evidence.calls]).toEqual(['HIGH', 150]);
    // no finding to continue: opened, one occurrence
    expect(reconcile(undefined, cont, T0).next?.occurrences).toBe(1);
  });

  it('caps request ids at MAX_TRIGGER_IDS, keeping the first and the newest', () => {
    const ids = Array.from({ length: 120 }, (_, i) => `req-${i}`);
    const r = reconcile(undefined, runtimeObservation({ requestIds: ids }), T0);
    const kept = r.next?.requestIds ?? [];
    expect(kept).toHaveLength(MAX_TRIGGER_IDS);
    expect(kept[0]).toBe('req-0');
    expect(kept.at(-1)).toBe('req-119');
    const more = reconcile(r.next, runtimeObservation({ requestIds: ['req-200'] }), at(1000));
    expect(more.next?.requestIds).toHaveLength(MAX_TRIGGER_IDS);
    expect(more.next?.requestIds?.at(-1)).toBe('req-200');
    expect(more.next?.requestIds?.[0]).toBe('req-0');
  });

  it('separates runtime findings by identity, model and window', () => {
    const a = findingIdFor(runtimeObservation());
    expect(findingIdFor(runtimeObservation({ identity: 'bob' }))).not.toBe(a);
    expect(findingIdFor(runtimeObservation({ modelId: 'm2' }))).not.toBe(a);
    expect(findingIdFor(runtimeObservation({ windowStart: '2026-11-25T11:00:00.000Z' }))).not.toBe(a);
    expect(findingIdFor(runtimeObservation({ evidence: {} }))).toBe(a);
  });
});

describe('recordObservations', () => {
  it('writes, then an unchanged re-scan writes and delivers nothing', async () => {
    const store = new MemoryStore();
    const c1 = await recordObservations(store, [observation()], T0);
    expect(c1.map((c) => [c.transition, c.deliver])).toEqual([['opened', true]]);
    const c2 = await recordObservations(store, [observation()], at(1000));
    expect(c2.map((c) => [c.transition, c.deliver])).toEqual([['persisted', false]]);
    const writes = store.writeCount;
    const c3 = await recordObservations(store, [observation()], at(2000));
    expect(c3).toEqual([]);
    expect(store.writeCount).toBe(writes);
  });

  it('applies several observations of one finding in order within one call', async () => {
    const store = new MemoryStore();
    const changes = await recordObservations(store, [runtimeObservation(), runtimeObservation({ occurrences: 4, requestIds: ['r9'] })], T0);
    expect(changes.map((c) => c.transition)).toEqual(['opened', 'updated']);
    const stored = await store.getFinding(findingIdFor(runtimeObservation()));
    expect(stored?.occurrences).toBe(7);
    expect(Date.parse(changes[1].finding.updatedAt)).toBeGreaterThan(Date.parse(changes[0].finding.updatedAt));
  });

  it('a finding whose write fails does not stop the others: all are attempted, then the call fails', async () => {
    const store = new MemoryStore();
    const obs = Array.from({ length: 50 }, (_, i) =>
      observation({ resourceId: `arn:aws:sagemaker:us-east-1:111122223333:notebook-instance/nb-${i}`, resourceName: `nb-${i}` }),
    );
    const poison = findingIdFor(obs[7]);
    const failing = Object.create(store) as MemoryStore;
    failing.putFinding = async (f, v) => {
      if (f.id === poison)
        throw Object.assign(new Error('Item size has exceeded the maximum allowed size'), { name: 'ValidationException' });
      return store.putFinding(f, v);
    };
    failing.getFindings = (ids) => store.getFindings(ids);
    const written: FindingChange[] = [];
    const err = await recordObservations(failing, obs, T0, { written, concurrency: 4 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'ValidationException', failedFindings: 1 });
    // 49 stored and every one of them reported as written (to be delivered), none after the throw
    expect(written).toHaveLength(49);
    for (const o of obs) {
      const id = findingIdFor(o);
      expect(Boolean(await store.getFinding(id))).toBe(id !== poison);
    }
  });

  it('a throttled or failing table stops further writes (the ones in flight finish); the call fails naming every finding not stored', async () => {
    for (const failure of [
      { name: 'ProvisionedThroughputExceededException' },
      { name: 'ThrottlingException' },
      { name: 'RequestLimitExceeded' },
      { name: 'InternalServerError' },
      { name: 'ServiceUnavailable' },
      { name: 'UnknownError', $retryable: {} },
      { name: 'UnknownError', $metadata: { httpStatusCode: 503 } },
    ]) {
      const store = new MemoryStore();
      const obs = Array.from({ length: 2000 }, (_, i) =>
        observation({ resourceId: `arn:aws:sagemaker:us-east-1:111122223333:notebook-instance/nb-${i}`, resourceName: `nb-${i}` }),
      );
      let puts = 0;
      const throttled = Object.create(store) as MemoryStore;
      throttled.putFinding = async () => {
        puts++;
        await new Promise((r) => setTimeout(r, 1));
        throw Object.assign(new Error('refused'), failure);
      };
      throttled.getFindings = (ids) => store.getFindings(ids);
      const written: FindingChange[] = [];
      const err = await recordObservations(throttled, obs, T0, { written, concurrency: 4 }).catch((e: unknown) => e);
      expect(err).toMatchObject({ name: failure.name, failedFindings: 2000 });
      expect(puts).toBeLessThanOrEqual(4);
      expect(written).toEqual([]);
    }
  });

  it('re-reads and re-applies after a lost race', async () => {
    const store = new MemoryStore();
    await recordObservations(store, [runtimeObservation()], T0);
    const id = findingIdFor(runtimeObservation());
    let raced = false;
    const racing = Object.create(store) as MemoryStore;
    racing.putFinding = async (f, v) => {
      if (!raced) {
        raced = true;
        const cur = await store.getFinding(id);
        if (cur) await store.putFinding({ ...cur, occurrences: cur.occurrences + 10 }, cur.version);
      }
      return store.putFinding(f, v);
    };
    racing.getFinding = (x) => store.getFinding(x);
    await recordObservations(racing, [runtimeObservation({ occurrences: 1, requestIds: ['z'] })], at(1000));
    expect((await store.getFinding(id))?.occurrences).toBe(14);
  });
});

describe('reconcile: labels of an open runtime finding', () => {
  it('keeps the labels of earlier observations (a coverage crossing joining a burst keeps "burst"); a reopened one starts over', () => {
    const first = reconcile(undefined, runtimeObservation({ evidence: { labels: ['burst'] }, requestIds: ['a'] }), T0).next;
    const next = reconcile(
      first,
      runtimeObservation({ severity: 'CRITICAL', evidence: { labels: ['coverage'] }, requestIds: ['b'] }),
      at(1000),
    );
    expect(next.transition).toBe('updated');
    expect(next.next?.evidence.labels).toEqual(['burst', 'coverage']);
    const resolved = { ...(next.next as NonNullable<typeof next.next>), status: 'RESOLVED' as const };
    const reopened = reconcile(resolved, runtimeObservation({ evidence: { labels: ['coverage'] }, requestIds: ['c'] }), at(2000));
    expect(reopened.next?.evidence.labels).toEqual(['coverage']);
  });
});

describe('reconcile: merge-only observations', () => {
  const recon = reconObservation;

  it('counts come from the window whose calls are kept, while actions are the union (documented)', () => {
    const first = reconcile(
      undefined,
      recon({ evidence: { labels: ['burst'], calls: 100, distinctActions: 3, actions: ['A', 'B', 'C'], denied: 0 } }),
      T0,
    );
    const cont = recon({
      occurrences: 0,
      eventIds: undefined,
      continues: true,
      continuedIds: ['c1'],
      evidence: { labels: ['burst'], calls: 40, distinctActions: 5, actions: ['D', 'E', 'F', 'G', 'H'], denied: 40 },
    });
    const e = reconcile(first.next, cont, at(1000)).next?.evidence ?? {};
    expect([e.calls, e.distinctActions, e.denied, (e.actions as string[]).length]).toEqual([100, 3, 0, 8]);
  });

  it('a continuation does not weaken the booleans that justify the kept severity; calls and denied stay of one window', () => {
    const first = reconcile(
      undefined,
      recon({
        severity: 'HIGH',
        evidence: { labels: ['burst'], calls: 12, checksInvocationLogging: true, denied: 7, newInvokersAfter: ['a'] },
      }),
      T0,
    );
    const cont = recon({
      occurrences: 0,
      eventIds: undefined,
      continues: true,
      continuedIds: ['c1'],
      severity: 'MEDIUM',
      evidence: {
        labels: ['burst'],
        calls: 11,
        checksInvocationLogging: false,
        denied: 8,
        newInvokersAfter: Array.from({ length: 12 }, (_, i) => `n${i}`),
      },
    });
    const r = reconcile(first.next, cont, at(1000));
    expect(r.next?.severity).toBe('HIGH');
    expect(r.next?.evidence.checksInvocationLogging).toBe(true);
    // denied from the 12-call window kept, not the 11-call window's 8
    expect([r.next?.evidence.calls, r.next?.evidence.denied]).toEqual([12, 7]);
    expect(r.next?.evidence.newInvokersAfter).toHaveLength(10);
  });

  it('a replayed continuation whose ids the resolved finding lists does not reopen it', () => {
    const first = reconcile(undefined, recon({ evidence: { labels: ['burst'], calls: 12 } }), T0);
    const resolved = { ...first.next!, status: 'RESOLVED' as const };
    const cont = recon({
      occurrences: 0,
      eventIds: undefined,
      continues: true,
      continuedIds: ['b1', 'b2'],
      evidence: { labels: ['burst'] },
    });
    expect(reconcile(resolved, cont, at(1000)).transition).toBe('none');
    // a continuation naming an event the finding does not list still reopens it
    expect(reconcile(resolved, { ...cont, continuedIds: ['b2', 'b9'] }, at(1000)).transition).toBe('reopened');
  });

  it('an identical replay of a window whose ids the stored list cut is a no-op (the list is not rewritten)', () => {
    const ids = Array.from({ length: 80 }, (_, i) => `e${i}`);
    const obs = recon({ eventIds: ids, evidence: { labels: ['burst'], calls: 80 } });
    const first = reconcile(undefined, obs, T0);
    expect(first.next?.eventIds).toHaveLength(MAX_TRIGGER_IDS);
    expect(reconcile(first.next, obs, at(1000))).toEqual({ transition: 'none', deliver: false });
    // a replay holding more of the window (more calls) still merges
    const grown = reconcile(first.next, { ...obs, eventIds: [...ids, 'e80'], evidence: { labels: ['burst'], calls: 81 } }, at(2000));
    expect([grown.transition, grown.next?.evidence.calls, grown.next?.occurrences]).toEqual(['updated', 81, 1]);
  });
});

describe('recordObservations: which error fails the call', () => {
  const named = (name: string) => Object.assign(new Error(name), { name, $metadata: { httpStatusCode: 400 } });

  it('a full item collection is one partition, not the table', () => {
    expect(tableWide(named('ItemCollectionSizeLimitExceededException'))).toBe(false);
    expect(tableWide(named('ProvisionedThroughputExceededException'))).toBe(true);
    expect(tableWide(named('ValidationException'))).toBe(false);
  });

  it('throws the table-wide error that stopped the call, not an earlier item error', async () => {
    const store = new MemoryStore();
    const obs = Array.from({ length: 5 }, (_, i) =>
      observation({ resourceId: `arn:aws:sagemaker:us-east-1:111122223333:notebook-instance/nb-${i}` }),
    );
    let calls = 0;
    const bad = Object.create(store) as MemoryStore;
    bad.putFinding = async () => {
      calls++;
      throw named(calls === 1 ? 'ValidationException' : 'ProvisionedThroughputExceededException');
    };
    const written: FindingChange[] = [];
    const err = await recordObservations(bad, obs, T0, { concurrency: 1, written }).catch((e: unknown) => e);
    expect([(err as Error).name, (err as { failedFindings?: number }).failedFindings, calls, written]).toEqual([
      'ProvisionedThroughputExceededException',
      5,
      2,
      [],
    ]);
  });
});
