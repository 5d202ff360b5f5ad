import type { AnyAsset, CoverageGap } from '../domain/asset.ts';
import type { CheckMetadata, CheckResult } from '../domain/check.ts';
import type { Store } from '../store/types.ts';
import { cmp } from './compare.ts';
import type { ReportState } from './state.ts';

export interface LoadStateOptions {
  /** Accounts to report on; when empty, the accounts that have findings in the store. */
  accountIds?: string[];
  /** Metadata of the checks the results come from (coverage matrix, check table). */
  checks: CheckMetadata[];
  /**
   * Check results are not stored (only findings are), so they are recomputed from the stored inventory with the pure
   * check evaluation: same assets + gaps => same results as the assessment that produced the findings.
   */
  evaluate?: (assets: AnyAsset[], gaps: CoverageGap[]) => CheckResult[];
  now: Date;
  /** Scan runs listed per account (newest first). Default 20. */
  scanRunLimit?: number;
}

/** Reads a ReportState from any Store (DynamoDB in Lambda and `report --table`, MemoryStore in `scan`). */
export async function loadReportState(store: Store, opts: LoadStateOptions): Promise<ReportState> {
  const findings = await store.allFindings();
  const accountIds =
    opts.accountIds && opts.accountIds.length > 0 ? [...new Set(opts.accountIds)] : [...new Set(findings.map((f) => f.accountId))];
  accountIds.sort();
  const assets: AnyAsset[] = [];
  const coverageGaps: CoverageGap[] = [];
  const scanRuns: ReportState['scanRuns'] = [];
  for (const accountId of accountIds) {
    assets.push(...(await store.listAssets({ accountId })));
    coverageGaps.push(...(await store.listCoverageGaps(accountId)));
    scanRuns.push(...(await store.listScanRuns(accountId, opts.scanRunLimit ?? 20)));
  }
  assets.sort((a, b) => cmp(a.id, b.id));
  const wanted = new Set(accountIds);
  return {
    generatedAt: opts.now.toISOString(),
    assets,
    findings: findings.filter((f) => wanted.has(f.accountId)).sort((a, b) => cmp(a.id, b.id)),
    results: opts.evaluate ? opts.evaluate(assets, coverageGaps) : [],
    checks: opts.checks,
    scanRuns,
    coverageGaps,
  };
}
