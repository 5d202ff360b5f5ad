import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, fail, pass, unread } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'bedrock_guardrail_sensitive_information_filter_enabled',
    title: 'Bedrock guardrails block or mask sensitive information',
    severity: 'HIGH',
    service: 'bedrock',
    resourceType: 'bedrock.guardrail',
    description:
      'Checks that the guardrail has a sensitive-information policy with at least one PII entity or regex set to BLOCK or ANONYMIZE.',
    risk: 'Without PII filtering, personal data and credentials in prompts, retrieved documents or completions are returned to users and written to logs.',
    remediation: {
      text: 'Add PII entities (at least EMAIL, PHONE, US_SOCIAL_SECURITY_NUMBER, CREDIT_DEBIT_CARD_NUMBER, AWS_ACCESS_KEY, AWS_SECRET_KEY, PASSWORD) with BLOCK or ANONYMIZE, then publish a version.',
      url: 'https://docs.aws.amazon.com/bedrock/latest/userguide/guardrails-sensitive-filters.html',
      cli: "aws bedrock update-guardrail --guardrail-identifier <id> ... --sensitive-information-policy-config 'piiEntitiesConfig=[{type=EMAIL,action=ANONYMIZE},{type=AWS_SECRET_KEY,action=BLOCK}]'",
      cdk: "sensitiveInformationPolicyConfig: { piiEntitiesConfig: [{ type: 'EMAIL', action: 'ANONYMIZE' }, { type: 'AWS_SECRET_KEY', action: 'BLOCK' }] }",
    },
    types: [TYPES.bestPractice, TYPES.dataExposure],
    mappings: maps(M.guardrail, { owasp: ['LLM02'], atlas: ['AML.T0057'], nist: ['MEASURE 2.10'] }),
    equivalents: { prowler: ['bedrock_guardrail_sensitive_information_filter_enabled'] },
    categories: ['gen-ai', 'guardrails', 'privacy'],
  },
  evaluate(g) {
    const u = unread(g, ['piiEntities', 'regexes']);
    if (u) return u;
    const acting = (a: string | null | undefined) => a === 'BLOCK' || a === 'ANONYMIZE';
    const pii = (g.config.piiEntities ?? []).filter((p) => acting(p.action) || acting(p.inputAction) || acting(p.outputAction));
    const rx = (g.config.regexes ?? []).filter((r) => acting(r.action));
    if (pii.length === 0 && rx.length === 0) return fail(`Guardrail ${g.name} does not block or mask any sensitive information.`);
    return pass(`Guardrail ${g.name} filters ${pii.length} PII type(s) and ${rx.length} regex(es).`, {
      piiTypes: pii.map((p) => p.type),
      regexes: rx.length,
    });
  },
});
