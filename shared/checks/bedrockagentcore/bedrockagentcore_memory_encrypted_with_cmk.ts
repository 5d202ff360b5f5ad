import { cmkOutcome } from '../lib/kms.ts';
import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, fail, unread } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'bedrockagentcore_memory_encrypted_with_cmk',
    title: 'Bedrock AgentCore memories are encrypted with a customer-managed KMS key',
    severity: 'MEDIUM',
    service: 'bedrockagentcore',
    resourceType: 'bedrock-agentcore.memory',
    description:
      'Checks that the memory has encryptionKeyArn set to a customer-managed key (not an AWS-owned or AWS-managed key, by kms:DescribeKey) that is not disabled or pending deletion.',
    risk: 'Agent memory keeps conversation events and extracted long-term facts about users (preferences, personal data, business context). With an AWS-owned key access cannot be restricted, audited per key or revoked by key policy.',
    remediation: {
      text: 'Memories take their key at creation: create a new memory with encryptionKeyArn set to a customer-managed key and move the agents to it.',
      url: 'https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/storage-encryption.html',
      cli: 'aws bedrock-agentcore-control create-memory --name <name> --event-expiry-duration 30 --encryption-key-arn <kms-key-arn>',
      cdk: "new bedrockagentcore.CfnMemory(this, 'Memory', { encryptionKeyArn: key.keyArn, ... })",
    },
    types: [TYPES.bestPractice],
    mappings: maps(M.encryption, { atlas: ['AML.T0057'] }),
    equivalents: { securityHub: ['BedrockAgentCore.3'] },
    categories: ['gen-ai', 'agents', 'encryption'],
  },
  evaluate(m) {
    const u = unread(m, ['encryptionKeyArn']);
    if (u) return u;
    const key = m.config.encryptionKeyArn;
    if (!key) return fail(`Memory ${m.name} is encrypted with an AWS-owned key.`);
    return cmkOutcome(m, key, (k) => `Memory ${m.name} is encrypted with ${k}`, { encryptionKeyArn: key });
  },
});
