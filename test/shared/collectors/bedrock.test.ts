import {
  GetModelInvocationJobCommand,
  ListModelInvocationJobsCommand,
  BedrockClient,
  GetCustomModelCommand,
  GetGuardrailCommand,
  GetModelInvocationLoggingConfigurationCommand,
  ListCustomModelsCommand,
  ListGuardrailsCommand,
} from '@aws-sdk/client-bedrock';
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { batchInferenceJobs, batchJobInScope, customModels, guardrails, loggingConfig } from '../../../shared/collectors/bedrock.ts';
import { runCollector } from '../../../shared/collectors/context.ts';
import { ACCOUNT, awsError, testEnv, testRun } from '../../fixtures/discovery/env.ts';

const bedrock = mockClient(BedrockClient);
const logs = mockClient(CloudWatchLogsClient);
afterEach(() => {
  bedrock.reset();
  logs.reset();
});

const arn = (n: string) => `arn:aws:bedrock:us-east-1:${ACCOUNT}:custom-model/base/${n}`;

describe('custom models collector', () => {
  it('follows nextToken across pages and describes every model once', async () => {
    bedrock
      .on(ListCustomModelsCommand, { nextToken: undefined })
      .resolves({ modelSummaries: [{ modelArn: arn('a'), modelName: 'a' } as never], nextToken: 'p2' })
      .on(ListCustomModelsCommand, { nextToken: 'p2' })
      .resolves({ modelSummaries: [{ modelArn: arn('b'), modelName: 'b' } as never] });
    bedrock.on(GetCustomModelCommand).callsFake((input: { modelIdentifier: string }) => ({
      modelArn: input.modelIdentifier,
      modelName: input.modelIdentifier.split('/').pop(),
      baseModelArn: 'arn:aws:bedrock:us-east-1::foundation-model/meta.llama3-1-8b-instruct-v1:0',
      trainingDataConfig: { s3Uri: 's3://train-bucket/data.jsonl' },
      outputDataConfig: { s3Uri: 's3://out-bucket/' },
      creationTime: new Date(),
    }));
    const env = testEnv();
    const out = await runCollector(customModels, env, 'us-east-1');
    expect(out.status).toBe('complete');
    expect(out.drafts.map((d) => d.name).sort()).toEqual(['a', 'b']);
    expect(bedrock.commandCalls(ListCustomModelsCommand)).toHaveLength(2);
    expect(bedrock.commandCalls(GetCustomModelCommand)).toHaveLength(2);
    const a = out.drafts.find((d) => d.name === 'a');
    // no KMS key reported = read and not set (AWS-owned key)
    expect(a?.config).toMatchObject({ modelKmsKeyArn: null, trainingDataS3Uri: 's3://train-bucket/data.jsonl' });
    expect(a?.relationships).toEqual(
      expect.arrayContaining([
        { kind: 'reads-data', targetId: 'arn:aws:s3:::train-bucket', targetType: 's3.bucket' },
        { kind: 'writes-data', targetId: 'arn:aws:s3:::out-bucket', targetType: 's3.bucket' },
      ]),
    );
    expect(env.limiter.calls).toBe(4);
  });

  it('records AccessDenied on the listing as a coverage gap (status failed, never a clean bill)', async () => {
    bedrock.on(ListCustomModelsCommand).rejects(awsError('AccessDeniedException', 'not authorized', 403));
    const out = await runCollector(customModels, testEnv(), 'us-east-1');
    expect(out.status).toBe('failed');
    expect(out.gaps).toEqual([
      expect.objectContaining({ service: 'bedrock', errorCode: 'AccessDeniedException', region: 'us-east-1', accountId: ACCOUNT }),
    ]);
  });

  it('treats an unsupported operation or region as absent, without a gap', async () => {
    bedrock.on(ListCustomModelsCommand).rejects(awsError('UnknownOperationException'));
    const out = await runCollector(customModels, testEnv(), 'ap-east-2');
    expect(out).toMatchObject({ status: 'absent', drafts: [], gaps: [] });
    bedrock
      .on(ListCustomModelsCommand)
      .rejects(Object.assign(new Error('getaddrinfo ENOTFOUND bedrock.xx-1.amazonaws.com'), { code: 'ENOTFOUND' }));
    expect((await runCollector(customModels, testEnv(), 'xx-1')).status).toBe('absent');
  });

  it('records throttling that outlived the retries as a gap', async () => {
    bedrock.on(ListCustomModelsCommand).rejects(awsError('ThrottlingException', 'Rate exceeded'));
    const out = await runCollector(customModels, testEnv(), 'us-east-1');
    expect(out.status).toBe('failed');
    expect(out.gaps[0].errorCode).toBe('ThrottlingException');
  });

  it('keeps a model whose describe failed, with unknown config and its error (partial)', async () => {
    bedrock.on(ListCustomModelsCommand).resolves({ modelSummaries: [{ modelArn: arn('x'), modelName: 'x' } as never] });
    bedrock.on(GetCustomModelCommand).rejects(awsError('AccessDeniedException', 'denied', 403));
    const out = await runCollector(customModels, testEnv(), 'us-east-1');
    expect(out.status).toBe('partial');
    expect(out.drafts).toHaveLength(1);
    expect(out.drafts[0].collectionErrors).toEqual(['GetCustomModel: AccessDeniedException']);
    expect((out.drafts[0].config as { modelKmsKeyArn?: unknown }).modelKmsKeyArn).toBeUndefined();
    expect(out.gaps).toHaveLength(1);
  });

  it('skips a model deleted between list and describe', async () => {
    bedrock.on(ListCustomModelsCommand).resolves({ modelSummaries: [{ modelArn: arn('gone'), modelName: 'gone' } as never] });
    bedrock.on(GetCustomModelCommand).rejects(awsError('ResourceNotFoundException', 'not found', 404));
    const out = await runCollector(customModels, testEnv(), 'us-east-1');
    expect(out).toMatchObject({ status: 'complete', drafts: [], gaps: [] });
  });
});

describe('guardrails collector', () => {
  const g = (version: string, promptAttack: boolean) => ({
    name: 'gr',
    guardrailId: 'gid1',
    guardrailArn: `arn:aws:bedrock:us-east-1:${ACCOUNT}:guardrail/gid1`,
    version,
    status: 'READY',
    contentPolicy: {
      filters: [
        { type: 'HATE', inputStrength: 'HIGH', outputStrength: 'HIGH' },
        ...(promptAttack ? [{ type: 'PROMPT_ATTACK', inputStrength: 'HIGH', outputStrength: 'NONE' }] : []),
      ],
    },
    createdAt: new Date(),
    updatedAt: new Date('2026-01-01T00:00:00Z'),
  });

  it('reads the DRAFT and every published version', async () => {
    bedrock.on(ListGuardrailsCommand, { guardrailIdentifier: undefined }).resolves({
      guardrails: [{ id: 'gid1', arn: g('DRAFT', true).guardrailArn, version: 'DRAFT', name: 'gr', status: 'READY' } as never],
    });
    bedrock.on(ListGuardrailsCommand, { guardrailIdentifier: 'gid1' }).resolves({
      guardrails: [{ version: 'DRAFT' }, { version: '1' }, { version: '2' }] as never,
    });
    bedrock
      .on(GetGuardrailCommand)
      .callsFake((i: { guardrailVersion?: string }) => g(i.guardrailVersion ?? 'DRAFT', i.guardrailVersion !== '1'));
    const out = await runCollector(guardrails, testEnv(), 'us-east-1');
    expect(out.status).toBe('complete');
    const cfg = out.drafts[0].config as {
      contentFilters: { type: string }[];
      versions: { version: string; contentFilters: { type: string }[] }[];
      kmsKeyArn: unknown;
      piiEntities: unknown;
    };
    expect(cfg.contentFilters.map((f) => f.type)).toContain('PROMPT_ATTACK');
    expect(cfg.versions.map((v) => v.version)).toEqual(['1', '2']);
    expect(cfg.versions[0].contentFilters.map((f) => f.type)).not.toContain('PROMPT_ATTACK');
    expect(cfg.kmsKeyArn).toBeNull();
    expect(cfg.piiEntities).toBeNull();
  });
});

describe('invocation logging collector', () => {
  it('reports logging off when loggingConfig is absent', async () => {
    bedrock.on(GetModelInvocationLoggingConfigurationCommand).resolves({});
    const out = await runCollector(loggingConfig, testEnv(), 'eu-west-1');
    expect(out.drafts[0]).toMatchObject({
      id: `aispm:bedrock.logging-config:${ACCOUNT}:eu-west-1:model-invocation-logging`,
      config: { enabled: false, s3: null, cloudWatch: null },
    });
  });

  it('reads destinations, delivery flags and the log group posture', async () => {
    bedrock.on(GetModelInvocationLoggingConfigurationCommand).resolves({
      loggingConfig: {
        s3Config: { bucketName: 'logs-b', keyPrefix: 'p' },
        cloudWatchConfig: { logGroupName: '/aws/bedrock/x', roleArn: `arn:aws:iam::${ACCOUNT}:role/log` },
        textDataDeliveryEnabled: true,
        imageDataDeliveryEnabled: false,
        embeddingDataDeliveryEnabled: false,
      },
    });
    logs.on(DescribeLogGroupsCommand).resolves({ logGroups: [{ logGroupName: '/aws/bedrock/x', retentionInDays: 30 }] });
    const out = await runCollector(loggingConfig, testEnv(), 'us-east-1');
    expect(out.drafts[0].config).toMatchObject({
      enabled: true,
      s3: { bucketName: 'logs-b', keyPrefix: 'p' },
      textDataDeliveryEnabled: true,
      logGroup: { retentionInDays: 30, kmsKeyId: null },
    });
  });

  it('AccessDenied on the logging configuration is a gap, not "logging off"', async () => {
    bedrock.on(GetModelInvocationLoggingConfigurationCommand).rejects(awsError('AccessDeniedException', 'denied', 403));
    const out = await runCollector(loggingConfig, testEnv(), 'us-east-1');
    expect(out.status).toBe('failed');
    expect(out.drafts).toEqual([]);
    expect(out.gaps[0]).toMatchObject({ errorCode: 'AccessDeniedException', service: 'bedrock' });
  });
});

describe('refresh', () => {
  it('returns null when the model no longer exists', async () => {
    bedrock.on(GetCustomModelCommand).rejects(awsError('ResourceNotFoundException', 'nope', 404));
    expect(await customModels.refresh!(testRun('bedrock.custom-model'), { region: 'us-east-1', key: arn('z') })).toBeNull();
  });
});

describe('batch inference jobs collector', () => {
  const job = (name: string, p: Record<string, unknown>) => ({
    jobArn: `arn:aws:bedrock:us-east-1:${ACCOUNT}:model-invocation-job/${name}`,
    jobName: name,
    modelId: 'anthropic.claude-3-haiku-20240307-v1:0',
    roleArn: `arn:aws:iam::${ACCOUNT}:role/batch-role`,
    submitTime: new Date('2026-11-20T00:00:00Z'),
    inputDataConfig: { s3InputDataConfig: { s3Uri: 's3://batch-in/jobs/in.jsonl' } },
    outputDataConfig: {
      s3OutputDataConfig: { s3Uri: 's3://batch-out/jobs/', s3EncryptionKeyId: `arn:aws:kms:us-east-1:${ACCOUNT}:key/k1` },
    },
    ...p,
  });

  it('keeps running jobs and jobs that ended within 30 days; reads data locations, key, VPC and role from the listing', async () => {
    bedrock
      .on(ListModelInvocationJobsCommand, { nextToken: undefined })
      .resolves({
        invocationJobSummaries: [
          job('running', {
            status: 'InProgress',
            submitTime: new Date('2026-01-01T00:00:00Z'),
            vpcConfig: { subnetIds: ['subnet-1'], securityGroupIds: ['sg-1'] },
          }),
          job('recent', { status: 'Completed', endTime: new Date('2026-11-01T00:00:00Z') }),
        ] as never,
        nextToken: 'p2',
      })
      .on(ListModelInvocationJobsCommand, { nextToken: 'p2' })
      .resolves({ invocationJobSummaries: [job('old', { status: 'Failed', endTime: new Date('2026-10-01T00:00:00Z') })] as never });
    const out = await runCollector(batchInferenceJobs, testEnv(), 'us-east-1');
    expect(out.status).toBe('complete');
    expect(out.drafts.map((d) => d.name)).toEqual(['running', 'recent']);
    expect(out.drafts[0].config).toEqual({
      status: 'InProgress',
      roleArn: `arn:aws:iam::${ACCOUNT}:role/batch-role`,
      modelId: 'anthropic.claude-3-haiku-20240307-v1:0',
      inputS3Uri: 's3://batch-in/jobs/in.jsonl',
      outputS3Uri: 's3://batch-out/jobs/',
      outputKmsKeyId: `arn:aws:kms:us-east-1:${ACCOUNT}:key/k1`,
      vpcConfig: { subnetIds: ['subnet-1'], securityGroupIds: ['sg-1'] },
      submitTime: '2026-01-01T00:00:00.000Z',
      endTime: null,
    });
    expect(out.drafts[1].config).toMatchObject({ vpcConfig: null, endTime: '2026-11-01T00:00:00.000Z' });
    expect(out.drafts[0].relationships).toEqual(
      expect.arrayContaining([
        { kind: 'assumes-role', targetId: `arn:aws:iam::${ACCOUNT}:role/batch-role`, targetType: 'iam.role' },
        { kind: 'reads-data', targetId: 'arn:aws:s3:::batch-in', targetType: 's3.bucket' },
        { kind: 'writes-data', targetId: 'arn:aws:s3:::batch-out', targetType: 's3.bucket' },
        { kind: 'encrypted-by', targetId: `arn:aws:kms:us-east-1:${ACCOUNT}:key/k1` },
        {
          kind: 'uses-model',
          targetId: 'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0',
          targetType: 'bedrock.foundation-model',
        },
      ]),
    );
  });

  it('scope: running at any age, ended within 30 days of the scan, timeless jobs kept', () => {
    const now = '2026-11-25T12:00:00.000Z';
    expect(batchJobInScope({ status: 'Scheduled', submitTime: '2025-01-01T00:00:00Z' }, now)).toBe(true);
    expect(batchJobInScope({ status: 'Stopped', endTime: '2026-10-27T00:00:00Z' }, now)).toBe(true);
    expect(batchJobInScope({ status: 'Expired', lastModifiedTime: '2026-10-25T00:00:00Z' }, now)).toBe(false);
    expect(batchJobInScope({ status: 'Completed' }, now)).toBe(true);
  });

  it('an unsupported region is absent; refresh reads one job and drops it when gone or out of scope', async () => {
    bedrock.on(ListModelInvocationJobsCommand).rejects(awsError('ValidationException', 'not available in this region'));
    expect(await runCollector(batchInferenceJobs, testEnv(), 'ap-south-2')).toMatchObject({ status: 'absent', drafts: [] });
    const key = `arn:aws:bedrock:us-east-1:${ACCOUNT}:model-invocation-job/j1`;
    bedrock.on(GetModelInvocationJobCommand).resolves(job('j1', { status: 'Submitted' }) as never);
    expect(await batchInferenceJobs.refresh!(testRun('bedrock.batch-inference-job'), { region: 'us-east-1', key })).toMatchObject({
      id: key,
      config: { status: 'Submitted' },
    });
    bedrock
      .on(GetModelInvocationJobCommand)
      .resolves(job('j1', { status: 'Completed', endTime: new Date('2026-01-01T00:00:00Z') }) as never);
    expect(await batchInferenceJobs.refresh!(testRun('bedrock.batch-inference-job'), { region: 'us-east-1', key })).toBeNull();
    bedrock.on(GetModelInvocationJobCommand).rejects(awsError('ResourceNotFoundException', 'gone', 404));
    expect(await batchInferenceJobs.refresh!(testRun('bedrock.batch-inference-job'), { region: 'us-east-1', key })).toBeNull();
  });
});
