import { maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, fail, pass, unread } from '../lib/outcome.ts';

const HARM_TYPES = ['HATE', 'INSULTS', 'SEXUAL', 'VIOLENCE', 'MISCONDUCT'];

export default defineCheck({
  metadata: {
    id: 'bedrock_guardrail_content_filters_enabled',
    title: 'Bedrock guardrails filter all harmful-content categories',
    severity: 'MEDIUM',
    service: 'bedrock',
    resourceType: 'bedrock.guardrail',
    description:
      'Checks that the guardrail has HATE, INSULTS, SEXUAL, VIOLENCE and MISCONDUCT content filters with a strength above NONE on input or output.',
    risk: 'Missing harm categories let the application generate or accept abusive, violent or criminal-assistance content, a safety and reputational risk.',
    remediation: {
      text: 'Configure all five harm categories (MEDIUM or HIGH) on input and output and publish a version.',
      url: 'https://docs.aws.amazon.com/bedrock/latest/userguide/guardrails-content-filters.html',
      cli: "aws bedrock update-guardrail --guardrail-identifier <id> ... --content-policy-config 'filtersConfig=[{type=HATE,inputStrength=HIGH,outputStrength=HIGH},...]'",
      cdk: "contentPolicyConfig: { filtersConfig: ['HATE','INSULTS','SEXUAL','VIOLENCE','MISCONDUCT'].map((type) => ({ type, inputStrength: 'HIGH', outputStrength: 'HIGH' })) }",
    },
    types: [TYPES.bestPractice],
    mappings: maps({
      owasp: ['LLM05', 'LLM09'],
      atlas: ['AML.T0054', 'AML.T0048'],
      nist: ['MEASURE 2.6', 'MANAGE 1.3'],
      iso42001: ['A.6.2.4', 'A.9.2'],
      euAiAct: ['Art. 15'],
    }),
    equivalents: {},
    categories: ['gen-ai', 'guardrails'],
  },
  evaluate(g) {
    const u = unread(g, ['contentFilters']);
    if (u) return u;
    const filters = g.config.contentFilters ?? [];
    const missing = HARM_TYPES.filter((t) => {
      const f = filters.find((x) => x.type === t);
      if (!f) return true;
      const inOn = f.inputStrength !== 'NONE' && f.inputEnabled !== false && f.inputAction !== 'NONE';
      const outOn = f.outputStrength !== 'NONE' && f.outputEnabled !== false && f.outputAction !== 'NONE';
      return !inOn && !outOn;
    });
    if (missing.length > 0) return fail(`Guardrail ${g.name} does not filter ${missing.join(', ')}.`, { missing });
    return pass(`Guardrail ${g.name} filters all harmful-content categories.`);
  },
});
