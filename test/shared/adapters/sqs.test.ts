import { SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createSqsDeadLetterSink, MAX_SQS_BYTES, sendFindingChanges, splitDeadLetter } from '../../../shared/adapters/sqs.ts';
import type { DeadLetter } from '../../../shared/adapters/types.ts';
import { toAsff } from '../../../shared/findings/asff.ts';
import { memoryLog } from '../../../shared/util/logger.ts';
import { fakeSleep } from '../../fixtures/delivery/clients.ts';
import { finding } from '../../fixtures/delivery/findings.ts';

const client = new SQSClient({});
const sqs = mockClient(client);
beforeEach(() => sqs.reset());

const dl = (payload: unknown, ids: string[]): DeadLetter => ({
  sink: 'securityhub',
  reason: 'r',
  attempts: 5,
  at: '2026-11-25T10:00:00Z',
  findingIds: ids,
  payload,
});

describe('splitDeadLetter', () => {
  it('splits a large ASFF payload so every message fits SQS, keeping every document', () => {
    const docs = Array.from({ length: 40 }, (_, i) => {
      const f = finding({ id: String(i).padStart(32, '0'), evidence: { e: 'x'.repeat(1500) } });
      return { ...toAsff(f), ProductFields: { pad: 'y'.repeat(20_000) } };
    });
    const parts = splitDeadLetter(
      dl(
        docs,
        docs.map((_, i) => String(i).padStart(32, '0')),
      ),
    );
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(Buffer.byteLength(JSON.stringify(p))).toBeLessThanOrEqual(MAX_SQS_BYTES);
    expect(parts.flatMap((p) => p.payload as unknown[])).toHaveLength(40);
    expect(parts.flatMap((p) => p.findingIds).sort()).toEqual(docs.map((_, i) => String(i).padStart(32, '0')).sort());
  });

  it('marks a single oversized item as truncated instead of failing', () => {
    const parts = splitDeadLetter(dl({ text: 'x'.repeat(MAX_SQS_BYTES) }, ['a']));
    expect(parts).toHaveLength(1);
    expect(parts[0].payload).toMatchObject({ truncated: true });
  });
});

describe('createSqsDeadLetterSink', () => {
  it('sends the entry as JSON with the sink as attribute, retrying throttling', async () => {
    sqs
      .on(SendMessageCommand)
      .rejectsOnce(Object.assign(new Error('t'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } }))
      .resolves({ MessageId: 'm' });
    const sink = createSqsDeadLetterSink({
      client,
      queueUrl: 'https://sqs.us-east-1.amazonaws.com/111122223333/dlq',
      retry: { sleep: fakeSleep() },
      log: memoryLog(),
    });
    await sink.send(dl([{ Id: 'aispm/a' }], ['a']));
    const calls = sqs.commandCalls(SendMessageCommand);
    expect(calls).toHaveLength(2);
    expect(JSON.parse(calls[1].args[0].input.MessageBody ?? '')).toMatchObject({ sink: 'securityhub', findingIds: ['a'] });
    expect(calls[1].args[0].input.MessageAttributes?.sink.StringValue).toBe('securityhub');
  });

  it('throws when the DLQ is unusable (the caller must not drop the payload)', async () => {
    sqs.on(SendMessageCommand).rejects(Object.assign(new Error('no'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }));
    const sink = createSqsDeadLetterSink({ client, queueUrl: 'q', retry: { sleep: fakeSleep() }, log: memoryLog() });
    await expect(sink.send(dl([], ['a']))).rejects.toThrow();
  });
});

describe('sendFindingChanges', () => {
  it('sends in batches of 10 and re-sends retryable failed entries', async () => {
    let n = 0;
    sqs.on(SendMessageBatchCommand).callsFake((input) => {
      n++;
      const entries = input.Entries as { Id: string }[];
      if (n === 1)
        return {
          Successful: entries.slice(1).map((e) => ({ Id: e.Id })),
          Failed: [{ Id: entries[0].Id, SenderFault: false, Code: 'InternalError' }],
        };
      return { Successful: entries.map((e) => ({ Id: e.Id })), Failed: [] };
    });
    const changes = Array.from({ length: 15 }, (_, i) => ({
      transition: 'opened' as const,
      finding: finding({ id: String(i).padStart(32, '0') }),
    }));
    const out = await sendFindingChanges({ client, queueUrl: 'q', retry: { sleep: fakeSleep() }, log: memoryLog() }, changes);
    expect(out).toEqual({ sent: 15, failed: [] });
    expect(sqs.commandCalls(SendMessageBatchCommand).map((c) => c.args[0].input.Entries?.length)).toEqual([10, 1, 5]);
  });
});
