/**
 * Credentials sent to the model: provider-format secrets in the system prompt, the newest user turn, or a retrieved
 * document / tool result. The output-side detector (`leak.secret`) sees a credential only once the model repeats it;
 * a key embedded in a system prompt is exposed before that (one extraction attack away, and in the invocation logs).
 * Only the provider formats count here: prompts routinely carry ids, hashes and base64 data that the generic
 * high-entropy rule would report. Pure; evidence holds masked values only.
 */
import type { Detection, InvocationRecord } from '../../domain/runtime.ts';
import type { Severity } from '../../domain/severity.ts';
import { SECRET_IN_PROMPT } from '../catalogue.ts';
import { type FieldName, maxSeverity, pushCapped, recordDetection } from '../text.ts';
import type { ContentDetector, ContentThresholds, DetectorContext } from '../types.ts';
import { findSecrets } from './secrets.ts';

/** Where a credential sits decides how many people it reaches: every request (system, document) or one (user). */
const FIELD_SEVERITY: Partial<Record<FieldName, Severity>> = { system: 'HIGH', document: 'HIGH', user: 'MEDIUM' };

/** The provider-format hits of one text (the generic high-entropy rule left out). */
export function promptSecrets(text: string, t: ContentThresholds): { kind: string; excerpt: string }[] {
  return findSecrets(text, t, { generic: false });
}

export const secretInPromptDetector: ContentDetector = {
  id: SECRET_IN_PROMPT.id,
  metadata: SECRET_IN_PROMPT,
  detect(r: InvocationRecord, ctx: DetectorContext): Detection[] {
    const t = ctx.config.content;
    let severity: Severity = 'INFORMATIONAL';
    let count = 0;
    let truncated = 0;
    const kinds: string[] = [];
    const excerpts: string[] = [];
    const fields: string[] = [];
    const visit = (text: unknown, field: FieldName) => {
      if (typeof text !== 'string' || text.length === 0) return;
      if (text.length > t.maxScanChars) truncated++;
      const hits = promptSecrets(text.length > t.maxScanChars ? text.slice(0, t.maxScanChars) : text, t);
      if (!hits.length) return;
      pushCapped(fields, field, 4);
      severity = maxSeverity(severity, FIELD_SEVERITY[field] ?? 'MEDIUM');
      for (const h of hits) {
        count++;
        pushCapped(kinds, h.kind, 16);
        pushCapped(excerpts, h.excerpt, 5);
      }
    };
    for (const s of r.system) visit(s, 'system');
    // the newest user turn only: earlier turns were scanned when they were newest (a re-sent history would repeat them)
    if (r.userTurns.length) visit(r.userTurns[r.userTurns.length - 1], 'user');
    for (const d of r.documents) visit(d?.text, 'document');
    if (count === 0) return [];
    if (kinds.includes('aws-access-key-id') && kinds.includes('aws-secret-access-key')) severity = 'CRITICAL';
    return [
      recordDetection(
        SECRET_IN_PROMPT,
        r,
        { kinds, count, excerpts, fields, truncatedFields: truncated },
        { severity, labels: kinds.map((k) => `secret:${k}`) },
      ),
    ];
  },
};
