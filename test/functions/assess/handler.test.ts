import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AnyAsset } from '../../../shared/domain/asset.ts';
import { DynamoStore } from '../../../shared/store/dynamo.ts';
import { type LocalDynamo, startLocalDynamo } from '../../../shared/store/local-dynamo.ts';
import { contentHash } from '../../../shared/util/hash.ts';
import { ACCOUNT, good } from '../../fixtures/checks/builders.ts';

/** The assess Lambda handler over a real DynamoDB protocol (dynalite); SQS is mocked in-process. */
describe('functions/assess handler', () => {
  let dynamo: LocalDynamo;
  let handler: (e: SQSEvent, c: Context) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>;
  const sqs = mockClient(SQSClient);
  const output: string[] = [];
  const context = { functionName: 'assess', awsRequestId: 'req-1', getRemainingTimeInMillis: () => 60_000 } as unknown as Context;
  const record = (id: string, body: string, receiveCount = '1') =>
    ({
      messageId: id,
      body,
      attributes: { ApproximateReceiveCount: receiveCount },
      eventSource: 'aws:sqs',
      receiptHandle: id,
    }) as unknown as SQSEvent['Records'][number];

  beforeAll(async () => {
    dynamo = await startLocalDynamo('aispm-assess-test');
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    sqs.on(SendMessageCommand).resolves({ MessageId: 'dlq-1' });
    vi.stubEnv('TABLE_NAME', dynamo.tableName);
    vi.stubEnv('DELIVERY_QUEUE_URL', 'https://sqs.us-east-1.amazonaws.com/111122223333/aispm-delivery');
    vi.stubEnv('DLQ_URL', 'https://sqs.us-east-1.amazonaws.com/111122223333/aispm-assess-dlq');
    vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', dynamo.endpoint);
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
    vi.stubEnv('POWERTOOLS_TRACE_ENABLED', 'false');
    for (const stream of [process.stdout, process.stderr]) {
      vi.spyOn(stream, 'write').mockImplementation((chunk) => {
        output.push(String(chunk));
        return true;
      });
    }
    const store = new DynamoStore({
      tableName: dynamo.tableName,
      client: new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'us-east-1' }),
    });
    const agent = good.agent('unguarded', { guardrail: null }) as AnyAsset;
    await store.putAsset({ ...agent, configHash: contentHash([agent.config, agent.tags, agent.relationships]) });
    handler = (await import('../../../functions/assess/handler.ts')).handler as never;
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
    sqs.restore();
    await dynamo?.close();
  });

  it('assesses, queues deliverable changes and dead-letters malformed requests without logging them', async () => {
    const ok = JSON.stringify({ accountId: ACCOUNT, trigger: 'schedule', requestedAt: '2026-11-25T22:00:00.000Z' });
    const secret = 'SECRET-PROMPT-TEXT ignore previous instructions';
    const res = await handler(
      {
        Records: [
          record('m1', ok),
          record('m2', `{"accountId":"${secret}"`),
          record('m3', JSON.stringify({ accountId: 'nope', trigger: 'x' })),
        ],
      },
      context,
    );
    expect(res.batchItemFailures).toEqual([]);
    const batches = sqs.commandCalls(SendMessageBatchCommand);
    expect(batches.length).toBeGreaterThan(0);
    const sent = batches.flatMap((c) => c.args[0].input.Entries ?? []).map((e) => JSON.parse(e.MessageBody ?? '{}'));
    const guard = sent.find((m) => m.finding.ruleId === 'bedrock_agent_guardrail_enabled');
    expect(guard).toMatchObject({ transition: 'opened', deliver: true, finding: { status: 'NEW', source: 'posture' } });
    expect(sent.every((m) => m.deliver === true)).toBe(true);
    const dlq = sqs.commandCalls(SendMessageCommand).map((c) => JSON.parse(c.args[0].input.MessageBody ?? '{}'));
    expect(dlq.map((d) => d.messageId).sort()).toEqual(['m2', 'm3']);
    expect(output.join('')).not.toContain('SECRET-PROMPT-TEXT');
    expect(JSON.stringify(dlq)).not.toContain('SECRET-PROMPT-TEXT');
  });

  it('reports a failed send as a partial batch failure', async () => {
    sqs.on(SendMessageBatchCommand).rejects(new Error('throttled'));
    const body = JSON.stringify({
      accountId: ACCOUNT,
      trigger: 'event',
      requestedAt: '2026-11-25T22:00:00.000Z',
      assetIds: ['arn:aws:bedrock:us-east-1:111122223333:agent/UNGUARDED'],
    });
    // a redelivered message re-sends the findings changed since the request, so nothing is lost after a failed send
    const res = await handler({ Records: [record('r1', body, '2')] }, context);
    expect(res.batchItemFailures).toEqual([{ itemIdentifier: 'r1' }]);
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    sqs.resetHistory();
    const again = await handler({ Records: [record('r1', body, '3')] }, context);
    expect(again.batchItemFailures).toEqual([]);
    const sent = sqs
      .commandCalls(SendMessageBatchCommand)
      .flatMap((c) => c.args[0].input.Entries ?? [])
      .map((e) => JSON.parse(e.MessageBody ?? '{}'));
    expect(sent.some((m) => m.finding.ruleId === 'bedrock_agent_guardrail_enabled')).toBe(true);
  });
});
