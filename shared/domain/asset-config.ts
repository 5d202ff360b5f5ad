/**
 * Security-relevant configuration per asset type (normalized from the AWS APIs).
 *
 * Conventions (see `Asset`): `undefined` = not read / unknown, `null` = read and not set.
 * Only secret *names/kinds* are ever recorded, never values.
 */

/**
 * What `kms:DescribeKey` reported for one KMS key reference of an asset (discovery describes every `encrypted-by`
 * reference once collection is done; key policies are never read). Unresolved: the call failed (another account's
 * key whose policy does not let the scanner describe it, a deleted key, a denied or throttled call) or could not be
 * made; only the error name is kept.
 */
export type KmsKeyFacts =
  | {
      resolved: true;
      keyArn: string;
      keyManager: 'AWS' | 'CUSTOMER';
      keyState: string;
      multiRegion: boolean;
      /**
       * `MultiRegionConfiguration.MultiRegionKeyType` of a multi-Region key (`PRIMARY` or `REPLICA`); absent on
       * single-Region keys and on facts recorded before it was collected.
       */
      multiRegionKeyType?: string;
      /**
       * `CustomKeyStoreId` of a key in a custom key store (CloudHSM or external), for routing a
       * Connect/DisconnectCustomKeyStore; absent on other keys and on facts recorded before it was collected.
       */
      customKeyStoreId?: string;
    }
  | { resolved: false; errorName: string };

/**
 * Cross-type config field set by discovery on every asset that references KMS keys: the facts by reference, keyed
 * exactly as the asset's config gives the key (key ARN, key id, alias name or alias ARN). `undefined` = not resolved.
 */
export interface KmsKeysField {
  kmsKeys?: Record<string, KmsKeyFacts>;
}

/** A statement of an IAM (identity or resource) policy, normalized to arrays. */
export interface PolicyStatement {
  effect: 'Allow' | 'Deny';
  actions: string[];
  notActions?: string[];
  resources: string[];
  notResources?: string[];
  /** Principals for resource policies: `*`, account ids, ARNs, service principals. */
  principals?: string[];
  /** `NotPrincipal` of a resource policy: an Allow with it grants everyone except these. */
  notPrincipals?: string[];
  hasCondition: boolean;
  /** The Condition block, one entry per operator and key (stored only when the statement has one). */
  conditions?: PolicyCondition[];
}

/** One `operator: { key: values }` entry of a policy statement's Condition block. */
export interface PolicyCondition {
  /** The operator as written, e.g. `StringEquals`, `ForAnyValue:StringLike`, `ArnLikeIfExists`. */
  op: string;
  /** The condition key as written, e.g. `aws:SourceVpc`. */
  key: string;
  values: string[];
  /**
   * Set when more values were written than kept (the kept ones do not describe the whole entry), and on every entry
   * of a statement with more than 50 entries (the others are dropped). A truncated entry proves nothing.
   */
  truncated?: true;
}

export interface AttachedPolicy {
  name: string;
  arn?: string;
  kind: 'aws-managed' | 'customer-managed' | 'inline';
  statements: PolicyStatement[];
}

/** The four S3 Block Public Access flags (bucket level or account level). */
export interface PublicAccessBlockFlags {
  blockPublicAcls: boolean;
  ignorePublicAcls: boolean;
  blockPublicPolicy: boolean;
  restrictPublicBuckets: boolean;
}

/**
 * The account-level S3 Block Public Access setting (s3control GetPublicAccessBlock, one per account, all regions),
 * as discovery read it: `setting` null = none configured (NoSuchPublicAccessBlockConfiguration). Unread carries the
 * error name only.
 */
export type AccountPublicAccessBlockFacts = { read: true; setting: PublicAccessBlockFlags | null } | { read: false; errorName: string };

/** Posture of an S3 bucket as read from the S3 APIs. */
export interface S3BucketConfig {
  /**
   * The bucket-level public access block (GetBucketPublicAccessBlock, read with ExpectedBucketOwner = the scanned
   * account, so a bucket read here is this account's). null = no bucket-level PAB configured. S3 applies each flag
   * when it is on at the bucket or the account level: see `accountPublicAccessBlock`.
   */
  publicAccessBlock: PublicAccessBlockFlags | null | undefined;
  /**
   * true: the bucket was described with the owner check on its bucket-level read (ExpectedBucketOwner), so the
   * account-level setting of the scanned account applies to it. Absent on buckets stored before the check: a refresh
   * of the account-level setting describes those again instead of combining the two levels.
   */
  publicAccessBlockOwnerChecked?: boolean;
  /**
   * The account-level setting of the bucket owner's (the scanned) account, recorded on every bucket by discovery
   * (one read per scan). undefined = not read (snapshots taken before discovery recorded it).
   */
  accountPublicAccessBlock?: AccountPublicAccessBlockFacts;
  /** Default encryption: `aws:kms`, `aws:kms:dsse`, `AES256`; null = none reported. */
  encryption: { algorithm: string; kmsKeyId: string | null } | null | undefined;
  /**
   * The bucket's region (GetBucketLocation), read only when the default key is given without its ARN (a key id or an
   * alias name, as S3 echoes what was set): an SSE-KMS key is in the bucket's region, so that is where it is described.
   * undefined = not needed or not read.
   */
  bucketRegion?: string;
  versioning: 'Enabled' | 'Suspended' | 'Disabled' | undefined;
  objectLock: boolean | undefined;
  policyStatements: PolicyStatement[] | null | undefined;
  /**
   * S3 Object Ownership (`GetBucketOwnershipControls`): `BucketOwnerEnforced` disables ACLs, so no ACL can grant
   * access. null = no ownership controls (ACLs in effect). undefined = not read. Optional: older snapshots lack it.
   */
  objectOwnership?: 'BucketOwnerEnforced' | 'BucketOwnerPreferred' | 'ObjectWriter' | null;
  /**
   * Grants of the bucket ACL (`GetBucketAcl`) to the AllUsers or AuthenticatedUsers groups (anyone, or any AWS
   * account). [] = none. undefined = not read. Object ACLs are not read (one call per object).
   */
  publicAclGrants?: { grantee: 'AllUsers' | 'AuthenticatedUsers'; permission: string }[];
  /**
   * Bucket-ACL grants to other accounts (canonical user ids other than the owner's, or e-mail grantees). Block Public
   * Access does not ignore these; only `BucketOwnerEnforced` disables them. [] = none. undefined = not read.
   */
  accountAclGrants?: { grantee: string; permission: string }[];
  /** Why the bucket is in the inventory: which AI assets reference it and how. */
  referencedBy: { assetId: string; usage: string }[];
  /**
   * Bucket lives in another account: its owner's Block Public Access applies, reviewed there. Set when the
   * owner-checked bucket-level read is AccessDenied while the same read without the owner check succeeds.
   */
  external?: boolean;
}

export interface LoggingConfig {
  /** false when `loggingConfig` is absent (logging off in this region). */
  enabled: boolean;
  s3: { bucketName: string; keyPrefix: string | null } | null;
  cloudWatch: { logGroupName: string; roleArn: string; largeDataBucket: string | null } | null;
  textDataDeliveryEnabled: boolean;
  imageDataDeliveryEnabled: boolean;
  embeddingDataDeliveryEnabled: boolean;
  videoDataDeliveryEnabled?: boolean;
  audioDataDeliveryEnabled?: boolean;
  /** Log group posture (read from CloudWatch Logs) when a log group is the destination. */
  logGroup?: { retentionInDays: number | null; kmsKeyId: string | null } | null;
  /** Models were invoked in this region (from invocation logs / CloudTrail / inventory). */
  modelsInUse?: boolean;
}

export interface GuardrailFilter {
  type: string;
  inputStrength: 'NONE' | 'LOW' | 'MEDIUM' | 'HIGH';
  outputStrength: 'NONE' | 'LOW' | 'MEDIUM' | 'HIGH';
  inputAction?: string | null;
  outputAction?: string | null;
  inputEnabled?: boolean | null;
  outputEnabled?: boolean | null;
}

export interface GuardrailVersionConfig {
  version: string;
  status: string;
  contentFilters: GuardrailFilter[] | null;
  deniedTopics: string[] | null;
  wordPolicy: { words: number; managedLists: string[] } | null;
  piiEntities: { type: string; action: string; inputAction?: string | null; outputAction?: string | null }[] | null;
  regexes: { name: string; action: string }[] | null;
  contextualGrounding: { type: string; threshold: number; action?: string | null; enabled?: boolean | null }[] | null;
  kmsKeyArn: string | null;
  tier?: string | null;
  updatedAt?: string;
}

export interface GuardrailConfig extends GuardrailVersionConfig {
  guardrailId: string;
  /** Every published version (DRAFT is the top-level config). */
  versions: GuardrailVersionConfig[];
}

export interface CustomModelConfig {
  baseModelArn: string | null;
  customizationType: string | null;
  modelKmsKeyArn: string | null;
  jobArn: string | null;
  trainingDataS3Uri: string | null;
  validationDataS3Uris: string[];
  outputDataS3Uri: string | null;
  status: string | null;
}

export interface ImportedModelConfig {
  modelKmsKeyArn: string | null;
  modelDataS3Uri: string | null;
  modelArchitecture: string | null;
  jobArn: string | null;
  vpcConfig: { subnetIds: string[]; securityGroupIds: string[] } | null | undefined;
}

export interface CustomizationJobConfig {
  status: string;
  roleArn: string;
  baseModelArn: string | null;
  trainingDataS3Uri: string | null;
  validationDataS3Uris: string[];
  outputDataS3Uri: string | null;
  outputModelKmsKeyArn: string | null;
  vpcConfig: { subnetIds: string[]; securityGroupIds: string[] } | null;
  customizationType: string | null;
}

/**
 * A batch inference job (CreateModelInvocationJob). Only jobs that are still running (Submitted, Validating,
 * Scheduled, InProgress, Stopping) or that ended within the last 30 days are inventoried.
 */
export interface BatchInferenceJobConfig {
  status: string;
  roleArn: string | null;
  modelId: string | null;
  inputS3Uri: string | null;
  outputS3Uri: string | null;
  /** outputDataConfig.s3OutputDataConfig.s3EncryptionKeyId; null = not set (the output bucket's default encryption applies). */
  outputKmsKeyId: string | null;
  vpcConfig: { subnetIds: string[]; securityGroupIds: string[] } | null;
  submitTime: string | null;
  endTime: string | null;
}

export interface ProvisionedThroughputConfig {
  modelArn: string;
  foundationModelArn: string | null;
  modelUnits: number;
  status: string;
  commitmentDuration: string | null;
}

export interface InferenceProfileConfig {
  profileType: 'SYSTEM_DEFINED' | 'APPLICATION' | string;
  status: string;
  modelArns: string[];
}

export interface PromptConfig {
  customerEncryptionKeyArn: string | null;
  version: string | null;
  variantCount: number;
}

/**
 * Network placement of an AgentCore runtime, browser or code interpreter as the control plane reports it: `VPC` (with
 * its subnets and security groups), `PUBLIC`, or `SANDBOX` (code interpreters: AWS-managed egress to S3 only).
 */
export interface AgentCoreNetwork {
  mode: 'VPC' | 'PUBLIC' | 'SANDBOX' | string;
  subnets: string[];
  securityGroups: string[];
}

/**
 * The settings of one AgentCore runtime version (GetAgentRuntime with `agentRuntimeVersion`): each version keeps its
 * own network, metadata, authorizer, artifact and environment, and endpoints may serve any of them.
 */
export interface AgentCoreRuntimeVersionConfig {
  version: string;
  status: string;
  roleArn: string | null;
  /** null = no network configuration reported. */
  network: AgentCoreNetwork | null;
  /**
   * `CUSTOM_JWT` when a JWT authorizer is configured; `AWS_IAM` (SigV4, the service default) when no authorizer
   * configuration is present at all; `UNKNOWN` for an authorizer configuration of a shape this tool does not know.
   */
  inboundAuth: 'CUSTOM_JWT' | 'AWS_IAM' | 'UNKNOWN';
  /** MCP, HTTP, A2A, AGUI; null = not reported. */
  protocol: string | null;
  /** The microVM metadata service accepts MMDSv2 (session token) requests only. false = not configured. */
  requireMmdsV2: boolean;
  /** Container image URI (container artifact); null for code artifacts. */
  containerUri: string | null;
  /** Environment variable names that look like secrets (names only, values are never stored). */
  secretLikeEnvNames: string[];
  /** External AI providers referenced by the environment (shadow AI evidence, no values). */
  aiProviders: ShadowAiEvidence[];
}

/** A runtime endpoint (ListAgentRuntimeEndpoints): the versions it serves now and is moving to. */
export interface AgentCoreRuntimeEndpoint {
  name: string;
  status: string;
  /** The version the endpoint serves; null = not reported. */
  liveVersion: string | null;
  /** The version an update is moving the endpoint to; null = none. */
  targetVersion: string | null;
}

/**
 * An AgentCore runtime. The top-level settings are those of the latest version (GetAgentRuntime without a version);
 * `endpoints`, `versionIds` and `otherVersions` say which versions serve traffic or are kept, and what they hold.
 * `undefined` = not read (the checks answer ERROR).
 */
export interface AgentCoreRuntimeConfig extends Omit<AgentCoreRuntimeVersionConfig, 'version'> {
  runtimeId: string;
  /** The version GetAgentRuntime returned (the latest); endpoints may still route to older versions. */
  version: string | null;
  /** Every endpoint of the runtime (the DEFAULT endpoint follows the latest version). */
  endpoints: AgentCoreRuntimeEndpoint[];
  /** Every version the runtime keeps (ListAgentRuntimeVersions). */
  versionIds: string[];
  /**
   * The versions other than the latest that were read: every version an endpoint serves (live or target) and every
   * kept version (their environments stay readable). A version missing here although needed was not read.
   */
  otherVersions: AgentCoreRuntimeVersionConfig[];
  /** Resource-based policy (GetResourcePolicy on the runtime ARN); null = none attached; undefined = not read. */
  resourcePolicy: PolicyStatement[] | null | undefined;
}

export interface AgentCoreGatewayConfig {
  gatewayId: string;
  status: string;
  roleArn: string | null;
  protocolType: string | null;
  /** `NONE`, `AWS_IAM`, `CUSTOM_JWT` or `AUTHENTICATE_ONLY` (authentication without an authorization decision). */
  authorizerType: string;
  /** What a JWT must carry to be accepted (counts of configured values); null = no JWT authorizer configured. */
  jwtAuthorizer: {
    discoveryUrl: string;
    allowedAudiences: number;
    allowedClients: number;
    allowedScopes: number;
    customClaims: number;
  } | null;
  /** null = encrypted with an AWS-owned key. */
  kmsKeyArn: string | null;
  /** `DEBUG` returns detailed error messages to callers; null = generic errors (default). */
  exceptionLevel: string | null;
  /** Cedar policy engine attached to the gateway: `ENFORCE` or `LOG_ONLY`; null = none. */
  policyEngineMode: string | null;
  interceptorCount: number;
  /** The gateway's targets (ListGatewayTargets + GetGatewayTarget each); undefined = the list was not read. */
  targets: AgentCoreGatewayTarget[] | undefined;
  /** Resource-based policy (GetResourcePolicy); null = none attached; undefined = not read. */
  resourcePolicy: PolicyStatement[] | null | undefined;
}

/**
 * One gateway target: what the gateway calls and with which outbound credentials. Only the kinds of credential and
 * the origins (`scheme://host[:port]`) of the endpoints are kept: never paths, query strings, tool schemas or secrets.
 */
export interface AgentCoreGatewayTarget {
  targetId: string;
  name: string;
  // no `status`: READY / SYNCHRONIZING / ... transitions would change the gateway's hash without changing a result
  /**
   * `MCP_SERVER`, `OPEN_API_SCHEMA`, `SMITHY_MODEL`, `LAMBDA`, `API_GATEWAY`, `CONNECTOR`, `AGENTCORE_RUNTIME`,
   * `PASSTHROUGH`, `PROVIDER`, `HTTP_CONNECTOR` (ListGatewayTargets, else derived from the target configuration);
   * `UNKNOWN` when neither says.
   */
  targetType: string;
  /** GetGatewayTarget's settings; null = that read failed (the target is unread). */
  detail: {
    /** `credentialProviderType` of each outbound credential configuration; [] = the gateway sends no credentials. */
    credentialTypes: string[];
    /** Origins of the endpoints the gateway calls (MCP server, passthrough, provider, inline OpenAPI `servers`). */
    endpoints: string[];
    /** An endpoint is defined where discovery does not read it (an OpenAPI schema in S3, an unparsed inline one). */
    endpointsUnread: boolean;
    /** Reached through a private endpoint (VPC Lattice resource or managed VPC resource). */
    privateEndpoint: boolean;
  } | null;
}

/** The AgentCore Identity token vault of a region (GetTokenVault): it stores credential-provider secrets and tokens. */
export interface AgentCoreTokenVaultConfig {
  tokenVaultId: string;
  /** `CustomerManagedKey` or `ServiceManagedKey` (KmsConfiguration.keyType). */
  keyType: string;
  kmsKeyArn: string | null;
  /** Credential providers the vault holds secrets for (ListApiKeyCredentialProviders / ListOauth2CredentialProviders). */
  apiKeyProviders: number;
  oauth2Providers: number;
}

export interface AgentCoreMemoryConfig {
  memoryId: string;
  status: string;
  /** null = encrypted with an AWS-owned key. */
  encryptionKeyArn: string | null;
  roleArn: string | null;
  eventExpiryDays: number | null;
  strategyCount: number;
}

export interface AgentCoreBrowserConfig {
  browserId: string;
  status: string;
  roleArn: string | null;
  network: AgentCoreNetwork | null;
  /** Session recording; null = no recording configuration. */
  recording: { enabled: boolean; bucket: string | null; prefix: string | null } | null;
}

export interface AgentCoreCodeInterpreterConfig {
  codeInterpreterId: string;
  status: string;
  roleArn: string | null;
  network: AgentCoreNetwork | null;
}

export interface AgentActionGroup {
  name: string;
  state: string;
  lambdaArn: string | null;
  /** RETURN_CONTROL or a built-in such as AMAZON.CodeInterpreter. */
  executorKind: 'lambda' | 'return-control' | 'built-in' | 'none';
}

export interface AgentConfig {
  agentId: string;
  status: string;
  foundationModel: string | null;
  roleArn: string | null;
  customerEncryptionKeyArn: string | null;
  guardrail: { id: string; version: string } | null;
  idleSessionTtlSeconds: number | null;
  aliases: { name: string; id: string; routingVersions: string[] }[];
  actionGroups: AgentActionGroup[];
  knowledgeBaseIds: string[];
  collaboration: string | null;
  /** Agent instructions are NOT stored (may contain business data); only their length. */
  instructionLength: number | null;
  /**
   * The released versions the aliases route to (what production actually runs; the fields above are the DRAFT).
   * Optional: absent when not collected.
   */
  releasedVersions?: {
    version: string;
    guardrail: { id: string; version: string } | null;
    roleArn: string | null;
    customerEncryptionKeyArn: string | null;
    foundationModel: string | null;
  }[];
}

export interface KnowledgeBaseDataSource {
  id: string;
  name: string;
  type: string;
  bucketArn: string | null;
  kmsKeyArn: string | null;
  dataDeletionPolicy: 'DELETE' | 'RETAIN' | string | null;
}

export interface KnowledgeBaseConfig {
  knowledgeBaseId: string;
  status: string;
  roleArn: string | null;
  embeddingModelArn: string | null;
  storageType: string | null;
  kmsKeyArn: string | null;
  dataSources: KnowledgeBaseDataSource[];
}

/**
 * One node of a flow definition, as posture needs it. Prompt templates, inline code, conditions and other content are
 * never stored: only the node's name, type, guardrail and whether it calls a model.
 */
export interface FlowNodeSummary {
  /** Node name; nodes inside a DoWhile loop are named `<loop>/<node>`. */
  name: string;
  /** FlowNodeType: Prompt, KnowledgeBase, Agent, InlineCode, LambdaFunction, Loop, Input, Output, ... */
  type: string;
  /** Guardrail on the node (only prompt and knowledge-base nodes expose the setting); null = none. */
  guardrail: { id: string; version: string } | null;
  /** The node runs model inference: every prompt node, and knowledge-base nodes that generate a response (modelId). */
  invokesModel: boolean;
}

/** A flow version (DRAFT or a published, immutable version) as GetFlow / GetFlowVersion return it. */
export interface FlowVersionConfig {
  version: string;
  status: string;
  roleArn: string | null;
  /** null = encrypted with an AWS-owned key. */
  customerEncryptionKeyArn: string | null;
  nodes: FlowNodeSummary[];
}

/** A Bedrock flow: the top-level fields are the DRAFT. */
export interface FlowConfig extends FlowVersionConfig {
  flowId: string;
  aliases: { id: string; name: string; routingVersions: string[] }[];
  /** The published versions the aliases route to (what the aliases actually serve; DRAFT is the top level). */
  aliasedVersions: FlowVersionConfig[];
  /**
   * Every published version (ListFlowVersions, then GetFlowVersion), aliased or not: each keeps the key it was created
   * with, so an old version can hold its definition under the AWS-owned key. Unread (undefined) when the listing or
   * any version read failed.
   */
  publishedVersions: FlowPublishedVersion[];
}

/** What the checks keep of a published flow version: its key and the node summary (no role, no status). */
export type FlowPublishedVersion = Pick<FlowVersionConfig, 'version' | 'customerEncryptionKeyArn' | 'nodes'>;

export interface FoundationModelInUseConfig {
  modelId: string;
  provider: string | null;
  /** Where the usage was observed. */
  observedIn: ('invocation-logs' | 'cloudtrail' | 'inventory')[];
  lastUsed: string | null;
  identities: string[];
}

export interface BedrockApiKeyConfig {
  userName: string;
  credentialId: string;
  status: 'Active' | 'Inactive' | 'Expired' | string;
  createDate: string;
  expirationDate: string | null;
  /** Effective policies of the owning user (for privilege checks). */
  userPolicies: AttachedPolicy[] | undefined;
  /** The owning user's permissions boundary (copied with `userPolicies`; see `IamPrincipalConfig.permissionsBoundary`). */
  userPermissionsBoundary?: PermissionsBoundary | null;
  /**
   * The owning user's ARN as GetUser gave it, its path included (`user/developers/alice`), copied with `userPolicies`;
   * absent on a key stored before it was (the key's `owned-by` ARN, without a path, stands in until the next scan).
   */
  userArn?: string;
}

/**
 * The permissions boundary of a role or user (Role/User.PermissionsBoundary): a managed policy that caps what the
 * identity policies can grant. `statements` are its default version's, undefined when that document could not be read
 * (a collection error says why): the checks then cannot apply it and never PASS because of it.
 */
export interface PermissionsBoundary {
  /**
   * The boundary policy's ARN; null when GetUser failed, so whether the user has a boundary is unknown (recorded so that
   * the checks can say so; `statements` is then undefined).
   */
  arn: string | null;
  statements: PolicyStatement[] | undefined;
}

export interface IamPrincipalConfig {
  arn: string;
  /** Trust policy principals (roles only). */
  trustedPrincipals?: string[];
  policies: AttachedPolicy[];
  /**
   * The permissions boundary: null when the principal has none; `{ arn: null }` when GetUser failed; undefined when
   * GetRole failed (the policies are then unread too) or the asset was stored before boundaries were read (judged like
   * none: its findings keep their text). Applies to all identity policies, group policies included.
   */
  permissionsBoundary?: PermissionsBoundary | null;
  /** Ids of AI assets that use this principal. */
  usedBy: string[];
  lastUsed?: string | null;
  /**
   * Users only: the names of the groups the user is a member of (ListGroupsForUser, sorted), whose policies are in
   * `policies` as `<group>/<policy>`; how a group policy change finds its members. Absent when the user is in no group
   * (so a user without groups keeps its hash), when the group list could not be read (`policies` is then unset too, and
   * a collection error says why: never taken for "no groups"), and on a user stored before groups were recorded (its
   * group policies' `<group>/` name prefix stands in until the next scan).
   */
  groups?: string[];
  /**
   * Users only: GetUser's `UserId`, stable across renames (UpdateUser) and never reused: an event refresh tells a user
   * that now holds a stored record's name from the one stored by it (a renamed or deleted user's name reused). Absent
   * when GetUser failed and on a user stored before it was recorded (its identity then unknown).
   */
  userId?: string;
}

export interface SageMakerEndpointConfigRef {
  endpointConfigName: string;
  status: string;
  variants: { name: string; currentInstanceCount: number | null; desiredInstanceCount: number | null }[];
  dataCapture: { enabled: boolean; samplingPercentage: number | null; destinationS3Uri: string | null; kmsKeyId: string | null } | null;
}

export interface SageMakerEndpointConfigConfig {
  kmsKeyId: string | null;
  variants: {
    name: string;
    modelName: string;
    initialInstanceCount: number | null;
    instanceType: string | null;
    serverless: boolean;
  }[];
  dataCapture: {
    enabled: boolean;
    samplingPercentage: number | null;
    destinationS3Uri: string | null;
    kmsKeyId: string | null;
    captureModes: string[];
  } | null;
  asyncInference: { outputS3Uri: string | null; kmsKeyId: string | null } | null;
  enableNetworkIsolation: boolean | null;
  vpcConfig: { subnets: string[]; securityGroupIds: string[] } | null;
}

export interface ContainerInfo {
  image: string | null;
  modelDataUrl: string | null;
  repositoryAccessMode: 'Platform' | 'Vpc' | null;
  /** Registry host of the image, e.g. `123456789012.dkr.ecr.us-east-1.amazonaws.com`, `docker.io`. */
  registry: string | null;
  /** Names of environment variables that look like secrets (values are never stored). */
  secretLikeEnvNames: string[];
  environmentNames: string[];
}

export interface SageMakerModelConfig {
  executionRoleArn: string | null;
  primaryContainer: ContainerInfo | null;
  containers: ContainerInfo[];
  inferenceMode: 'single' | 'multi-container' | 'pipeline' | null;
  vpcConfig: { subnets: string[]; securityGroupIds: string[] } | null;
  enableNetworkIsolation: boolean;
}

export interface NotebookInstanceConfig {
  status: string;
  directInternetAccess: boolean;
  rootAccess: boolean;
  kmsKeyId: string | null;
  subnetId: string | null;
  securityGroups: string[];
  roleArn: string;
  platformIdentifier: string | null;
  minimumImdsVersion: '1' | '2' | null;
  lifecycleConfigName: string | null;
  /** Secret-like patterns found in the lifecycle configuration scripts (kinds only, e.g. `aws-access-key`). */
  lifecycleSecretKinds: string[] | null;
  defaultCodeRepository: string | null;
}

export interface TrainingJobConfig {
  status: string;
  roleArn: string;
  enableNetworkIsolation: boolean;
  enableInterContainerTrafficEncryption: boolean;
  vpcConfig: { subnets: string[]; securityGroupIds: string[] } | null;
  outputS3Path: string | null;
  outputKmsKeyId: string | null;
  volumeKmsKeyId: string | null;
  inputS3Uris: string[];
  modelArtifactsS3Uri: string | null;
  secretLikeEnvNames: string[];
  image: string | null;
}

export interface SageMakerDomainConfig {
  domainId: string;
  authMode: 'SSO' | 'IAM' | string;
  appNetworkAccessType: 'PublicInternetOnly' | 'VpcOnly' | string;
  kmsKeyId: string | null;
  vpcId: string | null;
  subnetIds: string[];
  defaultExecutionRole: string | null;
}

export interface SageMakerUserProfileConfig {
  domainId: string;
  executionRole: string | null;
  status: string;
}

export interface ModelPackageGroupConfig {
  status: string;
  /** Latest package approval status, if any package exists. */
  latestApprovalStatus: string | null;
  packageCount: number;
  /** Resource policy; null when none. */
  policyStatements: PolicyStatement[] | null;
}

export interface MonitoringScheduleConfig {
  status: string;
  endpointName: string | null;
  monitoringType: string | null;
  jobDefinitionName: string | null;
  enableNetworkIsolation: boolean | null;
  enableInterContainerTrafficEncryption: boolean | null;
}

/** Data quality / model quality / model bias / explainability job definition. */
export interface JobDefinitionConfig {
  kind: 'data-quality' | 'model-quality' | 'model-bias' | 'model-explainability';
  enableNetworkIsolation: boolean;
  enableInterContainerTrafficEncryption: boolean;
  vpcConfig: { subnets: string[]; securityGroupIds: string[] } | null;
  outputKmsKeyId: string | null;
  volumeKmsKeyId: string | null;
  roleArn: string | null;
}

export interface FeatureGroupConfig {
  status: string;
  onlineStoreEnabled: boolean;
  onlineStoreKmsKeyId: string | null;
  offlineStoreEnabled: boolean;
  offlineStoreKmsKeyId: string | null;
  offlineStoreS3Uri: string | null;
  roleArn: string | null;
}

export interface InferenceExperimentConfig {
  status: string;
  endpointName: string | null;
  kmsKey: string | null;
  dataStorageKmsKey: string | null;
}

export interface VpcEndpointsConfig {
  /** Interface endpoint service names present in the region (e.g. `com.amazonaws.us-east-1.bedrock-runtime`). */
  serviceNames: string[];
}

/** Reference to an external AI provider found in a workload. */
export interface ShadowAiEvidence {
  provider: string;
  /** How it was found: `env-name`, `env-host`, `key-format`, `layer`, `package`, `secret-name`, `secret-value-format`. */
  via: string;
  /** Where (e.g. env var name, layer ARN); never a secret value. */
  where: string;
}

export interface LambdaFunctionConfig {
  runtime: string | null;
  roleArn: string | null;
  /** Plain-text provider keys found in environment variables (names only). */
  plaintextKeyEnvNames: string[];
  environmentKmsKeyArn: string | null;
  aiProviders: ShadowAiEvidence[];
  usesBedrock: boolean;
}

export interface EcsTaskDefinitionConfig {
  family: string;
  revision: number;
  taskRoleArn: string | null;
  plaintextKeyEnvNames: string[];
  aiProviders: ShadowAiEvidence[];
  images: string[];
}

export interface SecretConfig {
  kmsKeyId: string | null;
  rotationEnabled: boolean;
  aiProviders: ShadowAiEvidence[];
  lastRotatedDate: string | null;
}

/** Why an EC2 instance counts as AI compute. */
export interface Ec2AiEvidence {
  /** `instance-type` (accelerated family), `image` (ML AMI name), `tag` (model-server word in a tag, incl. Name). */
  via: 'instance-type' | 'image' | 'tag';
  /** What matched: the instance type, the AMI name, or `<tag key>=<value>`. */
  where: string;
}

/** One ingress permission of a security group (DescribeSecurityGroups `IpPermissions`). */
export interface Ec2IngressRule {
  /** `tcp`, `udp`, `icmp`, `-1` (all traffic) or a protocol number. */
  protocol: string;
  /** `null` when the rule covers all ports (all traffic, or a protocol without ports). */
  fromPort: number | null;
  toPort: number | null;
  ipv4Ranges: string[];
  ipv6Ranges: string[];
  /** Managed prefix lists (their CIDRs are not resolved). */
  prefixListIds: string[];
  /** Other security groups (traffic from their members). */
  sourceGroupIds: string[];
}

export interface Ec2SecurityGroupFacts {
  groupName: string;
  ingress: Ec2IngressRule[];
}

/** One network interface of an instance (DescribeInstances `NetworkInterfaces`), with its own security groups. */
export interface Ec2NetworkInterfaceFacts {
  networkInterfaceId: string | null;
  /** `Attachment.DeviceIndex` (0 = the primary interface). */
  deviceIndex: number | null;
  /**
   * `Attachment.AttachmentId` of a detachable interface (any but the primary: network card 0, device index 0), for
   * routing a DetachNetworkInterface, which names only the attachment. Absent on the primary interface (it cannot be
   * detached: its facts and hash are unchanged) and on items stored before it was recorded (before it was recorded for
   * the device-index-0 interfaces of network cards 1..N: those items have no `networkCardIndex`).
   */
  attachmentId?: string;
  /** `Attachment.NetworkCardIndex` when not 0 (a multi-network-card instance's interfaces of cards 1..N); absent: card 0. */
  networkCardIndex?: number;
  /**
   * Public IPv4 addresses associated with this interface (auto-assigned or Elastic IPs), of its primary and its
   * secondary private IPs. Items stored before this field carry `publicIp` (the primary private IP's) instead.
   */
  publicIps: string[];
  /**
   * Which of `publicIps` are Elastic IPs (`Association.IpOwnerId` is not `amazon`: an account's or BYOIP address), for
   * routing a DisassociateAddress; set on interfaces with a public IPv4 address only (absent: not recorded, items stored
   * before it was, taken as possibly Elastic).
   */
  elasticIps?: string[];
  ipv6Addresses: string[];
  /** The interface's security groups (`Groups`): each interface has its own. */
  groupIds: string[];
}

/** One attached EBS volume (DescribeVolumes). */
export interface Ec2VolumeFacts {
  encrypted: boolean;
  /** The KMS key ARN of an encrypted volume (the AWS-managed `aws/ebs` key or a customer-managed key); `null` if none. */
  kmsKeyId: string | null;
}

export interface Ec2InstanceConfig {
  instanceId: string;
  instanceType: string;
  /** `pending`, `running`, `stopping`, `stopped`. */
  state: string;
  imageId: string | null;
  /**
   * AMI name from DescribeImages; `null` when the image is no longer describable (deregistered, or private to another
   * account); `undefined` when DescribeImages failed.
   */
  imageName?: string | null;
  aiEvidence: Ec2AiEvidence[];
  /** Public IPv4 addresses of the instance's network interfaces, every private IP's (auto-assigned or Elastic IPs). */
  publicIpAddresses: string[];
  publicDnsName: string | null;
  /** IPv6 addresses (globally unique; reachable from the internet only if the subnet routes to an internet gateway). */
  ipv6Addresses: string[];
  /**
   * Each network interface with its public IPv4, IPv6 addresses and its own security groups, by device index: the
   * exposure checks judge each interface's addresses against that interface's groups. `undefined` when the response
   * listed no interfaces (the instance-level addresses and groups are then judged together).
   */
  networkInterfaces?: Ec2NetworkInterfaceFacts[];
  subnetId: string | null;
  vpcId: string | null;
  /** The security groups of every network interface (the instance-level `SecurityGroups` are the primary's only). */
  securityGroupIds: string[];
  /**
   * Ingress rules of each attached security group (DescribeSecurityGroups); `null` for a group DescribeSecurityGroups
   * did not return: EC2 refuses to delete an attached group, so it is not visible to this account (e.g. shared by the
   * VPC owner) or was detached in between; its rules are unknown (the exposure checks answer MANUAL, never PASS).
   * `undefined` when DescribeSecurityGroups failed (the exposure checks answer ERROR).
   */
  securityGroups?: Record<string, Ec2SecurityGroupFacts | null>;
  /** IMDS options as DescribeInstances reports them; `undefined` when the response carried none. */
  metadataOptions?: {
    httpTokens: string | null;
    httpEndpoint: string | null;
    httpPutResponseHopLimit: number | null;
  };
  instanceProfileArn: string | null;
  /** Roles of the instance profile (iam:GetInstanceProfile); `undefined` when that call failed. */
  instanceProfileRoleArns?: string[];
  /** EBS volume ids attached (the block device mappings'). */
  volumeIds: string[];
  /**
   * `RootDeviceType` (`ebs` or `instance-store`), `RootDeviceName`, and the volume id of the block device mapping of
   * the root device (`null`: no mapping lists it, e.g. while its root volume is being replaced). `undefined` when
   * DescribeInstances gave no root device type, and on items stored before they were collected.
   */
  rootDeviceType?: string;
  rootDeviceName?: string | null;
  rootVolumeId?: string | null;
  /**
   * Encryption of each attached volume by id (DescribeVolumes filtered by volume id); `null` for a volume the call did
   * not return (detached or deleted in between: unknown). `undefined` when DescribeVolumes failed (the EBS encryption
   * check answers ERROR), and on items stored before volumes were read.
   */
  volumes?: Record<string, Ec2VolumeFacts | null>;
  /**
   * The account's EBS encryption by default in the instance's region (GetEbsEncryptionByDefault, once per region and
   * run): evidence for the EBS check (new volumes), not part of its verdict. `undefined` when not read.
   */
  ebsEncryptionByDefault?: boolean;
}

export interface AssetConfigMap {
  'bedrock.custom-model': CustomModelConfig;
  'bedrock.imported-model': ImportedModelConfig;
  'bedrock.customization-job': CustomizationJobConfig;
  'bedrock.batch-inference-job': BatchInferenceJobConfig;
  'bedrock.provisioned-throughput': ProvisionedThroughputConfig;
  'bedrock.inference-profile': InferenceProfileConfig;
  'bedrock.guardrail': GuardrailConfig;
  'bedrock.logging-config': LoggingConfig;
  'bedrock.prompt': PromptConfig;
  'bedrock.agent': AgentConfig;
  'bedrock.knowledge-base': KnowledgeBaseConfig;
  'bedrock.flow': FlowConfig;
  'bedrock.foundation-model': FoundationModelInUseConfig;
  'bedrock-agentcore.runtime': AgentCoreRuntimeConfig;
  'bedrock-agentcore.gateway': AgentCoreGatewayConfig;
  'bedrock-agentcore.memory': AgentCoreMemoryConfig;
  'bedrock-agentcore.browser': AgentCoreBrowserConfig;
  'bedrock-agentcore.code-interpreter': AgentCoreCodeInterpreterConfig;
  'bedrock-agentcore.token-vault': AgentCoreTokenVaultConfig;
  'iam.bedrock-api-key': BedrockApiKeyConfig;
  'iam.role': IamPrincipalConfig;
  'iam.user': IamPrincipalConfig;
  'sagemaker.endpoint': SageMakerEndpointConfigRef;
  'sagemaker.endpoint-config': SageMakerEndpointConfigConfig;
  'sagemaker.model': SageMakerModelConfig;
  'sagemaker.notebook-instance': NotebookInstanceConfig;
  'sagemaker.training-job': TrainingJobConfig;
  'sagemaker.domain': SageMakerDomainConfig;
  'sagemaker.user-profile': SageMakerUserProfileConfig;
  'sagemaker.model-package-group': ModelPackageGroupConfig;
  'sagemaker.monitoring-schedule': MonitoringScheduleConfig;
  'sagemaker.job-definition': JobDefinitionConfig;
  'sagemaker.feature-group': FeatureGroupConfig;
  'sagemaker.inference-experiment': InferenceExperimentConfig;
  's3.bucket': S3BucketConfig;
  'ec2.vpc-endpoints': VpcEndpointsConfig;
  'lambda.function': LambdaFunctionConfig;
  'ecs.task-definition': EcsTaskDefinitionConfig;
  'secretsmanager.secret': SecretConfig;
  'ec2.instance': Ec2InstanceConfig;
}
