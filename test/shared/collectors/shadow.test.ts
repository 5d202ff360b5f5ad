import { DescribeTaskDefinitionCommand, ECSClient, ListTaskDefinitionFamiliesCommand } from '@aws-sdk/client-ecs';
import { LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { ListSecretsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { runCollector } from '../../../shared/collectors/context.ts';
import { ecsTaskDefinitions, lambdaCacheKey, lambdaFunctions, secrets } from '../../../shared/collectors/shadow.ts';
import { ACCOUNT, awsError, testEnv } from '../../fixtures/discovery/env.ts';

const lambda = mockClient(LambdaClient);
const ecs = mockClient(ECSClient);
const sm = mockClient(SecretsManagerClient);
afterEach(() => {
  lambda.reset();
  ecs.reset();
  sm.reset();
});

const OPENAI_FAKE = 'sk-proj-abcdefghijklmnopqrstuvwxyz0123456789';

describe('Lambda shadow AI', () => {
  it('finds providers by env name, key format, host and layer; keeps names only; pages with Marker', async () => {
    lambda
      .on(ListFunctionsCommand, { Marker: undefined })
      .resolves({
        Functions: [
          {
            FunctionName: 'chat',
            FunctionArn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:chat`,
            Role: `arn:aws:iam::${ACCOUNT}:role/chat`,
            Environment: { Variables: { OPENAI_API_KEY: OPENAI_FAKE, UPSTREAM: 'https://api.anthropic.com/v1/messages' } },
            Layers: [{ Arn: `arn:aws:lambda:us-east-1:${ACCOUNT}:layer:langchain-cohere:2` }],
          },
        ],
        NextMarker: 'm2',
      })
      .on(ListFunctionsCommand, { Marker: 'm2' })
      .resolves({
        Functions: [
          {
            FunctionName: 'plain',
            FunctionArn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:plain`,
            Environment: { Variables: { PORT: '80' } },
          },
          {
            FunctionName: 'safe',
            FunctionArn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:safe`,
            Environment: { Variables: { ANTHROPIC_API_KEY_SECRET_ARN: `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:x` } },
          },
        ],
      });
    const env = testEnv();
    const out = await runCollector(lambdaFunctions, env, 'us-east-1');
    expect(out.drafts.map((d) => d.name).sort()).toEqual(['chat', 'safe']);
    const chat = out.drafts.find((d) => d.name === 'chat')!;
    const cfg = chat.config as { plaintextKeyEnvNames: string[]; aiProviders: { provider: string; via: string }[] };
    expect(cfg.plaintextKeyEnvNames).toEqual(['OPENAI_API_KEY']);
    expect(new Set(cfg.aiProviders.map((e) => `${e.provider}/${e.via}`))).toEqual(
      new Set(['openai/env-name', 'openai/key-format', 'anthropic/env-host', 'cohere/layer']),
    );
    expect(JSON.stringify(out)).not.toContain(OPENAI_FAKE);
    const safe = out.drafts.find((d) => d.name === 'safe')!;
    expect((safe.config as { plaintextKeyEnvNames: string[] }).plaintextKeyEnvNames).toEqual([]);
    // every function stays available for agent action-group references
    expect((env.cache.get(lambdaCacheKey('us-east-1')) as Map<string, unknown>).size).toBe(3);
  });
});

describe('ECS task definitions', () => {
  it('records plaintext provider keys and secret references by name; skips non-AI families', async () => {
    ecs.on(ListTaskDefinitionFamiliesCommand).resolves({ families: ['rag', 'web'] });
    ecs.on(DescribeTaskDefinitionCommand, { taskDefinition: 'rag' }).resolves({
      taskDefinition: {
        taskDefinitionArn: `arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/rag:3`,
        family: 'rag',
        revision: 3,
        containerDefinitions: [
          {
            name: 'w',
            image: 'ghcr.io/acme/rag:1',
            environment: [{ name: 'MISTRAL_API_KEY', value: 'plain-mistral-value-123456' }],
            secrets: [{ name: 'HF_TOKEN', valueFrom: 'arn:aws:secretsmanager:us-east-1:1:secret:hf' }],
          },
        ],
      },
    });
    ecs.on(DescribeTaskDefinitionCommand, { taskDefinition: 'web' }).resolves({
      taskDefinition: {
        taskDefinitionArn: `arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/web:1`,
        family: 'web',
        revision: 1,
        containerDefinitions: [{ name: 'web', image: 'nginx' }],
      },
    });
    const out = await runCollector(ecsTaskDefinitions, testEnv(), 'us-east-1');
    expect(out.drafts).toHaveLength(1);
    expect(out.drafts[0].config).toMatchObject({
      family: 'rag',
      revision: 3,
      plaintextKeyEnvNames: ['w:MISTRAL_API_KEY'],
      images: ['ghcr.io/acme/rag:1'],
    });
    expect(JSON.stringify(out)).not.toContain('plain-mistral-value-123456');
  });
});

describe('Secrets Manager', () => {
  it('uses names/descriptions/tags only and keeps AI-provider secrets', async () => {
    sm.on(ListSecretsCommand).resolves({
      SecretList: [
        { ARN: 'arn:aws:secretsmanager:us-east-1:1:secret:openai-key', Name: 'prod/openai/api-key', RotationEnabled: false },
        { ARN: 'arn:aws:secretsmanager:us-east-1:1:secret:db', Name: 'db/password', RotationEnabled: true },
        {
          ARN: 'arn:aws:secretsmanager:us-east-1:1:secret:x',
          Name: 'x',
          Description: 'Claude key for the bot',
          RotationEnabled: true,
          KmsKeyId: 'k',
        },
      ],
    });
    const out = await runCollector(secrets, testEnv(), 'us-east-1');
    expect(
      out.drafts.map((d) => [d.name, (d.config as { aiProviders: { provider: string }[] }).aiProviders.map((p) => p.provider)]),
    ).toEqual([
      ['prod/openai/api-key', ['openai']],
      ['x', ['anthropic']],
    ]);
  });

  it('AccessDenied on ListSecrets is a gap', async () => {
    sm.on(ListSecretsCommand).rejects(awsError('AccessDeniedException', 'denied', 403));
    const out = await runCollector(secrets, testEnv(), 'us-east-1');
    expect(out.status).toBe('failed');
    expect(out.gaps[0].service).toBe('secretsmanager');
  });
});
