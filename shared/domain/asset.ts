import type { AssetConfigMap } from './asset-config.ts';

/**
 * Every kind of asset the inventory knows. The prefix is the AWS service (or `shadow` for
 * non-AWS AI usage found inside AWS resources).
 */
export const ASSET_TYPES = [
  // Amazon Bedrock
  'bedrock.custom-model',
  'bedrock.imported-model',
  'bedrock.customization-job',
  'bedrock.batch-inference-job',
  'bedrock.provisioned-throughput',
  'bedrock.inference-profile',
  'bedrock.guardrail',
  'bedrock.logging-config',
  'bedrock.prompt',
  'bedrock.agent',
  'bedrock.knowledge-base',
  'bedrock.flow',
  'bedrock.foundation-model',
  // Amazon Bedrock AgentCore (custom browsers and code interpreters only: the AWS-owned system tools are not assets;
  // the token vault is one per region)
  'bedrock-agentcore.runtime',
  'bedrock-agentcore.gateway',
  'bedrock-agentcore.memory',
  'bedrock-agentcore.browser',
  'bedrock-agentcore.code-interpreter',
  'bedrock-agentcore.token-vault',
  // IAM around AI assets
  'iam.bedrock-api-key',
  'iam.role',
  'iam.user',
  // Amazon SageMaker
  'sagemaker.endpoint',
  'sagemaker.endpoint-config',
  'sagemaker.model',
  'sagemaker.notebook-instance',
  'sagemaker.training-job',
  'sagemaker.domain',
  'sagemaker.user-profile',
  'sagemaker.model-package-group',
  'sagemaker.monitoring-schedule',
  'sagemaker.job-definition',
  'sagemaker.feature-group',
  'sagemaker.inference-experiment',
  // data and supply chain
  's3.bucket',
  'ec2.vpc-endpoints',
  // shadow AI
  'lambda.function',
  'ecs.task-definition',
  'secretsmanager.secret',
  // self-hosted AI compute (shadow AI): EC2 instances with accelerators, ML images or model-server names
  'ec2.instance',
] as const;
export type AssetType = (typeof ASSET_TYPES)[number];

export function isAssetType(v: unknown): v is AssetType {
  return typeof v === 'string' && (ASSET_TYPES as readonly string[]).includes(v);
}

/**
 * The id of a Bedrock API key asset (`iam.bedrock-api-key`, an IAM service-specific credential): discovery writes it,
 * the runtime analyzer looks a credential up by it (a CloudTrail UpdateServiceSpecificCredential names no service).
 */
export function apiKeyId(accountId: string, credentialId: string) {
  return `aispm:iam.bedrock-api-key:${accountId}:global:${credentialId}`;
}

/** Directed edge of the asset graph: `from` --kind--> `targetId`. */
export type RelationKind =
  | 'uses-model' // agent/endpoint/profile/throughput -> model
  | 'uses-config' // endpoint -> endpoint config
  | 'serves-model' // endpoint config -> sagemaker model
  | 'uses-guardrail' // agent / flow node -> guardrail
  | 'uses-knowledge-base' // agent / flow node -> knowledge base
  | 'invokes-function' // agent action group / flow Lambda node -> lambda
  | 'assumes-role' // anything -> execution role
  | 'encrypted-by' // anything -> KMS key (target is the key ARN; keys are not assets)
  | 'reads-data' // training / KB data source / model artifact -> bucket
  | 'writes-data' // output, logs, data capture -> bucket
  | 'produced-by' // custom model -> customization job
  | 'derived-from' // custom model -> base model
  | 'uses-image' // sagemaker model -> container image (target is the image URI)
  | 'member-of' // user profile -> domain
  | 'monitors' // monitoring schedule -> endpoint
  | 'owned-by' // api key -> iam user
  | 'calls-provider'; // shadow AI -> external provider (target is the provider id)

export interface Relationship {
  kind: RelationKind;
  /** ARN / asset id of the target; for non-asset targets (KMS key, image, provider) the natural identifier. */
  targetId: string;
  /** Asset type of the target when the target is itself an inventoried asset. */
  targetType?: AssetType;
}

/**
 * A normalized AI asset. Config conventions (the contract between collectors and checks):
 * - a field that is `undefined` was NOT read (unknown): checks must answer ERROR/MANUAL, never PASS;
 * - a field that is `null` was read and AWS reported nothing set (e.g. no KMS key: AWS-owned key);
 * - secret values are never stored: only names/kinds of secret-like things.
 */
export interface Asset<T extends AssetType = AssetType> {
  /** Stable id: the ARN where AWS has one, otherwise a synthetic `aispm:<type>:<account>:<region>:<name>`. */
  id: string;
  type: T;
  accountId: string;
  /** AWS region, or `global` for IAM. */
  region: string;
  name: string;
  config: AssetConfigMap[T];
  tags: Record<string, string>;
  relationships: Relationship[];
  /** SHA-256 (hex) of the canonical JSON of config + tags + relationships. */
  configHash: string;
  firstSeen: string;
  lastSeen: string;
  /** Sub-reads that failed while collecting this asset (e.g. `GetModelPackageGroupPolicy: AccessDeniedException`). */
  collectionErrors?: string[];
  /** Set when a complete scan of its account/region/service no longer found it. */
  deletedAt?: string;
}

export type AnyAsset = { [K in AssetType]: Asset<K> }[AssetType];

/**
 * A part of the account that could not be read. Never treated as "clean": it surfaces as a finding.
 */
export interface CoverageGap {
  accountId: string;
  region: string;
  service: string;
  operation: string;
  errorCode: string;
  message: string;
  observedAt: string;
}

/** Outcome of collecting one service in one account/region. */
export type ServiceScanStatus = 'complete' | 'absent' | 'partial' | 'failed';
