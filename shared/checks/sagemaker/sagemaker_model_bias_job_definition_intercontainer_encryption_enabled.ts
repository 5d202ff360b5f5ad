import { jobDefinitionCheck } from '../lib/job-definition.ts';

export default jobDefinitionCheck({
  id: 'sagemaker_model_bias_job_definition_intercontainer_encryption_enabled',
  kind: 'model-bias',
  property: 'intercontainer-encryption',
  securityHub: 'SageMaker.15',
  severity: 'MEDIUM',
});
