import type { Log } from '../util/logger.ts';
import { backoffDelay, type RetryPolicy, realSleep, resolveRetry } from './retry.ts';
import type { SlackMessage, SlackSink } from './types.ts';

/** A failed post. Carries the HTTP status and Slack's error code only: never the webhook URL. */
export class SlackDeliveryError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly attempts: number,
    readonly permanent: boolean,
    /** The webhook secret holds no URL yet: Slack is not set up (nothing to retry or dead-letter). */
    readonly notConfigured = false,
  ) {
    super(message);
    this.name = 'SlackDeliveryError';
  }
}

export interface SlackWebhookOptions {
  /** The webhook URL (a secret): fetched on demand, cached by the getter, never logged. */
  getUrl: () => Promise<string>;
  fetch?: typeof fetch;
  /** Minimum spacing between posts (Slack allows ~1 message per second). Default 1000 ms. */
  minIntervalMs?: number;
  /** Upper bound for an honoured Retry-After, in seconds (default 60). */
  maxRetryAfterSeconds?: number;
  retry?: RetryPolicy;
  now?: () => number;
  timeoutMs?: number;
  log: Log;
}

/** Slack's error body is a short code like `invalid_blocks`; keep only that shape (no echo of anything else). */
function slackCode(body: string): string {
  const t = body.trim();
  return /^[a-z_]{1,60}$/.test(t) ? t : 'unexpected_response';
}

/**
 * Incoming-webhook sink: posts are serialised and spaced by `minIntervalMs`; HTTP 429 waits for `Retry-After`;
 * 5xx and network errors are retried with exponential backoff and jitter; other 4xx are permanent.
 */
export function createSlackWebhookSink(opts: SlackWebhookOptions): SlackSink {
  const r = resolveRetry(opts.retry);
  const sleep = opts.retry?.sleep ?? realSleep;
  const now = opts.now ?? Date.now;
  const doFetch = opts.fetch ?? fetch;
  const minInterval = opts.minIntervalMs ?? 1000;
  const maxRetryAfter = opts.maxRetryAfterSeconds ?? 60;
  let lastSent = Number.NEGATIVE_INFINITY;
  let chain: Promise<unknown> = Promise.resolve();

  const pace = async () => {
    const wait = lastSent + minInterval - now();
    if (wait > 0) await sleep(wait);
    lastSent = now();
  };

  const postOnce = async (message: SlackMessage, budgetMs?: number): Promise<{ attempts: number }> => {
    const deadline = budgetMs === undefined ? Number.POSITIVE_INFINITY : now() + budgetMs;
    let url: string;
    try {
      url = await opts.getUrl();
    } catch (err) {
      const notConfigured = (err as Error).name === 'WebhookNotConfiguredError';
      throw new SlackDeliveryError(
        `could not read the Slack webhook secret (${(err as Error).name})`,
        undefined,
        0,
        notConfigured,
        notConfigured,
      );
    }
    const body = JSON.stringify(message);
    for (let attempt = 1; ; attempt++) {
      await pace();
      let status: number | undefined;
      let retryAfterMs: number | undefined;
      let reason: string;
      try {
        const res = await doFetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
          signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
        });
        status = res.status;
        const text = await res.text();
        if (res.ok) return { attempts: attempt };
        reason = slackCode(text);
        if (status === 429) {
          const ra = Number(res.headers.get('retry-after'));
          retryAfterMs = Math.min(maxRetryAfter, Number.isFinite(ra) && ra >= 0 ? ra : 1) * 1000;
        } else if (status < 500) {
          throw new SlackDeliveryError(`Slack webhook rejected the message: HTTP ${status} ${reason}`, status, attempt, true);
        }
      } catch (err) {
        if (err instanceof SlackDeliveryError) throw err;
        // network error or timeout: the error text of fetch can include the host; keep only its name
        reason = (err as Error).name || 'NetworkError';
      }
      if (attempt >= r.maxAttempts) {
        throw new SlackDeliveryError(
          `Slack webhook failed after ${attempt} attempts: ${status ? `HTTP ${status} ` : ''}${reason}`,
          status,
          attempt,
          false,
        );
      }
      const delay = retryAfterMs ?? backoffDelay(attempt, r);
      if (now() + delay > deadline) {
        throw new SlackDeliveryError(
          `Slack webhook: retry in ${delay} ms would exceed the time budget (${status ? `HTTP ${status} ` : ''}${reason})`,
          status,
          attempt,
          false,
        );
      }
      opts.log.warn('Slack post failed, retrying', { status, reason, attempt, delayMs: delay });
      await sleep(delay);
    }
  };

  return {
    post(message, postOpts) {
      const run = chain.then(() => postOnce(message, postOpts?.budgetMs));
      chain = run.catch(() => undefined);
      return run;
    },
  };
}
