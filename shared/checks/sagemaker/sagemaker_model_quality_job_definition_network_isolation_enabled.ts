import { jobDefinitionCheck } from '../lib/job-definition.ts';

export default jobDefinitionCheck({
  id: 'sagemaker_model_quality_job_definition_network_isolation_enabled',
  kind: 'model-quality',
  property: 'network-isolation',
  securityHub: 'SageMaker.25',
  severity: 'HIGH',
});
