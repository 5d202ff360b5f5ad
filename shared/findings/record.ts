import type { Finding } from '../domain/finding.ts';
import type { LapsedSuppression } from '../domain/messages.ts';
import { isRetryableAwsError } from '../adapters/retry.ts';
import type { FindingStore } from '../store/types.ts';
import { findingIdFor, type Observation, reconcile, type Transition } from './lifecycle.ts';

export interface FindingChange {
  transition: Transition;
  finding: Finding;
  deliver: boolean;
  /** Set by the suppression sweep: the rule whose expiry lifted the finding's suppression. */
  lapsedSuppression?: LapsedSuppression;
}

/**
 * Applies observations to the finding store: read, reconcile (pure), conditional write; on a lost race (another
 * function wrote the same finding meanwhile) re-read and re-apply, so no update is lost. Returns what changed.
 * Observations of the same finding id within one call are applied in order. A finding whose write fails for its own
 * reason (an oversized item, a conditional write given up) does not stop the others: every finding is attempted, so
 * a posture run with one oversized finding still stores the rest (and fails; the caller must deliver what
 * `opts.written` holds, since a retry re-records those findings as persisted, not delivered). A throttled or failing table (`tableWide`) stops
 * the call from starting further writes (2,000 findings would be 2,000 writes, each with the SDK's retries, and could
 * run the function out of time, after which nothing written is delivered); the writes in flight finish. Then the call
 * fails with the first table-wide error (else the first error), its `failedFindings` the number of findings not stored (failed or not attempted), so
 * `opts.written` holds every change stored.
 */
export async function recordObservations(
  store: FindingStore,
  observations: Observation[],
  now: string,
  opts: {
    maxAttempts?: number;
    concurrency?: number;
    written?: FindingChange[];
    /** Rewrites an observation against the finding each attempt read (re-run on the re-read after a lost race). */
    prepare?: (prev: Finding | undefined, obs: Observation) => Observation;
  } = {},
): Promise<FindingChange[]> {
  const maxAttempts = opts.maxAttempts ?? 8;
  const byId = new Map<string, Observation[]>();
  for (const o of observations) {
    const id = findingIdFor(o);
    const list = byId.get(id);
    if (list) list.push(o);
    else byId.set(id, [o]);
  }
  // `opts.written` sees each change as soon as it is stored (so a caller can publish them when a later write fails)
  const changes: FindingChange[] = opts.written ?? [];
  const ids = [...byId.keys()];
  // One batched read for the first attempt of every finding; a lost race re-reads that finding alone.
  const prefetched = await store.getFindings(ids);
  const errors: unknown[] = [];
  let stopped = false;
  const worker = async () => {
    for (let id = stopped ? undefined : ids.pop(); id !== undefined; id = stopped ? undefined : ids.pop()) {
      try {
        await apply(id);
      } catch (err) {
        errors.push(err);
        if (tableWide(err)) stopped = true;
      }
    }
  };
  const apply = async (id: string) => {
    // undefined = known not to exist; null = must be re-read.
    let known: Finding | undefined | null = prefetched.get(id);
    for (const obs of byId.get(id) ?? []) {
      for (let attempt = 1; ; attempt++) {
        const prev: Finding | undefined = known !== null ? known : await store.getFinding(id);
        known = null;
        const r = reconcile(prev, opts.prepare ? opts.prepare(prev, obs) : obs, now);
        if (!r.next) {
          known = prev;
          break;
        }
        if (await store.putFinding(r.next, prev?.version)) {
          const written: Finding = { ...r.next, version: (prev?.version ?? 0) + 1 };
          changes.push({ transition: r.transition, finding: written, deliver: r.deliver });
          known = written;
          break;
        }
        if (attempt >= maxAttempts) throw new Error(`finding ${id}: gave up after ${attempt} conflicting writes`);
      }
    }
  };
  // Every worker runs to the end of the list before the error is thrown: a write that landed after the throw would be
  // stored without being in `opts.written` (never delivered: a retry sees its events already counted).
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 8) }, () => worker()));
  if (errors.length > 0) {
    // the table-wide error explains why most findings were not attempted; an item's own error only its finding
    const first = errors.find(tableWide) ?? errors[0];
    if (first instanceof Error) throw Object.assign(first, { failedFindings: errors.length + ids.length });
    throw first;
  }
  return changes;
}

/**
 * A throttled or failing table (every write would fail alike), as opposed to an error of one item (ValidationException
 * for an oversized item, a conditional write given up after conflicts).
 */
export function tableWide(err: unknown): boolean {
  const name = (err as { name?: unknown } | null)?.name;
  // one partition's item collection is full (a local secondary index): the other findings' writes still succeed
  if (typeof name === 'string' && /ItemCollectionSizeLimitExceeded/.test(name)) return false;
  if (typeof name === 'string' && /ProvisionedThroughputExceeded/.test(name)) return true;
  return isRetryableAwsError(err);
}

/** `{ failedFindings }` of an error thrown by `recordObservations` (for logs), else `{}`. */
export function failedFindingsOf(err: unknown): { failedFindings?: number } {
  const n = (err as { failedFindings?: unknown } | null)?.failedFindings;
  return typeof n === 'number' ? { failedFindings: n } : {};
}
