import type { PolicyCondition, PolicyStatement } from '../domain/asset-config.ts';

const arr = (v: unknown): string[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);

function principals(p: unknown): string[] | undefined {
  if (p === undefined) return undefined;
  if (p === '*') return ['*'];
  if (p && typeof p === 'object') return Object.values(p as Record<string, unknown>).flatMap(arr);
  return arr(p);
}

/**
 * The Condition block as `{ op, key, values }` entries (bounded: at most 50 entries of 50 values each). An entry whose
 * values were cut is marked `truncated`; when entries beyond the 50th are dropped, every kept entry is marked too (the
 * list no longer describes the whole condition).
 */
function conditions(c: unknown): PolicyCondition[] {
  if (!c || typeof c !== 'object') return [];
  const out: PolicyCondition[] = [];
  for (const [op, block] of Object.entries(c as Record<string, unknown>)) {
    if (!block || typeof block !== 'object') continue;
    for (const [key, v] of Object.entries(block as Record<string, unknown>)) {
      if (out.length >= 50) return out.map((e) => ({ ...e, truncated: true as const }));
      const values = arr(v);
      out.push(values.length > 50 ? { op, key, values: values.slice(0, 50), truncated: true } : { op, key, values });
    }
  }
  return out;
}

/**
 * Parses an IAM / resource policy document (JSON text, URL-encoded JSON as IAM returns it, or an object) into
 * normalized statements. Throws on text that is not a policy document.
 */
export function parsePolicy(doc: string | Record<string, unknown>): PolicyStatement[] {
  let obj: unknown = doc;
  if (typeof doc === 'string') {
    const text = doc.trimStart().startsWith('%7B') || doc.trimStart().startsWith('%7b') ? decodeURIComponent(doc) : doc;
    obj = JSON.parse(text);
  }
  const st = (obj as { Statement?: unknown }).Statement;
  if (st === undefined) throw new Error('policy document has no Statement');
  return (Array.isArray(st) ? st : [st]).map((s: Record<string, unknown>) => {
    const out: PolicyStatement = {
      effect: s.Effect === 'Deny' ? 'Deny' : 'Allow',
      actions: arr(s.Action),
      resources: arr(s.Resource),
      hasCondition: Boolean(s.Condition && Object.keys(s.Condition as object).length),
    };
    if (s.NotAction !== undefined) out.notActions = arr(s.NotAction);
    if (s.NotResource !== undefined) out.notResources = arr(s.NotResource);
    const pr = principals(s.Principal);
    if (pr) out.principals = pr;
    const notPr = principals(s.NotPrincipal);
    if (notPr) out.notPrincipals = notPr;
    const cond = conditions(s.Condition);
    if (cond.length) out.conditions = cond;
    return out;
  });
}
