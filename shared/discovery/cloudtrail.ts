import type { AssetType } from '../domain/asset.ts';
import { isAcceleratedType } from './shadow-ai.ts';

/** The parts of a CloudTrail record the router reads. */
export interface CloudTrailRecord {
  eventName?: string;
  eventSource?: string;
  eventTime?: string;
  eventID?: string;
  awsRegion?: string;
  recipientAccountId?: string;
  readOnly?: boolean;
  errorCode?: string;
  requestParameters?: Record<string, unknown> | null;
  responseElements?: Record<string, unknown> | null;
  /** Resources the call touched (KMS key events carry the key ARN here). */
  resources?: { ARN?: string; type?: string }[] | null;
  userIdentity?: { arn?: string; type?: string; sessionContext?: { sessionIssuer?: { arn?: string } } };
}

/** An EventBridge event wrapping a CloudTrail record (`detail-type: AWS API Call via CloudTrail`). */
export interface CloudTrailEventBridgeEvent {
  version?: string;
  id?: string;
  'detail-type': string;
  source?: string;
  account?: string;
  time?: string;
  region?: string;
  detail: CloudTrailRecord;
}

export const CLOUDTRAIL_DETAIL_TYPES = ['AWS API Call via CloudTrail', 'Amazon API Call via CloudTrail'];

/** One asset to re-describe because of an event. */
export interface RefreshTarget {
  type: AssetType;
  region: string;
  /** Identifier for the describe call (name, id or ARN). */
  key: string;
  key2?: string;
  /** Only refresh when the asset is already in the inventory (roles, users, buckets: not AI assets by themselves). */
  onlyIfKnown?: boolean;
  /** The event is the successful deletion of this resource (its identifier is never reused): nothing to read. */
  gone?: boolean;
  /**
   * The stored asset's id, when the target comes from the inventory (the dependents of a managed policy or an EC2
   * change): the refresh reads it by id instead of searching the account's listing.
   */
  storedId?: string;
}

/**
 * Assets to re-assess because something they depend on, which is not an asset, changed. `kms-key` and
 * `account-public-access-block`: the assets are not re-described, only the dependency is read again (DescribeKey of
 * the key, for every asset whose `config.kmsKeys` names it; the account-level S3 Block Public Access, for every
 * bucket). The EC2 kinds name what a network change touched, and every inventoried AI instance of that region whose
 * stored facts use it is re-described (its whole state, the new rules or groups included): `security-group` (a rule
 * change: by group id, or by name for a default-VPC call made with the group name, resolved in the region's default
 * VPC), `network-interface` (its groups, public IPv4 or IPv6 addresses changed), `public-ip` (an Elastic IP
 * disassociated or released: by address when the record gives it, else, by association or allocation id, every AI
 * instance holding an Elastic IP: DescribeInstances gives neither id, and an AWS-assigned public IP has no association
 * to remove), `network-interface-attachment` (a secondary interface detached: by the attachment id recorded on the
 * interface), `volume` (an EBS volume detached without its instance in the record: by the recorded volume ids).
 * `kms-custom-key-store`: a custom key store (dis)connected; the keys recorded in that store are described again, as
 * for `kms-key`, for every asset that references one. `iam-managed-policy`: a managed policy's default version
 * changed (CreatePolicyVersion with setAsDefault, SetDefaultPolicyVersion); every inventoried IAM role and user that
 * attaches it (directly or through a group) or has it as permissions boundary is re-described. `iam-group`: a group's
 * own policies changed (Put/DeleteGroupPolicy, Attach/DetachGroupPolicy); every inventoried IAM user recorded as a
 * member (`config.groups`, or for a user stored before groups were recorded, a `<group>/` policy name) is re-described;
 * also for a group renamed (UpdateGroup with a new name), by the old name, so its members record the new one.
 */
export type DependencyTarget =
  | { kind: 'kms-key'; region: string; keyArn: string }
  | { kind: 'kms-custom-key-store'; region: string; customKeyStoreId: string }
  | { kind: 'account-public-access-block' }
  | { kind: 'security-group'; region: string; groupIds: string[]; groupNames: string[] }
  | { kind: 'network-interface'; region: string; networkInterfaceId: string }
  | { kind: 'network-interface-attachment'; region: string; attachmentId: string }
  | { kind: 'volume'; region: string; volumeId: string }
  | { kind: 'public-ip'; region: string; publicIp?: string; associationId?: string; allocationId?: string }
  | { kind: 'iam-managed-policy'; policyArn: string }
  | { kind: 'iam-group'; groupName: string };

/** The dependency kinds resolved to the inventoried AI instances that use them. */
export type Ec2DependencyTarget = Extract<
  DependencyTarget,
  { kind: 'security-group' | 'network-interface' | 'network-interface-attachment' | 'volume' | 'public-ip' }
>;
const EC2_DEPENDENCY_KINDS = new Set<DependencyTarget['kind']>([
  'security-group',
  'network-interface',
  'network-interface-attachment',
  'volume',
  'public-ip',
]);
export const isEc2Dependency = (d: DependencyTarget): d is Ec2DependencyTarget => EC2_DEPENDENCY_KINDS.has(d.kind);

export type RouteResult =
  | { targets: RefreshTarget[]; dependencies?: DependencyTarget[]; ignored?: undefined }
  | { targets: []; dependencies?: undefined; ignored: string };

/** CloudTrail's time formats (`2025-01-21T17:49:47Z`, `2025-01-21 17:49:47.000000000`) to ISO-8601 (ms). */
export function normalizeEventTime(t: string | undefined): string | undefined {
  if (!t) return undefined;
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/.exec(t.trim());
  if (!m) {
    const d = new Date(t);
    return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
  }
  const frac = (m[3] ?? '.000').slice(1, 4).padEnd(3, '0');
  const d = new Date(`${m[1]}T${m[2]}.${frac}${m[4] ?? 'Z'}`);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
const get = (o: unknown, path: string): string | undefined => {
  let cur: unknown = o;
  for (const p of path.split('.')) {
    if (!cur || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return str(cur);
};
const first = (r: CloudTrailRecord, paths: string[]): string | undefined => {
  for (const p of paths) {
    if (p.startsWith('const.')) return p.slice(6);
    const [where, ...rest] = p.split('.');
    const v = get(where === 'req' ? r.requestParameters : r.responseElements, rest.join('.'));
    if (v) return v;
  }
  return undefined;
};

type Rule = {
  type: AssetType;
  keys: string[];
  key2?: string[];
  onlyIfKnown?: boolean;
  /** The event deletes the resource (a unique, never reused identifier): the refresh reads nothing. */
  gone?: boolean;
  when?: (r: CloudTrailRecord) => boolean;
  /** Several resources in one call (e.g. every instance of a RunInstances): replaces `keys`; `type` overrides the rule's. */
  many?: (r: CloudTrailRecord) => { key: string; onlyIfKnown?: boolean; type?: AssetType }[];
  /** The ignore reason when `many` finds nothing (default: identifier missing). */
  noneIgnored?: string;
};

const BEDROCK: Record<string, Rule> = {
  PutModelInvocationLoggingConfiguration: { type: 'bedrock.logging-config', keys: [] },
  DeleteModelInvocationLoggingConfiguration: { type: 'bedrock.logging-config', keys: [] },
  CreateGuardrail: { type: 'bedrock.guardrail', keys: ['res.guardrailArn', 'res.guardrailId'] },
  UpdateGuardrail: { type: 'bedrock.guardrail', keys: ['req.guardrailIdentifier', 'res.guardrailArn'] },
  DeleteGuardrail: { type: 'bedrock.guardrail', keys: ['req.guardrailIdentifier'] },
  CreateGuardrailVersion: { type: 'bedrock.guardrail', keys: ['req.guardrailIdentifier', 'res.guardrailId'] },
  CreateModelCustomizationJob: { type: 'bedrock.customization-job', keys: ['res.jobArn', 'req.jobName'] },
  StopModelCustomizationJob: { type: 'bedrock.customization-job', keys: ['req.jobIdentifier'] },
  CreateCustomModel: { type: 'bedrock.custom-model', keys: ['res.modelArn', 'req.modelName'] },
  DeleteCustomModel: { type: 'bedrock.custom-model', keys: ['req.modelIdentifier'] },
  CreateModelImportJob: { type: 'bedrock.imported-model', keys: ['req.importedModelName'] },
  DeleteImportedModel: { type: 'bedrock.imported-model', keys: ['req.modelIdentifier'] },
  CreateProvisionedModelThroughput: {
    type: 'bedrock.provisioned-throughput',
    keys: ['res.provisionedModelArn', 'req.provisionedModelName'],
  },
  UpdateProvisionedModelThroughput: { type: 'bedrock.provisioned-throughput', keys: ['req.provisionedModelId'] },
  DeleteProvisionedModelThroughput: { type: 'bedrock.provisioned-throughput', keys: ['req.provisionedModelId'] },
  CreateInferenceProfile: { type: 'bedrock.inference-profile', keys: ['res.inferenceProfileArn', 'req.inferenceProfileName'] },
  DeleteInferenceProfile: { type: 'bedrock.inference-profile', keys: ['req.inferenceProfileIdentifier'] },
  // Bedrock Agents / Knowledge Bases / Prompt Management (control plane also logs as bedrock.amazonaws.com)
  CreateAgent: { type: 'bedrock.agent', keys: ['res.agent.agentId'] },
  UpdateAgent: { type: 'bedrock.agent', keys: ['req.agentId'] },
  DeleteAgent: { type: 'bedrock.agent', keys: ['req.agentId'] },
  PrepareAgent: { type: 'bedrock.agent', keys: ['req.agentId'] },
  CreateAgentAlias: { type: 'bedrock.agent', keys: ['req.agentId'] },
  UpdateAgentAlias: { type: 'bedrock.agent', keys: ['req.agentId'] },
  DeleteAgentAlias: { type: 'bedrock.agent', keys: ['req.agentId'] },
  CreateAgentActionGroup: { type: 'bedrock.agent', keys: ['req.agentId'] },
  UpdateAgentActionGroup: { type: 'bedrock.agent', keys: ['req.agentId'] },
  DeleteAgentActionGroup: { type: 'bedrock.agent', keys: ['req.agentId'] },
  AssociateAgentKnowledgeBase: { type: 'bedrock.agent', keys: ['req.agentId'] },
  DisassociateAgentKnowledgeBase: { type: 'bedrock.agent', keys: ['req.agentId'] },
  UpdateAgentKnowledgeBase: { type: 'bedrock.agent', keys: ['req.agentId'] },
  CreateKnowledgeBase: { type: 'bedrock.knowledge-base', keys: ['res.knowledgeBase.knowledgeBaseId'] },
  UpdateKnowledgeBase: { type: 'bedrock.knowledge-base', keys: ['req.knowledgeBaseId'] },
  DeleteKnowledgeBase: { type: 'bedrock.knowledge-base', keys: ['req.knowledgeBaseId'] },
  CreateDataSource: { type: 'bedrock.knowledge-base', keys: ['req.knowledgeBaseId'] },
  UpdateDataSource: { type: 'bedrock.knowledge-base', keys: ['req.knowledgeBaseId'] },
  DeleteDataSource: { type: 'bedrock.knowledge-base', keys: ['req.knowledgeBaseId'] },
  CreatePrompt: { type: 'bedrock.prompt', keys: ['res.id', 'res.arn'] },
  UpdatePrompt: { type: 'bedrock.prompt', keys: ['req.promptIdentifier'] },
  DeletePrompt: { type: 'bedrock.prompt', keys: ['req.promptIdentifier'] },
  CreatePromptVersion: { type: 'bedrock.prompt', keys: ['req.promptIdentifier'] },
  // Bedrock Flows: versions and aliases are part of the flow asset
  CreateFlow: { type: 'bedrock.flow', keys: ['res.id', 'res.arn'] },
  UpdateFlow: { type: 'bedrock.flow', keys: ['req.flowIdentifier'] },
  DeleteFlow: { type: 'bedrock.flow', keys: ['req.flowIdentifier'] },
  PrepareFlow: { type: 'bedrock.flow', keys: ['req.flowIdentifier'] },
  CreateFlowVersion: { type: 'bedrock.flow', keys: ['req.flowIdentifier', 'res.id'] },
  DeleteFlowVersion: { type: 'bedrock.flow', keys: ['req.flowIdentifier'] },
  CreateFlowAlias: { type: 'bedrock.flow', keys: ['req.flowIdentifier', 'res.flowId'] },
  UpdateFlowAlias: { type: 'bedrock.flow', keys: ['req.flowIdentifier', 'res.flowId'] },
  DeleteFlowAlias: { type: 'bedrock.flow', keys: ['req.flowIdentifier', 'res.flowId'] },
  // batch inference
  CreateModelInvocationJob: { type: 'bedrock.batch-inference-job', keys: ['res.jobArn'] },
  StopModelInvocationJob: { type: 'bedrock.batch-inference-job', keys: ['req.jobIdentifier'] },
};

/**
 * The asset of a Put/DeleteResourcePolicy by its ARN's resource type: the gateway (`...:gateway/<id>`) or the runtime
 * (`...:runtime/<id>`); none for others (a runtime endpoint's own policy is not read).
 */
function agentCoreOfPolicy(r: CloudTrailRecord): { key: string; type: AssetType }[] {
  const m = /^arn:[^:]+:bedrock-agentcore:[^:]*:[^:]*:(gateway|runtime)\/([^/]+)$/.exec(get(r.requestParameters, 'resourceArn') ?? '');
  if (!m) return [];
  return [{ key: m[2] as string, type: m[1] === 'gateway' ? 'bedrock-agentcore.gateway' : 'bedrock-agentcore.runtime' }];
}

const AGENTCORE_POLICY_NONE = 'not the policy of an AgentCore runtime or gateway (a runtime endpoint policy is not read)';

/** Amazon Bedrock AgentCore control plane (event source `bedrock-agentcore.amazonaws.com`). */
const AGENTCORE: Record<string, Rule> = {
  CreateAgentRuntime: { type: 'bedrock-agentcore.runtime', keys: ['res.agentRuntimeId', 'req.agentRuntimeId'] },
  UpdateAgentRuntime: { type: 'bedrock-agentcore.runtime', keys: ['req.agentRuntimeId'] },
  DeleteAgentRuntime: { type: 'bedrock-agentcore.runtime', keys: ['req.agentRuntimeId'] },
  // endpoints (and the versions they serve) are part of the runtime asset: a change re-reads the runtime
  CreateAgentRuntimeEndpoint: { type: 'bedrock-agentcore.runtime', keys: ['req.agentRuntimeId', 'res.agentRuntimeId'] },
  UpdateAgentRuntimeEndpoint: { type: 'bedrock-agentcore.runtime', keys: ['req.agentRuntimeId', 'res.agentRuntimeId'] },
  DeleteAgentRuntimeEndpoint: { type: 'bedrock-agentcore.runtime', keys: ['req.agentRuntimeId', 'res.agentRuntimeId'] },
  CreateGateway: { type: 'bedrock-agentcore.gateway', keys: ['res.gatewayId'] },
  UpdateGateway: { type: 'bedrock-agentcore.gateway', keys: ['req.gatewayIdentifier'] },
  DeleteGateway: { type: 'bedrock-agentcore.gateway', keys: ['req.gatewayIdentifier'] },
  CreateMemory: { type: 'bedrock-agentcore.memory', keys: ['res.memory.id'] },
  UpdateMemory: { type: 'bedrock-agentcore.memory', keys: ['req.memoryId'] },
  DeleteMemory: { type: 'bedrock-agentcore.memory', keys: ['req.memoryId'] },
  CreateBrowser: { type: 'bedrock-agentcore.browser', keys: ['res.browserId'] },
  DeleteBrowser: { type: 'bedrock-agentcore.browser', keys: ['req.browserId'] },
  CreateCodeInterpreter: { type: 'bedrock-agentcore.code-interpreter', keys: ['res.codeInterpreterId'] },
  DeleteCodeInterpreter: { type: 'bedrock-agentcore.code-interpreter', keys: ['req.codeInterpreterId'] },
  // gateway targets and resource policies are read with their gateway; the token vault counts its credential providers
  CreateGatewayTarget: { type: 'bedrock-agentcore.gateway', keys: ['req.gatewayIdentifier'] },
  UpdateGatewayTarget: { type: 'bedrock-agentcore.gateway', keys: ['req.gatewayIdentifier'] },
  DeleteGatewayTarget: { type: 'bedrock-agentcore.gateway', keys: ['req.gatewayIdentifier'] },
  SynchronizeGatewayTargets: { type: 'bedrock-agentcore.gateway', keys: ['req.gatewayIdentifier'] },
  // a resource policy is read with its runtime or gateway: routed by the ARN's resource type (`type` of `many`)
  PutResourcePolicy: { type: 'bedrock-agentcore.gateway', keys: [], many: agentCoreOfPolicy, noneIgnored: AGENTCORE_POLICY_NONE },
  DeleteResourcePolicy: { type: 'bedrock-agentcore.gateway', keys: [], many: agentCoreOfPolicy, noneIgnored: AGENTCORE_POLICY_NONE },
  SetTokenVaultCMK: { type: 'bedrock-agentcore.token-vault', keys: [] },
  CreateApiKeyCredentialProvider: { type: 'bedrock-agentcore.token-vault', keys: [] },
  DeleteApiKeyCredentialProvider: { type: 'bedrock-agentcore.token-vault', keys: [] },
  CreateOauth2CredentialProvider: { type: 'bedrock-agentcore.token-vault', keys: [] },
  DeleteOauth2CredentialProvider: { type: 'bedrock-agentcore.token-vault', keys: [] },
};

const isBedrockKey = (r: CloudTrailRecord) => {
  const svc = get(r.requestParameters, 'serviceName');
  return svc === undefined || svc === 'bedrock.amazonaws.com';
};

const IAM: Record<string, Rule> = {
  CreateServiceSpecificCredential: {
    type: 'iam.bedrock-api-key',
    keys: ['res.serviceSpecificCredential.serviceSpecificCredentialId'],
    key2: ['req.userName', 'res.serviceSpecificCredential.userName'],
    when: isBedrockKey,
  },
  UpdateServiceSpecificCredential: { type: 'iam.bedrock-api-key', keys: ['req.serviceSpecificCredentialId'], key2: ['req.userName'] },
  ResetServiceSpecificCredential: { type: 'iam.bedrock-api-key', keys: ['req.serviceSpecificCredentialId'], key2: ['req.userName'] },
  // a credential id is never reused: a successful deletion needs no read (an account-wide lookup would page every key)
  DeleteServiceSpecificCredential: {
    type: 'iam.bedrock-api-key',
    keys: ['req.serviceSpecificCredentialId'],
    key2: ['req.userName'],
    gone: true,
  },
  PutRolePolicy: { type: 'iam.role', keys: ['req.roleName'], onlyIfKnown: true },
  DeleteRolePolicy: { type: 'iam.role', keys: ['req.roleName'], onlyIfKnown: true },
  AttachRolePolicy: { type: 'iam.role', keys: ['req.roleName'], onlyIfKnown: true },
  DetachRolePolicy: { type: 'iam.role', keys: ['req.roleName'], onlyIfKnown: true },
  UpdateAssumeRolePolicy: { type: 'iam.role', keys: ['req.roleName'], onlyIfKnown: true },
  // the permissions boundary caps what the policies grant: the privilege checks apply it
  PutRolePermissionsBoundary: { type: 'iam.role', keys: ['req.roleName'], onlyIfKnown: true },
  DeleteRolePermissionsBoundary: { type: 'iam.role', keys: ['req.roleName'], onlyIfKnown: true },
  DeleteRole: { type: 'iam.role', keys: ['req.roleName'], onlyIfKnown: true },
  PutUserPolicy: { type: 'iam.user', keys: ['req.userName'], onlyIfKnown: true },
  DeleteUserPolicy: { type: 'iam.user', keys: ['req.userName'], onlyIfKnown: true },
  AttachUserPolicy: { type: 'iam.user', keys: ['req.userName'], onlyIfKnown: true },
  DetachUserPolicy: { type: 'iam.user', keys: ['req.userName'], onlyIfKnown: true },
  PutUserPermissionsBoundary: { type: 'iam.user', keys: ['req.userName'], onlyIfKnown: true },
  DeleteUserPermissionsBoundary: { type: 'iam.user', keys: ['req.userName'], onlyIfKnown: true },
  AddUserToGroup: { type: 'iam.user', keys: ['req.userName'], onlyIfKnown: true },
  RemoveUserFromGroup: { type: 'iam.user', keys: ['req.userName'], onlyIfKnown: true },
  // a new path changes the user's ARN (what a policy's resource patterns match, e.g. `user/developers/*`), a new name
  // its identity: the user is re-read (and with it its keys' copy of the ARN); a renamed inventoried user is read under
  // the new name, written with its keys re-owned, and only then marked deleted under the old one (refreshFromEvent)
  UpdateUser: {
    type: 'iam.user',
    keys: [],
    many: (r) =>
      [get(r.requestParameters, 'userName'), get(r.requestParameters, 'newUserName')].flatMap((key) =>
        key ? [{ key, onlyIfKnown: true }] : [],
      ),
  },
};

const SAGEMAKER: Record<string, Rule> = {};
const sm = (type: AssetType, param: string, names: string[], key2?: string) => {
  for (const n of names) SAGEMAKER[n] = { type, keys: [`req.${param}`], ...(key2 ? { key2: [`req.${key2}`] } : {}) };
};
sm('sagemaker.endpoint', 'endpointName', ['CreateEndpoint', 'UpdateEndpoint', 'DeleteEndpoint', 'UpdateEndpointWeightsAndCapacities']);
sm('sagemaker.endpoint-config', 'endpointConfigName', ['CreateEndpointConfig', 'DeleteEndpointConfig']);
sm('sagemaker.model', 'modelName', ['CreateModel', 'DeleteModel']);
sm('sagemaker.notebook-instance', 'notebookInstanceName', [
  'CreateNotebookInstance',
  'UpdateNotebookInstance',
  'DeleteNotebookInstance',
  'StartNotebookInstance',
  'StopNotebookInstance',
]);
sm('sagemaker.training-job', 'trainingJobName', ['CreateTrainingJob', 'StopTrainingJob']);
sm('sagemaker.domain', 'domainId', ['UpdateDomain', 'DeleteDomain']);
SAGEMAKER.CreateDomain = { type: 'sagemaker.domain', keys: ['res.domainId', 'res.domainArn'] };
sm('sagemaker.user-profile', 'userProfileName', ['CreateUserProfile', 'UpdateUserProfile', 'DeleteUserProfile'], 'domainId');
sm('sagemaker.model-package-group', 'modelPackageGroupName', [
  'CreateModelPackageGroup',
  'DeleteModelPackageGroup',
  'PutModelPackageGroupPolicy',
  'DeleteModelPackageGroupPolicy',
  'CreateModelPackage',
]);
sm('sagemaker.monitoring-schedule', 'monitoringScheduleName', [
  'CreateMonitoringSchedule',
  'UpdateMonitoringSchedule',
  'DeleteMonitoringSchedule',
  'StartMonitoringSchedule',
  'StopMonitoringSchedule',
]);
sm('sagemaker.feature-group', 'featureGroupName', ['CreateFeatureGroup', 'UpdateFeatureGroup', 'DeleteFeatureGroup']);
sm('sagemaker.inference-experiment', 'name', [
  'CreateInferenceExperiment',
  'UpdateInferenceExperiment',
  'StopInferenceExperiment',
  'DeleteInferenceExperiment',
]);
for (const [op, kind] of [
  ['DataQuality', 'data-quality'],
  ['ModelQuality', 'model-quality'],
  ['ModelBias', 'model-bias'],
  ['ModelExplainability', 'model-explainability'],
] as const) {
  for (const verb of ['Create', 'Delete'])
    SAGEMAKER[`${verb}${op}JobDefinition`] = { type: 'sagemaker.job-definition', keys: ['req.jobDefinitionName'], key2: [`const.${kind}`] };
}

const S3: Record<string, Rule> = {};
for (const n of [
  'PutBucketPolicy',
  'DeleteBucketPolicy',
  'PutBucketPublicAccessBlock',
  'DeleteBucketPublicAccessBlock',
  'PutBucketEncryption',
  'DeleteBucketEncryption',
  'PutBucketVersioning',
  'PutObjectLockConfiguration',
  'DeleteBucket',
])
  S3[n] = { type: 's3.bucket', keys: ['req.bucketName'], onlyIfKnown: true };

const LAMBDA: Record<string, Rule> = {
  CreateFunction: { type: 'lambda.function', keys: ['res.functionArn', 'req.functionName'] },
  UpdateFunctionConfiguration: { type: 'lambda.function', keys: ['req.functionName'] },
  UpdateFunctionCode: { type: 'lambda.function', keys: ['req.functionName'] },
  DeleteFunction: { type: 'lambda.function', keys: ['req.functionName'] },
};
const ECS: Record<string, Rule> = {
  RegisterTaskDefinition: { type: 'ecs.task-definition', keys: ['req.family'] },
  DeregisterTaskDefinition: { type: 'ecs.task-definition', keys: ['req.taskDefinition'] },
};
const SECRETS: Record<string, Rule> = {
  CreateSecret: { type: 'secretsmanager.secret', keys: ['res.aRN', 'res.arn', 'req.name'] },
  UpdateSecret: { type: 'secretsmanager.secret', keys: ['req.secretId'] },
  DeleteSecret: { type: 'secretsmanager.secret', keys: ['req.secretId'] },
  RestoreSecret: { type: 'secretsmanager.secret', keys: ['req.secretId'] },
  TagResource: { type: 'secretsmanager.secret', keys: ['req.secretId'] },
  UntagResource: { type: 'secretsmanager.secret', keys: ['req.secretId'] },
};
/** The objects of an `items` list in a CloudTrail record part (`instancesSet.items`). */
const items = (o: unknown, path: string): Record<string, unknown>[] => {
  let cur: unknown = o;
  for (const p of path.split('.')) {
    if (!cur || typeof cur !== 'object') return [];
    cur = (cur as Record<string, unknown>)[p];
  }
  return Array.isArray(cur) ? cur.filter((x): x is Record<string, unknown> => Boolean(x) && typeof x === 'object') : [];
};

/**
 * Instances a RunInstances launched of an accelerated type: every `responseElements.instancesSet.items[]`, the type
 * from the request or, for a launch-template launch (no `instanceType` in the request), from the launched item.
 */
const launchedAccelerated = (r: CloudTrailRecord) =>
  items(r.responseElements, 'instancesSet.items').flatMap((i) => {
    const id = str(i.instanceId);
    return id && isAcceleratedType(get(r.requestParameters, 'instanceType') ?? str(i.instanceType)) ? [{ key: id }] : [];
  });

/** Every instance of a request's `instancesSet.items[]` (Start / Stop / TerminateInstances), inventoried ones only. */
const requestedInstances = (r: CloudTrailRecord) =>
  items(r.requestParameters, 'instancesSet.items').flatMap((i) => {
    const id = str(i.instanceId);
    return id ? [{ key: id, onlyIfKnown: true }] : [];
  });

const EC2: Record<string, Rule> = {
  CreateVpcEndpoint: { type: 'ec2.vpc-endpoints', keys: [] },
  DeleteVpcEndpoints: { type: 'ec2.vpc-endpoints', keys: [] },
  ModifyVpcEndpoint: { type: 'ec2.vpc-endpoints', keys: [] },
  // self-hosted AI instances: launches of accelerated types (AMI- or tag-identified launches wait for the next scan);
  // IMDS changes, starts, stops, terminations, Elastic IP associations, interface and volume attachments and attribute
  // changes (security groups, type) of inventoried instances, and a type change to an accelerated family. Security
  // group rule changes, interface changes, Elastic IP disassociations and releases, interface detachments and volume
  // detachments without an instance id name no instance: see EC2_NETWORK_EVENTS.
  RunInstances: { type: 'ec2.instance', keys: [], when: (r) => launchedAccelerated(r).length > 0, many: launchedAccelerated },
  ModifyInstanceMetadataOptions: {
    type: 'ec2.instance',
    keys: ['req.ModifyInstanceMetadataOptionsRequest.InstanceId', 'req.instanceId'],
    onlyIfKnown: true,
  },
  StartInstances: { type: 'ec2.instance', keys: [], many: requestedInstances },
  StopInstances: { type: 'ec2.instance', keys: [], many: requestedInstances },
  TerminateInstances: { type: 'ec2.instance', keys: [], many: requestedInstances },
  // a root volume replacement swaps the root volume (asynchronously: see docs/discovery.md)
  CreateReplaceRootVolumeTask: {
    type: 'ec2.instance',
    keys: ['req.instanceId', 'req.CreateReplaceRootVolumeTaskRequest.InstanceId'],
    onlyIfKnown: true,
  },
  // a new interface brings its own groups and addresses, a new volume its own encryption
  AttachNetworkInterface: {
    type: 'ec2.instance',
    keys: ['req.instanceId', 'req.AttachNetworkInterfaceRequest.InstanceId'],
    onlyIfKnown: true,
  },
  AttachVolume: { type: 'ec2.instance', keys: ['req.instanceId', 'req.AttachVolumeRequest.InstanceId'], onlyIfKnown: true },
  ModifyInstanceAttribute: {
    type: 'ec2.instance',
    keys: [],
    many: (r) => {
      const id = get(r.requestParameters, 'instanceId');
      return id ? [{ key: id, onlyIfKnown: !isAcceleratedType(get(r.requestParameters, 'instanceType.value')) }] : [];
    },
  },
};

/**
 * EC2 network changes (and volume detachments) that name no instance, routed to the inventoried AI instances whose
 * stored facts use what they name (`DependencyTarget`). Ingress rules only: no check reads egress rules (the exposure
 * checks judge inbound reach), so Authorize/RevokeSecurityGroupEgress are not routed. The
 * CloudTrail shapes: the classic EC2 query APIs log lower-camel request parameters (`groupId`, `groupName`,
 * `networkInterfaceId`, `groupSet.items[].groupId`, `publicIp`), newer ones wrap them in `<Operation>Request` with the
 * API's member names (`ModifySecurityGroupRulesRequest.GroupId`, as ModifyInstanceMetadataOptions is logged); both are
 * read for every event, and an Authorize's `responseElements.securityGroupRuleSet.items[].groupId` too.
 */
const EC2_SG_RULE_EVENTS = ['AuthorizeSecurityGroupIngress', 'RevokeSecurityGroupIngress', 'ModifySecurityGroupRules'];
/** IPv6 address changes of a network interface (the exposure checks judge IPv6 addresses too). */
const EC2_IPV6_EVENTS = ['AssignIpv6Addresses', 'UnassignIpv6Addresses'];
/** Elastic IP removals: a disassociation, or a release (which disassociates the address first, default VPC). */
const EC2_ADDRESS_REMOVAL_EVENTS = ['DisassociateAddress', 'ReleaseAddress'];
const EC2_NETWORK_EVENTS = [
  ...EC2_SG_RULE_EVENTS,
  'ModifyNetworkInterfaceAttribute',
  ...EC2_IPV6_EVENTS,
  'AssociateAddress',
  ...EC2_ADDRESS_REMOVAL_EVENTS,
  // a detached secondary interface takes its addresses and groups away (the record names only the attachment)
  'DetachNetworkInterface',
  // not a network change, same machinery: a detached volume no longer counts for the EBS encryption check
  'DetachVolume',
];

/** The value at `path` in the request parameters as logged, or inside `<name>Request` with an upper-camel path. */
function reqParam(r: CloudTrailRecord, name: string, path: string): string | undefined {
  const upper = path
    .split('.')
    .map((p) => p[0]?.toUpperCase() + p.slice(1))
    .join('.');
  return get(r.requestParameters, path) ?? get(r.requestParameters, `${name}Request.${upper}`);
}

function ec2NetworkDependency(r: CloudTrailRecord, name: string, region: string): RouteResult {
  const none = (why: string): RouteResult => ({ targets: [], ignored: why });
  if (EC2_SG_RULE_EVENTS.includes(name)) {
    // an Authorize's response lists the rules it added, a Revoke's (`revokedSecurityGroupRuleSet`, the wire name of
    // RevokeSecurityGroupIngressResult.RevokedSecurityGroupRules) those it removed, each with its group id
    const groupIds = [
      reqParam(r, name, 'groupId'),
      ...items(r.responseElements, 'securityGroupRuleSet.items').map((i) => str(i.groupId)),
      ...items(r.responseElements, 'revokedSecurityGroupRuleSet.items').map((i) => str(i.groupId)),
    ].filter((g): g is string => !!g);
    // a group name (default VPC only) is kept only when no id was logged: it is resolved in the default VPC
    const groupNames = groupIds.length ? [] : [reqParam(r, name, 'groupName')].filter((g): g is string => !!g);
    if (!groupIds.length && !groupNames.length) return none(`identifier missing in ${name}`);
    return {
      targets: [],
      dependencies: [{ kind: 'security-group', region, groupIds: [...new Set(groupIds)], groupNames }],
    };
  }
  if (EC2_IPV6_EVENTS.includes(name)) {
    const id = reqParam(r, name, 'networkInterfaceId');
    if (!id) return none(`identifier missing in ${name}`);
    return { targets: [], dependencies: [{ kind: 'network-interface', region, networkInterfaceId: id }] };
  }
  if (name === 'AssociateAddress') {
    // by instance id: that instance (if inventoried); by network interface id: the AI instance carrying the interface
    const instanceId = reqParam(r, name, 'instanceId');
    if (instanceId) return { targets: [{ type: 'ec2.instance', region, key: instanceId, onlyIfKnown: true }] };
    const eni = reqParam(r, name, 'networkInterfaceId');
    if (!eni) return none(`identifier missing in ${name}`);
    return { targets: [], dependencies: [{ kind: 'network-interface', region, networkInterfaceId: eni }] };
  }
  if (name === 'ModifyNetworkInterfaceAttribute') {
    const id = reqParam(r, name, 'networkInterfaceId');
    if (!id) return none(`identifier missing in ${name}`);
    // only the groups and the public IP matter to the checks; a description, source/dest check or attachment
    // setting change does not (an unknown shape is routed: it costs nothing unless an AI instance has the interface)
    const req = r.requestParameters ?? {};
    const inner = (req[`${name}Request`] as Record<string, unknown> | undefined) ?? req;
    const params = Object.keys(inner).filter((k) => k !== 'networkInterfaceId' && k !== 'NetworkInterfaceId');
    if (params.length && !params.some((k) => /group|publicip/i.test(k))) return none('not a security group or public IP change');
    return { targets: [], dependencies: [{ kind: 'network-interface', region, networkInterfaceId: id }] };
  }
  if (name === 'DetachNetworkInterface') {
    // `attachmentId` only (and `force`): no interface, no instance
    const attachmentId = reqParam(r, name, 'attachmentId');
    if (!attachmentId) return none(`identifier missing in ${name}`);
    return { targets: [], dependencies: [{ kind: 'network-interface-attachment', region, attachmentId }] };
  }
  if (name === 'DetachVolume') {
    // `volumeId`, and `instanceId` when the caller gave it; the response is the attachment (`instanceId` included)
    const instanceId = reqParam(r, name, 'instanceId') ?? get(r.responseElements, 'instanceId');
    if (instanceId) return { targets: [{ type: 'ec2.instance', region, key: instanceId, onlyIfKnown: true }] };
    const volumeId = reqParam(r, name, 'volumeId');
    if (!volumeId) return none(`identifier missing in ${name}`);
    return { targets: [], dependencies: [{ kind: 'volume', region, volumeId }] };
  }
  // DisassociateAddress: `associationId` (VPC) or `publicIp` (deprecated, EC2-Classic style); ReleaseAddress:
  // `allocationId` (VPC) or `publicIp`; no instance, no interface
  const publicIp = reqParam(r, name, 'publicIp');
  const associationId = reqParam(r, name, 'associationId');
  const allocationId = reqParam(r, name, 'allocationId');
  return {
    targets: [],
    dependencies: [
      {
        kind: 'public-ip',
        region,
        ...(publicIp ? { publicIp } : {}),
        ...(associationId ? { associationId } : {}),
        ...(allocationId ? { allocationId } : {}),
      },
    ],
  };
}

/**
 * KMS key state changes: the CMK checks fail a key that is disabled, pending deletion or waiting for its key material
 * (DeleteImportedKeyMaterial puts a key with imported material in PendingImport, ImportKeyMaterial takes it out).
 * Each takes `KeyId`, logged as `requestParameters.keyId`.
 */
const KMS_KEY_STATE_EVENTS = [
  'CancelKeyDeletion',
  'DeleteImportedKeyMaterial',
  'DisableKey',
  'EnableKey',
  'ImportKeyMaterial',
  'ScheduleKeyDeletion',
];
/**
 * A custom key store (dis)connected: every key of the store is `Unavailable` while it is disconnected (the CMK checks
 * fail it). The API takes `CustomKeyStoreId`, read as `requestParameters.customKeyStoreId` (lower-camel, as KMS logs
 * `keyId`; not seen in a real record). Both are asynchronous: see docs/discovery.md.
 */
const KMS_CUSTOM_KEY_STORE_EVENTS = ['ConnectCustomKeyStore', 'DisconnectCustomKeyStore'];
/** S3 Control's account-level Block Public Access (logged by CloudTrail under s3.amazonaws.com). */
const ACCOUNT_PAB_EVENTS = ['DeleteAccountPublicAccessBlock', 'PutAccountPublicAccessBlock'];

/** The key ARN of a KMS key event: `requestParameters.keyId` (key id or key ARN) or the record's resources. */
function kmsKeyArnOf(r: CloudTrailRecord): string | undefined {
  const given = get(r.requestParameters, 'keyId');
  if (given?.startsWith('arn:')) return given;
  const listed = (Array.isArray(r.resources) ? r.resources : []).map((x) => str(x?.ARN)).find((a) => a?.includes(':key/'));
  if (listed) return listed;
  const account = r.recipientAccountId;
  if (!given || !r.awsRegion || !account || given.startsWith('alias/')) return undefined;
  const partition = r.awsRegion.startsWith('cn-') ? 'aws-cn' : r.awsRegion.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
  return `arn:${partition}:kms:${r.awsRegion}:${account}:key/${given}`;
}

/**
 * A managed policy's document in force changes (its default version): what the inventoried roles and users that attach
 * it or are bounded by it may do changes (`iam-managed-policy` dependency).
 */
const MANAGED_POLICY_VERSION_EVENTS = ['CreatePolicyVersion', 'SetDefaultPolicyVersion'];
/**
 * A group's own policies change (inline put or deleted, managed attached or detached; each takes `GroupName`, logged
 * as `requestParameters.groupName`, lower camel like the user and role events): what its member users may do changes
 * (`iam-group` dependency). DeleteGroup needs no route: IAM refuses to delete a group that still has users or attached
 * policies (DeleteConflict), so a deletion changes no user's policies; CreateGroup has no members yet. UpdateGroup
 * with a `newGroupName` (a group renamed) is an `iam-group` dependency of the OLD name: its members, recorded under that
 * name, are re-read and record the new one, so a later policy change of the renamed group finds them; a path-only
 * UpdateGroup changes no user's policies (policies match users' ARNs, not groups') and is ignored. CloudTrail logs
 * UpdateGroup's `GroupName` / `NewGroupName` / `NewPath` as `groupName` / `newGroupName` / `newPath`, like UpdateUser's
 * `userName` / `newUserName` (assumed from the SDK's UpdateGroupRequest and the other IAM events' lower camel case).
 */
const GROUP_POLICY_EVENTS = ['PutGroupPolicy', 'DeleteGroupPolicy', 'AttachGroupPolicy', 'DetachGroupPolicy'];
const GROUP_RENAME_EVENTS = ['UpdateGroup'];
const isTrue = (v: unknown) => v === true || v === 'true';

const BY_SOURCE: Record<string, Record<string, Rule>> = {
  'bedrock.amazonaws.com': BEDROCK,
  'bedrock-agent.amazonaws.com': BEDROCK,
  'bedrock-agentcore.amazonaws.com': AGENTCORE,
  'iam.amazonaws.com': IAM,
  'sagemaker.amazonaws.com': SAGEMAKER,
  's3.amazonaws.com': S3,
  'lambda.amazonaws.com': LAMBDA,
  'ecs.amazonaws.com': ECS,
  'secretsmanager.amazonaws.com': SECRETS,
  'ec2.amazonaws.com': EC2,
};

/** Event sources and names the discovery rule subscribes to (used for the EventBridge rule pattern and docs). */
export function routedEventNames(): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [src, rules] of Object.entries(BY_SOURCE)) {
    const names = Object.keys(rules);
    if (src === 'lambda.amazonaws.com') {
      out[src] = [
        'CreateFunction20150331',
        'UpdateFunctionConfiguration20150331v2',
        'UpdateFunctionCode20150331v2',
        'DeleteFunction20150331',
      ];
    } else out[src] = names;
  }
  out['s3.amazonaws.com'] = [...(out['s3.amazonaws.com'] ?? []), ...ACCOUNT_PAB_EVENTS];
  out['ec2.amazonaws.com'] = [...(out['ec2.amazonaws.com'] ?? []), ...EC2_NETWORK_EVENTS];
  out['kms.amazonaws.com'] = [...KMS_KEY_STATE_EVENTS, ...KMS_CUSTOM_KEY_STORE_EVENTS];
  out['iam.amazonaws.com'] = [
    ...(out['iam.amazonaws.com'] ?? []),
    ...MANAGED_POLICY_VERSION_EVENTS,
    ...GROUP_POLICY_EVENTS,
    ...GROUP_RENAME_EVENTS,
  ];
  return out;
}

/** Lambda's CloudTrail names carry the API version (`UpdateFunctionConfiguration20150331v2`). */
function normalizeName(source: string, name: string): string {
  return source === 'lambda.amazonaws.com' ? name.replace(/\d{8}(v\d+)?$/, '') : name;
}

/**
 * Maps one CloudTrail record to the assets to re-describe. Read-only calls, failed calls and calls on things that are
 * not AI assets are ignored (with the reason).
 */
export function routeCloudTrailRecord(r: CloudTrailRecord): RouteResult {
  const source = r.eventSource ?? '';
  const name = normalizeName(source, r.eventName ?? '');
  if (!name || !source) return { targets: [], ignored: 'not a CloudTrail record' };
  if (r.errorCode) return { targets: [], ignored: `failed call (${r.errorCode})` };
  if (r.readOnly === true || /^(Get|List|Describe|Search)/.test(name)) return { targets: [], ignored: 'read-only call' };
  if (source === 'kms.amazonaws.com' && KMS_KEY_STATE_EVENTS.includes(name)) {
    const keyArn = kmsKeyArnOf(r);
    if (!keyArn) return { targets: [], ignored: `identifier missing in ${name}` };
    return { targets: [], dependencies: [{ kind: 'kms-key', region: keyArn.split(':')[3] as string, keyArn }] };
  }
  if (source === 'kms.amazonaws.com' && KMS_CUSTOM_KEY_STORE_EVENTS.includes(name)) {
    const customKeyStoreId = get(r.requestParameters, 'customKeyStoreId');
    if (!customKeyStoreId) return { targets: [], ignored: `identifier missing in ${name}` };
    if (!r.awsRegion) return { targets: [], ignored: 'no region in record' };
    return { targets: [], dependencies: [{ kind: 'kms-custom-key-store', region: r.awsRegion, customKeyStoreId }] };
  }
  if (source === 'iam.amazonaws.com' && MANAGED_POLICY_VERSION_EVENTS.includes(name)) {
    const policyArn = get(r.requestParameters, 'policyArn');
    if (!policyArn) return { targets: [], ignored: `identifier missing in ${name}` };
    // a new version that is not made the default changes nothing in force
    if (name === 'CreatePolicyVersion' && !isTrue((r.requestParameters as Record<string, unknown> | undefined)?.setAsDefault))
      return { targets: [], ignored: 'new policy version not set as default' };
    return { targets: [], dependencies: [{ kind: 'iam-managed-policy', policyArn }] };
  }
  if (source === 'iam.amazonaws.com' && GROUP_POLICY_EVENTS.includes(name)) {
    const groupName = get(r.requestParameters, 'groupName');
    if (!groupName) return { targets: [], ignored: `identifier missing in ${name}` };
    return { targets: [], dependencies: [{ kind: 'iam-group', groupName }] };
  }
  if (source === 'iam.amazonaws.com' && GROUP_RENAME_EVENTS.includes(name)) {
    const groupName = get(r.requestParameters, 'groupName');
    if (!groupName) return { targets: [], ignored: `identifier missing in ${name}` };
    // a path-only change: the members' policies and group names stay as they are
    if (!get(r.requestParameters, 'newGroupName')) return { targets: [], ignored: 'group not renamed (path only)' };
    // the members are recorded under the old name: they are re-read, and record the new one
    return { targets: [], dependencies: [{ kind: 'iam-group', groupName }] };
  }
  if (source === 's3.amazonaws.com' && ACCOUNT_PAB_EVENTS.includes(name))
    return { targets: [], dependencies: [{ kind: 'account-public-access-block' }] };
  if (source === 'ec2.amazonaws.com' && EC2_NETWORK_EVENTS.includes(name)) {
    if (!r.awsRegion) return { targets: [], ignored: 'no region in record' };
    return ec2NetworkDependency(r, name, r.awsRegion);
  }
  const rule = BY_SOURCE[source]?.[name];
  if (!rule) return { targets: [], ignored: `no refresh route for ${source} ${name}` };
  if (rule.when && !rule.when(r)) return { targets: [], ignored: 'not an AI asset' };
  const region = rule.type.startsWith('iam.') || rule.type === 's3.bucket' ? 'global' : (r.awsRegion ?? '');
  if (!region) return { targets: [], ignored: 'no region in record' };
  if (rule.many) {
    const got = [...new Map(rule.many(r).map((t) => [t.key, t])).values()];
    if (!got.length) return { targets: [], ignored: rule.noneIgnored ?? `identifier missing in ${name}` };
    return {
      targets: got.map((t) => ({ type: t.type ?? rule.type, region, key: t.key, ...(t.onlyIfKnown ? { onlyIfKnown: true } : {}) })),
    };
  }
  let key = rule.keys.length ? first(r, rule.keys) : region;
  if (!key) return { targets: [], ignored: `identifier missing in ${name}` };
  if (rule.type === 'sagemaker.domain' && key.startsWith('arn:')) key = key.slice(key.lastIndexOf('/') + 1);
  const key2 = rule.key2 ? first(r, rule.key2) : undefined;
  return {
    targets: [
      {
        type: rule.type,
        region,
        key,
        ...(key2 ? { key2 } : {}),
        ...(rule.onlyIfKnown ? { onlyIfKnown: true } : {}),
        ...(rule.gone ? { gone: true } : {}),
      },
    ],
  };
}

/**
 * EventBridge rule pattern for the discover function's CloudTrail trigger (write events of the routed services).
 * EventBridge delivers an event in its own account and region only (IAM: us-east-1 only): the deployed rules
 * (`infra/event-patterns.ts`, the same table in slices) run in the central stack's region, and the forwarder stacks
 * send other regions' and member accounts' events to it.
 */
export function cloudTrailEventPattern() {
  const names = routedEventNames();
  return {
    source: [...new Set(Object.keys(names).map((s) => (s === 'bedrock-agent.amazonaws.com' ? 'aws.bedrock' : `aws.${s.split('.')[0]}`)))],
    'detail-type': ['AWS API Call via CloudTrail'],
    detail: { eventSource: Object.keys(names), eventName: [...new Set(Object.values(names).flat())].sort() },
  };
}
