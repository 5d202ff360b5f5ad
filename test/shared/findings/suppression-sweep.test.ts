import { describe, expect, it } from 'vitest';
import { recordObservations } from '../../../shared/findings/record.ts';
import { sweepLapsedSuppressions } from '../../../shared/findings/suppression-sweep.ts';
import { parseSuppressions } from '../../../shared/findings/suppressions.ts';
import { deliverChanges } from '../../../shared/pipeline/deliver.ts';
import { MemoryStore } from '../../../shared/store/memory.ts';
import { memoryLog } from '../../../shared/util/logger.ts';
import { observation } from '../../fixtures/delivery/findings.ts';
import { fakeSinks } from '../../fixtures/delivery/sinks.ts';

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
    await deliverChanges(lapsed, s.sinks, { now: new Date('2026-12-02T00:00:00Z'), log: memoryLog(), marks: store, suppressions: rules });
    const docs = s.imports.flat();
    expect(docs.at(-1)?.ProductFields?.['aispm/Suppressed']).toBe('false');
    expect(Date.parse(docs[1].UpdatedAt)).toBeGreaterThan(Date.parse(docs[0].UpdatedAt));
    // idempotent: a second sweep finds nothing
    expect(await sweepLapsedSuppressions(store, rules, new Date('2026-12-03T00:00:00Z'))).toEqual([]);
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
