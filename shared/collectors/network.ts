import { DescribeVpcEndpointsCommand } from '@aws-sdk/client-ec2';
import type { VpcEndpointsConfig } from '../domain/asset-config.ts';
import { paginate, type TypeCollector } from './context.ts';

export const AI_ENDPOINT_SERVICES = [
  'bedrock',
  'bedrock-runtime',
  'bedrock-agent',
  'bedrock-agent-runtime',
  'sagemaker.api',
  'sagemaker.runtime',
];

export function vpcEndpointsId(accountId: string, region: string) {
  return `aispm:ec2.vpc-endpoints:${accountId}:${region}:ai-interface-endpoints`;
}

/** Interface endpoints for the AI services in a region (one asset per region). */
export const vpcEndpoints: TypeCollector = {
  type: 'ec2.vpc-endpoints',
  service: 'ec2',
  scope: 'regional',
  async collect(run) {
    const names = new Set<string>();
    const wanted = AI_ENDPOINT_SERVICES.map((s) => `com.amazonaws.${run.region}.${s}`);
    await paginate(
      run,
      'DescribeVpcEndpoints',
      (t) =>
        run
          .client('ec2')
          .send(new DescribeVpcEndpointsCommand({ NextToken: t, MaxResults: 1000, Filters: [{ Name: 'service-name', Values: wanted }] })),
      (p) => p.NextToken,
      (p) => {
        for (const e of p.VpcEndpoints ?? []) if (e.ServiceName && e.State?.toLowerCase() !== 'deleted') names.add(e.ServiceName);
      },
    );
    const config: VpcEndpointsConfig = { serviceNames: [...names].sort() };
    run.emit({
      id: vpcEndpointsId(run.accountId, run.region),
      type: 'ec2.vpc-endpoints',
      region: run.region,
      name: `ai-vpc-endpoints/${run.region}`,
      config,
      tags: {},
      relationships: [],
    });
  },
};
