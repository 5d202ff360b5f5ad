import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, fail, manual, pass, unread } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'bedrockagentcore_code_interpreter_vpc_network_mode_configured',
    title: 'Bedrock AgentCore custom code interpreters use a private (VPC) network configuration',
    severity: 'HIGH',
    service: 'bedrockagentcore',
    resourceType: 'bedrock-agentcore.code-interpreter',
    description:
      'Checks that a custom code interpreter runs in VPC network mode. Fails on PUBLIC and SANDBOX (as Security Hub does); an unknown or unreported mode is MANUAL. The AWS-owned aws.codeinterpreter.v1 is not evaluated.',
    risk: 'The code interpreter runs code the model writes, so its egress is an exfiltration channel for whatever the code can read: PUBLIC reaches any host, SANDBOX still reaches Amazon S3 with the execution role. VPC mode puts that traffic behind security groups, endpoint policies and flow logs.',
    remediation: {
      text: 'Code interpreters cannot change network mode: create a replacement in VPC mode (private subnets, VPC endpoints with restrictive policies) and delete the old one.',
      url: 'https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/agentcore-vpc.html',
      cli: 'aws bedrock-agentcore-control create-code-interpreter --name <name> --execution-role-arn <role> --network-configuration \'{"networkMode":"VPC","vpcConfig":{"subnets":["<subnet>"],"securityGroups":["<sg>"]}}\'',
      cdk: "new bedrockagentcore.CfnCodeInterpreterCustom(this, 'Interpreter', { networkConfiguration: { networkMode: 'VPC', vpcConfig: { subnets, securityGroups } }, ... })",
    },
    types: [TYPES.bestPractice, TYPES.exfiltration],
    mappings: maps(M.network, { owasp: ['LLM05', 'LLM06'], atlas: ['AML.T0053'] }),
    equivalents: { securityHub: ['BedrockAgentCore.7'] },
    categories: ['gen-ai', 'agents', 'network'],
  },
  evaluate(c) {
    const u = unread(c, ['network']);
    if (u) return u;
    const n = c.config.network;
    if (!n) return manual(`Code interpreter ${c.name} reported no network configuration; its network mode cannot be judged.`);
    if (n.mode === 'VPC') return pass(`Code interpreter ${c.name} runs in VPC mode.`, { networkMode: n.mode });
    if (n.mode === 'PUBLIC' || n.mode === 'SANDBOX')
      return fail(`Code interpreter ${c.name} runs in ${n.mode} network mode, not in a VPC.`, { networkMode: n.mode });
    return manual(`Code interpreter ${c.name} reports network mode ${n.mode}, which this check does not know; review it.`, {
      networkMode: n.mode,
    });
  },
});
