/**
 * A synthetic account for the discovery benchmark: `n` AI assets in one region, spread over types that cost one
 * describe each (SageMaker models, notebooks, training jobs, Bedrock custom models) and Lambda functions (list only).
 */
import { type DemoAccount, type DemoRegionData, demoAccount } from '../shared/demo/account.ts';

export interface SyntheticMix {
  sagemakerModels: number;
  notebooks: number;
  trainingJobs: number;
  customModels: number;
  lambdas: number;
}

export function mixFor(n: number): SyntheticMix {
  const models = Math.round(n * 0.25);
  const notebooks = Math.round(n * 0.2);
  const training = Math.round(n * 0.2);
  const custom = Math.round(n * 0.15);
  return {
    sagemakerModels: models,
    notebooks,
    trainingJobs: training,
    customModels: custom,
    lambdas: n - models - notebooks - training - custom,
  };
}

export function syntheticAccount(n: number, region = 'us-east-1'): { account: DemoAccount; mix: SyntheticMix } {
  const base = demoAccount();
  const A = base.accountId;
  const mix = mixFor(n);
  const roles = ['bench-role-0', 'bench-role-1', 'bench-role-2', 'bench-role-3'];
  const role = (i: number) => `arn:aws:iam::${A}:role/${roles[i % roles.length]}`;
  const bucket = (i: number) => `bench-bucket-${i % 4}`;
  const empty = (): DemoRegionData => ({
    logging: undefined,
    logGroups: [],
    modelUsage: [],
    customModels: [],
    customizationJobs: [],
    importedModels: [],
    importJobs: [],
    throughputs: [],
    inferenceProfiles: [],
    guardrails: [],
    prompts: [],
    agents: [],
    knowledgeBases: [],
    sagemaker: {
      endpoints: [],
      endpointConfigs: [],
      models: [],
      notebooks: [],
      lifecycleConfigs: [],
      trainingJobs: [],
      domains: [],
      userProfiles: [],
      packageGroups: [],
      monitoringSchedules: [],
      featureGroups: [],
    },
    lambdas: [],
    taskDefinitions: [],
    secrets: [],
    vpcEndpoints: [],
  });
  const r = empty();
  const T = '2026-09-01T10:00:00.000Z';
  for (let i = 0; i < mix.sagemakerModels; i++)
    r.sagemaker.models.push({
      ModelName: `m-${i}`,
      ModelArn: `arn:aws:sagemaker:${region}:${A}:model/m-${i}`,
      ExecutionRoleArn: role(i),
      PrimaryContainer: {
        Image: `${A}.dkr.ecr.${region}.amazonaws.com/serve:${i % 7}`,
        ModelDataUrl: `s3://${bucket(i)}/m-${i}.tar.gz`,
        Environment: { MODEL: `m-${i}` },
      },
      EnableNetworkIsolation: i % 2 === 0,
      CreationTime: T,
    });
  for (let i = 0; i < mix.notebooks; i++)
    r.sagemaker.notebooks.push({
      NotebookInstanceName: `nb-${i}`,
      NotebookInstanceArn: `arn:aws:sagemaker:${region}:${A}:notebook-instance/nb-${i}`,
      NotebookInstanceStatus: 'InService',
      RoleArn: role(i),
      DirectInternetAccess: i % 3 === 0 ? 'Enabled' : 'Disabled',
      RootAccess: 'Disabled',
      PlatformIdentifier: 'notebook-al2023-v1',
      InstanceMetadataServiceConfiguration: { MinimumInstanceMetadataServiceVersion: '2' },
      CreationTime: T,
    });
  for (let i = 0; i < mix.trainingJobs; i++)
    r.sagemaker.trainingJobs.push({
      TrainingJobName: `tj-${i}`,
      TrainingJobArn: `arn:aws:sagemaker:${region}:${A}:training-job/tj-${i}`,
      TrainingJobStatus: 'Completed',
      RoleArn: role(i),
      InputDataConfig: [
        { ChannelName: 'train', DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: `s3://${bucket(i)}/train/${i}/` } } },
      ],
      OutputDataConfig: { S3OutputPath: `s3://${bucket(i)}/out/` },
      ResourceConfig: { InstanceType: 'ml.m5.large', InstanceCount: 1, VolumeSizeInGB: 10 },
      EnableNetworkIsolation: true,
      EnableInterContainerTrafficEncryption: true,
      CreationTime: T,
    });
  for (let i = 0; i < mix.customModels; i++)
    r.customModels.push({
      modelArn: `arn:aws:bedrock:${region}:${A}:custom-model/base/cm-${i}`,
      modelName: `cm-${i}`,
      baseModelArn: `arn:aws:bedrock:${region}::foundation-model/meta.llama3-1-8b-instruct-v1:0`,
      customizationType: 'FINE_TUNING',
      trainingDataConfig: { s3Uri: `s3://${bucket(i)}/ft/${i}.jsonl` },
      outputDataConfig: { s3Uri: `s3://${bucket(i)}/ft-out/` },
      modelStatus: 'Active',
      creationTime: T,
    });
  for (let i = 0; i < mix.lambdas; i++)
    r.lambdas.push({
      FunctionName: `fn-${i}`,
      FunctionArn: `arn:aws:lambda:${region}:${A}:function:fn-${i}`,
      Runtime: 'python3.12',
      Role: role(i),
      Environment: { Variables: { OPENAI_MODEL: 'gpt-4o-mini', STAGE: 'prod' } },
    });
  const buckets: DemoAccount['buckets'] = {};
  for (let i = 0; i < 4; i++) buckets[bucket(i)] = { region, versioning: 'Enabled', encryption: { SSEAlgorithm: 'AES256' } };
  const account: DemoAccount = {
    ...base,
    roles: roles.map((name) => ({
      name,
      trust: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      },
      inline: {},
      attached: [],
    })),
    users: [],
    apiKeys: [],
    buckets,
    regions: { [region]: r },
  };
  return { account, mix };
}
