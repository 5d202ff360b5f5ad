/** A redelivered assessment request re-sends what an earlier attempt stored but may never have delivered. */
import { describe, expect, it } from 'vitest';
import type { AnyAsset } from '../../../shared/domain/asset.ts';
import type { Finding } from '../../../shared/domain/finding.ts';
import { assessQueueRecords, type FindingChangeSender } from '../../../shared/pipeline/assess.ts';
import { deliverChanges } from '../../../shared/pipeline/deliver.ts';
import { MemoryStore } from '../../../shared/store/memory.ts';
import { fixedClock } from '../../../shared/util/clock.ts';
import { contentHash } from '../../../shared/util/hash.ts';
import { memoryLog } from '../../../shared/util/logger.ts';
import { ACCOUNT, good } from '../../fixtures/checks/builders.ts';

type Msg = { transition: string; finding: Finding; deliver: boolean };
function collector(fail = false): FindingChangeSender & { sent: Msg[] } {
  const sent: Msg[] = [];
  return {
    sent,
    async send(m) {
      if (fail) throw Object.assign(new Error('throttled'), { name: 'ThrottlingException' });
      sent.push(...(m as unknown as Msg[]));
    },
  };
}

async function seed() {
  const store = new MemoryStore();
  const a = good.agent('a', { guardrail: null }) as AnyAsset;
  await store.putAsset({ ...a, configHash: contentHash(a.config) });
  return store;
}
const guard = (s: { sent: Msg[] }) => s.sent.filter((m) => m.finding.ruleId === 'bedrock_agent_guardrail_enabled');

describe('assessQueueRecords: the resend of a redelivered request', () => {
  it('a new finding whose first send failed is re-sent as "opened", so its new-finding alert fires', async () => {
    const store = await seed();
    const body = JSON.stringify({ accountId: ACCOUNT, trigger: 'schedule', requestedAt: '2026-11-25T00:00:00.000Z' });
    const r1 = await assessQueueRecords([{ messageId: '1', body }], {
      store,
      sender: collector(true),
      clock: fixedClock('2026-11-25T10:00:00Z'),
      log: memoryLog(),
    });
    expect(r1.failedMessageIds).toEqual(['1']);
    const retry = collector();
    await assessQueueRecords([{ messageId: '1', body, receiveCount: 2 }], {
      store,
      sender: retry,
      clock: fixedClock('2026-11-25T10:05:00Z'),
      log: memoryLog(),
    });
    const g = guard(retry);
    expect(g).toHaveLength(1);
    expect(g[0].transition).toBe('opened');
    const posted: unknown[] = [];
    const rep = await deliverChanges(
      g as never,
      {
        slack: {
          post: async (m: unknown) => {
            posted.push(m);
          },
        } as never,
        deadLetter: { send: async () => {} },
      },
      { now: new Date('2026-11-25T10:05:00Z'), log: memoryLog(), slackMinSeverity: 'LOW' },
    );
    expect(rep.slack.alerts).toBe(1);
  });

  it('compares instants: a requestedAt without milliseconds does not hide a change stored in the same second', async () => {
    const store = await seed();
    const body = JSON.stringify({ accountId: ACCOUNT, trigger: 'schedule', requestedAt: '2026-11-25T10:00:00Z' });
    await assessQueueRecords([{ messageId: '1', body }], {
      store,
      sender: collector(true),
      clock: fixedClock('2026-11-25T10:00:00.500Z'),
      log: memoryLog(),
    });
    const retry = collector();
    await assessQueueRecords([{ messageId: '1', body, receiveCount: 2 }], {
      store,
      sender: retry,
      clock: fixedClock('2026-11-25T10:05:00Z'),
      log: memoryLog(),
    });
    expect(guard(retry)).toHaveLength(1);
  });
});
