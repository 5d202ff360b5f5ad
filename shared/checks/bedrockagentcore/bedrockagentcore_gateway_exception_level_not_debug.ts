import { maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, fail, pass, unread } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'bedrockagentcore_gateway_exception_level_not_debug',
    title: 'Bedrock AgentCore gateways do not return debug error details to callers',
    severity: 'LOW',
    service: 'bedrockagentcore',
    resourceType: 'bedrock-agentcore.gateway',
    description: 'Fails when the gateway exceptionLevel is DEBUG, which returns granular error messages to whoever invokes the gateway.',
    risk: 'Debug errors reveal target names, schemas, downstream error text and configuration to callers, including a prompt-injected agent probing the tools: reconnaissance for the next attack.',
    remediation: {
      text: 'Update the gateway without exceptionLevel (generic errors) outside development.',
      url: 'https://docs.aws.amazon.com/bedrock-agentcore-control/latest/APIReference/API_UpdateGateway.html',
      cli: 'aws bedrock-agentcore-control update-gateway --gateway-identifier <id> --name <name> --role-arn <role> --protocol-type MCP --authorizer-type AWS_IAM  # omit --exception-level',
      cdk: "new bedrockagentcore.CfnGateway(this, 'Gateway', { /* no exceptionLevel */ ... })",
    },
    types: [TYPES.bestPractice, TYPES.dataExposure],
    mappings: maps({
      owasp: ['LLM02', 'LLM07'],
      atlas: ['AML.T0057'],
      nist: ['MEASURE 2.7'],
      iso42001: ['A.6.2.5'],
      euAiAct: ['Art. 15'],
    }),
    equivalents: {},
    categories: ['gen-ai', 'agents'],
  },
  evaluate(g) {
    const u = unread(g, ['exceptionLevel']);
    if (u) return u;
    if (g.config.exceptionLevel === 'DEBUG')
      return fail(`Gateway ${g.name} returns DEBUG error details to its callers.`, { exceptionLevel: 'DEBUG' });
    return pass(`Gateway ${g.name} returns generic error messages.`, { exceptionLevel: g.config.exceptionLevel });
  },
});
