/**
 * DynamoStore identity activity over real HTTP DynamoDB (dynalite): item key and TTL, concurrent writers (one wins),
 * and `analyzeTrailMessages` joining a recon burst over two batches and two concurrent batches through it.
 */
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeTrailMessages, type TrailRuntimeDeps } from '../../../shared/pipeline/analyze.ts';
import { MemoryDeadLetter } from '../../../shared/runtime/deadletter.ts';
import { defaultDetectorSet } from '../../../shared/runtime/default-detectors.ts';
import { DynamoStore } from '../../../shared/store/dynamo.ts';
import { type LocalDynamo, startLocalDynamo } from '../../../shared/store/local-dynamo.ts';
import { fixedClock } from '../../../shared/util/clock.ts';
import { memoryLog } from '../../../shared/util/logger.ts';
import { TRAIL_ACCOUNT, trailMessage } from '../../fixtures/trail.ts';

const ACCOUNT = TRAIL_ACCOUNT;
const clock = fixedClock('2026-11-20T10:20:00Z');
let local: LocalDynamo;
let store: DynamoStore;

beforeAll(async () => {
  local = await startLocalDynamo('activity');
  store = new DynamoStore({ tableName: local.tableName, client: local.client, nowMs: () => clock.now().getTime() });
});
afterAll(async () => {
  await local?.close();
});

const item = async (accountId: string, identity: string) =>
  (
    await DynamoDBDocumentClient.from(local.client).send(
      new GetCommand({ TableName: local.tableName, Key: { pk: `ACTIVITY#${accountId}#${identity}`, sk: 'CURRENT' } }),
    )
  ).Item;

/** `n` ListFoundationModels calls by `caller`, 20 s apart from `start` (an ISO time). */
const calls = (prefix: string, n: number, start: string, caller: string) =>
  Array.from({ length: n }, (_, i) => {
    const time = new Date(Date.parse(start) + i * 20_000).toISOString();
    return trailMessage('ListFoundationModels', `${prefix}${i}`, { time, caller });
  });

const deps = (): TrailRuntimeDeps & { log: ReturnType<typeof memoryLog> } => ({
  store,
  detectors: defaultDetectorSet(),
  deadLetter: new MemoryDeadLetter(),
  log: memoryLog(),
  clock,
});

const reconOf = async (caller: string) =>
  (await store.allFindings()).filter((f) => f.detector === 'trail.llmjacking-recon' && f.identity?.includes(`/${caller}/`));

describe('DynamoStore identity activity', () => {
  it('one item per account + identity, with a TTL from now; concurrent writers on one version: exactly one wins', async () => {
    const a = {
      accountId: ACCOUNT,
      identity: 'arn:aws:iam::444455556666:user/u',
      events: [{ id: 'e1', name: 'ListGuardrails', t: 1 }],
      updatedAt: 't',
    };
    expect(await store.putActivity(a, undefined, 25 * 3600)).toBe(true);
    const stored = await item(ACCOUNT, a.identity);
    expect(stored).toMatchObject({ version: 1, expiresAt: clock.now().getTime() / 1000 + 25 * 3600, activity: { events: a.events } });
    const results = await Promise.all(
      ['x', 'y', 'z'].map((id) => store.putActivity({ ...a, events: [...a.events, { id, name: 'ListGuardrails', t: 2 }] }, 1, 3600)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect((await store.getActivity(ACCOUNT, a.identity))?.version).toBe(2);
  });

  it('getActivities: 250 identities (three BatchGetItem requests of at most 100 keys), in the order asked, undefined where none is stored', async () => {
    const ids = Array.from({ length: 250 }, (_, i) => ({ accountId: ACCOUNT, identity: `arn:aws:iam::444455556666:user/b${i}` }));
    for (const i of [0, 120, 249]) {
      expect(
        await store.putActivity({ ...ids[i], events: [{ id: `e${i}`, name: 'ListGuardrails', t: i }], updatedAt: 't' }, undefined, 3600),
      ).toBe(true);
    }
    const read = await store.getActivities([...ids, ids[0]]);
    expect(read).toHaveLength(251);
    expect(read.map((a, i) => (a ? i : -1)).filter((i) => i >= 0)).toEqual([0, 120, 249, 250]);
    expect(read[120]).toMatchObject({ version: 1, events: [{ id: 'e120' }] });
  });

  it('analyzeTrailMessages: a burst split over two batches is one recon finding; the activity holds both', async () => {
    const d = deps();
    expect((await analyzeTrailMessages(d, calls('s', 6, '2026-11-20T10:10:00Z', 'Split'))).totals?.detections).toBe(0);
    clock.advance(60_000);
    const out = await analyzeTrailMessages(d, calls('t', 6, '2026-11-20T10:13:00Z', 'Split'));
    expect(out.changes.map((c) => c.transition)).toEqual(['opened']);
    const [f, ...more] = await reconOf('Split');
    expect(more).toHaveLength(0);
    expect(f).toMatchObject({ occurrences: 1, evidence: { calls: 12 } });
    const stored = await item(ACCOUNT, 'arn:aws:sts::999988887777:assumed-role/Split/s1');
    expect((stored!.activity as { events: unknown[] }).events).toHaveLength(12);
    expect(stored?.expiresAt).toBe(clock.now().getTime() / 1000 + 25 * 3600);
  });

  it('analyzeTrailMessages: two concurrent batches of one identity find the burst together, counted once', async () => {
    const d = deps();
    const [a, b] = await Promise.all([
      analyzeTrailMessages(d, calls('u', 6, '2026-11-20T10:10:00Z', 'Concurrent')),
      analyzeTrailMessages(d, calls('v', 6, '2026-11-20T10:12:00Z', 'Concurrent')),
    ]);
    // whichever wrote the activity last saw the other's events (at once, or by re-running after losing the race)
    expect([...a.changes, ...b.changes].filter((c) => c.transition === 'opened')).toHaveLength(1);
    const [f, ...more] = await reconOf('Concurrent');
    expect(more).toHaveLength(0);
    expect(f).toMatchObject({ occurrences: 1, evidence: { calls: 12 } });
    expect((await store.getActivity(ACCOUNT, 'arn:aws:sts::999988887777:assumed-role/Concurrent/s1'))?.events).toHaveLength(12);
  });
});
