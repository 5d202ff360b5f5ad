import { describe, expect, it } from 'vitest';
import { deliverChanges, deliverQueueRecords, redriveDeadLetter } from '../../../shared/pipeline/deliver.ts';
import type { AsffFinding } from '../../../shared/findings/asff.ts';
import { recordObservations } from '../../../shared/findings/record.ts';
import { parseSuppressions } from '../../../shared/findings/suppressions.ts';
import { MemoryStore } from '../../../shared/store/memory.ts';
import { memoryLog } from '../../../shared/util/logger.ts';
import { observation, runtimeObservation } from '../../fixtures/delivery/findings.ts';
import { fakeSinks, releasableMarks } from '../../fixtures/delivery/sinks.ts';
import type { DeadLetter, SlackMessage } from '../../../shared/adapters/types.ts';

const T0 = '2026-11-25T10:00:00.000Z';
const now = new Date(T0);

describe('deliverChanges', () => {
  it('delivers opened findings to all three sinks, and an unchanged re-scan sends nothing', async () => {
    const store = new MemoryStore();
    const s = fakeSinks();
    const c1 = await recordObservations(store, [observation(), runtimeObservation()], T0);
    const r1 = await deliverChanges(c1, s.sinks, { now, log: memoryLog(), marks: store });
    expect(r1).toMatchObject({
      delivered: 2,
      securityHub: { imported: 2 },
      eventBridge: { published: 2 },
      slack: { alerts: 2, messages: 2 },
    });
    const c2 = await recordObservations(store, [observation()], '2026-11-25T11:00:00.000Z'); // NEW -> ACTIVE, not delivered
    const c3 = await recordObservations(store, [observation()], '2026-11-25T12:00:00.000Z'); // nothing
    const r2 = await deliverChanges([...c2, ...c3], s.sinks, { now, log: memoryLog(), marks: store });
    expect(r2).toMatchObject({ received: 1, notDeliverable: 1, delivered: 0 });
    expect(s.imports.flat()).toHaveLength(2);
    expect(s.events).toHaveLength(2);
    expect(s.slack).toHaveLength(2);
  });

  it('is idempotent: the same SQS message delivered twice gives one import, one event, one Slack post', async () => {
    const store = new MemoryStore();
    const s = fakeSinks();
    const changes = await recordObservations(store, [observation()], T0);
    await deliverChanges(changes, s.sinks, { now, log: memoryLog(), marks: store });
    const again = await deliverChanges(structuredClone(changes), s.sinks, { now, log: memoryLog(), marks: store });
    expect(again.duplicates).toEqual({ securityHub: 1, eventBridge: 1, slack: 1 });
    expect(s.imports.flat()).toHaveLength(1);
    expect(s.events).toHaveLength(1);
    expect(s.slack).toHaveLength(1);
    // concurrent duplicates (two Lambda invocations at once) are also delivered once
    const s2 = fakeSinks();
    const store2 = new MemoryStore();
    const ch = await recordObservations(store2, [runtimeObservation()], T0);
    await Promise.all([1, 2, 3].map(() => deliverChanges(structuredClone(ch), s2.sinks, { now, log: memoryLog(), marks: store2 })));
    expect(s2.imports.flat()).toHaveLength(1);
    expect(s2.slack).toHaveLength(1);
  });

  it('delivers each state of a finding once: resolved (archived) and reopened go through, Slack only alerts the reopen', async () => {
    const store = new MemoryStore();
    const s = fakeSinks();
    const opts = { now, log: memoryLog(), marks: store };
    await deliverChanges(await recordObservations(store, [observation()], T0), s.sinks, opts);
    await deliverChanges(await recordObservations(store, [observation({ status: 'PASS' })], '2026-11-25T11:00:00.000Z'), s.sinks, opts);
    await deliverChanges(await recordObservations(store, [observation()], '2026-11-25T12:00:00.000Z'), s.sinks, opts);
    const docs = s.imports.flat();
    expect(docs.map((d) => [d.RecordState, d.Compliance?.Status])).toEqual([
      ['ACTIVE', 'FAILED'],
      ['ARCHIVED', 'PASSED'],
      ['ACTIVE', 'FAILED'],
    ]);
    expect(new Set(docs.map((d) => d.Id)).size).toBe(1);
    expect(s.events.map((e) => JSON.parse(e.Detail).transition)).toEqual(['opened', 'resolved', 'reopened']);
    expect(s.slack.map((m) => m.text)).toEqual([expect.stringContaining('new HIGH'), expect.stringContaining('reopened HIGH')]);
  });

  it('alerts Slack only at or above the configured severity', async () => {
    const store = new MemoryStore();
    const s = fakeSinks();
    const changes = await recordObservations(
      store,
      [observation({ severity: 'LOW' }), observation({ resourceId: 'arn:aws:s3:::b', severity: 'CRITICAL' })],
      T0,
    );
    const r = await deliverChanges(changes, s.sinks, { now, log: memoryLog(), marks: store, slackMinSeverity: 'HIGH' });
    expect(r.slack.alerts).toBe(1);
    expect(s.imports.flat()).toHaveLength(2);
    const r2 = await deliverChanges(changes, fakeSinks().sinks, { now, log: memoryLog(), slackMinSeverity: 'LOW' });
    expect(r2.slack.alerts).toBe(2);
  });

  it('delivers suppressed findings as suppressed (Security Hub, EventBridge), without a Slack alert; expiry lifts it', async () => {
    const rules = parseSuppressions([
      {
        id: 'sandbox',
        resource: 'arn:aws:sagemaker:*:notebook-instance/research-*',
        reason: 'isolated sandbox',
        owner: 'ml-platform',
        expiresAt: '2026-12-01',
      },
    ]);
    const store = new MemoryStore();
    const s = fakeSinks();
    const changes = await recordObservations(store, [observation()], T0);
    const r = await deliverChanges(changes, s.sinks, { now, log: memoryLog(), marks: store, suppressions: rules });
    expect(r.suppressed).toBe(1);
    expect(s.imports.flat()[0].ProductFields).toMatchObject({
      'aispm/Suppressed': 'true',
      'aispm/SuppressionId': 'sandbox',
      'aispm/SuppressionOwner': 'ml-platform',
    });
    expect(JSON.parse(s.events[0].Detail)).toMatchObject({
      suppressed: true,
      finding: { suppression: { id: 'sandbox', reason: 'isolated sandbox' } },
    });
    expect(s.slack).toHaveLength(0);
    // after the expiry date, the same rule no longer applies: the reopened finding alerts
    await recordObservations(store, [observation({ status: 'PASS' })], '2026-12-05T00:00:00.000Z');
    const reopened = await recordObservations(store, [observation()], '2026-12-06T00:00:00.000Z');
    const r2 = await deliverChanges(reopened, s.sinks, {
      now: new Date('2026-12-06T00:00:00Z'),
      log: memoryLog(),
      marks: store,
      suppressions: rules,
    });
    expect(r2.suppressed).toBe(0);
    expect(s.slack).toHaveLength(1);
    expect(s.imports.flat().at(-1)?.ProductFields?.['aispm/Suppressed']).toBe('false');
  });

  it('applies tag suppressions with the resource tags', async () => {
    const rules = parseSuppressions([{ tag: 'aispm:accepted-risk=true', reason: 'r', owner: 'o', expiresAt: '2099-01-01' }]);
    const s = fakeSinks();
    const changes = await recordObservations(new MemoryStore(), [observation(), observation({ resourceId: 'arn:aws:s3:::other' })], T0);
    const r = await deliverChanges(changes, s.sinks, {
      now,
      log: memoryLog(),
      suppressions: rules,
      resourceTags: async (id): Promise<Record<string, string>> => (id.includes('research-nb') ? { 'aispm:accepted-risk': 'true' } : {}),
    });
    expect(r.suppressed).toBe(1);
    expect(s.slack).toHaveLength(1);
  });

  it('does not page Slack for a state already superseded by a resolution (late SQS message)', async () => {
    const store = new MemoryStore();
    const s = fakeSinks();
    const opened = await recordObservations(store, [observation()], T0);
    await recordObservations(store, [observation({ status: 'PASS' })], '2026-11-25T11:00:00.000Z');
    const r = await deliverChanges(opened, s.sinks, { now, log: memoryLog(), marks: store, currentFinding: (id) => store.getFinding(id) });
    expect(r.slack).toMatchObject({ alerts: 0, stale: 1 });
    // Security Hub still gets it (it ignores an older UpdatedAt itself), and so does EventBridge
    expect(r.securityHub.imported).toBe(1);
    expect(r.eventBridge.published).toBe(1);
  });

  it('sends a digest instead of one message each when many findings arrive at once', async () => {
    const s = fakeSinks();
    const obs = Array.from({ length: 30 }, (_, i) =>
      observation({ resourceId: `arn:aws:s3:::bucket-${i}`, severity: i % 2 ? 'HIGH' : 'CRITICAL' }),
    );
    const changes = await recordObservations(new MemoryStore(), obs, T0);
    const r = await deliverChanges(changes, s.sinks, { now, log: memoryLog(), digestThreshold: 5 });
    expect(r.slack).toMatchObject({ alerts: 30, messages: 2, digests: 2 });
    expect((s.slack[0].blocks[0] as { text: { text: string } }).text.text).toBe('AI-SPM: 30 new or reopened findings (1/2)');
  });

  it('dead-letters what still fails with the full payload, keeps the claims, and re-drives', async () => {
    const marks = releasableMarks();
    const s = fakeSinks({ failImports: true, failSlack: true, failEvents: true });
    const changes = await recordObservations(new MemoryStore(), [observation()], T0);
    const log = memoryLog();
    const r = await deliverChanges(changes, s.sinks, { now, log, marks });
    expect(r.deadLettered).toBe(3);
    expect(r.retry).toEqual([]);
    const bySink = Object.fromEntries(s.dead.map((d) => [d.sink, d]));
    expect((bySink.securityhub.payload as AsffFinding[])[0].Id).toBe(`aispm/${changes[0].finding.id}`);
    expect((bySink.slack.payload as SlackMessage).blocks.length).toBeGreaterThan(0);
    expect(bySink.eventbridge.findingIds).toEqual([changes[0].finding.id]);
    // the claims stay (dead-lettered = handled): a late duplicate of the message sends nothing a second time
    expect(marks.keys()).toHaveLength(3);
    const dup = await deliverChanges(structuredClone(changes), fakeSinks().sinks, { now, log: memoryLog(), marks });
    expect(dup.duplicates).toEqual({ securityHub: 1, eventBridge: 1, slack: 1 });
    // nothing sensitive in logs: no titles, no resource names
    expect(JSON.stringify(log.entries)).not.toContain('research-nb');

    // re-drive each dead letter to healthy sinks
    const healthy = fakeSinks();
    for (const d of s.dead) expect((await redriveDeadLetter(JSON.parse(JSON.stringify(d)) as DeadLetter, healthy.sinks)).ok).toBe(true);
    expect(healthy.imports.flat()).toHaveLength(1);
    expect(healthy.events).toHaveLength(1);
    expect(healthy.slack).toHaveLength(1);
  });

  it('re-drives dead letters moved back to the delivery queue (SQS DLQ redrive), next to normal messages', async () => {
    const failing = fakeSinks({ failImports: true, failSlack: true });
    const store = new MemoryStore();
    const changes = await recordObservations(store, [observation()], T0);
    await deliverChanges(changes, failing.sinks, { now, log: memoryLog() });
    expect(failing.dead.map((d) => d.sink).sort()).toEqual(['securityhub', 'slack']);
    const healthy = fakeSinks();
    const other = await recordObservations(store, [observation({ resourceId: 'arn:aws:s3:::z' })], T0);
    const records = [
      ...failing.dead.map((d, i) => ({ messageId: `dl-${i}`, body: JSON.stringify(d) })),
      { messageId: 'n-1', body: JSON.stringify({ transition: other[0].transition, finding: other[0].finding }) },
      {
        messageId: 'in-1',
        body: JSON.stringify({ sink: 'input', reason: 'x', attempts: 1, at: T0, findingIds: [], payload: { messageId: 'm' } }),
      },
    ];
    const out = await deliverQueueRecords(records, healthy.sinks, { now, log: memoryLog() });
    expect(out).toMatchObject({ redriven: 2, malformed: 0, failedMessageIds: [] });
    expect(
      healthy.imports
        .flat()
        .map((d) => d.Id)
        .sort(),
    ).toEqual([`aispm/${changes[0].finding.id}`, `aispm/${other[0].finding.id}`].sort());
    expect(healthy.slack).toHaveLength(2);
    // a re-drive that fails again is retried by SQS (and returns to the DLQ after maxReceiveCount)
    const still = await deliverQueueRecords(records.slice(0, 1), fakeSinks({ failImports: true, failSlack: true }).sinks, {
      now,
      log: memoryLog(),
    });
    expect(still.failedMessageIds).toEqual(['dl-0']);
  });

  it('dead-letters Slack messages it has no time left to post (paced posts must not be cut off by a timeout)', async () => {
    const s = fakeSinks();
    const changes = await recordObservations(new MemoryStore(), [observation(), observation({ resourceId: 'arn:aws:s3:::b2' })], T0);
    let left = 30_000;
    const r = await deliverChanges(changes, s.sinks, {
      now,
      log: memoryLog(),
      remainingMs: () => {
        left -= 15_000;
        return left;
      },
    });
    expect(r.slack).toMatchObject({ alerts: 2, messages: 0, failed: 2 });
    expect(s.dead.map((d) => [d.sink, d.errorCode])).toEqual([
      ['slack', 'TimeBudget'],
      ['slack', 'TimeBudget'],
    ]);
    expect(r.securityHub.imported).toBe(2);
  });

  it('asks for a retry (and releases claims) when even the dead-letter sink fails', async () => {
    const marks = releasableMarks();
    const s = fakeSinks({ failImports: true, failDead: true });
    const changes = await recordObservations(new MemoryStore(), [observation()], T0);
    const r = await deliverChanges(changes, s.sinks, { now, log: memoryLog(), marks });
    expect(r.retry).toEqual([changes[0].finding.id]);
    expect(marks.keys().some((k) => k.startsWith('securityhub#'))).toBe(false);
  });
});
