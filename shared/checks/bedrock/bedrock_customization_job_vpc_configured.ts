import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, fail, pass, unread } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'bedrock_customization_job_vpc_configured',
    title: 'Bedrock model customization jobs run in a VPC',
    severity: 'MEDIUM',
    service: 'bedrock',
    resourceType: 'bedrock.customization-job',
    description:
      'Checks that a model customization (fine-tuning) job has a VPC configuration so training data is read through the customer network.',
    risk: 'Without a VPC the job reads training data over public endpoints; data-perimeter controls (VPC endpoint policies, aws:SourceVpc conditions) cannot apply.',
    remediation: {
      text: 'Run customization jobs with vpcConfig (private subnets, a security group, an S3 gateway endpoint).',
      url: 'https://docs.aws.amazon.com/bedrock/latest/userguide/custom-model-job-access-security.html',
      cli: 'aws bedrock create-model-customization-job ... --vpc-config subnetIds=<subnet>,securityGroupIds=<sg>',
      cdk: '// pass vpcConfig in CreateModelCustomizationJob',
    },
    types: [TYPES.bestPractice],
    mappings: maps(M.network, M.dataIntegrity),
    equivalents: {},
    categories: ['gen-ai', 'network'],
  },
  evaluate(job) {
    const u = unread(job, ['vpcConfig']);
    if (u) return u;
    if (!job.config.vpcConfig || job.config.vpcConfig.subnetIds.length === 0)
      return fail(`Customization job ${job.name} runs without a VPC.`);
    return pass(`Customization job ${job.name} runs in subnets ${job.config.vpcConfig.subnetIds.join(', ')}.`);
  },
});
