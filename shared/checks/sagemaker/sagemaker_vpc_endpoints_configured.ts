import { sagemakerInUse } from '../lib/context.ts';
import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, fail, manual, pass, unread } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'sagemaker_vpc_endpoints_configured',
    title: 'Regions with SageMaker workloads have SageMaker interface VPC endpoints',
    severity: 'MEDIUM',
    service: 'sagemaker',
    resourceType: 'ec2.vpc-endpoints',
    description: 'Region-aware: where SageMaker workloads exist, interface endpoints for sagemaker.api and sagemaker.runtime must exist.',
    risk: 'Without PrivateLink, SageMaker API and inference calls from workloads leave the VPC and cannot be restricted by endpoint policies.',
    remediation: {
      text: 'Create interface VPC endpoints for com.amazonaws.<region>.sagemaker.api and sagemaker.runtime.',
      url: 'https://docs.aws.amazon.com/sagemaker/latest/dg/interface-vpc-endpoint.html',
      cli: 'aws ec2 create-vpc-endpoint --vpc-id <vpc> --vpc-endpoint-type Interface --service-name com.amazonaws.<region>.sagemaker.runtime --subnet-ids <subnets>',
      cdk: "vpc.addInterfaceEndpoint('SmRuntime', { service: ec2.InterfaceVpcEndpointAwsService.SAGEMAKER_RUNTIME })",
    },
    types: [TYPES.bestPractice],
    mappings: maps(M.network),
    equivalents: {},
    categories: ['gen-ai', 'network'],
  },
  evaluate(ep, ctx) {
    const u = unread(ep, ['serviceNames']);
    if (u) return u;
    const want = ['sagemaker.api', 'sagemaker.runtime'];
    const missing = want.filter((s) => !ep.config.serviceNames.some((n) => n.endsWith(`.${s}`)));
    if (missing.length === 0) return pass(`SageMaker API and runtime VPC endpoints exist in ${ep.region}.`);
    const inUse = sagemakerInUse(ctx.graph, ep.accountId, ep.region);
    if (inUse === false) return [];
    if (inUse === undefined)
      return manual(
        `SageMaker VPC endpoints ${missing.join(', ')} are missing in ${ep.region}; whether SageMaker is used there is unknown.`,
      );
    return fail(`SageMaker workloads exist in ${ep.region} but VPC endpoints ${missing.join(', ')} are missing.`, { missing });
  },
});
