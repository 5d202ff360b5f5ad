/** `analyzeTrailMessages`: CloudTrail events of one SQS batch; claims, failures and retries never lose or double count. */
import { describe, expect, it } from 'vitest';
import {
  analyzeTrailMessages,
  DEFAULT_TRAIL_CLAIM_TTL_SECONDS,
  TRAIL_MARK_CONCURRENCY,
  type TrailRuntimeDeps,
  unreleasedMessagesOf,
  writtenChangesOf,
} from '../../../shared/pipeline/analyze.ts';
import { apiKeyId } from '../../../shared/domain/asset.ts';
import { MemoryDeadLetter } from '../../../shared/runtime/deadletter.ts';
import { defaultDetectorSet } from '../../../shared/runtime/default-detectors.ts';
import { MemoryStore } from '../../../shared/store/memory.ts';
import { fixedClock } from '../../../shared/util/clock.ts';
import { sha256Hex } from '../../../shared/util/hash.ts';
import { memoryLog } from '../../../shared/util/logger.ts';
import { TRAIL_ACCOUNT, trailMessage } from '../../fixtures/trail.ts';

const ACCOUNT = TRAIL_ACCOUNT;
const trail = (eventName: string, eventID: string, time?: string, caller?: string) => trailMessage(eventName, eventID, { time, caller });

function setup() {
  const clock = fixedClock('2026-11-20T10:20:00Z');
  const store = new MemoryStore(() => clock.now().getTime());
  const deadLetter = new MemoryDeadLetter();
  const log = memoryLog();
  const deps: TrailRuntimeDeps = { store, detectors: defaultDetectorSet(), deadLetter, log, clock };
  return { clock, store, deadLetter, log, deps };
}

const guardrailFindings = async (store: MemoryStore) =>
  (await store.allFindings()).filter((f) => f.source === 'runtime' && f.ruleId.includes('guardrail-deleted'));

describe('analyzeTrailMessages', () => {
  it('a claim that throws releases the claims taken before it: the retry analyzes every event', async () => {
    const { store, deps } = setup();
    const msgs = [trail('DeleteGuardrail', 'a1'), trail('DeleteGuardrail', 'a2'), trail('DeleteGuardrail', 'a3')];
    const claim = store.claim.bind(store);
    let calls = 0;
    store.claim = async (key, ttl) => {
      if (++calls === 3) throw new Error('throttled');
      return claim(key, ttl);
    };
    await expect(analyzeTrailMessages(deps, msgs)).rejects.toThrow('throttled');
    store.claim = claim;
    const out = await analyzeTrailMessages(deps, msgs);
    expect(out.status).toBe('processed');
    expect(out.totals?.trailEvents).toBe(3);
    const [f, ...more] = await guardrailFindings(store);
    expect(more).toHaveLength(0);
    expect(f?.occurrences).toBe(3);
  });

  it('claims are short until the findings are written, then kept; a crash leaves claims that expire before re-delivery', async () => {
    const { clock, store, deps } = setup();
    const putFinding = store.putFinding.bind(store);
    // a crash/timeout after claiming: nothing released (simulated by a write that never finishes being handled)
    store.putFinding = () => new Promise(() => undefined);
    void analyzeTrailMessages(deps, [trail('DeleteGuardrail', 'c1')]);
    await new Promise((r) => setTimeout(r, 20));
    store.putFinding = putFinding;
    // SQS re-delivers after the trail queue's visibility timeout (35 min; test/infra/stack.test.ts checks the claim
    // expiry against the synthesized queue and function): the short claim has expired
    expect(DEFAULT_TRAIL_CLAIM_TTL_SECONDS).toBeGreaterThan(5 * 60);
    clock.advance(35 * 60_000);
    expect((await analyzeTrailMessages(deps, [trail('DeleteGuardrail', 'c1')])).status).toBe('processed');
    // after a successful write the mark outlives re-deliveries: for the queue's retention (4 days), not longer
    clock.advance(4 * 24 * 3600_000 - 60_000);
    expect((await analyzeTrailMessages(deps, [trail('DeleteGuardrail', 'c1')])).status).toBe('duplicate');
    expect(await store.claim(`runtime-trail#${sha256Hex('c1').slice(0, 40)}`, 1)).toBe(false);
    clock.advance(2 * 60_000);
    expect(await store.claim(`runtime-trail#${sha256Hex('c1').slice(0, 40)}`, 1)).toBe(true);
  });

  it('a failed run discards its buffered dead letters before releasing its claims (the retry would put them again)', async () => {
    const { store, deps } = setup();
    const order: string[] = [];
    deps.deadLetter = {
      put: () => undefined,
      flush: async () => {
        order.push('flush');
      },
      discard: () => order.push('discard'),
    };
    const release = store.release.bind(store);
    store.release = async (key) => {
      order.push('release');
      return release(key);
    };
    const putFinding = store.putFinding.bind(store);
    store.putFinding = async () => {
      throw new Error('write failed');
    };
    await expect(analyzeTrailMessages(deps, [trail('DeleteGuardrail', 'd1')])).rejects.toThrow('write failed');
    expect(order).toEqual(['discard', 'release']);
    store.putFinding = putFinding;
    expect((await analyzeTrailMessages(deps, [trail('DeleteGuardrail', 'd1')])).status).toBe('processed');
  });

  it('a write failing after another was stored: the retry counts nothing twice, the stored change is handed over once', async () => {
    const { store, deps } = setup();
    const msgs = [trail('DeleteGuardrail', 'p1', undefined, 'Alice'), trail('DeleteGuardrail', 'p2', undefined, 'Bob')];
    const putFinding = store.putFinding.bind(store);
    let puts = 0;
    store.putFinding = async (f, v) => {
      if (++puts === 2) throw new Error('write failed');
      return putFinding(f, v);
    };
    const err = await analyzeTrailMessages(deps, msgs).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    const first = writtenChangesOf(err);
    expect(first.map((c) => c.transition)).toEqual(['opened']);
    store.putFinding = putFinding;
    const retry = await analyzeTrailMessages(deps, msgs);
    // only the finding not written before is opened now
    expect(retry.changes.map((c) => c.transition)).toEqual(['opened']);
    expect(retry.changes[0]?.finding.id).not.toBe(first[0]?.finding.id);
    const found = await guardrailFindings(store);
    expect(found).toHaveLength(2);
    for (const f of found) expect(f.occurrences).toBe(1);
  });

  it('a write failing while others are in flight: the changes they store are handed over, none delivered late or lost', async () => {
    const { store, deps } = setup();
    const msgs = ['Alice', 'Bob', 'Carol'].map((who, i) => trail('DeleteGuardrail', `w${i}`, undefined, who));
    const putFinding = store.putFinding.bind(store);
    store.putFinding = async (f, v) => {
      if (f.identity?.includes('/Bob/')) throw new Error('write failed');
      await new Promise((r) => setTimeout(r, 20)); // a round trip: still in flight when Bob's write fails
      return putFinding(f, v);
    };
    const err = await analyzeTrailMessages(deps, msgs).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    const stored = await guardrailFindings(store);
    expect(stored.map((f) => f.identity?.split('/')[1]).sort()).toEqual(['Alice', 'Carol']);
    // every finding stored by the failed run rides on its error (the retry re-records them without a change to deliver)
    expect(
      writtenChangesOf(err)
        .map((c) => c.finding.id)
        .sort(),
    ).toEqual(stored.map((f) => f.id).sort());
  });

  it('claims and mark extensions of a batch run several at a time, with the same outcome', async () => {
    const { store, deps } = setup();
    let inFlight = 0;
    let peak = 0;
    let won = 0;
    const slow =
      <A extends unknown[]>(fn: (...a: A) => Promise<boolean>) =>
      async (...a: A) => {
        peak = Math.max(peak, ++inFlight);
        await new Promise((r) => setTimeout(r, 2));
        inFlight--;
        return fn(...a);
      };
    const claim = slow(store.claim.bind(store));
    store.claim = async (key, ttl) => {
      const ok = await claim(key, ttl);
      if (ok) won++;
      return ok;
    };
    store.extend = slow(store.extend.bind(store));
    // 40 events, one of them delivered twice in the batch: analyzed once
    const msgs = Array.from({ length: 40 }, (_, i) => trail('DeleteGuardrail', `k${i}`));
    const out = await analyzeTrailMessages(deps, [...msgs, msgs[7]]);
    expect(peak).toBe(TRAIL_MARK_CONCURRENCY);
    expect(out.totals?.trailEvents).toBe(40);
    expect(won).toBe(40);
    expect((await analyzeTrailMessages(deps, msgs)).status).toBe('duplicate');
  });

  it('a failed claim stops further claims (a throttled table is not sent the rest of the batch); those taken are released', async () => {
    const { store, deps } = setup();
    let claims = 0;
    const claim = store.claim.bind(store);
    store.claim = async (key, ttl) => {
      const n = ++claims;
      await new Promise((r) => setTimeout(r, 1));
      if (n === 3) throw Object.assign(new Error('throttled'), { name: 'ThrottlingException' });
      return claim(key, ttl);
    };
    const released: string[] = [];
    const release = store.release.bind(store);
    store.release = async (key) => {
      released.push(key);
      return release(key);
    };
    const msgs = Array.from({ length: 1000 }, (_, i) => trail('DeleteGuardrail', `c${i}`));
    await expect(analyzeTrailMessages(deps, msgs)).rejects.toThrow('throttled');
    // only the claims in flight when the third failed were sent (at most one round of workers), not 1,000
    expect(claims).toBeLessThanOrEqual(2 * TRAIL_MARK_CONCURRENCY);
    expect(released.length).toBe(claims - 1);
    // every claim taken was released: the whole batch can be claimed again
    store.claim = claim;
    expect((await analyzeTrailMessages(deps, msgs)).totals?.trailEvents).toBe(1000);
  });

  it('a claim that cannot be released is named on the error (its message must go back to SQS)', async () => {
    const { store, deps, log } = setup();
    store.putFinding = async () => {
      throw new Error('write failed');
    };
    const release = store.release.bind(store);
    store.release = async (key) => {
      if (key === `runtime-trail#${sha256Hex('u2').slice(0, 40)}`) throw new Error('release failed');
      return release(key);
    };
    const err = await analyzeTrailMessages(deps, [trail('DeleteGuardrail', 'u1'), trail('DeleteGuardrail', 'u2')]).catch((e: unknown) => e);
    expect(err).toMatchObject({ message: 'write failed' });
    expect(unreleasedMessagesOf(err)).toEqual(['m-u2']);
    expect(log.entries.some((e) => e.message.includes('could not release'))).toBe(true);
  });

  it('a retry holding one more event than the failed run counts only that event (single-event detectors count per id)', async () => {
    const { store, deps } = setup();
    const putFinding = store.putFinding.bind(store);
    store.putFinding = async (f, v) => {
      if (f.identity?.includes('/Bob/')) throw new Error('write failed');
      return putFinding(f, v);
    };
    const a = (id: string) => trail('DeleteGuardrail', id, undefined, 'Alice');
    const bob = trail('DeleteGuardrail', 'rb1', undefined, 'Bob');
    // Alice's finding (2 events) stored, then Bob's write fails: the claims are released
    await expect(analyzeTrailMessages(deps, [a('ra1'), a('ra2'), bob])).rejects.toThrow('write failed');
    expect((await guardrailFindings(store)).map((f) => f.occurrences)).toEqual([2]);
    store.putFinding = putFinding;
    // SQS retries them in a batch with one more event of Alice
    await analyzeTrailMessages(deps, [a('ra1'), a('ra2'), a('ra3'), bob]);
    const found = await guardrailFindings(store);
    const alice = found.find((f) => f.identity?.includes('/Alice/'));
    expect(alice?.occurrences).toBe(3);
    expect(alice?.eventIds).toEqual(['ra1', 'ra2', 'ra3']);
    expect(found.find((f) => f.identity?.includes('/Bob/'))?.occurrences).toBe(1);
  });

  it('a mark released before its second phase is not recreated: counted as lost, no content logged', async () => {
    const { store, deps, log } = setup();
    const extend = store.extend.bind(store);
    store.extend = async (key, ttl) => {
      await store.release(key);
      return extend(key, ttl);
    };
    expect((await analyzeTrailMessages(deps, [trail('DeleteGuardrail', 'l1'), trail('DeleteGuardrail', 'l2')])).status).toBe('processed');
    expect(log.entries.filter((e) => e.message.includes('marks'))).toEqual([
      { level: 'warn', message: 'some CloudTrail event marks no longer existed; not extended', extra: { lost: 2, total: 2 } },
    ]);
    expect(await store.claim(`runtime-trail#${sha256Hex('l1').slice(0, 40)}`, 1)).toBe(true);
  });

  it('drops and counts events of accounts without a delivery route, logging no content', async () => {
    const { store, deps, log } = setup();
    deps.deliverableAccounts = new Set(['111122223333']);
    const out = await analyzeTrailMessages(deps, [trail('DeleteGuardrail', 'u1'), trail('DeleteGuardrail', 'u2')]);
    expect(out).toMatchObject({ status: 'duplicate', changes: [], unroutedEvents: 2 });
    expect(await guardrailFindings(store)).toHaveLength(0);
    expect(log.entries.filter((e) => e.message.includes('delivery route'))).toEqual([
      { level: 'warn', message: 'CloudTrail events of accounts without a delivery route dropped', extra: { count: 2 } },
    ]);
    // the member account routed (its scan role configured): analyzed
    deps.deliverableAccounts = new Set(['111122223333', ACCOUNT]);
    const routed = await analyzeTrailMessages(deps, [trail('DeleteGuardrail', 'u1')]);
    expect(routed.status).toBe('processed');
    expect(routed.unroutedEvents).toBeUndefined();
  });
});

describe('analyzeTrailMessages: a re-activated service-specific credential', () => {
  /** UpdateServiceSpecificCredential as CloudTrail logs it (IAM): no service in the request. */
  const reactivate = (credentialId: string, eventID: string, caller: string) => {
    const m = trail('UpdateServiceSpecificCredential', eventID, '2026-11-20T10:16:00Z', caller);
    m.envelope.source = 'aws.iam';
    Object.assign(m.envelope.detail as Record<string, unknown>, {
      eventSource: 'iam.amazonaws.com',
      awsRegion: 'us-east-1',
      requestParameters: { userName: 'ci-bot', serviceSpecificCredentialId: credentialId, status: 'Active' },
    });
    return m;
  };
  const keyFindings = async (store: MemoryStore) =>
    (await store.allFindings()).filter((f) => f.source === 'runtime' && f.ruleId.includes('bedrock-api-key'));

  it('is a Bedrock API key (MEDIUM) only when the inventory holds it; another credential is LOW, service unknown', async () => {
    const { store, deps } = setup();
    const inventory = new MemoryStore();
    await inventory.putAsset({
      id: apiKeyId(ACCOUNT, 'ACCABEDROCK1'),
      type: 'iam.bedrock-api-key',
      accountId: ACCOUNT,
      region: 'global',
      name: 'ci-bot/ACCABEDROCK1',
      config: {},
      tags: {},
      relationships: [],
      configHash: 'h',
      firstSeen: '2026-11-01T00:00:00.000Z',
      lastSeen: '2026-11-01T00:00:00.000Z',
    } as never);
    let reads = 0;
    deps.assets = {
      getAsset: (id) => {
        reads++;
        return inventory.getAsset(id);
      },
    };
    await analyzeTrailMessages(deps, [reactivate('ACCABEDROCK1', 'k1', 'Alice'), reactivate('ACCACODECOMMIT1', 'k2', 'Bob')]);
    const found = await keyFindings(store);
    const bySeverity = found.map((f) => [f.severity, f.identity]).sort();
    expect(bySeverity).toEqual([
      ['LOW', 'arn:aws:sts::999988887777:assumed-role/Bob/s1'],
      ['MEDIUM', 'arn:aws:sts::999988887777:assumed-role/Alice/s1'],
    ]);
    expect(reads).toBe(2); // one point read per credential
  });

  it('deactivations and failed calls are not judged: the inventory is not read for them', async () => {
    const { store, deps } = setup();
    let reads = 0;
    deps.assets = {
      getAsset: async () => {
        reads++;
        return undefined;
      },
    };
    const off = reactivate('ACCABEDROCK1', 'k5', 'Alice');
    ((off.envelope.detail as Record<string, unknown>).requestParameters as Record<string, unknown>).status = 'Inactive';
    const denied = reactivate('ACCABEDROCK1', 'k6', 'Bob');
    Object.assign(denied.envelope.detail as Record<string, unknown>, { errorCode: 'AccessDenied', errorMessage: 'denied' });
    await analyzeTrailMessages(deps, [off, denied]);
    expect(reads).toBe(0);
    expect(await keyFindings(store)).toEqual([]);
    // the same credential re-activated twice (same account): one read
    await analyzeTrailMessages(deps, [reactivate('ACCABEDROCK1', 'k7', 'Alice'), reactivate('ACCABEDROCK1', 'k8', 'Bob')]);
    expect(reads).toBe(1);
  });

  it('a failed inventory read does not fail the batch: the service is reported unknown', async () => {
    const { store, deps, log } = setup();
    deps.assets = {
      getAsset: async () => {
        throw Object.assign(new Error('throttled'), { name: 'ProvisionedThroughputExceededException' });
      },
    };
    const out = await analyzeTrailMessages(deps, [reactivate('ACCABEDROCK1', 'k3', 'Alice')]);
    expect(out.status).toBe('processed');
    expect((await keyFindings(store)).map((f) => f.severity)).toEqual(['LOW']);
    expect(log.entries.some((e) => e.extra?.error === 'ProvisionedThroughputExceededException')).toBe(true);
  });
});
