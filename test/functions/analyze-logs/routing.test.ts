/**
 * Account routing of CloudTrail events (dynalite over HTTP, mocked SQS): with Security Hub delivery on, events of an
 * account delivery cannot import into are dropped; with it off (EventBridge/Slack only), every account is kept.
 */
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Context } from 'aws-lambda';
import { sqsEvent as sqsEventOf } from '../../fixtures/sqs.ts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { type LocalDynamo, startLocalDynamo } from '../../../shared/store/local-dynamo.ts';

const OWN = '111122223333';
const ROUTED = '444455556666';
const UNROUTED = '777788889999';
const ctx = {
  functionName: 'f',
  awsRequestId: 'req',
  invokedFunctionArn: `arn:aws:lambda:us-east-1:${OWN}:function:f`,
  getRemainingTimeInMillis: () => 300_000,
} as unknown as Context;

const trail = (account: string, eventID: string) =>
  JSON.stringify({
    version: '0',
    id: `env-${eventID}`,
    'detail-type': 'AWS API Call via CloudTrail',
    source: 'aws.bedrock',
    account,
    time: '2026-11-20T10:16:00Z',
    region: 'us-east-1',
    resources: [],
    detail: {
      eventVersion: '1.09',
      userIdentity: { type: 'AssumedRole', arn: `arn:aws:sts::${account}:assumed-role/Ops/s1`, accountId: account },
      eventTime: '2026-11-20T10:16:00Z',
      eventSource: 'bedrock.amazonaws.com',
      eventName: 'DeleteGuardrail',
      awsRegion: 'us-east-1',
      sourceIPAddress: '203.0.113.9',
      requestParameters: { guardrailIdentifier: 'gr-1' },
      eventID,
      readOnly: false,
      eventType: 'AwsApiCall',
      recipientAccountId: account,
    },
  });
const sqsEvent = (bodies: string[]) => sqsEventOf(bodies, { queueArn: `arn:aws:sqs:us-east-1:${OWN}:q` });

let dynamo: LocalDynamo;
const sqs = mockClient(SQSClient);

beforeAll(async () => {
  dynamo = await startLocalDynamo('aispm-routing-test');
  process.env.TABLE_NAME = dynamo.tableName;
  process.env.AWS_ENDPOINT_URL_DYNAMODB = dynamo.endpoint;
  process.env.DELIVERY_QUEUE_URL = `https://sqs.us-east-1.amazonaws.com/${OWN}/delivery`;
  process.env.DLQ_URL = `https://sqs.us-east-1.amazonaws.com/${OWN}/analyze-dlq`;
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
  process.env.TARGET_ROLE_ARNS = `arn:aws:iam::${ROUTED}:role/aispm-scan`;
});
beforeEach(() => {
  sqs.reset();
  sqs.on(SendMessageBatchCommand).resolves({ Successful: [{ Id: '0', MessageId: 'x', MD5OfMessageBody: '' }], Failed: [] });
  vi.resetModules();
});
afterAll(async () => {
  sqs.restore();
  delete process.env.TARGET_ROLE_ARNS;
  delete process.env.SECURITY_HUB;
  await dynamo?.close();
});

async function run(bodies: string[]): Promise<string[]> {
  const { handler } = await import('../../../functions/analyze-logs/handler.ts');
  const res = (await (handler as unknown as (e: unknown, c: Context) => Promise<unknown>)(sqsEvent(bodies), ctx)) as {
    batchItemFailures: unknown[];
  };
  expect(res.batchItemFailures).toEqual([]);
  return sqs
    .commandCalls(SendMessageBatchCommand)
    .filter((c) => c.args[0].input.QueueUrl?.endsWith('/delivery'))
    .flatMap((c) => c.args[0].input.Entries ?? [])
    .map((e) => JSON.parse(e.MessageBody ?? '{}').finding.accountId as string)
    .sort();
}

describe('analyze-logs account routing', () => {
  it('Security Hub delivery on: the function account and TARGET_ROLE_ARNS accounts kept, an account without a route dropped', async () => {
    delete process.env.SECURITY_HUB;
    expect(await run([trail(OWN, 'on-1'), trail(ROUTED, 'on-2'), trail(UNROUTED, 'on-3')])).toEqual([OWN, ROUTED]);
  });

  it('SECURITY_HUB=off (EventBridge/Slack take any account): nothing dropped', async () => {
    process.env.SECURITY_HUB = 'off';
    expect(await run([trail(OWN, 'off-1'), trail(ROUTED, 'off-2'), trail(UNROUTED, 'off-3')])).toEqual([OWN, ROUTED, UNROUTED]);
  });
});
