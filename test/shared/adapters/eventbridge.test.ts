import { readdirSync, readFileSync } from 'node:fs';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEventBridgeSink, entrySize, MAX_PUT_BYTES } from '../../../shared/adapters/eventbridge.ts';
import { type DemoSinks, startDemoSinks } from '../../../shared/demo/sinks/index.ts';
import type { Finding } from '../../../shared/domain/finding.ts';
import { SEVERITIES } from '../../../shared/domain/severity.ts';
import { EVENT_DETAIL_TYPE, EVENT_SOURCE, envelope, toFindingEvent } from '../../../shared/findings/event.ts';
import { reconcile } from '../../../shared/findings/lifecycle.ts';
import { hasLoneSurrogate } from '../../../shared/findings/text.ts';
import { memoryLog } from '../../../shared/util/logger.ts';
import { fakeSleep, localEventBridge } from '../../fixtures/delivery/clients.ts';
import { finding, observation, runtimeObservation } from '../../fixtures/delivery/findings.ts';
import { ajv } from '../../fixtures/delivery/schemas.ts';

const now = new Date('2026-11-25T12:00:00Z');
const T0 = '2026-11-25T10:00:00.000Z';
const meta = { id: 'e1', account: '111122223333', region: 'us-east-1' };

describe('AI-SPM Finding events', () => {
  const validate = ajv().getSchema('urn:aispm:events:ai-spm-finding');
  if (!validate) throw new Error('schema not loaded');

  it('every produced event validates against events/ai-spm-finding.schema.json', () => {
    const events: { t: 'opened' | 'reopened' | 'updated' | 'resolved'; f: Finding }[] = [];
    for (const o of [
      observation(),
      runtimeObservation(),
      observation({ source: 'coverage', resourceId: 'aispm:coverage:x', resourceType: 'account' }),
    ]) {
      for (const severity of SEVERITIES) {
        const opened = reconcile(undefined, { ...o, severity }, T0).next as Finding;
        const updated = reconcile(opened, { ...o, severity, title: 'changed' }, '2026-11-25T11:00:00.000Z').next as Finding;
        const resolved = reconcile(updated, { ...o, status: 'PASS' }, '2026-11-25T12:00:00.000Z').next as Finding;
        const reopened = reconcile(resolved, o, '2026-11-25T13:00:00.000Z').next as Finding;
        events.push(
          { t: 'opened', f: opened },
          { t: 'updated', f: updated },
          { t: 'resolved', f: resolved },
          { t: 'reopened', f: reopened },
        );
        events.push({ t: 'opened', f: { ...opened, suppression: { id: 's', reason: 'r', owner: 'o', expiresAt: '2027-01-01' } } });
      }
    }
    events.push({ t: 'opened', f: finding({ evidence: { huge: 'x'.repeat(300_000), list: ['a'], n: 1, b: true, z: null } }) });
    for (const { t, f } of events) {
      const e = toFindingEvent(t, f, { now });
      expect(e.Source).toBe(EVENT_SOURCE);
      expect(e.DetailType).toBe(EVENT_DETAIL_TYPE);
      expect(entrySize(e)).toBeLessThan(MAX_PUT_BYTES);
      const ok = validate(envelope(e, meta));
      expect(ok, JSON.stringify(validate.errors)).toBe(true);
    }
  });

  it('carries well-formed evidence text: lone surrogates in a stored finding are replaced, not sent', () => {
    const f = finding({ evidence: { excerpts: ['a\ud83d', 'b'], note: `${'x'.repeat(2047)}😀`, ['k\udc00']: 1 } });
    const e = toFindingEvent('opened', f, { now });
    expect(hasLoneSurrogate(e.Detail)).toBe(false);
    expect(JSON.parse(e.Detail).finding.evidence).toMatchObject({ excerpts: ['a\ufffd', 'b'], note: `${'x'.repeat(2047)}…`, 'k\ufffd': 1 });
  });

  it('the sample events beside the schema validate, and a broken one does not', () => {
    const dir = new URL('../../../events/samples/', import.meta.url);
    const samples = readdirSync(dir).filter((n) => n.startsWith('ai-spm-finding'));
    expect(samples.length).toBeGreaterThanOrEqual(3);
    for (const n of samples) {
      const doc = JSON.parse(readFileSync(new URL(n, dir), 'utf8'));
      expect(validate(doc), `${n}: ${JSON.stringify(validate.errors)}`).toBe(true);
      expect(validate({ ...doc, detail: { ...doc.detail, transition: 'exploded' } })).toBe(false);
      expect(validate({ ...doc, detail: { ...doc.detail, finding: { ...doc.detail.finding, accountId: 'abc' } } })).toBe(false);
    }
    const change = ajv().getSchema('urn:aispm:events:finding-change');
    expect(change?.(JSON.parse(readFileSync(new URL('finding-change.json', dir), 'utf8')))).toBe(true);
    expect(change?.({ transition: 'opened' })).toBe(false);
  });
});

describe('schema drift guard', () => {
  it('a finding with every field set (Required<Finding>: adding a field to Finding breaks type-checking here) validates', () => {
    const full: Required<Finding> = {
      ...finding(),
      resourceName: 'nb',
      resolvedAt: T0,
      detector: 'injection',
      identity: 'arn:aws:sts::111122223333:assumed-role/app/alice',
      modelId: 'm',
      windowStart: T0,
      requestIds: ['r'],
      eventIds: ['e'],
      suppression: { id: 's', reason: 'r', owner: 'o', expiresAt: '2027-01-01' },
      version: 3,
    };
    const change = ajv().getSchema('urn:aispm:events:finding-change');
    expect(change?.({ transition: 'updated', finding: full, deliver: true }), JSON.stringify(change?.errors)).toBe(true);
    const validate = ajv().getSchema('urn:aispm:events:ai-spm-finding');
    expect(validate?.(envelope(toFindingEvent('updated', full, { now }), meta)), JSON.stringify(validate?.errors)).toBe(true);
  });
});

describe('createEventBridgeSink', () => {
  const client = new EventBridgeClient({});
  const eb = mockClient(client);
  beforeEach(() => eb.reset());
  const events = (n: number) =>
    Array.from({ length: n }, (_, i) => toFindingEvent('opened', finding({ id: String(i).padStart(32, '0') }), { now }));

  it('sends batches of 10 and re-sends only the failed entries', async () => {
    let call = 0;
    eb.on(PutEventsCommand).callsFake((input) => {
      call++;
      if (call === 1)
        return {
          FailedEntryCount: 1,
          Entries: input.Entries.map((_: unknown, i: number) => (i === 3 ? { ErrorCode: 'ThrottlingException' } : { EventId: `e${i}` })),
        };
      return { FailedEntryCount: 0, Entries: input.Entries.map((_: unknown, i: number) => ({ EventId: `r${i}` })) };
    });
    const sink = createEventBridgeSink({ client, eventBusName: 'aispm', retry: { sleep: fakeSleep() }, log: memoryLog() });
    const out = await sink.publish(events(23));
    expect(out.published).toBe(23);
    const calls = eb.commandCalls(PutEventsCommand).map((c) => c.args[0].input.Entries?.length);
    expect(calls).toEqual([10, 1, 10, 3]);
    expect(eb.commandCalls(PutEventsCommand)[0].args[0].input.Entries?.[0].EventBusName).toBe('aispm');
  });

  it('returns permanently failed entries without retrying them', async () => {
    eb.on(PutEventsCommand).resolves({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'MalformedDetail' }, { EventId: 'ok' }] });
    const sink = createEventBridgeSink({ client, eventBusName: 'aispm', retry: { sleep: fakeSleep() }, log: memoryLog() });
    const out = await sink.publish(events(2));
    expect(out.published).toBe(1);
    expect(out.failed.map((f) => f.errorCode)).toEqual(['MalformedDetail']);
    expect(eb.commandCalls(PutEventsCommand)).toHaveLength(1);
  });
});

describe('createEventBridgeSink over HTTP (local PutEvents stand-in)', () => {
  let sinks: DemoSinks;
  beforeEach(async () => {
    sinks = await startDemoSinks();
  });
  afterEach(() => sinks.close());

  it('publishes through the real JSON 1.1 serializer, retrying failed entries; received events validate', async () => {
    sinks.failNext(
      'eventbridge',
      { failEntries: { indexes: [0, 2], errorCode: 'InternalFailure' } },
      { status: 500, headers: { 'content-type': 'application/x-amz-json-1.1' }, body: '{"__type":"InternalException","message":"x"}' },
    );
    const sink = createEventBridgeSink({
      client: localEventBridge(sinks.eventBridgeEndpoint),
      eventBusName: 'aispm-bus',
      retry: { sleep: fakeSleep() },
      log: memoryLog(),
    });
    const evs = Array.from({ length: 12 }, (_, i) => toFindingEvent('opened', finding({ id: String(i).padStart(32, '0') }), { now }));
    const out = await sink.publish(evs);
    expect(out.published).toBe(12);
    expect(out.failed).toEqual([]);
    expect(sinks.received.eventBridgeEvents).toHaveLength(12);
    const validate = ajv().getSchema('urn:aispm:events:ai-spm-finding');
    for (const e of sinks.received.eventBridgeEvents) {
      const { 'x-event-bus-name': bus, ...event } = e;
      expect(bus).toBe('aispm-bus');
      expect(validate?.(event), JSON.stringify(validate?.errors)).toBe(true);
    }
  });
});
