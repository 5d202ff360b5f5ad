import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, fail, pass, unread } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'sagemaker_training_jobs_vpc_settings_configured',
    title: 'SageMaker training jobs run in a customer VPC',
    severity: 'HIGH',
    service: 'sagemaker',
    resourceType: 'sagemaker.training-job',
    description: 'Checks that the training job has a VpcConfig with subnets and security groups.',
    risk: 'Outside a VPC, training traffic to data sources cannot be restricted by security groups or VPC endpoint policies.',
    remediation: {
      text: 'Start training jobs with VpcConfig (private subnets, S3 gateway endpoint).',
      url: 'https://docs.aws.amazon.com/sagemaker/latest/dg/train-vpc.html',
      cli: 'aws sagemaker create-training-job ... --vpc-config Subnets=<subnet>,SecurityGroupIds=<sg>',
      cdk: '// set VpcConfig in the training job definition (Estimator subnets=..., security_group_ids=...)',
    },
    types: [TYPES.bestPractice],
    mappings: maps(M.network),
    equivalents: { prowler: ['sagemaker_training_jobs_vpc_settings_configured'] },
    categories: ['gen-ai', 'network'],
  },
  evaluate(job) {
    const u = unread(job, ['vpcConfig']);
    if (u) return u;
    if (!job.config.vpcConfig || job.config.vpcConfig.subnets.length === 0) return fail(`Training job ${job.name} runs without a VPC.`);
    return pass(`Training job ${job.name} runs in subnets ${job.config.vpcConfig.subnets.join(', ')}.`);
  },
});
