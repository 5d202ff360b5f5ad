import {
  DescribeEndpointCommand,
  DescribeModelCommand,
  DescribeNotebookInstanceCommand,
  DescribeNotebookInstanceLifecycleConfigCommand,
  ListEndpointsCommand,
  ListModelsCommand,
  ListNotebookInstancesCommand,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { runCollector } from '../../../shared/collectors/context.ts';
import { endpoints, models, notebooks } from '../../../shared/collectors/sagemaker.ts';
import { ACCOUNT, awsError, testEnv } from '../../fixtures/discovery/env.ts';

const sm = mockClient(SageMakerClient);
afterEach(() => sm.reset());

describe('SageMaker endpoints', () => {
  it('pages with NextToken; an endpoint without data capture has dataCapture null', async () => {
    sm.on(ListEndpointsCommand, { NextToken: undefined })
      .resolves({ Endpoints: [{ EndpointName: 'e1' } as never], NextToken: 'n' })
      .on(ListEndpointsCommand, { NextToken: 'n' })
      .resolves({ Endpoints: [{ EndpointName: 'e2' } as never] });
    sm.on(DescribeEndpointCommand).callsFake((i: { EndpointName: string }) => ({
      EndpointName: i.EndpointName,
      EndpointArn: `arn:aws:sagemaker:us-east-1:${ACCOUNT}:endpoint/${i.EndpointName}`,
      EndpointConfigName: `${i.EndpointName}-cfg`,
      EndpointStatus: 'InService',
      ...(i.EndpointName === 'e1'
        ? { DataCaptureConfig: { EnableCapture: true, CurrentSamplingPercentage: 50, DestinationS3Uri: 's3://cap/x' } }
        : {}),
    }));
    const out = await runCollector(endpoints, testEnv(), 'us-east-1');
    const byName = Object.fromEntries(out.drafts.map((d) => [d.name, d]));
    expect(Object.keys(byName).sort()).toEqual(['e1', 'e2']);
    expect(byName.e1.config).toMatchObject({
      dataCapture: { enabled: true, samplingPercentage: 50, destinationS3Uri: 's3://cap/x', kmsKeyId: null },
    });
    expect(byName.e2.config).toMatchObject({ dataCapture: null });
    expect(byName.e1.relationships).toContainEqual({
      kind: 'uses-config',
      targetId: `arn:aws:sagemaker:us-east-1:${ACCOUNT}:endpoint-config/e1-cfg`,
      targetType: 'sagemaker.endpoint-config',
    });
  });

  it('ValidationException on the listing (operation not available) is absence', async () => {
    sm.on(ListEndpointsCommand).rejects(awsError('ValidationException', 'operation not supported in this region'));
    expect((await runCollector(endpoints, testEnv(), 'us-east-1')).status).toBe('absent');
  });
});

describe('SageMaker models', () => {
  it('records secret-like environment variable NAMES and the image registry, never values', async () => {
    sm.on(ListModelsCommand).resolves({ Models: [{ ModelName: 'm1' } as never] });
    sm.on(DescribeModelCommand).resolves({
      ModelName: 'm1',
      ModelArn: `arn:aws:sagemaker:us-east-1:${ACCOUNT}:model/m1`,
      ExecutionRoleArn: `arn:aws:iam::${ACCOUNT}:role/r`,
      PrimaryContainer: {
        Image: 'docker.io/acme/serve:latest',
        ModelDataUrl: 's3://art/m1.tar.gz',
        Environment: { HF_TOKEN: 'hf_abcdefghijklmnopqrstuvwxyz0123456789', DB_PASSWORD: 'hunter2-value', MODEL_NAME: 'x' },
      },
      EnableNetworkIsolation: false,
    });
    const out = await runCollector(models, testEnv(), 'us-east-1');
    const cfg = out.drafts[0].config as {
      primaryContainer: { secretLikeEnvNames: string[]; environmentNames: string[]; registry: string };
      enableNetworkIsolation: boolean;
      vpcConfig: unknown;
    };
    expect(cfg.primaryContainer.secretLikeEnvNames).toEqual(['DB_PASSWORD', 'HF_TOKEN']);
    expect(cfg.primaryContainer.environmentNames).toEqual(['DB_PASSWORD', 'HF_TOKEN', 'MODEL_NAME']);
    expect(cfg.primaryContainer.registry).toBe('docker.io');
    expect(cfg.enableNetworkIsolation).toBe(false);
    expect(cfg.vpcConfig).toBeNull();
    const text = JSON.stringify(out.drafts);
    expect(text).not.toContain('hf_abcdefghijklmnopqrstuvwxyz0123456789');
    expect(text).not.toContain('hunter2-value');
  });
});

describe('SageMaker notebooks', () => {
  it('reads internet/root/IMDS/platform and scans the lifecycle config for secret kinds (cached per config)', async () => {
    sm.on(ListNotebookInstancesCommand).resolves({
      NotebookInstances: [{ NotebookInstanceName: 'n1' }, { NotebookInstanceName: 'n2' }] as never,
    });
    sm.on(DescribeNotebookInstanceCommand).callsFake((i: { NotebookInstanceName: string }) => ({
      NotebookInstanceName: i.NotebookInstanceName,
      NotebookInstanceArn: `arn:aws:sagemaker:us-east-1:${ACCOUNT}:notebook-instance/${i.NotebookInstanceName}`,
      DirectInternetAccess: 'Enabled',
      RootAccess: 'Enabled',
      RoleArn: `arn:aws:iam::${ACCOUNT}:role/nb`,
      PlatformIdentifier: 'notebook-al1-v1',
      InstanceMetadataServiceConfiguration: { MinimumInstanceMetadataServiceVersion: '1' },
      NotebookInstanceLifecycleConfigName: 'setup',
    }));
    const script = '#!/bin/bash\nexport AWS_ACCESS_KEY_ID=AKIAABCDEFGHIJKLMNOP\n';
    sm.on(DescribeNotebookInstanceLifecycleConfigCommand).resolves({ OnStart: [{ Content: Buffer.from(script).toString('base64') }] });
    const out = await runCollector(notebooks, testEnv(), 'us-east-1');
    expect(out.drafts).toHaveLength(2);
    expect(out.drafts[0].config).toMatchObject({
      directInternetAccess: true,
      rootAccess: true,
      kmsKeyId: null,
      subnetId: null,
      minimumImdsVersion: '1',
      platformIdentifier: 'notebook-al1-v1',
      lifecycleSecretKinds: ['aws-access-key'],
    });
    expect(sm.commandCalls(DescribeNotebookInstanceLifecycleConfigCommand)).toHaveLength(1);
    expect(JSON.stringify(out.drafts)).not.toContain('AKIAABCDEFGHIJKLMNOP');
  });

  // The assignment scan restarted at every capital letter of a long upper-case run (quadratic): 64 kB took ~8 s.
  it('scans a long lifecycle script in linear time and still names secret assignments', async () => {
    sm.on(ListNotebookInstancesCommand).resolves({ NotebookInstances: [{ NotebookInstanceName: 'n1' }] as never });
    sm.on(DescribeNotebookInstanceCommand).resolves({
      NotebookInstanceName: 'n1',
      NotebookInstanceArn: `arn:aws:sagemaker:us-east-1:${ACCOUNT}:notebook-instance/n1`,
      NotebookInstanceLifecycleConfigName: 'big',
    });
    const script = `#!/bin/bash\n# ${'A'.repeat(64_000)}\nexport MY_API_KEY=abcdefgh12345678\n`;
    sm.on(DescribeNotebookInstanceLifecycleConfigCommand).resolves({ OnStart: [{ Content: Buffer.from(script).toString('base64') }] });
    const t0 = performance.now();
    const out = await runCollector(notebooks, testEnv(), 'us-east-1');
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(out.drafts[0].config).toMatchObject({ lifecycleSecretKinds: ['assignment:MY_API_KEY'] });
    expect(JSON.stringify(out.drafts)).not.toContain('abcdefgh12345678');
  });
});

describe('SageMaker Model Monitor job definitions and inference experiments', () => {
  it('reads network isolation, inter-container encryption and KMS for each job-definition kind', async () => {
    const { jobDefinitions, inferenceExperiments } = await import('../../../shared/collectors/sagemaker-monitoring.ts');
    const {
      ListDataQualityJobDefinitionsCommand,
      DescribeDataQualityJobDefinitionCommand,
      ListModelBiasJobDefinitionsCommand,
      DescribeModelBiasJobDefinitionCommand,
      ListModelQualityJobDefinitionsCommand,
      ListModelExplainabilityJobDefinitionsCommand,
      ListInferenceExperimentsCommand,
      DescribeInferenceExperimentCommand,
    } = await import('@aws-sdk/client-sagemaker');
    sm.on(ListModelQualityJobDefinitionsCommand).resolves({ JobDefinitionSummaries: [] });
    sm.on(ListModelExplainabilityJobDefinitionsCommand).resolves({ JobDefinitionSummaries: [] });
    sm.on(ListDataQualityJobDefinitionsCommand).resolves({ JobDefinitionSummaries: [{ MonitoringJobDefinitionName: 'dq' } as never] });
    sm.on(DescribeDataQualityJobDefinitionCommand).resolves({
      JobDefinitionName: 'dq',
      JobDefinitionArn: `arn:aws:sagemaker:us-east-1:${ACCOUNT}:data-quality-job-definition/dq`,
      NetworkConfig: { EnableNetworkIsolation: true, EnableInterContainerTrafficEncryption: true },
      DataQualityJobOutputConfig: { KmsKeyId: 'k1', MonitoringOutputs: [] },
      JobResources: { ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.m5.large', VolumeSizeInGB: 1, VolumeKmsKeyId: 'k2' } },
    } as never);
    sm.on(ListModelBiasJobDefinitionsCommand).resolves({ JobDefinitionSummaries: [{ MonitoringJobDefinitionName: 'bias' } as never] });
    sm.on(DescribeModelBiasJobDefinitionCommand).resolves({
      JobDefinitionName: 'bias',
      JobDefinitionArn: `arn:aws:sagemaker:us-east-1:${ACCOUNT}:model-bias-job-definition/bias`,
    } as never);
    const out = await runCollector(jobDefinitions, testEnv(), 'us-east-1');
    expect(out.status).toBe('complete');
    const byName = Object.fromEntries(out.drafts.map((d) => [d.name, d.config]));
    expect(byName.dq).toEqual({
      kind: 'data-quality',
      enableNetworkIsolation: true,
      enableInterContainerTrafficEncryption: true,
      vpcConfig: null,
      outputKmsKeyId: 'k1',
      volumeKmsKeyId: 'k2',
      roleArn: null,
    });
    expect(byName.bias).toMatchObject({
      kind: 'model-bias',
      enableNetworkIsolation: false,
      enableInterContainerTrafficEncryption: false,
      outputKmsKeyId: null,
    });
    sm.on(ListInferenceExperimentsCommand).resolves({ InferenceExperiments: [{ Name: 'exp' } as never] });
    sm.on(DescribeInferenceExperimentCommand).resolves({
      Name: 'exp',
      Arn: 'arn:x',
      Status: 'Running',
      EndpointMetadata: { EndpointName: 'ep' },
      DataStorageConfig: { Destination: 's3://b/x' },
    } as never);
    const exp = await runCollector(inferenceExperiments, testEnv(), 'us-east-1');
    expect(exp.drafts[0].config).toEqual({ status: 'Running', endpointName: 'ep', kmsKey: null, dataStorageKmsKey: null });
  });
});
