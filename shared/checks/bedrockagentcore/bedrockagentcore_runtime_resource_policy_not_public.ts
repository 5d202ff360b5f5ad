import { agentCoreResourcePolicyOutcome } from '../lib/agentcore-policy.ts';
import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'bedrockagentcore_runtime_resource_policy_not_public',
    title: 'Bedrock AgentCore runtime resource policies do not grant access to everyone',
    severity: 'HIGH',
    service: 'bedrockagentcore',
    resourceType: 'bedrock-agentcore.runtime',
    description:
      'Reads the resource-based policy of the runtime (GetResourcePolicy). Fails when an Allow statement names `*`, any AWS account or a NotPrincipal without a condition (MANUAL when a Deny to everyone, e.g. a network perimeter, may limit it, or limits it to named accounts that include others than the own and trusted ones); MANUAL when such a grant carries a condition that does not pin the caller, when it is restricted to an organization, VPC or VPC endpoint (aws:PrincipalOrgID, aws:SourceVpc, aws:SourceVpce: the check cannot tell whose they are, so the message names them to confirm), or when the policy grants accounts other than the owner (allowlist them with the `trustedAccounts` setting: 12-digit account ids, other entries are ignored); passes with no policy or one that stays within the own and trusted accounts: a grant to `*` passes only under StringEquals, StringLike, ArnEquals or ArnLike (no IfExists, no set operator) on aws:PrincipalAccount / aws:SourceAccount naming only own or trusted account ids, or aws:PrincipalArn / aws:SourceArn whose account field is a literal own or trusted account id (no policy variable, and under StringLike no wildcard before the account field), with the condition noted. A policy that could not be read is ERROR.',
    risk: 'A runtime policy open to any principal lets anyone with AWS credentials start sessions with the agent (InvokeAgentRuntime): the agent then acts with its execution role on their prompts, reaching its tools and data, and the owner pays for the invocations.',
    remediation: {
      text: 'Name the accounts or roles that may invoke the runtime, or add a condition to every statement that allows `*` that pins the caller to your accounts (aws:PrincipalAccount, aws:SourceAccount, aws:PrincipalArn) or your organization or network (aws:PrincipalOrgID, aws:SourceVpc, aws:SourceVpce: reported for confirmation).',
      url: 'https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/resource-based-policies.html',
      cli: 'aws bedrock-agentcore-control put-resource-policy --resource-arn <runtime-arn> --policy file://restricted-policy.json',
      cdk: "new bedrockagentcore.CfnResourcePolicy(this, 'RuntimePolicy', { resourceArn: runtime.attrAgentRuntimeArn, policy: restrictedPolicy })",
    },
    types: [TYPES.bestPractice, TYPES.initialAccess],
    mappings: maps(M.access, M.privilege, { owasp: ['LLM06', 'LLM10'], atlas: ['AML.T0049', 'AML.T0034'] }),
    equivalents: {},
    categories: ['gen-ai', 'agents', 'access'],
  },
  evaluate(r, ctx) {
    return agentCoreResourcePolicyOutcome(r, 'Runtime', ctx);
  },
});
