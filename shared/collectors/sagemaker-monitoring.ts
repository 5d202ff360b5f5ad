import {
  DescribeDataQualityJobDefinitionCommand,
  DescribeInferenceExperimentCommand,
  DescribeModelBiasJobDefinitionCommand,
  DescribeModelExplainabilityJobDefinitionCommand,
  DescribeModelQualityJobDefinitionCommand,
  ListDataQualityJobDefinitionsCommand,
  ListInferenceExperimentsCommand,
  ListModelBiasJobDefinitionsCommand,
  ListModelExplainabilityJobDefinitionsCommand,
  ListModelQualityJobDefinitionsCommand,
  type MonitoringNetworkConfig,
  type MonitoringOutputConfig,
  type MonitoringResources,
} from '@aws-sdk/client-sagemaker';
import type { InferenceExperimentConfig, JobDefinitionConfig } from '../domain/asset-config.ts';
import {
  type AnyDraft,
  bucketRel,
  kmsRel,
  listThenDescribe,
  paginate,
  rel,
  settleAll,
  type TypeCollector,
  type TypeRun,
  uniqRels,
} from './context.ts';

const SVC = 'sagemaker';
type Kind = JobDefinitionConfig['kind'];
interface Described {
  JobDefinitionArn?: string;
  JobDefinitionName?: string;
  NetworkConfig?: MonitoringNetworkConfig;
  JobResources?: MonitoringResources;
  RoleArn?: string;
  output?: MonitoringOutputConfig;
}

const KINDS: {
  kind: Kind;
  list: string;
  describe: string;
  fetchList: (
    run: TypeRun,
    t?: string,
  ) => Promise<{ JobDefinitionSummaries?: { MonitoringJobDefinitionName?: string }[]; NextToken?: string }>;
  fetch: (run: TypeRun, name: string) => Promise<Described>;
}[] = [
  {
    kind: 'data-quality',
    list: 'ListDataQualityJobDefinitions',
    describe: 'DescribeDataQualityJobDefinition',
    fetchList: (run, t) => run.client('sagemaker').send(new ListDataQualityJobDefinitionsCommand({ NextToken: t, MaxResults: 100 })),
    fetch: async (run, name) => {
      const d = await run.client('sagemaker').send(new DescribeDataQualityJobDefinitionCommand({ JobDefinitionName: name }));
      return { ...d, output: d.DataQualityJobOutputConfig };
    },
  },
  {
    kind: 'model-quality',
    list: 'ListModelQualityJobDefinitions',
    describe: 'DescribeModelQualityJobDefinition',
    fetchList: (run, t) => run.client('sagemaker').send(new ListModelQualityJobDefinitionsCommand({ NextToken: t, MaxResults: 100 })),
    fetch: async (run, name) => {
      const d = await run.client('sagemaker').send(new DescribeModelQualityJobDefinitionCommand({ JobDefinitionName: name }));
      return { ...d, output: d.ModelQualityJobOutputConfig };
    },
  },
  {
    kind: 'model-bias',
    list: 'ListModelBiasJobDefinitions',
    describe: 'DescribeModelBiasJobDefinition',
    fetchList: (run, t) => run.client('sagemaker').send(new ListModelBiasJobDefinitionsCommand({ NextToken: t, MaxResults: 100 })),
    fetch: async (run, name) => {
      const d = await run.client('sagemaker').send(new DescribeModelBiasJobDefinitionCommand({ JobDefinitionName: name }));
      return { ...d, output: d.ModelBiasJobOutputConfig };
    },
  },
  {
    kind: 'model-explainability',
    list: 'ListModelExplainabilityJobDefinitions',
    describe: 'DescribeModelExplainabilityJobDefinition',
    fetchList: (run, t) =>
      run.client('sagemaker').send(new ListModelExplainabilityJobDefinitionsCommand({ NextToken: t, MaxResults: 100 })),
    fetch: async (run, name) => {
      const d = await run.client('sagemaker').send(new DescribeModelExplainabilityJobDefinitionCommand({ JobDefinitionName: name }));
      return { ...d, output: d.ModelExplainabilityJobOutputConfig };
    },
  },
];

async function describeJobDefinition(run: TypeRun, k: (typeof KINDS)[number], name: string): Promise<AnyDraft | null> {
  const errors: string[] = [];
  const d = await run.read(SVC, k.describe, () => k.fetch(run, name), errors);
  if (d === null) return null;
  const net = d?.NetworkConfig;
  const config = (
    d
      ? {
          kind: k.kind,
          enableNetworkIsolation: Boolean(net?.EnableNetworkIsolation),
          enableInterContainerTrafficEncryption: Boolean(net?.EnableInterContainerTrafficEncryption),
          vpcConfig: net?.VpcConfig
            ? { subnets: net.VpcConfig.Subnets ?? [], securityGroupIds: net.VpcConfig.SecurityGroupIds ?? [] }
            : null,
          outputKmsKeyId: d.output?.KmsKeyId ?? null,
          volumeKmsKeyId: d.JobResources?.ClusterConfig?.VolumeKmsKeyId ?? null,
          roleArn: d.RoleArn ?? null,
        }
      : { kind: k.kind }
  ) as JobDefinitionConfig;
  return {
    id: d?.JobDefinitionArn ?? `arn:${run.partition}:sagemaker:${run.region}:${run.accountId}:${k.kind}-job-definition/${name}`,
    type: 'sagemaker.job-definition',
    region: run.region,
    name,
    config,
    tags: {},
    relationships: uniqRels([
      ...rel('assumes-role', d?.RoleArn, 'iam.role'),
      ...kmsRel(config.outputKmsKeyId),
      ...kmsRel(config.volumeKmsKeyId),
      ...(d?.output?.MonitoringOutputs ?? []).flatMap((o) => bucketRel('writes-data', o.S3Output?.S3Uri)),
    ]),
    ...(errors.length ? { collectionErrors: errors } : {}),
  };
}

/** Model Monitor job definitions (data quality, model quality, bias, explainability). */
export const jobDefinitions: TypeCollector = {
  type: 'sagemaker.job-definition',
  service: SVC,
  scope: 'regional',
  async collect(run) {
    const tasks: Promise<unknown>[] = [];
    for (const k of KINDS) {
      await paginate(
        run,
        k.list,
        (t) => k.fetchList(run, t),
        (p) => p.NextToken,
        (p) => {
          for (const s of p.JobDefinitionSummaries ?? [])
            if (s.MonitoringJobDefinitionName)
              tasks.push(describeJobDefinition(run, k, s.MonitoringJobDefinitionName).then((x) => x && run.emit(x)));
        },
      );
    }
    await settleAll(tasks);
  },
  async refresh(run, ref) {
    const k = KINDS.find((x) => x.kind === ref.key2);
    if (!k) throw new Error(`unknown job definition kind ${ref.key2}`);
    return describeJobDefinition(run, k, ref.key);
  },
  idFor: (ref, accountId, partition) =>
    `arn:${partition}:sagemaker:${ref.region}:${accountId}:${ref.key2}-job-definition/${ref.key.toLowerCase()}`,
};

async function describeExperiment(run: TypeRun, name: string): Promise<AnyDraft | null> {
  const errors: string[] = [];
  const e = await run.read(
    SVC,
    'DescribeInferenceExperiment',
    () => run.client('sagemaker').send(new DescribeInferenceExperimentCommand({ Name: name })),
    errors,
  );
  if (e === null) return null;
  const config = (
    e
      ? {
          status: e.Status ?? 'Unknown',
          endpointName: e.EndpointMetadata?.EndpointName ?? null,
          kmsKey: e.KmsKey ?? null,
          dataStorageKmsKey: e.DataStorageConfig ? (e.DataStorageConfig.KmsKey ?? null) : null,
        }
      : {}
  ) as InferenceExperimentConfig;
  return {
    id: e?.Arn ?? `arn:${run.partition}:sagemaker:${run.region}:${run.accountId}:inference-experiment/${name}`,
    type: 'sagemaker.inference-experiment',
    region: run.region,
    name,
    config,
    tags: {},
    relationships: uniqRels([
      ...rel(
        'monitors',
        config.endpointName
          ? `arn:${run.partition}:sagemaker:${run.region}:${run.accountId}:endpoint/${config.endpointName.toLowerCase()}`
          : null,
        'sagemaker.endpoint',
      ),
      ...rel('assumes-role', e?.RoleArn, 'iam.role'),
      ...bucketRel('writes-data', e?.DataStorageConfig?.Destination),
      ...kmsRel(config.kmsKey),
      ...kmsRel(config.dataStorageKmsKey),
    ]),
    ...(errors.length ? { collectionErrors: errors } : {}),
  };
}

export const inferenceExperiments: TypeCollector = {
  type: 'sagemaker.inference-experiment',
  service: SVC,
  scope: 'regional',
  async collect(run) {
    await listThenDescribe(
      run,
      'ListInferenceExperiments',
      (t) => run.client('sagemaker').send(new ListInferenceExperimentsCommand({ NextToken: t, MaxResults: 100 })),
      (p) => p.NextToken,
      (p, add) => {
        for (const x of p.InferenceExperiments ?? []) if (x.Name) add(describeExperiment(run, x.Name));
      },
    );
  },
  refresh: (run, ref) => describeExperiment(run, ref.key),
  idFor: (ref, accountId, partition) =>
    `arn:${partition}:sagemaker:${ref.region}:${accountId}:inference-experiment/${ref.key.toLowerCase()}`,
};
