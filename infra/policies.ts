import { readFileSync } from 'node:fs';

/**
 * IAM actions and event names the stack grants / listens to. Kept in one place so the deployed policy, the CLI's
 * documented read-only policy (docs/iam-scan-policy.json) and the CloudTrail rule stay in step; a test compares them.
 */

/**
 * Read-only actions discovery needs (metadata only: no GetSecretValue, no GetObject on customer data). The single
 * source is `docs/iam-scan-policy.json`, the policy documented for `aispm scan`; `test/shared/cli/scan-iam-policy.test.ts`
 * keeps it equal to the calls the collectors make, so the deployed function and the CLI need exactly the same rights.
 */
export const DISCOVERY_READ_ACTIONS: readonly string[] = (() => {
  const doc = JSON.parse(readFileSync(new URL('../docs/iam-scan-policy.json', import.meta.url), 'utf8')) as {
    Statement: { Effect: string; Action: string | string[] }[];
  };
  const actions = doc.Statement.filter((st) => st.Effect === 'Allow').flatMap((st) => (Array.isArray(st.Action) ? st.Action : [st.Action]));
  return [...new Set(actions)].sort();
})();

/** CloudTrail write events that refresh the affected assets (aws-facts §4). */
export const DISCOVERY_TRIGGER_EVENTS = [
  // bedrock
  'PutModelInvocationLoggingConfiguration', 'DeleteModelInvocationLoggingConfiguration', 'CreateGuardrail', 'UpdateGuardrail',
  'DeleteGuardrail', 'CreateGuardrailVersion', 'CreateModelCustomizationJob', 'CreateCustomModel', 'DeleteCustomModel',
  'CreateModelImportJob', 'DeleteImportedModel', 'CreateProvisionedModelThroughput', 'UpdateProvisionedModelThroughput',
  'DeleteProvisionedModelThroughput', 'CreateInferenceProfile', 'DeleteInferenceProfile', 'TagResource', 'UntagResource',
  'CreatePrompt', 'UpdatePrompt', 'DeletePrompt', 'CreatePromptVersion',
  // bedrock agents / knowledge bases
  'CreateAgent', 'UpdateAgent', 'DeleteAgent', 'PrepareAgent', 'CreateAgentAlias', 'UpdateAgentAlias', 'DeleteAgentAlias',
  'CreateAgentActionGroup', 'UpdateAgentActionGroup', 'DeleteAgentActionGroup', 'AssociateAgentKnowledgeBase',
  'DisassociateAgentKnowledgeBase', 'CreateKnowledgeBase', 'UpdateKnowledgeBase', 'DeleteKnowledgeBase', 'CreateDataSource',
  'UpdateDataSource', 'DeleteDataSource',
  // iam (Bedrock API keys)
  'CreateServiceSpecificCredential', 'UpdateServiceSpecificCredential', 'DeleteServiceSpecificCredential',
  // sagemaker
  'CreateEndpoint', 'UpdateEndpoint', 'DeleteEndpoint', 'CreateEndpointConfig', 'DeleteEndpointConfig', 'CreateModel', 'DeleteModel',
  'CreateNotebookInstance', 'UpdateNotebookInstance', 'DeleteNotebookInstance', 'StartNotebookInstance', 'StopNotebookInstance',
  'CreateDomain', 'UpdateDomain', 'DeleteDomain', 'CreateUserProfile', 'UpdateUserProfile', 'CreateTrainingJob',
  'CreateModelPackageGroup', 'DeleteModelPackageGroup', 'PutModelPackageGroupPolicy', 'DeleteModelPackageGroupPolicy',
  'UpdateModelPackage', 'CreateMonitoringSchedule', 'UpdateMonitoringSchedule', 'DeleteMonitoringSchedule', 'CreateFeatureGroup',
  'DeleteFeatureGroup', 'AddTags', 'DeleteTags',
] as const;

/** Bedrock control-plane calls the runtime analyzer watches for LLMjacking reconnaissance and defence evasion. */
export const RUNTIME_TRAIL_EVENTS = [
  'ListFoundationModels', 'GetFoundationModel', 'GetFoundationModelAvailability', 'ListFoundationModelAgreementOffers',
  'ListProvisionedModelThroughputs', 'GetModelInvocationLoggingConfiguration', 'PutUseCaseForModelAccess',
  'GetUseCaseForModelAccess', 'CreateFoundationModelAgreement', 'DeleteGuardrail', 'UpdateGuardrail',
  'DeleteModelInvocationLoggingConfiguration', 'PutModelInvocationLoggingConfiguration', 'CreateServiceSpecificCredential',
  'InvokeModel', 'InvokeModelWithResponseStream', 'Converse', 'ConverseStream',
] as const;
