import { cmkOutcome } from '../lib/kms.ts';
import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, fail, unread } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'bedrockagentcore_gateway_encrypted_with_cmk',
    title: 'Bedrock AgentCore gateways are encrypted with a customer-managed KMS key',
    severity: 'MEDIUM',
    service: 'bedrockagentcore',
    resourceType: 'bedrock-agentcore.gateway',
    description:
      'Checks that the gateway has kmsKeyArn set to a customer-managed key (not an AWS-owned or AWS-managed key, by kms:DescribeKey) that is not disabled or pending deletion.',
    risk: 'A gateway stores target definitions, tool schemas and outbound credential configuration. With an AWS-owned key access cannot be restricted, audited per key or revoked by key policy.',
    remediation: {
      text: 'Create the gateway (or update it) with kmsKeyArn set to a customer-managed key whose policy allows the AgentCore service.',
      url: 'https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/gateway-encryption.html',
      cli: 'aws bedrock-agentcore-control update-gateway --gateway-identifier <id> --name <name> --role-arn <role> --protocol-type MCP --authorizer-type AWS_IAM --kms-key-arn <kms-key-arn>',
      cdk: "new bedrockagentcore.CfnGateway(this, 'Gateway', { kmsKeyArn: key.keyArn, ... })",
    },
    types: [TYPES.bestPractice],
    mappings: maps(M.encryption, { owasp: ['LLM06'] }),
    equivalents: { securityHub: ['BedrockAgentCore.4'] },
    categories: ['gen-ai', 'agents', 'encryption'],
  },
  evaluate(g) {
    const u = unread(g, ['kmsKeyArn']);
    if (u) return u;
    const key = g.config.kmsKeyArn;
    if (!key) return fail(`Gateway ${g.name} is encrypted with an AWS-owned key.`);
    return cmkOutcome(g, key, (k) => `Gateway ${g.name} is encrypted with ${k}`, { kmsKeyArn: key });
  },
});
