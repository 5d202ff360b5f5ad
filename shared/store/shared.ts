import type { AnyAsset } from '../domain/asset.ts';
import type { Finding } from '../domain/finding.ts';
import type { FindingQuery, WriteOutcome } from './types.ts';

/**
 * Decides what writing `next` over `prev` means. An observation older than what is stored is `stale` (ignored);
 * the same configuration hash on a live asset is `unchanged` (no write).
 */
export function assetChange(prev: AnyAsset | undefined, next: AnyAsset): WriteOutcome {
  if (!prev) return 'created';
  // a deletion is an observation too (markDeleted keeps lastSeen): an older read, e.g. a scan that listed the asset
  // before a rename or delete was processed, does not bring it back
  if (next.lastSeen < prev.lastSeen || (prev.deletedAt && next.lastSeen < prev.deletedAt)) return 'stale';
  if (prev.configHash === next.configHash && !prev.deletedAt) return 'unchanged';
  return 'updated';
}

export function isOpen(f: Finding): boolean {
  return f.status === 'NEW' || f.status === 'ACTIVE';
}

export function matchesFindingQuery(f: Finding, q: FindingQuery): boolean {
  if (q.resourceId !== undefined && f.resourceId !== q.resourceId) return false;
  if (q.openOnly && !isOpen(f)) return false;
  if (q.severity !== undefined && f.severity !== q.severity) return false;
  if (q.status !== undefined && f.status !== q.status) return false;
  if (q.source !== undefined && f.source !== q.source) return false;
  return true;
}
