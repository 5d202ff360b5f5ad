import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { lookbackCoverageGaps, runTrailLookback } from '../../../shared/pipeline/trail-lookback.ts';
import {
  lookupLabel,
  lookupsFor,
  MIN_REQUEST_INTERVAL_MS,
  NAMED_LOOKUP_MAX_PAGES,
  parseLookback,
  parseLookupEvent,
  RARE_BEDROCK_EVENTS,
  readRegion,
  type TrailLookup,
} from '../../../shared/runtime/trail-lookup.ts';

/** The Bedrock source lookup alone (the reader's mechanics do not depend on which lookups it is given). */
const SOURCE_ONLY: TrailLookup[] = [{ key: 'EventSource', value: 'bedrock.amazonaws.com' }];
/** A LookupEvents fake that answers the event-source lookup with `events` and every by-name lookup with nothing. */
const onSourceLookup = (events: unknown[]) => async (input: { LookupAttributes?: { AttributeKey?: string }[] }) => ({
  Events: (input.LookupAttributes?.[0]?.AttributeKey === 'EventSource' ? events : []) as never,
});
import { MemoryStore } from '../../../shared/store/memory.ts';
import { fixedClock } from '../../../shared/util/clock.ts';
import { memoryLog, silentLog } from '../../../shared/util/logger.ts';
import { lookupEvent, reconBurst, trailRecord } from '../../helpers/trail-records.ts';

const NOW = '2026-11-25T12:00:00.000Z';
const H = 3600_000;

/** Fake monotonic time: sleeping advances it, so pacing is observable without waiting. */
function fakeTime() {
  let t = 0;
  const sleeps: number[] = [];
  return {
    now: () => t,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      t += ms;
    },
    advance: (ms: number) => {
      t += ms;
    },
    sleeps,
  };
}

function regionClient() {
  const client = new CloudTrailClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
  return { client, mock: mockClient(client) };
}

const window = () => ({ start: new Date(Date.parse(NOW) - 24 * H), end: new Date(NOW) });

describe('--cloudtrail-lookback values', () => {
  it('takes whole hours or days from 1h to 90d', () => {
    expect(parseLookback('24h')).toBe(24 * H);
    expect(parseLookback('7d')).toBe(7 * 24 * H);
    expect(parseLookback('90d')).toBe(90 * 24 * H);
    expect(parseLookback('1H')).toBe(H);
    for (const bad of ['91d', '0h', '30m', '2w', '', 'abc', '-1d', '1.5d']) expect(() => parseLookback(bad)).toThrow(/cloudtrail-lookback/);
  });

  it('looks up Bedrock events in every region and the IAM API-key events in the global region only, first', () => {
    const rare = RARE_BEDROCK_EVENTS.map((value) => ({ key: 'EventName', value }));
    expect(rare.map((r) => r.value)).toEqual(expect.arrayContaining(['DeleteGuardrail', 'DeleteModelInvocationLoggingConfiguration']));
    expect(lookupsFor('eu-west-1', 'us-east-1')).toEqual([...rare, { key: 'EventSource', value: 'bedrock.amazonaws.com' }]);
    expect(lookupsFor('us-east-1', 'us-east-1')).toEqual([
      { key: 'EventName', value: 'CreateServiceSpecificCredential' },
      { key: 'EventName', value: 'UpdateServiceSpecificCredential' },
      ...rare,
      { key: 'EventSource', value: 'bedrock.amazonaws.com' },
    ]);
  });
});

describe('parsing CloudTrailEvent strings', () => {
  it('normalizes a record into the shape the CloudTrail detectors take', () => {
    const rec = trailRecord('DeleteGuardrail', '2026-11-25T10:00:00Z', { req: { guardrailIdentifier: 'gr-1' } });
    const p = parseLookupEvent(lookupEvent(rec), 'us-east-1');
    if ('malformed' in p) throw new Error(p.malformed);
    expect(p.event).toMatchObject({
      eventId: rec.eventID,
      eventName: 'DeleteGuardrail',
      eventSource: 'bedrock.amazonaws.com',
      eventTime: '2026-11-25T10:00:00.000Z',
      region: 'us-east-1',
      accountId: '111122223333',
      identity: 'arn:aws:iam::111122223333:user/stolen-key-user',
      requestParameters: { guardrailIdentifier: 'gr-1' },
      source: { uri: 'cloudtrail-lookup://us-east-1', eventId: rec.eventID },
    });
  });

  it('names the reason a string is malformed', () => {
    expect(parseLookupEvent({ EventId: 'a' }, 'r')).toEqual({ malformed: 'missing-cloudtrail-event' });
    expect(parseLookupEvent({ CloudTrailEvent: '{"eventName": "Li' }, 'r')).toEqual({ malformed: 'invalid-json' });
    expect(parseLookupEvent({ CloudTrailEvent: '[1,2]' }, 'r')).toEqual({ malformed: 'not-a-trail-record' });
    expect(parseLookupEvent({ CloudTrailEvent: '{"secret":"sk-live-123"}' }, 'r')).toEqual({ malformed: 'not-a-trail-record' });
  });
});

describe('reading one region', () => {
  it('follows NextToken with the same lookup, window and page size, one request per 500 ms', async () => {
    const { client, mock } = regionClient();
    const t0 = new Date(Date.parse(NOW) - 2 * H);
    const recs = reconBurst(t0);
    mock
      .on(LookupEventsCommand)
      .resolvesOnce({ Events: recs.slice(0, 5).map(lookupEvent) as never, NextToken: 'p2' })
      .resolvesOnce({ Events: recs.slice(5, 10).map(lookupEvent) as never, NextToken: 'p3' })
      .resolvesOnce({ Events: recs.slice(10).map(lookupEvent) as never });
    const time = fakeTime();
    const { start, end } = window();
    const r = await readRegion({
      region: 'eu-west-1',
      client,
      lookups: SOURCE_ONLY,
      start,
      end,
      maxPages: 20,
      deadline: 60_000,
      now: time.now,
      sleep: time.sleep,
    });
    expect(r).toMatchObject({ pages: 3, requests: 3, eventsReturned: 12, malformed: 0, notes: [] });
    expect(r.events.map((e) => e.eventId)).toEqual(recs.map((x) => x.eventID));
    const inputs = mock.commandCalls(LookupEventsCommand).map((c) => c.args[0].input);
    expect(inputs.map((i) => i.NextToken)).toEqual([undefined, 'p2', 'p3']);
    for (const i of inputs) {
      expect(i).toMatchObject({
        LookupAttributes: [{ AttributeKey: 'EventSource', AttributeValue: 'bedrock.amazonaws.com' }],
        StartTime: start,
        EndTime: end,
        MaxResults: 50,
      });
    }
    // paced: the 2nd and 3rd requests waited for the 2-requests-per-second limit
    expect(time.sleeps).toEqual([MIN_REQUEST_INTERVAL_MS, MIN_REQUEST_INTERVAL_MS]);
  });

  it('stops each lookup at its page cap and says how far back that lookup read', async () => {
    const { client, mock } = regionClient();
    let n = 0;
    const old = trailRecord('CreateServiceSpecificCredential', new Date(Date.parse(NOW) - 20 * H), {
      req: { serviceName: 'bedrock.amazonaws.com' },
    });
    mock.on(LookupEventsCommand).callsFake(async (input) => {
      const a = input.LookupAttributes?.[0];
      // a by-name lookup answers one old event (its read-back time must not stand for the source lookup's)
      if (a?.AttributeValue === 'CreateServiceSpecificCredential') return { Events: [lookupEvent(old)] };
      if (a?.AttributeKey === 'EventName') return { Events: [] };
      n++;
      const rec = trailRecord('InvokeModel', new Date(Date.parse(NOW) - n * 60_000), { req: { modelId: 'm' } });
      return { Events: [lookupEvent(rec)], NextToken: `p${n + 1}` };
    });
    const time = fakeTime();
    const lookups = lookupsFor('us-east-1', 'us-east-1');
    const r = await readRegion({
      region: 'us-east-1',
      client,
      lookups,
      ...window(),
      maxPages: 2,
      deadline: 60_000,
      now: time.now,
      sleep: time.sleep,
    });
    // every by-name lookup ran (one page each), then 2 pages of the event source
    expect(r.pages).toBe(lookups.length - 1 + 2);
    expect(r.events.map((e) => e.eventName)).toContain('CreateServiceSpecificCredential');
    expect(r.notes).toEqual([
      {
        region: 'us-east-1',
        reason: 'page-cap',
        lookups: ['EventSource=bedrock.amazonaws.com'],
        readBackTo: '2026-11-25T11:58:00.000Z',
        message: 'page cap reached (2 pages of 50 events)',
      },
    ]);
  });

  it('caps a by-name lookup on its own: a busy rare lookup cannot use up the event source pages, nor hide it', async () => {
    const { client, mock } = regionClient();
    let named = 0;
    mock.on(LookupEventsCommand).callsFake(async (input) => {
      const a = input.LookupAttributes?.[0];
      if (a?.AttributeValue === 'DeleteGuardrail') {
        named++;
        const rec = trailRecord('DeleteGuardrail', new Date(Date.parse(NOW) - named * 60_000), {
          req: { guardrailIdentifier: `g${named}` },
        });
        return { Events: [lookupEvent(rec)], NextToken: `n${named + 1}` };
      }
      if (a?.AttributeKey === 'EventName') return { Events: [] };
      return { Events: [lookupEvent(trailRecord('ListFoundationModels', new Date(Date.parse(NOW) - H)))] };
    });
    const time = fakeTime();
    const r = await readRegion({
      region: 'eu-west-1',
      client,
      lookups: lookupsFor('eu-west-1', 'us-east-1'),
      ...window(),
      maxPages: 20,
      deadline: 60_000,
      now: time.now,
      sleep: time.sleep,
    });
    expect(named).toBe(NAMED_LOOKUP_MAX_PAGES);
    expect(r.notes).toMatchObject([{ reason: 'page-cap', lookups: ['EventName=DeleteGuardrail'] }]);
    // the event source was still read
    expect(r.events.map((e) => e.eventName)).toContain('ListFoundationModels');
  });

  it('reports a throttling error that outlived the SDK retries instead of failing the scan', async () => {
    const { client, mock } = regionClient();
    mock.on(LookupEventsCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    const time = fakeTime();
    const r = await readRegion({
      region: 'eu-west-1',
      client,
      lookups: SOURCE_ONLY,
      ...window(),
      maxPages: 20,
      deadline: 60_000,
      now: time.now,
      sleep: time.sleep,
    });
    expect(r.notes).toMatchObject([
      { region: 'eu-west-1', reason: 'lookup-failed', errorCode: 'ThrottlingException', lookups: ['EventSource=bedrock.amazonaws.com'] },
    ]);
  });

  it('counts and skips malformed CloudTrailEvent strings without logging their content', async () => {
    const { client, mock } = regionClient();
    const good = trailRecord('DeleteGuardrail', new Date(Date.parse(NOW) - H), { req: { guardrailIdentifier: 'gr-1' } });
    mock
      .on(LookupEventsCommand)
      .callsFake(
        onSourceLookup([
          lookupEvent('{"userIdentity": {"arn": "SECRET-ARN-PAYLOAD"'),
          lookupEvent('"SECRET-STRING-PAYLOAD"'),
          { EventId: 'no-body', EventName: 'ListFoundationModels' },
          lookupEvent(good),
        ]),
      );
    const log = memoryLog();
    const res = await runTrailLookback({
      regions: ['eu-west-1'],
      lookbackMs: 24 * H,
      client: () => client,
      store: new MemoryStore(),
      clock: fixedClock(NOW),
      log,
      sleep: async () => {},
    });
    const r = res.regions[0];
    expect(r).toMatchObject({
      eventsReturned: 4,
      malformed: 3,
      malformedByReason: { 'invalid-json': 1, 'not-a-trail-record': 1, 'missing-cloudtrail-event': 1 },
    });
    expect(r.events.map((e) => e.eventId)).toEqual([good.eventID]);
    expect(res.malformed).toBe(3);
    expect(JSON.stringify(log.entries)).not.toContain('PAYLOAD');
    expect(log.entries.some((e) => e.message.includes('malformed') && e.extra?.malformed === 3)).toBe(true);
    // the good event still becomes a finding
    expect(res.findings.map((f) => f.detector)).toEqual(['trail.guardrail-deleted']);
  });

  it('keeps only events inside the requested window (LookupEvents gets StartTime/EndTime too)', async () => {
    const { client, mock } = regionClient();
    const inside = trailRecord('DeleteGuardrail', new Date(Date.parse(NOW) - 2 * H));
    const before = trailRecord('DeleteGuardrail', new Date(Date.parse(NOW) - 30 * H));
    const after = trailRecord('DeleteGuardrail', new Date(Date.parse(NOW) + H));
    mock.on(LookupEventsCommand).callsFake(onSourceLookup([after, inside, before].map(lookupEvent)));
    const res = await runTrailLookback({
      regions: ['eu-west-1'],
      lookbackMs: 24 * H,
      client: () => client,
      store: new MemoryStore(),
      clock: fixedClock(NOW),
      log: silentLog,
      sleep: async () => {},
    });
    expect(res.window).toEqual({ start: '2026-11-24T12:00:00.000Z', end: NOW });
    const input = mock.commandCalls(LookupEventsCommand)[0].args[0].input;
    expect(input.StartTime?.toISOString()).toBe(res.window.start);
    expect(input.EndTime?.toISOString()).toBe(NOW);
    expect(res.regions[0]).toMatchObject({ outsideWindow: 2 });
    expect(res.regions[0].events.map((e) => e.eventId)).toEqual([inside.eventID]);
  });
});

describe('the look-back over several regions', () => {
  it('AccessDenied in one region is a note; the other regions go on and their findings carry event ids', async () => {
    const east = regionClient();
    const west = regionClient();
    const burst = reconBurst(new Date(Date.parse(NOW) - 3 * H));
    east.mock.on(LookupEventsCommand).callsFake(async (input) => {
      const a = input.LookupAttributes?.[0];
      return { Events: a?.AttributeKey === 'EventSource' ? burst.map(lookupEvent) : [] };
    });
    west.mock
      .on(LookupEventsCommand)
      .rejects(Object.assign(new Error('User is not authorized to perform: cloudtrail:LookupEvents'), { name: 'AccessDeniedException' }));
    const store = new MemoryStore();
    const res = await runTrailLookback({
      regions: ['us-east-1', 'eu-west-1'],
      lookbackMs: 24 * H,
      client: (r) => (r === 'us-east-1' ? east.client : west.client),
      store,
      clock: fixedClock(NOW),
      log: silentLog,
      sleep: async () => {},
    });
    expect(res.events).toBe(12);
    expect(res.notes).toMatchObject([
      {
        region: 'eu-west-1',
        reason: 'lookup-failed',
        errorCode: 'AccessDeniedException',
        lookups: lookupsFor('eu-west-1', 'us-east-1').map(lookupLabel),
      },
    ]);
    // two IAM API-key lookups, the rare Bedrock events by name, the Bedrock source
    expect(east.mock.commandCalls(LookupEventsCommand)).toHaveLength(3 + RARE_BEDROCK_EVENTS.length);
    const recon = res.findings.filter((f) => f.detector === 'trail.llmjacking-recon');
    expect(recon.length).toBeGreaterThan(0);
    expect(recon[0]).toMatchObject({
      source: 'runtime',
      severity: 'HIGH',
      status: 'NEW',
      complianceStatus: 'FAIL',
      identity: 'arn:aws:iam::111122223333:user/stolen-key-user',
    });
    expect(recon[0].eventIds).toEqual(expect.arrayContaining(burst.slice(0, 3).map((r) => String(r.eventID))));
    // in the store like any runtime finding (so the report and the exit gate see it)
    expect((await store.allFindings()).map((f) => f.id)).toEqual(expect.arrayContaining(recon.map((f) => f.id)));
    const gaps = lookbackCoverageGaps(res, '111122223333', NOW);
    expect(gaps).toEqual([
      {
        accountId: '111122223333',
        region: 'eu-west-1',
        service: 'cloudtrail',
        operation: 'LookupEvents',
        errorCode: 'AccessDeniedException',
        message: `CloudTrail look-back LookupEvents failed: AccessDeniedException; not read: ${lookupsFor('eu-west-1', 'us-east-1')
          .map(lookupLabel)
          .join(', ')}`,
        observedAt: NOW,
      },
    ]);
  });

  it('says when the global region (IAM API-key events) is not scanned', async () => {
    const { client, mock } = regionClient();
    mock.on(LookupEventsCommand).resolves({ Events: [] });
    const res = await runTrailLookback({
      regions: ['eu-west-1'],
      lookbackMs: H,
      client: () => client,
      store: new MemoryStore(),
      clock: fixedClock(NOW),
      log: silentLog,
      sleep: async () => {},
    });
    expect(res.notes).toMatchObject([{ region: 'us-east-1', reason: 'not-looked-up' }]);
  });

  it('never hangs: the time budget aborts a request in flight and the region is reported', async () => {
    const hanging = {
      send: (_cmd: unknown, opts?: { abortSignal?: AbortSignal }) =>
        new Promise<never>((_, reject) => {
          opts?.abortSignal?.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' })));
        }),
    };
    const t = Date.now();
    const res = await runTrailLookback({
      regions: ['us-east-1'],
      lookbackMs: H,
      budgetMs: 150,
      client: () => hanging as never,
      store: new MemoryStore(),
      clock: fixedClock(NOW),
      log: silentLog,
    });
    expect(Date.now() - t).toBeLessThan(5000);
    expect(res.notes).toMatchObject([{ region: 'us-east-1', reason: 'time-budget' }]);
  });

  it('does not start a request once the budget is spent', async () => {
    const { client, mock } = regionClient();
    const time = fakeTime();
    mock.on(LookupEventsCommand).callsFake(async () => {
      time.advance(700); // each request takes 0.7 s
      return { Events: [], NextToken: 'more' };
    });
    const res = await runTrailLookback({
      regions: ['eu-west-1'],
      lookbackMs: H,
      budgetMs: 2000,
      client: () => client,
      store: new MemoryStore(),
      clock: fixedClock(NOW),
      log: silentLog,
      now: time.now,
      sleep: time.sleep,
    });
    expect(mock.commandCalls(LookupEventsCommand)).toHaveLength(3);
    expect(res.notes).toMatchObject([
      { region: 'us-east-1', reason: 'not-looked-up' },
      { region: 'eu-west-1', reason: 'time-budget' },
    ]);
  });
});
