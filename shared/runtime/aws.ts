/** AWS SDK adapters for the runtime pipeline (S3 GetObject factory, SQS batch sender for the dead-letter queue). */
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { MessageBatchSender } from './deadletter.ts';
import type { GetObjectFactory } from './sources.ts';

export const getObjectCommand: GetObjectFactory = (input) => new GetObjectCommand(input);

/** Sends up to 10 bodies with SendMessageBatch; throws when an entry fails (the caller's retry/alarm path). */
export function sqsBatchSender(client: Pick<SQSClient, 'send'>): MessageBatchSender {
  return {
    async sendBatch(queueUrl, bodies) {
      if (!bodies.length) return;
      const out = await client.send(
        new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: bodies.map((b, i) => ({ Id: String(i), MessageBody: b })) }),
      );
      if (out.Failed?.length)
        throw new Error(`dead-letter SendMessageBatch: ${out.Failed.length} entries failed (${out.Failed.map((f) => f.Code).join(',')})`);
    },
  };
}
