/**
 * IAM actions and event names the stack grants / listens to. Kept in one place so the deployed policy, the CLI's
 * documented read-only policy (docs/iam-scan-policy.json) and the CloudTrail rule stay in step; a test compares them.
 */

/** Read-only actions discovery needs (metadata only: no GetSecretValue, no GetObject on customer data). */
export const DISCOVERY_READ_ACTIONS = [
  'sts:GetCallerIdentity',
  // Bedrock
  'bedrock:ListCustomModels', 'bedrock:GetCustomModel', 'bedrock:ListImportedModels', 'bedrock:GetImportedModel',
  'bedrock:ListModelCustomizationJobs', 'bedrock:GetModelCustomizationJob', 'bedrock:ListModelImportJobs', 'bedrock:GetModelImportJob',
  'bedrock:ListProvisionedModelThroughputs', 'bedrock:ListInferenceProfiles', 'bedrock:GetInferenceProfile',
  'bedrock:ListGuardrails', 'bedrock:GetGuardrail', 'bedrock:GetModelInvocationLoggingConfiguration',
  'bedrock:ListFoundationModels', 'bedrock:ListTagsForResource',
  // Bedrock Agents, knowledge bases, prompts
  'bedrock:ListAgents', 'bedrock:GetAgent', 'bedrock:ListAgentAliases', 'bedrock:ListAgentActionGroups', 'bedrock:GetAgentActionGroup',
  'bedrock:ListAgentKnowledgeBases', 'bedrock:ListKnowledgeBases', 'bedrock:GetKnowledgeBase', 'bedrock:ListDataSources',
  'bedrock:GetDataSource', 'bedrock:ListPrompts', 'bedrock:GetPrompt',
  // IAM
  'iam:ListServiceSpecificCredentials', 'iam:GetRole', 'iam:ListAttachedRolePolicies', 'iam:ListRolePolicies', 'iam:GetRolePolicy',
  'iam:GetUser', 'iam:ListAttachedUserPolicies', 'iam:ListUserPolicies', 'iam:GetUserPolicy', 'iam:ListGroupsForUser',
  'iam:ListAttachedGroupPolicies', 'iam:ListGroupPolicies', 'iam:GetGroupPolicy', 'iam:GetPolicy', 'iam:GetPolicyVersion',
  // SageMaker
  'sagemaker:ListEndpoints', 'sagemaker:DescribeEndpoint', 'sagemaker:ListEndpointConfigs', 'sagemaker:DescribeEndpointConfig',
  'sagemaker:ListModels', 'sagemaker:DescribeModel', 'sagemaker:ListNotebookInstances', 'sagemaker:DescribeNotebookInstance',
  'sagemaker:DescribeNotebookInstanceLifecycleConfig', 'sagemaker:ListTrainingJobs', 'sagemaker:DescribeTrainingJob',
  'sagemaker:ListDomains', 'sagemaker:DescribeDomain', 'sagemaker:ListUserProfiles', 'sagemaker:DescribeUserProfile',
  'sagemaker:ListModelPackageGroups', 'sagemaker:ListModelPackages', 'sagemaker:GetModelPackageGroupPolicy',
  'sagemaker:ListMonitoringSchedules', 'sagemaker:DescribeMonitoringSchedule',
  'sagemaker:ListDataQualityJobDefinitions', 'sagemaker:DescribeDataQualityJobDefinition',
  'sagemaker:ListModelQualityJobDefinitions', 'sagemaker:DescribeModelQualityJobDefinition',
  'sagemaker:ListModelBiasJobDefinitions', 'sagemaker:DescribeModelBiasJobDefinition',
  'sagemaker:ListModelExplainabilityJobDefinitions', 'sagemaker:DescribeModelExplainabilityJobDefinition',
  'sagemaker:ListFeatureGroups', 'sagemaker:DescribeFeatureGroup', 'sagemaker:ListInferenceExperiments',
  'sagemaker:DescribeInferenceExperiment', 'sagemaker:ListTags',
  // data and supply chain
  's3:GetBucketPublicAccessBlock', 's3:GetAccountPublicAccessBlock', 's3:GetBucketPolicy', 's3:GetEncryptionConfiguration',
  's3:GetBucketVersioning', 's3:GetBucketObjectLockConfiguration', 's3:GetBucketLocation', 's3:GetBucketTagging',
  'ec2:DescribeVpcEndpoints', 'logs:DescribeLogGroups',
  // shadow AI (metadata only)
  'lambda:ListFunctions', 'lambda:GetFunctionConfiguration', 'ecs:ListTaskDefinitions', 'ecs:DescribeTaskDefinition',
  'secretsmanager:ListSecrets', 'secretsmanager:DescribeSecret',
] as const;

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
