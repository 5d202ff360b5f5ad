import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, fail, pass, unread } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'sagemaker_training_jobs_network_isolation_enabled',
    title: 'SageMaker training jobs have network isolation enabled',
    severity: 'HIGH',
    service: 'sagemaker',
    resourceType: 'sagemaker.training-job',
    description: 'Checks that EnableNetworkIsolation is true so training containers cannot make outbound calls.',
    risk: 'Training code and third-party packages with network access can exfiltrate the training set or pull poisoned dependencies.',
    remediation: {
      text: 'Start training jobs with EnableNetworkIsolation=true (Estimator enable_network_isolation=True).',
      url: 'https://docs.aws.amazon.com/sagemaker/latest/dg/mkt-algo-model-internet-free.html',
      cli: 'aws sagemaker create-training-job ... --enable-network-isolation',
      cdk: '// set EnableNetworkIsolation in the CreateTrainingJob call or pipeline step',
    },
    types: [TYPES.bestPractice, TYPES.exfiltration],
    mappings: maps(M.network, M.dataIntegrity),
    equivalents: { prowler: ['sagemaker_training_jobs_network_isolation_enabled'] },
    categories: ['gen-ai', 'network'],
  },
  evaluate(job) {
    const u = unread(job, ['enableNetworkIsolation']);
    if (u) return u;
    if (!job.config.enableNetworkIsolation) return fail(`Training job ${job.name} does not have network isolation enabled.`);
    return pass(`Training job ${job.name} has network isolation enabled.`);
  },
});
