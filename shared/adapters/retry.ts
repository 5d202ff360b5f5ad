/** Exponential backoff with full jitter, with injectable sleep and randomness so tests are fast and deterministic. */
export interface RetryPolicy {
  /** Total attempts including the first (default 5). */
  maxAttempts?: number;
  /** First backoff ceiling in ms (default 200). */
  baseMs?: number;
  /** Largest backoff in ms (default 10 000). */
  capMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** 0 <= random() < 1 (default Math.random). */
  random?: () => number;
}

export const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface ResolvedRetry {
  maxAttempts: number;
  baseMs: number;
  capMs: number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}

export function resolveRetry(p: RetryPolicy = {}): ResolvedRetry {
  return {
    maxAttempts: Math.max(1, p.maxAttempts ?? 5),
    baseMs: p.baseMs ?? 200,
    capMs: p.capMs ?? 10_000,
    sleep: p.sleep ?? realSleep,
    random: p.random ?? Math.random,
  };
}

/** Full-jitter delay before retry number `attempt` (1 = first retry): uniform in [0, min(cap, base * 2^(attempt-1))]. */
export function backoffDelay(attempt: number, r: Pick<ResolvedRetry, 'baseMs' | 'capMs' | 'random'>): number {
  const ceiling = Math.min(r.capMs, r.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(r.random() * ceiling);
}

/** AWS SDK v3 error classification: throttling and 5xx are worth retrying; validation and access errors are not. */
export function isRetryableAwsError(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number }; $retryable?: unknown; code?: string };
  if (!e || typeof e !== 'object') return false;
  if (e.$retryable) return true;
  const name = e.name ?? e.code ?? '';
  if (
    /Throttl|TooManyRequests|LimitExceeded|RequestLimitExceeded|SlowDown|ServiceUnavailable|InternalServer|InternalFailure|InternalException|TimeoutError|RequestTimeout/i.test(
      name,
    )
  )
    return true;
  if (/ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|socket hang up/i.test(`${name} ${(err as Error).message ?? ''}`)) return true;
  const status = e.$metadata?.httpStatusCode;
  return status !== undefined && (status === 429 || status >= 500);
}

/** A short, content-free description of an error for logs and dead letters (name + HTTP status). */
export function errorCode(err: unknown): string {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  const status = e?.$metadata?.httpStatusCode;
  return `${e?.name ?? 'Error'}${status ? ` (HTTP ${status})` : ''}`;
}
