import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, fail, pass, unread } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'sagemaker_training_jobs_intercontainer_encryption_enabled',
    title: 'SageMaker training jobs encrypt inter-container traffic',
    severity: 'MEDIUM',
    service: 'sagemaker',
    resourceType: 'sagemaker.training-job',
    description: 'Checks that EnableInterContainerTrafficEncryption is true (relevant for distributed training).',
    risk: 'Gradients, parameters and data exchanged between training nodes travel unencrypted inside the cluster network.',
    remediation: {
      text: 'Start training jobs with EnableInterContainerTrafficEncryption=true (Estimator encrypt_inter_container_traffic=True).',
      url: 'https://docs.aws.amazon.com/sagemaker/latest/dg/train-encrypt.html',
      cli: 'aws sagemaker create-training-job ... --enable-inter-container-traffic-encryption',
      cdk: '// set EnableInterContainerTrafficEncryption in the CreateTrainingJob call or SageMaker Pipelines step',
    },
    types: [TYPES.bestPractice],
    mappings: maps(M.encryption, M.network),
    equivalents: { prowler: ['sagemaker_training_jobs_intercontainer_encryption_enabled'] },
    categories: ['gen-ai', 'encryption'],
  },
  evaluate(job) {
    const u = unread(job, ['enableInterContainerTrafficEncryption']);
    if (u) return u;
    if (!job.config.enableInterContainerTrafficEncryption)
      return fail(`Training job ${job.name} does not encrypt inter-container traffic.`);
    return pass(`Training job ${job.name} encrypts inter-container traffic.`);
  },
});
