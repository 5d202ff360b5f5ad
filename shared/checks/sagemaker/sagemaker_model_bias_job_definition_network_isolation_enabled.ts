import { jobDefinitionCheck } from '../lib/job-definition.ts';

export default jobDefinitionCheck({
  id: 'sagemaker_model_bias_job_definition_network_isolation_enabled',
  kind: 'model-bias',
  property: 'network-isolation',
  securityHub: 'SageMaker.12',
  severity: 'MEDIUM',
});
