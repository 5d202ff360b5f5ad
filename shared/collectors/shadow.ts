import { DescribeTaskDefinitionCommand, ListTaskDefinitionFamiliesCommand } from '@aws-sdk/client-ecs';
import { type FunctionConfiguration, GetFunctionConfigurationCommand, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { DescribeSecretCommand, ListSecretsCommand, type SecretListEntry } from '@aws-sdk/client-secrets-manager';
import { providersInName, providersInSecretMetadata, SELF_HOSTED_MODEL_SERVER, scanEnvironment } from '../discovery/shadow-ai.ts';
import type { EcsTaskDefinitionConfig, LambdaFunctionConfig, SecretConfig, ShadowAiEvidence } from '../domain/asset-config.ts';
import {
  type AnyDraft,
  type AssetDraft,
  iso,
  kmsRel,
  listThenDescribe,
  paginate,
  rel,
  type TypeCollector,
  type TypeRun,
  tagsOf,
  uniqRels,
} from './context.ts';

/** Cache key of every Lambda function listed in a region (so agent action-group executors join the inventory). */
export const lambdaCacheKey = (region: string) => `lambda-all|${region}`;

function providerRels(ev: ShadowAiEvidence[]) {
  return [...new Set(ev.map((e) => e.provider))].flatMap((p) => rel('calls-provider', `provider:${p}`));
}

/** Builds the Lambda asset; environment values are classified and dropped here. */
export function lambdaDraft(region: string, f: FunctionConfiguration): AssetDraft<'lambda.function'> {
  const env = scanEnvironment(f.Environment?.Variables);
  const evidence = [...env.providers];
  for (const l of f.Layers ?? []) {
    const layerName = (l.Arn ?? '').split(':layer:')[1]?.split(':')[0] ?? '';
    for (const p of providersInName(layerName)) evidence.push({ provider: p, via: 'layer', where: l.Arn ?? layerName });
  }
  const config: LambdaFunctionConfig = {
    runtime: f.Runtime ?? null,
    roleArn: f.Role ?? null,
    plaintextKeyEnvNames: env.plaintextKeyEnvNames,
    environmentKmsKeyArn: f.KMSKeyArn ?? null,
    aiProviders: evidence,
    usesBedrock: env.usesBedrock,
  };
  return {
    id: (f.FunctionArn ?? '').replace(/:\$LATEST$/, ''),
    type: 'lambda.function',
    region,
    name: f.FunctionName ?? '',
    config,
    tags: {},
    relationships: uniqRels([...rel('assumes-role', f.Role, 'iam.role'), ...kmsRel(f.KMSKeyArn), ...providerRels(evidence)]),
  };
}

/** A Lambda function belongs to the AI inventory when it calls an AI provider or Bedrock. */
export function isAiFunction(d: AssetDraft<'lambda.function'>): boolean {
  return d.config.aiProviders.length > 0 || d.config.usesBedrock;
}

export const lambdaFunctions: TypeCollector = {
  type: 'lambda.function',
  service: 'lambda',
  scope: 'regional',
  async collect(run) {
    const all = new Map<string, AssetDraft<'lambda.function'>>();
    run.env.cache.set(lambdaCacheKey(run.region), all);
    await paginate(
      run,
      'ListFunctions',
      (t) => run.client('lambda').send(new ListFunctionsCommand({ Marker: t, MaxItems: 50 })),
      (p) => p.NextMarker,
      (p) => {
        for (const f of p.Functions ?? []) {
          const d = lambdaDraft(run.region, f);
          all.set(d.id, d);
          if (isAiFunction(d)) run.emit(d);
        }
      },
    );
  },
  async refresh(run, ref) {
    const errors: string[] = [];
    const f = await run.read(
      'lambda',
      'GetFunctionConfiguration',
      () => run.client('lambda').send(new GetFunctionConfigurationCommand({ FunctionName: ref.key })),
      errors,
    );
    if (f === null) return null;
    if (f === undefined) throw new Error(errors.join('; '));
    return lambdaDraft(run.region, f);
  },
  idFor: (ref, accountId, partition) =>
    ref.key.startsWith('arn:') ? ref.key : `arn:${partition}:lambda:${ref.region}:${accountId}:function:${ref.key}`,
};

// ---------------- ECS task definitions ----------------

async function describeTaskFamily(run: TypeRun, family: string): Promise<AnyDraft | null> {
  const errors: string[] = [];
  const out = await run.read(
    'ecs',
    'DescribeTaskDefinition',
    () => run.client('ecs').send(new DescribeTaskDefinitionCommand({ taskDefinition: family, include: ['TAGS'] })),
    errors,
  );
  if (out === null) return null;
  if (out === undefined) throw new Error(errors.join('; '));
  const td = out.taskDefinition;
  if (!td?.taskDefinitionArn) return null;
  const evidence: ShadowAiEvidence[] = [];
  const plaintext = new Set<string>();
  const images: string[] = [];
  for (const c of td.containerDefinitions ?? []) {
    const env: Record<string, string> = {};
    for (const e of c.environment ?? []) if (e.name) env[e.name] = e.value ?? '';
    const scan = scanEnvironment(env);
    for (const e of scan.providers) evidence.push({ ...e, where: `${c.name ?? 'container'}:${e.where}` });
    for (const n of scan.plaintextKeyEnvNames) plaintext.add(`${c.name ?? 'container'}:${n}`);
    // `secrets` reference Secrets Manager / SSM (good practice): names only.
    for (const s of c.secrets ?? []) {
      const byName = scanEnvironment({ [s.name ?? '']: '' }).providers;
      for (const e of byName)
        evidence.push({ provider: e.provider, via: 'env-name', where: `${c.name ?? 'container'}:${s.name} (secret reference)` });
    }
    if (c.image) {
      images.push(c.image);
      for (const p of providersInName(c.image.split('/').slice(1).join('/') || c.image))
        evidence.push({ provider: p, via: 'image', where: c.image });
      if (SELF_HOSTED_MODEL_SERVER.test(c.image) && !evidence.some((e) => e.where === c.image))
        evidence.push({ provider: 'self-hosted-model', via: 'image', where: c.image });
    }
  }
  if (!evidence.length) return null;
  const config: EcsTaskDefinitionConfig = {
    family: td.family ?? family,
    revision: td.revision ?? 0,
    taskRoleArn: td.taskRoleArn ?? null,
    plaintextKeyEnvNames: [...plaintext].sort(),
    aiProviders: evidence,
    images,
  };
  return {
    id: td.taskDefinitionArn,
    type: 'ecs.task-definition',
    region: run.region,
    name: `${config.family}:${config.revision}`,
    config,
    tags: tagsOf(out.tags),
    relationships: uniqRels([
      ...rel('assumes-role', td.taskRoleArn, 'iam.role'),
      ...rel('assumes-role', td.executionRoleArn, 'iam.role'),
      ...images.flatMap((i) => rel('uses-image', i)),
      ...providerRels(evidence),
    ]),
  };
}

export const ecsTaskDefinitions: TypeCollector = {
  type: 'ecs.task-definition',
  service: 'ecs',
  scope: 'regional',
  async collect(run) {
    await listThenDescribe(
      run,
      'ListTaskDefinitionFamilies',
      (t) => run.client('ecs').send(new ListTaskDefinitionFamiliesCommand({ status: 'ACTIVE', nextToken: t, maxResults: 100 })),
      (p) => p.nextToken,
      (p, add) => {
        for (const f of p.families ?? []) add(describeTaskFamily(run, f));
      },
    );
  },
  refresh: (run, ref) => describeTaskFamily(run, ref.key.replace(/^arn:.*:task-definition\//, '').replace(/:\d+$/, '')),
};

// ---------------- Secrets Manager (metadata only; values are never read) ----------------

function secretDraft(region: string, s: SecretListEntry): AnyDraft | null {
  const tags = tagsOf(s.Tags);
  const text = [s.Name ?? '', s.Description ?? '', ...Object.entries(tags).map(([k, v]) => `${k} ${v}`)].join(' ');
  const providers = providersInSecretMetadata(text);
  if (!providers.length || !s.ARN) return null;
  const config: SecretConfig = {
    kmsKeyId: s.KmsKeyId ?? null,
    rotationEnabled: Boolean(s.RotationEnabled),
    aiProviders: providers.map((p) => ({ provider: p, via: 'secret-name', where: s.Name ?? s.ARN ?? '' })),
    lastRotatedDate: iso(s.LastRotatedDate),
  };
  return {
    id: s.ARN,
    type: 'secretsmanager.secret',
    region,
    name: s.Name ?? s.ARN,
    config,
    tags,
    relationships: uniqRels([...kmsRel(s.KmsKeyId), ...providers.flatMap((p) => rel('calls-provider', `provider:${p}`))]),
  };
}

export const secrets: TypeCollector = {
  type: 'secretsmanager.secret',
  service: 'secretsmanager',
  scope: 'regional',
  async collect(run) {
    await paginate(
      run,
      'ListSecrets',
      (t) => run.client('secretsManager').send(new ListSecretsCommand({ NextToken: t, MaxResults: 100 })),
      (p) => p.NextToken,
      (p) => {
        for (const s of p.SecretList ?? []) {
          const d = secretDraft(run.region, s);
          if (d) run.emit(d);
        }
      },
    );
  },
  async refresh(run, ref) {
    const errors: string[] = [];
    const s = await run.read(
      'secretsmanager',
      'DescribeSecret',
      () => run.client('secretsManager').send(new DescribeSecretCommand({ SecretId: ref.key })),
      errors,
    );
    if (s === null) return null;
    if (s === undefined) throw new Error(errors.join('; '));
    if (s.DeletedDate) return null;
    return secretDraft(run.region, s as SecretListEntry);
  },
};

export const shadowCollectors: TypeCollector[] = [lambdaFunctions, ecsTaskDefinitions, secrets];
