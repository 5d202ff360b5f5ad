import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, fail, manual, pass, unread } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'bedrockagentcore_gateway_policy_engine_enforced',
    title: 'Bedrock AgentCore gateways enforce their policy engine',
    severity: 'MEDIUM',
    service: 'bedrockagentcore',
    resourceType: 'bedrock-agentcore.gateway',
    description:
      'For a gateway with a policy engine attached (policyEngineConfiguration), fails when its mode is LOG_ONLY: the Cedar policies are evaluated and traced but tool calls they deny still run. ENFORCE passes; a gateway without a policy engine is not judged; an unknown mode is MANUAL.',
    risk: 'A policy engine left in LOG_ONLY after testing looks like fine-grained authorization of tool calls in reviews and diagrams while enforcing nothing: a prompt-injected or over-privileged agent can call every tool the policies were written to forbid.',
    remediation: {
      text: 'Once the policies have been validated in LOG_ONLY, update the gateway with policyEngineConfiguration mode ENFORCE.',
      url: 'https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/policy.html',
      cli: 'aws bedrock-agentcore-control update-gateway --gateway-identifier <id> --name <name> --role-arn <role> --protocol-type MCP --authorizer-type <type> --policy-engine-configuration arn=<policy-engine-arn>,mode=ENFORCE',
      cdk: "new bedrockagentcore.CfnGateway(this, 'Gateway', { policyEngineConfiguration: { arn: engineArn, mode: 'ENFORCE' }, ... })",
    },
    types: [TYPES.bestPractice, TYPES.privEsc],
    mappings: maps(M.privilege, { owasp: ['LLM06'], atlas: ['AML.T0053'] }),
    equivalents: {},
    categories: ['gen-ai', 'agents', 'access'],
  },
  evaluate(g) {
    const u = unread(g, ['policyEngineMode']);
    if (u) return u;
    const mode = g.config.policyEngineMode;
    if (mode === null) return [];
    if (mode === 'ENFORCE') return pass(`Gateway ${g.name} enforces the decisions of its policy engine.`, { policyEngineMode: mode });
    if (mode === 'LOG_ONLY')
      return fail(`Gateway ${g.name} runs its policy engine in LOG_ONLY mode: denied tool calls are logged but still run.`, {
        policyEngineMode: mode,
      });
    return manual(`Gateway ${g.name} reports policy engine mode ${mode}, which this check does not know; review it.`, {
      policyEngineMode: mode,
    });
  },
});
