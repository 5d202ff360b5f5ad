import { runtimeVersionEvidence, runtimeVersionLabel, runtimeVersions } from '../lib/agentcore-runtime.ts';
import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, fail, manual, pass } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'bedrockagentcore_runtime_vpc_network_mode_configured',
    title: 'Bedrock AgentCore runtimes run in VPC network mode',
    severity: 'HIGH',
    service: 'bedrockagentcore',
    resourceType: 'bedrock-agentcore.runtime',
    description:
      'Checks that every version of an AgentCore runtime that serves traffic uses networkMode VPC (subnets and security groups of the customer): the latest version (the DEFAULT endpoint follows it) and every version an endpoint serves or is moving to (liveVersion, targetVersion). Fails when any of them is PUBLIC, even if the latest version is in VPC mode; an unknown or unreported mode is MANUAL.',
    risk: 'In PUBLIC mode the agent runtime reaches the internet directly: tool calls and prompt-injected instructions can exfiltrate data to any host, and security groups, network ACLs, VPC endpoint policies and flow logs cannot apply.',
    remediation: {
      text: 'Update the runtime with a VPC network configuration (private subnets, a security group, VPC endpoints for the AWS services it needs), then point every endpoint still serving an older PUBLIC version at the new version.',
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
    const view = runtimeVersions(r, 'served', ['network']);
    if (!view.ok) return view.outcome;
    const versions = view.versions.map((v) => runtimeVersionEvidence(v, { networkMode: v.config.network?.mode ?? null }));
    const evidence = { versions };
    const pub = view.versions.filter((v) => v.config.network?.mode === 'PUBLIC');
    if (pub.length > 0)
      return fail(`Runtime ${r.name} serves traffic in PUBLIC network mode: ${pub.map(runtimeVersionLabel).join('; ')}.`, {
        networkMode: 'PUBLIC',
        ...evidence,
      });
    const none = view.versions.filter((v) => !v.config.network);
    if (none.length > 0)
      return manual(
        `Runtime ${r.name} reported no network configuration for ${none.map(runtimeVersionLabel).join('; ')}; its network mode cannot be judged.`,
        evidence,
      );
    const other = view.versions.filter((v) => v.config.network && v.config.network.mode !== 'VPC');
    if (other.length > 0)
      return manual(
        `Runtime ${r.name} reports network mode ${[...new Set(other.map((v) => v.config.network?.mode))].join(', ')} (${other.map(runtimeVersionLabel).join('; ')}), which this check does not know; review it.`,
        evidence,
      );
    const subnets = [...new Set(view.versions.flatMap((v) => v.config.network?.subnets ?? []))];
    return pass(
      `Runtime ${r.name} runs in VPC mode in every served version (${view.versions.map(runtimeVersionLabel).join('; ')}; subnets ${subnets.join(', ') || 'none reported'}).`,
      { networkMode: 'VPC', ...evidence },
    );
  },
});
