import { cmkOutcome } from '../lib/kms.ts';
import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, fail, unread } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'bedrock_guardrail_encrypted_with_cmk',
    title: 'Bedrock guardrails are encrypted with a customer-managed KMS key',
    severity: 'LOW',
    service: 'bedrock',
    resourceType: 'bedrock.guardrail',
    description: 'Checks that the guardrail has kmsKeyArn set (denied topics, word lists and regexes can reveal business rules).',
    risk: 'Guardrail definitions describe what the business must never say or leak; with an AWS-owned key their access cannot be governed by key policy.',
    remediation: {
      text: 'Recreate the guardrail with kmsKeyId set to a customer-managed key (or update it) and publish a new version.',
      url: 'https://docs.aws.amazon.com/bedrock/latest/userguide/guardrails-permissions-kms.html',
      cli: 'aws bedrock update-guardrail --guardrail-identifier <id> ... --kms-key-id <kms-key-arn>',
      cdk: "new bedrock.CfnGuardrail(this, 'G', { kmsKeyArn: key.keyArn, ... })",
    },
    types: [TYPES.bestPractice],
    mappings: maps(M.encryption, { owasp: ['LLM07'] }),
    equivalents: {},
    categories: ['gen-ai', 'encryption', 'guardrails'],
  },
  evaluate(g) {
    const u = unread(g, ['kmsKeyArn']);
    if (u) return u;
    if (!g.config.kmsKeyArn) return fail(`Guardrail ${g.name} is encrypted with an AWS-owned key.`);
    return cmkOutcome(g, g.config.kmsKeyArn, (k) => `Guardrail ${g.name} is encrypted with ${k}`);
  },
});
