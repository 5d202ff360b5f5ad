import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, fail, pass, unread } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'sagemaker_models_vpc_settings_configured',
    title: 'SageMaker hosted models run in a customer VPC',
    severity: 'MEDIUM',
    service: 'sagemaker',
    resourceType: 'sagemaker.model',
    description: 'Checks that the model has a VpcConfig with subnets and security groups.',
    risk: 'Without a VPC the model containers reach S3 and other services over public paths that VPC endpoint policies and flow logs cannot govern.',
    remediation: {
      text: 'Recreate the model with VpcConfig (private subnets, a restrictive security group) and update the endpoint configuration.',
      url: 'https://docs.aws.amazon.com/sagemaker/latest/dg/host-vpc.html',
      cli: 'aws sagemaker create-model ... --vpc-config Subnets=<subnet>,SecurityGroupIds=<sg>',
      cdk: "new sagemaker.CfnModel(this, 'Model', { vpcConfig: { subnets, securityGroupIds }, ... })",
    },
    types: [TYPES.bestPractice],
    mappings: maps(M.network),
    equivalents: { prowler: ['sagemaker_models_vpc_settings_configured'] },
    categories: ['gen-ai', 'network'],
  },
  evaluate(m) {
    const u = unread(m, ['vpcConfig']);
    if (u) return u;
    if (!m.config.vpcConfig || m.config.vpcConfig.subnets.length === 0) return fail(`Model ${m.name} has no VPC configuration.`);
    return pass(`Model ${m.name} runs in subnets ${m.config.vpcConfig.subnets.join(', ')}.`);
  },
});
