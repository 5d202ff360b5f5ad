import { cmkOutcome } from '../lib/kms.ts';
import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, fail, unread } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'bedrock_prompt_encrypted_with_cmk',
    title: 'Bedrock Prompt Management prompts are encrypted with a customer-managed KMS key',
    severity: 'MEDIUM',
    service: 'bedrock',
    resourceType: 'bedrock.prompt',
    description: 'Checks that the managed prompt has customerEncryptionKeyArn set.',
    risk: 'Managed prompts are system prompts: business logic and sometimes secrets. With an AWS-owned key access cannot be restricted or revoked by key policy (system prompt leakage).',
    remediation: {
      text: 'Update the prompt with customerEncryptionKeyArn set to a customer-managed key.',
      url: 'https://docs.aws.amazon.com/bedrock/latest/userguide/prompt-management-encryption.html',
      cli: 'aws bedrock-agent update-prompt --prompt-identifier <id> --name <name> --customer-encryption-key-arn <kms-key-arn> --variants file://variants.json',
      cdk: "new bedrock.CfnPrompt(this, 'P', { customerEncryptionKeyArn: key.keyArn, ... })",
    },
    types: [TYPES.bestPractice],
    mappings: maps(M.encryption, { owasp: ['LLM07'], atlas: ['AML.T0056'] }),
    equivalents: { prowler: ['bedrock_prompt_encrypted_with_cmk'] },
    categories: ['gen-ai', 'encryption'],
  },
  evaluate(p) {
    const u = unread(p, ['customerEncryptionKeyArn']);
    if (u) return u;
    if (!p.config.customerEncryptionKeyArn) return fail(`Prompt ${p.name} is encrypted with an AWS-owned key.`);
    return cmkOutcome(p, p.config.customerEncryptionKeyArn, (k) => `Prompt ${p.name} is encrypted with ${k}`);
  },
});
