import { jobDefinitionCheck } from '../lib/job-definition.ts';

export default jobDefinitionCheck({
  id: 'sagemaker_model_explainability_job_definition_intercontainer_encryption_enabled',
  kind: 'model-explainability',
  property: 'intercontainer-encryption',
  securityHub: 'SageMaker.10',
  severity: 'MEDIUM',
});
