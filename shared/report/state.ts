import type { AnyAsset, CoverageGap } from '../domain/asset.ts';
import type { CheckMetadata, CheckResult } from '../domain/check.ts';
import type { Finding } from '../domain/finding.ts';
import { expiryMs } from '../findings/suppressions.ts';
import type { ScanRun } from '../store/types.ts';

/**
 * Everything a report is built from: a point-in-time snapshot of the inventory, the check results of the assessment,
 * the findings (all states), the metadata of the checks that ran, the scan runs and the parts that could not be read.
 * Builders are pure functions of this value, so the same state always yields the same artifacts.
 */
export interface ReportState {
  /** ISO timestamp the state was captured (the report's "as of"). */
  generatedAt: string;
  assets: AnyAsset[];
  findings: Finding[];
  results: CheckResult[];
  checks: CheckMetadata[];
  scanRuns: ScanRun[];
  coverageGaps: CoverageGap[];
}

const ARRAY_KEYS = ['assets', 'findings', 'results', 'checks', 'scanRuns', 'coverageGaps'] as const;

/** Validates the shape of a parsed JSON snapshot; throws an error naming the first problem (never echoing content). */
export function parseReportState(value: unknown): ReportState {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('report state: expected a JSON object');
  const v = value as Record<string, unknown>;
  if (typeof v.generatedAt !== 'string' || Number.isNaN(Date.parse(v.generatedAt))) {
    throw new Error('report state: generatedAt must be an ISO timestamp');
  }
  for (const k of ARRAY_KEYS) {
    if (v[k] === undefined) continue;
    if (!Array.isArray(v[k])) throw new Error(`report state: ${k} must be an array`);
  }
  const arr = <T>(k: (typeof ARRAY_KEYS)[number]) => ((v[k] as T[] | undefined) ?? []).filter((x) => x && typeof x === 'object');
  const state: ReportState = {
    generatedAt: v.generatedAt,
    assets: arr<AnyAsset>('assets'),
    findings: arr<Finding>('findings'),
    results: arr<CheckResult>('results'),
    checks: arr<CheckMetadata>('checks'),
    scanRuns: arr<ScanRun>('scanRuns'),
    coverageGaps: arr<CoverageGap>('coverageGaps'),
  };
  for (const [i, a] of state.assets.entries()) {
    if (typeof a.id !== 'string' || typeof a.type !== 'string') throw new Error(`report state: assets[${i}] lacks id/type`);
  }
  for (const [i, f] of state.findings.entries()) {
    if (typeof f.id !== 'string' || typeof f.severity !== 'string') throw new Error(`report state: findings[${i}] lacks id/severity`);
  }
  for (const [i, r] of state.results.entries()) {
    if (typeof r.checkId !== 'string' || typeof r.status !== 'string') throw new Error(`report state: results[${i}] lacks checkId/status`);
  }
  return state;
}

/** Open = NEW or ACTIVE, and not under an unexpired suppression. */
export function isOpenFinding(f: Finding, now: string): boolean {
  if (f.status !== 'NEW' && f.status !== 'ACTIVE') return false;
  return !isSuppressed(f, now);
}

/**
 * Under a suppression that has not expired at `now` (an ISO 8601 instant). Compared as instants, as the pipeline does
 * (`expiryMs`): a bare date runs to the end of that day (UTC) and offsets count, which comparing the strings got wrong.
 */
export function isSuppressed(f: Finding, now: string): boolean {
  return Boolean(f.suppression && expiryMs(f.suppression.expiresAt) > Date.parse(now));
}
