import type { GuardrailVersionConfig } from '../../domain/asset-config.ts';
import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, fail, pass, unread } from '../lib/outcome.ts';

const RANK = { NONE: 0, LOW: 1, MEDIUM: 2, HIGH: 3 } as const;

/** Protections of one guardrail version as comparable numbers (higher = stronger). */
export function protections(v: GuardrailVersionConfig): Map<string, number> {
  const out = new Map<string, number>();
  for (const f of v.contentFilters ?? []) {
    const inOn = f.inputEnabled !== false && f.inputAction !== 'NONE' ? (RANK[f.inputStrength] ?? 0) : 0;
    const outOn = f.outputEnabled !== false && f.outputAction !== 'NONE' ? (RANK[f.outputStrength] ?? 0) : 0;
    out.set(`content:${f.type}:input`, inOn);
    out.set(`content:${f.type}:output`, outOn);
  }
  for (const p of v.piiEntities ?? []) out.set(`pii:${p.type}`, p.action === 'BLOCK' ? 2 : p.action === 'ANONYMIZE' ? 1 : 0);
  for (const r of v.regexes ?? []) out.set(`regex:${r.name}`, r.action === 'BLOCK' ? 2 : r.action === 'ANONYMIZE' ? 1 : 0);
  for (const t of v.deniedTopics ?? []) out.set(`topic:${t}`, 1);
  out.set('words', v.wordPolicy?.words ?? 0);
  for (const l of v.wordPolicy?.managedLists ?? []) out.set(`wordlist:${l}`, 1);
  for (const g of v.contextualGrounding ?? []) out.set(`grounding:${g.type}`, g.enabled !== false && g.action !== 'NONE' ? g.threshold : 0);
  return out;
}

/** Protections present in `draft` that `version` lacks or has weaker. */
export function weakerThan(version: GuardrailVersionConfig, draft: GuardrailVersionConfig): string[] {
  const v = protections(version);
  const d = protections(draft);
  const weaker: string[] = [];
  for (const [k, dv] of d) if ((v.get(k) ?? 0) < dv) weaker.push(k);
  return weaker;
}

export default defineCheck({
  metadata: {
    id: 'bedrock_guardrail_version_not_weaker_than_draft',
    title: 'Guardrail versions in use are not weaker than the working draft',
    severity: 'MEDIUM',
    service: 'bedrock',
    resourceType: 'bedrock.guardrail',
    description:
      'Compares each published guardrail version used by an inventoried agent (or, when none is referenced, the latest published version) with the DRAFT: every filter, PII entity, topic and grounding threshold of the draft must be at least as strong in the version.',
    risk: 'Teams harden the DRAFT but applications keep calling an old numbered version, so the protection they believe they have is not applied.',
    remediation: {
      text: 'Publish a new version from the hardened draft and update agents and applications to use it.',
      url: 'https://docs.aws.amazon.com/bedrock/latest/userguide/guardrails-versions-create-manage.html',
      cli: 'aws bedrock create-guardrail-version --guardrail-identifier <id> && aws bedrock-agent update-agent ... --guardrail-configuration guardrailIdentifier=<id>,guardrailVersion=<new>',
      cdk: "new bedrock.CfnGuardrailVersion(this, 'V', { guardrailIdentifier: guardrail.attrGuardrailId }) // and reference its attrVersion",
    },
    types: [TYPES.bestPractice],
    mappings: maps(M.guardrail, { nist: ['MANAGE 4.1'], iso42001: ['A.6.2.6'] }),
    equivalents: {},
    categories: ['gen-ai', 'guardrails'],
  },
  evaluate(g, ctx) {
    const u = unread(g, ['versions', 'contentFilters', 'piiEntities', 'regexes', 'deniedTopics', 'wordPolicy', 'contextualGrounding']);
    if (u) return u;
    const published = g.config.versions.filter((v) => v.version !== 'DRAFT');
    if (published.length === 0) return pass(`Guardrail ${g.name} has no published versions; only the draft exists.`);
    const referenced = new Set<string>();
    for (const a of ctx.graph.referrers(g.id)) {
      if (a.type === 'bedrock.agent' && a.config?.guardrail && a.config.guardrail.version !== 'DRAFT')
        referenced.add(a.config.guardrail.version);
    }
    const latest = [...published].sort((a, b) => Number(b.version) - Number(a.version))[0];
    const inUse = referenced.size > 0 ? published.filter((v) => referenced.has(v.version)) : [latest];
    const weak: string[] = [];
    const evidence: Record<string, string[]> = {};
    for (const v of inUse) {
      const w = weakerThan(v, g.config);
      if (w.length > 0) {
        weak.push(v.version);
        evidence[`version${v.version}`] = w.slice(0, 20);
      }
    }
    if (weak.length > 0)
      return fail(`Guardrail ${g.name} version(s) ${weak.join(', ')} in use are weaker than the draft.`, { versions: weak, ...evidence });
    return pass(`Guardrail ${g.name} version(s) ${inUse.map((v) => v.version).join(', ')} are at least as strong as the draft.`);
  },
});
