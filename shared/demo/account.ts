/**
 * The demo AWS account served by the local AWS stand-in (`shared/demo/aws-standin/`). Two regions, a deliberate mix
 * of good and bad AI configurations. Asset names are stable: docs/demo-account.md lists every asset and its intended
 * flaws, and tests assert that the checks find exactly those.
 *
 * Data is kept in the shape of the AWS API responses (Bedrock camelCase, SageMaker/IAM PascalCase) so the stand-in
 * only has to serialize it. Secret-looking values below are FAKE (made-up keys in the providers' formats) and exist
 * so that discovery can prove it records only names/kinds.
 */
export const DEMO_ACCOUNT_ID = '111122223333';
export const DEMO_REGIONS = ['us-east-1', 'eu-west-1'] as const;
const A = DEMO_ACCOUNT_ID;
const T0 = '2026-09-01T10:00:00.000Z';

type Doc = Record<string, unknown>;
const policy = (...Statement: Doc[]) => ({ Version: '2012-10-17', Statement });
const trust = (service: string) => policy({ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' });
const kms = (region: string, id: string) => `arn:aws:kms:${region}:${A}:key/${id}`;
/**
 * The AWS-managed key `aws/sagemaker` of eu-west-1, by its key ARN: what an engineer copies from the console when a
 * field wants "a KMS key ARN". It looks like any customer key; only kms:DescribeKey (KeyManager AWS) tells.
 */
const EU_AWS_SAGEMAKER_KEY = `arn:aws:kms:eu-west-1:${A}:key/7c2f0a4e-5d1b-4e8a-9b3c-aws0sagemaker`;
/** The AWS-managed aws/ebs key of us-east-1 (the inference server's root volume). */
const US_AWS_EBS_KEY = `arn:aws:kms:us-east-1:${A}:key/3e9d1b7a-aws0-4ebs-8c2f-0d5e6f7a8b9c`;
/** Customer-managed key of the AI provider secrets, referenced by its alias ARN. */
const SECRETS_KEY_ALIAS = `arn:aws:kms:us-east-1:${A}:alias/ai-provider-secrets`;
const role = (name: string) => `arn:aws:iam::${A}:role/${name}`;

export interface DemoRole {
  name: string;
  path?: string;
  trust: Doc;
  inline: Record<string, Doc>;
  attached: string[];
  lastUsed?: string;
  /** ARN of the managed policy set as the role's permissions boundary (in `managedPolicies`). */
  permissionsBoundary?: string;
}
export interface DemoUser {
  name: string;
  inline: Record<string, Doc>;
  attached: string[];
  groups: string[];
  /** The user's IAM path (`/developers/`); `/` when unset. */
  path?: string;
  /** ARN of the managed policy set as the user's permissions boundary (in `managedPolicies`). */
  permissionsBoundary?: string;
  /** GetUser's CreateDate; the stand-in's fixed IAM date when unset. */
  createDate?: string;
  /**
   * GetUser's UserId; when unset, one derived from the name the user had when the stand-in first answered for the
   * account's users, then kept (a rename keeps it, a new user of a reused name gets another).
   */
  userId?: string;
}
export interface DemoBucket {
  region: string;
  publicAccessBlock?: { BlockPublicAcls: boolean; IgnorePublicAcls: boolean; BlockPublicPolicy: boolean; RestrictPublicBuckets: boolean };
  policy?: Doc;
  encryption?: { SSEAlgorithm: string; KMSMasterKeyID?: string };
  versioning?: 'Enabled' | 'Suspended';
  objectLock?: boolean;
  /** S3 Object Ownership; absent = no ownership controls (ACLs in effect). */
  ownership?: 'BucketOwnerEnforced' | 'BucketOwnerPreferred' | 'ObjectWriter';
  /** Bucket ACL grants besides the owner's FULL_CONTROL (group URIs). */
  aclGrants?: { groupUri: string; permission: 'READ' | 'WRITE' | 'READ_ACP' | 'WRITE_ACP' | 'FULL_CONTROL' }[];
}
export interface DemoAgent {
  agent: Doc;
  /** Released versions (GetAgentVersion `agentVersion`). */
  versions?: Doc[];
  aliases: Doc[];
  actionGroups: Doc[];
  knowledgeBases: Doc[];
}
export interface DemoRegionData {
  /** GetModelInvocationLoggingConfiguration `loggingConfig` (absent = logging off). */
  logging?: Doc;
  logGroups: Doc[];
  /** Rows returned by the Logs Insights usage query (modelId x identity). */
  modelUsage: { modelId: string; identity: string; calls: number; lastUsed: string }[];
  customModels: Doc[];
  customizationJobs: Doc[];
  importedModels: Doc[];
  importJobs: Doc[];
  throughputs: Doc[];
  inferenceProfiles: Doc[];
  /** Each guardrail: DRAFT GetGuardrail response + published versions. */
  guardrails: { draft: Doc; versions: Doc[] }[];
  prompts: Doc[];
  agents: DemoAgent[];
  knowledgeBases: { kb: Doc; dataSources: Doc[] }[];
  sagemaker: {
    endpoints: Doc[];
    endpointConfigs: Doc[];
    models: Doc[];
    notebooks: Doc[];
    lifecycleConfigs: Doc[];
    trainingJobs: Doc[];
    domains: Doc[];
    userProfiles: Doc[];
    packageGroups: { group: Doc; policy?: Doc; packages: Doc[] }[];
    monitoringSchedules: Doc[];
    featureGroups: Doc[];
    /** Model Monitor job definitions by kind (`data-quality`, `model-quality`, `model-bias`, `model-explainability`). */
    jobDefinitions?: { kind: string; def: Doc }[];
    inferenceExperiments?: Doc[];
  };
  lambdas: Doc[];
  taskDefinitions: Doc[];
  secrets: Doc[];
  vpcEndpoints: Doc[];
  /**
   * Amazon Bedrock AgentCore: Get* responses (GetMemory's `memory` member); browsers and code interpreters are CUSTOM.
   * `runtimes` hold the latest version of each runtime; `runtimeVersions` the older versions (GetAgentRuntime with a
   * version) and `runtimeEndpoints` the endpoints besides DEFAULT (the stand-in adds DEFAULT on the latest version).
   */
  agentCore?: {
    runtimes: Doc[];
    runtimeVersions?: Doc[];
    runtimeEndpoints?: Doc[];
    gateways: Doc[];
    memories: Doc[];
    browsers: Doc[];
    codeInterpreters: Doc[];
    /** GetGatewayTarget responses (each names its `gatewayArn`). */
    gatewayTargets?: Doc[];
    /** Resource-based policies (GetResourcePolicy) by runtime or gateway ARN; none = ResourceNotFoundException. */
    resourcePolicies?: Record<string, Doc>;
    /** GetTokenVault (the region's default vault); absent = ResourceNotFoundException. */
    tokenVault?: Doc;
    /** Credential providers in the token vault, as the List*CredentialProviders items. */
    credentialProviders?: { apiKey: Doc[]; oauth2: Doc[] };
  };
  /** Bedrock Flows: GetFlow (the DRAFT), the aliases and the published versions (GetFlowVersion). */
  flows?: { flow: Doc; aliases: Doc[]; versions: Doc[] }[];
  /** Batch inference jobs as ListModelInvocationJobs / GetModelInvocationJob return them. */
  batchJobs?: Doc[];
  /**
   * EC2 as DescribeInstances / DescribeImages / DescribeSecurityGroups return it (SDK member names; the stand-in
   * writes the EC2 wire names). Instances are listed one per reservation.
   */
  ec2?: {
    instances: Doc[];
    images: Doc[];
    securityGroups: Doc[];
    /** EBS volumes (DescribeVolumes). */
    volumes?: Doc[];
    /** The region's EBS encryption by default (GetEbsEncryptionByDefault); default false, as in a new account. */
    ebsEncryptionByDefault?: boolean;
    /** The region's default VPC (DescribeSecurityGroups by group name resolves there); none when unset. */
    defaultVpcId?: string;
  };
}
export interface DemoAccount {
  accountId: string;
  roles: DemoRole[];
  users: DemoUser[];
  groups: { name: string; inline: Record<string, Doc>; attached: string[] }[];
  managedPolicies: Record<string, Doc>;
  apiKeys: {
    UserName: string;
    ServiceSpecificCredentialId: string;
    Status: string;
    CreateDate: string;
    ExpirationDate?: string;
    ServiceName: string;
  }[];
  buckets: Record<string, DemoBucket>;
  /**
   * The account-level S3 Block Public Access setting (s3control GetPublicAccessBlock); absent = none configured
   * (NoSuchPublicAccessBlockConfiguration).
   */
  accountPublicAccessBlock?: DemoBucket['publicAccessBlock'];
  regions: Record<string, DemoRegionData>;
  /** CloudTrail records served by LookupEvents (by `awsRegion`); the demo account has none, tests plant some. */
  trail?: Doc[];
  /** KMS keys served by DescribeKey (by key id, key ARN, alias name or alias ARN); any other key is not found. */
  kmsKeys: DemoKmsKey[];
  /** IAM instance profiles (GetInstanceProfile) with the names of their roles. */
  instanceProfiles?: { name: string; path?: string; roles: string[] }[];
}
export interface DemoKmsKey {
  arn: string;
  keyManager: 'AWS' | 'CUSTOMER';
  keyState: string;
  multiRegion?: boolean;
  /** Alias names (`alias/...`). */
  aliases: string[];
}

// ---------------- IAM ----------------

const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const BEDROCK_FULL = 'arn:aws:iam::aws:policy/AmazonBedrockFullAccess';
const SM_FULL = 'arn:aws:iam::aws:policy/AmazonSageMakerFullAccess';
const LAMBDA_BASIC = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';
/** The platform team's permissions boundary for AI workload roles: whatever a team attaches, only model invocation. */
const AI_WORKLOAD_BOUNDARY = `arn:aws:iam::${A}:policy/ai-workload-boundary`;

const managedPolicies: Record<string, Doc> = {
  [ADMIN]: policy({ Effect: 'Allow', Action: '*', Resource: '*' }),
  [BEDROCK_FULL]: policy(
    { Effect: 'Allow', Action: ['bedrock:*'], Resource: '*' },
    { Effect: 'Allow', Action: ['kms:DescribeKey', 'iam:ListRoles', 'ec2:Describe*'], Resource: '*' },
  ),
  [SM_FULL]: policy({
    Effect: 'Allow',
    Action: ['sagemaker:*', 's3:GetObject', 's3:PutObject', 'ecr:*', 'cloudwatch:*', 'logs:*'],
    Resource: '*',
  }),
  [LAMBDA_BASIC]: policy({ Effect: 'Allow', Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'], Resource: '*' }),
  [AI_WORKLOAD_BOUNDARY]: policy({
    Effect: 'Allow',
    Action: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'],
    Resource: '*',
  }),
};

const roles: DemoRole[] = [
  // the instance role of the ollama-playground GPU instance: scoped to reading model weights
  {
    name: 'gpu-playground-role',
    trust: trust('ec2.amazonaws.com'),
    inline: {
      'read-model-weights': policy({
        Effect: 'Allow',
        Action: ['s3:GetObject'],
        Resource: [`arn:aws:s3:::acme-model-weights/*`],
      }),
    },
    attached: [],
  },
  {
    name: 'support-agent-role',
    path: '/service-role/',
    trust: trust('bedrock.amazonaws.com'),
    inline: {
      'invoke-claude': policy({
        Effect: 'Allow',
        Action: ['bedrock:InvokeModel'],
        Resource: ['arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0'],
      }),
      'retrieve-support-kb': policy({
        Effect: 'Allow',
        Action: ['bedrock:Retrieve'],
        Resource: [`arn:aws:bedrock:us-east-1:${A}:knowledge-base/KBSUPPORT01`],
      }),
    },
    attached: [],
  },
  { name: 'ops-agent-role', trust: trust('bedrock.amazonaws.com'), inline: {}, attached: [BEDROCK_FULL] },
  { name: 'ops-runner-role', trust: trust('lambda.amazonaws.com'), inline: {}, attached: [ADMIN, LAMBDA_BASIC] },
  {
    name: 'support-orders-role',
    trust: trust('lambda.amazonaws.com'),
    inline: {
      'orders-read': policy({
        Effect: 'Allow',
        Action: ['dynamodb:GetItem', 'dynamodb:Query'],
        Resource: [`arn:aws:dynamodb:us-east-1:${A}:table/orders`],
      }),
    },
    attached: [LAMBDA_BASIC],
  },
  { name: 'chatbot-fn-role', trust: trust('lambda.amazonaws.com'), inline: {}, attached: [LAMBDA_BASIC] },
  {
    name: 'summarizer-fn-role',
    trust: trust('lambda.amazonaws.com'),
    inline: {
      'read-anthropic-secret': policy({
        Effect: 'Allow',
        Action: ['secretsmanager:GetSecretValue'],
        Resource: [`arn:aws:secretsmanager:us-east-1:${A}:secret:anthropic-api-key-AbCdEf`],
      }),
    },
    attached: [LAMBDA_BASIC],
  },
  { name: 'translator-fn-role', trust: trust('lambda.amazonaws.com'), inline: {}, attached: [LAMBDA_BASIC] },
  {
    name: 'kb-support-role',
    trust: trust('bedrock.amazonaws.com'),
    inline: {
      'kb-s3': policy(
        {
          Effect: 'Allow',
          Action: ['s3:GetObject', 's3:ListBucket'],
          Resource: ['arn:aws:s3:::acme-support-docs', 'arn:aws:s3:::acme-support-docs/*'],
        },
        {
          Effect: 'Allow',
          Action: ['bedrock:InvokeModel'],
          Resource: ['arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-embed-text-v2:0'],
        },
      ),
    },
    attached: [],
  },
  {
    name: 'kb-public-docs-role',
    trust: trust('bedrock.amazonaws.com'),
    inline: { 'kb-all-s3': policy({ Effect: 'Allow', Action: ['s3:*'], Resource: '*' }) },
    attached: [],
  },
  {
    name: 'bedrock-ft-role',
    trust: trust('bedrock.amazonaws.com'),
    inline: {
      'ft-data': policy({
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:PutObject', 's3:ListBucket'],
        Resource: ['arn:aws:s3:::acme-training-data', 'arn:aws:s3:::acme-training-data/*'],
      }),
    },
    attached: [],
  },
  {
    name: 'bedrock-ft-scratch-role',
    trust: trust('bedrock.amazonaws.com'),
    inline: { 's3-any': policy({ Effect: 'Allow', Action: ['s3:*'], Resource: '*' }) },
    attached: [],
  },
  {
    name: 'bedrock-logging-role',
    trust: trust('bedrock.amazonaws.com'),
    inline: {
      'cw-logs': policy({
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: [`arn:aws:logs:us-east-1:${A}:log-group:/aws/bedrock/modelinvocations:*`],
      }),
    },
    attached: [],
  },
  {
    name: 'sagemaker-fraud-role',
    trust: trust('sagemaker.amazonaws.com'),
    inline: {
      'fraud-data': policy({
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:PutObject'],
        Resource: ['arn:aws:s3:::acme-sagemaker-artifacts/fraud/*', 'arn:aws:s3:::acme-datacapture/*'],
      }),
    },
    attached: [],
  },
  { name: 'sagemaker-research-role', trust: trust('sagemaker.amazonaws.com'), inline: {}, attached: [SM_FULL, ADMIN] },
  { name: 'sagemaker-studio-role', trust: trust('sagemaker.amazonaws.com'), inline: {}, attached: [SM_FULL] },
  {
    name: 'eu-agent-role',
    trust: trust('bedrock.amazonaws.com'),
    inline: {
      invoke: policy({
        Effect: 'Allow',
        Action: ['bedrock:InvokeModel'],
        Resource: ['arn:aws:bedrock:eu-west-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0'],
      }),
    },
    attached: [],
  },
  {
    name: 'eu-kb-role',
    trust: trust('bedrock.amazonaws.com'),
    inline: {
      'kb-s3': policy({
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:ListBucket'],
        Resource: ['arn:aws:s3:::acme-eu-hr-docs', 'arn:aws:s3:::acme-eu-hr-docs/*'],
      }),
    },
    attached: [],
  },
  // a team attached AdministratorAccess, but the platform's permissions boundary caps the role to model invocation
  {
    name: 'rag-worker-task-role',
    trust: trust('ecs-tasks.amazonaws.com'),
    inline: {},
    attached: [ADMIN],
    permissionsBoundary: AI_WORKLOAD_BOUNDARY,
  },
  {
    name: 'agentcore-runtime-role',
    trust: trust('bedrock-agentcore.amazonaws.com'),
    inline: {
      'invoke-claude': policy({
        Effect: 'Allow',
        Action: ['bedrock:InvokeModel'],
        Resource: ['arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0'],
      }),
    },
    attached: [],
  },
  {
    name: 'flows-exec-role',
    trust: trust('bedrock.amazonaws.com'),
    inline: {
      'flow-nodes': policy(
        {
          Effect: 'Allow',
          Action: ['bedrock:InvokeModel', 'bedrock:ApplyGuardrail'],
          Resource: [
            'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0',
            `arn:aws:bedrock:us-east-1:${A}:guardrail/grstrict01`,
          ],
        },
        {
          Effect: 'Allow',
          Action: ['bedrock:RetrieveAndGenerate', 'bedrock:Retrieve'],
          Resource: [`arn:aws:bedrock:us-east-1:${A}:knowledge-base/KBSUPPORT01`],
        },
      ),
    },
    attached: [],
  },
  {
    name: 'bedrock-batch-role',
    trust: trust('bedrock.amazonaws.com'),
    inline: {
      'batch-data': policy(
        {
          Effect: 'Allow',
          Action: ['s3:GetObject', 's3:PutObject', 's3:ListBucket'],
          Resource: ['arn:aws:s3:::acme-training-data', 'arn:aws:s3:::acme-training-data/batch/*'],
        },
        {
          Effect: 'Allow',
          Action: ['bedrock:InvokeModel'],
          Resource: ['arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0'],
        },
      ),
    },
    attached: [],
  },
  {
    name: 'agentcore-tools-role',
    trust: trust('bedrock-agentcore.amazonaws.com'),
    inline: {
      'write-recordings': policy({
        Effect: 'Allow',
        Action: ['s3:PutObject'],
        Resource: ['arn:aws:s3:::acme-agent-recordings/browser/*'],
      }),
    },
    attached: [],
  },
];

const users: DemoUser[] = [
  { name: 'ci-bot', inline: {}, attached: [BEDROCK_FULL], groups: [] },
  {
    name: 'analyst-jane',
    inline: {
      'invoke-haiku': policy({
        Effect: 'Allow',
        Action: ['bedrock:InvokeModel'],
        Resource: ['arn:aws:bedrock:*::foundation-model/anthropic.claude-3-haiku-20240307-v1:0'],
      }),
    },
    attached: [],
    groups: ['analysts'],
    permissionsBoundary: AI_WORKLOAD_BOUNDARY,
  },
];

// ---------------- S3 ----------------

const PAB_ON = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };
/**
 * The account-level Block Public Access setting: new public ACLs and new public bucket policies are blocked account
 * wide, but the grants made before it (acme-kb-public-share's policy, acme-training-scratch's ACL) still work, because
 * IgnorePublicAcls and RestrictPublicBuckets are off at the account level.
 */
const ACCOUNT_PAB = { BlockPublicAcls: true, IgnorePublicAcls: false, BlockPublicPolicy: true, RestrictPublicBuckets: false };
const buckets: Record<string, DemoBucket> = {
  'acme-support-docs': {
    region: 'us-east-1',
    publicAccessBlock: PAB_ON,
    encryption: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: kms('us-east-1', 'kb-docs-key') },
    versioning: 'Enabled',
  },
  'acme-kb-public-share': {
    region: 'us-east-1',
    policy: policy({
      Sid: 'PublicRead',
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::acme-kb-public-share/*',
    }),
    encryption: { SSEAlgorithm: 'AES256' },
  },
  'acme-training-data': {
    region: 'us-east-1',
    publicAccessBlock: PAB_ON,
    encryption: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: kms('us-east-1', 'training-key') },
    versioning: 'Enabled',
    objectLock: true,
  },
  'acme-training-scratch': {
    region: 'us-east-1',
    policy: policy({
      Sid: 'PartnerWrite',
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::999988887777:root' },
      Action: ['s3:PutObject', 's3:GetObject'],
      Resource: 'arn:aws:s3:::acme-training-scratch/*',
    }),
    versioning: 'Suspended',
    // An old bucket shared "with AWS users" through its ACL: any AWS account can list and write it.
    ownership: 'ObjectWriter',
    aclGrants: [{ groupUri: 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers', permission: 'FULL_CONTROL' }],
  },
  'acme-bedrock-logs': {
    region: 'us-east-1',
    publicAccessBlock: PAB_ON,
    encryption: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: kms('us-east-1', 'logs-key') },
    versioning: 'Enabled',
    policy: policy({
      Sid: 'AmazonBedrockLogsWrite',
      Effect: 'Allow',
      Principal: { Service: 'bedrock.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: `arn:aws:s3:::acme-bedrock-logs/AWSLogs/${A}/BedrockModelInvocationLogs/*`,
      Condition: { StringEquals: { 'aws:SourceAccount': A } },
    }),
  },
  'acme-sagemaker-artifacts': {
    region: 'us-east-1',
    publicAccessBlock: PAB_ON,
    ownership: 'BucketOwnerEnforced',
    encryption: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: kms('us-east-1', 'sm-key') },
    versioning: 'Enabled',
  },
  'acme-datacapture': {
    region: 'us-east-1',
    // Only the two flags that neutralise existing grants are set on the bucket; the other two come from the account
    // level (ACCOUNT_PAB): effective, all four are on (a PASS that reading the bucket level alone turned into a FAIL).
    publicAccessBlock: { BlockPublicAcls: false, IgnorePublicAcls: true, BlockPublicPolicy: false, RestrictPublicBuckets: true },
    encryption: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: kms('us-east-1', 'sm-key') },
    versioning: 'Enabled',
  },
  'acme-agent-recordings': {
    region: 'us-east-1',
    publicAccessBlock: PAB_ON,
    ownership: 'BucketOwnerEnforced',
    encryption: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: kms('us-east-1', 'agentcore-key') },
    versioning: 'Enabled',
  },
  'acme-ml-sandbox': { region: 'us-east-1' },
  'acme-eu-hr-docs': {
    region: 'eu-west-1',
    publicAccessBlock: PAB_ON,
    encryption: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: kms('eu-west-1', 'hr-key') },
    versioning: 'Enabled',
  },
  'acme-eu-features': { region: 'eu-west-1', publicAccessBlock: PAB_ON, encryption: { SSEAlgorithm: 'AES256' }, versioning: 'Enabled' },
};

// ---------------- Bedrock helpers ----------------

const filters = (strength: string, withPromptAttack: boolean) => [
  ...['SEXUAL', 'VIOLENCE', 'HATE', 'INSULTS', 'MISCONDUCT'].map((type) => ({
    type,
    inputStrength: strength,
    outputStrength: strength,
    inputAction: 'BLOCK',
    outputAction: 'BLOCK',
    inputEnabled: true,
    outputEnabled: true,
  })),
  ...(withPromptAttack
    ? [
        {
          type: 'PROMPT_ATTACK',
          inputStrength: strength,
          outputStrength: 'NONE',
          inputAction: 'BLOCK',
          outputAction: 'NONE',
          inputEnabled: true,
          outputEnabled: false,
        },
      ]
    : []),
];

function guardrail(
  region: string,
  id: string,
  name: string,
  version: string,
  p: { strength: string; promptAttack: boolean; pii: boolean; grounding: boolean; kms: boolean; topics?: string[] },
): Doc {
  return {
    name,
    guardrailId: id,
    guardrailArn: `arn:aws:bedrock:${region}:${A}:guardrail/${id}`,
    version,
    status: 'READY',
    contentPolicy: { filters: filters(p.strength, p.promptAttack), tier: { tierName: 'STANDARD' } },
    ...(p.topics
      ? { topicPolicy: { topics: p.topics.map((t) => ({ name: t, definition: `Questions about ${t}`, type: 'DENY', examples: [] })) } }
      : {}),
    ...(p.pii
      ? {
          sensitiveInformationPolicy: {
            piiEntities: [
              'EMAIL',
              'US_SOCIAL_SECURITY_NUMBER',
              'CREDIT_DEBIT_CARD_NUMBER',
              'AWS_ACCESS_KEY',
              'AWS_SECRET_KEY',
              'PASSWORD',
            ].map((type) => ({
              type,
              action: type === 'EMAIL' ? 'ANONYMIZE' : 'BLOCK',
              inputAction: type === 'EMAIL' ? 'ANONYMIZE' : 'BLOCK',
              outputAction: type === 'EMAIL' ? 'ANONYMIZE' : 'BLOCK',
            })),
            regexes: [{ name: 'internal-ticket-id', pattern: 'TCK-[0-9]{6}', action: 'ANONYMIZE' }],
          },
        }
      : {}),
    ...(p.grounding
      ? {
          contextualGroundingPolicy: {
            filters: [
              { type: 'GROUNDING', threshold: 0.8, action: 'BLOCK', enabled: true },
              { type: 'RELEVANCE', threshold: 0.7, action: 'BLOCK', enabled: true },
            ],
          },
        }
      : {}),
    ...(p.kms ? { kmsKeyArn: kms(region, `guardrail-${id}`) } : {}),
    blockedInputMessaging: 'Sorry, I cannot help with that.',
    blockedOutputsMessaging: 'Sorry, I cannot help with that.',
    createdAt: T0,
    updatedAt: T0,
  };
}

const fm = (region: string, id: string) => `arn:aws:bedrock:${region}::foundation-model/${id}`;
const CLAUDE_SONNET = 'anthropic.claude-3-5-sonnet-20240620-v1:0';
const CLAUDE_HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';
const TITAN_EMBED = 'amazon.titan-embed-text-v2:0';
const LLAMA = 'meta.llama3-1-8b-instruct-v1:0';

function agent(
  region: string,
  id: string,
  name: string,
  p: { model: string; role: string; guardrail?: [string, string]; kms?: boolean; instruction: string; ttl?: number },
): Doc {
  return {
    agentId: id,
    agentName: name,
    agentArn: `arn:aws:bedrock:${region}:${A}:agent/${id}`,
    agentVersion: 'DRAFT',
    agentStatus: 'PREPARED',
    agentResourceRoleArn: p.role,
    foundationModel: p.model,
    instruction: p.instruction,
    idleSessionTTLInSeconds: p.ttl ?? 600,
    ...(p.kms ? { customerEncryptionKeyArn: kms(region, `agent-${id}`) } : {}),
    ...(p.guardrail ? { guardrailConfiguration: { guardrailIdentifier: p.guardrail[0], guardrailVersion: p.guardrail[1] } } : {}),
    agentCollaboration: 'DISABLED',
    createdAt: T0,
    updatedAt: T0,
  };
}

/** A released version of an agent (GetAgentVersion), optionally with changed fields. */
function released(agentDoc: Doc, version: string, changes: Doc = {}): Doc {
  const { agentVersion: _draft, ...rest } = agentDoc;
  return { ...rest, version, agentStatus: 'PREPARED', ...changes };
}

const actionGroup = (agentId: string, id: string, name: string, lambdaArn: string) => ({
  agentId,
  agentVersion: 'DRAFT',
  actionGroupId: id,
  actionGroupName: name,
  actionGroupState: 'ENABLED',
  actionGroupExecutor: { lambda: lambdaArn },
  createdAt: T0,
  updatedAt: T0,
});

const fnArn = (region: string, name: string) => `arn:aws:lambda:${region}:${A}:function:${name}`;

function lambda(
  region: string,
  name: string,
  p: { role: string; env?: Record<string, string>; layers?: string[]; kms?: boolean; runtime?: string },
): Doc {
  return {
    FunctionName: name,
    FunctionArn: fnArn(region, name),
    Runtime: p.runtime ?? 'python3.12',
    Role: role(p.role),
    Handler: 'app.handler',
    CodeSize: 4096,
    Timeout: 30,
    MemorySize: 256,
    LastModified: '2026-09-01T10:00:00.000+0000',
    Version: '$LATEST',
    PackageType: 'Zip',
    ...(p.env ? { Environment: { Variables: p.env } } : {}),
    ...(p.kms ? { KMSKeyArn: kms(region, `lambda-${name}`) } : {}),
    ...(p.layers ? { Layers: p.layers.map((Arn) => ({ Arn, CodeSize: 1000 })) } : {}),
  };
}

function smEndpoint(region: string, name: string, config: string, p: { capture?: { kms?: boolean; uri: string }; instances: number }): Doc {
  return {
    EndpointName: name,
    EndpointArn: `arn:aws:sagemaker:${region}:${A}:endpoint/${name}`,
    EndpointConfigName: config,
    EndpointStatus: 'InService',
    ProductionVariants: [
      {
        VariantName: 'AllTraffic',
        CurrentInstanceCount: p.instances,
        DesiredInstanceCount: p.instances,
        CurrentWeight: 1,
        DesiredWeight: 1,
      },
    ],
    ...(p.capture
      ? {
          DataCaptureConfig: {
            EnableCapture: true,
            CaptureStatus: 'Started',
            CurrentSamplingPercentage: 100,
            DestinationS3Uri: p.capture.uri,
            ...(p.capture.kms ? { KmsKeyId: kms(region, 'sm-key') } : {}),
          },
        }
      : {}),
    CreationTime: T0,
    LastModifiedTime: T0,
  };
}

function smEndpointConfig(
  region: string,
  name: string,
  model: string,
  p: { kms?: boolean; capture?: { kms?: boolean; uri: string }; instances: number; serverless?: boolean },
): Doc {
  return {
    EndpointConfigName: name,
    EndpointConfigArn: `arn:aws:sagemaker:${region}:${A}:endpoint-config/${name}`,
    ProductionVariants: [
      p.serverless
        ? { VariantName: 'AllTraffic', ModelName: model, ServerlessConfig: { MemorySizeInMB: 2048, MaxConcurrency: 5 } }
        : {
            VariantName: 'AllTraffic',
            ModelName: model,
            InitialInstanceCount: p.instances,
            InstanceType: 'ml.m5.xlarge',
            InitialVariantWeight: 1,
          },
    ],
    ...(p.kms ? { KmsKeyId: kms(region, 'sm-key') } : {}),
    ...(p.capture
      ? {
          DataCaptureConfig: {
            EnableCapture: true,
            InitialSamplingPercentage: 100,
            DestinationS3Uri: p.capture.uri,
            ...(p.capture.kms ? { KmsKeyId: kms(region, 'sm-key') } : {}),
            CaptureOptions: [{ CaptureMode: 'Input' }, { CaptureMode: 'Output' }],
          },
        }
      : {}),
    CreationTime: T0,
  };
}

function smModel(
  region: string,
  name: string,
  p: { role: string; image: string; data?: string; env?: Record<string, string>; isolation: boolean; vpc: boolean },
): Doc {
  return {
    ModelName: name,
    ModelArn: `arn:aws:sagemaker:${region}:${A}:model/${name}`,
    ExecutionRoleArn: role(p.role),
    PrimaryContainer: {
      Image: p.image,
      ...(p.data ? { ModelDataUrl: p.data } : {}),
      ...(p.env ? { Environment: p.env } : {}),
      Mode: 'SingleModel',
    },
    ...(p.vpc
      ? { VpcConfig: { SecurityGroupIds: ['sg-0a1b2c3d4e5f60001'], Subnets: ['subnet-0a1b2c3d4e5f60001', 'subnet-0a1b2c3d4e5f60002'] } }
      : {}),
    EnableNetworkIsolation: p.isolation,
    CreationTime: T0,
  };
}

function smNotebook(
  region: string,
  name: string,
  p: {
    role: string;
    internet: boolean;
    root: boolean;
    /** true: the account's notebook CMK; a string: that key ARN. */
    kms: boolean | string;
    vpc: boolean;
    platform: string;
    imds: '1' | '2';
    lcc?: string;
  },
): Doc {
  return {
    NotebookInstanceName: name,
    NotebookInstanceArn: `arn:aws:sagemaker:${region}:${A}:notebook-instance/${name}`,
    NotebookInstanceStatus: 'InService',
    InstanceType: 'ml.t3.medium',
    RoleArn: role(p.role),
    DirectInternetAccess: p.internet ? 'Enabled' : 'Disabled',
    RootAccess: p.root ? 'Enabled' : 'Disabled',
    ...(p.kms ? { KmsKeyId: typeof p.kms === 'string' ? p.kms : kms(region, 'nb-key') } : {}),
    ...(p.vpc ? { SubnetId: 'subnet-0a1b2c3d4e5f60001', SecurityGroups: ['sg-0a1b2c3d4e5f60001'] } : {}),
    PlatformIdentifier: p.platform,
    InstanceMetadataServiceConfiguration: { MinimumInstanceMetadataServiceVersion: p.imds },
    ...(p.lcc ? { NotebookInstanceLifecycleConfigName: p.lcc } : {}),
    VolumeSizeInGB: 20,
    CreationTime: T0,
    LastModifiedTime: T0,
  };
}

function smTraining(
  region: string,
  name: string,
  p: { role: string; secure: boolean; input: string; output: string; env?: Record<string, string> },
): Doc {
  return {
    TrainingJobName: name,
    TrainingJobArn: `arn:aws:sagemaker:${region}:${A}:training-job/${name}`,
    TrainingJobStatus: 'Completed',
    RoleArn: role(p.role),
    AlgorithmSpecification: {
      TrainingImage: `763104351884.dkr.ecr.${region}.amazonaws.com/pytorch-training:2.3-gpu-py311`,
      TrainingInputMode: 'File',
    },
    InputDataConfig: [{ ChannelName: 'train', DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: p.input } } }],
    OutputDataConfig: { S3OutputPath: p.output, ...(p.secure ? { KmsKeyId: kms(region, 'sm-key') } : {}) },
    ResourceConfig: {
      InstanceType: 'ml.g5.xlarge',
      InstanceCount: 1,
      VolumeSizeInGB: 50,
      ...(p.secure ? { VolumeKmsKeyId: kms(region, 'sm-key') } : {}),
    },
    ...(p.secure ? { VpcConfig: { SecurityGroupIds: ['sg-0a1b2c3d4e5f60001'], Subnets: ['subnet-0a1b2c3d4e5f60001'] } } : {}),
    EnableNetworkIsolation: p.secure,
    EnableInterContainerTrafficEncryption: p.secure,
    ModelArtifacts: { S3ModelArtifacts: `${p.output}${name}/output/model.tar.gz` },
    StoppingCondition: { MaxRuntimeInSeconds: 86400 },
    ...(p.env ? { Environment: p.env } : {}),
    CreationTime: T0,
  };
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

// FAKE keys in the providers' formats (not real credentials).
const FAKE_OPENAI = `sk-proj-${'DEMOfake'.repeat(5)}`;
const FAKE_GOOGLE = `AIza${'DemoFakeKey0'.repeat(3)}`.slice(0, 39);
const FAKE_COHERE_LIKE = 'demo-cohere-plaintext-key-0123456789';
const FAKE_AWS_KEY = 'AKIADEMOFAKEKEY12345';

const SUPPORT_AGENT = agent('us-east-1', 'AGSUPPORT1', 'support-agent', {
  model: CLAUDE_SONNET,
  role: `arn:aws:iam::${A}:role/service-role/support-agent-role`,
  guardrail: ['grstrict01', '1'],
  kms: true,
  instruction: 'You are the customer support assistant for ACME. Answer order questions using the knowledge base and the orders tool.',
});

const EU_HR_AGENT = agent('eu-west-1', 'AGEUHR0003', 'eu-hr-agent', {
  model: CLAUDE_HAIKU,
  role: role('eu-agent-role'),
  guardrail: ['greubasic3', '1'],
  kms: true,
  instruction: 'Answer HR policy questions for EU employees from the HR knowledge base only.',
});

// ---------------- Bedrock Flows and batch inference ----------------

const GUARDED = { guardrailIdentifier: 'grstrict01', guardrailVersion: '1' };
const flowArn = (id: string) => `arn:aws:bedrock:us-east-1:${A}:flow/${id}`;
/** A small flow: input -> knowledge-base node (generating) -> prompt node -> output; guardrails optional per node. */
function flowDefinition(p: { promptGuard: boolean; kbGuard: boolean }): Doc {
  return {
    nodes: [
      { name: 'FlowInput', type: 'Input', configuration: { input: {} }, outputs: [{ name: 'document', type: 'String' }] },
      {
        name: 'policy_lookup',
        type: 'KnowledgeBase',
        configuration: {
          knowledgeBase: {
            knowledgeBaseId: 'KBSUPPORT01',
            modelId: CLAUDE_SONNET,
            ...(p.kbGuard ? { guardrailConfiguration: GUARDED } : {}),
          },
        },
      },
      {
        name: 'compose_answer',
        type: 'Prompt',
        configuration: {
          prompt: {
            sourceConfiguration: {
              inline: {
                modelId: CLAUDE_SONNET,
                templateType: 'TEXT',
                templateConfiguration: { text: { text: 'Answer the customer using only: {{context}}. Never offer discounts above 10%.' } },
              },
            },
            ...(p.promptGuard ? { guardrailConfiguration: GUARDED } : {}),
          },
        },
      },
      { name: 'FlowOutput', type: 'Output', configuration: { output: {} } },
    ],
    connections: [],
  };
}
function flowDoc(id: string, name: string, version: string, p: { kms: boolean; promptGuard: boolean; kbGuard: boolean }): Doc {
  return {
    id,
    arn: flowArn(id),
    name,
    status: 'Prepared',
    version,
    executionRoleArn: role('flows-exec-role'),
    ...(p.kms ? { customerEncryptionKeyArn: kms('us-east-1', 'flows-key') } : {}),
    definition: flowDefinition(p),
    createdAt: T0,
    updatedAt: T0,
  };
}
const flowAlias = (flowId: string, id: string, name: string, version: string): Doc => ({
  id,
  name,
  flowId,
  arn: `${flowArn(flowId)}/alias/${id}`,
  routingConfiguration: [{ flowVersion: version }],
  createdAt: T0,
  updatedAt: T0,
});
function batchJob(id: string, name: string, p: Doc & { input: string; output: string; kms?: boolean }): Doc {
  const { input, output, kms: withKms, ...rest } = p;
  return {
    jobArn: `arn:aws:bedrock:us-east-1:${A}:model-invocation-job/${id}`,
    jobName: name,
    modelId: CLAUDE_SONNET,
    roleArn: role('bedrock-batch-role'),
    submitTime: T0,
    lastModifiedTime: T0,
    inputDataConfig: { s3InputDataConfig: { s3Uri: input, s3InputFormat: 'JSONL' } },
    outputDataConfig: {
      s3OutputDataConfig: { s3Uri: output, ...(withKms ? { s3EncryptionKeyId: kms('us-east-1', 'training-key') } : {}) },
    },
    timeoutDurationInHours: 72,
    ...rest,
  };
}

// ---------------- regions ----------------

// ---------------- Bedrock AgentCore ----------------

const SUBNET_A = 'subnet-0a1b2c3d4e5f60001';
const AGENT_SG = 'sg-0a1b2c3d4e5f6agent';
function agentCoreRuntime(id: string, p: Doc): Doc {
  return {
    agentRuntimeArn: `arn:aws:bedrock-agentcore:us-east-1:${A}:runtime/${id}`,
    agentRuntimeId: id,
    agentRuntimeName: id.slice(0, id.lastIndexOf('-')),
    agentRuntimeVersion: '1',
    status: 'READY',
    roleArn: role('agentcore-runtime-role'),
    agentRuntimeArtifact: { containerConfiguration: { containerUri: `${A}.dkr.ecr.us-east-1.amazonaws.com/agents:${id.toLowerCase()}` } },
    protocolConfiguration: { serverProtocol: 'HTTP' },
    ...p,
  };
}

const usEast1: DemoRegionData = {
  logging: {
    s3Config: { bucketName: 'acme-bedrock-logs', keyPrefix: 'invocations' },
    cloudWatchConfig: {
      logGroupName: '/aws/bedrock/modelinvocations',
      roleArn: role('bedrock-logging-role'),
      largeDataDeliveryS3Config: { bucketName: 'acme-bedrock-logs', keyPrefix: 'large' },
    },
    textDataDeliveryEnabled: true,
    imageDataDeliveryEnabled: true,
    embeddingDataDeliveryEnabled: true,
  },
  logGroups: [
    {
      logGroupName: '/aws/bedrock/modelinvocations',
      retentionInDays: 365,
      kmsKeyId: kms('us-east-1', 'logs-key'),
      arn: `arn:aws:logs:us-east-1:${A}:log-group:/aws/bedrock/modelinvocations:*`,
      creationTime: 1756720800000,
    },
  ],
  modelUsage: [
    {
      modelId: CLAUDE_SONNET,
      identity: `arn:aws:sts::${A}:assumed-role/support-agent-role/BedrockAgents`,
      calls: 1840,
      lastUsed: '2026-11-24 18:02:11.000',
    },
    { modelId: CLAUDE_HAIKU, identity: `arn:aws:iam::${A}:user/analyst-jane`, calls: 212, lastUsed: '2026-11-25 09:14:40.000' },
    {
      modelId: 'us.anthropic.claude-3-5-haiku-20241022-v1:0',
      identity: `arn:aws:iam::${A}:user/ci-bot`,
      calls: 9310,
      lastUsed: '2026-11-25 21:55:03.000',
    },
  ],
  customModels: [
    {
      modelArn: `arn:aws:bedrock:us-east-1:${A}:custom-model/${LLAMA}/claimsft01`,
      modelName: 'claims-classifier-ft',
      jobName: 'claims-ft-job',
      jobArn: `arn:aws:bedrock:us-east-1:${A}:model-customization-job/${LLAMA}/claimsjob01`,
      baseModelArn: fm('us-east-1', LLAMA),
      customizationType: 'FINE_TUNING',
      modelKmsKeyArn: kms('us-east-1', 'training-key'),
      trainingDataConfig: { s3Uri: 's3://acme-training-data/claims/train.jsonl' },
      validationDataConfig: { validators: [{ s3Uri: 's3://acme-training-data/claims/validation.jsonl' }] },
      outputDataConfig: { s3Uri: 's3://acme-training-data/claims/output/' },
      modelStatus: 'Active',
      creationTime: T0,
    },
    {
      modelArn: `arn:aws:bedrock:us-east-1:${A}:custom-model/${LLAMA}/chattuned02`,
      modelName: 'chat-tuned-nokms',
      jobName: 'chat-tune-job',
      jobArn: `arn:aws:bedrock:us-east-1:${A}:model-customization-job/${LLAMA}/chatjob02`,
      baseModelArn: fm('us-east-1', LLAMA),
      customizationType: 'FINE_TUNING',
      trainingDataConfig: { s3Uri: 's3://acme-training-scratch/chat/train.jsonl' },
      validationDataConfig: { validators: [] },
      outputDataConfig: { s3Uri: 's3://acme-training-scratch/chat/output/' },
      modelStatus: 'Active',
      creationTime: T0,
    },
  ],
  customizationJobs: [
    {
      jobArn: `arn:aws:bedrock:us-east-1:${A}:model-customization-job/${LLAMA}/claimsjob01`,
      jobName: 'claims-ft-job',
      outputModelName: 'claims-classifier-ft',
      roleArn: role('bedrock-ft-role'),
      status: 'Completed',
      baseModelArn: fm('us-east-1', LLAMA),
      customizationType: 'FINE_TUNING',
      trainingDataConfig: { s3Uri: 's3://acme-training-data/claims/train.jsonl' },
      validationDataConfig: { validators: [{ s3Uri: 's3://acme-training-data/claims/validation.jsonl' }] },
      outputDataConfig: { s3Uri: 's3://acme-training-data/claims/output/' },
      outputModelKmsKeyArn: kms('us-east-1', 'training-key'),
      vpcConfig: { subnetIds: ['subnet-0a1b2c3d4e5f60001'], securityGroupIds: ['sg-0a1b2c3d4e5f60001'] },
      hyperParameters: { epochCount: '2' },
      creationTime: T0,
    },
    {
      jobArn: `arn:aws:bedrock:us-east-1:${A}:model-customization-job/${LLAMA}/chatjob02`,
      jobName: 'chat-tune-job',
      outputModelName: 'chat-tuned-nokms',
      roleArn: role('bedrock-ft-scratch-role'),
      status: 'Completed',
      baseModelArn: fm('us-east-1', LLAMA),
      customizationType: 'FINE_TUNING',
      trainingDataConfig: { s3Uri: 's3://acme-training-scratch/chat/train.jsonl' },
      validationDataConfig: { validators: [] },
      outputDataConfig: { s3Uri: 's3://acme-training-scratch/chat/output/' },
      hyperParameters: { epochCount: '5' },
      creationTime: T0,
    },
  ],
  importedModels: [
    {
      modelArn: `arn:aws:bedrock:us-east-1:${A}:imported-model/llamaimp01`,
      modelName: 'llama-imported',
      jobName: 'llama-import-job',
      jobArn: `arn:aws:bedrock:us-east-1:${A}:model-import-job/llamaimpjob01`,
      modelDataSource: { s3DataSource: { s3Uri: 's3://acme-ml-sandbox/llama-weights/' } },
      modelArchitecture: 'llama3',
      creationTime: T0,
    },
  ],
  importJobs: [
    {
      jobArn: `arn:aws:bedrock:us-east-1:${A}:model-import-job/llamaimpjob01`,
      jobName: 'llama-import-job',
      importedModelName: 'llama-imported',
      importedModelArn: `arn:aws:bedrock:us-east-1:${A}:imported-model/llamaimp01`,
      roleArn: role('bedrock-ft-scratch-role'),
      modelDataSource: { s3DataSource: { s3Uri: 's3://acme-ml-sandbox/llama-weights/' } },
      status: 'Completed',
      creationTime: T0,
    },
  ],
  throughputs: [
    {
      provisionedModelName: 'claims-pt',
      provisionedModelArn: `arn:aws:bedrock:us-east-1:${A}:provisioned-model/claimspt01`,
      modelArn: `arn:aws:bedrock:us-east-1:${A}:custom-model/${LLAMA}/claimsft01`,
      desiredModelArn: `arn:aws:bedrock:us-east-1:${A}:custom-model/${LLAMA}/claimsft01`,
      foundationModelArn: fm('us-east-1', LLAMA),
      modelUnits: 1,
      desiredModelUnits: 1,
      status: 'InService',
      commitmentDuration: 'OneMonth',
      creationTime: T0,
      lastModifiedTime: T0,
    },
  ],
  inferenceProfiles: [
    {
      inferenceProfileName: 'app-claude-profile',
      inferenceProfileArn: `arn:aws:bedrock:us-east-1:${A}:application-inference-profile/appclaude01`,
      inferenceProfileId: 'appclaude01',
      models: [{ modelArn: fm('us-east-1', CLAUDE_SONNET) }],
      status: 'ACTIVE',
      type: 'APPLICATION',
      createdAt: T0,
      updatedAt: T0,
    },
  ],
  guardrails: [
    {
      draft: guardrail('us-east-1', 'grstrict01', 'gr-strict', 'DRAFT', {
        strength: 'HIGH',
        promptAttack: true,
        pii: true,
        grounding: true,
        kms: true,
        topics: ['investment-advice'],
      }),
      versions: [
        guardrail('us-east-1', 'grstrict01', 'gr-strict', '1', {
          strength: 'HIGH',
          promptAttack: true,
          pii: true,
          grounding: true,
          kms: true,
          topics: ['investment-advice'],
        }),
      ],
    },
    {
      draft: guardrail('us-east-1', 'grweak02', 'gr-weak', 'DRAFT', {
        strength: 'LOW',
        promptAttack: false,
        pii: false,
        grounding: false,
        kms: false,
      }),
      versions: [],
    },
  ],
  prompts: [
    {
      name: 'support-triage-prompt',
      id: 'PRMTRIAGE1',
      arn: `arn:aws:bedrock:us-east-1:${A}:prompt/PRMTRIAGE1`,
      version: 'DRAFT',
      customerEncryptionKeyArn: kms('us-east-1', 'prompt-key'),
      variants: [{ name: 'v1', templateType: 'TEXT' }],
      createdAt: T0,
      updatedAt: T0,
    },
    {
      name: 'marketing-copy-prompt',
      id: 'PRMMARKET2',
      arn: `arn:aws:bedrock:us-east-1:${A}:prompt/PRMMARKET2`,
      version: 'DRAFT',
      variants: [
        { name: 'a', templateType: 'TEXT' },
        { name: 'b', templateType: 'TEXT' },
      ],
      createdAt: T0,
      updatedAt: T0,
    },
  ],
  agents: [
    {
      versions: [released(SUPPORT_AGENT, '3')],
      agent: SUPPORT_AGENT,
      aliases: [
        {
          agentAliasId: 'PRODALIAS1',
          agentAliasName: 'prod',
          agentAliasStatus: 'PREPARED',
          routingConfiguration: [{ agentVersion: '3' }],
          createdAt: T0,
          updatedAt: T0,
        },
      ],
      actionGroups: [actionGroup('AGSUPPORT1', 'AGRPORDERS', 'orders-lookup', fnArn('us-east-1', 'support-orders-fn'))],
      knowledgeBases: [{ knowledgeBaseId: 'KBSUPPORT01', knowledgeBaseState: 'ENABLED', description: 'support docs', updatedAt: T0 }],
    },
    {
      agent: agent('us-east-1', 'AGOPSAUTO2', 'ops-agent', {
        model: CLAUDE_SONNET,
        role: role('ops-agent-role'),
        instruction: 'You are an operations assistant. Run the requested maintenance commands with the ops tool.',
        ttl: 3600,
      }),
      aliases: [
        {
          agentAliasId: 'TSTALIASID',
          agentAliasName: 'AgentTestAlias',
          agentAliasStatus: 'PREPARED',
          routingConfiguration: [{ agentVersion: 'DRAFT' }],
          createdAt: T0,
          updatedAt: T0,
        },
      ],
      actionGroups: [actionGroup('AGOPSAUTO2', 'AGRPOPSRUN', 'ops-runner', fnArn('us-east-1', 'ops-runner-fn'))],
      knowledgeBases: [{ knowledgeBaseId: 'KBPUBLIC02', knowledgeBaseState: 'ENABLED', description: 'shared docs', updatedAt: T0 }],
    },
  ],
  knowledgeBases: [
    {
      kb: {
        knowledgeBaseId: 'KBSUPPORT01',
        name: 'support-kb',
        knowledgeBaseArn: `arn:aws:bedrock:us-east-1:${A}:knowledge-base/KBSUPPORT01`,
        roleArn: role('kb-support-role'),
        knowledgeBaseConfiguration: {
          type: 'VECTOR',
          vectorKnowledgeBaseConfiguration: { embeddingModelArn: fm('us-east-1', TITAN_EMBED) },
        },
        storageConfiguration: {
          type: 'OPENSEARCH_SERVERLESS',
          opensearchServerlessConfiguration: {
            collectionArn: `arn:aws:aoss:us-east-1:${A}:collection/supportkb`,
            vectorIndexName: 'support',
            fieldMapping: { vectorField: 'v', textField: 't', metadataField: 'm' },
          },
        },
        status: 'ACTIVE',
        createdAt: T0,
        updatedAt: T0,
      },
      dataSources: [
        {
          knowledgeBaseId: 'KBSUPPORT01',
          dataSourceId: 'DSSUPPORT1',
          name: 'support-docs',
          status: 'AVAILABLE',
          dataSourceConfiguration: {
            type: 'S3',
            s3Configuration: { bucketArn: 'arn:aws:s3:::acme-support-docs', inclusionPrefixes: ['kb/'] },
          },
          serverSideEncryptionConfiguration: { kmsKeyArn: kms('us-east-1', 'kb-docs-key') },
          dataDeletionPolicy: 'DELETE',
          createdAt: T0,
          updatedAt: T0,
        },
      ],
    },
    {
      kb: {
        knowledgeBaseId: 'KBPUBLIC02',
        name: 'public-docs-kb',
        knowledgeBaseArn: `arn:aws:bedrock:us-east-1:${A}:knowledge-base/KBPUBLIC02`,
        roleArn: role('kb-public-docs-role'),
        knowledgeBaseConfiguration: {
          type: 'VECTOR',
          vectorKnowledgeBaseConfiguration: { embeddingModelArn: fm('us-east-1', TITAN_EMBED) },
        },
        storageConfiguration: {
          type: 'PINECONE',
          pineconeConfiguration: {
            connectionString: 'https://demo-index.svc.pinecone.io',
            credentialsSecretArn: `arn:aws:secretsmanager:us-east-1:${A}:secret:pinecone-AbCdEf`,
            fieldMapping: { textField: 't', metadataField: 'm' },
          },
        },
        status: 'ACTIVE',
        createdAt: T0,
        updatedAt: T0,
      },
      dataSources: [
        {
          knowledgeBaseId: 'KBPUBLIC02',
          dataSourceId: 'DSPUBLIC02',
          name: 'shared-docs',
          status: 'AVAILABLE',
          dataSourceConfiguration: { type: 'S3', s3Configuration: { bucketArn: 'arn:aws:s3:::acme-kb-public-share' } },
          dataDeletionPolicy: 'RETAIN',
          createdAt: T0,
          updatedAt: T0,
        },
      ],
    },
  ],
  sagemaker: {
    endpoints: [
      smEndpoint('us-east-1', 'fraud-endpoint', 'fraud-endpoint-config', {
        capture: { kms: true, uri: 's3://acme-datacapture/fraud/' },
        instances: 2,
      }),
      smEndpoint('us-east-1', 'recsys-endpoint', 'recsys-endpoint-config', { instances: 1 }),
    ],
    endpointConfigs: [
      smEndpointConfig('us-east-1', 'fraud-endpoint-config', 'fraud-model', {
        kms: true,
        capture: { kms: true, uri: 's3://acme-datacapture/fraud/' },
        instances: 2,
      }),
      smEndpointConfig('us-east-1', 'recsys-endpoint-config', 'recsys-model', { instances: 1 }),
    ],
    models: [
      smModel('us-east-1', 'fraud-model', {
        role: 'sagemaker-fraud-role',
        image: `${A}.dkr.ecr.us-east-1.amazonaws.com/fraud-xgb:1.4`,
        data: 's3://acme-sagemaker-artifacts/fraud/model.tar.gz',
        env: { SAGEMAKER_PROGRAM: 'inference.py', LOG_LEVEL: 'info' },
        isolation: true,
        vpc: true,
      }),
      smModel('us-east-1', 'recsys-model', {
        role: 'sagemaker-research-role',
        image: 'docker.io/acmeml/recsys-serving:latest',
        data: 's3://acme-ml-sandbox/recsys/model.tar.gz',
        env: { HF_TOKEN: `hf_${'DemoFakeToken'.repeat(3)}`, DB_PASSWORD: 'demo-not-a-real-password', MODEL_NAME: 'recsys-v2' },
        isolation: false,
        vpc: false,
      }),
    ],
    notebooks: [
      smNotebook('us-east-1', 'ds-notebook-secure', {
        role: 'sagemaker-fraud-role',
        internet: false,
        root: false,
        kms: true,
        vpc: true,
        platform: 'notebook-al2023-v1',
        imds: '2',
      }),
      smNotebook('us-east-1', 'research-notebook', {
        role: 'sagemaker-research-role',
        internet: true,
        root: true,
        kms: false,
        vpc: false,
        platform: 'notebook-al1-v1',
        imds: '1',
        lcc: 'research-setup',
      }),
    ],
    lifecycleConfigs: [
      {
        NotebookInstanceLifecycleConfigName: 'research-setup',
        NotebookInstanceLifecycleConfigArn: `arn:aws:sagemaker:us-east-1:${A}:notebook-instance-lifecycle-config/research-setup`,
        OnStart: [
          {
            Content: b64(
              `#!/bin/bash\nexport AWS_ACCESS_KEY_ID=${FAKE_AWS_KEY}\nexport OPENAI_API_KEY=${FAKE_OPENAI}\npip install openai\n`,
            ),
          },
        ],
        CreationTime: T0,
        LastModifiedTime: T0,
      },
    ],
    trainingJobs: [
      smTraining('us-east-1', 'fraud-train-2026-11', {
        role: 'sagemaker-fraud-role',
        secure: true,
        input: 's3://acme-sagemaker-artifacts/fraud/train/',
        output: 's3://acme-sagemaker-artifacts/fraud/models/',
      }),
      smTraining('us-east-1', 'quick-experiment', {
        role: 'sagemaker-research-role',
        secure: false,
        input: 's3://acme-ml-sandbox/data/',
        output: 's3://acme-ml-sandbox/out/',
        env: { WANDB_API_KEY: 'demo-wandb-plaintext-0123456789' },
      }),
    ],
    domains: [
      {
        DomainId: 'd-mlstudio001',
        DomainArn: `arn:aws:sagemaker:us-east-1:${A}:domain/d-mlstudio001`,
        DomainName: 'ml-studio',
        Status: 'InService',
        AuthMode: 'IAM',
        AppNetworkAccessType: 'PublicInternetOnly',
        VpcId: 'vpc-0a1b2c3d4e5f60001',
        SubnetIds: ['subnet-0a1b2c3d4e5f60001'],
        DefaultUserSettings: { ExecutionRole: role('sagemaker-studio-role') },
        CreationTime: T0,
      },
    ],
    userProfiles: [
      {
        DomainId: 'd-mlstudio001',
        UserProfileName: 'alice',
        UserProfileArn: `arn:aws:sagemaker:us-east-1:${A}:user-profile/d-mlstudio001/alice`,
        Status: 'InService',
        UserSettings: { ExecutionRole: role('sagemaker-research-role') },
        CreationTime: T0,
      },
    ],
    packageGroups: [
      {
        group: {
          ModelPackageGroupName: 'fraud-models',
          ModelPackageGroupArn: `arn:aws:sagemaker:us-east-1:${A}:model-package-group/fraud-models`,
          ModelPackageGroupStatus: 'Completed',
          CreationTime: T0,
        },
        packages: [
          {
            ModelPackageGroupName: 'fraud-models',
            ModelPackageVersion: 1,
            ModelPackageArn: `arn:aws:sagemaker:us-east-1:${A}:model-package/fraud-models/1`,
            ModelPackageStatus: 'Completed',
            ModelApprovalStatus: 'Rejected',
            CreationTime: '2026-09-01T10:00:00.000Z',
          },
          {
            ModelPackageGroupName: 'fraud-models',
            ModelPackageVersion: 2,
            ModelPackageArn: `arn:aws:sagemaker:us-east-1:${A}:model-package/fraud-models/2`,
            ModelPackageStatus: 'Completed',
            ModelApprovalStatus: 'Approved',
            CreationTime: '2026-10-01T10:00:00.000Z',
          },
        ],
      },
      {
        group: {
          ModelPackageGroupName: 'shared-models',
          ModelPackageGroupArn: `arn:aws:sagemaker:us-east-1:${A}:model-package-group/shared-models`,
          ModelPackageGroupStatus: 'Completed',
          CreationTime: T0,
        },
        policy: policy({
          Sid: 'ShareWithAnyone',
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: ['sagemaker:DescribeModelPackage', 'sagemaker:ListModelPackages', 'sagemaker:CreateModel'],
          Resource: `arn:aws:sagemaker:us-east-1:${A}:model-package/shared-models/*`,
        }),
        packages: [
          {
            ModelPackageGroupName: 'shared-models',
            ModelPackageVersion: 1,
            ModelPackageArn: `arn:aws:sagemaker:us-east-1:${A}:model-package/shared-models/1`,
            ModelPackageStatus: 'Completed',
            ModelApprovalStatus: 'PendingManualApproval',
            CreationTime: '2026-10-05T10:00:00.000Z',
          },
        ],
      },
    ],
    monitoringSchedules: [
      {
        MonitoringScheduleName: 'fraud-data-quality',
        MonitoringScheduleArn: `arn:aws:sagemaker:us-east-1:${A}:monitoring-schedule/fraud-data-quality`,
        MonitoringScheduleStatus: 'Scheduled',
        MonitoringType: 'DataQuality',
        EndpointName: 'fraud-endpoint',
        MonitoringScheduleConfig: {
          ScheduleConfig: { ScheduleExpression: 'cron(0 * ? * * *)' },
          MonitoringType: 'DataQuality',
          MonitoringJobDefinition: {
            MonitoringInputs: [{ EndpointInput: { EndpointName: 'fraud-endpoint', LocalPath: '/opt/ml/processing/input' } }],
            MonitoringOutputConfig: {
              MonitoringOutputs: [{ S3Output: { S3Uri: 's3://acme-datacapture/monitoring/', LocalPath: '/opt/ml/processing/output' } }],
              KmsKeyId: kms('us-east-1', 'sm-key'),
            },
            MonitoringResources: {
              ClusterConfig: {
                InstanceCount: 1,
                InstanceType: 'ml.m5.large',
                VolumeSizeInGB: 20,
                VolumeKmsKeyId: kms('us-east-1', 'sm-key'),
              },
            },
            MonitoringAppSpecification: { ImageUri: '156813124566.dkr.ecr.us-east-1.amazonaws.com/sagemaker-model-monitor-analyzer' },
            RoleArn: role('sagemaker-fraud-role'),
            NetworkConfig: { EnableNetworkIsolation: true, EnableInterContainerTrafficEncryption: true },
          },
        },
        CreationTime: T0,
        LastModifiedTime: T0,
      },
    ],
    featureGroups: [
      {
        FeatureGroupName: 'customer-features',
        FeatureGroupArn: `arn:aws:sagemaker:us-east-1:${A}:feature-group/customer-features`,
        FeatureGroupStatus: 'Created',
        RecordIdentifierFeatureName: 'customer_id',
        EventTimeFeatureName: 'event_time',
        FeatureDefinitions: [
          { FeatureName: 'customer_id', FeatureType: 'String' },
          { FeatureName: 'event_time', FeatureType: 'String' },
        ],
        OnlineStoreConfig: { EnableOnlineStore: true },
        OfflineStoreConfig: { S3StorageConfig: { S3Uri: 's3://acme-ml-sandbox/features/' }, DisableGlueTableCreation: false },
        RoleArn: role('sagemaker-research-role'),
        CreationTime: T0,
      },
    ],
    jobDefinitions: [
      {
        kind: 'data-quality',
        def: {
          JobDefinitionName: 'fraud-dq-jobdef',
          JobDefinitionArn: `arn:aws:sagemaker:us-east-1:${A}:data-quality-job-definition/fraud-dq-jobdef`,
          CreationTime: T0,
          DataQualityAppSpecification: { ImageUri: '156813124566.dkr.ecr.us-east-1.amazonaws.com/sagemaker-model-monitor-analyzer' },
          DataQualityJobInput: { EndpointInput: { EndpointName: 'fraud-endpoint', LocalPath: '/opt/ml/processing/input' } },
          DataQualityJobOutputConfig: {
            MonitoringOutputs: [{ S3Output: { S3Uri: 's3://acme-datacapture/dq/', LocalPath: '/opt/ml/processing/output' } }],
            KmsKeyId: kms('us-east-1', 'sm-key'),
          },
          JobResources: {
            ClusterConfig: {
              InstanceCount: 1,
              InstanceType: 'ml.m5.large',
              VolumeSizeInGB: 20,
              VolumeKmsKeyId: kms('us-east-1', 'sm-key'),
            },
          },
          NetworkConfig: {
            EnableNetworkIsolation: true,
            EnableInterContainerTrafficEncryption: true,
            VpcConfig: { SecurityGroupIds: ['sg-0a1b2c3d4e5f60001'], Subnets: ['subnet-0a1b2c3d4e5f60001'] },
          },
          RoleArn: role('sagemaker-fraud-role'),
        },
      },
      {
        kind: 'model-bias',
        def: {
          JobDefinitionName: 'recsys-bias-jobdef',
          JobDefinitionArn: `arn:aws:sagemaker:us-east-1:${A}:model-bias-job-definition/recsys-bias-jobdef`,
          CreationTime: T0,
          ModelBiasAppSpecification: {
            ImageUri: '205585389593.dkr.ecr.us-east-1.amazonaws.com/sagemaker-clarify-processing:1.0',
            ConfigUri: 's3://acme-ml-sandbox/bias/analysis_config.json',
          },
          ModelBiasJobInput: {
            EndpointInput: { EndpointName: 'recsys-endpoint', LocalPath: '/opt/ml/processing/input' },
            GroundTruthS3Input: { S3Uri: 's3://acme-ml-sandbox/bias/ground-truth/' },
          },
          ModelBiasJobOutputConfig: {
            MonitoringOutputs: [{ S3Output: { S3Uri: 's3://acme-ml-sandbox/bias/out/', LocalPath: '/opt/ml/processing/output' } }],
          },
          JobResources: { ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.m5.large', VolumeSizeInGB: 20 } },
          RoleArn: role('sagemaker-research-role'),
        },
      },
    ],
    inferenceExperiments: [
      {
        Arn: `arn:aws:sagemaker:us-east-1:${A}:inference-experiment/recsys-shadow-test`,
        Name: 'recsys-shadow-test',
        Type: 'ShadowMode',
        Status: 'Running',
        RoleArn: role('sagemaker-research-role'),
        EndpointMetadata: { EndpointName: 'recsys-endpoint', EndpointConfigName: 'recsys-endpoint-config', EndpointStatus: 'InService' },
        ModelVariants: [],
        DataStorageConfig: { Destination: 's3://acme-ml-sandbox/shadow/' },
        CreationTime: T0,
      },
    ],
  },
  lambdas: [
    lambda('us-east-1', 'chatbot-openai-fn', {
      role: 'chatbot-fn-role',
      env: { OPENAI_API_KEY: FAKE_OPENAI, OPENAI_MODEL: 'gpt-4o-mini', LOG_LEVEL: 'INFO' },
      layers: [`arn:aws:lambda:us-east-1:${A}:layer:openai-python:3`],
    }),
    lambda('us-east-1', 'summarizer-anthropic-fn', {
      role: 'summarizer-fn-role',
      env: {
        ANTHROPIC_API_KEY_SECRET_ARN: `arn:aws:secretsmanager:us-east-1:${A}:secret:anthropic-api-key-AbCdEf`,
        SUMMARY_MAX_TOKENS: '512',
      },
      kms: true,
      runtime: 'nodejs20.x',
    }),
    lambda('us-east-1', 'support-orders-fn', { role: 'support-orders-role', env: { TABLE_NAME: 'orders' } }),
    lambda('us-east-1', 'ops-runner-fn', { role: 'ops-runner-role', env: { TARGET_ACCOUNT: A } }),
    lambda('us-east-1', 'bedrock-report-fn', {
      role: 'support-orders-role',
      env: { BEDROCK_MODEL_ID: CLAUDE_HAIKU, REPORT_BUCKET: 'acme-reports' },
      runtime: 'python3.12',
    }),
    lambda('us-east-1', 'thumbnail-fn', { role: 'chatbot-fn-role', env: { OUTPUT_PREFIX: 'thumbs/' }, runtime: 'nodejs20.x' }),
  ],
  taskDefinitions: [
    {
      taskDefinitionArn: `arn:aws:ecs:us-east-1:${A}:task-definition/rag-worker:7`,
      family: 'rag-worker',
      revision: 7,
      taskRoleArn: role('rag-worker-task-role'),
      status: 'ACTIVE',
      containerDefinitions: [
        {
          name: 'worker',
          image: `${A}.dkr.ecr.us-east-1.amazonaws.com/rag-worker:2.1`,
          environment: [
            { name: 'COHERE_API_KEY', value: FAKE_COHERE_LIKE },
            { name: 'VECTOR_DB_URL', value: 'https://demo-index.svc.pinecone.io' },
          ],
          secrets: [
            { name: 'HUGGINGFACEHUB_API_TOKEN', valueFrom: `arn:aws:secretsmanager:us-east-1:${A}:secret:huggingface/hf-token-XyZ123` },
          ],
        },
      ],
      requiresCompatibilities: ['FARGATE'],
    },
    {
      taskDefinitionArn: `arn:aws:ecs:us-east-1:${A}:task-definition/web-frontend:12`,
      family: 'web-frontend',
      revision: 12,
      status: 'ACTIVE',
      containerDefinitions: [{ name: 'web', image: 'nginx:1.27', environment: [{ name: 'PORT', value: '8080' }] }],
    },
  ],
  secrets: [
    {
      ARN: `arn:aws:secretsmanager:us-east-1:${A}:secret:prod/openai/api-key-Q1w2E3`,
      Name: 'prod/openai/api-key',
      Description: 'OpenAI key for the chatbot',
      RotationEnabled: false,
      LastChangedDate: T0,
      Tags: [{ Key: 'team', Value: 'growth' }],
    },
    {
      ARN: `arn:aws:secretsmanager:us-east-1:${A}:secret:anthropic-api-key-AbCdEf`,
      Name: 'anthropic-api-key',
      Description: 'Anthropic key for the summarizer',
      KmsKeyId: SECRETS_KEY_ALIAS,
      RotationEnabled: true,
      LastRotatedDate: '2026-11-01T00:00:00.000Z',
      Tags: [],
    },
    {
      ARN: `arn:aws:secretsmanager:us-east-1:${A}:secret:huggingface/hf-token-XyZ123`,
      Name: 'huggingface/hf-token',
      RotationEnabled: false,
      Tags: [],
    },
    {
      ARN: `arn:aws:secretsmanager:us-east-1:${A}:secret:db/orders-password-Zz9Yy8`,
      Name: 'db/orders-password',
      RotationEnabled: true,
      Tags: [],
    },
  ],
  vpcEndpoints: [
    {
      VpcEndpointId: 'vpce-0bedrockrt0001',
      VpcEndpointType: 'Interface',
      VpcId: 'vpc-0a1b2c3d4e5f60001',
      ServiceName: 'com.amazonaws.us-east-1.bedrock-runtime',
      State: 'available',
    },
    {
      VpcEndpointId: 'vpce-0smruntime0001',
      VpcEndpointType: 'Interface',
      VpcId: 'vpc-0a1b2c3d4e5f60001',
      ServiceName: 'com.amazonaws.us-east-1.sagemaker.runtime',
      State: 'available',
    },
    {
      VpcEndpointId: 'vpce-0s3gateway0001',
      VpcEndpointType: 'Gateway',
      VpcId: 'vpc-0a1b2c3d4e5f60001',
      ServiceName: 'com.amazonaws.us-east-1.s3',
      State: 'available',
    },
  ],
  ec2: {
    // Self-hosted AI compute (docs/demo-account.md): a GPU playground someone opened to the internet, a private
    // Inferentia inference server done right, and an ordinary web server that must not enter the AI inventory.
    instances: [
      {
        InstanceId: 'i-0a11a3a9e0011434a',
        InstanceType: 'g5.xlarge',
        ImageId: 'ami-0ubuntu2204base01',
        State: { Code: 16, Name: 'running' },
        PublicIpAddress: '54.210.10.20',
        PublicDnsName: 'ec2-54-210-10-20.compute-1.amazonaws.com',
        PrivateIpAddress: '10.0.1.20',
        SubnetId: 'subnet-0public000000001',
        VpcId: 'vpc-0a1b2c3d4e5f60001',
        SecurityGroups: [{ GroupId: 'sg-0ollamaopen00001', GroupName: 'ollama-playground' }],
        NetworkInterfaces: [
          {
            NetworkInterfaceId: 'eni-0ollama000000001',
            Attachment: { DeviceIndex: 0, Status: 'attached' },
            Association: { PublicIp: '54.210.10.20', IpOwnerId: 'amazon' },
            PrivateIpAddress: '10.0.1.20',
            PrivateIpAddresses: [
              { Primary: true, PrivateIpAddress: '10.0.1.20', Association: { PublicIp: '54.210.10.20', IpOwnerId: 'amazon' } },
            ],
            Groups: [{ GroupId: 'sg-0ollamaopen00001', GroupName: 'ollama-playground' }],
          },
        ],
        IamInstanceProfile: { Arn: `arn:aws:iam::${A}:instance-profile/gpu-playground-profile`, Id: 'AIPADEMOGPUPLAY00001' },
        MetadataOptions: { State: 'applied', HttpTokens: 'optional', HttpPutResponseHopLimit: 1, HttpEndpoint: 'enabled' },
        RootDeviceType: 'ebs',
        RootDeviceName: '/dev/sda1',
        BlockDeviceMappings: [{ DeviceName: '/dev/sda1', Ebs: { VolumeId: 'vol-0ollamaroot00001', Status: 'attached' } }],
        Tags: [
          { Key: 'Name', Value: 'ollama-playground' },
          { Key: 'owner', Value: 'data-science' },
        ],
      },
      {
        InstanceId: 'i-0b22b4b0f0022000b',
        InstanceType: 'inf2.xlarge',
        ImageId: 'ami-0dlamineuron00001',
        State: { Code: 16, Name: 'running' },
        PrivateIpAddress: '10.0.2.30',
        SubnetId: SUBNET_A,
        VpcId: 'vpc-0a1b2c3d4e5f60001',
        SecurityGroups: [{ GroupId: 'sg-0inferprivate001', GroupName: 'llm-inference' }],
        NetworkInterfaces: [
          {
            NetworkInterfaceId: 'eni-0infer0000000001',
            Attachment: { DeviceIndex: 0, Status: 'attached' },
            PrivateIpAddress: '10.0.2.30',
            PrivateIpAddresses: [{ Primary: true, PrivateIpAddress: '10.0.2.30' }],
            Groups: [{ GroupId: 'sg-0inferprivate001', GroupName: 'llm-inference' }],
          },
        ],
        MetadataOptions: { State: 'applied', HttpTokens: 'required', HttpPutResponseHopLimit: 2, HttpEndpoint: 'enabled' },
        RootDeviceType: 'ebs',
        RootDeviceName: '/dev/xvda',
        BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { VolumeId: 'vol-0inferroot000001', Status: 'attached' } }],
        Tags: [{ Key: 'Name', Value: 'llm-inference-private' }],
      },
      {
        InstanceId: 'i-0c33c5c1a0033000c',
        InstanceType: 't3.small',
        ImageId: 'ami-0deregistered0001',
        State: { Code: 16, Name: 'running' },
        PublicIpAddress: '3.91.20.30',
        PublicDnsName: 'ec2-3-91-20-30.compute-1.amazonaws.com',
        SubnetId: 'subnet-0public000000001',
        VpcId: 'vpc-0a1b2c3d4e5f60001',
        SecurityGroups: [{ GroupId: 'sg-0webpublic000001', GroupName: 'web' }],
        MetadataOptions: { State: 'applied', HttpTokens: 'optional', HttpPutResponseHopLimit: 1, HttpEndpoint: 'enabled' },
        Tags: [{ Key: 'Name', Value: 'web-frontend' }],
      },
    ],
    // ami-0deregistered0001 (the web server's) is no longer describable: DescribeImages leaves it out
    images: [
      { ImageId: 'ami-0ubuntu2204base01', Name: 'ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-20260101' },
      { ImageId: 'ami-0dlamineuron00001', Name: 'Deep Learning AMI Neuron (Ubuntu 22.04) 20261101' },
    ],
    // the playground's root volume was created before anyone turned on encryption by default (still off here); the
    // inference server's is encrypted with the AWS-managed aws/ebs key
    volumes: [
      {
        VolumeId: 'vol-0ollamaroot00001',
        Size: 200,
        VolumeType: 'gp3',
        State: 'in-use',
        Encrypted: false,
        Attachments: [{ VolumeId: 'vol-0ollamaroot00001', InstanceId: 'i-0a11a3a9e0011434a', Device: '/dev/sda1', State: 'attached' }],
      },
      {
        VolumeId: 'vol-0inferroot000001',
        Size: 100,
        VolumeType: 'gp3',
        State: 'in-use',
        Encrypted: true,
        KmsKeyId: US_AWS_EBS_KEY,
        Attachments: [{ VolumeId: 'vol-0inferroot000001', InstanceId: 'i-0b22b4b0f0022000b', Device: '/dev/xvda', State: 'attached' }],
      },
    ],
    ebsEncryptionByDefault: false,
    securityGroups: [
      {
        GroupId: 'sg-0ollamaopen00001',
        GroupName: 'ollama-playground',
        VpcId: 'vpc-0a1b2c3d4e5f60001',
        IpPermissions: [
          { IpProtocol: 'tcp', FromPort: 11434, ToPort: 11434, IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'ollama api' }] },
          { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
        ],
      },
      {
        GroupId: 'sg-0inferprivate001',
        GroupName: 'llm-inference',
        VpcId: 'vpc-0a1b2c3d4e5f60001',
        IpPermissions: [
          { IpProtocol: 'tcp', FromPort: 8000, ToPort: 8000, UserIdGroupPairs: [{ GroupId: AGENT_SG, UserId: A }] },
          { IpProtocol: 'tcp', FromPort: 8000, ToPort: 8000, IpRanges: [{ CidrIp: '10.0.0.0/16' }] },
        ],
      },
      {
        GroupId: 'sg-0webpublic000001',
        GroupName: 'web',
        VpcId: 'vpc-0a1b2c3d4e5f60001',
        IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
      },
    ],
  },
  agentCore: {
    // one compliant and one flawed asset of each AgentCore kind (Security Hub BedrockAgentCore.1-.7 and beyond)
    runtimes: [
      agentCoreRuntime('support_concierge-AbCdEf0001', {
        networkConfiguration: { networkMode: 'VPC', networkModeConfig: { subnets: [SUBNET_A], securityGroups: [AGENT_SG] } },
        metadataConfiguration: { requireMMDSV2: true },
        environmentVariables: { LOG_LEVEL: 'info', MODEL_ID: CLAUDE_SONNET },
      }),
      // a growth-team prototype, "fixed" in version 2 (VPC, MMDSv2, no key), but its `prod` endpoint stays pinned to
      // version 1 (below): public, MMDSv1, an OpenAI key pasted into the environment. Only the latest looks clean.
      agentCoreRuntime('growth_hacker_agent-AbCdEf0002', {
        agentRuntimeVersion: '2',
        networkConfiguration: { networkMode: 'VPC', networkModeConfig: { subnets: [SUBNET_A], securityGroups: [AGENT_SG] } },
        metadataConfiguration: { requireMMDSV2: true },
        environmentVariables: { CAMPAIGN: 'q4' },
      }),
    ],
    runtimeVersions: [
      agentCoreRuntime('growth_hacker_agent-AbCdEf0002', {
        networkConfiguration: { networkMode: 'PUBLIC' },
        environmentVariables: { OPENAI_API_KEY: FAKE_OPENAI, CAMPAIGN: 'q4' },
      }),
    ],
    runtimeEndpoints: [
      {
        name: 'prod',
        id: 'prod',
        status: 'READY',
        liveVersion: '1',
        description: 'growth campaigns (pinned before the fix)',
        agentRuntimeArn: `arn:aws:bedrock-agentcore:us-east-1:${A}:runtime/growth_hacker_agent-AbCdEf0002`,
        agentRuntimeEndpointArn: `arn:aws:bedrock-agentcore:us-east-1:${A}:runtime/growth_hacker_agent-AbCdEf0002/runtime-endpoint/prod`,
      },
    ],
    gateways: [
      {
        gatewayArn: `arn:aws:bedrock-agentcore:us-east-1:${A}:gateway/support-tools-gateway-abc1234567`,
        gatewayId: 'support-tools-gateway-abc1234567',
        gatewayUrl: 'https://support-tools-gateway-abc1234567.gateway.bedrock-agentcore.us-east-1.amazonaws.com/mcp',
        name: 'support-tools-gateway',
        status: 'READY',
        roleArn: role('agentcore-tools-role'),
        protocolType: 'MCP',
        authorizerType: 'CUSTOM_JWT',
        authorizerConfiguration: {
          customJWTAuthorizer: {
            discoveryUrl: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_DemoPool1/.well-known/openid-configuration',
            allowedClients: ['3n4demo5client6id7support8'],
          },
        },
        kmsKeyArn: kms('us-east-1', 'agentcore-key'),
        // Cedar policies decide which support tools each caller may use, enforced
        policyEngineConfiguration: {
          arn: `arn:aws:bedrock-agentcore:us-east-1:${A}:policy-engine/support_tools_policies-AbCdEf0001`,
          mode: 'ENFORCE',
        },
      },
      // created for a hackathon "to try MCP": no inbound authorization, AWS-owned key, debug errors to callers, a
      // policy engine left in LOG_ONLY after testing, a resource policy open to everyone, and a wiki MCP server it
      // calls over plain HTTP without credentials (below)
      {
        gatewayArn: `arn:aws:bedrock-agentcore:us-east-1:${A}:gateway/legacy-open-gateway-abc7654321`,
        gatewayId: 'legacy-open-gateway-abc7654321',
        name: 'legacy-open-gateway',
        status: 'READY',
        roleArn: role('agentcore-tools-role'),
        protocolType: 'MCP',
        authorizerType: 'NONE',
        exceptionLevel: 'DEBUG',
        policyEngineConfiguration: {
          arn: `arn:aws:bedrock-agentcore:us-east-1:${A}:policy-engine/hackathon_policies-AbCdEf0002`,
          mode: 'LOG_ONLY',
        },
      },
    ],
    gatewayTargets: [
      // support gateway: a Lambda tool signed with the gateway role, the CRM's MCP server over HTTPS with OAuth
      {
        gatewayArn: `arn:aws:bedrock-agentcore:us-east-1:${A}:gateway/support-tools-gateway-abc1234567`,
        targetId: 'ORDERSLKP1',
        name: 'orders-lookup',
        status: 'READY',
        createdAt: T0,
        updatedAt: T0,
        targetConfiguration: {
          mcp: { lambda: { lambdaArn: `arn:aws:lambda:us-east-1:${A}:function:orders-lookup`, toolSchema: { inlinePayload: [] } } },
        },
        credentialProviderConfigurations: [{ credentialProviderType: 'GATEWAY_IAM_ROLE' }],
      },
      {
        gatewayArn: `arn:aws:bedrock-agentcore:us-east-1:${A}:gateway/support-tools-gateway-abc1234567`,
        targetId: 'CRMMCP0001',
        name: 'crm-mcp',
        status: 'READY',
        createdAt: T0,
        updatedAt: T0,
        targetConfiguration: { mcp: { mcpServer: { endpoint: 'https://mcp.crm.acme.example/mcp' } } },
        credentialProviderConfigurations: [
          {
            credentialProviderType: 'OAUTH',
            credentialProvider: {
              oauthCredentialProvider: {
                providerArn: `arn:aws:bedrock-agentcore:us-east-1:${A}:token-vault/default/oauth2credentialprovider/crm-oauth`,
                scopes: ['tickets.read'],
              },
            },
          },
        ],
      },
      // the hackathon gateway's wiki MCP server: plain http, no credentials (anyone on the network can call it)
      {
        gatewayArn: `arn:aws:bedrock-agentcore:us-east-1:${A}:gateway/legacy-open-gateway-abc7654321`,
        targetId: 'WIKIMCP001',
        name: 'legacy-wiki-mcp',
        status: 'READY',
        createdAt: T0,
        updatedAt: T0,
        targetConfiguration: { mcp: { mcpServer: { endpoint: 'http://wiki.corp.acme.example:8080/mcp' } } },
        credentialProviderConfigurations: [],
      },
    ],
    resourcePolicies: {
      // callers from the agents' VPC only: `*` under an aws:SourceVpc condition
      [`arn:aws:bedrock-agentcore:us-east-1:${A}:runtime/support_concierge-AbCdEf0001`]: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'FromAgentVpc',
            Effect: 'Allow',
            Principal: '*',
            Action: 'bedrock-agentcore:InvokeAgentRuntime',
            Resource: `arn:aws:bedrock-agentcore:us-east-1:${A}:runtime/support_concierge-AbCdEf0001`,
            Condition: { StringEquals: { 'aws:SourceVpc': 'vpc-0demo0000000001' } },
          },
        ],
      },
      // "so the demo works from any laptop": every AWS principal may invoke the hackathon gateway
      [`arn:aws:bedrock-agentcore:us-east-1:${A}:gateway/legacy-open-gateway-abc7654321`]: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'Anyone',
            Effect: 'Allow',
            Principal: { AWS: '*' },
            Action: 'bedrock-agentcore:InvokeGateway',
            Resource: `arn:aws:bedrock-agentcore:us-east-1:${A}:gateway/legacy-open-gateway-abc7654321`,
          },
        ],
      },
    },
    // the token vault holds the CRM OAuth client and a search API key, under the service-managed key
    tokenVault: { tokenVaultId: 'default', kmsConfiguration: { keyType: 'ServiceManagedKey' }, lastModifiedDate: Date.parse(T0) / 1000 },
    credentialProviders: {
      apiKey: [
        {
          name: 'web-search-key',
          credentialProviderArn: `arn:aws:bedrock-agentcore:us-east-1:${A}:token-vault/default/apikeycredentialprovider/web-search-key`,
          createdTime: Date.parse(T0) / 1000,
          lastUpdatedTime: Date.parse(T0) / 1000,
        },
      ],
      oauth2: [
        {
          name: 'crm-oauth',
          credentialProviderVendor: 'CustomOauth2',
          credentialProviderArn: `arn:aws:bedrock-agentcore:us-east-1:${A}:token-vault/default/oauth2credentialprovider/crm-oauth`,
          createdTime: Date.parse(T0) / 1000,
          lastUpdatedTime: Date.parse(T0) / 1000,
        },
      ],
    },
    memories: [
      {
        arn: `arn:aws:bedrock-agentcore:us-east-1:${A}:memory/support_memory-AbCdEf0001`,
        id: 'support_memory-AbCdEf0001',
        name: 'support_memory',
        encryptionKeyArn: kms('us-east-1', 'agentcore-key'),
        eventExpiryDuration: 30,
        status: 'ACTIVE',
        strategies: [],
      },
      {
        arn: `arn:aws:bedrock-agentcore:us-east-1:${A}:memory/scratch_memory-AbCdEf0002`,
        id: 'scratch_memory-AbCdEf0002',
        name: 'scratch_memory',
        eventExpiryDuration: 365,
        status: 'ACTIVE',
        strategies: [],
      },
    ],
    browsers: [
      {
        browserArn: `arn:aws:bedrock-agentcore:us-east-1:${A}:browser-custom/research_browser-AbCdEf0001`,
        browserId: 'research_browser-AbCdEf0001',
        name: 'research_browser',
        status: 'READY',
        executionRoleArn: role('agentcore-tools-role'),
        networkConfiguration: { networkMode: 'VPC', vpcConfig: { subnets: [SUBNET_A], securityGroups: [AGENT_SG] } },
        recording: { enabled: true, s3Location: { bucket: 'acme-agent-recordings', prefix: 'browser/' } },
      },
      {
        browserArn: `arn:aws:bedrock-agentcore:us-east-1:${A}:browser-custom/open_web_browser-AbCdEf0002`,
        browserId: 'open_web_browser-AbCdEf0002',
        name: 'open_web_browser',
        status: 'READY',
        executionRoleArn: role('agentcore-tools-role'),
        networkConfiguration: { networkMode: 'PUBLIC' },
      },
    ],
    codeInterpreters: [
      {
        codeInterpreterArn: `arn:aws:bedrock-agentcore:us-east-1:${A}:code-interpreter-custom/finance_analytics-AbCdEf0001`,
        codeInterpreterId: 'finance_analytics-AbCdEf0001',
        name: 'finance_analytics',
        status: 'READY',
        executionRoleArn: role('agentcore-tools-role'),
        networkConfiguration: { networkMode: 'VPC', vpcConfig: { subnets: [SUBNET_A], securityGroups: [AGENT_SG] } },
      },
      {
        codeInterpreterArn: `arn:aws:bedrock-agentcore:us-east-1:${A}:code-interpreter-custom/quick_sandbox-AbCdEf0002`,
        codeInterpreterId: 'quick_sandbox-AbCdEf0002',
        name: 'quick_sandbox',
        status: 'READY',
        executionRoleArn: role('agentcore-tools-role'),
        networkConfiguration: { networkMode: 'SANDBOX' },
      },
    ],
  },
  flows: [
    // guarded nodes and a customer key in the DRAFT and in the version the prod alias serves; the old version 1 (before
    // the guardrails, no alias routes to it) is not served, so only its key is judged: the flow had the CMK from the start
    {
      flow: flowDoc('FLOWSUPP01', 'support-router-flow', 'DRAFT', { kms: true, promptGuard: true, kbGuard: true }),
      aliases: [flowAlias('FLOWSUPP01', 'PRODALIAS1', 'prod', '2')],
      versions: [
        flowDoc('FLOWSUPP01', 'support-router-flow', '1', { kms: true, promptGuard: false, kbGuard: false }),
        flowDoc('FLOWSUPP01', 'support-router-flow', '2', { kms: true, promptGuard: true, kbGuard: true }),
      ],
    },
    // the DRAFT was fixed (guardrails added) but never released: prod still serves version 2 with unguarded nodes,
    // and the flow was created without a customer key
    {
      flow: flowDoc('FLOWPRICE2', 'pricing-flow', 'DRAFT', { kms: false, promptGuard: true, kbGuard: true }),
      aliases: [flowAlias('FLOWPRICE2', 'PRODALIAS2', 'prod', '2')],
      versions: [flowDoc('FLOWPRICE2', 'pricing-flow', '2', { kms: false, promptGuard: false, kbGuard: false })],
    },
  ],
  batchJobs: [
    batchJob('claimsbatch01', 'claims-batch-nightly', {
      status: 'InProgress',
      input: 's3://acme-training-data/batch/in/claims.jsonl',
      output: 's3://acme-training-data/batch/out/',
      kms: true,
      vpcConfig: { subnetIds: [SUBNET_A], securityGroupIds: ['sg-0a1b2c3d4e5f60001'] },
    }),
    // an ad-hoc job reading prompts from the partner-writable scratch bucket, no VPC, output without a key
    batchJob('mktbatch02', 'marketing-batch-adhoc', {
      status: 'Scheduled',
      roleArn: role('bedrock-ft-scratch-role'),
      input: 's3://acme-training-scratch/batch/prompts.jsonl',
      output: 's3://acme-training-scratch/batch/out/',
    }),
    // ended months ago: out of scope (only running jobs and jobs that ended within 30 days are inventoried)
    batchJob('q3backfill03', 'q3-backfill', {
      status: 'Completed',
      roleArn: role('bedrock-ft-scratch-role'),
      input: 's3://acme-ml-sandbox/backfill/in.jsonl',
      output: 's3://acme-ml-sandbox/backfill/out/',
      endTime: '2026-07-01T06:00:00.000Z',
    }),
  ],
};

const euWest1: DemoRegionData = {
  // logging deliberately OFF in eu-west-1 (models are in use there)
  logging: undefined,
  logGroups: [],
  modelUsage: [],
  customModels: [],
  customizationJobs: [],
  importedModels: [],
  importJobs: [],
  throughputs: [],
  inferenceProfiles: [],
  guardrails: [
    {
      draft: guardrail('eu-west-1', 'greubasic3', 'gr-eu-basic', 'DRAFT', {
        strength: 'MEDIUM',
        promptAttack: true,
        pii: true,
        grounding: false,
        kms: true,
      }),
      versions: [
        guardrail('eu-west-1', 'greubasic3', 'gr-eu-basic', '1', {
          strength: 'MEDIUM',
          promptAttack: true,
          pii: false,
          grounding: false,
          kms: true,
        }),
      ],
    },
  ],
  prompts: [],
  agents: [
    {
      // the released version 2 that alias `prod` serves predates the guardrail (drift between DRAFT and production)
      versions: [released(EU_HR_AGENT, '2', { guardrailConfiguration: undefined })],
      agent: EU_HR_AGENT,
      aliases: [
        {
          agentAliasId: 'EUPRODALS1',
          agentAliasName: 'prod',
          agentAliasStatus: 'PREPARED',
          routingConfiguration: [{ agentVersion: '2' }],
          createdAt: T0,
          updatedAt: T0,
        },
      ],
      actionGroups: [],
      knowledgeBases: [{ knowledgeBaseId: 'KBEUHR0003', knowledgeBaseState: 'ENABLED', description: 'hr', updatedAt: T0 }],
    },
  ],
  knowledgeBases: [
    {
      kb: {
        knowledgeBaseId: 'KBEUHR0003',
        name: 'eu-hr-policies-kb',
        knowledgeBaseArn: `arn:aws:bedrock:eu-west-1:${A}:knowledge-base/KBEUHR0003`,
        roleArn: role('eu-kb-role'),
        knowledgeBaseConfiguration: {
          type: 'VECTOR',
          vectorKnowledgeBaseConfiguration: { embeddingModelArn: fm('eu-west-1', TITAN_EMBED) },
        },
        storageConfiguration: {
          type: 'OPENSEARCH_SERVERLESS',
          opensearchServerlessConfiguration: {
            collectionArn: `arn:aws:aoss:eu-west-1:${A}:collection/hrkb`,
            vectorIndexName: 'hr',
            fieldMapping: { vectorField: 'v', textField: 't', metadataField: 'm' },
          },
        },
        status: 'ACTIVE',
        createdAt: T0,
        updatedAt: T0,
      },
      dataSources: [
        {
          knowledgeBaseId: 'KBEUHR0003',
          dataSourceId: 'DSEUHR0003',
          name: 'hr-docs',
          status: 'AVAILABLE',
          dataSourceConfiguration: { type: 'S3', s3Configuration: { bucketArn: 'arn:aws:s3:::acme-eu-hr-docs' } },
          serverSideEncryptionConfiguration: { kmsKeyArn: kms('eu-west-1', 'hr-key') },
          dataDeletionPolicy: 'DELETE',
          createdAt: T0,
          updatedAt: T0,
        },
      ],
    },
  ],
  sagemaker: {
    endpoints: [smEndpoint('eu-west-1', 'eu-sentiment-endpoint', 'eu-sentiment-config', { instances: 0 })],
    endpointConfigs: [smEndpointConfig('eu-west-1', 'eu-sentiment-config', 'eu-sentiment-model', { instances: 0, serverless: true })],
    models: [
      smModel('eu-west-1', 'eu-sentiment-model', {
        role: 'sagemaker-studio-role',
        image: `763104351884.dkr.ecr.eu-west-1.amazonaws.com/huggingface-pytorch-inference:2.1-transformers4.37-cpu-py310`,
        data: 's3://acme-eu-features/sentiment/model.tar.gz',
        env: { HF_MODEL_ID: 'distilbert-base-uncased-finetuned-sst-2-english', HF_TASK: 'text-classification' },
        isolation: true,
        vpc: true,
      }),
    ],
    notebooks: [
      // the volume key is the AWS-managed aws/sagemaker key, given by its key ARN (passes any "key set" test)
      smNotebook('eu-west-1', 'eu-analytics-nb', {
        role: 'sagemaker-studio-role',
        internet: false,
        root: true,
        kms: EU_AWS_SAGEMAKER_KEY,
        vpc: true,
        platform: 'notebook-al2-v3',
        imds: '2',
      }),
    ],
    lifecycleConfigs: [],
    trainingJobs: [],
    domains: [
      {
        DomainId: 'd-eustudio002',
        DomainArn: `arn:aws:sagemaker:eu-west-1:${A}:domain/d-eustudio002`,
        DomainName: 'eu-studio',
        Status: 'InService',
        AuthMode: 'SSO',
        AppNetworkAccessType: 'VpcOnly',
        KmsKeyId: kms('eu-west-1', 'studio-key'),
        VpcId: 'vpc-0e1f2a3b4c5d60002',
        SubnetIds: ['subnet-0e1f2a3b4c5d60001', 'subnet-0e1f2a3b4c5d60002'],
        DefaultUserSettings: { ExecutionRole: role('sagemaker-studio-role') },
        CreationTime: T0,
      },
    ],
    userProfiles: [],
    packageGroups: [],
    monitoringSchedules: [],
    featureGroups: [
      {
        FeatureGroupName: 'eu-churn-features',
        FeatureGroupArn: `arn:aws:sagemaker:eu-west-1:${A}:feature-group/eu-churn-features`,
        FeatureGroupStatus: 'Created',
        RecordIdentifierFeatureName: 'id',
        EventTimeFeatureName: 'ts',
        FeatureDefinitions: [
          { FeatureName: 'id', FeatureType: 'String' },
          { FeatureName: 'ts', FeatureType: 'String' },
        ],
        OnlineStoreConfig: { EnableOnlineStore: true, SecurityConfig: { KmsKeyId: kms('eu-west-1', 'fs-key') } },
        OfflineStoreConfig: { S3StorageConfig: { S3Uri: 's3://acme-eu-features/churn/', KmsKeyId: kms('eu-west-1', 'fs-key') } },
        RoleArn: role('sagemaker-studio-role'),
        CreationTime: T0,
      },
    ],
  },
  lambdas: [
    lambda('eu-west-1', 'gemini-translator-fn', {
      role: 'translator-fn-role',
      env: { GEMINI_API_KEY: FAKE_GOOGLE, TARGET_LANGS: 'de,fr,es' },
      runtime: 'python3.12',
    }),
    lambda('eu-west-1', 'mistral-router-fn', {
      role: 'translator-fn-role',
      env: {
        LLM_ENDPOINT: 'https://api.mistral.ai/v1/chat/completions',
        MISTRAL_API_KEY_PARAM: '/aws/reference/secretsmanager/mistral-key',
      },
      runtime: 'python3.12',
    }),
  ],
  taskDefinitions: [],
  secrets: [
    {
      ARN: `arn:aws:secretsmanager:eu-west-1:${A}:secret:mistral-key-Mm1Nn2`,
      Name: 'mistral-key',
      Description: 'Mistral La Plateforme API key',
      RotationEnabled: false,
      Tags: [],
    },
  ],
  vpcEndpoints: [],
};

/** A fresh copy of the demo account (callers may mutate it, e.g. to simulate changes). */
export function demoAccount(): DemoAccount {
  return structuredClone({
    accountId: A,
    roles,
    users,
    groups: [{ name: 'analysts', inline: {}, attached: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] }],
    managedPolicies: {
      ...managedPolicies,
      'arn:aws:iam::aws:policy/ReadOnlyAccess': policy({
        Effect: 'Allow',
        Action: ['s3:Get*', 's3:List*', 'ec2:Describe*'],
        Resource: '*',
      }),
    },
    apiKeys: [
      {
        UserName: 'ci-bot',
        ServiceSpecificCredentialId: 'ACCADEMOCIBOT0000001',
        Status: 'Active',
        CreateDate: '2025-06-01T08:00:00.000Z',
        ServiceName: 'bedrock.amazonaws.com',
      },
      {
        UserName: 'analyst-jane',
        ServiceSpecificCredentialId: 'ACCADEMOJANE00000002',
        Status: 'Active',
        CreateDate: '2026-11-01T08:00:00.000Z',
        ExpirationDate: '2026-12-01T08:00:00.000Z',
        ServiceName: 'bedrock.amazonaws.com',
      },
    ],
    buckets,
    accountPublicAccessBlock: ACCOUNT_PAB,
    regions: { 'us-east-1': usEast1, 'eu-west-1': euWest1 },
    kmsKeys: demoKmsKeys(),
    instanceProfiles: [{ name: 'gpu-playground-profile', roles: ['gpu-playground-role'] }],
  });
}

/**
 * Every KMS key the demo references, as DescribeKey reports it: customer-managed and enabled, except the AWS-managed
 * `aws/sagemaker` key of eu-west-1 that `eu-analytics-nb` names by its key ARN.
 */
function demoKmsKeys(): DemoKmsKey[] {
  const customer = (region: string, id: string, aliases: string[] = []): DemoKmsKey => ({
    arn: kms(region, id),
    keyManager: 'CUSTOMER',
    keyState: 'Enabled',
    aliases,
  });
  const us = [
    'agentcore-key',
    'flows-key',
    'kb-docs-key',
    'logs-key',
    'prompt-key',
    'sm-key',
    'training-key',
    'nb-key',
    'agent-AGSUPPORT1',
    'guardrail-grstrict01',
    'lambda-summarizer-anthropic-fn',
  ].map((id) => customer('us-east-1', id));
  const eu = ['fs-key', 'hr-key', 'studio-key', 'agent-AGEUHR0003', 'guardrail-greubasic3'].map((id) => customer('eu-west-1', id));
  return [
    ...us,
    customer('us-east-1', 'secrets-key', ['alias/ai-provider-secrets']),
    ...eu,
    { arn: EU_AWS_SAGEMAKER_KEY, keyManager: 'AWS', keyState: 'Enabled', aliases: ['alias/aws/sagemaker'] },
    { arn: US_AWS_EBS_KEY, keyManager: 'AWS', keyState: 'Enabled', aliases: ['alias/aws/ebs'] },
  ];
}
