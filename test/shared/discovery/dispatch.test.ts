import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNT_ID } from '../../../shared/demo/account.ts';
import { type StandinHandle, startAwsStandin } from '../../../shared/demo/aws-standin/index.ts';
import { createClientFactory } from '../../../shared/discovery/clients.ts';
import { dispatchDiscovery, isScheduledEvent, targetsFromEnv } from '../../../shared/discovery/dispatch.ts';
import { MemoryAssetEventSink } from '../../../shared/discovery/events.ts';
import type { AssessRequest } from '../../../shared/domain/messages.ts';
import { MemoryStore } from '../../../shared/store/memory.ts';
import { fixedClock } from '../../../shared/util/clock.ts';
import { memoryLog } from '../../../shared/util/logger.ts';

let standin: StandinHandle;
beforeAll(async () => {
  standin = await startAwsStandin({ pageSize: 50 });
});
afterAll(() => standin.close());

function deps() {
  const requests: AssessRequest[] = [];
  const sink = new MemoryAssetEventSink();
  const store = new MemoryStore();
  const clock = fixedClock('2026-11-25T06:00:00.000Z');
  return {
    requests,
    sink,
    store,
    clock,
    d: {
      targets: [{}],
      regions: ['us-east-1', 'eu-west-1'],
      clients: createClientFactory({
        endpoint: standin.url,
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
        maxAttempts: 2,
      }),
      store,
      clock,
      log: memoryLog(),
      sink,
      assess: async (r: AssessRequest) => {
        requests.push(r);
      },
    },
  };
}

describe('discover function logic', () => {
  it('a scheduled event runs a full scan, publishes AI Asset Changed events and requests an assessment', async () => {
    const t = deps();
    const s = await dispatchDiscovery({ 'detail-type': 'Scheduled Event', source: 'aws.events' }, t.d);
    expect(s).toMatchObject({ kind: 'scan', accounts: [DEMO_ACCOUNT_ID], assessRequests: 1, eventsFailed: 0 });
    expect(t.sink.events.length).toBe(s.changes);
    expect(t.sink.events.every((e) => e.detail.change === 'created' && e.detail.trigger === 'schedule')).toBe(true);
    expect(t.requests).toEqual([
      expect.objectContaining({ accountId: DEMO_ACCOUNT_ID, regions: ['us-east-1', 'eu-west-1'], trigger: 'schedule' }),
    ]);
    // a second schedule with nothing changed publishes nothing, but still asks for assessment
    const again = await dispatchDiscovery({ action: 'scan' }, t.d);
    expect(again.eventsPublished).toBe(0);
    expect(t.requests).toHaveLength(2);
  });

  it('a CloudTrail event refreshes and requests assessment of just the touched assets', async () => {
    const t = deps();
    await dispatchDiscovery({ action: 'scan' }, t.d);
    t.sink.events.length = 0;
    t.clock.set('2026-11-25T09:00:00.000Z');
    const ev = {
      'detail-type': 'AWS API Call via CloudTrail',
      account: DEMO_ACCOUNT_ID,
      detail: {
        eventSource: 'bedrock.amazonaws.com',
        eventName: 'PutModelInvocationLoggingConfiguration',
        awsRegion: 'eu-west-1',
        eventTime: '2026-11-25T08:59:00Z',
        readOnly: false,
      },
    };
    const s = await dispatchDiscovery(ev, t.d);
    expect(s.kind).toBe('refresh');
    expect(t.requests.at(-1)).toMatchObject({
      trigger: 'event',
      regions: ['eu-west-1'],
      assetIds: [`aispm:bedrock.logging-config:${DEMO_ACCOUNT_ID}:eu-west-1:model-invocation-logging`],
    });
    expect(t.sink.events).toEqual([]); // nothing changed in the stand-in
  });

  it('ignores events it cannot use, and events of accounts that are not targets', async () => {
    const t = deps();
    expect((await dispatchDiscovery({ hello: 'world' }, t.d)).reason).toBe('unsupported event');
    t.d.targets = [{ accountId: '999999999999', roleArn: 'arn:aws:iam::999999999999:role/scan' }] as never;
    const ev = {
      'detail-type': 'AWS API Call via CloudTrail',
      account: DEMO_ACCOUNT_ID,
      detail: { eventSource: 'bedrock.amazonaws.com', eventName: 'DeleteGuardrail', awsRegion: 'us-east-1' },
    };
    expect((await dispatchDiscovery(ev, t.d)).reason).toBe('account is not a target');
    expect(t.requests).toEqual([]);
  });

  it('parses targets and recognizes schedules', () => {
    expect(targetsFromEnv(undefined)).toEqual([{}]);
    expect(targetsFromEnv('arn:aws:iam::111111111111:role/a, arn:aws:iam::222222222222:role/b')).toEqual([
      { accountId: '111111111111', roleArn: 'arn:aws:iam::111111111111:role/a' },
      { accountId: '222222222222', roleArn: 'arn:aws:iam::222222222222:role/b' },
    ]);
    expect(() => targetsFromEnv('not-an-arn')).toThrow(/invalid role ARN/);
    expect(targetsFromEnv('arn:aws:iam::111111111111:role/a', 'aispm-7f3a9c2e')).toEqual([
      { accountId: '111111111111', roleArn: 'arn:aws:iam::111111111111:role/a', externalId: 'aispm-7f3a9c2e' },
    ]);
    expect(isScheduledEvent({ source: 'aws.scheduler' })).toBe(true);
    expect(isScheduledEvent({ 'detail-type': 'AWS API Call via CloudTrail' })).toBe(false);
  });
});
