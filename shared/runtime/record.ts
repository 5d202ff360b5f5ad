/**
 * Writes runtime observations through the shared finding lifecycle (`recordObservations`), after merging the
 * per-batch evidence with what the stored finding already says (first seen stays the earliest, last seen the latest,
 * excerpts accumulate up to a small cap, `count` adds up only the part of an observation's count that its new
 * occurrences carry: a replay or a continuation keeps the stored count, a re-delivered record is not counted again),
 * so a finding spanning several log objects reads right. The merge runs against the finding each write attempt read
 * (`prepare`), so a concurrent writer whose write made this one's conditional write lose keeps its count.
 */
import type { EvidenceValue } from '../domain/finding.ts';
import type { Observation } from '../findings/lifecycle.ts';
import { occurrencesAdded } from '../findings/lifecycle.ts';
import { type FindingChange, recordObservations } from '../findings/record.ts';
import type { FindingStore } from '../store/types.ts';

const MAX_EXCERPTS = 5;

/**
 * `added`: the occurrences `next` adds to the stored finding (`occurrencesAdded`); its `count` adds that share of the
 * observation's count (all of it when every occurrence is new, exactly `added` when count and occurrences agree, as
 * for per-record detections; else rounded pro rata); a replay or continuation (`added` 0) only merges.
 */
function mergeEvidence(
  prev: Record<string, EvidenceValue>,
  next: Record<string, EvidenceValue>,
  added: number,
  occurrences: number,
): Record<string, EvidenceValue> {
  const out = { ...next };
  const pf = prev.firstSeen;
  const pl = prev.lastSeen;
  if (typeof pf === 'string' && typeof out.firstSeen === 'string' && pf < out.firstSeen) out.firstSeen = pf;
  if (typeof pl === 'string' && typeof out.lastSeen === 'string' && pl > out.lastSeen) out.lastSeen = pl;
  if (typeof prev.count === 'number' && typeof out.count === 'number')
    out.count =
      added <= 0
        ? Math.max(prev.count, out.count)
        : prev.count + (added >= occurrences ? out.count : Math.round((out.count * added) / occurrences));
  const pe = Array.isArray(prev.excerpts) ? (prev.excerpts as unknown[]).filter((x): x is string => typeof x === 'string') : [];
  const ne = Array.isArray(out.excerpts) ? (out.excerpts as unknown[]).filter((x): x is string => typeof x === 'string') : [];
  if (pe.length || ne.length) out.excerpts = [...new Set([...pe, ...ne])].slice(0, MAX_EXCERPTS);
  return out;
}

export async function recordRuntimeObservations(
  store: FindingStore,
  observations: Observation[],
  now: string,
  written?: FindingChange[],
): Promise<FindingChange[]> {
  return recordObservations(store, observations, now, {
    written,
    prepare: (prev, o) =>
      prev && prev.status !== 'RESOLVED'
        ? { ...o, evidence: mergeEvidence(prev.evidence, o.evidence, occurrencesAdded(prev, o), o.occurrences ?? 1) }
        : o,
  });
}
