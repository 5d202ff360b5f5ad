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
import { findSecrets, type SecretHit } from './secrets.ts';

/**
 * The severity of a credential found in a prompt field. A test-mode key (LOW by its pattern) stays LOW wherever it is.
 * Otherwise where it sits decides how many people it reaches: every request (system prompt, document) -> at least
 * HIGH, and as severe as the pattern itself (a private key or an AWS key pair: CRITICAL, as when a model outputs it);
 * one user's own paste -> MEDIUM, HIGH for the CRITICAL kinds.
 */
export function promptSecretSeverity(pattern: Severity, field: FieldName): Severity {
  if (pattern === 'LOW' || pattern === 'INFORMATIONAL') return pattern;
  if (field === 'user') return pattern === 'CRITICAL' ? 'HIGH' : 'MEDIUM';
  return maxSeverity('HIGH', pattern);
}

/**
 * Kinds that are not credentials on their own in a prompt: an AWS access key id without its secret is an identifier
 * (CloudTrail records carry them in every event a log copilot reads); a JWT a user pastes is almost always a debugging
 * question about an expired or failing token (in a system prompt or a document it stays: a bearer token embedded).
 */
function countsIn(kind: string, field: FieldName): boolean {
  if (kind === 'aws-access-key-id') return false;
  if (kind === 'jwt' && field === 'user') return false;
  return true;
}

/** The provider-format hits of one text in `field` (the generic high-entropy rule left out). */
export function promptSecrets(text: string, t: ContentThresholds, field: FieldName = 'system'): SecretHit[] {
  const hits = findSecrets(text, t, { generic: false });
  const pair = hits.some((h) => h.kind === 'aws-access-key-id') && hits.some((h) => h.kind === 'aws-secret-access-key');
  return hits.filter((h) => countsIn(h.kind, field) || (pair && h.kind === 'aws-access-key-id'));
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
      const hits = promptSecrets(text.length > t.maxScanChars ? text.slice(0, t.maxScanChars) : text, t, field);
      if (!hits.length) return;
      pushCapped(fields, field, 4);
      for (const h of hits) {
        count++;
        severity = maxSeverity(severity, promptSecretSeverity(h.severity, field));
        pushCapped(kinds, h.kind, 16);
        pushCapped(excerpts, h.excerpt, 5);
      }
    };
    for (const s of r.system) visit(s, 'system');
    // the newest user turn only: earlier turns were scanned when they were newest (a re-sent history would repeat them)
    if (r.userTurns.length) visit(r.userTurns[r.userTurns.length - 1], 'user');
    for (const d of r.documents) visit(d?.text, 'document');
    if (count === 0) return [];
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
