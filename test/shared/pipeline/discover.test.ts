import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ALL_CHECKS } from '../../../shared/checks/index.ts';
import { DEMO_ACCOUNT_ID } from '../../../shared/demo/account.ts';
import { type StandinOptions, startAwsStandin } from '../../../shared/demo/aws-standin/index.ts';
import { createClientFactory } from '../../../shared/discovery/clients.ts';
import type { AnyAsset } from '../../../shared/domain/asset.ts';
import type { Ec2InstanceConfig, IamPrincipalConfig } from '../../../shared/domain/asset-config.ts';
import { evaluateChecks, runAssessment } from '../../../shared/pipeline/assess.ts';
import { instanceUses, memberOfGroup, refreshFromEvent, runDiscovery, usesManagedPolicy } from '../../../shared/pipeline/discover.ts';
import { DynamoStore } from '../../../shared/store/dynamo.ts';
import { startLocalDynamo } from '../../../shared/store/local-dynamo.ts';
import { MemoryStore } from '../../../shared/store/memory.ts';
import { fixedClock } from '../../../shared/util/clock.ts';
import { memoryLog } from '../../../shared/util/logger.ts';

const REGIONS = ['us-east-1', 'eu-west-1'];
const DERIVED = new Set(['iam.role', 'iam.user', 's3.bucket', 'bedrock.foundation-model']);

async function setup(opts: StandinOptions = {}) {
  const standin = await startAwsStandin({ pageSize: 2, ...opts });
  const clients = createClientFactory({
    endpoint: standin.url,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 3,
  });
  const clock = fixedClock('2026-11-25T06:00:00.000Z');
  const log = memoryLog();
  const scan = (store: MemoryStore | DynamoStore, trigger: 'schedule' | 'demo' = 'schedule') =>
    runDiscovery({ target: {}, regions: REGIONS, clients, store, clock, log, trigger, concurrency: 8, invocationLogUsage: { pollMs: 1 } });
  return { standin, clients, clock, log, scan };
}

const byName = (assets: AnyAsset[], name: string) => assets.find((a) => a.name === name);

/** An asset's status on one check, evaluated over the store's assets at the stand-in clock's time. */
async function statusOf(store: MemoryStore, env: Awaited<ReturnType<typeof setup>>, id: string, checkId: string) {
  const assets = await store.listAssets({ accountId: DEMO_ACCOUNT_ID });
  const results = evaluateChecks(assets, [], ALL_CHECKS, { now: env.clock.now() }, { onlyAssetIds: new Set([id]) });
  return results.find((x) => x.resourceId === id && x.checkId === checkId)?.status;
}

describe('full discovery of the demo account over HTTP (local stand-in)', () => {
  let env: Awaited<ReturnType<typeof setup>>;
  beforeAll(async () => {
    env = await setup();
  });
  afterAll(() => env.standin.close());

  it('discovers >= 40 AI assets in two regions incl. shadow AI, without gaps, and never stores a secret value', async () => {
    const store = new MemoryStore();
    const r = await env.scan(store);
    const ai = r.assets.filter((a) => !DERIVED.has(a.type));
    expect(ai.length).toBeGreaterThanOrEqual(40);
    expect(new Set(ai.map((a) => a.region))).toEqual(new Set(['us-east-1', 'eu-west-1', 'global']));
    expect(r.gaps).toEqual([]);
    expect(Object.values(r.scanRun.services).every((s) => s === 'complete')).toBe(true);
    expect(r.scanRun.accountId).toBe(DEMO_ACCOUNT_ID);
    for (const name of ['chatbot-openai-fn', 'gemini-translator-fn', 'prod/openai/api-key', 'rag-worker:7'])
      expect(byName(r.assets, name), name).toBeDefined();
    expect(byName(r.assets, 'thumbnail-fn')).toBeUndefined();
    // pagination was exercised (page size 2) and each asset was described once
    expect(env.standin.calls.get('GetCustomModel')).toBe(2);
    const stored = JSON.stringify(await store.listAssets({ accountId: DEMO_ACCOUNT_ID, includeDeleted: true }));
    for (const secret of [
      'sk-proj-DEMOfake',
      'AIzaDemoFakeKey',
      'hf_DemoFakeToken',
      'AKIADEMOFAKEKEY12345',
      'demo-not-a-real-password',
      'demo-cohere-plaintext-key',
    ])
      expect(stored).not.toContain(secret);
    expect(JSON.stringify(env.log.entries)).not.toContain('sk-proj-DEMOfake');
    // the invocation-log usage query found models actually used
    expect(byName(r.assets, 'anthropic.claude-3-5-haiku-20241022-v1:0')?.config).toMatchObject({ observedIn: ['invocation-logs'] });
    expect(byName(r.assets, 'model-invocation-logging/eu-west-1')?.config).toMatchObject({ enabled: false, modelsInUse: true });
  });

  it('an unchanged re-scan writes no asset; a deleted resource is tombstoned with history', async () => {
    const store = new MemoryStore();
    await env.scan(store);
    const before = store.writeCount;
    const again = await env.scan(store);
    expect(again.changes).toEqual([]);
    expect(store.writeCount - before).toBe(1); // the scan-run record only
    const nb = env.standin.account.regions['us-east-1'].sagemaker;
    const saved = nb.notebooks;
    nb.notebooks = saved.filter((n) => n.NotebookInstanceName !== 'research-notebook');
    env.clock.set('2026-11-25T07:00:00.000Z');
    try {
      const r = await env.scan(store);
      const id = `arn:aws:sagemaker:us-east-1:${DEMO_ACCOUNT_ID}:notebook-instance/research-notebook`;
      expect(r.deleted).toEqual([id]);
      const tomb = await store.getAsset(id);
      expect(tomb?.deletedAt).toBe('2026-11-25T07:00:00.000Z');
      expect((await store.history(id)).map((h) => h.change)).toEqual(['created', 'deleted']);
    } finally {
      nb.notebooks = saved;
    }
  });
});

describe('service-filtered scans', () => {
  it('do not shrink the cross-asset fields of stored roles, buckets or logging configs, and tombstone nothing else', async () => {
    const env = await setup();
    try {
      const store = new MemoryStore();
      await env.scan(store);
      const before = store.writeCount;
      env.clock.set('2026-11-25T06:30:00.000Z');
      const r = await runDiscovery({
        target: {},
        regions: REGIONS,
        clients: env.clients,
        store,
        clock: env.clock,
        log: env.log,
        trigger: 'cli',
        services: ['sagemaker', 's3', 'iam'],
        invocationLogUsage: { pollMs: 1 },
      });
      expect(r.assets.some((a) => a.type.startsWith('bedrock.') || a.type === 'lambda.function')).toBe(false);
      expect(r.assets.some((a) => a.type === 's3.bucket')).toBe(true);
      expect(r.changes).toEqual([]);
      expect(r.deleted).toEqual([]);
      expect(store.writeCount - before).toBe(1);
      const role = await store.getAsset(`arn:aws:iam::${DEMO_ACCOUNT_ID}:role/ops-agent-role`);
      expect(role?.deletedAt).toBeUndefined();
    } finally {
      await env.standin.close();
    }
  });
});

describe('service-filtered scans and the kms gaps', () => {
  it('keep the kms gap that explains the ERRORs of assets the filtered scan did not re-read', async () => {
    const env = await setup({ pageSize: 50 });
    try {
      const store = new MemoryStore();
      const scan = (services?: string[]) =>
        runDiscovery({
          target: {},
          regions: REGIONS,
          clients: env.clients,
          store,
          clock: env.clock,
          log: env.log,
          trigger: 'cli',
          services,
          invocationLogUsage: { pollMs: 1 },
        });
      // DescribeKey denied in eu-west-1 (e.g. an SCP): the full scan records the kms gap
      env.standin.faults.push({ operation: 'DescribeKey', region: 'eu-west-1', code: 'AccessDeniedException', status: 403 });
      await scan();
      const euKmsGaps = async () =>
        (await store.listCoverageGaps(DEMO_ACCOUNT_ID)).filter((g) => g.service === 'kms' && g.region === 'eu-west-1');
      expect(await euKmsGaps()).toHaveLength(1);
      // a filtered scan of a service without eu-west-1 keys: the eu-west-1 bedrock/sagemaker assets still hold the
      // unresolved facts, and their gap stays (it used to be replaced by the filtered subset's: none)
      env.clock.set('2026-11-25T06:30:00.000Z');
      await scan(['lambda']);
      const nb = (await store.listAssets({ accountId: DEMO_ACCOUNT_ID })).find((a) => a.name === 'eu-analytics-nb');
      expect(JSON.stringify(nb?.config)).toContain('AccessDeniedException');
      expect(await euKmsGaps()).toHaveLength(1);
      // the full scan after the permission is back replaces them
      env.standin.faults.length = 0;
      env.clock.set('2026-11-25T07:00:00.000Z');
      await scan();
      expect(await euKmsGaps()).toEqual([]);
    } finally {
      await env.standin.close();
    }
  }, 60_000);
});

describe('coverage gaps and retries', () => {
  it('AccessDenied on a listing is a gap and blocks tombstoning of that type/region only', async () => {
    const env = await setup();
    try {
      const store = new MemoryStore();
      await env.scan(store);
      env.standin.faults.push({ operation: 'ListGuardrails', region: 'eu-west-1', code: 'AccessDeniedException', status: 403 });
      env.clock.set('2026-11-25T08:00:00.000Z');
      const r = await env.scan(store);
      expect(r.gaps).toEqual([
        expect.objectContaining({
          region: 'eu-west-1',
          service: 'bedrock',
          errorCode: 'AccessDeniedException',
          accountId: DEMO_ACCOUNT_ID,
        }),
      ]);
      expect(r.scanRun.services['eu-west-1/bedrock.guardrail']).toBe('failed');
      expect(r.deleted).toEqual([]);
      const eu = (await store.listAssets({ accountId: DEMO_ACCOUNT_ID, region: 'eu-west-1' })).filter(
        (a) => a.type === 'bedrock.guardrail',
      );
      expect(eu).toHaveLength(1);
      expect(await store.listCoverageGaps(DEMO_ACCOUNT_ID)).toHaveLength(1);
      // the gap clears once the read works again
      env.standin.faults.length = 0;
      await env.scan(store);
      expect(await store.listCoverageGaps(DEMO_ACCOUNT_ID)).toEqual([]);
    } finally {
      await env.standin.close();
    }
  });

  it('records KMS key facts on the assets; a denied DescribeKey is a kms gap and the CMK checks answer ERROR, not PASS', async () => {
    const env = await setup();
    try {
      const store = new MemoryStore();
      const first = await env.scan(store);
      const nb = byName(first.assets, 'eu-analytics-nb');
      const nbKeys = (nb?.config as { kmsKeys?: Record<string, { keyManager?: string }> } | undefined)?.kmsKeys ?? {};
      expect(Object.values(nbKeys).map((k) => k.keyManager)).toEqual(['AWS']);
      // every call the scan made reached the stand-in (no faults, no retries), and DescribeKey ran once per key: the
      // demo's assets reference each of its keys (by ARN, id or alias: one call for all the ways)
      expect(first.apiCalls).toBe([...env.standin.calls.values()].reduce((n, c) => n + c, 0));
      expect(env.standin.calls.get('DescribeKey')).toBe(env.standin.account.kmsKeys.length);
      expect(env.standin.account.kmsKeys).toHaveLength(19);
      env.standin.faults.push({ operation: 'DescribeKey', region: 'eu-west-1', code: 'AccessDeniedException', status: 403 });
      env.clock.set('2026-11-25T08:00:00.000Z');
      const r = await env.scan(store);
      // one gap per region of the referencing assets: the eu-west-1 assets, and the bucket acme-eu-hr-docs (global)
      expect(r.gaps.map((g) => `${g.region} ${g.service} ${g.operation} ${g.errorCode}`).sort()).toEqual([
        'eu-west-1 kms DescribeKey AccessDeniedException',
        'global kms DescribeKey AccessDeniedException',
      ]);
      const results = evaluateChecks(r.assets, r.gaps, ALL_CHECKS, { now: env.clock.now() });
      const eu = results.filter((x) => x.region === 'eu-west-1' && /_cmk$|notebook_instance_encryption_enabled/.test(x.checkId));
      expect(eu.length).toBeGreaterThan(2);
      expect(eu.filter((x) => x.status === 'PASS')).toEqual([]);
      expect(eu.map((x) => x.status)).toContain('ERROR');
      env.standin.faults.length = 0;
      await env.scan(store);
      expect(await store.listCoverageGaps(DEMO_ACCOUNT_ID)).toEqual([]);
    } finally {
      await env.standin.close();
    }
  });

  it('a bucket whose default key is a bare key id: its region is read (GetBucketLocation) and the key described there', async () => {
    const env = await setup();
    try {
      const b = env.standin.account.buckets['acme-eu-hr-docs'];
      const keyArn = b?.encryption?.KMSMasterKeyID ?? '';
      const keyId = keyArn.slice(keyArn.lastIndexOf('/') + 1);
      expect(keyArn).toMatch(/^arn:aws:kms:eu-west-1:/);
      if (b?.encryption) b.encryption.KMSMasterKeyID = keyId;
      const r = await env.scan(new MemoryStore());
      expect(r.gaps).toEqual([]);
      expect(env.standin.calls.get('GetBucketLocation')).toBe(1);
      const bucket = byName(r.assets, 'acme-eu-hr-docs');
      expect(bucket?.config).toMatchObject({
        bucketRegion: 'eu-west-1',
        kmsKeys: { [keyId]: { resolved: true, keyArn, keyManager: 'CUSTOMER' } },
      });
    } finally {
      await env.standin.close();
    }
  }, 60_000);

  it('a transient DescribeKey failure keeps the stored key facts: no asset changes, no verdict changes, a kms gap', async () => {
    const env = await setup();
    try {
      const store = new MemoryStore();
      const first = await env.scan(store);
      const before = evaluateChecks(first.assets, first.gaps, ALL_CHECKS, { now: env.clock.now() });
      env.standin.faults.push({ operation: 'DescribeKey', region: 'eu-west-1', code: 'KMSInternalException', status: 500 });
      env.clock.set('2026-11-25T08:00:00.000Z');
      const r = await env.scan(store);
      expect(r.changes).toEqual([]);
      expect(r.gaps.map((g) => `${g.region} ${g.service} ${g.errorCode}`).sort()).toEqual([
        'eu-west-1 kms KMSInternalException',
        'global kms KMSInternalException',
      ]);
      const after = evaluateChecks(r.assets, [], ALL_CHECKS, { now: env.clock.now() });
      const cmk = (x: { checkId: string }) => /_cmk$|notebook_instance_encryption_enabled/.test(x.checkId);
      const verdicts = (rs: typeof before) =>
        rs
          .filter(cmk)
          .map((x) => `${x.checkId} ${x.resourceId} ${x.status}`)
          .sort();
      expect(verdicts(after)).toEqual(verdicts(before));
    } finally {
      await env.standin.close();
    }
  }, 60_000);

  it('records the account-level Block Public Access on every bucket (one s3control call); denied, the PAB checks answer ERROR, not PASS', async () => {
    const env = await setup();
    try {
      const store = new MemoryStore();
      const first = await env.scan(store);
      expect(env.standin.calls.get('GetAccountPublicAccessBlock')).toBe(1);
      const buckets = first.assets.filter((a) => a.type === 's3.bucket');
      expect(buckets.length).toBeGreaterThan(5);
      for (const b of buckets)
        expect((b.config as { accountPublicAccessBlock?: unknown }).accountPublicAccessBlock, b.name).toEqual({
          read: true,
          setting: { blockPublicAcls: true, ignorePublicAcls: false, blockPublicPolicy: true, restrictPublicBuckets: false },
        });
      const pab = (results: ReturnType<typeof evaluateChecks>, name: string) =>
        results.find((x) => x.checkId === 's3_ai_bucket_public_access_block_enabled' && x.resourceName === name);
      const ok = pab(evaluateChecks(first.assets, first.gaps, ALL_CHECKS, { now: env.clock.now() }), 'acme-datacapture');
      // the bucket sets two flags, the account the other two: a PASS that the bucket level alone made a FAIL
      expect(ok?.status).toBe('PASS');
      expect(ok?.evidence?.publicAccessBlockLevels).toEqual({
        blockPublicAcls: 'account',
        ignorePublicAcls: 'bucket',
        blockPublicPolicy: 'account',
        restrictPublicBuckets: 'bucket',
      });

      env.standin.faults.push({ operation: 'GetAccountPublicAccessBlock', code: 'AccessDenied', status: 403 });
      env.clock.set('2026-11-25T08:00:00.000Z');
      const r = await env.scan(store);
      expect(r.gaps.map((g) => `${g.region} ${g.service} ${g.operation} ${g.errorCode}`)).toEqual([
        'global s3 GetAccountPublicAccessBlock AccessDenied',
      ]);
      const results = evaluateChecks(r.assets, r.gaps, ALL_CHECKS, { now: env.clock.now() });
      expect(pab(results, 'acme-datacapture')?.status).toBe('ERROR');
      // a bucket whose own block is fully on still passes; the intended public buckets are not confirmed either way
      expect(pab(results, 'acme-support-docs')?.status).toBe('PASS');
      expect(pab(results, 'acme-ml-sandbox')?.status).toBe('ERROR');
      env.standin.faults.length = 0;
      await env.scan(store);
      expect(await store.listCoverageGaps(DEMO_ACCOUNT_ID)).toEqual([]);
    } finally {
      await env.standin.close();
    }
  });

  it('finds self-hosted AI on EC2 over the EC2 query protocol; a denied DescribeSecurityGroups is a name-only gap and the exposure checks answer ERROR, not PASS', async () => {
    const env = await setup();
    try {
      const store = new MemoryStore();
      const first = await env.scan(store);
      const ec2 = first.assets.filter((a) => a.type === 'ec2.instance');
      expect(ec2.map((a) => a.name).sort()).toEqual(['llm-inference-private', 'ollama-playground']);
      const gpu = byName(first.assets, 'ollama-playground');
      expect(gpu?.relationships).toEqual([
        { kind: 'assumes-role', targetId: `arn:aws:iam::${DEMO_ACCOUNT_ID}:role/gpu-playground-role`, targetType: 'iam.role' },
      ]);
      expect(byName(first.assets, 'gpu-playground-role')?.type).toBe('iam.role');
      // each network interface with its own groups, over the EC2 query protocol (networkInterfaceSet / groupSet)
      expect((gpu?.config as { networkInterfaces?: unknown } | undefined)?.networkInterfaces).toEqual([
        {
          networkInterfaceId: 'eni-0ollama000000001',
          deviceIndex: 0,
          publicIps: ['54.210.10.20'],
          elasticIps: [], // an AWS-assigned public IP (IpOwnerId amazon) over the wire
          ipv6Addresses: [],
          groupIds: ['sg-0ollamaopen00001'],
        },
      ]);
      expect(byName(first.assets, 'web-frontend')).toBeUndefined();
      // one DescribeImages and one DescribeSecurityGroups (AI instances only) in the region with instances
      expect(env.standin.calls.get('DescribeImages')).toBe(1);
      expect(env.standin.calls.get('DescribeSecurityGroups')).toBe(1);
      expect(env.standin.calls.get('GetInstanceProfile')).toBe(1);

      env.standin.faults.push({
        operation: 'DescribeSecurityGroups',
        code: 'UnauthorizedOperation',
        status: 403,
        message: 'You are not authorized to perform this operation. Encoded authorization failure message: ENCODEDBLOB',
      });
      env.clock.set('2026-11-25T08:00:00.000Z');
      const r = await env.scan(store);
      expect(r.gaps.map((g) => `${g.region} ${g.service} ${g.operation} ${g.errorCode} ${g.message}`)).toEqual([
        'us-east-1 ec2 DescribeSecurityGroups UnauthorizedOperation UnauthorizedOperation',
      ]);
      expect(r.scanRun.services['us-east-1/ec2.instance']).toBe('partial');
      expect(JSON.stringify(r)).not.toContain('ENCODEDBLOB');
      const results = evaluateChecks(r.assets, r.gaps, ALL_CHECKS, { now: env.clock.now() }).filter((x) => x.checkId.startsWith('ec2_'));
      const status = (name: string, id: string) => results.find((x) => x.resourceName === name && x.checkId === id)?.status;
      expect(status('ollama-playground', 'ec2_ai_instance_model_server_ports_not_public')).toBe('ERROR');
      expect(status('ollama-playground', 'ec2_ai_instance_admin_ports_not_public')).toBe('ERROR');
      expect(status('ollama-playground', 'ec2_ai_instance_imdsv2_required')).toBe('FAIL');
      // the private instance needs no security group to be judged: no public address
      expect(status('llm-inference-private', 'ec2_ai_instance_model_server_ports_not_public')).toBe('PASS');
      env.standin.faults.length = 0;
      await env.scan(store);
      expect(await store.listCoverageGaps(DEMO_ACCOUNT_ID)).toEqual([]);
    } finally {
      await env.standin.close();
    }
  });

  it('throttled DescribeVolumes and GetEbsEncryptionByDefault change no AI instance (stored facts stand: no change event, same hash)', async () => {
    const env = await setup();
    try {
      const store = new MemoryStore();
      const first = await env.scan(store);
      const before = first.assets.filter((a) => a.type === 'ec2.instance');
      expect(before.length).toBeGreaterThan(0);
      expect(before.every((a) => (a.config as { volumes?: unknown }).volumes !== undefined)).toBe(true);
      expect(before.some((a) => (a.config as { ebsEncryptionByDefault?: boolean }).ebsEncryptionByDefault !== undefined)).toBe(true);
      env.standin.faults.push(
        { operation: 'DescribeVolumes', code: 'RequestLimitExceeded', status: 503 },
        { operation: 'GetEbsEncryptionByDefault', code: 'RequestLimitExceeded', status: 503 },
      );
      env.clock.set('2026-11-25T08:00:00.000Z');
      const volumeCalls = env.standin.calls.get('DescribeVolumes') ?? 0;
      const second = await env.scan(store);
      expect(second.changes.filter((c) => c.asset.type === 'ec2.instance')).toEqual([]);
      // recorded volumes are not described again; encryption by default is evidence only (no gap)
      expect(env.standin.calls.get('DescribeVolumes') ?? 0).toBe(volumeCalls);
      expect(second.gaps.filter((g) => g.service === 'ec2')).toEqual([]);
      for (const a of before) expect((await store.getAsset(a.id))?.configHash).toBe(a.configHash);
    } finally {
      await env.standin.close();
    }
  });

  it('a failed DescribeImages keeps an instance found by its Deep Learning AMI alone (the stored AMI name of the same image id), in a scan and in a refresh', async () => {
    const env = await setup();
    try {
      // llm-inference-private on an ordinary type: its Neuron DLAMI is the only evidence
      const inst = env.standin.account.regions['us-east-1'].ec2?.instances.find((i) => i.InstanceId === 'i-0b22b4b0f0022000b') as Record<
        string,
        unknown
      >;
      inst.InstanceType = 'c6i.large';
      const store = new MemoryStore();
      const first = await env.scan(store);
      const dl = byName(first.assets, 'llm-inference-private');
      expect(dl?.type).toBe('ec2.instance');
      env.standin.faults.push({ operation: 'DescribeImages', code: 'UnauthorizedOperation', status: 403 });
      env.clock.set('2026-11-25T08:00:00.000Z');
      const second = await env.scan(store);
      expect(second.gaps.map((g) => `${g.region} ${g.operation} ${g.errorCode}`)).toEqual([
        'us-east-1 DescribeImages UnauthorizedOperation',
      ]);
      expect(second.scanRun.services['us-east-1/ec2.instance']).toBe('partial');
      expect(second.changes.filter((c) => c.asset.type === 'ec2.instance' || c.asset.name === 'gpu-playground-role')).toEqual([]);
      const stored = await store.getAsset(dl?.id as string);
      expect(stored?.deletedAt).toBeUndefined();
      expect((stored?.config as { imageName?: string } | undefined)?.imageName).toBe('Deep Learning AMI Neuron (Ubuntu 22.04) 20261101');

      // the CloudTrail refresh path: an IMDS change while DescribeImages still fails keeps it too (and records the change)
      env.standin.faults.push({ operation: 'DescribeImages', code: 'UnauthorizedOperation', status: 403 });
      (inst.MetadataOptions as { HttpTokens: string }).HttpTokens = 'optional';
      env.clock.set('2026-11-25T09:00:05.000Z');
      const e = ct(
        'ModifyInstanceMetadataOptions',
        { ModifyInstanceMetadataOptionsRequest: { InstanceId: 'i-0b22b4b0f0022000b', HttpTokens: 'optional' } },
        '2026-11-25T09:00:00Z',
      );
      const r = await refreshFromEvent(
        { ...e, source: 'aws.ec2', detail: { ...e.detail, eventSource: 'ec2.amazonaws.com' } },
        { clients: env.clients, store, clock: env.clock, log: env.log },
      );
      expect(r.changes.map((c) => [c.change, c.asset.name])).toEqual([['updated', 'llm-inference-private']]);
      expect((await store.getAsset(dl?.id as string))?.deletedAt).toBeUndefined();

      // an image id that changed (root volume replaced with another AMI, unread): kept on the image evidence recorded
      // before, marked as such, the new image's name unread
      env.standin.faults.push({ operation: 'DescribeImages', code: 'UnauthorizedOperation', status: 403 });
      inst.ImageId = 'ami-0replaced0000001';
      env.clock.set('2026-11-25T10:00:00.000Z');
      const third = await env.scan(store);
      const kept = byName(third.assets, 'llm-inference-private');
      expect(kept?.config).toMatchObject({
        imageId: 'ami-0replaced0000001',
        aiEvidence: [
          {
            via: 'image',
            where: 'Deep Learning AMI Neuron (Ubuntu 22.04) 20261101 (recorded for ami-0dlamineuron00001; ami-0replaced0000001 not read)',
          },
        ],
      });
      expect((kept?.config as { imageName?: string } | undefined)?.imageName).toBeUndefined();
      expect(kept?.collectionErrors).toEqual(['DescribeImages: not read']);
      expect(third.changes.filter((c) => c.change === 'deleted')).toEqual([]);
    } finally {
      await env.standin.close();
    }
  });

  it('throttling is retried by the SDK (no gap); a service absent in a region is not a gap', async () => {
    const env = await setup({ absent: [{ region: 'eu-west-1', service: 'sagemaker' }] });
    try {
      env.standin.faults.push({ operation: 'ListAgents', code: 'ThrottlingException', status: 429, times: 2 });
      const r = await env.scan(new MemoryStore());
      expect(r.gaps).toEqual([]);
      expect(env.standin.calls.get('ListAgents')).toBe(4); // 2 throttled + 1 per region
      expect(r.scanRun.services['eu-west-1/sagemaker.endpoint']).toBe('absent');
      expect(r.assets.filter((a) => a.region === 'eu-west-1' && a.type.startsWith('sagemaker.'))).toEqual([]);
    } finally {
      await env.standin.close();
    }
  });
});

describe('DynamoDB store (dynalite over HTTP)', () => {
  it('full scan then unchanged re-scan: no asset writes', async () => {
    const env = await setup({ pageSize: 50 });
    const dyn = await startLocalDynamo('aispm-discovery-test');
    try {
      const store = new DynamoStore({ tableName: dyn.tableName, client: dyn.client });
      const r1 = await env.scan(store);
      expect(r1.changes.length).toBe(r1.assets.length);
      const before = store.writeCount;
      const r2 = await env.scan(store);
      expect(r2.changes).toEqual([]);
      expect(store.writeCount - before).toBe(1);
      expect((await store.listAssets({ accountId: DEMO_ACCOUNT_ID })).length).toBe(r1.assets.length);
    } finally {
      await dyn.close();
      await env.standin.close();
    }
  }, 60_000);
});

const ct = (eventName: string, requestParameters: Record<string, unknown>, eventTime: string, region = 'us-east-1') => ({
  version: '0',
  id: `evt-${eventName}-${eventTime}`,
  'detail-type': 'AWS API Call via CloudTrail',
  source: 'aws.bedrock',
  account: DEMO_ACCOUNT_ID,
  time: eventTime,
  region,
  resources: [],
  detail: {
    eventSource: 'bedrock.amazonaws.com',
    eventName,
    awsRegion: region,
    eventTime,
    eventID: `id-${eventName}`,
    readOnly: false,
    recipientAccountId: DEMO_ACCOUNT_ID,
    userIdentity: { type: 'AssumedRole', arn: `arn:aws:sts::${DEMO_ACCOUNT_ID}:assumed-role/Admin/bob` },
    requestParameters,
  },
});

describe('CloudTrail-driven refresh', () => {
  it('re-describes an inventoried AI instance when its IMDS options change (EC2 event), and ignores unknown instances', async () => {
    const env = await setup();
    try {
      const store = new MemoryStore();
      await env.scan(store);
      const id = `arn:aws:ec2:us-east-1:${DEMO_ACCOUNT_ID}:instance/i-0a11a3a9e0011434a`;
      const inst = env.standin.account.regions['us-east-1'].ec2?.instances.find((i) => i.InstanceId === 'i-0a11a3a9e0011434a');
      (inst?.MetadataOptions as { HttpTokens: string }).HttpTokens = 'required';
      env.clock.set('2026-11-25T09:00:05.000Z');
      const ev = (instanceId: string) => {
        const e = ct(
          'ModifyInstanceMetadataOptions',
          { ModifyInstanceMetadataOptionsRequest: { InstanceId: instanceId, HttpTokens: 'required' } },
          '2026-11-25T09:00:00Z',
        );
        return { ...e, source: 'aws.ec2', detail: { ...e.detail, eventSource: 'ec2.amazonaws.com' } };
      };
      const r = await refreshFromEvent(ev('i-0a11a3a9e0011434a'), { clients: env.clients, store, clock: env.clock, log: env.log });
      expect(r.changes.map((c) => [c.change, c.asset.id])).toEqual([['updated', id]]);
      expect((r.changes[0]?.asset.config as { metadataOptions?: { httpTokens: string } } | undefined)?.metadataOptions?.httpTokens).toBe(
        'required',
      );
      const web = await refreshFromEvent(ev('i-0c33c5c1a0033000c'), { clients: env.clients, store, clock: env.clock, log: env.log });
      expect(web.skipped.map((s) => s.reason)).toEqual(['not in the AI inventory']);
    } finally {
      await env.standin.close();
    }
  });

  it('StartInstances of several instances refreshes each inventoried one (state and public IP), skips the others', async () => {
    const env = await setup();
    try {
      const store = new MemoryStore();
      const gpu = env.standin.account.regions['us-east-1'].ec2?.instances.find((i) => i.InstanceId === 'i-0a11a3a9e0011434a') as Record<
        string,
        unknown
      >;
      const saved = { ...gpu };
      gpu.State = { Code: 80, Name: 'stopped' };
      delete gpu.PublicIpAddress;
      // no public IP on the interface: neither on its primary private IP nor on a secondary one
      gpu.NetworkInterfaces = (gpu.NetworkInterfaces as Record<string, unknown>[]).map(({ Association: _, ...n }) => ({
        ...n,
        PrivateIpAddresses: (n.PrivateIpAddresses as Record<string, unknown>[]).map(({ Association: _a, ...p }) => p),
      }));
      await env.scan(store);
      const id = `arn:aws:ec2:us-east-1:${DEMO_ACCOUNT_ID}:instance/i-0a11a3a9e0011434a`;
      const before = await store.getAsset(id);
      const exposure = (a: AnyAsset | undefined) =>
        evaluateChecks([a as AnyAsset], [], ALL_CHECKS, { now: env.clock.now() }).find(
          (x) => x.checkId === 'ec2_ai_instance_model_server_ports_not_public',
        )?.status;
      expect(exposure(before)).toBe('MANUAL'); // stopped, no public address, 11434 open: exposed when started
      Object.assign(gpu, saved);
      env.clock.set('2026-11-25T09:00:05.000Z');
      const e = ct(
        'StartInstances',
        { instancesSet: { items: [{ instanceId: 'i-0a11a3a9e0011434a' }, { instanceId: 'i-0c33c5c1a0033000c' }] } },
        '2026-11-25T09:00:00Z',
      );
      const r = await refreshFromEvent(
        { ...e, source: 'aws.ec2', detail: { ...e.detail, eventSource: 'ec2.amazonaws.com' } },
        { clients: env.clients, store, clock: env.clock, log: env.log },
      );
      expect(r.changes.map((c) => [c.change, c.asset.id])).toEqual([['updated', id]]);
      expect(r.skipped.map((s) => s.reason)).toEqual(['not in the AI inventory']);
      expect(exposure(await store.getAsset(id))).toBe('FAIL');
    } finally {
      await env.standin.close();
    }
  });

  it('EC2 network changes re-judge the inventoried AI instances that use the group / interface / address, from stored facts, in the event region only', async () => {
    const env = await setup();
    try {
      const store = new MemoryStore();
      await env.scan(store);
      const opts = { clients: env.clients, store, clock: env.clock, log: env.log };
      const ec2ev = (eventName: string, req: Record<string, unknown>, eventTime: string, region = 'us-east-1') => {
        const e = ct(eventName, req, eventTime, region);
        return { ...e, source: 'aws.ec2', detail: { ...e.detail, eventSource: 'ec2.amazonaws.com' } };
      };
      const total = () => [...env.standin.calls.values()].reduce((a, b) => a + b, 0);
      const gpuId = `arn:aws:ec2:us-east-1:${DEMO_ACCOUNT_ID}:instance/i-0a11a3a9e0011434a`;
      const inferId = `arn:aws:ec2:us-east-1:${DEMO_ACCOUNT_ID}:instance/i-0b22b4b0f0022000b`;
      const status = async (id: string, checkId: string) =>
        evaluateChecks([(await store.getAsset(id)) as AnyAsset], [], ALL_CHECKS, { now: env.clock.now() }).find(
          (x) => x.checkId === checkId,
        )?.status;
      const ec2 = env.standin.account.regions['us-east-1'].ec2 as NonNullable<(typeof env.standin.account.regions)['us-east-1']['ec2']>;
      expect(await status(gpuId, 'ec2_ai_instance_model_server_ports_not_public')).toBe('FAIL');

      // 1. a rule change on a group no AI instance uses (the web server's): one store read, no AWS call
      let before = total();
      const web = await refreshFromEvent(
        ec2ev('AuthorizeSecurityGroupIngress', { groupId: 'sg-0webpublic000001' }, '2026-11-25T09:00:00Z'),
        opts,
      );
      expect(web.skipped.map((x) => x.reason)).toEqual(['no inventoried AI instance uses it']);
      expect(web.changes).toEqual([]);
      expect(total() - before).toBe(0);
      // the same group id in another region: that region's AI instances only (none there use it)
      const eu = await refreshFromEvent(
        ec2ev('RevokeSecurityGroupIngress', { groupId: 'sg-0ollamaopen00001' }, '2026-11-25T09:00:00Z', 'eu-west-1'),
        opts,
      );
      expect(eu.skipped.map((x) => x.reason)).toEqual(['no inventoried AI instance uses it']);

      // 2. the Ollama port is closed to the internet: the playground (which uses the group) is re-described and passes
      const sg = ec2.securityGroups.find((g) => g.GroupId === 'sg-0ollamaopen00001') as { IpPermissions: Record<string, unknown>[] };
      sg.IpPermissions = sg.IpPermissions.filter((p) => p.FromPort !== 11434);
      env.clock.set('2026-11-25T09:10:05.000Z');
      before = total();
      const revoke = ec2ev(
        'RevokeSecurityGroupIngress',
        { groupId: 'sg-0ollamaopen00001', ipPermissions: { items: [] } },
        '2026-11-25T09:10:00Z',
      );
      const r = await refreshFromEvent(revoke, opts);
      expect(r.targets).toEqual([{ type: 'ec2.instance', region: 'us-east-1', key: 'i-0a11a3a9e0011434a', onlyIfKnown: true }]);
      expect(r.changes.map((c) => [c.change, c.asset.id])).toEqual([['updated', gpuId]]);
      expect(r.assetIds).toEqual([gpuId]);
      expect(await status(gpuId, 'ec2_ai_instance_model_server_ports_not_public')).toBe('PASS');
      expect(await status(gpuId, 'ec2_ai_instance_admin_ports_not_public')).toBe('FAIL'); // 22 is still open
      expect(env.standin.calls.get('DescribeInstances')).toBeGreaterThan(0);
      expect(total() - before).toBeLessThanOrEqual(8); // one instance described, not the account listed
      // a duplicate delivery finds the state observed after the event: nothing described again
      before = total();
      const dup = await refreshFromEvent(revoke, opts);
      expect(dup.changes).toEqual([]);
      expect(dup.assetIds).toEqual([gpuId]);
      expect(total() - before).toBe(0);

      // 3. the private inference server's interface gets the open group, by ModifyNetworkInterfaceAttribute
      const infer = ec2.instances.find((i) => i.InstanceId === 'i-0b22b4b0f0022000b') as Record<string, unknown>;
      const open = [{ GroupId: 'sg-0ollamaopen00001', GroupName: 'ollama-playground' }];
      infer.SecurityGroups = open;
      (infer.NetworkInterfaces as Record<string, unknown>[])[0].Groups = open;
      env.clock.set('2026-11-25T09:20:05.000Z');
      const nic = await refreshFromEvent(
        ec2ev(
          'ModifyNetworkInterfaceAttribute',
          { networkInterfaceId: 'eni-0infer0000000001', groupSet: { items: [{ groupId: 'sg-0ollamaopen00001' }] } },
          '2026-11-25T09:20:00Z',
        ),
        opts,
      );
      expect(nic.changes.map((c) => [c.change, c.asset.id])).toEqual([['updated', inferId]]);
      const inferred = await store.getAsset(inferId);
      expect((inferred?.config as { securityGroupIds?: string[] } | undefined)?.securityGroupIds).toEqual(['sg-0ollamaopen00001']);

      // 4. a DisassociateAddress by association id (VPC) cannot touch an AWS-assigned public IP: the playground holds
      // only one (IpOwnerId amazon), so nothing is re-described
      const gpu = ec2.instances.find((i) => i.InstanceId === 'i-0a11a3a9e0011434a') as Record<string, unknown>;
      before = total();
      const none = await refreshFromEvent(ec2ev('DisassociateAddress', { associationId: 'eipassoc-0abc' }, '2026-11-25T09:25:00Z'), opts);
      expect(none.targets).toEqual([]);
      expect(none.skipped.map((x) => x.reason)).toEqual(['no inventoried AI instance uses it']);
      expect(total() - before).toBe(0);

      // 5. an Elastic IP is associated with the playground's interface (AssociateAddress by network interface id):
      // the instance carrying the interface is re-described and records the address as an Elastic IP
      const nics = gpu.NetworkInterfaces as Record<string, unknown>[];
      nics[0] = {
        ...nics[0],
        Association: { PublicIp: '203.0.113.10', IpOwnerId: DEMO_ACCOUNT_ID },
        PrivateIpAddresses: [
          { Primary: true, PrivateIpAddress: '10.0.1.20', Association: { PublicIp: '203.0.113.10', IpOwnerId: DEMO_ACCOUNT_ID } },
        ],
      };
      gpu.PublicIpAddress = '203.0.113.10';
      env.clock.set('2026-11-25T09:28:05.000Z');
      const assoc = await refreshFromEvent(
        ec2ev('AssociateAddress', { networkInterfaceId: 'eni-0ollama000000001', allocationId: 'eipalloc-0abc' }, '2026-11-25T09:28:00Z'),
        opts,
      );
      expect(assoc.changes.map((c) => [c.change, c.asset.id])).toEqual([['updated', gpuId]]);
      const withEip = (await store.getAsset(gpuId))?.config as { networkInterfaces?: { elasticIps?: string[] }[] };
      expect(withEip.networkInterfaces?.[0]?.elasticIps).toEqual(['203.0.113.10']);

      // 6. the Elastic IP goes away (DisassociateAddress by association id): the AI instances holding an Elastic IP
      // are re-described (the inference server has no public address)
      delete gpu.PublicIpAddress;
      delete gpu.PublicDnsName;
      gpu.NetworkInterfaces = (gpu.NetworkInterfaces as Record<string, unknown>[]).map(({ Association: _, ...n }) => ({
        ...n,
        PrivateIpAddresses: (n.PrivateIpAddresses as Record<string, unknown>[]).map(({ Association: _a, ...p }) => p),
      }));
      env.clock.set('2026-11-25T09:30:05.000Z');
      const eip = await refreshFromEvent(ec2ev('DisassociateAddress', { associationId: 'eipassoc-0abc' }, '2026-11-25T09:30:00Z'), opts);
      expect(eip.targets.map((t) => t.key)).toEqual(['i-0a11a3a9e0011434a']);
      expect(eip.changes.map((c) => [c.change, c.asset.id])).toEqual([['updated', gpuId]]);
      expect(await status(gpuId, 'ec2_ai_instance_admin_ports_not_public')).toBe('PASS'); // private now
      expect(
        (await refreshFromEvent(ec2ev('DisassociateAddress', { publicIp: '198.51.100.7' }, '2026-11-25T09:31:00Z'), opts)).skipped.map(
          (x) => x.reason,
        ),
      ).toEqual(['no inventoried AI instance uses it']);

      // 7. a rule change by group name (default VPC only, no rule set in the response): resolved in the default VPC.
      // A group of the same name in another VPC is not the one changed.
      ec2.securityGroups.push({
        GroupId: 'sg-0othervpcollama01',
        GroupName: 'ollama-playground',
        VpcId: 'vpc-0default0000001',
        IpPermissions: [],
      });
      ec2.defaultVpcId = 'vpc-0default0000001';
      before = total();
      const other = await refreshFromEvent(
        ec2ev('AuthorizeSecurityGroupIngress', { groupName: 'ollama-playground' }, '2026-11-25T09:40:00Z'),
        opts,
      );
      expect(other.targets).toEqual([]);
      expect(other.skipped.map((x) => x.reason)).toEqual(['no inventoried AI instance uses it']);
      expect(total() - before).toBe(1); // the name resolution only
      // the AI instances' VPC is the default one: the playground's group is the one changed
      ec2.defaultVpcId = 'vpc-0a1b2c3d4e5f60001';
      env.clock.set('2026-11-25T09:41:05.000Z');
      const byName = await refreshFromEvent(
        ec2ev('AuthorizeSecurityGroupIngress', { groupName: 'ollama-playground' }, '2026-11-25T09:41:00Z'),
        opts,
      );
      expect(byName.targets.map((t) => t.key)).toEqual(['i-0a11a3a9e0011434a', 'i-0b22b4b0f0022000b']);
      // no default VPC in the region: the name names no group of a VPC
      delete ec2.defaultVpcId;
      expect(
        (await refreshFromEvent(ec2ev('AuthorizeSecurityGroupIngress', { groupName: 'ollama-playground' }, '2026-11-25T09:42:00Z'), opts))
          .targets,
      ).toEqual([]);
      // a name no stored AI instance's group has: no call at all
      before = total();
      await refreshFromEvent(ec2ev('AuthorizeSecurityGroupIngress', { groupName: 'default' }, '2026-11-25T09:43:00Z'), opts);
      expect(total() - before).toBe(0);

      // 8. an event of a region outside the scanned ones is ignored, dependencies included
      const excluded = await refreshFromEvent(
        ec2ev('RevokeSecurityGroupIngress', { groupId: 'sg-0ollamaopen00001' }, '2026-11-25T09:50:00Z', 'ap-south-1'),
        { ...opts, scanRegions: REGIONS },
      );
      expect(excluded.ignored).toBe('region ap-south-1 is not scanned (regions)');
      expect(
        (
          await refreshFromEvent(ec2ev('RevokeSecurityGroupIngress', { groupId: 'sg-0ollamaopen00001' }, '2026-11-25T09:51:00Z'), {
            ...opts,
            scanRegions: REGIONS,
          })
        ).ignored,
      ).toBeUndefined();
    } finally {
      await env.standin.close();
    }
  });

  it('refreshes just the guardrail, ignores duplicates and stale events, tombstones on delete', async () => {
    const env = await setup();
    try {
      const store = new MemoryStore();
      await env.scan(store);
      const id = `arn:aws:bedrock:us-east-1:${DEMO_ACCOUNT_ID}:guardrail/grweak02`;
      const g = env.standin.account.regions['us-east-1'].guardrails.find((x) => x.draft.guardrailId === 'grweak02')!;
      (g.draft.contentPolicy as { filters: unknown[] }).filters.push({
        type: 'PROMPT_ATTACK',
        inputStrength: 'HIGH',
        outputStrength: 'NONE',
      });
      env.clock.set('2026-11-25T09:00:05.000Z');
      const callsBefore = [...env.standin.calls.values()].reduce((a, b) => a + b, 0);
      const ev = ct('UpdateGuardrail', { guardrailIdentifier: 'grweak02' }, '2026-11-25T09:00:00Z');
      const r = await refreshFromEvent(ev, { clients: env.clients, store, clock: env.clock, log: env.log });
      expect(r.changes.map((c) => [c.change, c.asset.id])).toEqual([['updated', id]]);
      expect(r.assetIds).toEqual([id]);
      expect(r.cause).toMatchObject({ eventName: 'UpdateGuardrail', principalArn: expect.stringContaining('Admin/bob') });
      const calls = [...env.standin.calls.values()].reduce((a, b) => a + b, 0) - callsBefore;
      expect(calls).toBeLessThanOrEqual(3); // GetGuardrail + ListGuardrails(versions): just this asset
      const stored = await store.getAsset(id);
      expect((stored?.config as { contentFilters: { type: string }[] } | undefined)?.contentFilters.map((f) => f.type)).toContain(
        'PROMPT_ATTACK',
      );

      // duplicate delivery: same state, no write
      env.clock.set('2026-11-25T09:00:06.000Z');
      const dup = await refreshFromEvent(ev, { clients: env.clients, store, clock: env.clock, log: env.log });
      expect(dup.changes).toEqual([]);

      // an event older than the stored observation is skipped (no call, no overwrite)
      const old = await refreshFromEvent(ct('UpdateGuardrail', { guardrailIdentifier: 'grweak02' }, '2026-11-25T08:00:00Z'), {
        clients: env.clients,
        store,
        clock: env.clock,
        log: env.log,
      });
      expect(old.changes).toEqual([]);
      expect(old.skipped[0].reason).toMatch(/newer than the event/);

      // delete: the re-describe says not found -> tombstone
      env.standin.account.regions['us-east-1'].guardrails = env.standin.account.regions['us-east-1'].guardrails.filter((x) => x !== g);
      env.clock.set('2026-11-25T10:00:05.000Z');
      const del = await refreshFromEvent(ct('DeleteGuardrail', { guardrailIdentifier: 'grweak02' }, '2026-11-25T10:00:00Z'), {
        clients: env.clients,
        store,
        clock: env.clock,
        log: env.log,
      });
      expect(del.changes.map((c) => c.change)).toEqual(['deleted']);
      expect((await store.getAsset(id))?.deletedAt).toBe('2026-11-25T10:00:05.000Z');
    } finally {
      await env.standin.close();
    }
  });

  it('an UpdateGuardrail refresh of an unchanged CMK guardrail writes nothing and its CMK check still PASSes', async () => {
    const env = await setup({ pageSize: 50 });
    try {
      const store = new MemoryStore();
      await env.scan(store);
      env.clock.set('2026-11-25T09:00:05.000Z');
      const eventTime = '2026-11-25T09:00:00Z';
      const ev = {
        version: '0',
        id: 'e1',
        'detail-type': 'AWS API Call via CloudTrail',
        source: 'aws.bedrock',
        account: DEMO_ACCOUNT_ID,
        time: eventTime,
        region: 'us-east-1',
        resources: [],
        detail: {
          eventSource: 'bedrock.amazonaws.com',
          eventName: 'UpdateGuardrail',
          awsRegion: 'us-east-1',
          eventTime,
          eventID: 'id-1',
          readOnly: false,
          recipientAccountId: DEMO_ACCOUNT_ID,
          userIdentity: { type: 'AssumedRole', arn: 'arn:aws:sts::1:assumed-role/Admin/bob' },
          requestParameters: { guardrailIdentifier: 'grstrict01' },
        },
      };
      const r = await refreshFromEvent(ev, { clients: env.clients, store, clock: env.clock, log: env.log });
      expect(r.assetIds.some((id) => id.endsWith('guardrail/grstrict01'))).toBe(true);
      expect(r.changes).toEqual([]);
      const assets = await store.listAssets({ accountId: DEMO_ACCOUNT_ID });
      const res = evaluateChecks(assets, [], ALL_CHECKS, { now: env.clock.now() }).filter(
        (x) => x.checkId === 'bedrock_guardrail_encrypted_with_cmk' && x.resourceId.endsWith('guardrail/grstrict01'),
      );
      expect(res.map((x) => x.status)).toEqual(['PASS']);
    } finally {
      await env.standin.close();
    }
  }, 60_000);

  it("a newly referenced bucket is recorded only when the owner check confirms it is this account's (else left to the scan)", async () => {
    const env = await setup();
    try {
      const ev = () => ct('PutModelInvocationLoggingConfiguration', {}, '2026-11-25T08:59:00Z', 'us-east-1');
      // our own bucket: the owner-checked read answers, the bucket is recorded with the logging configuration
      const own = new MemoryStore();
      const r1 = await refreshFromEvent(ev(), { clients: env.clients, store: own, clock: env.clock, log: env.log });
      const buckets = r1.changes.filter((c) => c.asset.type === 's3.bucket').map((c) => c.asset.id);
      expect(buckets.length).toBeGreaterThan(0);
      // the same buckets owned by another account: the owner-checked read is denied (twice), the unchecked one is not
      const patched = new WeakSet<object>();
      const clients = {
        client: ((service: 's3', region: string, target: object) => {
          const c = env.clients.client(service, region, target);
          if (service === 's3' && !patched.has(c)) {
            patched.add(c);
            c.middlewareStack.add(
              (next, context) => async (args) => {
                const input = args.input as { ExpectedBucketOwner?: string };
                if (context.commandName === 'GetPublicAccessBlockCommand' && input.ExpectedBucketOwner)
                  throw Object.assign(new Error('Access Denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
                return next(args);
              },
              { step: 'initialize', name: 'otherAccountsBucket' },
            );
          }
          return c;
        }) as typeof env.clients.client,
      };
      const other = new MemoryStore();
      const r2 = await refreshFromEvent(ev(), { clients, store: other, clock: env.clock, log: env.log });
      expect(r2.changes.filter((c) => c.asset.type === 's3.bucket')).toEqual([]);
      for (const id of buckets) expect(await other.getAsset(id), id).toBeUndefined();
      expect(r2.skipped.filter((x) => x.reason.startsWith('bucket owner not confirmed')).length).toBe(buckets.length);
      // the logging configuration itself is still refreshed
      expect(r2.changes.map((c) => c.asset.type)).toContain(r1.changes.find((c) => c.asset.type !== 's3.bucket')?.asset.type);
    } finally {
      await env.standin.close();
    }
  });

  it('refreshing an unchanged logging config or API key keeps scan-derived fields (no spurious change)', async () => {
    const env = await setup();
    try {
      const store = new MemoryStore();
      await env.scan(store);
      env.clock.set('2026-11-25T09:00:00.000Z');
      const opts = { clients: env.clients, store, clock: env.clock, log: env.log };
      const logging = await refreshFromEvent(ct('PutModelInvocationLoggingConfiguration', {}, '2026-11-25T08:59:00Z', 'eu-west-1'), opts);
      expect(logging.changes).toEqual([]);
      const keyEv = ct(
        'UpdateServiceSpecificCredential',
        { userName: 'ci-bot', serviceSpecificCredentialId: 'ACCADEMOCIBOT0000001', status: 'Active' },
        '2026-11-25T08:59:00Z',
      );
      keyEv.detail.eventSource = 'iam.amazonaws.com';
      const key = await refreshFromEvent(keyEv, opts);
      expect(key.assetIds).toEqual([`aispm:iam.bedrock-api-key:${DEMO_ACCOUNT_ID}:global:ACCADEMOCIBOT0000001`]);
      expect(key.changes).toEqual([]);
    } finally {
      await env.standin.close();
    }
  });

  it("refreshing an API-key owner rewrites its keys with the owner's new boundary and policies (no stale PASS)", async () => {
    const env = await setup();
    try {
      const ciBot = env.standin.account.users.find((u) => u.name === 'ci-bot');
      if (!ciBot) throw new Error('no ci-bot in the demo account');
      ciBot.permissionsBoundary = `arn:aws:iam::${DEMO_ACCOUNT_ID}:policy/ai-workload-boundary`;
      const store = new MemoryStore();
      await env.scan(store);
      const keyId = `aispm:iam.bedrock-api-key:${DEMO_ACCOUNT_ID}:global:ACCADEMOCIBOT0000001`;
      const verdict = () => statusOf(store, env, keyId, 'bedrock_api_key_no_administrative_privileges');
      expect(await verdict()).toBe('PASS');

      // DeleteUserPermissionsBoundary: the user is refreshed, and with it the key's copy of its boundary
      delete ciBot.permissionsBoundary;
      env.clock.set('2026-11-25T09:00:00.000Z');
      const ev = ct('DeleteUserPermissionsBoundary', { userName: 'ci-bot' }, '2026-11-25T08:59:00Z');
      ev.detail.eventSource = 'iam.amazonaws.com';
      const r = await refreshFromEvent(ev, { clients: env.clients, store, clock: env.clock, log: env.log });
      expect(r.assetIds).toEqual(expect.arrayContaining([`arn:aws:iam::${DEMO_ACCOUNT_ID}:user/ci-bot`, keyId]));
      const key = await store.getAsset(keyId);
      expect(key?.config).toHaveProperty('userPermissionsBoundary', null);
      expect(r.changes.map((c) => c.asset.id)).toContain(keyId);
      expect(await verdict()).toBe('FAIL');
    } finally {
      await env.standin.close();
    }
  });

  it('an IAM user event naming a stored user in another case reaches it (IAM user names are unique regardless of case)', async () => {
    const env = await setup();
    try {
      const ciBot = env.standin.account.users.find((u) => u.name === 'ci-bot');
      if (!ciBot) throw new Error('no ci-bot in the demo account');
      ciBot.permissionsBoundary = `arn:aws:iam::${DEMO_ACCOUNT_ID}:policy/ai-workload-boundary`;
      const store = new MemoryStore();
      await env.scan(store);
      const userId = `arn:aws:iam::${DEMO_ACCOUNT_ID}:user/ci-bot`;
      const keyId = `aispm:iam.bedrock-api-key:${DEMO_ACCOUNT_ID}:global:ACCADEMOCIBOT0000001`;
      delete ciBot.permissionsBoundary;
      env.clock.set('2026-11-25T09:00:00.000Z');
      const ev = ct('DeleteUserPermissionsBoundary', { userName: 'CI-Bot' }, '2026-11-25T08:59:00Z');
      ev.detail.eventSource = 'iam.amazonaws.com';
      const r = await refreshFromEvent(ev, { clients: env.clients, store, clock: env.clock, log: env.log });
      expect(r.skipped).toEqual([]);
      expect(r.assetIds).toEqual(expect.arrayContaining([userId, keyId]));
      expect(await store.getAsset(`arn:aws:iam::${DEMO_ACCOUNT_ID}:user/CI-Bot`)).toBeUndefined();
      expect((await store.getAsset(userId))?.config).toHaveProperty('permissionsBoundary', null);
      expect((await store.getAsset(keyId))?.config).toHaveProperty('userPermissionsBoundary', null);
    } finally {
      await env.standin.close();
    }
  });

  it('a deleted user of the exact name does not hide a live user of that name in another case', async () => {
    const env = await setup();
    try {
      const ciBot = env.standin.account.users.find((u) => u.name === 'ci-bot');
      if (!ciBot) throw new Error('no ci-bot in the demo account');
      ciBot.permissionsBoundary = `arn:aws:iam::${DEMO_ACCOUNT_ID}:policy/ai-workload-boundary`;
      const store = new MemoryStore();
      await env.scan(store);
      const userId = `arn:aws:iam::${DEMO_ACCOUNT_ID}:user/ci-bot`;
      const live = await store.getAsset(userId);
      if (!live) throw new Error('ci-bot not stored');
      // an older user CI-BOT, deleted (the live ci-bot took its name in another case)
      const goneId = `arn:aws:iam::${DEMO_ACCOUNT_ID}:user/CI-BOT`;
      await store.putAsset({ ...live, id: goneId, name: 'CI-BOT', lastSeen: '2026-11-20T00:00:00.000Z' });
      await store.markDeleted(goneId, '2026-11-21T00:00:00.000Z');
      expect((await store.getAsset(goneId))?.deletedAt).toBeTruthy();
      delete ciBot.permissionsBoundary;
      env.clock.set('2026-11-25T09:00:00.000Z');
      const ev = ct('DeleteUserPermissionsBoundary', { userName: 'CI-BOT' }, '2026-11-25T08:59:00Z');
      ev.detail.eventSource = 'iam.amazonaws.com';
      const r = await refreshFromEvent(ev, { clients: env.clients, store, clock: env.clock, log: env.log });
      expect(r.skipped).toEqual([]);
      expect(r.assetIds).toContain(userId);
      expect((await store.getAsset(userId))?.config).toHaveProperty('permissionsBoundary', null);
      expect((await store.getAsset(goneId))?.deletedAt).toBeTruthy();
    } finally {
      await env.standin.close();
    }
  });

  it('a new default version of a permissions boundary re-describes the roles it bounds (capped PASS -> FAIL)', async () => {
    const env = await setup();
    try {
      const store = new MemoryStore();
      await env.scan(store);
      const boundary = `arn:aws:iam::${DEMO_ACCOUNT_ID}:policy/ai-workload-boundary`;
      const roleId = `arn:aws:iam::${DEMO_ACCOUNT_ID}:role/rag-worker-task-role`;
      const verdict = async () => {
        const assets = await store.listAssets({ accountId: DEMO_ACCOUNT_ID });
        const results = evaluateChecks(assets, [], ALL_CHECKS, { now: env.clock.now() }, { onlyAssetIds: new Set([roleId]) });
        return results.filter((x) => x.resourceId === roleId).map((x) => `${x.checkId}:${x.status}`);
      };
      expect(await verdict()).toContain('iam_role_ai_workload_no_administrative_privileges:PASS');

      // the boundary now lets everything through: SetDefaultPolicyVersion names only the policy
      env.standin.account.managedPolicies[boundary] = {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: '*', Resource: '*' },
          { Effect: 'Deny', Action: 'iam:*PermissionsBoundary', Resource: '*' },
        ],
      };
      env.clock.set('2026-11-25T09:00:00.000Z');
      const ev = ct('SetDefaultPolicyVersion', { policyArn: boundary, versionId: 'v2' }, '2026-11-25T08:59:00Z');
      ev.detail.eventSource = 'iam.amazonaws.com';
      const r = await refreshFromEvent(ev, { clients: env.clients, store, clock: env.clock, log: env.log });
      expect(r.targets).toEqual(
        expect.arrayContaining([{ type: 'iam.role', region: 'global', key: 'rag-worker-task-role', onlyIfKnown: true, storedId: roleId }]),
      );
      expect(r.targets.some((t) => t.type === 'iam.user' && t.key === 'analyst-jane')).toBe(true);
      expect(r.assetIds).toContain(roleId);
      expect(await verdict()).toContain('iam_role_ai_workload_no_administrative_privileges:FAIL');

      // a policy no inventoried principal uses is skipped without a describe
      const other = ct(
        'SetDefaultPolicyVersion',
        { policyArn: `arn:aws:iam::${DEMO_ACCOUNT_ID}:policy/unused`, versionId: 'v2' },
        '2026-11-25T09:01:00Z',
      );
      other.detail.eventSource = 'iam.amazonaws.com';
      const callsBefore = [...env.standin.calls.values()].reduce((n, c) => n + c, 0);
      const none = await refreshFromEvent(other, { clients: env.clients, store, clock: env.clock, log: env.log });
      expect([...env.standin.calls.values()].reduce((n, c) => n + c, 0)).toBe(callsBefore);
      expect(none.targets).toEqual([]);
      expect(none.skipped[0]?.reason).toBe('no inventoried IAM role or user attaches it or is bounded by it');
    } finally {
      await env.standin.close();
    }
  });

  it("a new default version of a policy attached through a user's group re-describes the user", async () => {
    const env = await setup();
    try {
      const teamPolicy = `arn:aws:iam::${DEMO_ACCOUNT_ID}:policy/analysts-extra`;
      env.standin.account.managedPolicies[teamPolicy] = {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
      };
      const analysts = env.standin.account.groups.find((g) => g.name === 'analysts');
      if (!analysts) throw new Error('no analysts group in the demo account');
      analysts.attached.push(teamPolicy);
      const store = new MemoryStore();
      await env.scan(store);
      const userId = `arn:aws:iam::${DEMO_ACCOUNT_ID}:user/analyst-jane`;
      env.standin.account.managedPolicies[teamPolicy] = {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'bedrock:*', Resource: '*' }],
      };
      env.clock.set('2026-11-25T09:00:00.000Z');
      const ev = ct('SetDefaultPolicyVersion', { policyArn: teamPolicy, versionId: 'v2' }, '2026-11-25T08:59:00Z');
      ev.detail.eventSource = 'iam.amazonaws.com';
      // one listing of the stored roles and one of the users, then each dependent is read by id (no listing per target)
      const listings = vi.spyOn(store, 'listAssets');
      const r = await refreshFromEvent(ev, { clients: env.clients, store, clock: env.clock, log: env.log });
      expect(listings).toHaveBeenCalledTimes(2);
      expect(r.targets).toEqual([{ type: 'iam.user', region: 'global', key: 'analyst-jane', onlyIfKnown: true, storedId: userId }]);
      expect(r.assetIds).toContain(userId);
      const jane = await store.getAsset(userId);
      const doc = (jane?.config as IamPrincipalConfig | undefined)?.policies?.find((p) => p.arn === teamPolicy);
      expect(doc?.statements[0]?.actions).toEqual(['bedrock:*']);
    } finally {
      await env.standin.close();
    }
  });

  describe("a group's policy change re-describes the stored users in that group", () => {
    const janeId = `arn:aws:iam::${DEMO_ACCOUNT_ID}:user/analyst-jane`;
    const ciBotId = `arn:aws:iam::${DEMO_ACCOUNT_ID}:user/ci-bot`;
    const janeKeyId = `aispm:iam.bedrock-api-key:${DEMO_ACCOUNT_ID}:global:ACCADEMOJANE00000002`;
    const jane2Id = `arn:aws:iam::${DEMO_ACCOUNT_ID}:user/analyst-jane-2`;
    const BEDROCK_FULL = 'arn:aws:iam::aws:policy/AmazonBedrockFullAccess';
    const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
    const groupEvent = (eventName: string, req: Record<string, unknown>, at: string) => {
      const ev = ct(eventName, req, at);
      ev.detail.eventSource = 'iam.amazonaws.com';
      return ev;
    };
    const updateUser = (userName: string, newUserName: string, at: string) => groupEvent('UpdateUser', { userName, newUserName }, at);
    const attachGroupPolicy = (groupName: string, policyArn: string, at: string) =>
      groupEvent('AttachGroupPolicy', { groupName, policyArn }, at);
    const attachUserPolicy = (userName: string, policyArn: string, at: string) =>
      groupEvent('AttachUserPolicy', { userName, policyArn }, at);
    const putGroupPolicy = (groupName: string, policyName: string, at: string) =>
      groupEvent('PutGroupPolicy', { groupName, policyName }, at);
    const putUserPolicy = (userName: string, policyName: string, at: string) => groupEvent('PutUserPolicy', { userName, policyName }, at);
    /** Renames a stand-in user as IAM does: the user's name, and the owner name of the API keys listed under the old one. */
    const renameInStandin = (env: Awaited<ReturnType<typeof setup>>, from: string, to: string) => {
      const user = env.standin.account.users.find((u) => u.name === from);
      if (!user) throw new Error(`no ${from} in the stand-in account`);
      user.name = to;
      for (const k of env.standin.account.apiKeys) if (k.UserName === from) k.UserName = to;
    };
    /** Creates a stand-in user with no policy and in no group. */
    const addStandinUser = (env: Awaited<ReturnType<typeof setup>>, name: string, createDate: string) =>
      env.standin.account.users.push({ name, inline: {}, attached: [], groups: [], createDate });
    /**
     * The demo account scanned, analyst-jane (in `analysts`) without her boundary: nothing caps a group grant
     * (`ciBotAdmin`: ci-bot made an administrator before the scan).
     */
    const scanned = async ({ ciBotAdmin = false } = {}) => {
      const env = await setup();
      const jane = env.standin.account.users.find((u) => u.name === 'analyst-jane');
      const analysts = env.standin.account.groups.find((g) => g.name === 'analysts');
      const bot = env.standin.account.users.find((u) => u.name === 'ci-bot');
      if (!jane || !analysts || !bot) throw new Error('no analyst-jane / analysts / ci-bot in the demo account');
      if (ciBotAdmin) bot.attached.push(ADMIN);
      delete jane.permissionsBoundary;
      const store = new MemoryStore();
      await env.scan(store);
      const verdict = (id: string, checkId: string) => statusOf(store, env, id, checkId);
      /** The verdict of an API key (jane's by default) on the no-administrative-privileges check. */
      const keyVerdict = (id = janeKeyId) => verdict(id, 'bedrock_api_key_no_administrative_privileges');
      env.clock.set('2026-11-25T09:00:00.000Z');
      const refresh = (ev: unknown) => refreshFromEvent(ev, { clients: env.clients, store, clock: env.clock, log: env.log });
      /** `analysts` granted AdministratorAccess (CloudTrail eventTime `at`), its event processed at `processedAt`. */
      const grantAnalystsAdmin = async (at: string, processedAt: string) => {
        analysts.attached.push(ADMIN);
        env.clock.set(processedAt);
        await refresh(attachGroupPolicy('analysts', ADMIN, at));
      };
      /** The renamed jane (analyst-jane-2) made an administrator (CloudTrail eventTime `at`), processed at `processedAt`. */
      const makeJane2Admin = async (at: string, processedAt: string) => {
        jane.attached.push(ADMIN);
        env.clock.set(processedAt);
        await refresh(attachUserPolicy('analyst-jane-2', ADMIN, at));
      };
      /** The UpdateUser `r` moved jane and her key to analyst-jane-2, where the key FAILs (the group grants admin). */
      const expectMovedToJane2 = async (r: { assetIds: string[] }) => {
        expect(await store.getAsset(jane2Id)).toMatchObject({ name: 'analyst-jane-2', config: { usedBy: [janeKeyId] } });
        expect(r.assetIds).toEqual(expect.arrayContaining([jane2Id, janeKeyId]));
        expect(await store.getAsset(janeKeyId)).toMatchObject({ config: { userName: 'analyst-jane-2' } });
        expect(await keyVerdict()).toBe('FAIL');
      };
      return { env, store, jane, analysts, verdict, keyVerdict, refresh, grantAnalystsAdmin, makeJane2Admin, expectMovedToJane2 };
    };
    /** Runs a test body against a freshly scanned demo account (see `scanned`), then closes its stand-in. */
    const inScanned = async (body: (s: Awaited<ReturnType<typeof scanned>>) => Promise<void>, opts?: { ciBotAdmin?: boolean }) => {
      const s = await scanned(opts);
      try {
        await body(s);
      } finally {
        await s.env.standin.close();
      }
    };
    const totalCalls = (env: Awaited<ReturnType<typeof setup>>) => [...env.standin.calls.values()].reduce((n, c) => n + c, 0);

    it("AttachGroupPolicy: the member is re-read (its FAIL and its key's appear), a non-member is not", () =>
      inScanned(async ({ env, store, analysts, verdict, keyVerdict, refresh }) => {
        expect((await store.getAsset(janeId))?.config).toHaveProperty('groups', ['analysts']);
        expect((await store.getAsset(ciBotId))?.config).not.toHaveProperty('groups');
        expect(await verdict(janeId, 'iam_user_ai_service_wildcard_access_not_granted')).toBe('PASS');
        expect(await keyVerdict()).toBe('PASS');
        const ciBotBefore = await store.getAsset(ciBotId);

        analysts.attached.push(BEDROCK_FULL);
        const listings = vi.spyOn(store, 'listAssets');
        const r = await refresh(attachGroupPolicy('analysts', BEDROCK_FULL, '2026-11-25T08:59:00Z'));
        // one listing of the stored users, then the member is read by its id
        expect(listings).toHaveBeenCalledTimes(1);
        expect(r.targets).toEqual([{ type: 'iam.user', region: 'global', key: 'analyst-jane', onlyIfKnown: true, storedId: janeId }]);
        expect(r.assetIds).toEqual(expect.arrayContaining([janeId, janeKeyId]));
        expect(r.assetIds).not.toContain(ciBotId);
        expect(await store.getAsset(ciBotId)).toEqual(ciBotBefore);
        expect(await verdict(janeId, 'iam_user_ai_service_wildcard_access_not_granted')).toBe('FAIL');
        expect(await keyVerdict()).toBe('FAIL');

        // a group no inventoried user is in: skipped without an AWS call
        const before = totalCalls(env);
        const none = await refresh(putGroupPolicy('auditors', 'p', '2026-11-25T09:01:00Z'));
        expect(totalCalls(env)).toBe(before);
        expect(none.targets).toEqual([]);
        expect(none.skipped).toEqual([
          { dependency: { kind: 'iam-group', groupName: 'auditors' }, reason: 'no inventoried IAM user is a member of the group' },
        ]);
      }));

    it('the event may name the group in another case (IAM group names are unique regardless of case)', () =>
      inScanned(async ({ store, analysts, verdict, refresh }) => {
        analysts.inline['bedrock-all'] = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'bedrock:*', Resource: '*' }] };
        const r = await refresh(putGroupPolicy('ANALYSTS', 'bedrock-all', '2026-11-25T08:59:00Z'));
        expect(r.targets.map((t) => t.storedId)).toEqual([janeId]);
        expect(await verdict(janeId, 'iam_user_ai_service_wildcard_access_not_granted')).toBe('FAIL');
        expect((await store.getAsset(janeId))?.config).toHaveProperty('groups', ['analysts']);
      }));

    it('DetachGroupPolicy and DeleteGroupPolicy: the member is re-read (FAIL -> PASS)', () =>
      inScanned(async ({ env, analysts, verdict, keyVerdict, refresh }) => {
        const BEDROCK_ALL = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'bedrock:*', Resource: '*' }] };
        const check = 'iam_user_ai_service_wildcard_access_not_granted';
        // an attached managed policy: Attach (FAIL), then Detach (PASS)
        analysts.attached.push(BEDROCK_FULL);
        await refresh(attachGroupPolicy('analysts', BEDROCK_FULL, '2026-11-25T08:59:00Z'));
        expect(await verdict(janeId, check)).toBe('FAIL');
        analysts.attached = analysts.attached.filter((a) => a !== BEDROCK_FULL);
        env.clock.set('2026-11-25T09:05:00.000Z');
        const detached = await refresh(
          groupEvent('DetachGroupPolicy', { groupName: 'analysts', policyArn: BEDROCK_FULL }, '2026-11-25T09:04:00Z'),
        );
        expect(detached.targets.map((t) => t.storedId)).toEqual([janeId]);
        expect(await verdict(janeId, check)).toBe('PASS');
        // an inline policy: Put (FAIL), then Delete (PASS)
        analysts.inline['bedrock-all'] = BEDROCK_ALL;
        env.clock.set('2026-11-25T09:10:00.000Z');
        await refresh(putGroupPolicy('analysts', 'bedrock-all', '2026-11-25T09:09:00Z'));
        expect(await verdict(janeId, check)).toBe('FAIL');
        delete analysts.inline['bedrock-all'];
        env.clock.set('2026-11-25T09:15:00.000Z');
        const deleted = await refresh(
          groupEvent('DeleteGroupPolicy', { groupName: 'analysts', policyName: 'bedrock-all' }, '2026-11-25T09:14:00Z'),
        );
        expect(deleted.targets.map((t) => t.storedId)).toEqual([janeId]);
        expect(await verdict(janeId, check)).toBe('PASS');
        expect(await keyVerdict()).toBe('PASS');
      }));

    it('UpdateGroup (renamed): the members recorded under the old name are re-read, so a change under the new name finds them', () =>
      inScanned(async ({ env, store, jane, analysts, keyVerdict, refresh }) => {
        expect(await keyVerdict()).toBe('PASS');
        analysts.name = 'analysts-v2';
        jane.groups = ['analysts-v2'];
        env.clock.set('2026-11-25T08:58:30.000Z');
        const renamed = await refresh(
          groupEvent('UpdateGroup', { groupName: 'analysts', newGroupName: 'analysts-v2' }, '2026-11-25T08:58:00Z'),
        );
        expect(renamed.targets.map((t) => t.storedId)).toEqual([janeId]);
        expect((await store.getAsset(janeId))?.config).toHaveProperty('groups', ['analysts-v2']);
        analysts.attached.push(ADMIN);
        env.clock.set('2026-11-25T09:00:00.000Z');
        const r = await refresh(attachGroupPolicy('analysts-v2', ADMIN, '2026-11-25T08:59:00Z'));
        expect(r.targets.map((t) => t.storedId)).toEqual([janeId]);
        expect(await keyVerdict()).toBe('FAIL');
        // a path-only change: no listing, no call
        const before = totalCalls(env);
        const listings = vi.spyOn(store, 'listAssets');
        const moved = await refresh(groupEvent('UpdateGroup', { groupName: 'analysts-v2', newPath: '/teams/' }, '2026-11-25T09:01:00Z'));
        expect(moved.ignored).toBe('group not renamed (path only)');
        expect(listings).not.toHaveBeenCalled();
        expect(totalCalls(env)).toBe(before);
      }));

    it("a group read answering NoSuchEntity while a member is re-read is a read error (ERROR), never the member's deletion", () =>
      inScanned(async ({ env, store, analysts, keyVerdict, refresh }) => {
        analysts.attached.push(ADMIN);
        // e.g. the group renamed between ListGroupsForUser and its policy reads, or IAM's eventual consistency
        env.standin.faults.push({ operation: 'ListGroupPolicies', code: 'NoSuchEntity', status: 404, times: 1 });
        const r = await refresh(attachGroupPolicy('analysts', ADMIN, '2026-11-25T08:59:00Z'));
        expect(r.changes.filter((c) => c.change === 'deleted')).toEqual([]);
        const jane = await store.getAsset(janeId);
        expect(jane?.deletedAt).toBeUndefined();
        expect(jane?.collectionErrors).toEqual(['user policies: NoSuchEntity']);
        expect(await keyVerdict()).toBe('ERROR');
        // still a member: the next change of the group finds and re-reads her
        env.clock.set('2026-11-25T09:05:00.000Z');
        const again = await refresh(putGroupPolicy('analysts', 'x', '2026-11-25T09:04:00Z'));
        expect(again.targets.map((t) => t.storedId)).toEqual([janeId]);
        expect(await keyVerdict()).toBe('FAIL');
      }));

    it('a group event processed after the member was renamed: the UpdateUser still moves her (and her key) to the new name', () =>
      inScanned(async ({ env, analysts, keyVerdict, refresh, expectMovedToJane2 }) => {
        expect(await keyVerdict()).toBe('PASS');
        // AttachGroupPolicy at 08:58, UpdateUser analyst-jane -> analyst-jane-2 at 08:59, both processed after the rename
        analysts.attached.push(ADMIN);
        renameInStandin(env, 'analyst-jane', 'analyst-jane-2');
        const r1 = await refresh(attachGroupPolicy('analysts', ADMIN, '2026-11-25T08:58:00Z'));
        // the old name reads as gone (GetUser NoSuchEntity): marked deleted at 09:00, after the rename
        expect(r1.changes.map((c) => [c.change, c.asset.id])).toContainEqual(['deleted', janeId]);
        env.clock.set('2026-11-25T09:01:00.000Z');
        const r2 = await refresh(updateUser('analyst-jane', 'analyst-jane-2', '2026-11-25T08:59:00Z'));
        await expectMovedToJane2(r2);
        // a later delivery of the same UpdateUser: the new name is inventoried, the tombstone is not a rename source again
        const before = totalCalls(env);
        env.clock.set('2026-11-25T09:02:00.000Z');
        const dup = await refresh(updateUser('analyst-jane', 'analyst-jane-2', '2026-11-25T08:59:00Z'));
        expect(dup.changes).toEqual([]);
        expect(totalCalls(env)).toBe(before);
      }));

    it('a user deleted with its keys: an UpdateUser of another user of that name writes nothing (no key listed under the new name)', () =>
      inScanned(async ({ store, refresh }) => {
        const jane = await store.getAsset(janeId);
        if (!jane) throw new Error('jane not stored');
        // IAM deletes a user only once its service-specific credentials are deleted: both marked deleted before the
        // rename (08:30 < 08:59), so the event names another user of that name, which owns none of these keys
        await store.markDeleted(janeKeyId, '2026-11-25T08:30:00.000Z');
        await store.markDeleted(janeId, '2026-11-25T08:30:00.000Z');
        const r = await refresh(updateUser('analyst-jane', 'analyst-jane-2', '2026-11-25T08:59:00Z'));
        // the new name is read (nobody holds it: nothing written), the tombstoned old name is not in the inventory
        expect(r.skipped.map((x) => x.reason)).toEqual(['resource does not exist and is not in the inventory', 'not in the AI inventory']);
        expect(await store.getAsset(jane2Id)).toBeUndefined();
      }));

    it('a tombstone written by a refresh that started before the rename (its read came after) still lets the UpdateUser move the user', () =>
      inScanned(async ({ env, store, analysts, refresh, expectMovedToJane2 }) => {
        analysts.attached.push(ADMIN);
        renameInStandin(env, 'analyst-jane', 'analyst-jane-2');
        // the group event's refresh starts at 08:58:30, before the rename at 08:59; its member read runs after it
        env.clock.set('2026-11-25T08:58:30.000Z');
        const r1 = await refresh(attachGroupPolicy('analysts', ADMIN, '2026-11-25T08:58:00Z'));
        expect(r1.changes.map((c) => [c.change, c.asset.id])).toContainEqual(['deleted', janeId]);
        expect((await store.getAsset(janeId))?.deletedAt).toBe('2026-11-25T08:58:30.000Z');
        env.clock.set('2026-11-25T09:01:00.000Z');
        const r2 = await refresh(updateUser('analyst-jane', 'analyst-jane-2', '2026-11-25T08:59:00Z'));
        await expectMovedToJane2(r2);
      }));

    it('a re-delivered UpdateUser after the rename chain went on and the new name was reused: the keys stay with their owner', () =>
      inScanned(async ({ env, store, analysts, keyVerdict, refresh }) => {
        analysts.attached.push(ADMIN);
        // analyst-jane -> analyst-jane-2 at 08:59, processed at 09:00
        renameInStandin(env, 'analyst-jane', 'analyst-jane-2');
        const e1 = updateUser('analyst-jane', 'analyst-jane-2', '2026-11-25T08:59:00Z');
        await refresh(e1);
        expect(await keyVerdict()).toBe('FAIL');
        // analyst-jane-2 -> analyst-jane-3 at 09:10, processed at 09:11
        renameInStandin(env, 'analyst-jane-2', 'analyst-jane-3');
        env.clock.set('2026-11-25T09:11:00.000Z');
        await refresh(updateUser('analyst-jane-2', 'analyst-jane-3', '2026-11-25T09:10:00Z'));
        expect(await store.getAsset(janeKeyId)).toMatchObject({ config: { userName: 'analyst-jane-3' } });
        expect((await store.getAsset(jane2Id))?.deletedAt).toBeDefined();
        // a fresh, unprivileged user takes the name analyst-jane-2 at 09:20
        addStandinUser(env, 'analyst-jane-2', '2026-11-25T09:20:00.000Z');
        // the first UpdateUser delivered again (at-least-once delivery, a redrive): already applied, nothing moves
        env.clock.set('2026-11-25T09:30:00.000Z');
        const keyBefore = await store.getAsset(janeKeyId);
        const before = totalCalls(env);
        const again = await refresh(e1);
        expect(again.changes).toEqual([]);
        expect(totalCalls(env)).toBe(before);
        expect(await store.getAsset(janeKeyId)).toEqual(keyBefore);
        expect(await keyVerdict()).toBe('FAIL');
      }));

    it('an UpdateUser processed after its new name was freed and reused (rename chain out of order): the keys follow IAM, the new user is not taken', () =>
      inScanned(async ({ env, store, keyVerdict, refresh, grantAnalystsAdmin }) => {
        await grantAnalystsAdmin('2026-11-25T08:58:00Z', '2026-11-25T08:58:30.000Z');
        expect(await keyVerdict()).toBe('FAIL');
        // analyst-jane -> analyst-jane-2 (08:59) -> analyst-jane-3 (09:10); a fresh analyst-jane-2 created at 09:20
        renameInStandin(env, 'analyst-jane', 'analyst-jane-3');
        addStandinUser(env, 'analyst-jane-2', '2026-11-25T09:20:00.000Z');
        env.clock.set('2026-11-25T09:30:00.000Z');
        // the second rename first: IAM lists jane's key under analyst-jane-3, which is written and re-owns it
        const jane3Id = `arn:aws:iam::${DEMO_ACCOUNT_ID}:user/analyst-jane-3`;
        const e2 = await refresh(updateUser('analyst-jane-2', 'analyst-jane-3', '2026-11-25T09:10:00Z'));
        expect(e2.changes.map((c) => [c.change, c.asset.id])).toEqual(
          expect.arrayContaining([
            ['created', jane3Id],
            ['updated', janeKeyId],
          ]),
        );
        expect(await store.getAsset(janeKeyId)).toMatchObject({ config: { userName: 'analyst-jane-3' } });
        // then the first: the old name is gone (marked deleted), the new name's user (created after the rename, another
        // UserId) has no key: not written, and takes nothing
        const e1 = await refresh(updateUser('analyst-jane', 'analyst-jane-2', '2026-11-25T08:59:00Z'));
        expect(e1.changes.map((c) => [c.change, c.asset.id])).toEqual([['deleted', janeId]]);
        expect(e1.skipped).toContainEqual({
          target: expect.objectContaining({ key: 'analyst-jane-2' }),
          reason: 'not in the AI inventory (IAM lists no Bedrock API key under it)',
        });
        expect(await store.getAsset(jane2Id)).toBeUndefined();
        expect(await store.getAsset(janeKeyId)).toMatchObject({ config: { userName: 'analyst-jane-3', userArn: jane3Id } });
        expect(await keyVerdict()).toBe('FAIL');
      }));

    it('a stale tombstone whose user was renamed unseen: an UpdateUser of a newer user of that name does not take its keys', () =>
      inScanned(async ({ env, store, keyVerdict, refresh, grantAnalystsAdmin }) => {
        await grantAnalystsAdmin('2026-11-25T08:04:00Z', '2026-11-25T08:05:00.000Z');
        expect(await keyVerdict()).toBe('FAIL');
        // analyst-jane -> analyst-x at 08:10 (its event not processed yet); a refresh at 08:30 finds nobody under the
        // old name; a new, unprivileged analyst-jane is created at 08:40 and renamed to analyst-jane-2 at 08:59
        renameInStandin(env, 'analyst-jane', 'analyst-x');
        env.clock.set('2026-11-25T08:30:00.000Z');
        await refresh(putGroupPolicy('analysts', 'x', '2026-11-25T08:29:00Z'));
        expect((await store.getAsset(janeId))?.deletedAt).toBe('2026-11-25T08:30:00.000Z');
        // her key, still live, is no longer judged on the deleted record's policies: owner unread (ERROR)
        expect(await keyVerdict()).toBe('ERROR');
        addStandinUser(env, 'analyst-jane-2', '2026-11-25T08:40:00.000Z');
        env.clock.set('2026-11-25T09:00:00.000Z');
        const r = await refresh(updateUser('analyst-jane', 'analyst-jane-2', '2026-11-25T08:59:00Z'));
        expect(r.changes).toEqual([]);
        // the new name's user (not the tombstoned one) has no key listed under it: nothing written, nothing taken
        expect(r.skipped).toContainEqual({
          target: expect.objectContaining({ key: 'analyst-jane-2' }),
          reason: 'not in the AI inventory (IAM lists no Bedrock API key under it)',
        });
        expect(await store.getAsset(janeKeyId)).toMatchObject({ config: { userName: 'analyst-jane' } });
        expect(await keyVerdict()).toBe('ERROR');
      }));

    it('a user deleted between GetUser and its own list reads (a refresh) is marked deleted, not kept live with ERROR', () =>
      inScanned(async ({ env, store, refresh }) => {
        // GetUser answers (the user still existed), then DeleteUser: its lists and the second GetUser answer NoSuchEntity
        const gone = { code: 'NoSuchEntity', status: 404, times: 1, message: 'The user with name analyst-jane cannot be found.' };
        env.standin.faults.push({ operation: 'GetUser', after: 1, ...gone });
        for (const operation of ['ListUserPolicies', 'ListAttachedUserPolicies', 'ListGroupsForUser'])
          env.standin.faults.push({ operation, ...gone });
        const calls = env.standin.calls.get('GetUser') ?? 0;
        const r = await refresh(putGroupPolicy('analysts', 'x', '2026-11-25T08:59:00Z'));
        expect(env.standin.calls.get('GetUser')).toBe(calls + 2);
        // her key (still live in the store) is written with its owner facts unread
        expect(r.changes.map((c) => [c.change, c.asset.id])).toEqual([
          ['deleted', janeId],
          ['updated', janeKeyId],
        ]);
        expect(r.gaps).toEqual([]);
        const jane = await store.getAsset(janeId);
        expect(jane?.deletedAt).toBe('2026-11-25T09:00:00.000Z');
        expect(jane?.collectionErrors).toBeUndefined();
      }));

    it('a stored partial read (collection errors) observed after the event is read again, not skipped as newer', () =>
      inScanned(async ({ env, store, analysts, keyVerdict, refresh }) => {
        analysts.attached.push(ADMIN);
        // a first event's refresh at 09:00 reads the group as not found (eventual consistency): ERROR
        env.standin.faults.push({ operation: 'ListGroupPolicies', code: 'NoSuchEntity', status: 404, times: 1 });
        await refresh(putGroupPolicy('analysts', 'x', '2026-11-25T08:59:30Z'));
        expect(await keyVerdict()).toBe('ERROR');
        // an event from before that read, delivered after it: the partial record does not hold it off
        env.clock.set('2026-11-25T09:01:00.000Z');
        const r = await refresh(attachGroupPolicy('analysts', ADMIN, '2026-11-25T08:59:00Z'));
        expect(r.skipped).toEqual([]);
        expect((await store.getAsset(janeId))?.collectionErrors).toBeUndefined();
        expect(await keyVerdict()).toBe('FAIL');
        // a complete record observed after the event is still skipped, without an AWS call
        const before = totalCalls(env);
        env.clock.set('2026-11-25T09:02:00.000Z');
        const dup = await refresh(attachGroupPolicy('analysts', ADMIN, '2026-11-25T08:59:00Z'));
        expect(dup.skipped.map((x) => 'reason' in x && x.reason)).toEqual([
          'stored state observed at 2026-11-25T09:01:00.000Z is newer than the event (2026-11-25T08:59:00.000Z)',
        ]);
        expect(totalCalls(env)).toBe(before);
      }));

    it('a partial record of a reused old name observed after the rename is not the source of a delayed UpdateUser: refreshed as the new user', () =>
      inScanned(async ({ env, store, keyVerdict, refresh, makeJane2Admin }) => {
        const k2Id = `aispm:iam.bedrock-api-key:${DEMO_ACCOUNT_ID}:global:ACCADEMOJANENEW00003`;
        // 08:59 analyst-jane -> analyst-jane-2 (its event delayed)
        renameInStandin(env, 'analyst-jane', 'analyst-jane-2');
        // 09:00 a new administrator analyst-jane with its own key, in a group being deleted (its read: NoSuchEntity)
        const fresh = { name: 'analyst-jane', inline: {}, attached: [ADMIN], groups: ['ghost'], createDate: '2026-11-25T09:00:00.000Z' };
        env.standin.account.users.push(fresh);
        env.standin.account.apiKeys.push({
          UserName: 'analyst-jane',
          ServiceSpecificCredentialId: 'ACCADEMOJANENEW00003',
          Status: 'Active',
          CreateDate: '2026-11-25T09:00:30.000Z',
          ServiceName: 'bedrock.amazonaws.com',
        });
        // 09:10 a scan records the new analyst-jane partial (ERROR) and analyst-jane-2 with her key
        env.clock.set('2026-11-25T09:10:00.000Z');
        await env.scan(store);
        expect((await store.getAsset(janeId))?.collectionErrors?.length).toBeGreaterThan(0);
        expect(await store.getAsset(jane2Id)).toMatchObject({ config: { usedBy: [janeKeyId] } });
        fresh.groups = [];
        // 09:20 the UpdateUser of 08:59: the old name's record (observed at 09:10) is the new user's, read again as such
        env.clock.set('2026-11-25T09:20:00.000Z');
        await refresh(updateUser('analyst-jane', 'analyst-jane-2', '2026-11-25T08:59:00Z'));
        expect(await store.getAsset(janeId)).toMatchObject({ config: { usedBy: [k2Id] } });
        expect((await store.getAsset(janeId))?.collectionErrors).toBeUndefined();
        expect(await store.getAsset(k2Id)).toMatchObject({ config: { userName: 'analyst-jane' } });
        expect(await keyVerdict(k2Id)).toBe('FAIL');
        expect(await store.getAsset(jane2Id)).toMatchObject({ config: { usedBy: [janeKeyId] } });
        expect(await store.getAsset(janeKeyId)).toMatchObject({ config: { userName: 'analyst-jane-2' } });
        // 09:25 analyst-jane-2 is made an administrator: her own key FAILs
        await makeJane2Admin('2026-11-25T09:25:00Z', '2026-11-25T09:26:00.000Z');
        expect(await keyVerdict()).toBe('FAIL');
      }));

    it("records GetUser's UserId (the stand-in's): kept by a rename; a new user of the reused name with no key is not inventoried", () =>
      inScanned(async ({ env, store, refresh }) => {
        const userIdOf = async (id: string) => ((await store.getAsset(id))?.config as IamPrincipalConfig | undefined)?.userId;
        const janeUserId = await userIdOf(janeId);
        expect(janeUserId).toMatch(/^AIDA/);
        renameInStandin(env, 'analyst-jane', 'analyst-jane-2');
        addStandinUser(env, 'analyst-jane', '2026-11-25T08:59:30Z');
        env.clock.set('2026-11-25T09:00:00.000Z');
        await refresh(updateUser('analyst-jane', 'analyst-jane-2', '2026-11-25T08:59:00Z'));
        expect(await userIdOf(jane2Id)).toBe(janeUserId);
        // the new user of the reused name has another UserId and no key: not in the AI inventory, the old record is
        // marked deleted (never kept live under the renamed user's UserId)
        const reused = await store.getAsset(janeId);
        expect(reused?.deletedAt).toBeDefined();
        expect((reused?.config as IamPrincipalConfig | undefined)?.userId).toBe(janeUserId);
      }));

    it('a rename whose new name key list is denied keeps the same user (same UserId): the new name is written and re-owns the key (UID16-A)', () =>
      inScanned(async ({ env, store, keyVerdict, refresh, makeJane2Admin }) => {
        expect(await keyVerdict()).toBe('PASS');
        renameInStandin(env, 'analyst-jane', 'analyst-jane-2');
        // the first ListServiceSpecificCredentials (the new name's) is denied once
        env.standin.faults.push({ operation: 'ListServiceSpecificCredentials', code: 'AccessDenied', status: 403, times: 1 });
        await refresh(updateUser('analyst-jane', 'analyst-jane-2', '2026-11-25T08:59:00Z'));
        const jane2 = await store.getAsset(jane2Id);
        expect({
          oldDeleted: !!(await store.getAsset(janeId))?.deletedAt,
          newUsedBy: (jane2?.config as IamPrincipalConfig | undefined)?.usedBy,
          newErrors: jane2?.collectionErrors,
          keyUser: ((await store.getAsset(janeKeyId))?.config as { userName?: string } | undefined)?.userName,
        }).toEqual({
          oldDeleted: true,
          newUsedBy: [janeKeyId],
          newErrors: ['ListServiceSpecificCredentials: AccessDenied'],
          keyUser: 'analyst-jane-2',
        });
        // 09:03 analyst-jane-2 is made an administrator: its event reaches the key
        await makeJane2Admin('2026-11-25T09:03:00Z', '2026-11-25T09:04:00.000Z');
        expect(await keyVerdict()).toBe('FAIL');
      }));

    it('a rename whose new name key list is denied and whose UserId does not prove the old user: the old name key answers ERROR, not PASS (UID16-A)', () =>
      inScanned(async ({ env, store, keyVerdict, refresh }) => {
        // the stored record's UserId is not the renamed user's (e.g. recorded for another user of the name)
        const stored = (store as unknown as { assets: Map<string, { config: { userId?: string } }> }).assets.get(janeId);
        if (stored) stored.config.userId = 'AIDAOTHERUSER0000000';
        renameInStandin(env, 'analyst-jane', 'analyst-jane-2');
        env.standin.faults.push({ operation: 'ListServiceSpecificCredentials', code: 'AccessDenied', status: 403, times: 1 });
        await refresh(updateUser('analyst-jane', 'analyst-jane-2', '2026-11-25T08:59:00Z'));
        const key = await store.getAsset(janeKeyId);
        expect({
          newStored: !!(await store.getAsset(jane2Id)),
          keyPolicies: (key?.config as { userPolicies?: unknown } | undefined)?.userPolicies,
          keyErrors: key?.collectionErrors?.some((e) => e.startsWith('owner unread: ')),
          v: await keyVerdict(),
        }).toEqual({ newStored: false, keyPolicies: undefined, keyErrors: true, v: 'ERROR' });
      }));

    it('a user event whose GetUser and key list both fail writes the stored keys with owner facts unread: ERROR, not a stale PASS (UID16-B)', () =>
      inScanned(async ({ env, jane, keyVerdict, refresh }) => {
        expect(await keyVerdict()).toBe('PASS');
        jane.attached.push(ADMIN);
        env.standin.faults.push({ operation: 'GetUser', code: 'ServiceFailure', status: 500, times: 20 });
        env.standin.faults.push({ operation: 'ListServiceSpecificCredentials', code: 'ServiceFailure', status: 500, times: 20 });
        await refresh(attachUserPolicy('analyst-jane', ADMIN, '2026-11-25T08:59:00Z'));
        expect(await keyVerdict()).toBe('ERROR');
      }));

    it('a user stored before UserId whose key list fails once writes its keys with owner facts unread: ERROR, not a stale PASS (UID16-C)', () =>
      inScanned(async ({ env, store, jane, keyVerdict, refresh }) => {
        // the record as stored before the upgrade (no userId)
        const stored = (store as unknown as { assets: Map<string, { config: { userId?: string } }> }).assets.get(janeId);
        if (stored) delete stored.config.userId;
        expect(await keyVerdict()).toBe('PASS');
        jane.attached.push(ADMIN);
        env.standin.faults.push({ operation: 'ListServiceSpecificCredentials', code: 'AccessDenied', status: 403, times: 1 });
        await refresh(attachUserPolicy('analyst-jane', ADMIN, '2026-11-25T08:59:00Z'));
        expect(await keyVerdict()).toBe('ERROR');
        // the next event whose list is read re-owns the key: the owner-unread error is dropped and the key is judged
        env.clock.set('2026-11-25T09:01:00.000Z');
        await refresh(attachUserPolicy('analyst-jane', ADMIN, '2026-11-25T09:00:00Z'));
        expect((await store.getAsset(janeKeyId))?.collectionErrors).toBeUndefined();
        expect(await keyVerdict()).toBe('FAIL');
      }));

    it('a case-only rename (analyst-jane -> Analyst-Jane) reads and writes the new name and marks the old-case record deleted (UID16-F)', () =>
      inScanned(async ({ env, store, refresh }) => {
        renameInStandin(env, 'analyst-jane', 'Analyst-Jane');
        await refresh(updateUser('analyst-jane', 'Analyst-Jane', '2026-11-25T08:59:00Z'));
        const live = (await store.listAssets({ accountId: DEMO_ACCOUNT_ID })).filter((a) => a.type === 'iam.user').map((a) => a.name);
        const key = await store.getAsset(janeKeyId);
        expect({
          live: live.filter((n) => n.toLowerCase() === 'analyst-jane'),
          keyUser: (key?.config as { userName?: string } | undefined)?.userName,
          owner: key?.relationships.find((r) => r.kind === 'owned-by')?.targetId,
        }).toEqual({ live: ['Analyst-Jane'], keyUser: 'Analyst-Jane', owner: `arn:aws:iam::${DEMO_ACCOUNT_ID}:user/Analyst-Jane` });
      }));

    it('a key event of the old name processed after the rename, before its UpdateUser: the key is found under the new name (not marked deleted) and the rename re-owns it (UID16-D)', () =>
      inScanned(async ({ env, store, analysts, keyVerdict, refresh }) => {
        analysts.attached.push(ADMIN);
        renameInStandin(env, 'analyst-jane', 'analyst-jane-2');
        // 08:58 UpdateServiceSpecificCredential on analyst-jane's key (before the 08:59 rename), processed at 09:00:
        // IAM answers NoSuchEntity for the old name's key list, the account-wide list has the key under the new name
        await refresh(
          groupEvent(
            'UpdateServiceSpecificCredential',
            { userName: 'analyst-jane', serviceSpecificCredentialId: 'ACCADEMOJANE00000002', status: 'Active' },
            '2026-11-25T08:58:00Z',
          ),
        );
        expect((await store.getAsset(janeKeyId))?.deletedAt).toBeUndefined();
        env.clock.set('2026-11-25T09:01:00.000Z');
        await refresh(updateUser('analyst-jane', 'analyst-jane-2', '2026-11-25T08:59:00Z'));
        const jane2 = (await store.getAsset(jane2Id))?.config as IamPrincipalConfig | undefined;
        expect({
          jane2UsedBy: jane2?.usedBy,
          keyDeleted: !!(await store.getAsset(janeKeyId))?.deletedAt,
          v: await keyVerdict(),
        }).toEqual({ jane2UsedBy: [janeKeyId], keyDeleted: false, v: 'FAIL' });
      }));

    it('a new user of a deleted user name gets another UserId (the stand-in never reuses one): with no key, the stored record is marked deleted', () =>
      inScanned(async ({ env, store, jane, refresh }) => {
        // analyst-jane's keys deleted, then the user (IAM refuses to delete a user with keys); a new analyst-jane created
        env.standin.account.apiKeys = env.standin.account.apiKeys.filter((k) => k.UserName !== 'analyst-jane');
        env.standin.account.users = env.standin.account.users.filter((u) => u !== jane);
        addStandinUser(env, 'analyst-jane', '2026-11-25T08:58:00Z');
        await refresh(putUserPolicy('analyst-jane', 'x', '2026-11-25T08:59:00Z'));
        expect((await store.getAsset(janeId))?.deletedAt).toBeDefined();
      }));

    it('a key list answering NoSuchEntity while GetUser still answers is a read error, not a deletion: the same UserId keeps the keys', () =>
      inScanned(async ({ env, store, jane, keyVerdict, refresh }) => {
        jane.attached.push(ADMIN);
        env.standin.faults.push({ operation: 'ListServiceSpecificCredentials', code: 'NoSuchEntity', status: 404, times: 1 });
        await refresh(attachUserPolicy('analyst-jane', ADMIN, '2026-11-25T08:59:00Z'));
        const u = await store.getAsset(janeId);
        expect({
          deleted: !!u?.deletedAt,
          errors: u?.collectionErrors,
          usedBy: (u?.config as IamPrincipalConfig | undefined)?.usedBy,
        }).toEqual({
          deleted: false,
          errors: ['ListServiceSpecificCredentials: NoSuchEntity'],
          usedBy: [janeKeyId],
        });
        expect(await keyVerdict()).toBe('FAIL');
      }));

    it('a DeleteServiceSpecificCredential marks the key deleted without reading IAM (a credential id is never reused: no account-wide paging)', () =>
      inScanned(async ({ env, store, refresh }) => {
        env.standin.account.apiKeys = env.standin.account.apiKeys.filter((k) => k.UserName !== 'analyst-jane');
        const before = env.standin.calls.get('ListServiceSpecificCredentials') ?? 0;
        const r = await refresh(
          groupEvent(
            'DeleteServiceSpecificCredential',
            { userName: 'analyst-jane', serviceSpecificCredentialId: 'ACCADEMOJANE00000002' },
            '2026-11-25T08:58:00Z',
          ),
        );
        expect((env.standin.calls.get('ListServiceSpecificCredentials') ?? 0) - before).toBe(0);
        expect(r.changes.map((c) => [c.change, c.asset.id])).toEqual([['deleted', janeKeyId]]);
        expect((await store.getAsset(janeKeyId))?.deletedAt).toBeDefined();
      }));

    it('a re-delivered UpdateUser whose new name has no key reads the new name again (a bounded re-read) and writes nothing (UID16-E)', () =>
      inScanned(async ({ env, store, jane, refresh }) => {
        // jane's key deleted (its event processed), then jane renamed
        env.standin.account.apiKeys = env.standin.account.apiKeys.filter((k) => k.UserName !== 'analyst-jane');
        await refresh(
          groupEvent(
            'DeleteServiceSpecificCredential',
            { userName: 'analyst-jane', serviceSpecificCredentialId: 'ACCADEMOJANE00000002' },
            '2026-11-25T08:58:00Z',
          ),
        );
        jane.name = 'analyst-jane-2';
        const ev = updateUser('analyst-jane', 'analyst-jane-2', '2026-11-25T08:59:00Z');
        await refresh(ev);
        expect((await store.getAsset(janeId))?.deletedAt).toBeDefined();
        const before = new Map(env.standin.calls);
        env.clock.set('2026-11-25T09:05:00.000Z');
        const again = await refresh(ev);
        const delta = (op: string) => (env.standin.calls.get(op) ?? 0) - (before.get(op) ?? 0);
        expect({
          changes: again.changes,
          skipped: again.skipped.map((s) => ('reason' in s ? s.reason : '')),
          reads: { GetUser: delta('GetUser'), ListServiceSpecificCredentials: delta('ListServiceSpecificCredentials') },
        }).toEqual({
          changes: [],
          skipped: ['not in the AI inventory (IAM lists no Bedrock API key under it)', 'not in the AI inventory'],
          // the new name only: the old name, marked deleted, is not read again
          reads: { GetUser: 1, ListServiceSpecificCredentials: 1 },
        });
      }));

    it('a user event in the same second as the stored observation (CloudTrail eventTime is whole seconds) is read, not skipped', () =>
      inScanned(async ({ env, store, jane, keyVerdict, refresh }) => {
        // 08:59:00.500 a refresh observes analyst-jane (complete read; a change, so it is written)
        jane.attached.push('arn:aws:iam::aws:policy/ReadOnlyAccess');
        env.clock.set('2026-11-25T08:59:00.500Z');
        await refresh(putUserPolicy('analyst-jane', 'x', '2026-11-25T08:58:30Z'));
        expect((await store.getAsset(janeId))?.lastSeen).toBe('2026-11-25T08:59:00.500Z');
        expect(await keyVerdict()).toBe('PASS');
        // 08:59:00.700 AttachUserPolicy(Administrator): its eventTime, 08:59:00Z, precedes the observation
        jane.attached.push(ADMIN);
        env.clock.set('2026-11-25T09:00:00.000Z');
        const r = await refresh(attachUserPolicy('analyst-jane', ADMIN, '2026-11-25T08:59:00Z'));
        expect(r.skipped).toEqual([]);
        expect(await keyVerdict()).toBe('FAIL');
        // an observation after the event's second is newer: skipped
        const again = await refresh(attachUserPolicy('analyst-jane', ADMIN, '2026-11-25T08:59:00Z'));
        expect(again.skipped.map((x) => ('reason' in x ? x.reason : ''))).toEqual([
          'stored state observed at 2026-11-25T09:00:00.000Z is newer than the event (2026-11-25T08:59:00.000Z)',
        ]);
      }));

    it.each([
      ['out of order (analyst-jane -> ci-bot before ci-bot -> ci-bot-2)', true],
      ['in order (ci-bot -> ci-bot-2, then analyst-jane -> ci-bot)', false],
    ])('renames processed %s: the administrator ci-bot-2 key FAILs', (_order, janeFirst) =>
      inScanned(
        async ({ env, keyVerdict, refresh }) => {
          const ciKeyId = `aispm:iam.bedrock-api-key:${DEMO_ACCOUNT_ID}:global:ACCADEMOCIBOT0000001`;
          expect(await keyVerdict(ciKeyId)).toBe('FAIL');
          const bot = env.standin.account.users.find((u) => u.name === 'ci-bot');
          if (!bot) throw new Error('no ci-bot in the demo account');
          // 08:58 ci-bot (administrator) -> ci-bot-2 (its event delayed)
          renameInStandin(env, 'ci-bot', 'ci-bot-2');
          // 08:59 analyst-jane (no admin) -> ci-bot
          renameInStandin(env, 'analyst-jane', 'ci-bot');
          const botEvent = updateUser('ci-bot', 'ci-bot-2', '2026-11-25T08:58:00Z');
          const janeEvent = updateUser('analyst-jane', 'ci-bot', '2026-11-25T08:59:00Z');
          // one UpdateUser processed at 09:00, the other at 09:01
          await refresh(janeFirst ? janeEvent : botEvent);
          env.clock.set('2026-11-25T09:01:00.000Z');
          await refresh(janeFirst ? botEvent : janeEvent);
          // the key of ci-bot-2 (an administrator) FAILs
          expect(await keyVerdict(ciKeyId)).toBe('FAIL');
        },
        { ciBotAdmin: true },
      ),
    );

    it('a partial read of the old user within the second of the rename (before it) does not drop the rename: the new administrator key FAILs', () =>
      inScanned(async ({ env, store, jane, keyVerdict, refresh, makeJane2Admin }) => {
        // 08:59:00.500 an event of 08:58:30 re-reads analyst-jane: a group read fails (NoSuchEntity, GetUser answers): partial
        jane.groups = [...jane.groups, 'ghost'];
        env.clock.set('2026-11-25T08:59:00.500Z');
        await refresh(putUserPolicy('analyst-jane', 'x', '2026-11-25T08:58:30Z'));
        expect((await store.getAsset(janeId))?.collectionErrors?.length).toBeGreaterThan(0);
        jane.groups = jane.groups.filter((g) => g !== 'ghost');
        // 08:59:00.700 analyst-jane -> analyst-jane-2 (CloudTrail eventTime 08:59:00Z, truncated to the second)
        renameInStandin(env, 'analyst-jane', 'analyst-jane-2');
        env.clock.set('2026-11-25T09:00:00.000Z');
        await refresh(updateUser('analyst-jane', 'analyst-jane-2', '2026-11-25T08:59:00Z'));
        // 09:03 analyst-jane-2 is made an administrator
        await makeJane2Admin('2026-11-25T09:03:00Z', '2026-11-25T09:04:00.000Z');
        expect(await keyVerdict()).toBe('FAIL');
      }));

    it('a complete read of the old user within the second of the rename (before it) does not drop the rename: the new administrator key FAILs', () =>
      inScanned(async ({ env, store, jane, keyVerdict, refresh, makeJane2Admin }) => {
        // 08:59:00.500 an event of 08:58:30 re-reads analyst-jane completely (ReadOnlyAccess attached)
        jane.attached.push('arn:aws:iam::aws:policy/ReadOnlyAccess');
        env.clock.set('2026-11-25T08:59:00.500Z');
        await refresh(putUserPolicy('analyst-jane', 'x', '2026-11-25T08:58:30Z'));
        expect((await store.getAsset(janeId))?.lastSeen).toBe('2026-11-25T08:59:00.500Z');
        // 08:59:00.700 analyst-jane -> analyst-jane-2 (CloudTrail eventTime 08:59:00Z, truncated to the second)
        renameInStandin(env, 'analyst-jane', 'analyst-jane-2');
        env.clock.set('2026-11-25T09:00:00.000Z');
        await refresh(updateUser('analyst-jane', 'analyst-jane-2', '2026-11-25T08:59:00Z'));
        // 09:03 analyst-jane-2 is made an administrator
        await makeJane2Admin('2026-11-25T09:03:00Z', '2026-11-25T09:04:00.000Z');
        expect(await keyVerdict()).toBe('FAIL');
      }));

    it.each([
      ['partial', ['ghost']],
      ['complete', []],
    ])(
      'a %s event read of a new user of the old name, processed before the delayed UpdateUser: the renamed administrator key FAILs',
      (_read, groups: string[]) =>
        inScanned(async ({ env, jane, keyVerdict, refresh, grantAnalystsAdmin }) => {
          const RO = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
          // jane is an administrator (her key FAILs)
          await grantAnalystsAdmin('2026-11-25T07:59:00Z', '2026-11-25T08:00:00.000Z');
          expect(await keyVerdict()).toBe('FAIL');
          // 08:59 analyst-jane -> analyst-jane-2 (its event delayed)
          renameInStandin(env, 'analyst-jane', 'analyst-jane-2');
          // 09:00 a new unprivileged analyst-jane (in 'ghost', whose read fails: a partial read; in no group: a complete one)
          const fresh = {
            name: 'analyst-jane',
            inline: {},
            attached: [] as string[],
            groups,
            createDate: '2026-11-25T09:00:00.000Z',
          };
          env.standin.account.users.push(fresh);
          // 09:05 AttachUserPolicy(ReadOnly) on the new analyst-jane, processed at 09:06
          fresh.attached.push(RO);
          env.clock.set('2026-11-25T09:06:00.000Z');
          await refresh(attachUserPolicy('analyst-jane', RO, '2026-11-25T09:05:00Z'));
          fresh.groups = [];
          // 09:10 the UpdateUser of 08:59
          env.clock.set('2026-11-25T09:10:00.000Z');
          await refresh(updateUser('analyst-jane', 'analyst-jane-2', '2026-11-25T08:59:00Z'));
          expect(await keyVerdict()).toBe('FAIL');
        }),
    );

    it('a key event under the new name processed before the UpdateUser: the tombstoned old name is still the rename source', () =>
      inScanned(async ({ env, store, keyVerdict, refresh, makeJane2Admin }) => {
        // 08:59 analyst-jane -> analyst-jane-2
        renameInStandin(env, 'analyst-jane', 'analyst-jane-2');
        // 09:00 a group event from 08:58 reads the old name as nobody: marked deleted
        await refresh(putGroupPolicy('analysts', 'x', '2026-11-25T08:58:00Z'));
        expect((await store.getAsset(janeId))?.deletedAt).toBe('2026-11-25T09:00:00.000Z');
        // 09:01 a key event under the new name (09:00:30) re-describes her key: it names analyst-jane-2
        env.clock.set('2026-11-25T09:01:00.000Z');
        await refresh(
          groupEvent(
            'UpdateServiceSpecificCredential',
            { serviceSpecificCredentialId: 'ACCADEMOJANE00000002', userName: 'analyst-jane-2', status: 'Active' },
            '2026-11-25T09:00:30Z',
          ),
        );
        expect(await store.getAsset(janeKeyId)).toMatchObject({ config: { userName: 'analyst-jane-2' } });
        // 09:02 the UpdateUser of 08:59: the new name is read and written with her key
        env.clock.set('2026-11-25T09:02:00.000Z');
        await refresh(updateUser('analyst-jane', 'analyst-jane-2', '2026-11-25T08:59:00Z'));
        expect(await store.getAsset(jane2Id)).toMatchObject({ config: { usedBy: [janeKeyId] } });
        // 09:03 analyst-jane-2 is made an administrator: the event reaches her and her key
        await makeJane2Admin('2026-11-25T09:03:00Z', '2026-11-25T09:04:00.000Z');
        expect(await keyVerdict()).toBe('FAIL');
      }));

    it("a user stored before groups were recorded is found by its group policies' <group>/ prefix", () =>
      inScanned(async ({ store, analysts, verdict, refresh }) => {
        // the records as an earlier version wrote them: no groups field
        for (const id of [janeId, ciBotId]) {
          const a = await store.getAsset(id);
          if (!a) throw new Error(`${id} not stored`);
          const { groups: _, ...config } = a.config as IamPrincipalConfig;
          await store.putAsset({ ...a, config, configHash: 'before-groups' } as AnyAsset);
        }
        expect((await store.getAsset(janeId))?.config).not.toHaveProperty('groups');
        expect(((await store.getAsset(janeId))?.config as IamPrincipalConfig | undefined)?.policies.map((p) => p.name)).toContain(
          'analysts/ReadOnlyAccess',
        );
        analysts.attached.push(BEDROCK_FULL);
        const r = await refresh(attachGroupPolicy('Analysts', BEDROCK_FULL, '2026-11-25T08:59:00Z'));
        expect(r.targets.map((t) => t.storedId)).toEqual([janeId]);
        expect(await verdict(janeId, 'iam_user_ai_service_wildcard_access_not_granted')).toBe('FAIL');
        // re-read: the groups are recorded from now on
        expect((await store.getAsset(janeId))?.config).toHaveProperty('groups', ['analysts']);
        expect((await store.getAsset(ciBotId))?.configHash).toBe('before-groups');
      }));

    describe('UID16b: no stale owner facts on an API key', () => {
      const keyEvent = (eventName: string, credentialId: string, at: string) =>
        groupEvent(eventName, { userName: 'analyst-jane', serviceSpecificCredentialId: credentialId, status: 'Active' }, at);
      /** jane's stored record as written before UserIds were recorded. */
      const dropStoredUserId = (store: MemoryStore) => {
        const stored = (store as unknown as { assets: Map<string, { config: { userId?: string } }> }).assets.get(janeId);
        if (!stored) throw new Error('no stored analyst-jane');
        delete stored.config.userId;
      };
      const denyKeyList = (env: Awaited<ReturnType<typeof setup>>) =>
        env.standin.faults.push({ operation: 'ListServiceSpecificCredentials', code: 'AccessDenied', status: 403, times: 1 });

      it('a key event of a renamed owner whose old name was reused (its list answers [], not NoSuchEntity): the key is found account-wide, not marked deleted (R1)', () =>
        inScanned(async ({ env, store, jane, keyVerdict, refresh }) => {
          jane.attached.push(ADMIN);
          env.clock.set('2026-11-25T08:57:30.000Z');
          await refresh(attachUserPolicy('analyst-jane', ADMIN, '2026-11-25T08:57:00Z'));
          expect(await keyVerdict()).toBe('FAIL');
          // 08:58 key updated under analyst-jane; 08:59 renamed to analyst-jane-2; 08:59:30 a new analyst-jane created
          renameInStandin(env, 'analyst-jane', 'analyst-jane-2');
          addStandinUser(env, 'analyst-jane', '2026-11-25T08:59:30Z');
          env.clock.set('2026-11-25T09:05:00.000Z');
          await refresh(keyEvent('UpdateServiceSpecificCredential', 'ACCADEMOJANE00000002', '2026-11-25T08:58:00Z'));
          expect({ deleted: !!(await store.getAsset(janeKeyId))?.deletedAt, v: await keyVerdict() }).toEqual({ deleted: false, v: 'FAIL' });
        }));

      it('a rename processed after its old name was tombstoned, the new name made admin and its key list unread: the key is not PASS (R2)', () =>
        inScanned(async ({ env, store, jane, keyVerdict, refresh }) => {
          expect(await keyVerdict()).toBe('PASS');
          // 08:58 PutUserPolicy on analyst-jane; 08:59 renamed; 09:00 analyst-jane-2 made an administrator
          renameInStandin(env, 'analyst-jane', 'analyst-jane-2');
          jane.attached.push(ADMIN);
          env.clock.set('2026-11-25T09:05:00.000Z');
          await refresh(putUserPolicy('analyst-jane', 'x', '2026-11-25T08:58:00Z'));
          expect((await store.getAsset(janeId))?.deletedAt).toBeDefined();
          // the tombstone leaves the still-live key with its owner facts unread, not the deleted record's policies
          expect(await keyVerdict()).toBe('ERROR');
          await refresh(attachUserPolicy('analyst-jane-2', ADMIN, '2026-11-25T09:00:00Z'));
          denyKeyList(env);
          env.clock.set('2026-11-25T09:06:00.000Z');
          await refresh(updateUser('analyst-jane', 'analyst-jane-2', '2026-11-25T08:59:00Z'));
          expect((await store.getAsset(janeKeyId))?.collectionErrors?.[0]).toMatch(/^owner unread: /);
          expect(await keyVerdict()).toBe('ERROR');
        }));

      it('a key created since the last user read (not in its usedBy), then the owner made admin while its key list is unread: the listed key FAILs, the unlisted one answers ERROR (R6)', () =>
        inScanned(async ({ env, store, jane, keyVerdict, refresh }) => {
          const K3 = 'ACCADEMOJANE00000003';
          const k3Id = `aispm:iam.bedrock-api-key:${DEMO_ACCOUNT_ID}:global:${K3}`;
          env.standin.account.apiKeys.push({
            UserName: 'analyst-jane',
            ServiceSpecificCredentialId: K3,
            Status: 'Active',
            CreateDate: '2026-11-25T08:58:00Z',
            ServiceName: 'bedrock.amazonaws.com',
          });
          const create = groupEvent(
            'CreateServiceSpecificCredential',
            { userName: 'analyst-jane', serviceName: 'bedrock.amazonaws.com' },
            '2026-11-25T08:58:00Z',
          );
          (create.detail as Record<string, unknown>).responseElements = {
            serviceSpecificCredential: { serviceSpecificCredentialId: K3, userName: 'analyst-jane', serviceName: 'bedrock.amazonaws.com' },
          };
          await refresh(create);
          expect(await keyVerdict(k3Id)).toBe('PASS');
          jane.attached.push(ADMIN);
          env.standin.faults.push({ operation: 'ListServiceSpecificCredentials', code: 'Throttling', status: 400, times: 3 });
          env.clock.set('2026-11-25T09:10:00.000Z');
          await refresh(attachUserPolicy('analyst-jane', ADMIN, '2026-11-25T09:05:00Z'));
          expect((await store.getAsset(janeId))?.collectionErrors).toEqual(
            expect.arrayContaining([expect.stringMatching(/ListServiceSpecificCredentials/)]),
          );
          expect({ old: await keyVerdict(), created: await keyVerdict(k3Id) }).toEqual({ old: 'FAIL', created: 'ERROR' });
          // the UserId proved the stored user, whose stored usedBy lists only the old key: the unlisted key is not
          // re-owned (it could be a previous holder's of a reused name) but written with its owner facts unread
          expect((await store.getAsset(janeId))?.config).toMatchObject({ usedBy: [janeKeyId] });
          expect((await store.getAsset(k3Id))?.collectionErrors?.[0]).toMatch(/^owner unread: /);
        }));

      it('a record stored before UserIds, read once with its key list unread (usedBy emptied), then made admin with the list unread again: the key is not PASS (R7)', () =>
        inScanned(async ({ env, store, jane, keyVerdict, refresh }) => {
          dropStoredUserId(store);
          denyKeyList(env);
          await refresh(putUserPolicy('analyst-jane', 'x', '2026-11-25T08:59:00Z'));
          expect(await keyVerdict()).toBe('ERROR');
          env.clock.set('2026-11-25T09:10:00.000Z');
          await refresh(keyEvent('UpdateServiceSpecificCredential', 'ACCADEMOJANE00000002', '2026-11-25T09:05:00Z'));
          expect(await keyVerdict()).toBe('PASS');
          jane.attached.push(ADMIN);
          denyKeyList(env);
          env.clock.set('2026-11-25T09:20:00.000Z');
          await refresh(attachUserPolicy('analyst-jane', ADMIN, '2026-11-25T09:15:00Z'));
          // the emptied usedBy does not list the key: owner unread (ERROR), never the stale PASS
          expect(await keyVerdict()).toBe('ERROR');
        }));

      it('the store listing of keys fails while a renamed-away user is marked deleted: the retried event marks the user deleted and its live key owner unread (R9)', () =>
        inScanned(async ({ env, store, keyVerdict, refresh }) => {
          renameInStandin(env, 'analyst-jane', 'analyst-jane-2');
          env.clock.set('2026-11-25T09:05:00.000Z');
          const orig = store.listAssets.bind(store);
          let failed = false;
          vi.spyOn(store, 'listAssets').mockImplementation(async (q) => {
            if (!failed && (q as { type?: string }).type === 'iam.bedrock-api-key') {
              failed = true;
              throw new Error('ProvisionedThroughputExceeded');
            }
            return orig(q);
          });
          await expect(refresh(putUserPolicy('analyst-jane', 'x', '2026-11-25T08:58:00Z'))).rejects.toThrow(
            'ProvisionedThroughputExceeded',
          );
          await refresh(putUserPolicy('analyst-jane', 'x', '2026-11-25T08:58:00Z'));
          expect(!!(await store.getAsset(janeId))?.deletedAt).toBe(true);
          expect(await keyVerdict()).toBe('ERROR');
          expect((await store.getAsset(janeKeyId))?.collectionErrors?.[0]).toMatch(/^owner unread: /);
        }));

      it("a key list unread after a reused name's record was replaced: the previous holder's key naming the name, not in the proven record's usedBy, is written owner unread, not re-owned (R10)", () =>
        inScanned(async ({ env, store, jane, keyVerdict, refresh }) => {
          jane.attached.push(ADMIN);
          env.clock.set('2026-11-25T08:57:30.000Z');
          await refresh(attachUserPolicy('analyst-jane', ADMIN, '2026-11-25T08:57:00Z'));
          expect(await keyVerdict()).toBe('FAIL');
          // 08:58 analyst-jane (admin) renamed to analyst-jane-2 (UpdateUser not yet processed); 08:59 a new analyst-jane with its own key
          renameInStandin(env, 'analyst-jane', 'analyst-jane-2');
          addStandinUser(env, 'analyst-jane', '2026-11-25T08:59:00Z');
          env.standin.account.apiKeys.push({
            UserName: 'analyst-jane',
            ServiceSpecificCredentialId: 'ACCANEWJANE000000009',
            Status: 'Active',
            CreateDate: '2026-11-25T08:59:10Z',
            ServiceName: 'bedrock.amazonaws.com',
          } as never);
          env.clock.set('2026-11-25T09:05:00.000Z');
          await refresh(putUserPolicy('analyst-jane', 'x', '2026-11-25T09:00:00Z'));
          expect(await keyVerdict()).toBe('FAIL');
          denyKeyList(env);
          env.clock.set('2026-11-25T09:10:00.000Z');
          await refresh(putUserPolicy('analyst-jane', 'y', '2026-11-25T09:06:00Z'));
          expect(await keyVerdict()).toBe('ERROR');
          expect((await store.getAsset(janeKeyId))?.collectionErrors?.[0]).toMatch(/^owner unread: /);
          expect((await store.getAsset(janeId))?.config).not.toMatchObject({ usedBy: expect.arrayContaining([janeKeyId]) });
        }));

      it('a case-only rename processed after the user was renamed back (alice -> Alice -> alice): a later admin grant does not leave the key PASS (R8)', () =>
        inScanned(async ({ env, jane, keyVerdict, refresh }) => {
          // 08:58 analyst-jane -> Analyst-Jane, 08:59 back to analyst-jane; the 08:58 event processed at 09:00
          await refresh(updateUser('analyst-jane', 'Analyst-Jane', '2026-11-25T08:58:00Z'));
          jane.attached.push(ADMIN);
          env.clock.set('2026-11-25T09:10:00.000Z');
          await refresh(attachUserPolicy('analyst-jane', ADMIN, '2026-11-25T09:05:00Z'));
          expect(await keyVerdict()).not.toBe('PASS');
        }));
    });
  });

  it("a policy change of an API-key owner rewrites its keys' copy of the owner's policies (FAIL -> PASS)", async () => {
    const env = await setup();
    try {
      const ciBot = env.standin.account.users.find((u) => u.name === 'ci-bot');
      if (!ciBot) throw new Error('no ci-bot in the demo account');
      const store = new MemoryStore();
      await env.scan(store);
      const keyId = `aispm:iam.bedrock-api-key:${DEMO_ACCOUNT_ID}:global:ACCADEMOCIBOT0000001`;
      const verdict = () => statusOf(store, env, keyId, 'bedrock_api_key_no_administrative_privileges');
      // AmazonBedrockFullAccess: bedrock:* on *
      expect(await verdict()).toBe('FAIL');
      ciBot.attached = [];
      env.clock.set('2026-11-25T09:00:00.000Z');
      const ev = ct(
        'DetachUserPolicy',
        { userName: 'ci-bot', policyArn: 'arn:aws:iam::aws:policy/AmazonBedrockFullAccess' },
        '2026-11-25T08:59:00Z',
      );
      ev.detail.eventSource = 'iam.amazonaws.com';
      await refreshFromEvent(ev, { clients: env.clients, store, clock: env.clock, log: env.log });
      expect((await store.getAsset(keyId))?.config).toHaveProperty('userPolicies', []);
      expect(await verdict()).toBe('PASS');
    } finally {
      await env.standin.close();
    }
  });

  it('a user at an IAM path: its ARN (path included) is matched against a boundary removal on user/<path>/* (no false PASS)', async () => {
    const env = await setup();
    try {
      const ciBot = env.standin.account.users.find((u) => u.name === 'ci-bot');
      if (!ciBot) throw new Error('no ci-bot in the demo account');
      const boundary = `arn:aws:iam::${DEMO_ACCOUNT_ID}:policy/developers-boundary`;
      env.standin.account.managedPolicies[boundary] = {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: 'bedrock:InvokeModel', Resource: '*' },
          { Effect: 'Allow', Action: 'iam:*', Resource: `arn:aws:iam::${DEMO_ACCOUNT_ID}:user/developers/*` },
        ],
      };
      ciBot.path = '/developers/';
      ciBot.permissionsBoundary = boundary;
      ciBot.attached = ['arn:aws:iam::aws:policy/AdministratorAccess'];
      const store = new MemoryStore();
      await env.scan(store);
      const userId = `arn:aws:iam::${DEMO_ACCOUNT_ID}:user/ci-bot`;
      const keyId = `aispm:iam.bedrock-api-key:${DEMO_ACCOUNT_ID}:global:ACCADEMOCIBOT0000001`;
      const pathed = `arn:aws:iam::${DEMO_ACCOUNT_ID}:user/developers/ci-bot`;
      expect((await store.getAsset(userId))?.config).toHaveProperty('arn', pathed);
      expect((await store.getAsset(keyId))?.config).toHaveProperty('userArn', pathed);
      const assets = await store.listAssets({ accountId: DEMO_ACCOUNT_ID });
      const results = evaluateChecks(assets, [], ALL_CHECKS, { now: env.clock.now() }, { onlyAssetIds: new Set([userId, keyId]) });
      const status = (checkId: string) => results.find((x) => x.checkId === checkId)?.status;
      expect(status('bedrock_api_key_no_administrative_privileges')).toBe('FAIL');
      expect(status('iam_user_ai_service_wildcard_access_not_granted')).toBe('FAIL');
    } finally {
      await env.standin.close();
    }
  });

  it("a refreshed API key takes its owner's facts from the inventoried owner (looked up by the owner's path-less ARN)", async () => {
    const env = await setup();
    try {
      const store = new MemoryStore();
      await env.scan(store);
      const keyId = `aispm:iam.bedrock-api-key:${DEMO_ACCOUNT_ID}:global:ACCADEMOCIBOT0000001`;
      const owner = await store.getAsset(`arn:aws:iam::${DEMO_ACCOUNT_ID}:user/ci-bot`);
      const ownerPolicies = owner?.type === 'iam.user' ? owner.config.policies : undefined;
      expect(ownerPolicies?.length).toBeGreaterThan(0);
      // the key's copy of the owner's facts is stale: the refresh must take them from the owner, not from the key
      const key = await store.getAsset(keyId);
      if (key?.type !== 'iam.bedrock-api-key') throw new Error('no ci-bot key');
      await store.putAsset({ ...key, config: { ...key.config, userPolicies: [] }, configHash: 'stale' });
      env.clock.set('2026-11-25T09:00:00.000Z');
      const ev = ct(
        'UpdateServiceSpecificCredential',
        { userName: 'ci-bot', serviceSpecificCredentialId: 'ACCADEMOCIBOT0000001', status: 'Active' },
        '2026-11-25T08:59:00Z',
      );
      ev.detail.eventSource = 'iam.amazonaws.com';
      await refreshFromEvent(ev, { clients: env.clients, store, clock: env.clock, log: env.log });
      expect((await store.getAsset(keyId))?.config).toHaveProperty('userPolicies', ownerPolicies);
    } finally {
      await env.standin.close();
    }
  });

  it('UpdateUser moving an API-key owner to another path re-reads it and its keys (capped PASS -> FAIL, no stale ARN)', async () => {
    const env = await setup();
    try {
      const ciBot = env.standin.account.users.find((u) => u.name === 'ci-bot');
      if (!ciBot) throw new Error('no ci-bot in the demo account');
      const boundary = `arn:aws:iam::${DEMO_ACCOUNT_ID}:policy/developers-boundary`;
      env.standin.account.managedPolicies[boundary] = {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: 'bedrock:InvokeModel', Resource: '*' },
          { Effect: 'Allow', Action: 'iam:*', Resource: `arn:aws:iam::${DEMO_ACCOUNT_ID}:user/developers/*` },
        ],
      };
      ciBot.permissionsBoundary = boundary;
      ciBot.attached = ['arn:aws:iam::aws:policy/AdministratorAccess'];
      const store = new MemoryStore();
      await env.scan(store);
      const userId = `arn:aws:iam::${DEMO_ACCOUNT_ID}:user/ci-bot`;
      const keyId = `aispm:iam.bedrock-api-key:${DEMO_ACCOUNT_ID}:global:ACCADEMOCIBOT0000001`;
      const verdict = () => statusOf(store, env, keyId, 'bedrock_api_key_no_administrative_privileges');
      // at the root path the boundary's iam:* on user/developers/* does not cover the user: capped
      expect(await verdict()).toBe('PASS');

      ciBot.path = '/developers/';
      env.clock.set('2026-11-25T09:00:00.000Z');
      const ev = ct('UpdateUser', { userName: 'ci-bot', newPath: '/developers/' }, '2026-11-25T08:59:00Z');
      ev.detail.eventSource = 'iam.amazonaws.com';
      const r = await refreshFromEvent(ev, { clients: env.clients, store, clock: env.clock, log: env.log });
      expect(r.assetIds).toEqual(expect.arrayContaining([userId, keyId]));
      const pathed = `arn:aws:iam::${DEMO_ACCOUNT_ID}:user/developers/ci-bot`;
      expect((await store.getAsset(userId))?.config).toHaveProperty('arn', pathed);
      expect((await store.getAsset(keyId))?.config).toHaveProperty('userArn', pathed);
      expect(await verdict()).toBe('FAIL');
    } finally {
      await env.standin.close();
    }
  });

  it('UpdateUser renaming an API-key owner: the user and its findings move to the new name, its keys are re-owned', async () => {
    const env = await setup();
    try {
      const store = new MemoryStore();
      await env.scan(store);
      const oldId = `arn:aws:iam::${DEMO_ACCOUNT_ID}:user/ci-bot`;
      const newId = `arn:aws:iam::${DEMO_ACCOUNT_ID}:user/ci-bot-2`;
      const keyId = `aispm:iam.bedrock-api-key:${DEMO_ACCOUNT_ID}:global:ACCADEMOCIBOT0000001`;
      const assess = (assetIds?: string[]) =>
        runAssessment({ store, accountId: DEMO_ACCOUNT_ID, clock: env.clock, log: env.log, ...(assetIds ? { assetIds } : {}) });
      const openFails = async (resourceId: string) =>
        (await store.queryFindings({ openOnly: true }))
          .filter((f) => f.resourceId === resourceId && f.source === 'posture')
          .map((f) => f.ruleId)
          .sort();
      await assess();
      const userFails = await openFails(oldId);
      // AmazonBedrockFullAccess: the user's wildcard check and its key's administrative-privileges check fail
      expect(userFails).toContain('iam_user_ai_service_wildcard_access_not_granted');
      expect(await openFails(keyId)).toContain('bedrock_api_key_no_administrative_privileges');

      const ciBot = env.standin.account.users.find((u) => u.name === 'ci-bot');
      if (!ciBot) throw new Error('no ci-bot in the demo account');
      ciBot.name = 'ci-bot-2';
      for (const k of env.standin.account.apiKeys) if (k.UserName === 'ci-bot') k.UserName = 'ci-bot-2';
      env.clock.set('2026-11-25T09:00:00.000Z');
      const ev = ct('UpdateUser', { userName: 'ci-bot', newUserName: 'ci-bot-2' }, '2026-11-25T08:59:00Z');
      ev.detail.eventSource = 'iam.amazonaws.com';
      const r = await refreshFromEvent(ev, { clients: env.clients, store, clock: env.clock, log: env.log });
      expect((await store.getAsset(oldId))?.deletedAt).toBe('2026-11-25T09:00:00.000Z');
      const renamed = await store.getAsset(newId);
      expect(renamed?.deletedAt).toBeUndefined();
      expect((renamed?.config as IamPrincipalConfig | undefined)?.usedBy).toEqual([keyId]);
      const key = await store.getAsset(keyId);
      expect(key?.name).toBe('ci-bot-2/ACCADEMOCIBOT0000001');
      expect(key?.config).toMatchObject({ userName: 'ci-bot-2', userArn: newId });
      expect(key?.relationships).toContainEqual({ kind: 'owned-by', targetId: newId, targetType: 'iam.user' });
      expect(r.assetIds).toEqual(expect.arrayContaining([oldId, newId, keyId]));

      const { changes } = await assess(r.assetIds);
      // the old name's findings resolve (it no longer exists) only as the same FAILs open on the new name
      expect(await openFails(newId)).toEqual(userFails);
      expect(await openFails(oldId)).toEqual([]);
      expect(await openFails(keyId)).toContain('bedrock_api_key_no_administrative_privileges');
      expect(changes.filter((c) => c.finding.resourceId === keyId && c.transition === 'resolved')).toEqual([]);
      // the key is no different from the one the scan reads
      const before = (await store.getAsset(keyId))?.configHash;
      await env.scan(store);
      expect((await store.getAsset(keyId))?.configHash).toBe(before);
    } finally {
      await env.standin.close();
    }
  });

  it('UpdateUser renaming a key owner whose old name is reused (no key) before the event is processed: the keys follow the rename, the old record is marked deleted', async () => {
    const env = await setup();
    try {
      const store = new MemoryStore();
      await env.scan(store);
      const oldId = `arn:aws:iam::${DEMO_ACCOUNT_ID}:user/ci-bot`;
      const newId = `arn:aws:iam::${DEMO_ACCOUNT_ID}:user/ci-bot-2`;
      const keyId = `aispm:iam.bedrock-api-key:${DEMO_ACCOUNT_ID}:global:ACCADEMOCIBOT0000001`;
      const verdict = () => statusOf(store, env, keyId, 'bedrock_api_key_no_administrative_privileges');
      expect(await verdict()).toBe('FAIL');
      const ciBot = env.standin.account.users.find((u) => u.name === 'ci-bot');
      if (!ciBot) throw new Error('no ci-bot in the demo account');
      ciBot.name = 'ci-bot-2';
      for (const k of env.standin.account.apiKeys) if (k.UserName === 'ci-bot') k.UserName = 'ci-bot-2';
      // CreateUser ci-bot after the rename: a new user without policies now answers to the old name
      env.standin.account.users.push({ name: 'ci-bot', inline: {}, attached: [], groups: [], createDate: '2026-11-25T08:59:30Z' });
      env.clock.set('2026-11-25T09:00:00.000Z');
      const ev = ct('UpdateUser', { userName: 'ci-bot', newUserName: 'ci-bot-2' }, '2026-11-25T08:59:00Z');
      ev.detail.eventSource = 'iam.amazonaws.com';
      const r = await refreshFromEvent(ev, { clients: env.clients, store, clock: env.clock, log: env.log });
      expect(r.assetIds).toEqual(expect.arrayContaining([oldId, newId, keyId]));
      expect((await store.getAsset(newId))?.config).toMatchObject({ usedBy: [keyId] });
      // the new ci-bot (another UserId, no key) is not in the AI inventory: the old record is marked deleted
      expect((await store.getAsset(oldId))?.deletedAt).toBeDefined();
      expect((await store.getAsset(keyId))?.config).toMatchObject({ userName: 'ci-bot-2', userArn: newId });
      expect(await verdict()).toBe('FAIL');
    } finally {
      await env.standin.close();
    }
  });

  it("UpdateUser renaming a user renamed again since: the old name is gone (marked deleted), its key's owner facts are unread", async () => {
    const env = await setup();
    try {
      const store = new MemoryStore();
      await env.scan(store);
      const oldId = `arn:aws:iam::${DEMO_ACCOUNT_ID}:user/ci-bot`;
      const ciBot = env.standin.account.users.find((u) => u.name === 'ci-bot');
      if (!ciBot) throw new Error('no ci-bot in the demo account');
      // renamed again since: neither the old nor the event's new name exists
      ciBot.name = 'ci-bot-3';
      env.clock.set('2026-11-25T09:00:00.000Z');
      const ev = ct('UpdateUser', { userName: 'ci-bot', newUserName: 'ci-bot-2' }, '2026-11-25T08:59:00Z');
      ev.detail.eventSource = 'iam.amazonaws.com';
      const r = await refreshFromEvent(ev, { clients: env.clients, store, clock: env.clock, log: env.log });
      // each name is read on its own: nobody holds ci-bot (GetUser NoSuchEntity: marked deleted, as any user event
      // would), nor ci-bot-2 (not written); the key, listed under ci-bot-3 now, is left to the scan, its owner facts
      // written as unread (never the deleted record's policies)
      const keyId = `aispm:iam.bedrock-api-key:${DEMO_ACCOUNT_ID}:global:ACCADEMOCIBOT0000001`;
      expect((await store.getAsset(oldId))?.deletedAt).toBe('2026-11-25T09:00:00.000Z');
      expect(r.changes.map((c) => [c.change, c.asset.id])).toEqual([
        ['deleted', oldId],
        ['updated', keyId],
      ]);
      expect(r.skipped).toContainEqual({
        target: expect.objectContaining({ key: 'ci-bot-2' }),
        reason: 'resource does not exist and is not in the inventory',
      });
      expect((await store.getAsset(keyId))?.deletedAt).toBeUndefined();
      expect((await store.getAsset(keyId))?.config).toMatchObject({ userName: 'ci-bot', userPolicies: undefined });
      expect((await store.getAsset(keyId))?.collectionErrors?.[0]).toMatch(/^owner unread: /);
    } finally {
      await env.standin.close();
    }
  });

  it("after a rename, a boundary removal on the new name reaches the user's keys (no stale capped PASS)", async () => {
    const env = await setup();
    try {
      const ciBot = env.standin.account.users.find((u) => u.name === 'ci-bot');
      if (!ciBot) throw new Error('no ci-bot in the demo account');
      ciBot.permissionsBoundary = `arn:aws:iam::${DEMO_ACCOUNT_ID}:policy/ai-workload-boundary`;
      const store = new MemoryStore();
      await env.scan(store);
      const keyId = `aispm:iam.bedrock-api-key:${DEMO_ACCOUNT_ID}:global:ACCADEMOCIBOT0000001`;
      const verdict = () => statusOf(store, env, keyId, 'bedrock_api_key_no_administrative_privileges');
      expect(await verdict()).toBe('PASS');
      ciBot.name = 'ci-bot-2';
      for (const k of env.standin.account.apiKeys) if (k.UserName === 'ci-bot') k.UserName = 'ci-bot-2';
      env.clock.set('2026-11-25T09:00:00.000Z');
      const rename = ct('UpdateUser', { userName: 'ci-bot', newUserName: 'ci-bot-2' }, '2026-11-25T08:59:00Z');
      rename.detail.eventSource = 'iam.amazonaws.com';
      await refreshFromEvent(rename, { clients: env.clients, store, clock: env.clock, log: env.log });
      expect(await verdict()).toBe('PASS');

      delete ciBot.permissionsBoundary;
      env.clock.set('2026-11-25T09:05:00.000Z');
      const ev = ct('DeleteUserPermissionsBoundary', { userName: 'ci-bot-2' }, '2026-11-25T09:04:00Z');
      ev.detail.eventSource = 'iam.amazonaws.com';
      const r = await refreshFromEvent(ev, { clients: env.clients, store, clock: env.clock, log: env.log });
      expect(r.assetIds).toContain(keyId);
      expect(await verdict()).toBe('FAIL');
    } finally {
      await env.standin.close();
    }
  });

  it('out-of-order refreshes: an older observation never overwrites newer state', async () => {
    const env = await setup();
    try {
      const store = new MemoryStore();
      env.clock.set('2026-11-25T12:00:00.000Z');
      await env.scan(store);
      const id = `arn:aws:bedrock:us-east-1:${DEMO_ACCOUNT_ID}:agent/AGOPSAUTO2`;
      const before = await store.getAsset(id);
      // a slow refresh that observed the world at 11:00 finishes after the 12:00 scan
      env.standin.account.regions['us-east-1'].agents[1].agent.idleSessionTTLInSeconds = 60;
      env.clock.set('2026-11-25T11:00:00.000Z');
      const r = await refreshFromEvent(ct('UpdateAgent', { agentId: 'AGOPSAUTO2' }, '2026-11-25T10:59:00Z'), {
        clients: env.clients,
        store,
        clock: env.clock,
        log: env.log,
      });
      expect(r.changes).toEqual([]);
      expect((await store.getAsset(id))?.configHash).toBe(before?.configHash);
    } finally {
      await env.standin.close();
    }
  });

  it('a new AI Lambda is added; a non-AI function is not; buckets are refreshed only when inventoried', async () => {
    const env = await setup();
    try {
      const store = new MemoryStore();
      await env.scan(store);
      const fns = env.standin.account.regions['us-east-1'].lambdas;
      fns.push({
        ...fns[0],
        FunctionName: 'new-cohere-fn',
        FunctionArn: `arn:aws:lambda:us-east-1:${DEMO_ACCOUNT_ID}:function:new-cohere-fn`,
        Role: `arn:aws:iam::${DEMO_ACCOUNT_ID}:role/rag-worker-task-role`,
        Environment: { Variables: { COHERE_API_KEY: 'x'.repeat(30) } },
        Layers: undefined,
      });
      env.clock.set('2026-11-25T13:00:00.000Z');
      const lambdaEv = (name: string) => ({
        ...ct('CreateFunction20150331', { functionName: name }, '2026-11-25T12:59:00Z'),
        detail: {
          ...ct('x', {}, '2026-11-25T12:59:00Z').detail,
          eventSource: 'lambda.amazonaws.com',
          eventName: 'CreateFunction20150331',
          requestParameters: { functionName: name },
        },
      });
      const r = await refreshFromEvent(lambdaEv('new-cohere-fn'), { clients: env.clients, store, clock: env.clock, log: env.log });
      expect(r.changes.map((c) => c.asset.name)).toEqual(['new-cohere-fn']);
      const none = await refreshFromEvent(lambdaEv('thumbnail-fn'), { clients: env.clients, store, clock: env.clock, log: env.log });
      expect(none.changes).toEqual([]);
      expect(none.skipped[0].reason).toMatch(/no AI provider/);
      const s3ev = {
        ...ct('x', {}, '2026-11-25T12:59:00Z'),
        detail: {
          ...ct('x', {}, '2026-11-25T12:59:00Z').detail,
          eventSource: 's3.amazonaws.com',
          eventName: 'PutBucketPolicy',
          requestParameters: { bucketName: 'not-an-ai-bucket' },
        },
      };
      expect((await refreshFromEvent(s3ev, { clients: env.clients, store, clock: env.clock, log: env.log })).skipped[0].reason).toBe(
        'not in the AI inventory',
      );
    } finally {
      await env.standin.close();
    }
  });

  it('a KMS key state event re-describes the key for the assets that reference it and re-assesses them (key id, ARN or alias)', async () => {
    const env = await setup();
    try {
      const store = new MemoryStore();
      await env.scan(store);
      const keyEvent = (eventName: string, keyId: string, eventTime: string) => ({
        version: '0',
        'detail-type': 'AWS API Call via CloudTrail',
        source: 'aws.kms',
        account: DEMO_ACCOUNT_ID,
        region: 'us-east-1',
        detail: {
          eventSource: 'kms.amazonaws.com',
          eventName,
          awsRegion: 'us-east-1',
          eventTime,
          eventID: `id-${eventName}-${eventTime}`,
          recipientAccountId: DEMO_ACCOUNT_ID,
          userIdentity: { arn: `arn:aws:sts::${DEMO_ACCOUNT_ID}:assumed-role/Admin/mallory` },
          requestParameters: { keyId, ...(eventName === 'ScheduleKeyDeletion' ? { pendingWindowInDays: 7 } : {}) },
        },
      });
      const opts = { clients: env.clients, store, clock: env.clock, log: env.log };
      const guardrailId = `arn:aws:bedrock:us-east-1:${DEMO_ACCOUNT_ID}:guardrail/grstrict01`;
      const cmk = (assets: AnyAsset[]) =>
        evaluateChecks(assets, [], ALL_CHECKS, { now: env.clock.now() }).find((x) => x.checkId === 'bedrock_guardrail_encrypted_with_cmk');
      expect(cmk([(await store.getAsset(guardrailId)) as AnyAsset])?.status).toBe('PASS');

      // scheduled for deletion, named by its bare key id: the guardrail's key facts change, the CMK check now fails
      const key = env.standin.account.kmsKeys.find((k) => k.arn.endsWith('/guardrail-grstrict01'));
      if (!key) throw new Error('demo key missing');
      key.keyState = 'PendingDeletion';
      env.clock.set('2026-11-25T09:00:05.000Z');
      const r = await refreshFromEvent(keyEvent('ScheduleKeyDeletion', 'guardrail-grstrict01', '2026-11-25T09:00:00Z'), opts);
      expect(r.assetIds).toEqual([guardrailId]);
      expect(r.changes.map((c) => [c.change, c.asset.id])).toEqual([['updated', guardrailId]]);
      const stored = (await store.getAsset(guardrailId)) as AnyAsset;
      expect(cmk([stored])?.status).toBe('FAIL');
      expect(cmk([stored])?.reason).toContain('pending deletion');
      // a duplicate delivery finds the same state: in the assessment scope, nothing written
      env.clock.set('2026-11-25T09:00:06.000Z');
      const dup = await refreshFromEvent(keyEvent('ScheduleKeyDeletion', 'guardrail-grstrict01', '2026-11-25T09:00:00Z'), opts);
      expect(dup.changes).toEqual([]);
      expect(dup.assetIds).toEqual([guardrailId]);

      // cancelled, named by its key ARN: back to PASS
      key.keyState = 'Disabled';
      env.clock.set('2026-11-25T09:10:05.000Z');
      await refreshFromEvent(keyEvent('CancelKeyDeletion', key.arn, '2026-11-25T09:10:00Z'), opts);
      key.keyState = 'Enabled';
      env.clock.set('2026-11-25T09:20:05.000Z');
      const back = await refreshFromEvent(keyEvent('EnableKey', key.arn, '2026-11-25T09:20:00Z'), opts);
      expect(back.changes.map((c) => c.asset.id)).toEqual([guardrailId]);
      expect(cmk([(await store.getAsset(guardrailId)) as AnyAsset])?.status).toBe('PASS');

      // a key the assets name only by an alias is matched through the ARN DescribeKey reported
      const secrets = env.standin.account.kmsKeys.find((k) => k.arn.endsWith('/secrets-key'));
      if (!secrets) throw new Error('demo key missing');
      secrets.keyState = 'Disabled';
      env.clock.set('2026-11-25T09:30:05.000Z');
      const alias = await refreshFromEvent(keyEvent('DisableKey', 'secrets-key', '2026-11-25T09:30:00Z'), opts);
      expect(alias.changes.map((c) => c.asset.name)).toContain('anthropic-api-key');

      // a key nothing in the inventory uses: nothing to do, dismissed by the key references the scan recorded
      const none = await refreshFromEvent(keyEvent('DisableKey', 'unrelated-key', '2026-11-25T09:40:00Z'), opts);
      expect(none.assetIds).toEqual([]);
      expect(none.skipped.map((x) => x.reason)).toEqual(['no inventoried asset references the key']);
      expect(await store.referencedKeys(DEMO_ACCOUNT_ID)).toContain(key.arn);
    } finally {
      await env.standin.close();
    }
  });

  it('KEYREFS race: a refresh writing a new key while the first scan after upgrade reads a stale view is not lost', async () => {
    const env = await setup();
    try {
      const first = new MemoryStore();
      await env.scan(first);
      const keyArn = `arn:aws:kms:us-east-1:${DEMO_ACCOUNT_ID}:key/race-key`;
      env.standin.account.kmsKeys.push({ arn: keyArn, keyManager: 'CUSTOMER', keyState: 'Enabled', aliases: [] });
      const found = env.standin.account.regions['us-east-1'].guardrails.find((x) => x.draft.guardrailId === 'grweak02');
      if (!found) throw new Error('demo guardrail missing');
      const g = found;
      const guardrailId = `arn:aws:bedrock:us-east-1:${DEMO_ACCOUNT_ID}:guardrail/grweak02`;
      const opts = { clients: env.clients, clock: env.clock, log: env.log };
      /** The stored assets, but no KEYREFS item (as after the upgrade); its first full listing is stale by one refresh. */
      class RacingStore extends MemoryStore {
        raced = false;
        override async listAssets(scope: Parameters<MemoryStore['listAssets']>[0]) {
          const snapshot = await super.listAssets(scope);
          if (scope.includeDeleted && !this.raced) {
            this.raced = true;
            // a CloudTrail refresh of the guardrail, now on race-key, lands while the scan holds the stale view
            g.draft.kmsKeyArn = keyArn;
            env.clock.set('2026-11-25T06:30:05.000Z');
            const r = await refreshFromEvent(ct('UpdateGuardrail', { guardrailIdentifier: 'grweak02' }, '2026-11-25T06:30:00Z'), {
              ...opts,
              store: this,
            });
            expect(r.changes.map((c) => c.asset.id)).toEqual([guardrailId]);
          }
          return snapshot;
        }
      }
      const store = new RacingStore();
      for (const a of await first.listAssets({ accountId: DEMO_ACCOUNT_ID, includeDeleted: true })) await store.putAsset(a);
      expect(await store.referencedKeys(DEMO_ACCOUNT_ID)).toBeUndefined();
      // a scan that does not re-read the guardrail (service-filtered): only the refresh saw race-key
      await runDiscovery({
        target: {},
        regions: REGIONS,
        ...opts,
        store,
        trigger: 'cli',
        services: ['sagemaker'],
        invocationLogUsage: { pollMs: 1 },
      });
      expect(store.raced).toBe(true);
      expect(await store.referencedKeys(DEMO_ACCOUNT_ID)).toContain(keyArn);
      // DisableKey on race-key re-describes it for the guardrail (not dismissed by the recorded set)
      const key = env.standin.account.kmsKeys.find((k) => k.arn === keyArn) as { keyState: string };
      key.keyState = 'Disabled';
      env.clock.set('2026-11-25T07:00:05.000Z');
      const r = await refreshFromEvent(
        {
          'detail-type': 'AWS API Call via CloudTrail',
          source: 'aws.kms',
          account: DEMO_ACCOUNT_ID,
          detail: {
            eventSource: 'kms.amazonaws.com',
            eventName: 'DisableKey',
            awsRegion: 'us-east-1',
            eventTime: '2026-11-25T07:00:00Z',
            recipientAccountId: DEMO_ACCOUNT_ID,
            requestParameters: { keyId: 'race-key' },
          },
        },
        { ...opts, store },
      );
      expect(r.assetIds).toEqual([guardrailId]);
      expect(r.skipped).toEqual([]);
    } finally {
      await env.standin.close();
    }
  });

  it('a failing KEYREFS write is logged (error name) and ignored: the scan saves its gaps and scan run', async () => {
    const env = await setup();
    try {
      class FailingKeyRefs extends MemoryStore {
        override async beginReferencedKeys(): Promise<void> {
          throw Object.assign(new Error('ProvisionedThroughputExceededException: SECRETDETAIL'), {
            name: 'ProvisionedThroughputExceededException',
          });
        }
        override async completeReferencedKeys(): Promise<boolean> {
          throw Object.assign(new Error('InternalServerError: SECRETDETAIL'), { name: 'InternalServerError' });
        }
        override async addReferencedKeys(): Promise<void> {
          throw Object.assign(new Error('InternalServerError: SECRETDETAIL'), { name: 'InternalServerError' });
        }
      }
      const store = new FailingKeyRefs();
      const r = await env.scan(store);
      expect(r.assets.length).toBeGreaterThan(0);
      expect((await store.listScanRuns(DEMO_ACCOUNT_ID)).length).toBe(1);
      expect((await store.listCoverageGaps(DEMO_ACCOUNT_ID)).length).toBe(r.gaps.length);
      const warned = env.log.entries.filter((e) => e.message === 'key references not recorded');
      expect(warned.length).toBeGreaterThan(0);
      expect(JSON.stringify(warned)).not.toContain('SECRETDETAIL');
      // a refresh that writes an asset is not aborted either
      const g = env.standin.account.regions['us-east-1'].guardrails.find((x) => x.draft.guardrailId === 'grweak02');
      if (!g) throw new Error('demo guardrail missing');
      g.draft.kmsKeyArn = `arn:aws:kms:us-east-1:${DEMO_ACCOUNT_ID}:key/guardrail-grstrict01`;
      env.clock.set('2026-11-25T09:00:05.000Z');
      const ref = await refreshFromEvent(ct('UpdateGuardrail', { guardrailIdentifier: 'grweak02' }, '2026-11-25T09:00:00Z'), {
        clients: env.clients,
        store,
        clock: env.clock,
        log: env.log,
      });
      expect(ref.changes.map((c) => c.change)).toEqual(['updated']);
    } finally {
      await env.standin.close();
    }
  });

  it('an account-level Block Public Access change re-reads it for every inventoried bucket', async () => {
    const env = await setup();
    try {
      const store = new MemoryStore();
      await env.scan(store);
      env.standin.account.accountPublicAccessBlock = {
        BlockPublicAcls: true,
        IgnorePublicAcls: true,
        BlockPublicPolicy: true,
        RestrictPublicBuckets: true,
      };
      env.clock.set('2026-11-25T09:00:05.000Z');
      const r = await refreshFromEvent(
        {
          'detail-type': 'AWS API Call via CloudTrail',
          source: 'aws.s3',
          account: DEMO_ACCOUNT_ID,
          detail: {
            eventSource: 's3.amazonaws.com',
            eventName: 'PutAccountPublicAccessBlock',
            awsRegion: 'us-east-1',
            eventTime: '2026-11-25T09:00:00Z',
            recipientAccountId: DEMO_ACCOUNT_ID,
            requestParameters: { PublicAccessBlockConfiguration: {} },
          },
        },
        { clients: env.clients, store, clock: env.clock, log: env.log },
      );
      const buckets = (await store.listAssets({ accountId: DEMO_ACCOUNT_ID })).filter((a) => a.type === 's3.bucket');
      expect(r.assetIds.sort()).toEqual(buckets.map((b) => b.id).sort());
      expect(r.changes).toHaveLength(buckets.length);
      const results = evaluateChecks(buckets, [], ALL_CHECKS, { now: env.clock.now() });
      expect(results.filter((x) => x.checkId === 's3_ai_bucket_public_access_block_enabled').map((x) => x.status)).not.toContain('FAIL');
    } finally {
      await env.standin.close();
    }
  });
});

// Real CloudTrail records (Panther test corpus) replayed against a stand-in account shaped like the records' account.
const DATASET = join(import.meta.dirname, '../../../../shared/datasets/aws-samples/cloudtrail');
const realRecords: { test_name: string; log: Record<string, unknown> }[] = existsSync(DATASET)
  ? readdirSync(DATASET)
      .filter((f) => f.endsWith('.jsonl'))
      .flatMap((f) =>
        readFileSync(join(DATASET, f), 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l)),
      )
  : [];

describe.runIf(realRecords.length > 0)('real CloudTrail records drive the right refresh', () => {
  it('UpdateGuardrail / DeleteGuardrail / DeleteModelInvocationLoggingConfiguration / ListGuardrails', async () => {
    const env = await setup();
    try {
      const acct = '123123123123';
      const eu = env.standin.account.regions['eu-west-1'];
      const g = structuredClone(eu.guardrails[0]);
      g.draft.guardrailId = 'cmy5azq5koeo';
      g.draft.guardrailArn = `arn:aws:bedrock:us-west-2:${acct}:guardrail/cmy5azq5koeo`;
      env.standin.account.regions['us-west-2'] = { ...structuredClone(eu), guardrails: [{ draft: g.draft, versions: [] }] };
      const store = new MemoryStore();
      const rec = (name: string) => realRecords.find((r) => r.test_name === name)!.log;
      const opts = { clients: env.clients, store, clock: env.clock, log: env.log };

      env.clock.set('2025-01-21T17:39:30.000Z');
      const upd = await refreshFromEvent(rec('Guardrail Updated'), opts);
      expect(upd.accountId).toBe(acct);
      expect(upd.changes.map((c) => [c.change, c.asset.id])).toEqual([['created', g.draft.guardrailArn]]);

      env.clock.set('2025-01-21T17:50:00.000Z');
      const log = await refreshFromEvent(rec('Model Invocation Logging Configuration Deleted'), opts);
      expect(log.changes.map((c) => [c.asset.type, c.asset.region, (c.asset.config as { enabled: boolean }).enabled])).toEqual([
        ['bedrock.logging-config', 'us-west-2', false],
      ]);

      env.standin.account.regions['us-west-2'].guardrails = [];
      env.clock.set('2025-01-21T18:13:00.000Z');
      const del = await refreshFromEvent(rec('Guardrail Deleted'), opts);
      expect(del.changes.map((c) => [c.change, c.asset.id])).toEqual([['deleted', g.draft.guardrailArn]]);

      const list = await refreshFromEvent(rec('List Guardrails'), opts);
      expect(list).toMatchObject({ changes: [], ignored: 'read-only call' });
    } finally {
      await env.standin.close();
    }
  });
});

// needs no external data: always runs
describe('EC2 detachments and Elastic IP releases (stand-in)', () => {
  it('detachments and Elastic IP releases re-judge only the AI instances that recorded the interface / volume / address', async () => {
    const env = await setup();
    try {
      const ec2 = env.standin.account.regions['us-east-1'].ec2 as NonNullable<(typeof env.standin.account.regions)['us-east-1']['ec2']>;
      const infer = ec2.instances.find((i) => i.InstanceId === 'i-0b22b4b0f0022000b') as Record<string, unknown>;
      const gpu = ec2.instances.find((i) => i.InstanceId === 'i-0a11a3a9e0011434a') as Record<string, unknown>;
      // the private inference server gets a secondary interface with a public IP in the open group, and an
      // unencrypted data volume
      const primaryOnly = [...(infer.NetworkInterfaces as Record<string, unknown>[])];
      const open = [{ GroupId: 'sg-0ollamaopen00001', GroupName: 'ollama-playground' }];
      infer.NetworkInterfaces = [
        ...primaryOnly,
        {
          NetworkInterfaceId: 'eni-0second00000001',
          Attachment: { AttachmentId: 'eni-attach-0second0001', DeviceIndex: 1, Status: 'attached' },
          Association: { PublicIp: '203.0.113.50', IpOwnerId: 'amazon' },
          PrivateIpAddresses: [
            { Primary: true, PrivateIpAddress: '10.0.2.31', Association: { PublicIp: '203.0.113.50', IpOwnerId: 'amazon' } },
          ],
          Groups: open,
        },
      ];
      const rootOnly = [...(infer.BlockDeviceMappings as Record<string, unknown>[])];
      infer.BlockDeviceMappings = [...rootOnly, { DeviceName: '/dev/sdf', Ebs: { VolumeId: 'vol-0inferdata000001', Status: 'attached' } }];
      ec2.volumes?.push({ VolumeId: 'vol-0inferdata000001', Size: 500, VolumeType: 'gp3', State: 'in-use', Encrypted: false });
      const store = new MemoryStore();
      await env.scan(store);
      const opts = { clients: env.clients, store, clock: env.clock, log: env.log };
      const ec2ev = (eventName: string, req: Record<string, unknown>, eventTime: string) => {
        const e = ct(eventName, req, eventTime);
        return { ...e, source: 'aws.ec2', detail: { ...e.detail, eventSource: 'ec2.amazonaws.com' } };
      };
      const total = () => [...env.standin.calls.values()].reduce((a, b) => a + b, 0);
      const gpuId = `arn:aws:ec2:us-east-1:${DEMO_ACCOUNT_ID}:instance/i-0a11a3a9e0011434a`;
      const inferId = `arn:aws:ec2:us-east-1:${DEMO_ACCOUNT_ID}:instance/i-0b22b4b0f0022000b`;
      const status = async (id: string, checkId: string) =>
        evaluateChecks([(await store.getAsset(id)) as AnyAsset], [], ALL_CHECKS, { now: env.clock.now() }).find(
          (x) => x.checkId === checkId,
        )?.status;
      expect(await status(inferId, 'ec2_ai_instance_model_server_ports_not_public')).toBe('FAIL');
      expect(await status(inferId, 'ec2_ai_instance_ebs_volumes_encrypted')).toBe('FAIL');
      // the secondary interface's attachment id is recorded; the primary's is not (it cannot be detached)
      const nics = ((await store.getAsset(inferId))?.config as Ec2InstanceConfig | undefined)?.networkInterfaces;
      expect(nics?.map((n) => n.attachmentId)).toEqual([undefined, 'eni-attach-0second0001']);

      // 1. a volume no AI instance has is detached: one store read, no AWS call
      let before = total();
      const other = await refreshFromEvent(ec2ev('DetachVolume', { volumeId: 'vol-0elsewhere00001' }, '2026-11-25T09:00:00Z'), opts);
      expect(other.skipped.map((x) => x.reason)).toEqual(['no inventoried AI instance uses it']);
      expect(total() - before).toBe(0);
      // 2. the unencrypted data volume is detached (no instance id in the record): the inference server passes
      infer.BlockDeviceMappings = rootOnly;
      env.clock.set('2026-11-25T09:10:05.000Z');
      const vol = await refreshFromEvent(ec2ev('DetachVolume', { volumeId: 'vol-0inferdata000001' }, '2026-11-25T09:10:00Z'), opts);
      expect(vol.targets.map((t) => t.key)).toEqual(['i-0b22b4b0f0022000b']);
      expect(vol.changes.map((c) => [c.change, c.asset.id])).toEqual([['updated', inferId]]);
      expect(await status(inferId, 'ec2_ai_instance_ebs_volumes_encrypted')).toBe('PASS');

      // 3. another attachment is detached (no AI instance recorded it): no AWS call
      before = total();
      const elsewhere = await refreshFromEvent(
        ec2ev('DetachNetworkInterface', { attachmentId: 'eni-attach-0elsewhere01' }, '2026-11-25T09:20:00Z'),
        opts,
      );
      expect(elsewhere.skipped.map((x) => x.reason)).toEqual(['no inventoried AI instance uses it']);
      expect(total() - before).toBe(0);
      // 4. the public secondary interface is detached: the inference server is private again
      infer.NetworkInterfaces = primaryOnly;
      env.clock.set('2026-11-25T09:21:05.000Z');
      const eni = await refreshFromEvent(
        ec2ev('DetachNetworkInterface', { attachmentId: 'eni-attach-0second0001', force: false }, '2026-11-25T09:21:00Z'),
        opts,
      );
      expect(eni.targets.map((t) => t.key)).toEqual(['i-0b22b4b0f0022000b']);
      expect(eni.changes.map((c) => [c.change, c.asset.id])).toEqual([['updated', inferId]]);
      expect(await status(inferId, 'ec2_ai_instance_model_server_ports_not_public')).toBe('PASS');

      // 5. an Elastic IP released by allocation id: no AI instance holds one (the playground's address is AWS-assigned)
      before = total();
      const alloc = await refreshFromEvent(ec2ev('ReleaseAddress', { allocationId: 'eipalloc-0abc' }, '2026-11-25T09:30:00Z'), opts);
      expect(alloc.skipped.map((x) => x.reason)).toEqual(['no inventoried AI instance uses it']);
      expect(total() - before).toBe(0);
      // 6. released by address (default VPC: the release disassociates it): the playground holding it is private now
      expect(await status(gpuId, 'ec2_ai_instance_admin_ports_not_public')).toBe('FAIL');
      delete gpu.PublicIpAddress;
      delete gpu.PublicDnsName;
      gpu.NetworkInterfaces = (gpu.NetworkInterfaces as Record<string, unknown>[]).map(({ Association: _, ...n }) => ({
        ...n,
        PrivateIpAddresses: (n.PrivateIpAddresses as Record<string, unknown>[]).map(({ Association: _a, ...p }) => p),
      }));
      env.clock.set('2026-11-25T09:31:05.000Z');
      const rel = await refreshFromEvent(ec2ev('ReleaseAddress', { publicIp: '54.210.10.20' }, '2026-11-25T09:31:00Z'), opts);
      expect(rel.targets.map((t) => t.key)).toEqual(['i-0a11a3a9e0011434a']);
      expect(rel.changes.map((c) => [c.change, c.asset.id])).toEqual([['updated', gpuId]]);
      expect(await status(gpuId, 'ec2_ai_instance_admin_ports_not_public')).toBe('PASS');
    } finally {
      await env.standin.close();
    }
  });
});

describe('instanceUses: which stored AI instances a DisassociateAddress can concern', () => {
  const nic = (extra: Record<string, unknown>) =>
    ({
      publicIpAddresses: ['54.1.2.3'],
      networkInterfaces: [{ networkInterfaceId: 'eni-1', publicIps: ['54.1.2.3'], ...extra }],
    }) as unknown as Ec2InstanceConfig;
  const byAssoc = { kind: 'public-ip', region: 'us-east-1', associationId: 'eipassoc-1' } as const;
  it('by association id: an instance with an Elastic IP, not one with only an AWS-assigned address; unrecorded owners count', () => {
    expect(instanceUses(nic({ elasticIps: ['54.1.2.3'] }), byAssoc)).toBe(true);
    expect(instanceUses(nic({ elasticIps: [] }), byAssoc)).toBe(false);
    expect(instanceUses(nic({}), byAssoc)).toBe(true); // stored before elasticIps: possibly an Elastic IP
    // a release by allocation id likewise (ReleaseAddress)
    const byAlloc = { kind: 'public-ip', region: 'us-east-1', allocationId: 'eipalloc-1' } as const;
    expect(instanceUses(nic({ elasticIps: ['54.1.2.3'] }), byAlloc)).toBe(true);
    expect(instanceUses(nic({ elasticIps: [] }), byAlloc)).toBe(false);
    expect(
      instanceUses({ publicIpAddresses: [], networkInterfaces: [{ networkInterfaceId: 'eni-1', publicIps: [] }] } as never, byAssoc),
    ).toBe(false);
  });
  it('a detached attachment: the interface that recorded it; a secondary interface stored before attachment ids counts', () => {
    const dep = { kind: 'network-interface-attachment', region: 'us-east-1', attachmentId: 'eni-attach-2' } as const;
    const two = (second: Record<string, unknown>) =>
      ({
        publicIpAddresses: [],
        networkInterfaces: [
          { networkInterfaceId: 'eni-1', deviceIndex: 0, publicIps: [], ipv6Addresses: [], groupIds: [] },
          { networkInterfaceId: 'eni-2', deviceIndex: 1, publicIps: [], ipv6Addresses: [], groupIds: [], ...second },
        ],
      }) as unknown as Ec2InstanceConfig;
    expect(instanceUses(two({ attachmentId: 'eni-attach-2' }), dep)).toBe(true);
    expect(instanceUses(two({ attachmentId: 'eni-attach-9' }), dep)).toBe(false);
    expect(instanceUses(two({}), dep)).toBe(true); // stored before attachment ids: possibly the one detached
    // a primary interface only: nothing to detach
    expect(
      instanceUses(
        { networkInterfaces: [{ networkInterfaceId: 'eni-1', deviceIndex: 0, publicIps: [], ipv6Addresses: [], groupIds: [] }] } as never,
        dep,
      ),
    ).toBe(false);
  });
  it('a detached volume: the instance that lists it', () => {
    const dep = { kind: 'volume', region: 'us-east-1', volumeId: 'vol-2' } as const;
    expect(instanceUses({ volumeIds: ['vol-1', 'vol-2'] } as never, dep)).toBe(true);
    expect(instanceUses({ volumeIds: ['vol-1'] } as never, dep)).toBe(false);
  });
  it('by address: that address only, whoever owns it', () => {
    expect(instanceUses(nic({ elasticIps: [] }), { kind: 'public-ip', region: 'us-east-1', publicIp: '54.1.2.3' })).toBe(true);
    expect(instanceUses(nic({ elasticIps: ['54.1.2.3'] }), { kind: 'public-ip', region: 'us-east-1', publicIp: '54.9.9.9' })).toBe(false);
  });
});

describe('DetachNetworkInterface on multi-network-card instances', () => {
  const dep = { kind: 'network-interface-attachment', region: 'us-east-1', attachmentId: 'eni-attach-card1' } as const;
  const nic = (id: string, extra: Record<string, unknown>) => ({
    networkInterfaceId: id,
    publicIps: [],
    ipv6Addresses: [],
    groupIds: [],
    ...extra,
  });
  it('a card-1 interface (device index 0) that recorded the attachment matches; the primary alone never does', () => {
    const recorded = {
      networkInterfaces: [
        nic('eni-p', { deviceIndex: 0 }),
        nic('eni-c1', { deviceIndex: 0, networkCardIndex: 1, attachmentId: 'eni-attach-card1' }),
      ],
    } as never;
    expect(instanceUses(recorded, dep)).toBe(true);
    expect(instanceUses(recorded, { ...dep, attachmentId: 'eni-attach-other' })).toBe(false);
  });
  it('stored before card indexes were recorded: several device-index-0 interfaces make it a candidate', () => {
    const legacy = { networkInterfaces: [nic('eni-p', { deviceIndex: 0 }), nic('eni-c1', { deviceIndex: 0 })] } as never;
    expect(instanceUses(legacy, dep)).toBe(true);
  });
});

describe('ReleaseAddress by allocation id: only instances of the default VPC', () => {
  const ACCT = '111122223333';
  const instance = (i: number, vpcId: string | undefined) => {
    const id = `i-0000000000000${String(i).padStart(4, '0')}`;
    return {
      id: `arn:aws:ec2:us-east-1:${ACCT}:instance/${id}`,
      type: 'ec2.instance',
      accountId: ACCT,
      region: 'us-east-1',
      name: id,
      config: {
        instanceId: id,
        ...(vpcId !== undefined ? { vpcId } : {}),
        publicIpAddresses: [`54.0.0.${i}`],
        networkInterfaces: [
          {
            networkInterfaceId: `eni-${i}`,
            deviceIndex: 0,
            publicIps: [`54.0.0.${i}`],
            elasticIps: [`54.0.0.${i}`],
            ipv6Addresses: [],
            groupIds: [],
          },
        ],
        volumeIds: [],
      },
      tags: {},
      relationships: [],
      configHash: 'h',
      firstSeen: '2026-11-01T00:00:00.000Z',
      lastSeen: '2026-11-01T00:00:00.000Z',
    };
  };
  const release = {
    'detail-type': 'AWS API Call via CloudTrail',
    source: 'aws.ec2',
    account: ACCT,
    detail: {
      eventSource: 'ec2.amazonaws.com',
      eventName: 'ReleaseAddress',
      awsRegion: 'us-east-1',
      eventTime: '2026-11-26T09:00:00Z',
      recipientAccountId: ACCT,
      requestParameters: { allocationId: 'eipalloc-0idle000000000001' },
      responseElements: { _return: true },
    },
  };
  async function run(sgAnswer: () => unknown) {
    const store = new MemoryStore();
    for (let i = 1; i <= 10; i++) await store.putAsset(instance(i, 'vpc-0nondefault0001') as never);
    await store.putAsset(instance(11, 'vpc-0default000001') as never);
    await store.putAsset(instance(12, undefined) as never); // stored without its VPC: kept
    const commands: string[] = [];
    const clients = {
      client: () => ({
        send: async (cmd: { constructor: { name: string }; input: unknown }) => {
          commands.push(cmd.constructor.name);
          if (cmd.constructor.name === 'DescribeSecurityGroupsCommand') {
            expect(cmd.input).toEqual({ GroupNames: ['default'] });
            return sgAnswer();
          }
          return {};
        },
      }),
    } as never;
    const out = await refreshFromEvent(release as never, {
      clients,
      store,
      clock: fixedClock('2026-11-26T09:01:00.000Z'),
      log: memoryLog(),
    });
    return { out, commands };
  }
  it('an instance of a non-default VPC cannot have lost the address: not re-described', async () => {
    const { out, commands } = await run(() => ({
      SecurityGroups: [{ GroupId: 'sg-d', GroupName: 'default', VpcId: 'vpc-0default000001' }],
    }));
    expect(out.targets.map((t) => t.key).sort()).toEqual(['i-00000000000000011', 'i-00000000000000012']);
    expect(commands.filter((c) => c === 'DescribeSecurityGroupsCommand')).toHaveLength(1);
  });
  it('no default VPC in the region: only the instance whose VPC was not recorded', async () => {
    const { out } = await run(() => {
      throw Object.assign(new Error('No default VPC for this user'), { name: 'VPCIdNotSpecified' });
    });
    expect(out.targets.map((t) => t.key)).toEqual(['i-00000000000000012']);
  });
  it('the look-up failed: every Elastic IP holder is kept (never under-refresh)', async () => {
    const { out } = await run(() => {
      throw Object.assign(new Error('Rate exceeded'), { name: 'RequestLimitExceeded' });
    });
    expect(out.targets).toHaveLength(12);
  });
});

describe('usesManagedPolicy: which stored roles and users a managed policy version change concerns', () => {
  const P = `arn:aws:iam::${DEMO_ACCOUNT_ID}:policy/team`;
  const base: IamPrincipalConfig = { arn: `arn:aws:iam::${DEMO_ACCOUNT_ID}:user/u`, policies: [], permissionsBoundary: null, usedBy: [] };
  it('attached directly, attached through a group (named group/policy), or the permissions boundary', () => {
    const doc = { kind: 'customer-managed' as const, arn: P, statements: [] };
    expect(usesManagedPolicy({ ...base, policies: [{ name: 'team', ...doc }] }, P)).toBe(true);
    expect(usesManagedPolicy({ ...base, policies: [{ name: 'analysts/team', ...doc }] }, P)).toBe(true);
    expect(usesManagedPolicy({ ...base, permissionsBoundary: { arn: P, statements: [] } }, P)).toBe(true);
    expect(usesManagedPolicy({ ...base, policies: [{ name: 'other', ...doc, arn: `${P}-2` }] }, P)).toBe(false);
    expect(usesManagedPolicy({ ...base, policies: undefined } as unknown as IamPrincipalConfig, P)).toBe(false);
  });
});

describe('memberOfGroup: which stored users a group policy change concerns', () => {
  const base: IamPrincipalConfig = { arn: `arn:aws:iam::${DEMO_ACCOUNT_ID}:user/u`, policies: [], permissionsBoundary: null, usedBy: [] };
  const inline = (name: string) => ({ name, kind: 'inline' as const, statements: [] });
  it('by the recorded groups, regardless of case', () => {
    expect(memberOfGroup({ ...base, groups: ['Analysts', 'ml'] }, 'analysts')).toBe(true);
    expect(memberOfGroup({ ...base, groups: ['analysts'] }, 'ANALYSTS')).toBe(true);
    expect(memberOfGroup({ ...base, groups: ['analysts-2'] }, 'analysts')).toBe(false);
    // recorded groups are the answer: a policy name is not read then
    expect(memberOfGroup({ ...base, groups: ['ml'], policies: [inline('analysts/p')] }, 'analysts')).toBe(false);
  });
  it('stored before groups were recorded: by a group policy name prefix <group>/, regardless of case', () => {
    expect(memberOfGroup({ ...base, policies: [inline('own'), inline('Analysts/p')] }, 'analysts')).toBe(true);
    expect(memberOfGroup({ ...base, policies: [inline('analysts')] }, 'analysts')).toBe(false);
    expect(memberOfGroup({ ...base, policies: [inline('analysts-2/p')] }, 'analysts')).toBe(false);
    expect(memberOfGroup({ ...base, policies: undefined } as unknown as IamPrincipalConfig, 'analysts')).toBe(false);
  });
});
