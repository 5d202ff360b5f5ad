import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { EventBridgeAssetEventSink } from '../../../shared/discovery/eventbridge-sink.ts';
import { assetChangedEnvelope, assetChangedEvents } from '../../../shared/discovery/events.ts';
import { type AnyAsset, ASSET_TYPES } from '../../../shared/domain/asset.ts';
import { memoryLog } from '../../../shared/util/logger.ts';

const root = join(import.meta.dirname, '../../..');
const schema = JSON.parse(readFileSync(join(root, 'events/ai-asset-changed.schema.json'), 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: false });
(addFormats as unknown as (a: Ajv2020) => void)(ajv);
const validate = ajv.compile(schema);

const asset = (i: number): AnyAsset =>
  ({
    id: `arn:aws:bedrock:us-east-1:123456789012:guardrail/g${i}`,
    type: 'bedrock.guardrail',
    accountId: '123456789012',
    region: 'us-east-1',
    name: `g${i}`,
    config: {},
    tags: {},
    relationships: [],
    configHash: 'a'.repeat(64),
    firstSeen: '2026-11-25T10:00:00.000Z',
    lastSeen: '2026-11-25T10:00:00.000Z',
  }) as unknown as AnyAsset;

describe('AI Asset Changed events', () => {
  it('the schema enumerates exactly the domain asset types', () => {
    expect([...schema.$defs.detail.properties.assetType.enum].sort()).toEqual([...ASSET_TYPES].sort());
  });

  it('every sample validates', () => {
    const dir = join(root, 'events/samples');
    const files = readdirSync(dir).filter((f) => f.startsWith('ai-asset-changed'));
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const f of files) {
      const ok = validate(JSON.parse(readFileSync(join(dir, f), 'utf8')));
      expect(ok, `${f}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  it('built events validate and a malformed one does not', () => {
    const [ev] = assetChangedEvents([{ change: 'updated', asset: asset(1), previousConfigHash: 'b'.repeat(64) }], {
      trigger: 'event',
      cause: { eventName: 'UpdateGuardrail', eventSource: 'bedrock.amazonaws.com' },
    });
    expect(validate(assetChangedEnvelope(ev, { id: 'x' }))).toBe(true);
    const bad = assetChangedEnvelope(ev, { id: 'x' });
    (bad.detail as { change: string }).change = 'moved';
    expect(validate(bad)).toBe(false);
  });

  it('EventBridge sink sends batches of 10 and retries failed entries', async () => {
    const eb = mockClient(EventBridgeClient);
    let first = true;
    eb.on(PutEventsCommand).callsFake((input: { Entries: unknown[] }) => {
      if (first) {
        first = false;
        return {
          FailedEntryCount: 1,
          Entries: input.Entries.map((_, i) => (i === 0 ? { ErrorCode: 'ThrottlingException' } : { EventId: 'e' })),
        };
      }
      return { FailedEntryCount: 0, Entries: input.Entries.map(() => ({ EventId: 'e' })) };
    });
    const events = assetChangedEvents(
      Array.from({ length: 12 }, (_, i) => ({ change: 'created' as const, asset: asset(i) })),
      { trigger: 'schedule' },
    );
    const sink = new EventBridgeAssetEventSink(new EventBridgeClient({ region: 'us-east-1' }), 'bus', memoryLog(), { backoffMs: 1 });
    expect(await sink.publish(events)).toEqual({ published: 12, failed: 0 });
    const calls = eb.commandCalls(PutEventsCommand).map((c) => c.args[0].input.Entries?.length);
    expect(calls).toEqual([10, 1, 2]);
    const entry = eb.commandCalls(PutEventsCommand)[0].args[0].input.Entries![0];
    expect(entry).toMatchObject({ EventBusName: 'bus', Source: 'aispm', DetailType: 'AI Asset Changed' });
    eb.restore();
  });
});
