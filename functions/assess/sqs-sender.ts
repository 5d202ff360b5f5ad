import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { FindingChangeSender } from '../../shared/pipeline/assess.ts';

const MAX_ENTRIES = 10;
const MAX_BATCH_BYTES = 256 * 1024;

/**
 * Sends finding-change messages to the delivery queue with SendMessageBatch (<= 10 entries and <= 256 KiB per
 * call). Entries SQS reports as failed are retried (up to `attempts`); if some still fail, it throws so the
 * assess request is retried (delivery de-duplicates per finding state).
 */
export function createSqsChangeSender(opts: { client: Pick<SQSClient, 'send'>; queueUrl: string; attempts?: number }): FindingChangeSender {
  const attempts = opts.attempts ?? 3;
  return {
    async send(messages) {
      const bodies = messages.map((m) => JSON.stringify(m));
      const batches: number[][] = [];
      let cur: number[] = [];
      let bytes = 0;
      bodies.forEach((b, i) => {
        const size = Buffer.byteLength(b, 'utf8');
        if (size > MAX_BATCH_BYTES) throw new Error(`finding change ${messages[i].finding.id} is ${size} bytes, over the SQS limit`);
        if (cur.length === MAX_ENTRIES || bytes + size > MAX_BATCH_BYTES) {
          batches.push(cur);
          cur = [];
          bytes = 0;
        }
        cur.push(i);
        bytes += size;
      });
      if (cur.length) batches.push(cur);
      for (const batch of batches) {
        let pending = batch;
        for (let attempt = 1; pending.length > 0; attempt++) {
          const res = await opts.client.send(
            new SendMessageBatchCommand({
              QueueUrl: opts.queueUrl,
              Entries: pending.map((i) => ({ Id: String(i), MessageBody: bodies[i] })),
            }),
          );
          const failed = new Set((res.Failed ?? []).map((f) => Number(f.Id)));
          pending = pending.filter((i) => failed.has(i));
          if (pending.length > 0 && attempt >= attempts)
            throw new Error(`${pending.length} finding change(s) could not be queued for delivery`);
        }
      }
    },
  };
}
