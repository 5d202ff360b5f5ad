import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, fail, manual, pass, unread } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'bedrockagentcore_browser_network_mode_not_public',
    title: 'Bedrock AgentCore custom browsers do not use public network mode',
    severity: 'HIGH',
    service: 'bedrockagentcore',
    resourceType: 'bedrock-agentcore.browser',
    description:
      'Checks that a custom browser runs in VPC network mode. Fails on PUBLIC; an unknown or unreported mode is MANUAL. The AWS-owned aws.browser.v1 is not evaluated.',
    risk: 'An agent-driven browser in PUBLIC mode reaches any internet host: pages it visits can carry indirect prompt injections, and an injected agent can post data to any site, with no security group, network firewall or flow log in between.',
    remediation: {
      text: 'Browsers cannot change network mode: create a replacement custom browser in VPC mode (private subnets, egress through a proxy or firewall with an allowlist) and delete the public one.',
      url: 'https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/agentcore-vpc.html',
      cli: 'aws bedrock-agentcore-control create-browser --name <name> --execution-role-arn <role> --network-configuration \'{"networkMode":"VPC","vpcConfig":{"subnets":["<subnet>"],"securityGroups":["<sg>"]}}\'',
      cdk: "new bedrockagentcore.CfnBrowserCustom(this, 'Browser', { networkConfiguration: { networkMode: 'VPC', vpcConfig: { subnets, securityGroups } }, ... })",
    },
    types: [TYPES.bestPractice, TYPES.exfiltration],
    mappings: maps(M.network, { owasp: ['LLM01', 'LLM06'], atlas: ['AML.T0051.001'] }),
    equivalents: { securityHub: ['BedrockAgentCore.5'] },
    categories: ['gen-ai', 'agents', 'network'],
  },
  evaluate(b) {
    const u = unread(b, ['network']);
    if (u) return u;
    const n = b.config.network;
    if (!n) return manual(`Browser ${b.name} reported no network configuration; its network mode cannot be judged.`);
    if (n.mode === 'PUBLIC') return fail(`Browser ${b.name} runs in PUBLIC network mode.`, { networkMode: n.mode });
    if (n.mode === 'VPC') return pass(`Browser ${b.name} runs in VPC mode.`, { networkMode: n.mode });
    return manual(`Browser ${b.name} reports network mode ${n.mode}, which this check does not know; review it.`, { networkMode: n.mode });
  },
});
