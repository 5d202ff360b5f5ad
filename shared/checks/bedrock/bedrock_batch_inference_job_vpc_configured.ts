import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, fail, pass, unread } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'bedrock_batch_inference_job_vpc_configured',
    title: 'Bedrock batch inference jobs run in a VPC',
    severity: 'MEDIUM',
    service: 'bedrock',
    resourceType: 'bedrock.batch-inference-job',
    description:
      'Checks that a batch inference job (running, or ended within the last 30 days) has a VPC configuration, so its input and output are read and written through the customer network.',
    risk: 'Without a VPC the job reads prompts and writes model output over public endpoints; data-perimeter controls (VPC endpoint policies, aws:SourceVpc conditions on the buckets) cannot apply to it.',
    remediation: {
      text: 'Submit batch inference jobs with vpcConfig (private subnets, a security group, an S3 gateway endpoint) and restrict the data buckets to that VPC.',
      url: 'https://docs.aws.amazon.com/bedrock/latest/userguide/batch-vpc.html',
      cli: 'aws bedrock create-model-invocation-job ... --vpc-config subnetIds=<subnet>,securityGroupIds=<sg>',
      cdk: '// pass vpcConfig in CreateModelInvocationJob',
    },
    types: [TYPES.bestPractice],
    mappings: maps(M.network),
    equivalents: {},
    categories: ['gen-ai', 'network'],
  },
  evaluate(job) {
    const u = unread(job, ['vpcConfig']);
    if (u) return u;
    if (!job.config.vpcConfig || job.config.vpcConfig.subnetIds.length === 0)
      return fail(`Batch inference job ${job.name} (${job.config.status}) runs without a VPC.`, { status: job.config.status });
    return pass(`Batch inference job ${job.name} runs in subnets ${job.config.vpcConfig.subnetIds.join(', ')}.`);
  },
});
