import { BedrockClient } from '@aws-sdk/client-bedrock';
import { BedrockAgentClient } from '@aws-sdk/client-bedrock-agent';
import { BedrockAgentCoreControlClient } from '@aws-sdk/client-bedrock-agentcore-control';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ECSClient } from '@aws-sdk/client-ecs';
import { IAMClient } from '@aws-sdk/client-iam';
import { KMSClient } from '@aws-sdk/client-kms';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import { S3ControlClient } from '@aws-sdk/client-s3-control';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { STSClient } from '@aws-sdk/client-sts';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';
import type { AccountTarget, ClientFactory, ServiceClientMap, ServiceKey } from './types.ts';

export interface ClientFactoryOptions {
  /** Endpoint override for every service (local stand-in), e.g. `http://127.0.0.1:4566`. */
  endpoint?: string;
  /** Static credentials or a provider; default: the SDK's default chain. */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Attempts per call with adaptive retry (client-side rate limiting on throttling). Default 8. */
  maxAttempts?: number;
  /** Custom request handler (benchmarks, in-process stand-ins). */
  requestHandler?: unknown;
}

/** Partition of a region (`aws`, `aws-cn`, `aws-us-gov`). */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** The region global services (IAM, STS for identity) are called in for a partition. */
export function globalRegion(partition: string): string {
  if (partition === 'aws-cn') return 'cn-north-1';
  if (partition === 'aws-us-gov') return 'us-gov-west-1';
  return 'us-east-1';
}

const ctors: { [K in ServiceKey]: new (cfg: Record<string, unknown>) => ServiceClientMap[K] } = {
  bedrock: BedrockClient,
  bedrockAgent: BedrockAgentClient,
  bedrockAgentCore: BedrockAgentCoreControlClient,
  sagemaker: SageMakerClient,
  iam: IAMClient,
  s3: S3Client,
  s3control: S3ControlClient,
  lambda: LambdaClient,
  ecs: ECSClient,
  secretsManager: SecretsManagerClient,
  ec2: EC2Client,
  logs: CloudWatchLogsClient,
  kms: KMSClient,
  sts: STSClient,
} as never;

/**
 * Default ClientFactory: real SDK v3 clients with adaptive retries, one per (target, region, service), credentials of
 * the target's role when it has one (assumed with STS, refreshed automatically).
 */
export function createClientFactory(opts: ClientFactoryOptions = {}): ClientFactory {
  const cache = new Map<string, unknown>();
  const creds = new Map<string, AwsCredentialIdentity | AwsCredentialIdentityProvider | undefined>();
  const credentialsFor = (target: AccountTarget) => {
    const key = target.roleArn ?? '';
    if (!creds.has(key)) {
      creds.set(
        key,
        target.roleArn
          ? fromTemporaryCredentials({
              masterCredentials: opts.credentials,
              params: {
                RoleArn: target.roleArn,
                ExternalId: target.externalId,
                RoleSessionName: target.sessionName ?? 'aispm-discovery',
                DurationSeconds: 3600,
              },
              clientConfig: opts.endpoint ? { endpoint: opts.endpoint } : undefined,
            })
          : opts.credentials,
      );
    }
    return creds.get(key);
  };
  return {
    client<K extends ServiceKey>(service: K, region: string, target: AccountTarget): ServiceClientMap[K] {
      const key = `${target.roleArn ?? ''}|${region}|${service}`;
      let c = cache.get(key) as ServiceClientMap[K] | undefined;
      if (!c) {
        const cfg: Record<string, unknown> = {
          region,
          retryMode: 'adaptive',
          maxAttempts: opts.maxAttempts ?? 8,
        };
        const credentials = credentialsFor(target);
        if (credentials) cfg.credentials = credentials;
        if (opts.endpoint) cfg.endpoint = opts.endpoint;
        if (opts.requestHandler) cfg.requestHandler = opts.requestHandler;
        if (service === 's3') {
          cfg.forcePathStyle = Boolean(opts.endpoint);
          cfg.followRegionRedirects = true;
        }
        // S3 Control puts the account id in front of the endpoint's host (`{AccountId}.s3-control...`), which a local
        // endpoint (`http://127.0.0.1:PORT`) cannot take: send to the override as given (the x-amz-account-id header
        // still names the account)
        if (service === 's3control' && opts.endpoint) {
          const url = new URL(opts.endpoint);
          cfg.endpointProvider = () => ({ url });
        }
        c = new ctors[service](cfg);
        cache.set(key, c);
      }
      return c;
    },
  };
}
