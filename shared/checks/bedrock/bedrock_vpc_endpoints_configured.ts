import { bedrockInUse } from '../lib/context.ts';
import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, fail, manual, pass, unread } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'bedrock_vpc_endpoints_configured',
    title: 'Regions that use Bedrock have Bedrock interface VPC endpoints',
    severity: 'MEDIUM',
    service: 'bedrock',
    resourceType: 'ec2.vpc-endpoints',
    description:
      'Region-aware: where Bedrock models are used, an interface endpoint for bedrock-runtime must exist (bedrock, bedrock-agent and bedrock-agent-runtime are reported when missing).',
    risk: 'Without PrivateLink, model traffic leaves the VPC through NAT/internet gateways and VPC endpoint policies cannot restrict which models or accounts are reachable (exfiltration through the model API).',
    remediation: {
      text: 'Create interface VPC endpoints for com.amazonaws.<region>.bedrock-runtime (and bedrock-agent-runtime) with an endpoint policy limiting principals and models.',
      url: 'https://docs.aws.amazon.com/bedrock/latest/userguide/vpc-interface-endpoints.html',
      cli: 'aws ec2 create-vpc-endpoint --vpc-id <vpc> --vpc-endpoint-type Interface --service-name com.amazonaws.<region>.bedrock-runtime --subnet-ids <subnets> --security-group-ids <sg>',
      cdk: "vpc.addInterfaceEndpoint('BedrockRuntime', { service: ec2.InterfaceVpcEndpointAwsService.BEDROCK_RUNTIME })",
    },
    types: [TYPES.bestPractice],
    mappings: maps(M.network),
    equivalents: { prowler: ['bedrock_vpc_endpoints_configured'] },
    categories: ['gen-ai', 'network'],
  },
  evaluate(ep, ctx) {
    const u = unread(ep, ['serviceNames']);
    if (u) return u;
    const names = ep.config.serviceNames;
    const want = ['bedrock-runtime', 'bedrock', 'bedrock-agent', 'bedrock-agent-runtime'];
    const has = (svc: string) => names.some((n) => n.endsWith(`.${svc}`));
    const missing = want.filter((s) => !has(s));
    if (has('bedrock-runtime')) return pass(`A bedrock-runtime VPC endpoint exists in ${ep.region}.`, { missingOptional: missing });
    const inUse = bedrockInUse(ctx.graph, ep.accountId, ep.region);
    if (inUse === false) return [];
    if (inUse === undefined) return manual(`No bedrock-runtime VPC endpoint in ${ep.region}; whether models are used there is unknown.`);
    return fail(`Bedrock models are used in ${ep.region} but there is no bedrock-runtime VPC endpoint.`, { missing });
  },
});
