import { jobDefinitionCheck } from '../lib/job-definition.ts';

export default jobDefinitionCheck({
  id: 'sagemaker_model_quality_job_definition_intercontainer_encryption_enabled',
  kind: 'model-quality',
  property: 'intercontainer-encryption',
  securityHub: 'SageMaker.13',
  severity: 'MEDIUM',
});
