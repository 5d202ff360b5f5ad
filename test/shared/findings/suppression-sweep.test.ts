import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../shared/domain/finding.ts';
import { shouldAlert } from '../../../shared/findings/slack.ts';
import { recordObservations } from '../../../shared/findings/record.ts';
import { sweepLapsedSuppressions } from '../../../shared/findings/suppression-sweep.ts';
import { parseSuppressions } from '../../../shared/findings/suppressions.ts';
import { deliverChanges, parseChangeMessage } from '../../../shared/pipeline/deliver.ts';
import { MemoryStore } from '../../../shared/store/memory.ts';
import { memoryLog } from '../../../shared/util/logger.ts';
import { observation } from '../../fixtures/delivery/findings.ts';
import { fakeSinks } from '../../fixtures/delivery/sinks.ts';

const observationFinding = (): Finding =>
  ({ id: 'f1', status: 'ACTIVE', complianceStatus: 'FAIL', severity: 'HIGH', ruleId: 'sagemaker_x' }) as unknown as Finding;

const rules = parseSuppressions([
  { id: 'temp', checkId: 'sagemaker_*', reason: 'until the migration', owner: 'ml', expiresAt: '2026-12-01' },
]);

describe('sweepLapsedSuppressions', () => {
  it('re-delivers an open finding unsuppressed once its suppression has expired, exactly once', async () => {
    const store = new MemoryStore();
    const s = fakeSinks();
    const opened = await recordObservations(store, [observation()], '2026-11-25T10:00:00.000Z');
    await deliverChanges(opened, s.sinks, { now: new Date('2026-11-25T10:00:00Z'), log: memoryLog(), marks: store, suppressions: rules });
    expect(s.imports.flat()[0].ProductFields?.['aispm/Suppressed']).toBe('true');

    // before expiry: nothing to do
    expect(await sweepLapsedSuppressions(store, rules, new Date('2026-11-30T00:00:00Z'))).toEqual([]);
    // after expiry: one change, updatedAt bumped, written to the store
    const lapsed = await sweepLapsedSuppressions(store, rules, new Date('2026-12-02T00:00:00Z'));
    expect(lapsed).toHaveLength(1);
    expect(lapsed[0]).toMatchObject({ transition: 'updated', deliver: true, finding: { updatedAt: '2026-12-02T00:00:00.000Z' } });
    expect((await store.getFinding(lapsed[0].finding.id))?.updatedAt).toBe('2026-12-02T00:00:00.000Z');
    expect(lapsed[0].lapsedSuppression).toEqual({ id: 'temp', expiresAt: '2026-12-01' });
    expect(s.slack).toHaveLength(0); // suppressed when opened: no alert then
    // through the delivery queue: the message keeps the lapsed rule, and delivery alerts on it
    const queued = parseChangeMessage(
      JSON.stringify({ transition: 'updated', finding: lapsed[0].finding, deliver: true, lapsedSuppression: lapsed[0].lapsedSuppression }),
    );
    if (!('change' in queued)) throw new Error(queued.error);
    expect(queued.change.lapsedSuppression).toEqual({ id: 'temp', expiresAt: '2026-12-01' });
    const r = await deliverChanges([queued.change], s.sinks, {
      now: new Date('2026-12-02T00:00:00Z'),
      log: memoryLog(),
      marks: store,
      suppressions: rules,
    });
    expect(r.slack.alerts).toBe(1);
    expect(s.slack).toHaveLength(1);
    expect(s.slack[0].text).toMatch(/^AI-SPM: accepted risk expired HIGH finding/);
    expect(JSON.stringify(s.slack[0].blocks)).toContain('temp (until 2026-12-01)');
    const docs = s.imports.flat();
    expect(docs.at(-1)?.ProductFields?.['aispm/Suppressed']).toBe('false');
    expect(Date.parse(docs[1].UpdatedAt)).toBeGreaterThan(Date.parse(docs[0].UpdatedAt));
    // idempotent: a second sweep finds nothing
    expect(await sweepLapsedSuppressions(store, rules, new Date('2026-12-03T00:00:00Z'))).toEqual([]);
  });

  it('alerts on a lapsed suppression only for an open failing finding at or above the Slack threshold', () => {
    const f = observationFinding();
    const lapsedRule = { id: 'temp', expiresAt: '2026-12-01' };
    expect(shouldAlert('updated', f, 'HIGH', false, lapsedRule)).toBe('suppression-lapsed');
    expect(shouldAlert('updated', f, 'HIGH', false)).toBeUndefined(); // an ordinary update
    expect(shouldAlert('updated', f, 'CRITICAL', false, lapsedRule)).toBeUndefined(); // below the threshold
    expect(shouldAlert('updated', f, 'HIGH', true, lapsedRule)).toBeUndefined(); // another rule still covers it
    expect(shouldAlert('updated', { ...f, status: 'RESOLVED' }, 'HIGH', false, lapsedRule)).toBeUndefined();
    expect(shouldAlert('updated', { ...f, complianceStatus: 'PASS' } as Finding, 'HIGH', false, lapsedRule)).toBeUndefined();
  });

  it('leaves findings alone when another rule still covers them, or when resolved', async () => {
    const store = new MemoryStore();
    await recordObservations(
      store,
      [observation(), observation({ resourceId: 'arn:aws:s3:::x', ruleId: 'sagemaker_other' })],
      '2026-11-25T10:00:00.000Z',
    );
    await recordObservations(
      store,
      [observation({ resourceId: 'arn:aws:s3:::x', ruleId: 'sagemaker_other', status: 'PASS' })],
      '2026-11-26T10:00:00.000Z',
    );
    const both = [
      ...rules,
      ...parseSuppressions([{ id: 'long', account: '111122223333', reason: 'r', owner: 'o', expiresAt: '2099-01-01' }]),
    ];
    expect(await sweepLapsedSuppressions(store, both, new Date('2026-12-02T00:00:00Z'))).toEqual([]);
    const only = await sweepLapsedSuppressions(store, rules, new Date('2026-12-02T00:00:00Z'));
    expect(only).toHaveLength(1);
  });
});
