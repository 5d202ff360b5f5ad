import type { PolicyStatement } from '../domain/asset-config.ts';

const arr = (v: unknown): string[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);

function principals(p: unknown): string[] | undefined {
  if (p === undefined) return undefined;
  if (p === '*') return ['*'];
  if (p && typeof p === 'object') return Object.values(p as Record<string, unknown>).flatMap(arr);
  return arr(p);
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
    return out;
  });
}
