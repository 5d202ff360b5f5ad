import { describe, expect, it } from 'vitest';
import type { FindingChange } from '../../../shared/findings/record.ts';
import { recordRuntimeObservations } from '../../../shared/runtime/record.ts';
import { MemoryStore } from '../../../shared/store/memory.ts';
import { reconObservation, runtimeObservation } from '../../fixtures/delivery/findings.ts';

const T0 = '2026-11-25T10:30:00.000Z';
const at = (ms: number) => new Date(Date.parse(T0) + ms).toISOString();

const recon = reconObservation;
/** Per-record detections (one request id per occurrence) seen from `first` to `last`. */
const perRecord = (ids: string[], first: string, last: string) =>
  runtimeObservation({
    occurrences: ids.length,
    requestIds: ids,
    idsPerOccurrence: true,
    evidence: { count: ids.length, firstSeen: first, lastSeen: last },
  });

describe('recordRuntimeObservations: evidence.count', () => {
  it('adds only the part of the count carried by new occurrences (a re-delivered record is not counted twice)', async () => {
    const store = new MemoryStore();
    const ev = (ids: string[], t: string) => perRecord(ids, T0, t);
    await recordRuntimeObservations(store, [ev(['r1', 'r2'], T0)], T0);
    // the next log object holds r2 again and a new r3
    const [c] = await recordRuntimeObservations(store, [ev(['r2', 'r3'], at(1000))], at(1000));
    expect([c.finding.occurrences, c.finding.evidence.count]).toEqual([3, 3]);
  });

  it('merges against the state each write attempt read: a concurrent writer between the reads keeps its count', async () => {
    const store = new MemoryStore();
    const ev = (ids: string[], t: string) => perRecord(ids, t, t);
    await recordRuntimeObservations(store, [ev(['r1', 'r2'], T0)], T0);
    const racy = Object.create(store) as MemoryStore;
    let reads = 0;
    racy.getFindings = async (ids) => {
      const snap = await store.getFindings(ids);
      // another invocation records r3..r5 right after this one read the finding (its conditional write then loses)
      if (++reads === 1) await recordRuntimeObservations(store, [ev(['r3', 'r4', 'r5'], at(500))], at(500));
      return snap;
    };
    const [c] = await recordRuntimeObservations(racy, [ev(['r6'], at(1000))], at(1000));
    expect([c.finding.occurrences, c.finding.evidence.count]).toEqual([6, 6]);
  });

  it('adds the count of a counted observation', async () => {
    const store = new MemoryStore();
    const ev = { labels: ['burst'], count: 2, firstSeen: T0, lastSeen: T0 };
    await recordRuntimeObservations(store, [recon({ evidence: ev })], T0);
    const [c] = await recordRuntimeObservations(
      store,
      [recon({ eventIds: ['b3'], evidence: { ...ev, count: 3, lastSeen: at(1000) } })],
      at(1000),
    );
    expect([c.finding.occurrences, c.finding.evidence.count]).toEqual([2, 5]);
  });

  it('a replay that merges (a grown window re-run) does not add its count', async () => {
    const store = new MemoryStore();
    const ev = { labels: ['burst'], calls: 12, count: 1, firstSeen: T0, lastSeen: T0 };
    await recordRuntimeObservations(store, [recon({ evidence: ev })], T0);
    const changes: FindingChange[] = [];
    for (let k = 1; k <= 3; k++)
      changes.push(
        ...(await recordRuntimeObservations(
          store,
          [recon({ eventIds: ['b1', 'b2', `b3-${k}`], evidence: { ...ev, calls: 12 + k } })],
          at(k * 1000),
        )),
      );
    const f = await store.getFinding(changes[0].finding.id);
    expect(f?.occurrences).toBe(1);
    expect(f?.evidence.count).toBe(1);
    expect(f?.evidence.calls).toBe(15);
    expect(changes.every((c) => c.finding.evidence.count === 1)).toBe(true);
  });

  it('an identical replay after the stored id list was capped writes and delivers nothing', async () => {
    const store = new MemoryStore();
    const ids = Array.from({ length: 50 }, (_, i) => `e${i}`);
    const ev = { labels: ['burst'], calls: 60, count: 1, firstSeen: T0, lastSeen: T0 };
    const batchA = recon({ eventIds: ids, evidence: ev });
    await recordRuntimeObservations(store, [batchA], T0);
    // a later batch continues the burst: the stored list is cut to its first 25 and last 25 ids
    const cont = recon({
      occurrences: 0,
      eventIds: undefined,
      continues: true,
      continuedIds: Array.from({ length: 30 }, (_, i) => `n${i}`),
      evidence: { labels: ['burst'], calls: 70, count: 0, firstSeen: T0, lastSeen: at(60_000) },
    });
    const [c] = await recordRuntimeObservations(store, [cont], at(60_000));
    expect([c.transition, c.finding.occurrences, c.finding.evidence.count, c.finding.evidence.calls]).toEqual(['updated', 1, 1, 70]);
    // batch A recorded again (its claims released after another finding's write failed)
    expect(await recordRuntimeObservations(store, [batchA], at(120_000))).toEqual([]);
  });
});

describe('recordRuntimeObservations: replays of capped per-record id lists', () => {
  it('a log object analyzed again (60 per-record detections, ids capped to 50) counts nothing again', async () => {
    const store = new MemoryStore();
    const all = Array.from({ length: 60 }, (_, i) => `r${i + 1}`);
    // the aggregator lists the first 25 and last 25 ids
    const listed = [...all.slice(0, 25), ...all.slice(35)];
    const ev = (t: string) =>
      runtimeObservation({
        occurrences: 60,
        requestIds: listed,
        idsPerOccurrence: true,
        evidence: { count: 60, firstSeen: T0, lastSeen: t },
      });
    await recordRuntimeObservations(store, [ev(T0)], T0);
    await recordRuntimeObservations(store, [ev(at(1000))], at(1000));
    const f = (await store.allFindings())[0];
    expect([f.occurrences, f.evidence.count]).toEqual([60, 60]);
  });
});
