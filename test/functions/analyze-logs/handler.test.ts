/**
 * Handler wiring over real HTTP DynamoDB (dynalite) with mocked S3 and SQS: partial batch failures, re-delivery,
 * change publication, dead-letter of unrecognized messages, CloudWatch Logs subscription events.
 */
import { Readable } from 'node:stream';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Context } from 'aws-lambda';
import { sqsEvent } from '../../fixtures/sqs.ts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DynamoStore } from '../../../shared/store/dynamo.ts';
import { sha256Hex } from '../../../shared/util/hash.ts';
import { type LocalDynamo, startLocalDynamo } from '../../../shared/store/local-dynamo.ts';
import { cloudWatchPayload, converseRequest, converseResponse, gz, invocation, jsonl } from '../../fixtures/runtime/records.ts';

const KEY = 'AWSLogs/111122223333/BedrockModelInvocationLogs/us-east-1/2026/11/20/10/20261120T101500000Z_0123456789abcdef.json.gz';
const blocked = (id: string) =>
  invocation({
    requestId: id,
    input: converseRequest('x'),
    output: converseResponse('Sorry, the model cannot answer this question.', 'guardrail_intervened'),
  });

const objectCreated = (key: string, etag = 'e1') => ({
  version: '0',
  id: 'ev',
  'detail-type': 'Object Created',
  source: 'aws.s3',
  account: '111122223333',
  time: '2026-11-20T10:16:00Z',
  region: 'us-east-1',
  resources: [],
  detail: {
    version: '0',
    bucket: { name: 'acme-bedrock-invocation-logs' },
    object: { key, size: 100, etag, sequencer: '00' },
    reason: 'PutObject',
  },
});
const ctx = {
  functionName: 'f',
  awsRequestId: 'req',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:111122223333:function:f',
  getRemainingTimeInMillis: () => 30_000,
} as unknown as Context;

let dynamo: LocalDynamo;
let handler: (e: unknown, c: Context) => Promise<unknown>;
const s3 = mockClient(S3Client);
const sqs = mockClient(SQSClient);

beforeAll(async () => {
  dynamo = await startLocalDynamo('aispm-analyze-test');
  process.env.TABLE_NAME = dynamo.tableName;
  process.env.AWS_ENDPOINT_URL_DYNAMODB = dynamo.endpoint;
  process.env.DELIVERY_QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/111122223333/delivery';
  process.env.DLQ_URL = 'https://sqs.us-east-1.amazonaws.com/111122223333/analyze-dlq';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
  handler = (await import('../../../functions/analyze-logs/handler.ts')).handler as unknown as typeof handler;
});
afterAll(async () => {
  s3.restore();
  sqs.restore();
  await dynamo?.close();
});

/** A CloudTrail event as a forwarder delivers it: the member account's own envelope `account` and `region`. */
const forwardedTrail = (eventName: string, eventID: string, opts: { recipient?: boolean; time?: string; caller?: string } = {}) => ({
  version: '0',
  id: `env-${eventID}`,
  'detail-type': 'AWS API Call via CloudTrail',
  source: 'aws.bedrock',
  account: '444455556666',
  time: opts.time ?? '2026-11-20T10:16:00Z',
  region: 'eu-west-1',
  resources: [],
  detail: {
    eventVersion: '1.09',
    // a caller from a third account (cross-account role session): the finding belongs to the account called
    userIdentity: {
      type: 'AssumedRole',
      arn: `arn:aws:sts::999988887777:assumed-role/${opts.caller ?? 'Intruder'}/s1`,
      accountId: '999988887777',
    },
    eventTime: opts.time ?? '2026-11-20T10:16:00Z',
    eventSource: 'bedrock.amazonaws.com',
    eventName,
    awsRegion: 'eu-west-1',
    sourceIPAddress: '203.0.113.9',
    requestParameters: eventName === 'DeleteGuardrail' ? { guardrailIdentifier: 'gr-1' } : null,
    eventID,
    readOnly: eventName.startsWith('List') || eventName.startsWith('Get'),
    eventType: 'AwsApiCall',
    ...(opts.recipient === false ? {} : { recipientAccountId: '444455556666' }),
  },
});

describe('analyze-logs handler', () => {
  it('analyzes objects, reports only the unreadable one as a batch failure, never double counts a re-delivery', async () => {
    s3.on(GetObjectCommand, { Key: KEY }).callsFake(() => ({
      Body: Readable.from([gz(jsonl([blocked('h1'), blocked('h2')]))]),
      ETag: '"e1"',
    }));
    s3.on(GetObjectCommand, { Key: 'AWSLogs/111122223333/BedrockModelInvocationLogs/us-east-1/2026/11/20/10/missing.json.gz' }).rejects(
      Object.assign(new Error('NoSuchKey'), { name: 'NoSuchKey' }),
    );
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [{ Id: '0', MessageId: 'x', MD5OfMessageBody: '' }], Failed: [] });
    const res = (await handler(
      sqsEvent([
        JSON.stringify(objectCreated(KEY)),
        JSON.stringify(objectCreated('AWSLogs/111122223333/BedrockModelInvocationLogs/us-east-1/2026/11/20/10/missing.json.gz')),
        'not json',
        JSON.stringify(objectCreated('AWSLogs/111122223333/BedrockModelInvocationLogs/amazon-bedrock-logs-permission-check')),
      ]),
      ctx,
    )) as { batchItemFailures: { itemIdentifier: string }[] };
    expect(res.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }]);
    const sent = sqs.commandCalls(SendMessageBatchCommand);
    const delivery = sent.filter((c) => c.args[0].input.QueueUrl?.endsWith('/delivery'));
    expect(delivery).toHaveLength(1);
    const msg = JSON.parse(delivery[0].args[0].input.Entries?.[0].MessageBody ?? '{}');
    expect(msg).toMatchObject({
      transition: 'opened',
      finding: { detector: 'guardrail-intervened', occurrences: 2, requestIds: ['h1', 'h2'] },
    });
    const dlq = sent
      .filter((c) => c.args[0].input.QueueUrl?.endsWith('/analyze-dlq'))
      .flatMap((c) => c.args[0].input.Entries ?? [])
      .map((e) => JSON.parse(e.MessageBody ?? '{}'));
    expect(dlq.map((d) => [d.ref.uri, d.reason.split(':')[0]])).toEqual([['sqs://message/m2', 'unrecognized-message']]);

    // re-delivery of the same object: nothing new
    sqs.resetHistory();
    const again = (await handler(sqsEvent([JSON.stringify(objectCreated(KEY))]), ctx)) as { batchItemFailures: unknown[] };
    expect(again.batchItemFailures).toEqual([]);
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
  });

  it('CloudTrail events forwarded from a member account: findings of that account and region, a batch analyzed together', async () => {
    sqs.reset();
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [{ Id: '0', MessageId: 'x', MD5OfMessageBody: '' }], Failed: [] });
    const recon = [
      'ListFoundationModels',
      'GetModelInvocationLoggingConfiguration',
      'ListGuardrails',
      'ListCustomModels',
      'ListInferenceProfiles',
    ].map((n, i) => JSON.stringify(forwardedTrail(n, `r${i}`, { time: `2026-11-20T10:1${i}:00Z` })));
    const bodies = [JSON.stringify(forwardedTrail('DeleteGuardrail', 'g1', { recipient: false })), ...recon];
    const res = (await handler(sqsEvent(bodies), ctx)) as { batchItemFailures: unknown[] };
    expect(res.batchItemFailures).toEqual([]);
    const sent = sqs.commandCalls(SendMessageBatchCommand).filter((c) => c.args[0].input.QueueUrl?.endsWith('/delivery'));
    const findings = sent.flatMap((c) => c.args[0].input.Entries ?? []).map((e) => JSON.parse(e.MessageBody ?? '{}').finding);
    const byDetector = new Map(findings.map((f) => [f.detector, f]));
    // the record carries no recipientAccountId: the envelope's account (the member's), not the caller's (999988887777)
    expect(byDetector.get('trail.guardrail-deleted')).toMatchObject({
      accountId: '444455556666',
      region: 'eu-west-1',
      identity: 'arn:aws:sts::999988887777:assumed-role/Intruder/s1',
    });
    // five distinct reconnaissance actions, one per message: seen as one burst because the batch is analyzed together
    expect(byDetector.get('trail.llmjacking-recon')).toMatchObject({ accountId: '444455556666', region: 'eu-west-1' });
    for (const f of findings) expect(f.accountId).not.toBe('111122223333');
    // nothing dead-lettered as an unrecognized message
    expect(sqs.commandCalls(SendMessageBatchCommand).filter((c) => c.args[0].input.QueueUrl?.endsWith('/analyze-dlq'))).toHaveLength(0);

    // re-delivery of the same events: nothing new
    sqs.resetHistory();
    const again = (await handler(sqsEvent(bodies), ctx)) as { batchItemFailures: unknown[] };
    expect(again.batchItemFailures).toEqual([]);
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
  });

  it('a batch of CloudTrail events and an unreadable object: only the object is a batch failure', async () => {
    const missing = 'AWSLogs/111122223333/BedrockModelInvocationLogs/us-east-1/2026/11/20/10/gone.json.gz';
    s3.on(GetObjectCommand, { Key: missing }).rejects(Object.assign(new Error('NoSuchKey'), { name: 'NoSuchKey' }));
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [{ Id: '0', MessageId: 'x', MD5OfMessageBody: '' }], Failed: [] });
    const res = (await handler(
      sqsEvent([JSON.stringify(forwardedTrail('DeleteGuardrail', 'mixed-1')), JSON.stringify(objectCreated(missing, 'e9'))]),
      ctx,
    )) as { batchItemFailures: { itemIdentifier: string }[] };
    expect(res.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }]);
  });

  it('a publish failure after the CloudTrail events were analyzed: no batch failure, the finding ids dead-lettered', async () => {
    sqs.reset();
    sqs
      .on(SendMessageBatchCommand, { QueueUrl: process.env.DELIVERY_QUEUE_URL })
      .resolves({ Successful: [], Failed: [{ Id: '0', SenderFault: true, Code: 'InvalidMessageContents' }] });
    sqs
      .on(SendMessageBatchCommand, { QueueUrl: process.env.DLQ_URL })
      .rejectsOnce(new Error('dlq unavailable'))
      .resolves({ Successful: [{ Id: '0', MessageId: 'x', MD5OfMessageBody: '' }], Failed: [] });
    const res = (await handler(sqsEvent([JSON.stringify(forwardedTrail('DeleteGuardrail', 'pub-1', { caller: 'Pub' }))]), ctx)) as {
      batchItemFailures: unknown[];
    };
    expect(res.batchItemFailures).toEqual([]);
    const dlq = sqs
      .commandCalls(SendMessageBatchCommand)
      .filter((c) => c.args[0].input.QueueUrl === process.env.DLQ_URL)
      .map((c) => (c.args[0].input.Entries ?? []).map((e) => JSON.parse(e.MessageBody ?? '{}')));
    expect(dlq).toHaveLength(2);
    expect(dlq[1]).toMatchObject([{ reason: 'delivery-enqueue-failed' }]);
    expect(dlq[1]?.[0]?.ref.uri).toMatch(/^finding:\/\//);
  });

  it('one CloudTrail message that always fails: only it is a batch failure, the others are analyzed without it', async () => {
    sqs.reset();
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [{ Id: '0', MessageId: 'x', MD5OfMessageBody: '' }], Failed: [] });
    const put = DynamoStore.prototype.putFinding;
    const spy = vi.spyOn(DynamoStore.prototype, 'putFinding').mockImplementation(function (this: DynamoStore, f, v) {
      if (f.identity?.includes('/Poison/')) return Promise.reject(new Error('item too large'));
      return put.call(this, f, v);
    });
    try {
      const bodies = [
        JSON.stringify(forwardedTrail('DeleteGuardrail', 'mix-1', { caller: 'Good1' })),
        JSON.stringify(forwardedTrail('DeleteGuardrail', 'mix-2', { caller: 'Poison' })),
        JSON.stringify(forwardedTrail('DeleteGuardrail', 'mix-3', { caller: 'Good3' })),
      ];
      for (let attempt = 0; attempt < 2; attempt++) {
        const res = (await handler(sqsEvent(bodies), ctx)) as { batchItemFailures: unknown[] };
        expect(res.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }]);
      }
      const sent = sqs
        .commandCalls(SendMessageBatchCommand)
        .filter((c) => c.args[0].input.QueueUrl?.endsWith('/delivery'))
        .flatMap((c) => c.args[0].input.Entries ?? [])
        .map((e) => JSON.parse(e.MessageBody ?? '{}'));
      // each good event's finding opened and delivered exactly once over both attempts, counted once
      const opened = sent.filter((m) => m.transition === 'opened').map((m) => m.finding.identity as string);
      expect(opened.sort()).toEqual(['arn:aws:sts::999988887777:assumed-role/Good1/s1', 'arn:aws:sts::999988887777:assumed-role/Good3/s1']);
      for (const m of sent) expect(m.finding.occurrences).toBe(1);
    } finally {
      spy.mockRestore();
    }
  });

  const deliveredFindings = () =>
    sqs
      .commandCalls(SendMessageBatchCommand)
      .filter((c) => c.args[0].input.QueueUrl?.endsWith('/delivery'))
      .flatMap((c) => c.args[0].input.Entries ?? [])
      .map((e) => JSON.parse(e.MessageBody ?? '{}'));

  it('a transient failure of the joint run: the batch is retried together, a call-count burst is still one recon finding', async () => {
    sqs.reset();
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [{ Id: '0', MessageId: 'x', MD5OfMessageBody: '' }], Failed: [] });
    const put = DynamoStore.prototype.putFinding;
    let calls = 0;
    const spy = vi.spyOn(DynamoStore.prototype, 'putFinding').mockImplementation(function (this: DynamoStore, f, v) {
      if (++calls === 1) return Promise.reject(Object.assign(new Error('throttled'), { name: 'ThrottlingException' }));
      return put.call(this, f, v);
    });
    try {
      // one action, twelve calls: only the call-count threshold (10) makes it a burst, so no message may be analyzed alone
      const bodies = Array.from({ length: 12 }, (_, i) =>
        JSON.stringify(
          forwardedTrail('ListFoundationModels', `tr-${i}`, { caller: 'Transient', time: `2026-11-20T11:0${Math.floor(i / 2)}:00Z` }),
        ),
      );
      const res = (await handler(sqsEvent(bodies), ctx)) as { batchItemFailures: unknown[] };
      expect(res.batchItemFailures).toEqual([]);
      const recon = deliveredFindings().filter((m) => m.finding.detector === 'trail.llmjacking-recon');
      expect(recon).toHaveLength(1);
      expect(recon[0].finding).toMatchObject({ identity: 'arn:aws:sts::999988887777:assumed-role/Transient/s1', occurrences: 1 });
      expect(recon[0].finding.evidence.calls).toBe(12);
    } finally {
      spy.mockRestore();
    }
  });

  it('a claim a failed run could not release: its message is a batch failure (left to SQS), the others are analyzed', async () => {
    sqs.reset();
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [{ Id: '0', MessageId: 'x', MD5OfMessageBody: '' }], Failed: [] });
    const put = DynamoStore.prototype.putFinding;
    const release = DynamoStore.prototype.release;
    let puts = 0;
    let releases = 0;
    // the joint run fails on m0's finding (not written), then the first release (m0's claim) fails too
    const putSpy = vi.spyOn(DynamoStore.prototype, 'putFinding').mockImplementation(function (this: DynamoStore, f, v) {
      if (f.identity?.includes('Unreleased-gd-1') && ++puts === 1)
        return Promise.reject(Object.assign(new Error('throttled'), { name: 'ThrottlingException' }));
      return put.call(this, f, v);
    });
    // the first release of the failed joint run fails: that event stays claimed for the claim's lifetime
    const relSpy = vi.spyOn(DynamoStore.prototype, 'release').mockImplementation(function (this: DynamoStore, mark) {
      if (++releases === 1) return Promise.reject(Object.assign(new Error('throttled'), { name: 'ThrottlingException' }));
      return release.call(this, mark);
    });
    try {
      const bodies = ['gd-1', 'gd-2', 'gd-3'].map((id) =>
        JSON.stringify(forwardedTrail('DeleteGuardrail', id, { caller: `Unreleased-${id}`, time: '2026-11-20T12:00:00Z' })),
      );
      const res = (await handler(sqsEvent(bodies), ctx)) as { batchItemFailures: { itemIdentifier: string }[] };
      // without the fix the retry skipped the still-claimed event as a duplicate and SQS deleted its message: lost
      // (the first claim released is m0's: its event is the one left claimed)
      expect(res.batchItemFailures).toEqual([{ itemIdentifier: 'm0' }]);
      const deleted = deliveredFindings()
        .filter((m) => m.finding.detector === 'trail.guardrail-deleted')
        .map((m) => m.finding.identity as string)
        .sort();
      expect(deleted).toEqual([
        'arn:aws:sts::999988887777:assumed-role/Unreleased-gd-2/s1',
        'arn:aws:sts::999988887777:assumed-role/Unreleased-gd-3/s1',
      ]);
    } finally {
      putSpy.mockRestore();
      relSpy.mockRestore();
    }
  });

  it('a recon burst split over two SQS batches (two invocations): one recon finding, from the identity activity', async () => {
    sqs.reset();
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [{ Id: '0', MessageId: 'x', MD5OfMessageBody: '' }], Failed: [] });
    // the handler runs on the system clock: events of the last minutes (older ones are past the activity's day)
    const start = Date.now() - 10 * 60_000;
    const bodies = (prefix: string, from: number) =>
      Array.from({ length: 6 }, (_, i) =>
        JSON.stringify(
          forwardedTrail('ListFoundationModels', `${prefix}${i}`, {
            caller: 'Patient',
            time: new Date(start + (from + i) * 30_000).toISOString(),
          }),
        ),
      );
    const first = (await handler(sqsEvent(bodies('pa-', 0), { idPrefix: 'pa' }), ctx)) as { batchItemFailures: unknown[] };
    expect(first.batchItemFailures).toEqual([]);
    expect(deliveredFindings().filter((m) => m.finding.detector === 'trail.llmjacking-recon')).toHaveLength(0);
    const second = (await handler(sqsEvent(bodies('pb-', 6), { idPrefix: 'pb' }), ctx)) as { batchItemFailures: unknown[] };
    expect(second.batchItemFailures).toEqual([]);
    const recon = deliveredFindings().filter((m) => m.finding.detector === 'trail.llmjacking-recon');
    expect(recon).toHaveLength(1);
    expect(recon[0]).toMatchObject({
      transition: 'opened',
      finding: { identity: 'arn:aws:sts::999988887777:assumed-role/Patient/s1', occurrences: 1 },
    });
    expect(recon[0].finding.evidence.calls).toBe(12);
    // the stored activity of the identity (ACTIVITY#<account>#<identity>) holds both batches' events
    const store = new DynamoStore({ tableName: dynamo.tableName, client: dynamo.client });
    expect((await store.getActivity('444455556666', 'arn:aws:sts::999988887777:assumed-role/Patient/s1'))?.events).toHaveLength(12);
  });

  it('a poison message among twelve: bisected, only it is a batch failure, the recon burst of the others still found', async () => {
    sqs.reset();
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [{ Id: '0', MessageId: 'x', MD5OfMessageBody: '' }], Failed: [] });
    // the poison fails before anything is written (its claim), so the joint run stores nothing
    const poisonMark = `runtime-trail#${sha256Hex('bp-poison').slice(0, 40)}`;
    const claim = DynamoStore.prototype.claim;
    const spy = vi.spyOn(DynamoStore.prototype, 'claim').mockImplementation(function (this: DynamoStore, key, ttl) {
      if (key === poisonMark) return Promise.reject(new Error('validation'));
      return claim.call(this, key, ttl);
    });
    try {
      const actions = [
        'ListFoundationModels',
        'GetModelInvocationLoggingConfiguration',
        'ListGuardrails',
        'ListCustomModels',
        'ListInferenceProfiles',
      ];
      const bodies = Array.from({ length: 12 }, (_, i) =>
        i === 5
          ? JSON.stringify(forwardedTrail('DeleteGuardrail', 'bp-poison', { caller: 'Poison12', time: '2026-11-20T12:05:00Z' }))
          : JSON.stringify(
              forwardedTrail(actions[i % actions.length], `bp-${i}`, { caller: 'Bisect', time: `2026-11-20T12:0${Math.floor(i / 2)}:00Z` }),
            ),
      );
      const res = (await handler(sqsEvent(bodies), ctx)) as { batchItemFailures: unknown[] };
      expect(res.batchItemFailures).toEqual([{ itemIdentifier: 'm5' }]);
      const recon = deliveredFindings().filter((m) => m.finding.detector === 'trail.llmjacking-recon');
      expect(recon.length).toBeGreaterThan(0);
      for (const m of recon) expect(m.finding.identity).toBe('arn:aws:sts::999988887777:assumed-role/Bisect/s1');
    } finally {
      spy.mockRestore();
    }
  });

  it('a failed joint run with little time left: the messages not yet analyzed are batch failures, not analyzed late', async () => {
    sqs.reset();
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [{ Id: '0', MessageId: 'x', MD5OfMessageBody: '' }], Failed: [] });
    const poisonMark = `runtime-trail#${sha256Hex('dl-poison').slice(0, 40)}`;
    const claim = DynamoStore.prototype.claim;
    const spy = vi.spyOn(DynamoStore.prototype, 'claim').mockImplementation(function (this: DynamoStore, key, ttl) {
      if (key === poisonMark) return Promise.reject(new Error('validation'));
      return claim.call(this, key, ttl);
    });
    const bodies = [
      JSON.stringify(forwardedTrail('DeleteGuardrail', 'dl-1', { caller: 'Late1' })),
      JSON.stringify(forwardedTrail('DeleteGuardrail', 'dl-poison', { caller: 'Late2' })),
      JSON.stringify(forwardedTrail('DeleteGuardrail', 'dl-3', { caller: 'Late3' })),
      JSON.stringify(forwardedTrail('DeleteGuardrail', 'dl-4', { caller: 'Late4' })),
    ];
    try {
      // enough time for the joint retry, then less than 30 s: no bisection, every message retried by SQS
      let checks = 0;
      const late = { ...ctx, getRemainingTimeInMillis: () => (++checks === 1 ? 60_000 : 29_000) } as Context;
      const res = (await handler(sqsEvent(bodies), late)) as { batchItemFailures: { itemIdentifier: string }[] };
      expect(res.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['m0', 'm1', 'm2', 'm3']);
      expect(checks).toBe(2);
      expect(deliveredFindings()).toHaveLength(0);
      // no context at all (tests, local runs): no deadline, bisected as usual
      const again = (await handler(sqsEvent(bodies), undefined as unknown as Context)) as { batchItemFailures: unknown[] };
      expect(again.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }]);
    } finally {
      spy.mockRestore();
    }
  });

  it('CloudWatch Logs subscription deliveries', async () => {
    sqs.resetHistory();
    const ev = cloudWatchPayload([JSON.stringify(blocked('cw-1'))], { logStream: 'stream-2' });
    expect(await handler(ev, ctx)).toEqual({ status: 'processed', changes: 1 });
    expect(await handler(ev, ctx)).toEqual({ status: 'duplicate', changes: 0 });
    expect(await handler(cloudWatchPayload([], { messageType: 'CONTROL_MESSAGE' }), ctx)).toEqual({ status: 'not-a-log', changes: 0 });
  });
});
