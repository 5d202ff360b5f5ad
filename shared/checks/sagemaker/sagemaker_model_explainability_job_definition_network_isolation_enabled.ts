import { jobDefinitionCheck } from '../lib/job-definition.ts';

export default jobDefinitionCheck({
  id: 'sagemaker_model_explainability_job_definition_network_isolation_enabled',
  kind: 'model-explainability',
  property: 'network-isolation',
  securityHub: 'SageMaker.20',
  severity: 'HIGH',
});
