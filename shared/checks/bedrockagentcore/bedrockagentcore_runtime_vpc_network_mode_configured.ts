import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, fail, manual, pass, unread } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'bedrockagentcore_runtime_vpc_network_mode_configured',
    title: 'Bedrock AgentCore runtimes run in VPC network mode',
    severity: 'HIGH',
    service: 'bedrockagentcore',
    resourceType: 'bedrock-agentcore.runtime',
    description:
      'Checks that the latest version of an AgentCore runtime uses networkMode VPC (subnets and security groups of the customer). Fails on PUBLIC; an unknown or unreported mode is MANUAL.',
    risk: 'In PUBLIC mode the agent runtime reaches the internet directly: tool calls and prompt-injected instructions can exfiltrate data to any host, and security groups, network ACLs, VPC endpoint policies and flow logs cannot apply.',
    remediation: {
      text: 'Update the runtime with a VPC network configuration (private subnets, a security group, VPC endpoints for the AWS services it needs).',
      url: 'https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/agentcore-vpc.html',
      cli: 'aws bedrock-agentcore-control update-agent-runtime --agent-runtime-id <id> --role-arn <role> --agent-runtime-artifact file://artifact.json --network-configuration \'{"networkMode":"VPC","networkModeConfig":{"subnets":["<subnet>"],"securityGroups":["<sg>"]}}\'',
      cdk: "new bedrockagentcore.CfnRuntime(this, 'Runtime', { networkConfiguration: { networkMode: 'VPC', networkModeConfig: { subnets, securityGroups } }, ... })",
    },
    types: [TYPES.bestPractice, TYPES.exfiltration],
    mappings: maps(M.network, { owasp: ['LLM06'], atlas: ['AML.T0053'] }),
    equivalents: { securityHub: ['BedrockAgentCore.1'] },
    categories: ['gen-ai', 'agents', 'network'],
  },
  evaluate(r) {
    const u = unread(r, ['network']);
    if (u) return u;
    const n = r.config.network;
    if (!n) return manual(`Runtime ${r.name} reported no network configuration; its network mode cannot be judged.`);
    if (n.mode === 'VPC')
      return pass(`Runtime ${r.name} runs in VPC mode (subnets ${n.subnets.join(', ') || 'none reported'}).`, { networkMode: n.mode });
    if (n.mode === 'PUBLIC') return fail(`Runtime ${r.name} runs in PUBLIC network mode.`, { networkMode: n.mode });
    return manual(`Runtime ${r.name} reports network mode ${n.mode}, which this check does not know; review it.`, { networkMode: n.mode });
  },
});
