import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, fail, pass, unread } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'sagemaker_domain_vpc_only_network_access',
    title: 'SageMaker domains use VPC-only network access',
    severity: 'HIGH',
    service: 'sagemaker',
    resourceType: 'sagemaker.domain',
    description: 'Checks that AppNetworkAccessType is VpcOnly, so Studio apps have no direct internet access.',
    risk: 'PublicInternetOnly gives every Studio app direct internet egress through the SageMaker service VPC: data can be exfiltrated and packages pulled outside any customer control.',
    remediation: {
      text: 'Set AppNetworkAccessType to VpcOnly with private subnets and the VPC endpoints Studio needs.',
      url: 'https://docs.aws.amazon.com/sagemaker/latest/dg/studio-notebooks-and-internet-access.html',
      cli: 'aws sagemaker update-domain --domain-id <id> --app-network-access-type VpcOnly --subnet-ids <subnets>',
      cdk: "new sagemaker.CfnDomain(this, 'Domain', { appNetworkAccessType: 'VpcOnly', vpcId, subnetIds, ... })",
    },
    types: [TYPES.bestPractice, TYPES.exfiltration],
    mappings: maps(M.network),
    equivalents: {},
    categories: ['gen-ai', 'network'],
  },
  evaluate(d) {
    const u = unread(d, ['appNetworkAccessType']);
    if (u) return u;
    if (d.config.appNetworkAccessType !== 'VpcOnly')
      return fail(`Domain ${d.name} allows direct internet access (${d.config.appNetworkAccessType}).`);
    return pass(`Domain ${d.name} is VPC-only.`);
  },
});
