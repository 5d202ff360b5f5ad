import { jobDefinitionCheck } from '../lib/job-definition.ts';

export default jobDefinitionCheck({
  id: 'sagemaker_data_quality_job_definition_network_isolation_enabled',
  kind: 'data-quality',
  property: 'network-isolation',
  securityHub: 'SageMaker.11',
  severity: 'MEDIUM',
});
