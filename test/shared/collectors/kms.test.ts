import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  BedrockAgentClient,
  GetDataSourceCommand,
  GetFlowCommand,
  GetFlowVersionCommand,
  GetKnowledgeBaseCommand,
  ListDataSourcesCommand,
  ListFlowAliasesCommand,
  ListFlowsCommand,
  ListFlowVersionsCommand,
  ListKnowledgeBasesCommand,
} from '@aws-sdk/client-bedrock-agent';
import { DescribeKeyCommand, type KeyState, KMSClient } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import bedrock_batch_inference_job_output_encrypted_with_cmk from '../../../shared/checks/bedrock/bedrock_batch_inference_job_output_encrypted_with_cmk.ts';
import bedrock_flow_encrypted_with_cmk from '../../../shared/checks/bedrock/bedrock_flow_encrypted_with_cmk.ts';
import bedrock_guardrail_encrypted_with_cmk from '../../../shared/checks/bedrock/bedrock_guardrail_encrypted_with_cmk.ts';
import bedrock_knowledge_base_data_source_encrypted_with_cmk from '../../../shared/checks/bedrock/bedrock_knowledge_base_data_source_encrypted_with_cmk.ts';
import { ALL_CHECKS } from '../../../shared/checks/index.ts';
import { flows, knowledgeBases } from '../../../shared/collectors/bedrock-agent.ts';
import { type AnyDraft, draftHash, draftHashes, runCollector } from '../../../shared/collectors/context.ts';
import { CHECKED_KEY_FIELDS, keyLocation, keyRefsOf, resolveKmsKeys } from '../../../shared/collectors/kms.ts';
import type { ClientFactory } from '../../../shared/discovery/types.ts';
import type { Asset } from '../../../shared/domain/asset.ts';
import type { KmsKeysField } from '../../../shared/domain/asset-config.ts';
import { coverageObservation } from '../../../shared/pipeline/assess.ts';
import { finalizeDraft } from '../../../shared/pipeline/discover.ts';
import { good, run } from '../../fixtures/checks/builders.ts';
import { ACCOUNT, awsError, NOW, testEnv } from '../../fixtures/discovery/env.ts';

const kms = mockClient(KMSClient);
afterEach(() => kms.reset());

const US_KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/11111111-1111-1111-1111-111111111111`;
const EU_KEY = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/22222222-2222-2222-2222-222222222222`;
const AWS_KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/33333333-3333-3333-3333-333333333333`;
const FOREIGN_KEY = 'arn:aws:kms:us-east-1:999988887777:key/44444444-4444-4444-4444-444444444444';

function draft(id: string, region: string, keys: string[]): AnyDraft {
  const d = {
    id,
    type: 'bedrock.guardrail',
    region,
    name: id,
    config: { kmsKeyArn: keys[0] ?? null },
    tags: {},
    relationships: keys.map((k) => ({ kind: 'encrypted-by' as const, targetId: k })),
  } as unknown as AnyDraft;
  draftHashes.set(d, draftHash(d));
  return d;
}
const keysOf = (d: AnyDraft) => (d.config as KmsKeysField).kmsKeys;

function meta(arn: string, keyManager: 'AWS' | 'CUSTOMER', keyState: KeyState = 'Enabled', multiRegion = false) {
  return {
    KeyMetadata: {
      KeyId: arn.split('/').pop(),
      Arn: arn,
      KeyManager: keyManager,
      KeyState: keyState,
      MultiRegion: multiRegion,
      // DescribeKey gives the configuration of multi-Region keys only
      ...(multiRegion ? { MultiRegionConfiguration: { MultiRegionKeyType: 'REPLICA' as const } } : {}),
    },
  };
}

/** The test env's client factory, recording which (service, region) clients were asked for. */
function recordingEnv() {
  const env = testEnv();
  const asked: string[] = [];
  const base = env.clients;
  const clients: ClientFactory = {
    client: (service, region, target) => {
      asked.push(`${service}|${region}`);
      return base.client(service, region, target);
    },
  };
  return { env: { ...env, clients }, asked };
}

describe('keyLocation', () => {
  it('takes the region from an ARN, the asset region for a bare key id or alias, and skips alias/aws', () => {
    expect(keyLocation(EU_KEY, 'us-east-1', ACCOUNT, 'aws')).toEqual({ region: 'eu-west-1', id: EU_KEY });
    expect(keyLocation('11111111-1111-1111-1111-111111111111', 'us-east-1', ACCOUNT, 'aws')).toEqual({ region: 'us-east-1', id: US_KEY });
    expect(keyLocation('alias/team-key', 'eu-west-1', ACCOUNT, 'aws')).toEqual({
      region: 'eu-west-1',
      id: `arn:aws:kms:eu-west-1:${ACCOUNT}:alias/team-key`,
    });
    expect(keyLocation('alias/aws/s3', 'us-east-1', ACCOUNT, 'aws')).toBeUndefined();
    expect(keyLocation(`arn:aws:kms:us-east-1:${ACCOUNT}:alias/aws/s3`, 'us-east-1', ACCOUNT, 'aws')).toBeUndefined();
    expect(keyLocation('11111111-1111-1111-1111-111111111111', 'global', ACCOUNT, 'aws')).toEqual({ unresolved: 'KeyRegionUnknown' });
  });
});

describe('resolveKmsKeys', () => {
  it('describes each distinct key once, in its own region, and records the facts on every referencing draft', async () => {
    kms.on(DescribeKeyCommand, { KeyId: US_KEY }).resolves(meta(US_KEY, 'CUSTOMER', 'Enabled', true));
    kms.on(DescribeKeyCommand, { KeyId: EU_KEY }).resolves(meta(EU_KEY, 'CUSTOMER', 'PendingDeletion'));
    kms.on(DescribeKeyCommand, { KeyId: AWS_KEY }).resolves(meta(AWS_KEY, 'AWS'));
    const { env, asked } = recordingEnv();
    // US_KEY three ways (key ARN twice, bare key id once): one call
    const a = draft('a', 'us-east-1', [US_KEY, AWS_KEY]);
    const b = draft('b', 'us-east-1', ['11111111-1111-1111-1111-111111111111']);
    const c = draft('c', 'eu-west-1', [US_KEY, EU_KEY, 'alias/aws/bedrock']);
    const none = draft('none', 'us-east-1', []);
    const out = await resolveKmsKeys(env, [a, b, c, none]);

    expect(out).toEqual({ described: 3, gaps: [] });
    expect(kms.commandCalls(DescribeKeyCommand)).toHaveLength(3);
    expect(env.limiter.byOperation.get('DescribeKey')).toBe(3);
    expect(env.limiter.calls).toBe(3);
    expect(new Set(asked)).toEqual(new Set(['kms|us-east-1', 'kms|eu-west-1']));
    expect(asked.filter((x) => x === 'kms|eu-west-1')).toHaveLength(1);

    expect(keysOf(a)).toEqual({
      [AWS_KEY]: { resolved: true, keyArn: AWS_KEY, keyManager: 'AWS', keyState: 'Enabled', multiRegion: false },
      [US_KEY]: {
        resolved: true,
        keyArn: US_KEY,
        keyManager: 'CUSTOMER',
        keyState: 'Enabled',
        multiRegion: true,
        multiRegionKeyType: 'REPLICA',
      },
    });
    expect(keysOf(b)).toEqual({
      '11111111-1111-1111-1111-111111111111': {
        resolved: true,
        keyArn: US_KEY,
        keyManager: 'CUSTOMER',
        keyState: 'Enabled',
        multiRegion: true,
        multiRegionKeyType: 'REPLICA',
      },
    });
    // alias/aws needs no call and no fact (the checks fail it by name)
    expect(Object.keys(keysOf(c) ?? {})).toEqual([EU_KEY, US_KEY].sort());
    expect(keysOf(c)?.[EU_KEY]).toMatchObject({ keyState: 'PendingDeletion' });
    expect(keysOf(none)).toBeUndefined();
    // the config changed after emit: the hash is recomputed at finalize
    expect(draftHashes.has(a)).toBe(false);
    expect(draftHashes.has(none)).toBe(true);
  });

  it('a failed DescribeKey leaves the reference unresolved with the error name only, never customer-managed', async () => {
    kms
      .on(DescribeKeyCommand, { KeyId: FOREIGN_KEY })
      .rejects(awsError('AccessDeniedException', `User: arn:aws:sts::${ACCOUNT}:assumed-role/scan is not authorized on ${FOREIGN_KEY}`));
    kms
      .on(DescribeKeyCommand, { KeyId: AWS_KEY })
      .rejects(awsError('AccessDeniedException', `User: arn:aws:sts::${ACCOUNT}:assumed-role/scan is not authorized on ${AWS_KEY}`));
    kms.on(DescribeKeyCommand, { KeyId: US_KEY }).rejects(awsError('NotFoundException', 'Key is not found'));
    const { env } = recordingEnv();
    const d = draft('x', 'us-east-1', [FOREIGN_KEY, US_KEY, AWS_KEY]);
    const out = await resolveKmsKeys(env, [d]);

    expect(keysOf(d)).toEqual({
      [AWS_KEY]: { resolved: false, errorName: 'AccessDeniedException' },
      [FOREIGN_KEY]: { resolved: false, errorName: 'AccessDeniedException' },
      [US_KEY]: { resolved: false, errorName: 'NotFoundException' },
    });
    // AccessDenied on a key of this account is a coverage gap; a NotFound is a fact about the asset (its check FAILs),
    // and another account's key is that account's key policy to fix (its check is MANUAL): no gap for either; no
    // message text is kept
    expect(out.gaps).toEqual([
      {
        accountId: ACCOUNT,
        region: 'us-east-1',
        service: 'kms',
        operation: 'DescribeKey',
        errorCode: 'AccessDeniedException',
        message: 'AccessDeniedException',
        observedAt: env.now,
      },
    ]);
    expect(JSON.stringify({ d, out })).not.toContain('not authorized');
    expect(JSON.stringify(env.log.entries)).not.toContain('not authorized');
  });

  it('a bare key id on a global asset (bucket) is unresolved without a call', async () => {
    const { env } = recordingEnv();
    const d = draft('bucket', 'global', ['11111111-1111-1111-1111-111111111111']);
    await resolveKmsKeys(env, [d]);
    expect(kms.commandCalls(DescribeKeyCommand)).toHaveLength(0);
    expect(keysOf(d)).toEqual({ '11111111-1111-1111-1111-111111111111': { resolved: false, errorName: 'KeyRegionUnknown' } });
  });
});

describe('resolveKmsKeys: what the checks make of it', () => {
  const guardrail = (key: string) =>
    ({
      id: `arn:aws:bedrock:us-east-1:${ACCOUNT}:guardrail/g1`,
      type: 'bedrock.guardrail',
      region: 'us-east-1',
      name: 'g1',
      config: { kmsKeyArn: key },
      tags: {},
      relationships: [{ kind: 'encrypted-by', targetId: key }],
    }) as unknown as AnyDraft;
  const judge = (d: AnyDraft) => run(bedrock_guardrail_encrypted_with_cmk, finalizeDraft(d, ACCOUNT, NOW) as Asset<'bedrock.guardrail'>)[0];

  it("another account's key whose policy does not admit us: MANUAL, and no 'grant kms:DescribeKey' coverage finding", async () => {
    kms.on(DescribeKeyCommand).rejects(awsError('AccessDeniedException', 'denied', 400));
    const d = guardrail(FOREIGN_KEY);
    const out = await resolveKmsKeys(testEnv(), [d]);
    expect(judge(d).status).toBe('MANUAL');
    expect(out.gaps.map((g) => coverageObservation(g).remediation.text)).toEqual([]);
  });

  it('a key of this account that no longer exists (NotFound): FAIL saying so, no gap; a deleted alias: MANUAL', async () => {
    kms.on(DescribeKeyCommand).rejects(awsError('NotFoundException', 'gone', 400));
    const d = guardrail(US_KEY);
    const out = await resolveKmsKeys(testEnv(), [d]);
    const r = judge(d);
    expect(r.status).toBe('FAIL');
    expect(r.reason).toContain('which no longer exists: data encrypted under it cannot be decrypted');
    expect(out.gaps).toEqual([]);
    const a = guardrail(`arn:aws:kms:us-east-1:${ACCOUNT}:alias/deleted`);
    await resolveKmsKeys(testEnv(), [a]);
    expect(judge(a).status).toBe('MANUAL');
  });

  it('a transient failure (throttling, a server error) keeps the stored facts, so the hash does not change; the gap is recorded', async () => {
    kms.on(DescribeKeyCommand).resolves(meta(US_KEY, 'CUSTOMER'));
    const first = guardrail(US_KEY);
    await resolveKmsKeys(testEnv(), [first]);
    const stored = finalizeDraft(first, ACCOUNT, NOW);
    for (const name of ['ThrottlingException', 'KMSInternalException']) {
      kms.reset();
      kms.on(DescribeKeyCommand).rejects(awsError(name, 'try later', 500));
      const again = guardrail(US_KEY);
      const out = await resolveKmsKeys(testEnv(), [again], () => keysOf(stored as unknown as AnyDraft));
      expect(finalizeDraft(again, ACCOUNT, NOW).configHash).toBe(stored.configHash);
      expect(judge(again).status).toBe('PASS');
      expect(out.gaps.map((g) => g.errorCode)).toEqual([name]);
      // without stored facts: unresolved (ERROR), as before
      const fresh = guardrail(US_KEY);
      await resolveKmsKeys(testEnv(), [fresh]);
      expect(keysOf(fresh)).toEqual({ [US_KEY]: { resolved: false, errorName: name } });
    }
    // AccessDenied is not transient: the stored facts are not kept (the verdict must not outlive the permission)
    kms.reset();
    kms.on(DescribeKeyCommand).rejects(awsError('AccessDeniedException', 'denied', 400));
    const denied = guardrail(US_KEY);
    await resolveKmsKeys(testEnv(), [denied], () => keysOf(stored as unknown as AnyDraft));
    expect(keysOf(denied)).toEqual({ [US_KEY]: { resolved: false, errorName: 'AccessDeniedException' } });
  });

  it("a bucket's default key given as a key id is described in the bucket's region", async () => {
    const EU_ID = '22222222-2222-2222-2222-222222222222';
    kms.on(DescribeKeyCommand, { KeyId: EU_KEY }).resolves(meta(EU_KEY, 'CUSTOMER'));
    const bucketDraft = (bucketRegion?: string) =>
      ({
        id: 'arn:aws:s3:::batch-output',
        type: 's3.bucket',
        region: 'global',
        name: 'batch-output',
        config: { encryption: { algorithm: 'aws:kms', kmsKeyId: EU_ID }, ...(bucketRegion ? { bucketRegion } : {}) },
        tags: {},
        relationships: [{ kind: 'encrypted-by', targetId: EU_ID }],
      }) as unknown as AnyDraft;
    const { env, asked } = recordingEnv();
    const b = bucketDraft('eu-west-1');
    await resolveKmsKeys(env, [b]);
    expect(asked).toEqual(['kms|eu-west-1']);
    expect(keysOf(b)).toEqual({
      [EU_ID]: { resolved: true, keyArn: EU_KEY, keyManager: 'CUSTOMER', keyState: 'Enabled', multiRegion: false },
    });
    const job = good.batchJob('b', { outputKmsKeyId: null, outputS3Uri: 's3://batch-output/out/' });
    const asBucket = (d: AnyDraft) => ({ ...finalizeDraft(d, ACCOUNT, NOW), accountId: ACCOUNT }) as never;
    expect(run(bedrock_batch_inference_job_output_encrypted_with_cmk, job, [asBucket(b)])[0].status).toBe('PASS');
    // the region could not be read (GetBucketLocation denied: an s3 gap): ERROR that says why, no DescribeKey
    const unknown = bucketDraft();
    await resolveKmsKeys(env, [unknown]);
    const [r] = run(bedrock_batch_inference_job_output_encrypted_with_cmk, job, [asBucket(unknown)]);
    expect(r.status).toBe('ERROR');
    expect(r.reason).toContain('region of the resource could not be read');
    expect(r.reason).not.toContain('DescribeKey failed');
    expect(kms.commandCalls(DescribeKeyCommand)).toHaveLength(1);
  });
});

describe('keyRefsOf: every key a check judges is described', () => {
  it('names every resource type whose check judges keys (lib/kms.ts), and takes keys from config without relationships', () => {
    const dir = join(import.meta.dirname, '../../../shared/checks');
    const judging = ALL_CHECKS.filter((c) => {
      const file = join(dir, c.metadata.service === 'bedrock-agentcore' ? 'bedrockagentcore' : c.metadata.service, `${c.metadata.id}.ts`);
      return existsSync(file) && /from '\.\.\/lib\/kms\.ts'/.test(readFileSync(file, 'utf8'));
    });
    expect(judging.length).toBeGreaterThanOrEqual(16);
    for (const c of judging) expect(Object.keys(CHECKED_KEY_FIELDS), c.metadata.id).toContain(c.metadata.resourceType);
    const flow = {
      type: 'bedrock.flow',
      config: {
        customerEncryptionKeyArn: 'k0',
        aliasedVersions: [],
        publishedVersions: [{ customerEncryptionKeyArn: 'k1' }, { customerEncryptionKeyArn: null }],
      },
      relationships: [],
    };
    expect(keyRefsOf(flow as unknown as AnyDraft)).toEqual(['k0', 'k1']);
    const kb = {
      type: 'bedrock.knowledge-base',
      config: { kmsKeyArn: null, dataSources: [{ kmsKeyArn: 'd1' }] },
      relationships: [{ kind: 'encrypted-by', targetId: 'd1' }],
    };
    expect(keyRefsOf(kb as unknown as AnyDraft)).toEqual(['d1']);
    // unread fields give nothing
    expect(keyRefsOf({ type: 'bedrock.flow', config: {}, relationships: [] } as unknown as AnyDraft)).toEqual([]);
  });
});

describe('end to end: collector -> resolveKmsKeys -> check', () => {
  const agent = mockClient(BedrockAgentClient);
  afterEach(() => agent.reset());
  const CMK = US_KEY;
  const AWS_MANAGED = AWS_KEY;

  it('an un-aliased published flow version under an AWS-managed key (by ARN) is a FAIL', async () => {
    const FLOW_ARN = `arn:aws:bedrock:us-east-1:${ACCOUNT}:flow/F1`;
    const doc = (version: string, key: string) =>
      ({
        id: 'F1',
        arn: FLOW_ARN,
        name: 'f',
        status: 'Prepared',
        version,
        executionRoleArn: `arn:aws:iam::${ACCOUNT}:role/r`,
        customerEncryptionKeyArn: key,
        definition: { nodes: [] },
      }) as never;
    agent.on(ListFlowsCommand).resolves({ flowSummaries: [{ id: 'F1', name: 'f' } as never] });
    agent.on(GetFlowCommand).resolves(doc('DRAFT', CMK));
    agent.on(ListFlowAliasesCommand).resolves({ flowAliasSummaries: [] });
    agent.on(ListFlowVersionsCommand).resolves({ flowVersionSummaries: [{ version: 'DRAFT' }, { version: '1' }] as never });
    // version 1 was published while the flow used the AWS-managed key; no alias routes to it
    agent.on(GetFlowVersionCommand, { flowVersion: '1' }).resolves(doc('1', AWS_MANAGED));
    kms.on(DescribeKeyCommand, { KeyId: CMK }).resolves(meta(CMK, 'CUSTOMER'));
    kms.on(DescribeKeyCommand, { KeyId: AWS_MANAGED }).resolves(meta(AWS_MANAGED, 'AWS'));

    const env = testEnv();
    const out = await runCollector(flows, env, 'us-east-1');
    await resolveKmsKeys(env, out.drafts);
    const flow = finalizeDraft(out.drafts[0] as AnyDraft, ACCOUNT, NOW) as Asset<'bedrock.flow'>;
    const [r] = run(bedrock_flow_encrypted_with_cmk, flow);
    expect(r.status, r.reason).toBe('FAIL');
    expect(r.reason).toContain(`version 1 (no alias, the AWS-managed key ${AWS_MANAGED})`);
  });

  it('knowledge-base data sources: each data source key is described and judged', async () => {
    agent.on(ListKnowledgeBasesCommand).resolves({ knowledgeBaseSummaries: [{ knowledgeBaseId: 'KB1' } as never] });
    agent.on(GetKnowledgeBaseCommand).resolves({
      knowledgeBase: {
        knowledgeBaseId: 'KB1',
        name: 'kb',
        knowledgeBaseArn: `arn:aws:bedrock:us-east-1:${ACCOUNT}:knowledge-base/KB1`,
        roleArn: `arn:aws:iam::${ACCOUNT}:role/kb`,
        status: 'ACTIVE',
        storageConfiguration: { type: 'OPENSEARCH_SERVERLESS' },
      } as never,
    });
    agent.on(ListDataSourcesCommand).resolves({ dataSourceSummaries: [{ dataSourceId: 'DS1' }, { dataSourceId: 'DS2' }] as never });
    const ds = (id: string, key: string) =>
      ({
        dataSource: {
          dataSourceId: id,
          name: id.toLowerCase(),
          dataSourceConfiguration: { type: 'S3', s3Configuration: { bucketArn: 'arn:aws:s3:::kb-docs' } },
          serverSideEncryptionConfiguration: { kmsKeyArn: key },
        },
      }) as never;
    agent.on(GetDataSourceCommand, { dataSourceId: 'DS1' }).resolves(ds('DS1', CMK));
    agent.on(GetDataSourceCommand, { dataSourceId: 'DS2' }).resolves(ds('DS2', AWS_MANAGED));
    kms.on(DescribeKeyCommand, { KeyId: CMK }).resolves(meta(CMK, 'CUSTOMER'));
    kms.on(DescribeKeyCommand, { KeyId: AWS_MANAGED }).resolves(meta(AWS_MANAGED, 'AWS'));

    const env = testEnv();
    const out = await runCollector(knowledgeBases, env, 'us-east-1');
    await resolveKmsKeys(env, out.drafts);
    const kb = finalizeDraft(out.drafts[0] as AnyDraft, ACCOUNT, NOW) as Asset<'bedrock.knowledge-base'>;
    const [r] = run(bedrock_knowledge_base_data_source_encrypted_with_cmk, kb);
    expect(r.status, r.reason).toBe('FAIL');
    expect(r.reason).toContain(`ds2 (encrypted with the AWS-managed key ${AWS_MANAGED})`);
  });
});
