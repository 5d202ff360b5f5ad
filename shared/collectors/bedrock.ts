import {
  GetCustomModelCommand,
  type GetCustomModelCommandOutput,
  GetGuardrailCommand,
  type GetGuardrailCommandOutput,
  GetImportedModelCommand,
  GetInferenceProfileCommand,
  GetModelCustomizationJobCommand,
  GetModelImportJobCommand,
  GetModelInvocationJobCommand,
  GetModelInvocationLoggingConfigurationCommand,
  type ModelInvocationJobSummary,
  GetProvisionedModelThroughputCommand,
  ListCustomModelsCommand,
  ListGuardrailsCommand,
  ListImportedModelsCommand,
  ListInferenceProfilesCommand,
  ListModelCustomizationJobsCommand,
  ListModelInvocationJobsCommand,
  ListProvisionedModelThroughputsCommand,
} from '@aws-sdk/client-bedrock';
import { DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { modelRef } from './bedrock-agent.ts';
import type {
  BatchInferenceJobConfig,
  CustomizationJobConfig,
  CustomModelConfig,
  GuardrailConfig,
  GuardrailVersionConfig,
  ImportedModelConfig,
  InferenceProfileConfig,
  LoggingConfig,
  ProvisionedThroughputConfig,
} from '../domain/asset-config.ts';
import {
  type AnyDraft,
  type AssetDraft,
  bucketRel,
  iso,
  kmsRel,
  listThenDescribe,
  paginate,
  type RefreshRef,
  rel,
  type TypeCollector,
  type TypeRun,
  uniqRels,
} from './context.ts';

const SVC = 'bedrock';
type Strength = 'NONE' | 'LOW' | 'MEDIUM' | 'HIGH';

// ---------------- custom models ----------------

function customModelDraft(
  run: TypeRun,
  arn: string,
  name: string,
  m: GetCustomModelCommandOutput | undefined,
  errors: string[],
): AssetDraft<'bedrock.custom-model'> {
  const config = (
    m
      ? {
          baseModelArn: m.baseModelArn ?? null,
          customizationType: m.customizationType ?? null,
          modelKmsKeyArn: m.modelKmsKeyArn ?? null,
          jobArn: m.jobArn ?? null,
          trainingDataS3Uri: m.trainingDataConfig?.s3Uri ?? null,
          validationDataS3Uris: (m.validationDataConfig?.validators ?? []).map((v) => v.s3Uri ?? '').filter(Boolean),
          outputDataS3Uri: m.outputDataConfig?.s3Uri ?? null,
          status: m.modelStatus ?? null,
        }
      : {}
  ) as CustomModelConfig;
  return {
    id: arn,
    type: 'bedrock.custom-model',
    region: run.region,
    name,
    config,
    tags: {},
    relationships: m
      ? uniqRels([
          ...rel('derived-from', m.baseModelArn, 'bedrock.foundation-model'),
          ...rel('produced-by', m.jobArn, 'bedrock.customization-job'),
          ...kmsRel(m.modelKmsKeyArn),
          ...bucketRel('reads-data', m.trainingDataConfig?.s3Uri),
          ...(m.validationDataConfig?.validators ?? []).flatMap((v) => bucketRel('reads-data', v.s3Uri)),
          ...bucketRel('writes-data', m.outputDataConfig?.s3Uri),
        ])
      : [],
    ...(errors.length ? { collectionErrors: errors } : {}),
  };
}

async function describeCustomModel(run: TypeRun, idOrArn: string, fallbackName?: string): Promise<AnyDraft | null> {
  const errors: string[] = [];
  const m = await run.read(
    SVC,
    'GetCustomModel',
    () => run.client('bedrock').send(new GetCustomModelCommand({ modelIdentifier: idOrArn })),
    errors,
  );
  if (m === null) return null;
  return customModelDraft(run, m?.modelArn ?? idOrArn, m?.modelName ?? fallbackName ?? idOrArn, m, errors);
}

export const customModels: TypeCollector = {
  type: 'bedrock.custom-model',
  service: SVC,
  scope: 'regional',
  async collect(run) {
    await listThenDescribe(
      run,
      'ListCustomModels',
      (t) => run.client('bedrock').send(new ListCustomModelsCommand({ nextToken: t, maxResults: 1000 })),
      (p) => p.nextToken,
      (p, add) => {
        for (const s of p.modelSummaries ?? []) {
          if (!s.modelArn) continue;
          add(describeCustomModel(run, s.modelArn, s.modelName));
        }
      },
    );
  },
  refresh: (run, ref) => describeCustomModel(run, ref.key),
};

// ---------------- imported models ----------------

async function describeImportedModel(run: TypeRun, idOrArn: string): Promise<AnyDraft | null> {
  const errors: string[] = [];
  const m = await run.read(
    SVC,
    'GetImportedModel',
    () => run.client('bedrock').send(new GetImportedModelCommand({ modelIdentifier: idOrArn })),
    errors,
  );
  if (m === null) return null;
  let vpcConfig: ImportedModelConfig['vpcConfig'];
  if (m?.jobArn) {
    const job = await run.read(
      SVC,
      'GetModelImportJob',
      () => run.client('bedrock').send(new GetModelImportJobCommand({ jobIdentifier: m.jobArn })),
      errors,
    );
    if (job === null) vpcConfig = undefined;
    else if (job)
      vpcConfig = job.vpcConfig
        ? { subnetIds: job.vpcConfig.subnetIds ?? [], securityGroupIds: job.vpcConfig.securityGroupIds ?? [] }
        : null;
  } else if (m) vpcConfig = null;
  const s3Uri = m?.modelDataSource?.s3DataSource?.s3Uri ?? null;
  const config = (
    m
      ? {
          modelKmsKeyArn: m.modelKmsKeyArn ?? null,
          modelDataS3Uri: s3Uri,
          modelArchitecture: m.modelArchitecture ?? null,
          jobArn: m.jobArn ?? null,
          vpcConfig,
        }
      : {}
  ) as ImportedModelConfig;
  return {
    id: m?.modelArn ?? idOrArn,
    type: 'bedrock.imported-model',
    region: run.region,
    name: m?.modelName ?? idOrArn,
    config,
    tags: {},
    relationships: uniqRels([...kmsRel(m?.modelKmsKeyArn), ...bucketRel('reads-data', s3Uri)]),
    ...(errors.length ? { collectionErrors: errors } : {}),
  };
}

export const importedModels: TypeCollector = {
  type: 'bedrock.imported-model',
  service: SVC,
  scope: 'regional',
  async collect(run) {
    await listThenDescribe(
      run,
      'ListImportedModels',
      (t) => run.client('bedrock').send(new ListImportedModelsCommand({ nextToken: t, maxResults: 1000 })),
      (p) => p.nextToken,
      (p, add) => {
        for (const s of p.modelSummaries ?? []) if (s.modelArn) add(describeImportedModel(run, s.modelArn));
      },
    );
  },
  refresh: (run, ref) => describeImportedModel(run, ref.key),
};

// ---------------- customization jobs ----------------

async function describeCustomizationJob(run: TypeRun, idOrArn: string, fallbackName?: string): Promise<AnyDraft | null> {
  const errors: string[] = [];
  const j = await run.read(
    SVC,
    'GetModelCustomizationJob',
    () => run.client('bedrock').send(new GetModelCustomizationJobCommand({ jobIdentifier: idOrArn })),
    errors,
  );
  if (j === null) return null;
  const config = (
    j
      ? {
          status: j.status ?? 'Unknown',
          roleArn: j.roleArn ?? '',
          baseModelArn: j.baseModelArn ?? null,
          trainingDataS3Uri: j.trainingDataConfig?.s3Uri ?? null,
          validationDataS3Uris: (j.validationDataConfig?.validators ?? []).map((v) => v.s3Uri ?? '').filter(Boolean),
          outputDataS3Uri: j.outputDataConfig?.s3Uri ?? null,
          outputModelKmsKeyArn: j.outputModelKmsKeyArn ?? null,
          vpcConfig: j.vpcConfig ? { subnetIds: j.vpcConfig.subnetIds ?? [], securityGroupIds: j.vpcConfig.securityGroupIds ?? [] } : null,
          customizationType: j.customizationType ?? null,
        }
      : {}
  ) as CustomizationJobConfig;
  return {
    id: j?.jobArn ?? idOrArn,
    type: 'bedrock.customization-job',
    region: run.region,
    name: j?.jobName ?? fallbackName ?? idOrArn,
    config,
    tags: {},
    relationships: j
      ? uniqRels([
          ...rel('assumes-role', j.roleArn, 'iam.role'),
          ...rel('derived-from', j.baseModelArn, 'bedrock.foundation-model'),
          ...kmsRel(j.outputModelKmsKeyArn),
          ...bucketRel('reads-data', j.trainingDataConfig?.s3Uri),
          ...(j.validationDataConfig?.validators ?? []).flatMap((v) => bucketRel('reads-data', v.s3Uri)),
          ...bucketRel('writes-data', j.outputDataConfig?.s3Uri),
        ])
      : [],
    ...(errors.length ? { collectionErrors: errors } : {}),
  };
}

export const customizationJobs: TypeCollector = {
  type: 'bedrock.customization-job',
  service: SVC,
  scope: 'regional',
  async collect(run) {
    await listThenDescribe(
      run,
      'ListModelCustomizationJobs',
      (t) => run.client('bedrock').send(new ListModelCustomizationJobsCommand({ nextToken: t, maxResults: 1000 })),
      (p) => p.nextToken,
      (p, add) => {
        for (const s of p.modelCustomizationJobSummaries ?? []) if (s.jobArn) add(describeCustomizationJob(run, s.jobArn, s.jobName));
      },
    );
  },
  refresh: (run, ref) => describeCustomizationJob(run, ref.key),
};

// ---------------- batch inference jobs (model invocation jobs) ----------------

/** Batch jobs that ended longer ago than this are out of scope (their output is written; the job is history). */
export const BATCH_JOB_RECENT_DAYS = 30;
const BATCH_RUNNING = new Set(['Submitted', 'Validating', 'Scheduled', 'InProgress', 'Stopping']);

/**
 * Whether a batch inference job is in scope: still running (any age), or ended (Completed, PartiallyCompleted,
 * Failed, Stopped, Expired) within the last BATCH_JOB_RECENT_DAYS days of `now`. A job with no time at all is kept.
 */
export function batchJobInScope(
  j: { status?: string; endTime?: Date | string; lastModifiedTime?: Date | string; submitTime?: Date | string },
  now: string,
): boolean {
  if (!j.status || BATCH_RUNNING.has(j.status)) return true;
  const ended = iso(j.endTime ?? j.lastModifiedTime ?? j.submitTime);
  if (!ended) return true;
  return Date.parse(ended) >= Date.parse(now) - BATCH_JOB_RECENT_DAYS * 86_400_000;
}

function batchJobDraft(run: TypeRun, j: Omit<ModelInvocationJobSummary, 'jobName'> & { jobName?: string }): AnyDraft {
  const input = j.inputDataConfig?.s3InputDataConfig;
  const output = j.outputDataConfig?.s3OutputDataConfig;
  const config: BatchInferenceJobConfig = {
    status: j.status ?? 'Unknown',
    roleArn: j.roleArn ?? null,
    modelId: j.modelId ?? null,
    inputS3Uri: input?.s3Uri ?? null,
    outputS3Uri: output?.s3Uri ?? null,
    outputKmsKeyId: output?.s3EncryptionKeyId ?? null,
    vpcConfig: j.vpcConfig ? { subnetIds: j.vpcConfig.subnetIds ?? [], securityGroupIds: j.vpcConfig.securityGroupIds ?? [] } : null,
    submitTime: iso(j.submitTime),
    endTime: iso(j.endTime),
  };
  const model = modelRef(j.modelId, run);
  return {
    id: j.jobArn ?? '',
    type: 'bedrock.batch-inference-job',
    region: run.region,
    name: j.jobName ?? j.jobArn ?? '',
    config,
    tags: {},
    relationships: uniqRels([
      ...rel('assumes-role', j.roleArn, 'iam.role'),
      ...rel('uses-model', model, model?.includes(':foundation-model/') ? 'bedrock.foundation-model' : undefined),
      ...kmsRel(output?.s3EncryptionKeyId),
      ...bucketRel('reads-data', input?.s3Uri),
      ...bucketRel('writes-data', output?.s3Uri),
    ]),
  };
}

/**
 * Batch inference jobs: the listing carries the whole job (data locations, key, VPC, role), so a scan needs no Get per
 * job; GetModelInvocationJob serves the event-driven refresh. Scope: see `batchJobInScope`.
 */
export const batchInferenceJobs: TypeCollector = {
  type: 'bedrock.batch-inference-job',
  service: SVC,
  scope: 'regional',
  async collect(run) {
    await paginate(
      run,
      'ListModelInvocationJobs',
      (t) => run.client('bedrock').send(new ListModelInvocationJobsCommand({ nextToken: t, maxResults: 1000 })),
      (p) => p.nextToken,
      (p) => {
        for (const j of p.invocationJobSummaries ?? []) if (j.jobArn && batchJobInScope(j, run.env.now)) run.emit(batchJobDraft(run, j));
      },
    );
  },
  async refresh(run, ref) {
    const errors: string[] = [];
    const j = await run.read(
      SVC,
      'GetModelInvocationJob',
      () => run.client('bedrock').send(new GetModelInvocationJobCommand({ jobIdentifier: ref.key })),
      errors,
    );
    if (j === null) return null;
    if (j === undefined) throw new Error(errors.join('; '));
    // a job that ended long ago leaves the inventory, as in a full scan
    return batchJobInScope(j, run.env.now) ? batchJobDraft(run, j) : null;
  },
};

// ---------------- provisioned throughput ----------------

function throughputDraft(
  run: TypeRun,
  s: {
    provisionedModelArn?: string;
    provisionedModelName?: string;
    modelArn?: string;
    foundationModelArn?: string;
    modelUnits?: number;
    status?: string;
    commitmentDuration?: string;
  },
): AnyDraft {
  const config: ProvisionedThroughputConfig = {
    modelArn: s.modelArn ?? '',
    foundationModelArn: s.foundationModelArn ?? null,
    modelUnits: s.modelUnits ?? 0,
    status: s.status ?? 'Unknown',
    commitmentDuration: s.commitmentDuration ?? null,
  };
  const modelType = s.modelArn?.includes(':custom-model/') ? 'bedrock.custom-model' : 'bedrock.foundation-model';
  return {
    id: s.provisionedModelArn ?? '',
    type: 'bedrock.provisioned-throughput',
    region: run.region,
    name: s.provisionedModelName ?? s.provisionedModelArn ?? '',
    config,
    tags: {},
    relationships: uniqRels([
      ...rel('uses-model', s.modelArn, modelType),
      ...rel('uses-model', s.foundationModelArn, 'bedrock.foundation-model'),
    ]),
  };
}

export const provisionedThroughputs: TypeCollector = {
  type: 'bedrock.provisioned-throughput',
  service: SVC,
  scope: 'regional',
  async collect(run) {
    await paginate(
      run,
      'ListProvisionedModelThroughputs',
      (t) => run.client('bedrock').send(new ListProvisionedModelThroughputsCommand({ nextToken: t, maxResults: 1000 })),
      (p) => p.nextToken,
      (p) => {
        for (const s of p.provisionedModelSummaries ?? []) if (s.provisionedModelArn) run.emit(throughputDraft(run, s));
      },
    );
  },
  async refresh(run, ref) {
    const errors: string[] = [];
    const s = await run.read(
      SVC,
      'GetProvisionedModelThroughput',
      () => run.client('bedrock').send(new GetProvisionedModelThroughputCommand({ provisionedModelId: ref.key })),
      errors,
    );
    if (s === null) return null;
    if (s === undefined) throw new Error(errors.join('; '));
    return throughputDraft(run, s);
  },
};

// ---------------- inference profiles (application profiles only: system ones are the AWS catalogue) ----------------

function profileDraft(
  run: TypeRun,
  p: { inferenceProfileArn?: string; inferenceProfileName?: string; type?: string; status?: string; models?: { modelArn?: string }[] },
): AnyDraft {
  const modelArns = (p.models ?? []).map((m) => m.modelArn ?? '').filter(Boolean);
  const config: InferenceProfileConfig = { profileType: p.type ?? 'APPLICATION', status: p.status ?? 'Unknown', modelArns };
  return {
    id: p.inferenceProfileArn ?? '',
    type: 'bedrock.inference-profile',
    region: run.region,
    name: p.inferenceProfileName ?? p.inferenceProfileArn ?? '',
    config,
    tags: {},
    relationships: uniqRels(
      modelArns.flatMap((a) => rel('uses-model', a, a.includes(':foundation-model/') ? 'bedrock.foundation-model' : undefined)),
    ),
  };
}

export const inferenceProfiles: TypeCollector = {
  type: 'bedrock.inference-profile',
  service: SVC,
  scope: 'regional',
  async collect(run) {
    await paginate(
      run,
      'ListInferenceProfiles',
      (t) => run.client('bedrock').send(new ListInferenceProfilesCommand({ nextToken: t, maxResults: 1000, typeEquals: 'APPLICATION' })),
      (p) => p.nextToken,
      (p) => {
        for (const s of p.inferenceProfileSummaries ?? []) if (s.inferenceProfileArn) run.emit(profileDraft(run, s));
      },
    );
  },
  async refresh(run, ref) {
    const errors: string[] = [];
    const p = await run.read(
      SVC,
      'GetInferenceProfile',
      () => run.client('bedrock').send(new GetInferenceProfileCommand({ inferenceProfileIdentifier: ref.key })),
      errors,
    );
    if (p === null) return null;
    if (p === undefined) throw new Error(errors.join('; '));
    return profileDraft(run, p);
  },
};

// ---------------- guardrails ----------------

function guardrailVersionConfig(g: GetGuardrailCommandOutput): GuardrailVersionConfig {
  const cp = g.contentPolicy;
  return {
    version: g.version ?? 'DRAFT',
    status: g.status ?? 'Unknown',
    contentFilters: cp
      ? (cp.filters ?? []).map((f) => ({
          type: f.type ?? 'UNKNOWN',
          inputStrength: (f.inputStrength ?? 'NONE') as Strength,
          outputStrength: (f.outputStrength ?? 'NONE') as Strength,
          inputAction: f.inputAction ?? null,
          outputAction: f.outputAction ?? null,
          inputEnabled: f.inputEnabled ?? null,
          outputEnabled: f.outputEnabled ?? null,
        }))
      : null,
    deniedTopics: g.topicPolicy ? (g.topicPolicy.topics ?? []).map((t) => t.name ?? '') : null,
    wordPolicy: g.wordPolicy
      ? { words: (g.wordPolicy.words ?? []).length, managedLists: (g.wordPolicy.managedWordLists ?? []).map((l) => l.type ?? '') }
      : null,
    piiEntities: g.sensitiveInformationPolicy
      ? (g.sensitiveInformationPolicy.piiEntities ?? []).map((p) => ({
          type: p.type ?? '',
          action: p.action ?? 'NONE',
          inputAction: p.inputAction ?? null,
          outputAction: p.outputAction ?? null,
        }))
      : null,
    regexes: g.sensitiveInformationPolicy
      ? (g.sensitiveInformationPolicy.regexes ?? []).map((r) => ({ name: r.name ?? '', action: r.action ?? 'NONE' }))
      : null,
    contextualGrounding: g.contextualGroundingPolicy
      ? (g.contextualGroundingPolicy.filters ?? []).map((f) => ({
          type: f.type ?? '',
          threshold: f.threshold ?? 0,
          action: f.action ?? null,
          enabled: f.enabled ?? null,
        }))
      : null,
    kmsKeyArn: g.kmsKeyArn ?? null,
    tier: cp?.tier?.tierName ?? null,
    updatedAt: g.updatedAt ? new Date(g.updatedAt).toISOString() : undefined,
  };
}

async function describeGuardrail(run: TypeRun, idOrArn: string): Promise<AnyDraft | null> {
  const errors: string[] = [];
  const client = run.client('bedrock');
  const draft = await run.read(SVC, 'GetGuardrail', () => client.send(new GetGuardrailCommand({ guardrailIdentifier: idOrArn })), errors);
  if (draft === null) return null;
  let versions: GuardrailVersionConfig[] | undefined;
  if (draft) {
    const ids: string[] = [];
    try {
      await paginate(
        run,
        'ListGuardrails',
        (t) =>
          client.send(new ListGuardrailsCommand({ guardrailIdentifier: draft.guardrailId ?? idOrArn, nextToken: t, maxResults: 1000 })),
        (p) => p.nextToken,
        (p) => {
          for (const g of p.guardrails ?? []) if (g.version && g.version !== 'DRAFT') ids.push(g.version);
        },
      );
      const got = await Promise.all(
        ids.map((v) =>
          run.read(
            SVC,
            'GetGuardrail',
            () => client.send(new GetGuardrailCommand({ guardrailIdentifier: draft.guardrailId ?? idOrArn, guardrailVersion: v })),
            errors,
          ),
        ),
      );
      versions = got.every((g) => g !== undefined)
        ? got.filter((g): g is GetGuardrailCommandOutput => Boolean(g)).map(guardrailVersionConfig)
        : undefined;
    } catch (err) {
      errors.push(`ListGuardrails(versions): ${(err as Error).name}`);
      run.gap(SVC, 'ListGuardrails', err);
      run.partial = true;
    }
  }
  const config = (
    draft ? { ...guardrailVersionConfig(draft), guardrailId: draft.guardrailId ?? idOrArn, versions } : {}
  ) as GuardrailConfig;
  return {
    id: draft?.guardrailArn ?? idOrArn,
    type: 'bedrock.guardrail',
    region: run.region,
    name: draft?.name ?? idOrArn,
    config,
    tags: {},
    relationships: uniqRels([...kmsRel(draft?.kmsKeyArn), ...(versions ?? []).flatMap((v) => kmsRel(v.kmsKeyArn))]),
    ...(errors.length ? { collectionErrors: errors } : {}),
  };
}

export const guardrails: TypeCollector = {
  type: 'bedrock.guardrail',
  service: SVC,
  scope: 'regional',
  async collect(run) {
    await listThenDescribe(
      run,
      'ListGuardrails',
      (t) => run.client('bedrock').send(new ListGuardrailsCommand({ nextToken: t, maxResults: 1000 })),
      (p) => p.nextToken,
      (p, add) => {
        for (const g of p.guardrails ?? []) {
          if (!g.arn || (g.version && g.version !== 'DRAFT')) continue;
          add(describeGuardrail(run, g.arn));
        }
      },
    );
  },
  refresh: (run, ref) => describeGuardrail(run, ref.key),
  idFor: (ref, accountId, partition) =>
    ref.key.startsWith('arn:') ? ref.key : `arn:${partition}:bedrock:${ref.region}:${accountId}:guardrail/${ref.key}`,
};

// ---------------- model invocation logging (one per region) ----------------

export function loggingConfigId(accountId: string, region: string): string {
  return `aispm:bedrock.logging-config:${accountId}:${region}:model-invocation-logging`;
}

async function describeLogging(run: TypeRun): Promise<AnyDraft> {
  const errors: string[] = [];
  const out = await run.call(
    'GetModelInvocationLoggingConfiguration',
    () => run.client('bedrock').send(new GetModelInvocationLoggingConfigurationCommand({})),
    'high',
  );
  const lc = out.loggingConfig;
  let config: LoggingConfig;
  if (!lc) {
    config = {
      enabled: false,
      s3: null,
      cloudWatch: null,
      textDataDeliveryEnabled: false,
      imageDataDeliveryEnabled: false,
      embeddingDataDeliveryEnabled: false,
    };
  } else {
    const cw = lc.cloudWatchConfig;
    config = {
      enabled: Boolean(lc.s3Config?.bucketName || cw?.logGroupName),
      s3: lc.s3Config?.bucketName ? { bucketName: lc.s3Config.bucketName, keyPrefix: lc.s3Config.keyPrefix ?? null } : null,
      cloudWatch: cw?.logGroupName
        ? { logGroupName: cw.logGroupName, roleArn: cw.roleArn ?? '', largeDataBucket: cw.largeDataDeliveryS3Config?.bucketName ?? null }
        : null,
      textDataDeliveryEnabled: lc.textDataDeliveryEnabled ?? false,
      imageDataDeliveryEnabled: lc.imageDataDeliveryEnabled ?? false,
      embeddingDataDeliveryEnabled: lc.embeddingDataDeliveryEnabled ?? false,
      ...(lc.videoDataDeliveryEnabled !== undefined ? { videoDataDeliveryEnabled: lc.videoDataDeliveryEnabled } : {}),
      ...((lc as { audioDataDeliveryEnabled?: boolean }).audioDataDeliveryEnabled !== undefined
        ? { audioDataDeliveryEnabled: (lc as { audioDataDeliveryEnabled?: boolean }).audioDataDeliveryEnabled }
        : {}),
    };
    if (cw?.logGroupName) {
      const name = cw.logGroupName;
      const groups = await run.read(
        'logs',
        'DescribeLogGroups',
        () => run.client('logs').send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name })),
        errors,
      );
      if (groups === null) config.logGroup = null;
      else if (groups) {
        const g = (groups.logGroups ?? []).find((x) => x.logGroupName === name);
        config.logGroup = g ? { retentionInDays: g.retentionInDays ?? null, kmsKeyId: g.kmsKeyId ?? null } : null;
      }
    }
  }
  return {
    id: loggingConfigId(run.accountId, run.region),
    type: 'bedrock.logging-config',
    region: run.region,
    name: `model-invocation-logging/${run.region}`,
    config,
    tags: {},
    relationships: uniqRels([
      ...rel('writes-data', config.s3 ? `arn:aws:s3:::${config.s3.bucketName}` : null, 's3.bucket'),
      ...rel('writes-data', config.cloudWatch?.largeDataBucket ? `arn:aws:s3:::${config.cloudWatch.largeDataBucket}` : null, 's3.bucket'),
      ...rel('assumes-role', config.cloudWatch?.roleArn || null, 'iam.role'),
      ...kmsRel(config.logGroup?.kmsKeyId),
    ]),
    ...(errors.length ? { collectionErrors: errors } : {}),
  };
}

export const loggingConfig: TypeCollector = {
  type: 'bedrock.logging-config',
  service: SVC,
  scope: 'regional',
  async collect(run) {
    run.emit(await describeLogging(run));
  },
  refresh: (run) => describeLogging(run),
  idFor: (ref, accountId) => loggingConfigId(accountId, ref.region),
};

export const bedrockCollectors: TypeCollector[] = [
  customModels,
  importedModels,
  customizationJobs,
  batchInferenceJobs,
  provisionedThroughputs,
  inferenceProfiles,
  guardrails,
  loggingConfig,
];

/** Extracts a refresh key from a resource ARN's last path segment (e.g. guardrail id). */
export function lastSegment(arnOrId: string): string {
  const i = arnOrId.lastIndexOf('/');
  return i >= 0 ? arnOrId.slice(i + 1) : arnOrId;
}

export type { RefreshRef };
