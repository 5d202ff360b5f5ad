import type { Finding } from '../domain/finding.ts';
import type { FindingStore } from '../store/types.ts';
import { bump } from './lifecycle.ts';
import type { FindingChange } from './record.ts';
import { expiryMs, findSuppression, ruleMatches, type SuppressionRule } from './suppressions.ts';

/**
 * Lapsed suppressions: an open finding that was last delivered while a suppression covered it, and whose
 * suppression has expired since, gets a new delivered state (`updated`, UpdatedAt bumped) so Security Hub and
 * EventBridge show it unsuppressed without waiting for the finding itself to change. Stateless and idempotent:
 * the criterion is "a matching rule expired after the finding's updatedAt", which is false once the new state is
 * written. Run it on a schedule (e.g. with each assessment). Conditional writes, like the lifecycle.
 */
export async function sweepLapsedSuppressions(
  store: FindingStore,
  rules: readonly SuppressionRule[],
  now: Date,
  opts: {
    resourceTags?: (resourceId: string) => Promise<Record<string, string> | undefined>;
    maxAttempts?: number;
    /** Only this account's findings (each account's assessment sweeps its own, and delivers what it writes). */
    accountId?: string;
    /** Sees each change as soon as it is stored, so a caller can deliver what a sweep failing mid-way wrote. */
    written?: FindingChange[];
  } = {},
): Promise<FindingChange[]> {
  const t = now.getTime();
  const expired = rules.filter((r) => expiryMs(r.expiresAt) <= t);
  if (expired.length === 0) return [];
  const changes: FindingChange[] = opts.written ?? [];
  const needTags = rules.some((r) => r.tag);
  for (const first of await store.queryFindings({ openOnly: true })) {
    if (opts.accountId !== undefined && first.accountId !== opts.accountId) continue;
    let f: Finding | undefined = first;
    for (let attempt = 1; f && attempt <= (opts.maxAttempts ?? 5); attempt++) {
      const tags = needTags && opts.resourceTags ? await opts.resourceTags(f.resourceId) : undefined;
      const last = Date.parse(f.updatedAt);
      const cur: Finding = f;
      const lapsed = expired.find((r) => expiryMs(r.expiresAt) > last && ruleMatches(r, cur, tags));
      if (!lapsed || findSuppression(cur, rules, now, tags)) break;
      const { suppression: _gone, ...rest } = cur;
      const next: Finding = { ...rest, updatedAt: bump(cur.updatedAt, now.toISOString()) };
      if (await store.putFinding(next, cur.version)) {
        changes.push({
          transition: 'updated',
          finding: { ...next, version: (cur.version ?? 0) + 1 },
          deliver: true,
          lapsedSuppression: { id: lapsed.id, expiresAt: lapsed.expiresAt },
        });
        break;
      }
      f = await store.getFinding(cur.id);
      if (f && f.status === 'RESOLVED') break;
    }
  }
  return changes;
}
