/**
 * Writes runtime observations through the shared finding lifecycle (`recordObservations`), after merging the
 * per-batch evidence with what the stored finding already says (first seen stays the earliest, last seen the latest,
 * excerpts accumulate up to a small cap, `count` adds up only for an observation that counts occurrences: a replay or
 * a continuation keeps the stored count), so a finding spanning several log objects reads right.
 */
import type { EvidenceValue } from '../domain/finding.ts';
import type { Observation } from '../findings/lifecycle.ts';
import { findingIdFor, occurrencesAdded } from '../findings/lifecycle.ts';
import { type FindingChange, recordObservations } from '../findings/record.ts';
import type { FindingStore } from '../store/types.ts';

const MAX_EXCERPTS = 5;

/** `counts`: whether `next` counts occurrences (its `count` adds to the stored one); a replay or continuation only merges. */
function mergeEvidence(
  prev: Record<string, EvidenceValue>,
  next: Record<string, EvidenceValue>,
  counts: boolean,
): Record<string, EvidenceValue> {
  const out = { ...next };
  const pf = prev.firstSeen;
  const pl = prev.lastSeen;
  if (typeof pf === 'string' && typeof out.firstSeen === 'string' && pf < out.firstSeen) out.firstSeen = pf;
  if (typeof pl === 'string' && typeof out.lastSeen === 'string' && pl > out.lastSeen) out.lastSeen = pl;
  if (typeof prev.count === 'number' && typeof out.count === 'number')
    out.count = counts ? prev.count + out.count : Math.max(prev.count, out.count);
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
  const merged: Observation[] = [];
  const stored = await store.getFindings(observations.map((o) => findingIdFor(o)));
  for (const o of observations) {
    const prev = stored.get(findingIdFor(o));
    merged.push(
      prev && prev.status !== 'RESOLVED' ? { ...o, evidence: mergeEvidence(prev.evidence, o.evidence, occurrencesAdded(prev, o) > 0) } : o,
    );
  }
  return recordObservations(store, merged, now, { written });
}
