import { jobDefinitionCheck } from '../lib/job-definition.ts';

export default jobDefinitionCheck({
  id: 'sagemaker_data_quality_job_definition_intercontainer_encryption_enabled',
  kind: 'data-quality',
  property: 'intercontainer-encryption',
  securityHub: 'SageMaker.9',
  severity: 'MEDIUM',
});
