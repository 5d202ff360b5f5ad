import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, fail, pass, unread } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'sagemaker_training_job_environment_no_secrets',
    title: 'SageMaker training job environments contain no secrets',
    severity: 'HIGH',
    service: 'sagemaker',
    resourceType: 'sagemaker.training-job',
    description: 'Fails when a training job environment variable looks like a secret (names only are recorded, never values).',
    risk: 'Training job environments are returned in clear text by DescribeTrainingJob and kept for the life of the job record.',
    remediation: {
      text: 'Rotate the exposed secret, store it in Secrets Manager and read it in the training script with the job role.',
      url: 'https://docs.aws.amazon.com/sagemaker/latest/dg/docker-containers-adapt-your-own-private-registry-authentication.html',
      cli: 'aws secretsmanager create-secret --name <name> --secret-string file://secret.txt',
      cdk: 'secret.grantRead(trainingRole)',
    },
    types: [TYPES.bestPractice, TYPES.secrets],
    mappings: maps(M.secrets),
    equivalents: {},
    categories: ['gen-ai', 'secrets'],
  },
  evaluate(job) {
    const u = unread(job, ['secretLikeEnvNames']);
    if (u) return u;
    const names = job.config.secretLikeEnvNames;
    if (names.length > 0)
      return fail(`Training job ${job.name} has secret-like environment variables: ${names.join(', ')}.`, { envNames: names });
    return pass(`Training job ${job.name} has no secret-like environment variables.`);
  },
});
