import { BatchImportFindingsCommand, type SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { AsffFinding } from '../findings/asff.ts';
import type { Log } from '../util/logger.ts';
import { backoffDelay, errorCode, isRetryableAwsError, type RetryPolicy, resolveRetry } from './retry.ts';
import type { ImportFailure, SecurityHubSink } from './types.ts';

/** BatchImportFindings limits: 100 findings and 6 MB per request (6 000 000 bytes, conservatively). */
export const MAX_FINDINGS_PER_CALL = 100;
export const MAX_REQUEST_BYTES = 6_000_000;
const ENVELOPE_BYTES = '{"Findings":[]}'.length;

/** Splits documents into batches within both the count and the request-size limit, preserving order. */
export function batchAsff(docs: AsffFinding[], maxCount = MAX_FINDINGS_PER_CALL, maxBytes = MAX_REQUEST_BYTES): AsffFinding[][] {
  const batches: AsffFinding[][] = [];
  let cur: AsffFinding[] = [];
  let bytes = ENVELOPE_BYTES;
  for (const d of docs) {
    const size = Buffer.byteLength(JSON.stringify(d), 'utf8') + 1;
    if (cur.length > 0 && (cur.length >= maxCount || bytes + size > maxBytes)) {
      batches.push(cur);
      cur = [];
      bytes = ENVELOPE_BYTES;
    }
    cur.push(d);
    bytes += size;
  }
  if (cur.length) batches.push(cur);
  return batches;
}

/** FailedFindings error codes that will not succeed on retry (bad document, Security Hub disabled, no permission). */
const PERMANENT = /Invalid|AccessDenied|Validation|Malformed|NotFound|NotSubscribed|Unauthorized/i;

export interface SecurityHubSinkOptions {
  client: Pick<SecurityHubClient, 'send'>;
  /**
   * Client for findings of another account. With the default product ARN, Security Hub only accepts findings whose
   * AwsAccountId is the caller's account, so findings of scanned member accounts are imported with a role in that
   * account. Undefined (or no function) = `client`.
   */
  clientFor?: (accountId: string) => Pick<SecurityHubClient, 'send'> | undefined;
  retry?: RetryPolicy;
  log: Log;
}

/**
 * Security Hub sink over `BatchImportFindings`. Partial failures come back as HTTP 200 with `FailedCount` > 0: the
 * failed ids are retried (when the code looks transient) with exponential backoff and jitter, as are throttled
 * calls. What still fails is returned with the full document so the caller can dead-letter it.
 */
export function createSecurityHubSink(opts: SecurityHubSinkOptions): SecurityHubSink {
  const r = resolveRetry(opts.retry);
  return {
    async importFindings(docs) {
      const imported: string[] = [];
      const failed: ImportFailure[] = [];
      let calls = 0;
      const byAccount = new Map<string, AsffFinding[]>();
      for (const d of docs) byAccount.set(d.AwsAccountId, [...(byAccount.get(d.AwsAccountId) ?? []), d]);
      const work = [...byAccount.entries()].flatMap(([account, list]) => {
        const client = opts.clientFor?.(account) ?? opts.client;
        return batchAsff(list).map((batch) => ({ client, batch }));
      });
      for (const { client, batch } of work) {
        let pending = batch;
        for (let attempt = 1; pending.length > 0; attempt++) {
          let retryable: AsffFinding[] = [];
          let lastCode = '';
          let lastMessage = '';
          try {
            calls++;
            const out = await client.send(new BatchImportFindingsCommand({ Findings: pending as never }));
            const byId = new Map((out.FailedFindings ?? []).map((f) => [f.Id ?? '', f]));
            for (const d of pending) {
              const f = byId.get(d.Id);
              if (!f) {
                imported.push(d.Id);
                continue;
              }
              const code = f.ErrorCode ?? 'Unknown';
              if (PERMANENT.test(code))
                failed.push({ id: d.Id, errorCode: code, errorMessage: (f.ErrorMessage ?? '').slice(0, 500), doc: d, attempts: attempt });
              else {
                retryable.push(d);
                lastCode = code;
                lastMessage = (f.ErrorMessage ?? '').slice(0, 500);
              }
            }
            if (out.FailedCount && out.FailedCount > 0)
              opts.log.warn('BatchImportFindings partial failure', {
                failedCount: out.FailedCount,
                successCount: out.SuccessCount,
                attempt,
              });
          } catch (err) {
            lastCode = errorCode(err);
            lastMessage = (err as Error).message?.slice(0, 500) ?? '';
            if (!isRetryableAwsError(err)) {
              for (const d of pending) failed.push({ id: d.Id, errorCode: lastCode, errorMessage: lastMessage, doc: d, attempts: attempt });
              opts.log.error('BatchImportFindings failed', { errorCode: lastCode, findings: pending.length });
              break;
            }
            retryable = pending;
            opts.log.warn('BatchImportFindings throttled or unavailable, backing off', { errorCode: lastCode, attempt });
          }
          if (retryable.length && attempt >= r.maxAttempts) {
            for (const d of retryable) failed.push({ id: d.Id, errorCode: lastCode, errorMessage: lastMessage, doc: d, attempts: attempt });
            break;
          }
          pending = retryable;
          if (pending.length) await r.sleep(backoffDelay(attempt, r));
        }
      }
      return { imported, failed, calls };
    },
  };
}
