import { type EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { Log } from '../util/logger.ts';
import { backoffDelay, errorCode, isRetryableAwsError, type RetryPolicy, resolveRetry } from './retry.ts';
import type { BusEvent, EventSink } from './types.ts';

export const MAX_ENTRIES_PER_PUT = 10;
/** PutEvents total request size limit (256 KB), including Source, DetailType, Detail and Resources. */
export const MAX_PUT_BYTES = 256 * 1024;

export function entrySize(e: BusEvent): number {
  // AWS counts Time as 14 bytes plus the UTF-8 of Source, DetailType, Detail and each resource.
  return (
    14 +
    Buffer.byteLength(e.Source) +
    Buffer.byteLength(e.DetailType) +
    Buffer.byteLength(e.Detail) +
    (e.Resources ?? []).reduce((n, r) => n + Buffer.byteLength(r), 0)
  );
}

function batches(events: BusEvent[]): BusEvent[][] {
  const out: BusEvent[][] = [];
  let cur: BusEvent[] = [];
  let bytes = 0;
  for (const e of events) {
    const s = entrySize(e);
    if (cur.length && (cur.length >= MAX_ENTRIES_PER_PUT || bytes + s > MAX_PUT_BYTES)) {
      out.push(cur);
      cur = [];
      bytes = 0;
    }
    cur.push(e);
    bytes += s;
  }
  if (cur.length) out.push(cur);
  return out;
}

const PERMANENT = /ValidationException|MalformedDetail|InvalidArgument|AccessDenied|NotAuthorized|ResourceNotFound/i;

export interface EventBridgeSinkOptions {
  client: Pick<EventBridgeClient, 'send'>;
  eventBusName: string;
  retry?: RetryPolicy;
  log: Log;
}

/** EventBridge sink: PutEvents in batches of 10, re-sending the entries that failed (`FailedEntryCount`). */
export function createEventBridgeSink(opts: EventBridgeSinkOptions): EventSink {
  const r = resolveRetry(opts.retry);
  return {
    async publish(events) {
      let published = 0;
      let calls = 0;
      const failed: { event: BusEvent; errorCode: string; attempts: number }[] = [];
      for (const batch of batches(events)) {
        let pending = batch;
        for (let attempt = 1; pending.length; attempt++) {
          const retry: BusEvent[] = [];
          let code = '';
          try {
            calls++;
            const out = await opts.client.send(
              new PutEventsCommand({ Entries: pending.map((e) => ({ ...e, EventBusName: opts.eventBusName })) }),
            );
            const results = out.Entries ?? [];
            pending.forEach((e, i) => {
              const res = results[i];
              if (res && !res.ErrorCode && (res.EventId || !out.FailedEntryCount)) {
                published++;
                return;
              }
              code = res?.ErrorCode ?? 'Unknown';
              if (PERMANENT.test(code)) failed.push({ event: e, errorCode: code, attempts: attempt });
              else retry.push(e);
            });
            if (out.FailedEntryCount) opts.log.warn('PutEvents partial failure', { failedEntryCount: out.FailedEntryCount, attempt });
          } catch (err) {
            code = errorCode(err);
            if (!isRetryableAwsError(err)) {
              for (const e of pending) failed.push({ event: e, errorCode: code, attempts: attempt });
              opts.log.error('PutEvents failed', { errorCode: code, entries: pending.length });
              break;
            }
            retry.push(...pending);
          }
          if (retry.length && attempt >= r.maxAttempts) {
            for (const e of retry) failed.push({ event: e, errorCode: code, attempts: attempt });
            break;
          }
          pending = retry;
          if (pending.length) await r.sleep(backoffDelay(attempt, r));
        }
      }
      return { published, failed, calls };
    },
  };
}
