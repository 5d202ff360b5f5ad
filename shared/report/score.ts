import type { CheckResult, CheckStatus } from '../domain/check.ts';
import type { Severity } from '../domain/severity.ts';
import { cmp } from './compare.ts';

/**
 * Posture score of one account/region: the severity-weighted pass rate of the checks that could be evaluated there.
 *
 *   score = 100 x sum(weight(severity) of PASS results) / sum(weight(severity) of PASS + FAIL results)
 *
 * weights: CRITICAL 10, HIGH 5, MEDIUM 3, LOW 1, INFORMATIONAL 0.5. ERROR (data unreadable) and MANUAL results are
 * NOT counted as passes: they are left out of the ratio and reported next to the score as `unevaluated`, and a scope
 * with nothing evaluated has no score (null), never 100. Rounded to one decimal.
 */
export const SCORE_WEIGHTS: Record<Severity, number> = { CRITICAL: 10, HIGH: 5, MEDIUM: 3, LOW: 1, INFORMATIONAL: 0.5 };

export interface PostureScore {
  accountId: string;
  region: string;
  /** 0..100, or null when no check could be evaluated. */
  score: number | null;
  counts: Record<CheckStatus, number>;
  /** FAIL results by severity (what drags the score down). */
  failing: Record<Severity, number>;
  /** ERROR + MANUAL results (not part of the ratio). */
  unevaluated: number;
}

function emptyCounts(): Record<CheckStatus, number> {
  return { PASS: 0, FAIL: 0, MANUAL: 0, ERROR: 0 };
}
function emptySev(): Record<Severity, number> {
  return { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, INFORMATIONAL: 0 };
}

function scoreOf(results: Iterable<CheckResult>, accountId: string, region: string): PostureScore {
  const counts = emptyCounts();
  const failing = emptySev();
  let pass = 0;
  let total = 0;
  for (const r of results) {
    counts[r.status] = (counts[r.status] ?? 0) + 1;
    const w = SCORE_WEIGHTS[r.severity] ?? 1;
    if (r.status === 'PASS') {
      pass += w;
      total += w;
    } else if (r.status === 'FAIL') {
      total += w;
      failing[r.severity] = (failing[r.severity] ?? 0) + 1;
    }
  }
  const score = total > 0 ? Math.round((1000 * pass) / total) / 10 : null;
  return { accountId, region, score, counts, failing, unevaluated: counts.ERROR + counts.MANUAL };
}

/** One score per account/region that has results, sorted by account then region. */
export function postureScores(results: CheckResult[]): PostureScore[] {
  const groups = new Map<string, CheckResult[]>();
  for (const r of results) {
    const k = `${r.accountId}\u0000${r.region}`;
    const g = groups.get(k);
    if (g) g.push(r);
    else groups.set(k, [r]);
  }
  return [...groups.entries()]
    .map(([k, rs]) => {
      const [accountId, region] = k.split('\u0000') as [string, string];
      return scoreOf(rs, accountId, region);
    })
    .sort((a, b) => cmp(a.accountId, b.accountId) || cmp(a.region, b.region));
}

/** Score over every result (all accounts and regions). */
export function overallScore(results: CheckResult[]): PostureScore {
  return scoreOf(results, '*', '*');
}
