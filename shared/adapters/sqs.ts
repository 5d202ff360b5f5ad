import { type SQSClient, SendMessageBatchCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import type { FindingChangeMessage } from '../domain/messages.ts';
import type { Log } from '../util/logger.ts';
import { backoffDelay, errorCode, isRetryableAwsError, type RetryPolicy, resolveRetry } from './retry.ts';
import type { DeadLetter, DeadLetterSink } from './types.ts';

/** SQS message size limit we design for (the classic 256 KiB; the 1 MiB limit is not assumed). */
export const MAX_SQS_BYTES = 256 * 1024;

/**
 * Splits a dead letter whose payload is a list (ASFF documents, events) so each SQS message fits; a single item that
 * cannot fit keeps only its identifying fields and says so (`truncated`).
 */
export function splitDeadLetter(entry: DeadLetter, maxBytes = MAX_SQS_BYTES): DeadLetter[] {
  const size = (e: DeadLetter) => Buffer.byteLength(JSON.stringify(e), 'utf8');
  if (size(entry) <= maxBytes) return [entry];
  if (Array.isArray(entry.payload) && entry.payload.length > 1) {
    const mid = Math.ceil(entry.payload.length / 2);
    const part = (items: unknown[]) => {
      const ids = new Set(items.map((x) => (x as { Id?: string })?.Id).filter(Boolean));
      return {
        ...entry,
        payload: items,
        findingIds: ids.size ? entry.findingIds.filter((id) => ids.has(`aispm/${id}`)) : entry.findingIds,
      };
    };
    return [...splitDeadLetter(part(entry.payload.slice(0, mid)), maxBytes), ...splitDeadLetter(part(entry.payload.slice(mid)), maxBytes)];
  }
  return [
    {
      ...entry,
      payload: { truncated: true, bytes: size(entry) },
      reason: `${entry.reason} (payload too large for SQS; rebuild from the finding store)`,
    },
  ];
}

/** Dead-letter sink over SQS `SendMessage` (the delivery DLQ). Retries throttling; throws if it still fails. */
export function createSqsDeadLetterSink(opts: {
  client: Pick<SQSClient, 'send'>;
  queueUrl: string;
  retry?: RetryPolicy;
  log: Log;
}): DeadLetterSink {
  const r = resolveRetry(opts.retry);
  return {
    async send(entry) {
      for (const part of splitDeadLetter(entry)) {
        for (let attempt = 1; ; attempt++) {
          try {
            await opts.client.send(
              new SendMessageCommand({
                QueueUrl: opts.queueUrl,
                MessageBody: JSON.stringify(part),
                MessageAttributes: { sink: { DataType: 'String', StringValue: part.sink } },
              }),
            );
            break;
          } catch (err) {
            if (!isRetryableAwsError(err) || attempt >= r.maxAttempts) throw err;
            opts.log.warn('DLQ send throttled, backing off', { errorCode: errorCode(err), attempt });
            await r.sleep(backoffDelay(attempt, r));
          }
        }
      }
    },
  };
}

/**
 * Producer side (assessment, log analysis): sends `FindingChangeMessage`s to the delivery queue with
 * SendMessageBatch (10 per call), re-sending failed entries. Returns the ids it could not send.
 */
export async function sendFindingChanges(
  opts: { client: Pick<SQSClient, 'send'>; queueUrl: string; retry?: RetryPolicy; log: Log },
  messages: FindingChangeMessage[],
): Promise<{ sent: number; failed: string[] }> {
  const r = resolveRetry(opts.retry);
  let sent = 0;
  const failed: string[] = [];
  for (let i = 0; i < messages.length; i += 10) {
    let pending = messages.slice(i, i + 10).map((m, j) => ({ Id: String(i + j), MessageBody: JSON.stringify(m), findingId: m.finding.id }));
    for (let attempt = 1; pending.length; attempt++) {
      let retry: typeof pending = [];
      try {
        const out = await opts.client.send(
          new SendMessageBatchCommand({ QueueUrl: opts.queueUrl, Entries: pending.map(({ Id, MessageBody }) => ({ Id, MessageBody })) }),
        );
        sent += out.Successful?.length ?? 0;
        const bad = new Map((out.Failed ?? []).map((f) => [f.Id, f]));
        retry = pending.filter((p) => bad.has(p.Id) && !bad.get(p.Id)?.SenderFault);
        for (const p of pending) if (bad.get(p.Id)?.SenderFault) failed.push(p.findingId);
      } catch (err) {
        if (!isRetryableAwsError(err)) {
          failed.push(...pending.map((p) => p.findingId));
          opts.log.error('SendMessageBatch failed', { errorCode: errorCode(err) });
          break;
        }
        retry = pending;
      }
      if (retry.length && attempt >= r.maxAttempts) {
        failed.push(...retry.map((p) => p.findingId));
        break;
      }
      pending = retry;
      if (pending.length) await r.sleep(backoffDelay(attempt, r));
    }
  }
  return { sent, failed };
}
