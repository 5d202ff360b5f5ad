import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AnyAsset } from '../../../shared/domain/asset.ts';
import { parseSuppressions } from '../../../shared/findings/suppressions.ts';
import type { Finding } from '../../../shared/domain/finding.ts';
import { assessQueueRecords, type FindingChangeSender, parseAssessRequest } from '../../../shared/pipeline/assess.ts';
import { stateKey } from '../../../shared/pipeline/deliver.ts';
import { MemoryStore } from '../../../shared/store/memory.ts';
import { fixedClock } from '../../../shared/util/clock.ts';
import { contentHash } from '../../../shared/util/hash.ts';
import { memoryLog } from '../../../shared/util/logger.ts';
import { ACCOUNT, good } from '../../fixtures/checks/builders.ts';

const sample = (f: string) => readFileSync(new URL(`../../../events/samples/${f}`, import.meta.url), 'utf8');

function collector(): FindingChangeSender & {
  sent: { transition: string; finding: { ruleId: string }; deliver: boolean; lapsedSuppression?: { id: string; expiresAt: string } }[];
} {
  const sent: {
    transition: string;
    finding: { ruleId: string };
    deliver: boolean;
    lapsedSuppression?: { id: string; expiresAt: string };
  }[] = [];
  return {
    sent,
    async send(m) {
      sent.push(...m);
    },
  };
}

describe('AssessRequest schema', () => {
  it('accepts the samples and rejects bad requests with an error that does not echo the body', () => {
    expect(parseAssessRequest(sample('assess-request.json')).ok).toBe(true);
    expect(parseAssessRequest(sample('assess-request-full.json')).ok).toBe(true);
    const bad = parseAssessRequest(JSON.stringify({ accountId: 'secret-value-xyz', trigger: 'schedule', requestedAt: 'now' }));
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).not.toContain('secret-value-xyz');
    expect(parseAssessRequest('{not json').ok).toBe(false);
    expect(
      parseAssessRequest(JSON.stringify({ accountId: ACCOUNT, trigger: 'schedule', requestedAt: '2026-11-25T00:00:00Z', extra: 1 })).ok,
    ).toBe(false);
  });
});

describe('assessQueueRecords: lapsed suppressions', () => {
  it('a sweep failing mid-way delivers the lapses it already wrote, with the rule, before the message fails', async () => {
    const store = new MemoryStore();
    for (const id of ['a', 'b', 'c']) {
      const a = good.agent(id, { guardrail: null }) as AnyAsset;
      await store.putAsset({ ...a, configHash: contentHash(a.config) });
    }
    const suppressions = parseSuppressions([
      { id: 'pilot', checkId: 'bedrock_agent_guardrail_enabled', reason: 'pilot', owner: 'ml', expiresAt: '2026-11-25T12:00:00Z' },
    ]);
    const body = JSON.stringify({ accountId: ACCOUNT, trigger: 'schedule', requestedAt: '2026-11-25T00:00:00.000Z' });
    const deps = { suppressions, log: memoryLog() };
    await assessQueueRecords([{ messageId: '0', body }], {
      ...deps,
      store,
      sender: collector(),
      clock: fixedClock('2026-11-25T10:00:00Z'),
    });
    // 13:00: the sweep rewrites the first lapsed finding, then the table throttles on the second
    const bad = Object.create(store) as MemoryStore;
    let puts = 0;
    bad.putFinding = async (f, v) => {
      if (++puts === 2) throw Object.assign(new Error('throttled'), { name: 'ProvisionedThroughputExceededException' });
      return store.putFinding(f, v);
    };
    const first = collector();
    const r = await assessQueueRecords([{ messageId: '1', body }], {
      ...deps,
      store: bad,
      sender: first,
      clock: fixedClock('2026-11-25T13:00:00Z'),
    });
    expect(r.failedMessageIds).toEqual(['1']);
    expect(first.sent).toHaveLength(1);
    expect(first.sent[0]).toMatchObject({ transition: 'updated', lapsedSuppression: { id: 'pilot' } });
    const retry = collector();
    await assessQueueRecords([{ messageId: '1', body, receiveCount: 2 }], {
      ...deps,
      store,
      sender: retry,
      clock: fixedClock('2026-11-25T13:05:00Z'),
    });
    const lapsedFor = new Set(
      [...first.sent, ...retry.sent]
        .filter((m) => m.finding.ruleId === 'bedrock_agent_guardrail_enabled' && m.lapsedSuppression)
        .map((m) => (m.finding as { resourceName?: string }).resourceName),
    );
    // every finding whose accepted risk expired carries the rule once (Slack "Accepted risk expired")
    expect([...lapsedFor].sort()).toEqual(['a', 'b', 'c']);
  });

  it('re-delivers a finding whose accepted risk expired, with the rule, even when the same run persists it', async () => {
    const store = new MemoryStore();
    const a = good.agent('a', { guardrail: null }) as AnyAsset;
    await store.putAsset({ ...a, configHash: contentHash(a.config) });
    const suppressions = parseSuppressions([
      { id: 'pilot', checkId: 'bedrock_agent_guardrail_enabled', reason: 'pilot', owner: 'ml', expiresAt: '2026-11-25T12:00:00Z' },
    ]);
    const body = JSON.stringify({ accountId: ACCOUNT, trigger: 'schedule', requestedAt: '2026-11-25T00:00:00.000Z' });
    const first = collector();
    await assessQueueRecords([{ messageId: '1', body }], {
      store,
      sender: first,
      clock: fixedClock('2026-11-25T10:00:00Z'),
      log: memoryLog(),
      suppressions,
    });
    expect(first.sent.find((m) => m.finding.ruleId === 'bedrock_agent_guardrail_enabled')?.transition).toBe('opened');
    // the next full assessment, after the expiry: NEW -> ACTIVE is persisted, and the lapse is still delivered
    const second = collector();
    await assessQueueRecords([{ messageId: '2', body }], {
      store,
      sender: second,
      clock: fixedClock('2026-11-25T13:00:00Z'),
      log: memoryLog(),
      suppressions,
    });
    const lapsed = second.sent.filter((m) => m.finding.ruleId === 'bedrock_agent_guardrail_enabled');
    expect(lapsed).toHaveLength(1);
    expect(lapsed[0]).toMatchObject({ transition: 'updated', lapsedSuppression: { id: 'pilot', expiresAt: '2026-11-25T12:00:00Z' } });
    // another account's assessment does not touch (nor swallow) this account's lapse
    const other = collector();
    const otherBody = JSON.stringify({ accountId: '999988887777', trigger: 'schedule', requestedAt: '2026-11-25T00:00:00.000Z' });
    await assessQueueRecords([{ messageId: '3', body: otherBody }], {
      store,
      sender: other,
      clock: fixedClock('2026-11-25T14:00:00Z'),
      log: memoryLog(),
      suppressions,
    });
    expect(other.sent.filter((m) => m.finding.ruleId === 'bedrock_agent_guardrail_enabled')).toEqual([]);
  });
});

describe('assessQueueRecords', () => {
  it('sends only deliverable changes and isolates failures per message', async () => {
    const store = new MemoryStore();
    const a = good.agent('a', { guardrail: null }) as AnyAsset;
    await store.putAsset({ ...a, configHash: contentHash(a.config) });
    const sender = collector();
    const log = memoryLog();
    const body = JSON.stringify({ accountId: ACCOUNT, trigger: 'schedule', requestedAt: '2026-11-25T00:00:00.000Z' });
    const r1 = await assessQueueRecords(
      [
        { messageId: '1', body },
        { messageId: '2', body: 'garbage' },
      ],
      { store, sender, clock: fixedClock('2026-11-25T10:00:00Z'), log },
    );
    expect(r1).toMatchObject({ failedMessageIds: ['2'], malformed: 1, assessed: 1 });
    expect(sender.sent.find((m) => m.finding.ruleId === 'bedrock_agent_guardrail_enabled')?.transition).toBe('opened');
    expect(JSON.stringify(log.entries)).not.toContain('garbage');

    // second run: NEW -> ACTIVE is persisted without delivery, so nothing new is sent
    const before = sender.sent.length;
    const r2 = await assessQueueRecords([{ messageId: '3', body }], { store, sender, clock: fixedClock('2026-11-25T11:00:00Z'), log });
    expect(r2.sent).toBe(0);
    expect(sender.sent.length).toBe(before);

    // a redelivered request re-sends the findings changed since it was made
    const r3 = await assessQueueRecords([{ messageId: '4', body, receiveCount: 2 }], {
      store,
      sender,
      clock: fixedClock('2026-11-25T12:00:00Z'),
      log,
    });
    expect(r3.sent).toBeGreaterThan(0);
  });

  it('fails only the message whose assessment or send failed', async () => {
    const store = new MemoryStore();
    const a = good.agent('a', { guardrail: null }) as AnyAsset;
    await store.putAsset({ ...a, configHash: contentHash(a.config) });
    const sender: FindingChangeSender = {
      async send() {
        throw new Error('queue down');
      },
    };
    const body = JSON.stringify({ accountId: ACCOUNT, trigger: 'cli', requestedAt: '2026-11-25T00:00:00.000Z' });
    const r = await assessQueueRecords([{ messageId: 'x', body }], {
      store,
      sender,
      clock: fixedClock('2026-11-25T10:00:00Z'),
      log: memoryLog(),
    });
    expect(r.failedMessageIds).toEqual(['x']);
  });
});

describe('assessQueueRecords: a failed finding write', () => {
  it('delivers the findings the failed attempt stored (the retry only persists them)', async () => {
    const store = new MemoryStore();
    for (const id of ['a', 'b', 'c']) {
      const a = good.agent(id, { guardrail: null }) as AnyAsset;
      await store.putAsset({ ...a, configHash: contentHash(a.config) });
    }
    const bad = Object.create(store) as MemoryStore;
    bad.putFinding = async (f, v) => {
      if (f.ruleId === 'bedrock_agent_guardrail_enabled' && f.resourceName === 'a')
        throw Object.assign(new Error('Item size has exceeded the maximum allowed size'), { name: 'ValidationException' });
      return store.putFinding(f, v);
    };
    const body = JSON.stringify({ accountId: ACCOUNT, trigger: 'schedule', requestedAt: '2026-11-25T00:00:00.000Z' });
    const sender = collector();
    const log = memoryLog();
    const r = await assessQueueRecords([{ messageId: '1', body }], { store: bad, sender, clock: fixedClock('2026-11-25T10:00:00Z'), log });
    expect(r.failedMessageIds).toEqual(['1']);
    const guard = (s: typeof sender) =>
      s.sent
        .filter((m) => m.finding.ruleId === 'bedrock_agent_guardrail_enabled')
        .map((m) => [(m.finding as { resourceName?: string }).resourceName, m.transition])
        .sort();
    expect(guard(sender)).toEqual([
      ['b', 'opened'],
      ['c', 'opened'],
    ]);
    expect(JSON.stringify(log.entries)).toContain('failedFindings');
    // the retry (SQS redelivery: ApproximateReceiveCount 2) stores the last one; the others are persisted, which keeps
    // their delivered state (same updatedAt): the resend of changes since the request re-sends them under the state
    // key the failure path already delivered, so the deliver stage's claims skip them (no second import or event)
    const retry = collector();
    await assessQueueRecords([{ messageId: '1', body, receiveCount: 2 }], {
      store,
      sender: retry,
      clock: fixedClock('2026-11-25T10:05:00Z'),
      log,
    });
    const keys = (s: typeof sender) =>
      s.sent
        .filter((m) => m.finding.ruleId === 'bedrock_agent_guardrail_enabled')
        .map((m) => stateKey(m.finding as unknown as Finding))
        .sort();
    const delivered = new Set(keys(sender));
    const fresh = retry.sent.filter(
      (m) => m.finding.ruleId === 'bedrock_agent_guardrail_enabled' && !delivered.has(stateKey(m.finding as unknown as Finding)),
    );
    expect(fresh.map((m) => [(m.finding as { resourceName?: string }).resourceName, m.transition])).toEqual([['a', 'opened']]);
    expect(keys(retry).filter((k) => delivered.has(k))).toHaveLength(2);
  });
});
