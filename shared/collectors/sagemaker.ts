import {
  type ContainerDefinition,
  DescribeDomainCommand,
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  DescribeFeatureGroupCommand,
  DescribeModelCommand,
  DescribeModelPackageGroupCommand,
  DescribeMonitoringScheduleCommand,
  DescribeNotebookInstanceCommand,
  DescribeNotebookInstanceLifecycleConfigCommand,
  type DescribeNotebookInstanceLifecycleConfigCommandOutput,
  DescribeTrainingJobCommand,
  DescribeUserProfileCommand,
  GetModelPackageGroupPolicyCommand,
  ListDomainsCommand,
  ListEndpointConfigsCommand,
  ListEndpointsCommand,
  ListFeatureGroupsCommand,
  ListModelPackageGroupsCommand,
  ListModelPackagesCommand,
  ListModelsCommand,
  ListMonitoringSchedulesCommand,
  ListNotebookInstancesCommand,
  ListTrainingJobsCommand,
  ListUserProfilesCommand,
} from '@aws-sdk/client-sagemaker';
import { imageRegistry, isSecretLikeName, scanEnvironment, secretKinds } from '../discovery/shadow-ai.ts';
import type {
  ContainerInfo,
  FeatureGroupConfig,
  ModelPackageGroupConfig,
  MonitoringScheduleConfig,
  NotebookInstanceConfig,
  SageMakerDomainConfig,
  SageMakerEndpointConfigConfig,
  SageMakerEndpointConfigRef,
  SageMakerModelConfig,
  SageMakerUserProfileConfig,
  TrainingJobConfig,
} from '../domain/asset-config.ts';
import {
  type AnyDraft,
  bucketRel,
  kmsRel,
  listThenDescribe,
  paginate,
  rel,
  type TypeCollector,
  type TypeRun,
  uniqRels,
} from './context.ts';
import { parsePolicy } from './policy.ts';

const SVC = 'sagemaker';
const arnOf = (run: TypeRun, kind: string, name: string) =>
  `arn:${run.partition}:sagemaker:${run.region}:${run.accountId}:${kind}/${name.toLowerCase()}`;
const err = (errors: string[]) => (errors.length ? { collectionErrors: errors } : {});

/** Generic "list names, describe each" collector over SageMaker's NextToken pagination. */
function listDescribe<P extends { NextToken?: string }>(opts: {
  type: TypeCollector['type'];
  listOp: string;
  list: (run: TypeRun, token: string | undefined) => Promise<P>;
  names: (p: P) => (string | undefined)[];
  describe: (run: TypeRun, name: string) => Promise<AnyDraft | null>;
  kind: string;
}): TypeCollector {
  return {
    type: opts.type,
    service: SVC,
    scope: 'regional',
    async collect(run) {
      await listThenDescribe(
        run,
        opts.listOp,
        (t) => opts.list(run, t),
        (p) => p.NextToken,
        (p, add) => {
          for (const n of opts.names(p)) if (n) add(opts.describe(run, n));
        },
      );
    },
    refresh: (run, ref) => opts.describe(run, ref.key),
    idFor: (ref, accountId, partition) =>
      ref.key.startsWith('arn:') ? ref.key : `arn:${partition}:sagemaker:${ref.region}:${accountId}:${opts.kind}/${ref.key.toLowerCase()}`,
  };
}

// ---------------- endpoints ----------------

async function describeEndpoint(run: TypeRun, name: string): Promise<AnyDraft | null> {
  const errors: string[] = [];
  const e = await run.read(
    SVC,
    'DescribeEndpoint',
    () => run.client('sagemaker').send(new DescribeEndpointCommand({ EndpointName: name })),
    errors,
  );
  if (e === null) return null;
  const dc = e?.DataCaptureConfig;
  const config = (
    e
      ? {
          endpointConfigName: e.EndpointConfigName ?? '',
          status: e.EndpointStatus ?? 'Unknown',
          variants: (e.ProductionVariants ?? []).map((v) => ({
            name: v.VariantName ?? '',
            currentInstanceCount: v.CurrentInstanceCount ?? null,
            desiredInstanceCount: v.DesiredInstanceCount ?? null,
          })),
          dataCapture: dc
            ? {
                enabled: Boolean(dc.EnableCapture),
                samplingPercentage: dc.CurrentSamplingPercentage ?? null,
                destinationS3Uri: dc.DestinationS3Uri ?? null,
                kmsKeyId: dc.KmsKeyId ?? null,
              }
            : null,
        }
      : {}
  ) as SageMakerEndpointConfigRef;
  return {
    id: e?.EndpointArn ?? arnOf(run, 'endpoint', name),
    type: 'sagemaker.endpoint',
    region: run.region,
    name: e?.EndpointName ?? name,
    config,
    tags: {},
    relationships: uniqRels([
      ...rel(
        'uses-config',
        e?.EndpointConfigName ? arnOf(run, 'endpoint-config', e.EndpointConfigName) : null,
        'sagemaker.endpoint-config',
      ),
      ...bucketRel('writes-data', dc?.DestinationS3Uri),
      ...kmsRel(dc?.KmsKeyId),
    ]),
    ...err(errors),
  };
}

export const endpoints = listDescribe({
  type: 'sagemaker.endpoint',
  listOp: 'ListEndpoints',
  kind: 'endpoint',
  list: (run, t) => run.client('sagemaker').send(new ListEndpointsCommand({ NextToken: t, MaxResults: 100 })),
  names: (p) => (p.Endpoints ?? []).map((e) => e.EndpointName),
  describe: describeEndpoint,
});

// ---------------- endpoint configs ----------------

async function describeEndpointConfig(run: TypeRun, name: string): Promise<AnyDraft | null> {
  const errors: string[] = [];
  const c = await run.read(
    SVC,
    'DescribeEndpointConfig',
    () => run.client('sagemaker').send(new DescribeEndpointConfigCommand({ EndpointConfigName: name })),
    errors,
  );
  if (c === null) return null;
  const dc = c?.DataCaptureConfig;
  const config = (
    c
      ? {
          kmsKeyId: c.KmsKeyId ?? null,
          variants: (c.ProductionVariants ?? []).map((v) => ({
            name: v.VariantName ?? '',
            modelName: v.ModelName ?? '',
            initialInstanceCount: v.InitialInstanceCount ?? null,
            instanceType: v.InstanceType ?? null,
            serverless: Boolean(v.ServerlessConfig),
          })),
          dataCapture: dc
            ? {
                enabled: Boolean(dc.EnableCapture),
                samplingPercentage: dc.InitialSamplingPercentage ?? null,
                destinationS3Uri: dc.DestinationS3Uri ?? null,
                kmsKeyId: dc.KmsKeyId ?? null,
                captureModes: (dc.CaptureOptions ?? []).map((o) => o.CaptureMode ?? ''),
              }
            : null,
          asyncInference: c.AsyncInferenceConfig
            ? {
                outputS3Uri: c.AsyncInferenceConfig.OutputConfig?.S3OutputPath ?? null,
                kmsKeyId: c.AsyncInferenceConfig.OutputConfig?.KmsKeyId ?? null,
              }
            : null,
          enableNetworkIsolation: c.EnableNetworkIsolation ?? null,
          vpcConfig: c.VpcConfig ? { subnets: c.VpcConfig.Subnets ?? [], securityGroupIds: c.VpcConfig.SecurityGroupIds ?? [] } : null,
        }
      : {}
  ) as SageMakerEndpointConfigConfig;
  return {
    id: c?.EndpointConfigArn ?? arnOf(run, 'endpoint-config', name),
    type: 'sagemaker.endpoint-config',
    region: run.region,
    name: c?.EndpointConfigName ?? name,
    config,
    tags: {},
    relationships: uniqRels([
      ...(config.variants ?? []).flatMap((v) =>
        rel('serves-model', v.modelName ? arnOf(run, 'model', v.modelName) : null, 'sagemaker.model'),
      ),
      ...kmsRel(c?.KmsKeyId),
      ...bucketRel('writes-data', dc?.DestinationS3Uri),
      ...kmsRel(dc?.KmsKeyId),
      ...bucketRel('writes-data', config.asyncInference?.outputS3Uri),
      ...rel('assumes-role', c?.ExecutionRoleArn, 'iam.role'),
    ]),
    ...err(errors),
  };
}

export const endpointConfigs = listDescribe({
  type: 'sagemaker.endpoint-config',
  listOp: 'ListEndpointConfigs',
  kind: 'endpoint-config',
  list: (run, t) => run.client('sagemaker').send(new ListEndpointConfigsCommand({ NextToken: t, MaxResults: 100 })),
  names: (p) => (p.EndpointConfigs ?? []).map((e) => e.EndpointConfigName),
  describe: describeEndpointConfig,
});

// ---------------- models ----------------

export function containerInfo(c: ContainerDefinition): ContainerInfo {
  const env = scanEnvironment(c.Environment);
  const names = Object.keys(c.Environment ?? {}).sort();
  return {
    image: c.Image ?? null,
    modelDataUrl: c.ModelDataUrl ?? c.ModelDataSource?.S3DataSource?.S3Uri ?? null,
    repositoryAccessMode: (c.ImageConfig?.RepositoryAccessMode as ContainerInfo['repositoryAccessMode']) ?? null,
    registry: imageRegistry(c.Image),
    secretLikeEnvNames: [...new Set([...env.secretLikeNames, ...names.filter(isSecretLikeName)])].sort(),
    environmentNames: names,
  };
}

async function describeModel(run: TypeRun, name: string): Promise<AnyDraft | null> {
  const errors: string[] = [];
  const m = await run.read(SVC, 'DescribeModel', () => run.client('sagemaker').send(new DescribeModelCommand({ ModelName: name })), errors);
  if (m === null) return null;
  const primary = m?.PrimaryContainer ? containerInfo(m.PrimaryContainer) : null;
  const containers = (m?.Containers ?? []).map(containerInfo);
  const all = [...(primary ? [primary] : []), ...containers];
  const config = (
    m
      ? {
          executionRoleArn: m.ExecutionRoleArn ?? null,
          primaryContainer: primary,
          containers,
          inferenceMode:
            containers.length > 1
              ? m.InferenceExecutionConfig?.Mode === 'Direct'
                ? 'multi-container'
                : 'pipeline'
              : primary || containers.length
                ? 'single'
                : null,
          vpcConfig: m.VpcConfig ? { subnets: m.VpcConfig.Subnets ?? [], securityGroupIds: m.VpcConfig.SecurityGroupIds ?? [] } : null,
          enableNetworkIsolation: Boolean(m.EnableNetworkIsolation),
        }
      : {}
  ) as SageMakerModelConfig;
  return {
    id: m?.ModelArn ?? arnOf(run, 'model', name),
    type: 'sagemaker.model',
    region: run.region,
    name: m?.ModelName ?? name,
    config,
    tags: {},
    relationships: uniqRels([
      ...rel('assumes-role', m?.ExecutionRoleArn, 'iam.role'),
      ...all.flatMap((c) => [...rel('uses-image', c.image), ...bucketRel('reads-data', c.modelDataUrl)]),
    ]),
    ...err(errors),
  };
}

export const models = listDescribe({
  type: 'sagemaker.model',
  listOp: 'ListModels',
  kind: 'model',
  list: (run, t) => run.client('sagemaker').send(new ListModelsCommand({ NextToken: t, MaxResults: 100 })),
  names: (p) => (p.Models ?? []).map((e) => e.ModelName),
  describe: describeModel,
});

// ---------------- notebook instances ----------------

async function lifecycleKinds(run: TypeRun, name: string, errors: string[]): Promise<string[] | undefined> {
  const key = `sagemaker-lcc|${run.region}|${name}`;
  let p = run.env.cache.get(key) as Promise<DescribeNotebookInstanceLifecycleConfigCommandOutput | null | undefined> | undefined;
  if (!p) {
    p = run.read(
      SVC,
      'DescribeNotebookInstanceLifecycleConfig',
      () => run.client('sagemaker').send(new DescribeNotebookInstanceLifecycleConfigCommand({ NotebookInstanceLifecycleConfigName: name })),
      errors,
    );
    run.env.cache.set(key, p);
  }
  const lc = await p;
  if (lc === undefined) {
    if (!errors.some((e) => e.startsWith('DescribeNotebookInstanceLifecycleConfig')))
      errors.push('DescribeNotebookInstanceLifecycleConfig: failed');
    return undefined;
  }
  if (lc === null) return [];
  const kinds = new Set<string>();
  for (const h of [...(lc.OnCreate ?? []), ...(lc.OnStart ?? [])]) {
    if (!h.Content) continue;
    const text = Buffer.from(h.Content, 'base64').toString('utf8');
    for (const k of secretKinds(text)) kinds.add(k);
    for (const [, name2] of text.matchAll(
      /(?:export\s+)?([A-Z][A-Z0-9_]{0,100}(?:API_?KEY|SECRET|TOKEN|PASSWORD))\s*=\s*["']?[^\s"'$]{8,}/g,
    ))
      kinds.add(`assignment:${name2}`);
  }
  return [...kinds].sort();
}

async function describeNotebook(run: TypeRun, name: string): Promise<AnyDraft | null> {
  const errors: string[] = [];
  const n = await run.read(
    SVC,
    'DescribeNotebookInstance',
    () => run.client('sagemaker').send(new DescribeNotebookInstanceCommand({ NotebookInstanceName: name })),
    errors,
  );
  if (n === null) return null;
  const lcName = n?.NotebookInstanceLifecycleConfigName ?? null;
  const kinds = n ? (lcName ? await lifecycleKinds(run, lcName, errors) : null) : undefined;
  const config = (
    n
      ? {
          status: n.NotebookInstanceStatus ?? 'Unknown',
          directInternetAccess: n.DirectInternetAccess !== 'Disabled',
          rootAccess: n.RootAccess !== 'Disabled',
          kmsKeyId: n.KmsKeyId ?? null,
          subnetId: n.SubnetId ?? null,
          securityGroups: n.SecurityGroups ?? [],
          roleArn: n.RoleArn ?? '',
          platformIdentifier: n.PlatformIdentifier ?? null,
          minimumImdsVersion:
            (n.InstanceMetadataServiceConfiguration?.MinimumInstanceMetadataServiceVersion as '1' | '2' | undefined) ?? null,
          lifecycleConfigName: lcName,
          lifecycleSecretKinds: kinds,
          defaultCodeRepository: n.DefaultCodeRepository ?? null,
        }
      : {}
  ) as NotebookInstanceConfig;
  return {
    id: n?.NotebookInstanceArn ?? arnOf(run, 'notebook-instance', name),
    type: 'sagemaker.notebook-instance',
    region: run.region,
    name: n?.NotebookInstanceName ?? name,
    config,
    tags: {},
    relationships: uniqRels([...rel('assumes-role', n?.RoleArn, 'iam.role'), ...kmsRel(n?.KmsKeyId)]),
    ...err(errors),
  };
}

export const notebooks = listDescribe({
  type: 'sagemaker.notebook-instance',
  listOp: 'ListNotebookInstances',
  kind: 'notebook-instance',
  list: (run, t) => run.client('sagemaker').send(new ListNotebookInstancesCommand({ NextToken: t, MaxResults: 100 })),
  names: (p) => (p.NotebookInstances ?? []).map((e) => e.NotebookInstanceName),
  describe: describeNotebook,
});

// ---------------- training jobs ----------------

async function describeTrainingJob(run: TypeRun, name: string): Promise<AnyDraft | null> {
  const errors: string[] = [];
  const j = await run.read(
    SVC,
    'DescribeTrainingJob',
    () => run.client('sagemaker').send(new DescribeTrainingJobCommand({ TrainingJobName: name })),
    errors,
  );
  if (j === null) return null;
  const inputs = (j?.InputDataConfig ?? []).map((c) => c.DataSource?.S3DataSource?.S3Uri ?? '').filter(Boolean);
  const env = scanEnvironment(j?.Environment);
  const config = (
    j
      ? {
          status: j.TrainingJobStatus ?? 'Unknown',
          roleArn: j.RoleArn ?? '',
          enableNetworkIsolation: Boolean(j.EnableNetworkIsolation),
          enableInterContainerTrafficEncryption: Boolean(j.EnableInterContainerTrafficEncryption),
          vpcConfig: j.VpcConfig ? { subnets: j.VpcConfig.Subnets ?? [], securityGroupIds: j.VpcConfig.SecurityGroupIds ?? [] } : null,
          outputS3Path: j.OutputDataConfig?.S3OutputPath ?? null,
          outputKmsKeyId: j.OutputDataConfig?.KmsKeyId || null,
          volumeKmsKeyId: j.ResourceConfig?.VolumeKmsKeyId ?? null,
          inputS3Uris: inputs,
          modelArtifactsS3Uri: j.ModelArtifacts?.S3ModelArtifacts ?? null,
          secretLikeEnvNames: [...new Set([...env.secretLikeNames, ...Object.keys(j.Environment ?? {}).filter(isSecretLikeName)])].sort(),
          image: j.AlgorithmSpecification?.TrainingImage ?? null,
        }
      : {}
  ) as TrainingJobConfig;
  return {
    id: j?.TrainingJobArn ?? arnOf(run, 'training-job', name),
    type: 'sagemaker.training-job',
    region: run.region,
    name: j?.TrainingJobName ?? name,
    config,
    tags: {},
    relationships: uniqRels([
      ...rel('assumes-role', j?.RoleArn, 'iam.role'),
      ...inputs.flatMap((u) => bucketRel('reads-data', u)),
      ...bucketRel('writes-data', j?.OutputDataConfig?.S3OutputPath),
      ...kmsRel(config.outputKmsKeyId),
      ...kmsRel(config.volumeKmsKeyId),
      ...rel('uses-image', config.image),
    ]),
    ...err(errors),
  };
}

export const trainingJobs = listDescribe({
  type: 'sagemaker.training-job',
  listOp: 'ListTrainingJobs',
  kind: 'training-job',
  list: (run, t) => run.client('sagemaker').send(new ListTrainingJobsCommand({ NextToken: t, MaxResults: 100 })),
  names: (p) => (p.TrainingJobSummaries ?? []).map((e) => e.TrainingJobName),
  describe: describeTrainingJob,
});

// ---------------- domains and user profiles ----------------

async function describeDomain(run: TypeRun, id: string): Promise<AnyDraft | null> {
  const errors: string[] = [];
  const d = await run.read(SVC, 'DescribeDomain', () => run.client('sagemaker').send(new DescribeDomainCommand({ DomainId: id })), errors);
  if (d === null) return null;
  const config = (
    d
      ? {
          domainId: d.DomainId ?? id,
          authMode: d.AuthMode ?? 'Unknown',
          appNetworkAccessType: d.AppNetworkAccessType ?? 'PublicInternetOnly',
          kmsKeyId: d.KmsKeyId ?? null,
          vpcId: d.VpcId ?? null,
          subnetIds: d.SubnetIds ?? [],
          defaultExecutionRole: d.DefaultUserSettings?.ExecutionRole ?? null,
        }
      : {}
  ) as SageMakerDomainConfig;
  return {
    id: d?.DomainArn ?? `arn:${run.partition}:sagemaker:${run.region}:${run.accountId}:domain/${id}`,
    type: 'sagemaker.domain',
    region: run.region,
    name: d?.DomainName ?? id,
    config,
    tags: {},
    relationships: uniqRels([...rel('assumes-role', config.defaultExecutionRole, 'iam.role'), ...kmsRel(d?.KmsKeyId)]),
    ...err(errors),
  };
}

export const domains: TypeCollector = {
  type: 'sagemaker.domain',
  service: SVC,
  scope: 'regional',
  async collect(run) {
    await listThenDescribe(
      run,
      'ListDomains',
      (t) => run.client('sagemaker').send(new ListDomainsCommand({ NextToken: t, MaxResults: 100 })),
      (p) => p.NextToken,
      (p, add) => {
        for (const d of p.Domains ?? []) if (d.DomainId) add(describeDomain(run, d.DomainId));
      },
    );
  },
  refresh: (run, ref) => describeDomain(run, ref.key),
  idFor: (ref, accountId, partition) => `arn:${partition}:sagemaker:${ref.region}:${accountId}:domain/${ref.key}`,
};

async function describeUserProfile(run: TypeRun, domainId: string, name: string): Promise<AnyDraft | null> {
  const errors: string[] = [];
  const u = await run.read(
    SVC,
    'DescribeUserProfile',
    () => run.client('sagemaker').send(new DescribeUserProfileCommand({ DomainId: domainId, UserProfileName: name })),
    errors,
  );
  if (u === null) return null;
  const config = (
    u ? { domainId, executionRole: u.UserSettings?.ExecutionRole ?? null, status: u.Status ?? 'Unknown' } : {}
  ) as SageMakerUserProfileConfig;
  return {
    id: u?.UserProfileArn ?? `arn:${run.partition}:sagemaker:${run.region}:${run.accountId}:user-profile/${domainId}/${name}`,
    type: 'sagemaker.user-profile',
    region: run.region,
    name,
    config,
    tags: {},
    relationships: uniqRels([
      ...rel('member-of', `arn:${run.partition}:sagemaker:${run.region}:${run.accountId}:domain/${domainId}`, 'sagemaker.domain'),
      ...rel('assumes-role', config.executionRole, 'iam.role'),
    ]),
    ...err(errors),
  };
}

export const userProfiles: TypeCollector = {
  type: 'sagemaker.user-profile',
  service: SVC,
  scope: 'regional',
  async collect(run) {
    await listThenDescribe(
      run,
      'ListUserProfiles',
      (t) => run.client('sagemaker').send(new ListUserProfilesCommand({ NextToken: t, MaxResults: 100 })),
      (p) => p.NextToken,
      (p, add) => {
        for (const u of p.UserProfiles ?? [])
          if (u.DomainId && u.UserProfileName) add(describeUserProfile(run, u.DomainId, u.UserProfileName));
      },
    );
  },
  refresh: (run, ref) => describeUserProfile(run, ref.key2 ?? '', ref.key),
};

// ---------------- model package groups ----------------

async function describePackageGroup(run: TypeRun, name: string): Promise<AnyDraft | null> {
  const errors: string[] = [];
  const c = run.client('sagemaker');
  const g = await run.read(
    SVC,
    'DescribeModelPackageGroup',
    () => c.send(new DescribeModelPackageGroupCommand({ ModelPackageGroupName: name })),
    errors,
  );
  if (g === null) return null;
  const [pol, packages] = await Promise.all([
    run.read(
      SVC,
      'GetModelPackageGroupPolicy',
      () => c.send(new GetModelPackageGroupPolicyCommand({ ModelPackageGroupName: name })),
      errors,
    ),
    (async () => {
      try {
        const all: { status?: string; created?: number }[] = [];
        await paginate(
          run,
          'ListModelPackages',
          (t) => c.send(new ListModelPackagesCommand({ ModelPackageGroupName: name, NextToken: t, MaxResults: 100 })),
          (p) => p.NextToken,
          (p) => {
            for (const s of p.ModelPackageSummaryList ?? [])
              all.push({ status: s.ModelApprovalStatus, created: s.CreationTime ? new Date(s.CreationTime).getTime() : 0 });
          },
        );
        return all;
      } catch (e) {
        errors.push(`ListModelPackages: ${(e as Error).name}`);
        run.gap(SVC, 'ListModelPackages', e);
        run.partial = true;
        return undefined;
      }
    })(),
  ]);
  let policyStatements: ModelPackageGroupConfig['policyStatements'] | undefined;
  if (pol === null) policyStatements = null;
  else if (pol) {
    try {
      policyStatements = pol.ResourcePolicy ? parsePolicy(pol.ResourcePolicy) : null;
    } catch {
      errors.push('GetModelPackageGroupPolicy: unparseable policy');
    }
  }
  const latest = packages?.slice().sort((a, b) => (b.created ?? 0) - (a.created ?? 0))[0];
  const config = (
    g
      ? {
          status: g.ModelPackageGroupStatus ?? 'Unknown',
          latestApprovalStatus: packages === undefined ? undefined : (latest?.status ?? null),
          packageCount: packages === undefined ? undefined : packages.length,
          policyStatements,
        }
      : {}
  ) as ModelPackageGroupConfig;
  return {
    id: g?.ModelPackageGroupArn ?? arnOf(run, 'model-package-group', name),
    type: 'sagemaker.model-package-group',
    region: run.region,
    name: g?.ModelPackageGroupName ?? name,
    config,
    tags: {},
    relationships: [],
    ...err(errors),
  };
}

export const modelPackageGroups = listDescribe({
  type: 'sagemaker.model-package-group',
  listOp: 'ListModelPackageGroups',
  kind: 'model-package-group',
  list: (run, t) => run.client('sagemaker').send(new ListModelPackageGroupsCommand({ NextToken: t, MaxResults: 100 })),
  names: (p) => (p.ModelPackageGroupSummaryList ?? []).map((e) => e.ModelPackageGroupName),
  describe: describePackageGroup,
});

// ---------------- monitoring schedules ----------------

async function describeMonitoringSchedule(run: TypeRun, name: string): Promise<AnyDraft | null> {
  const errors: string[] = [];
  const m = await run.read(
    SVC,
    'DescribeMonitoringSchedule',
    () => run.client('sagemaker').send(new DescribeMonitoringScheduleCommand({ MonitoringScheduleName: name })),
    errors,
  );
  if (m === null) return null;
  const jd = m?.MonitoringScheduleConfig?.MonitoringJobDefinition;
  const config = (
    m
      ? {
          status: m.MonitoringScheduleStatus ?? 'Unknown',
          endpointName: m.EndpointName ?? null,
          monitoringType: m.MonitoringType ?? m.MonitoringScheduleConfig?.MonitoringType ?? null,
          jobDefinitionName: m.MonitoringScheduleConfig?.MonitoringJobDefinitionName ?? null,
          enableNetworkIsolation: jd ? Boolean(jd.NetworkConfig?.EnableNetworkIsolation) : null,
          enableInterContainerTrafficEncryption: jd ? Boolean(jd.NetworkConfig?.EnableInterContainerTrafficEncryption) : null,
        }
      : {}
  ) as MonitoringScheduleConfig;
  return {
    id: m?.MonitoringScheduleArn ?? arnOf(run, 'monitoring-schedule', name),
    type: 'sagemaker.monitoring-schedule',
    region: run.region,
    name: m?.MonitoringScheduleName ?? name,
    config,
    tags: {},
    relationships: uniqRels([
      ...rel('monitors', m?.EndpointName ? arnOf(run, 'endpoint', m.EndpointName) : null, 'sagemaker.endpoint'),
      ...rel('assumes-role', jd?.RoleArn, 'iam.role'),
    ]),
    ...err(errors),
  };
}

export const monitoringSchedules = listDescribe({
  type: 'sagemaker.monitoring-schedule',
  listOp: 'ListMonitoringSchedules',
  kind: 'monitoring-schedule',
  list: (run, t) => run.client('sagemaker').send(new ListMonitoringSchedulesCommand({ NextToken: t, MaxResults: 100 })),
  names: (p) => (p.MonitoringScheduleSummaries ?? []).map((e) => e.MonitoringScheduleName),
  describe: describeMonitoringSchedule,
});

// ---------------- feature groups ----------------

async function describeFeatureGroup(run: TypeRun, name: string): Promise<AnyDraft | null> {
  const errors: string[] = [];
  const f = await run.read(
    SVC,
    'DescribeFeatureGroup',
    () => run.client('sagemaker').send(new DescribeFeatureGroupCommand({ FeatureGroupName: name })),
    errors,
  );
  if (f === null) return null;
  const off = f?.OfflineStoreConfig;
  const on = f?.OnlineStoreConfig;
  const config = (
    f
      ? {
          status: f.FeatureGroupStatus ?? 'Unknown',
          onlineStoreEnabled: Boolean(on?.EnableOnlineStore),
          onlineStoreKmsKeyId: on?.SecurityConfig?.KmsKeyId ?? null,
          offlineStoreEnabled: Boolean(off),
          offlineStoreKmsKeyId: off?.S3StorageConfig?.KmsKeyId ?? null,
          offlineStoreS3Uri: off?.S3StorageConfig?.S3Uri ?? null,
          roleArn: f.RoleArn ?? null,
        }
      : {}
  ) as FeatureGroupConfig;
  return {
    id: f?.FeatureGroupArn ?? arnOf(run, 'feature-group', name),
    type: 'sagemaker.feature-group',
    region: run.region,
    name: f?.FeatureGroupName ?? name,
    config,
    tags: {},
    relationships: uniqRels([
      ...rel('assumes-role', f?.RoleArn, 'iam.role'),
      ...bucketRel('writes-data', config.offlineStoreS3Uri),
      ...kmsRel(config.onlineStoreKmsKeyId),
      ...kmsRel(config.offlineStoreKmsKeyId),
    ]),
    ...err(errors),
  };
}

export const featureGroups = listDescribe({
  type: 'sagemaker.feature-group',
  listOp: 'ListFeatureGroups',
  kind: 'feature-group',
  list: (run, t) => run.client('sagemaker').send(new ListFeatureGroupsCommand({ NextToken: t, MaxResults: 100 })),
  names: (p) => (p.FeatureGroupSummaries ?? []).map((e) => e.FeatureGroupName),
  describe: describeFeatureGroup,
});

export const sagemakerCollectors: TypeCollector[] = [
  endpoints,
  endpointConfigs,
  models,
  notebooks,
  trainingJobs,
  domains,
  userProfiles,
  modelPackageGroups,
  monitoringSchedules,
  featureGroups,
];
