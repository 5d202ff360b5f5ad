import { agentCoreResourcePolicyOutcome } from '../lib/agentcore-policy.ts';
import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'bedrockagentcore_gateway_resource_policy_not_public',
    title: 'Bedrock AgentCore gateway resource policies do not grant access to everyone',
    severity: 'HIGH',
    service: 'bedrockagentcore',
    resourceType: 'bedrock-agentcore.gateway',
    description:
      'Reads the resource-based policy of the gateway (GetResourcePolicy). Fails when an Allow statement names `*`, any AWS account or a NotPrincipal without a condition (MANUAL when a Deny to everyone, e.g. a network perimeter, may limit it, or limits it to named accounts that include others than the own and trusted ones); MANUAL when such a grant carries a condition that does not pin the caller, when it is restricted to an organization, VPC or VPC endpoint (aws:PrincipalOrgID, aws:SourceVpc, aws:SourceVpce: the check cannot tell whose they are, so the message names them to confirm), or when the policy grants accounts other than the owner (allowlist them with the `trustedAccounts` setting: 12-digit account ids, other entries are ignored); passes with no policy or one that stays within the own and trusted accounts: a grant to `*` passes only under StringEquals, StringLike, ArnEquals or ArnLike (no IfExists, no set operator) on aws:PrincipalAccount / aws:SourceAccount naming only own or trusted account ids, or aws:PrincipalArn / aws:SourceArn whose account field is a literal own or trusted account id (no policy variable, and under StringLike no wildcard before the account field), with the condition noted. A policy that could not be read is ERROR.',
    risk: 'A gateway exposes the tools of all its targets. A policy open to any principal lets anyone with AWS credentials list and call those tools with the gateway outbound credentials (Lambda functions, APIs, MCP servers): data access and actions in other systems.',
    remediation: {
      text: 'Name the accounts or roles that may invoke the gateway, or add a condition to every statement that allows `*` that pins the caller to your accounts (aws:PrincipalAccount, aws:SourceAccount, aws:PrincipalArn) or your organization or network (aws:PrincipalOrgID, aws:SourceVpc, aws:SourceVpce: reported for confirmation).',
      url: 'https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/resource-based-policies.html',
      cli: 'aws bedrock-agentcore-control put-resource-policy --resource-arn <gateway-arn> --policy file://restricted-policy.json',
      cdk: "new bedrockagentcore.CfnResourcePolicy(this, 'GatewayPolicy', { resourceArn: gateway.attrGatewayArn, policy: restrictedPolicy })",
    },
    types: [TYPES.bestPractice, TYPES.initialAccess],
    mappings: maps(M.access, M.privilege, { owasp: ['LLM06'], atlas: ['AML.T0049', 'AML.T0053'] }),
    equivalents: {},
    categories: ['gen-ai', 'agents', 'access'],
  },
  evaluate(g, ctx) {
    return agentCoreResourcePolicyOutcome(g, 'Gateway', ctx);
  },
});
