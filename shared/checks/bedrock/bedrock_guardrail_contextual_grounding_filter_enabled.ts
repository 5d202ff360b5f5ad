import { maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, fail, pass, unread } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'bedrock_guardrail_contextual_grounding_filter_enabled',
    title: 'Bedrock guardrails have contextual grounding checks',
    severity: 'HIGH',
    service: 'bedrock',
    resourceType: 'bedrock.guardrail',
    description:
      'Checks that the guardrail enables a contextual grounding (GROUNDING) or relevance (RELEVANCE) filter with a non-zero threshold.',
    risk: 'Without grounding checks, answers not supported by the retrieved sources (hallucinations) reach users as facts, a misinformation risk for RAG applications.',
    remediation: {
      text: 'Add GROUNDING and RELEVANCE filters (thresholds around 0.7-0.85) and publish a version.',
      url: 'https://docs.aws.amazon.com/bedrock/latest/userguide/guardrails-contextual-grounding-check.html',
      cli: "aws bedrock update-guardrail --guardrail-identifier <id> ... --contextual-grounding-policy-config 'filtersConfig=[{type=GROUNDING,threshold=0.8},{type=RELEVANCE,threshold=0.8}]'",
      cdk: "contextualGroundingPolicyConfig: { filtersConfig: [{ type: 'GROUNDING', threshold: 0.8 }, { type: 'RELEVANCE', threshold: 0.8 }] }",
    },
    types: [TYPES.bestPractice],
    mappings: maps({
      owasp: ['LLM09'],
      atlas: ['AML.T0048'],
      nist: ['MEASURE 2.5', 'MEASURE 2.7'],
      iso42001: ['A.6.2.4'],
      euAiAct: ['Art. 15'],
    }),
    equivalents: { prowler: ['bedrock_guardrail_contextual_grounding_filter_enabled'] },
    categories: ['gen-ai', 'guardrails'],
  },
  evaluate(g) {
    const u = unread(g, ['contextualGrounding']);
    if (u) return u;
    const on = (g.config.contextualGrounding ?? []).filter((f) => f.enabled !== false && f.action !== 'NONE' && f.threshold > 0);
    if (on.length === 0) return fail(`Guardrail ${g.name} has no active contextual grounding filter.`);
    return pass(`Guardrail ${g.name} checks ${on.map((f) => `${f.type}>=${f.threshold}`).join(', ')}.`);
  },
});
