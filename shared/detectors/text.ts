/**
 * Small helpers shared by the content detectors: field iteration with a scan cap, masking, entropy, detection
 * construction. Nothing here keeps or logs text.
 */
import type { EvidenceValue } from '../domain/finding.ts';
import type { Detection, InvocationRecord } from '../domain/runtime.ts';
import { type Severity, severityRank } from '../domain/severity.ts';
import type { DetectorMetadata } from './types.ts';

export type FieldName = 'output' | 'tool-use' | 'system' | 'user' | 'assistant-history' | 'document';

/** Calls `fn` for each output text and each tool-use input (what the model produced), capped at `max` chars. */
export function forEachOutput(r: InvocationRecord, max: number, fn: (text: string, field: FieldName) => void): number {
  let truncated = 0;
  const outs = r.outputs;
  for (let i = 0; i < outs.length; i++) {
    const t = outs[i];
    if (typeof t !== 'string' || t.length === 0) continue;
    if (t.length > max) truncated++;
    fn(t.length > max ? t.slice(0, max) : t, 'output');
  }
  const tools = r.toolUses;
  for (let i = 0; i < tools.length; i++) {
    const t = tools[i]?.input;
    if (typeof t !== 'string' || t.length === 0) continue;
    if (t.length > max) truncated++;
    fn(t.length > max ? t.slice(0, max) : t, 'tool-use');
  }
  return truncated;
}

/** Calls `fn` for each prompt-side text (system, user turns, history, documents), capped at `max` chars. */
export function forEachPrompt(r: InvocationRecord, max: number, fn: (text: string, field: FieldName) => void): number {
  let truncated = 0;
  const visit = (t: unknown, field: FieldName) => {
    if (typeof t !== 'string' || t.length === 0) return;
    if (t.length > max) truncated++;
    fn(t.length > max ? t.slice(0, max) : t, field);
  };
  for (const t of r.system) visit(t, 'system');
  for (const t of r.userTurns) visit(t, 'user');
  for (const t of r.assistantHistory) visit(t, 'assistant-history');
  for (const d of r.documents) visit(d?.text, 'document');
  return truncated;
}

/**
 * Masks a sensitive value: keeps `head` leading and `tail` trailing characters, stars in between (at most 16 stars,
 * so the excerpt never reveals the length of long values). Values too short to mask safely are fully starred.
 */
export function mask(value: string, head = 4, tail = 2): string {
  if (value.length <= head + tail + 4) return '*'.repeat(Math.min(value.length, 8));
  const stars = Math.min(value.length - head - tail, 16);
  return `${value.slice(0, head)}${'*'.repeat(stars)}${value.slice(value.length - tail)}`;
}

/** Shannon entropy in bits per character of `s[start, end)` (ASCII-oriented; other code units share buckets). */
const counts = new Int32Array(128);
export function shannonEntropy(s: string, start = 0, end = s.length): number {
  const n = end - start;
  if (n <= 0) return 0;
  counts.fill(0);
  for (let i = start; i < end; i++) counts[s.charCodeAt(i) & 127]++;
  let h = 0;
  for (let i = 0; i < 128; i++) {
    const c = counts[i];
    if (c > 0) {
      const p = c / n;
      h -= p * Math.log2(p);
    }
  }
  return h;
}

export function maxSeverity(a: Severity, b: Severity): Severity {
  return severityRank(a) >= severityRank(b) ? a : b;
}

/** Builds a record-level detection from a detector's metadata. */
export function recordDetection(
  meta: DetectorMetadata,
  r: InvocationRecord,
  evidence: Record<string, EvidenceValue>,
  opts: { severity?: Severity; labels?: string[]; description?: string } = {},
): Detection {
  return {
    detector: meta.id,
    severity: opts.severity ?? meta.severity,
    title: meta.title,
    description: opts.description ?? meta.description,
    identity: r.identity,
    modelId: r.modelId,
    accountId: r.accountId,
    region: r.region,
    timestamp: r.timestamp,
    requestId: r.requestId,
    evidence,
    labels: opts.labels ?? [],
    mappings: meta.mappings,
    types: meta.types,
    remediation: meta.remediation,
  };
}

/** Pushes `v` into `list` unless it is there or the list is full. */
export function pushCapped(list: string[], v: string, cap: number): void {
  if (list.length < cap && !list.includes(v)) list.push(v);
}
