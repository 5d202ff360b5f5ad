import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSEvent } from 'aws-lambda';
import { sqsEvent as sqsEventOf } from '../../fixtures/sqs.ts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type DemoSinks, startDemoSinks } from '../../../shared/demo/sinks/index.ts';
import type { FindingChangeMessage } from '../../../shared/domain/messages.ts';
import { recordObservations } from '../../../shared/findings/record.ts';
import { MemoryStore } from '../../../shared/store/memory.ts';
import { type LocalDynamo, startLocalDynamo } from '../../../shared/store/local-dynamo.ts';
import { observation, runtimeObservation } from '../../fixtures/delivery/findings.ts';

/**
 * The deliver Lambda handler end to end: real DynamoDB protocol (dynalite) for the idempotency marks, real
 * Security Hub / EventBridge serialization against the local stand-ins, a local Slack webhook; SQS (DLQ) and
 * Secrets Manager are mocked in-process.
 */
describe('functions/deliver handler', () => {
  let dynamo: LocalDynamo;
  let sinks: DemoSinks;
  let handler: (e: SQSEvent, c: Context) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>;
  const sqs = mockClient(SQSClient);
  const sm = mockClient(SecretsManagerClient);
  const output: string[] = [];

  beforeAll(async () => {
    dynamo = await startLocalDynamo('aispm-deliver-test');
    sinks = await startDemoSinks();
    sqs.on(SendMessageCommand).resolves({ MessageId: 'dlq-1' });
    sm.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ url: sinks.slackWebhookUrl }) });
    vi.stubEnv('TABLE_NAME', dynamo.tableName);
    vi.stubEnv('EVENT_BUS_NAME', 'aispm-bus');
    vi.stubEnv('DLQ_URL', 'https://sqs.us-east-1.amazonaws.com/111122223333/aispm-delivery-dlq');
    vi.stubEnv('SLACK_SECRET_ARN', 'arn:aws:secretsmanager:us-east-1:111122223333:secret:aispm-slack');
    vi.stubEnv('SLACK_MIN_SEVERITY', 'HIGH');
    vi.stubEnv(
      'SUPPRESSIONS',
      JSON.stringify([{ checkId: 'runtime_*', account: '111122223333', reason: 'load test', owner: 'sec', expiresAt: '2099-01-01' }]),
    );
    vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', dynamo.endpoint);
    vi.stubEnv('AWS_ENDPOINT_URL_SECURITYHUB', sinks.securityHubEndpoint);
    vi.stubEnv('AWS_ENDPOINT_URL_EVENTBRIDGE', sinks.eventBridgeEndpoint);
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
    vi.stubEnv('POWERTOOLS_TRACE_ENABLED', 'false');
    for (const stream of [process.stdout, process.stderr]) {
      vi.spyOn(stream, 'write').mockImplementation((chunk) => {
        output.push(String(chunk));
        return true;
      });
    }
    handler = (await import('../../../functions/deliver/handler.ts')).handler as never;
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
    await sinks?.close();
    await dynamo?.close();
  });

  const context = { functionName: 'deliver', awsRequestId: 'req-1', getRemainingTimeInMillis: () => 60_000 } as unknown as Context;
  const sqsEvent = (bodies: string[]) =>
    sqsEventOf(bodies, { queueArn: 'arn:aws:sqs:us-east-1:111122223333:aispm-delivery', idPrefix: 'm-' });

  it('delivers a batch once, dead-letters a malformed message, and treats a redelivered batch as duplicates', async () => {
    const changes = await recordObservations(new MemoryStore(), [observation(), runtimeObservation()], '2026-11-25T10:00:00.000Z');
    const bodies = changes.map((c) => JSON.stringify({ transition: c.transition, finding: c.finding } satisfies FindingChangeMessage));
    const event = sqsEvent([...bodies, '{"transition":"opened","finding":{"id":"x"}, "prompt":"SECRET PROMPT"}', bodies[0]]);

    const first = await handler(event, context);
    expect(first.batchItemFailures).toEqual([]);
    expect(sinks.securityHubFindings.size).toBe(2);
    expect(sinks.received.eventBridgeEvents).toHaveLength(2);
    // the runtime finding is suppressed (configured), so only the posture finding alerts Slack
    expect(sinks.received.slackMessages).toHaveLength(1);
    const dlq = sqs.commandCalls(SendMessageCommand).map((c) => JSON.parse(c.args[0].input.MessageBody ?? '{}'));
    expect(dlq).toHaveLength(1);
    expect(dlq[0]).toMatchObject({ sink: 'input', payload: { messageId: 'm-2' } });
    expect(JSON.stringify(dlq)).not.toContain('SECRET PROMPT');

    const again = await handler(event, context);
    expect(again.batchItemFailures).toEqual([]);
    expect(sinks.received.securityHubBatches).toHaveLength(1);
    expect(sinks.received.eventBridgeEvents).toHaveLength(2);
    expect(sinks.received.slackMessages).toHaveLength(1);

    const logs = output.join('');
    expect(logs).not.toContain(sinks.slackWebhookUrl.split('/webhook/')[1]);
    expect(logs).not.toContain('SECRET PROMPT');
    expect(logs).toContain('delivery batch done');
    expect(logs).toContain('malformed delivery message');
  });
});
