import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseWebhookSecret } from '../../../shared/adapters/secrets.ts';
import { createSlackWebhookSink } from '../../../shared/adapters/slack.ts';
import { connectDemoDelivery } from '../../../shared/demo/sinks/delivery.ts';
import { type DemoSinks, startDemoSinks } from '../../../shared/demo/sinks/index.ts';
import { validateAsff } from '../../../shared/findings/asff.ts';
import { recordObservations } from '../../../shared/findings/record.ts';
import { deliverChanges } from '../../../shared/pipeline/deliver.ts';
import { MemoryStore } from '../../../shared/store/memory.ts';
import { memoryLog } from '../../../shared/util/logger.ts';
import { observation, runtimeObservation } from '../../fixtures/delivery/findings.ts';
import { ajv } from '../../fixtures/delivery/schemas.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const fast = { sleep: async () => {}, random: () => 0 };

describe('delivery end to end over HTTP (local Security Hub, EventBridge and Slack webhook)', () => {
  let demo: DemoSinks;
  let out: string;
  beforeEach(async () => {
    out = tempDir('deliver');
    demo = await startDemoSinks(out);
  });
  afterEach(() => demo.close());

  it('survives Slack 429 and 5xx and Security Hub throttling; hostile names arrive neutralized; out/ files are written', async () => {
    demo.failNext('slack', { status: 429, headers: { 'retry-after': '0' }, body: 'rate_limited' }, { status: 500, body: 'internal_error' });
    demo.failNext('securityhub', {
      status: 429,
      headers: { 'x-amzn-errortype': 'TooManyRequestsException' },
      body: '{"message":"Rate exceeded"}',
    });
    const store = new MemoryStore();
    const log = memoryLog();
    const sinks = connectDemoDelivery(demo, { log, outDir: out, slackMinIntervalMs: 0, retry: fast });
    const hostile = ['<!channel>', '<https://evil.example|click>', '*bold*', '@here'];
    const obs = [
      ...hostile.map((name, i) =>
        observation({
          resourceId: `arn:aws:sagemaker:us-east-1:111122223333:notebook-instance/nb-${i}`,
          resourceName: name,
          title: `Root access on ${name}`,
        }),
      ),
      runtimeObservation({ identity: 'arn:aws:sts::111122223333:assumed-role/<!here>/mallory' }),
    ];
    const changes = await recordObservations(store, obs, '2026-11-25T10:00:00.000Z');
    const r = await deliverChanges(changes, sinks, { now: new Date('2026-11-25T10:00:00Z'), log, marks: store });
    expect(r).toMatchObject({
      delivered: 5,
      deadLettered: 0,
      securityHub: { imported: 5 },
      eventBridge: { published: 5 },
      slack: { alerts: 5, messages: 5 },
    });

    await demo.flush();
    const batches = JSON.parse(readFileSync(join(out, 'securityhub-batches.json'), 'utf8'));
    for (const b of batches) for (const f of b.findings) expect(validateAsff(f)).toEqual([]);
    const slack = JSON.parse(readFileSync(join(out, 'slack-messages.json'), 'utf8')) as { message: { blocks: unknown[] } }[];
    expect(slack).toHaveLength(5);
    const mrkdwn = JSON.stringify(slack).match(/"type":"mrkdwn","text":"(?:[^"\\]|\\.)*"/g) ?? [];
    expect(mrkdwn.length).toBeGreaterThan(20);
    for (const t of mrkdwn) expect(t).not.toMatch(/<!|<@|<https:\/\/evil/);
    const events = JSON.parse(readFileSync(join(out, 'eventbridge-events.json'), 'utf8')) as Record<string, unknown>[];
    const validate = ajv().getSchema('urn:aispm:events:ai-spm-finding');
    for (const { 'x-event-bus-name': _bus, ...e } of events) expect(validate?.(e), JSON.stringify(validate?.errors)).toBe(true);
    expect(existsSync(join(out, 'delivery-dlq.jsonl'))).toBe(false);

    // resolve everything: Security Hub receives ARCHIVED/PASSED with later UpdatedAt, Slack stays quiet
    const resolved = await recordObservations(
      store,
      obs.map((o) => ({ ...o, status: 'PASS' as const })),
      '2026-11-26T10:00:00.000Z',
    );
    const r2 = await deliverChanges(resolved, sinks, { now: new Date('2026-11-26T10:00:00Z'), log, marks: store });
    // the runtime finding has no PASS path in practice, but the lifecycle treats it the same
    expect(r2.securityHub.imported).toBe(5);
    for (const doc of demo.securityHubFindings.values())
      expect(doc).toMatchObject({ RecordState: 'ARCHIVED', Compliance: { Status: 'PASSED' } });
    expect(demo.received.slackMessages).toHaveLength(5);
  });

  it('skips Slack without dead-lettering while the webhook secret still holds the deploy-time placeholder', async () => {
    const log = memoryLog();
    const sinks = connectDemoDelivery(demo, { log, outDir: out, slackMinIntervalMs: 0, retry: fast });
    sinks.slack = createSlackWebhookSink({ getUrl: async () => parseWebhookSecret('Zk3#random-generated-password'), log, retry: fast });
    const changes = await recordObservations(new MemoryStore(), [observation()], '2026-11-25T10:00:00.000Z');
    const r = await deliverChanges(changes, sinks, { now: new Date('2026-11-25T10:00:00Z'), log });
    expect(r).toMatchObject({
      deadLettered: 0,
      securityHub: { imported: 1 },
      slack: { alerts: 1, messages: 0, failed: 0, notConfigured: 1 },
    });
    expect(log.entries.filter((e) => e.level === 'warn').map((e) => e.message)).toContain(
      'Slack webhook secret holds no URL: Slack alerts skipped until it is set',
    );
    expect(JSON.stringify(log.entries)).not.toContain('random-generated-password');
  });

  it('dead-letters a permanently failing Slack post with the message to re-drive, and still delivers elsewhere', async () => {
    demo.failNext('slack', { status: 400, body: 'invalid_blocks' });
    const log = memoryLog();
    const sinks = connectDemoDelivery(demo, { log, outDir: out, slackMinIntervalMs: 0, retry: fast });
    const changes = await recordObservations(new MemoryStore(), [observation()], '2026-11-25T10:00:00.000Z');
    const r = await deliverChanges(changes, sinks, { now: new Date('2026-11-25T10:00:00Z'), log });
    expect(r).toMatchObject({ deadLettered: 1, securityHub: { imported: 1 }, eventBridge: { published: 1 }, slack: { failed: 1 } });
    const dl = readFileSync(join(out, 'delivery-dlq.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(dl[0]).toMatchObject({ sink: 'slack', errorCode: 'SlackDeliveryError (HTTP 400)', findingIds: [changes[0].finding.id] });
    expect(dl[0].payload.blocks.length).toBeGreaterThan(0);
    expect(JSON.stringify(dl)).not.toContain(demo.slackWebhookUrl);
  });
});
