import type { BedrockClient } from '@aws-sdk/client-bedrock';
import type { BedrockAgentClient } from '@aws-sdk/client-bedrock-agent';
import type { BedrockAgentCoreControlClient } from '@aws-sdk/client-bedrock-agentcore-control';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { ECSClient } from '@aws-sdk/client-ecs';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { S3Client } from '@aws-sdk/client-s3';
import type { S3ControlClient } from '@aws-sdk/client-s3-control';
import type { SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { STSClient } from '@aws-sdk/client-sts';

/**
 * One AWS account to scan. Today a single account (the caller's own credentials); the org-wide fan-out later is a
 * list of targets, each with the role to assume in that account. Nothing else in discovery changes.
 */
export interface AccountTarget {
  /** Expected account id. When absent it is resolved with STS GetCallerIdentity. */
  accountId?: string;
  /** Role to assume in the target account (cross-account scanning). Absent = use ambient credentials. */
  roleArn?: string;
  externalId?: string;
  sessionName?: string;
}

/** The SDK clients discovery uses, by short service name. */
export interface ServiceClientMap {
  bedrock: BedrockClient;
  bedrockAgent: BedrockAgentClient;
  /** Amazon Bedrock AgentCore control plane (IAM prefix `bedrock-agentcore`). */
  bedrockAgentCore: BedrockAgentCoreControlClient;
  sagemaker: SageMakerClient;
  iam: IAMClient;
  s3: S3Client;
  /** S3 Control: the account-level Block Public Access setting (GetPublicAccessBlock with AccountId). */
  s3control: S3ControlClient;
  lambda: LambdaClient;
  ecs: ECSClient;
  secretsManager: SecretsManagerClient;
  ec2: EC2Client;
  logs: CloudWatchLogsClient;
  /** KMS: DescribeKey of the keys AI assets reference (key metadata only). */
  kms: KMSClient;
  sts: STSClient;
}
export type ServiceKey = keyof ServiceClientMap;

/**
 * Makes (and caches) SDK clients per account target, region and service. Implementations must honour an
 * endpoint override so the local AWS stand-in and tests can serve the calls.
 */
export interface ClientFactory {
  client<K extends ServiceKey>(service: K, region: string, target: AccountTarget): ServiceClientMap[K];
}
