import { cmkOutcome } from '../lib/kms.ts';
import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, fail, unread } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'bedrock_agent_encrypted_with_cmk',
    title: 'Bedrock agents encrypt session data with a customer-managed KMS key',
    severity: 'MEDIUM',
    service: 'bedrock',
    resourceType: 'bedrock.agent',
    description: 'Checks that the agent has a customer encryption key (customerEncryptionKeyArn) for its resources and session data.',
    risk: 'With an AWS-owned key the customer cannot audit or revoke access to agent data (instructions, session memory), nor crypto-shred it.',
    remediation: {
      text: 'Set customerEncryptionKeyArn on the agent to a customer-managed KMS key whose policy allows the agent role.',
      url: 'https://docs.aws.amazon.com/bedrock/latest/userguide/encryption-agents.html',
      cli: 'aws bedrock-agent update-agent --agent-id <id> --customer-encryption-key-arn <kms-key-arn> ...',
      cdk: "new bedrock.CfnAgent(this, 'Agent', { customerEncryptionKeyArn: key.keyArn, ... })",
    },
    types: [TYPES.bestPractice],
    mappings: maps(M.encryption),
    equivalents: {},
    categories: ['gen-ai', 'encryption'],
  },
  evaluate(agent) {
    const u = unread(agent, ['customerEncryptionKeyArn']);
    if (u) return u;
    const key = agent.config.customerEncryptionKeyArn;
    if (!key) return fail(`Agent ${agent.name} uses an AWS-owned key (no customer encryption key).`);
    return cmkOutcome(agent, key, (k) => `Agent ${agent.name} is encrypted with ${k}`, { kmsKeyArn: key });
  },
});
