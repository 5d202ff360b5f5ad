import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnyAsset, Asset } from '../../../shared/domain/asset.ts';
import type { Finding } from '../../../shared/domain/finding.ts';
import type { Observation } from '../../../shared/findings/lifecycle.ts';
import { recordObservations } from '../../../shared/findings/record.ts';
import { DynamoStore } from '../../../shared/store/dynamo.ts';
import { type LocalDynamo, startLocalDynamo } from '../../../shared/store/local-dynamo.ts';
import { MemoryStore } from '../../../shared/store/memory.ts';
import type { Store } from '../../../shared/store/types.ts';
import { contentHash } from '../../../shared/util/hash.ts';

function bucket(name: string, seen: string, versioning: 'Enabled' | 'Suspended' = 'Enabled', region = 'us-east-1'): AnyAsset {
  const config = {
    publicAccessBlock: null,
    encryption: { algorithm: 'aws:kms', kmsKeyId: null },
    versioning,
    objectLock: false,
    policyStatements: null,
    referencedBy: [{ assetId: 'arn:aws:bedrock:us-east-1:111122223333:custom-model/x', usage: 'training-data' }],
  };
  const a: Asset<'s3.bucket'> = {
    id: `arn:aws:s3:::${name}`,
    type: 's3.bucket',
    accountId: '111122223333',
    region,
    name,
    config,
    tags: { team: 'ml' },
    relationships: [],
    configHash: contentHash({ config, tags: { team: 'ml' }, relationships: [] }),
    firstSeen: seen,
    lastSeen: seen,
  };
  return a;
}

function failing(resourceId: string, overrides: Partial<Observation> = {}): Observation {
  return {
    ruleId: 's3_bucket_versioning_enabled',
    source: 'posture',
    status: 'FAIL',
    title: 'Bucket without versioning',
    description: 'Versioning is not enabled.',
    severity: 'MEDIUM',
    resourceId,
    resourceType: 's3.bucket',
    accountId: '111122223333',
    region: 'us-east-1',
    evidence: { versioning: 'Suspended' },
    remediation: { text: 'Enable versioning.' },
    mappings: { owasp: ['LLM04'] },
    types: ['Software and Configuration Checks/AWS Security Best Practices'],
    ...overrides,
  };
}

const contract = (name: string, make: () => Promise<Store>) => {
  describe(`${name} store contract`, () => {
    let store: Store;
    beforeAll(async () => {
      store = await make();
    });

    it('recorded KMS key references: trusted only once a scan completed them, grow-only, every add kept', async () => {
      const acct = '444455556666';
      expect(await store.referencedKeys(acct)).toBeUndefined();
      // a refresh adds (creating the set, incomplete): not trusted yet
      await store.addReferencedKeys(acct, ['k1']);
      expect(await store.referencedKeys(acct)).toBeUndefined();
      // a scan that did not begin the set cannot complete an incomplete one
      expect(await store.completeReferencedKeys(acct, ['k2'], 'scan-other')).toBe(false);
      expect(await store.referencedKeys(acct)).toBeUndefined();
      await store.beginReferencedKeys(acct, 'scan-1');
      // a refresh during the scan: kept, whatever the scan saw
      await store.addReferencedKeys(acct, ['k5']);
      expect(await store.referencedKeys(acct)).toBeUndefined();
      expect(await store.completeReferencedKeys(acct, ['k2'], 'scan-1')).toBe(true);
      expect(await store.referencedKeys(acct)).toEqual(new Set(['k1', 'k2', 'k5']));
      await Promise.all([store.addReferencedKeys(acct, ['k3']), store.addReferencedKeys(acct, ['k4', 'k1'])]);
      expect(await store.referencedKeys(acct)).toEqual(new Set(['k1', 'k2', 'k3', 'k4', 'k5']));
      // a complete set stays complete (a later scan adds without beginning)
      expect(await store.completeReferencedKeys(acct, ['k6'], 'scan-2')).toBe(true);
      expect(await store.referencedKeys(acct)).toContain('k6');
    });

    it('writes an asset once and an unchanged re-scan costs no write', async () => {
      const a = bucket('train-data', '2026-11-01T00:00:00.000Z');
      expect(await store.putAsset(a)).toBe('created');
      const before = store.writeCount;
      expect(await store.putAsset({ ...a, lastSeen: '2026-11-02T00:00:00.000Z' })).toBe('unchanged');
      expect(store.writeCount).toBe(before);
      expect((await store.getAsset(a.id))?.name).toBe('train-data');
    });

    it('records history on change and ignores stale observations', async () => {
      const v1 = bucket('hist', '2026-11-01T00:00:00.000Z', 'Enabled');
      const v2 = bucket('hist', '2026-11-03T00:00:00.000Z', 'Suspended');
      await store.putAsset(v1);
      expect(await store.putAsset(v2)).toBe('updated');
      const stale = bucket('hist', '2026-11-02T00:00:00.000Z', 'Enabled');
      expect(await store.putAsset(stale)).toBe('stale');
      const cur = await store.getAsset(v1.id);
      expect((cur as Asset<'s3.bucket'>).config.versioning).toBe('Suspended');
      expect(cur?.firstSeen).toBe('2026-11-01T00:00:00.000Z');
      const h = await store.history(v1.id);
      expect(h.map((e) => e.change)).toEqual(['created', 'updated']);
    });

    it('tombstones deleted assets (kept, not forgotten) and lists by account/region', async () => {
      const eu = bucket('eu-bucket', '2026-11-01T00:00:00.000Z', 'Enabled', 'eu-west-1');
      await store.putAsset(eu);
      expect((await store.listAssets({ accountId: '111122223333', region: 'eu-west-1' })).map((a) => a.name)).toEqual(['eu-bucket']);
      // one type of one region (a key prefix: the EC2 network refresh reads only the region's AI instances)
      expect((await store.listAssets({ accountId: '111122223333', region: 'eu-west-1', type: 's3.bucket' })).map((a) => a.name)).toEqual([
        'eu-bucket',
      ]);
      expect(await store.listAssets({ accountId: '111122223333', region: 'eu-west-1', type: 'ec2.instance' })).toEqual([]);
      await expect(store.listAssets({ accountId: '111122223333', type: 's3.bucket' })).rejects.toThrow('a type needs a region');
      expect(await store.markDeleted(eu.id, '2026-11-05T00:00:00.000Z')).toBe('updated');
      expect(await store.markDeleted(eu.id, '2026-11-06T00:00:00.000Z')).toBe('unchanged');
      expect(await store.listAssets({ accountId: '111122223333', region: 'eu-west-1' })).toEqual([]);
      const all = await store.listAssets({ accountId: '111122223333', region: 'eu-west-1', includeDeleted: true });
      expect(all[0].deletedAt).toBe('2026-11-05T00:00:00.000Z');
      expect((await store.history(eu.id)).at(-1)?.change).toBe('deleted');
      // a read older than the deletion (a scan that listed it before a delete or rename was processed) does not restore it
      expect(await store.putAsset({ ...eu, lastSeen: '2026-11-03T00:00:00.000Z' })).toBe('stale');
      expect((await store.getAsset(eu.id))?.deletedAt).toBe('2026-11-05T00:00:00.000Z');
      expect(await store.putAsset({ ...eu, lastSeen: '2026-11-07T00:00:00.000Z' })).toBe('updated');
      expect((await store.history(eu.id)).at(-1)?.change).toBe('restored');
    });

    it('finding conditional writes reject a stale version (no lost update)', async () => {
      const changes = await recordObservations(store, [failing('arn:aws:s3:::race')], '2026-11-01T00:00:00.000Z');
      const f = changes[0].finding;
      expect(f.version).toBe(1);
      expect(await store.putFinding({ ...f, title: 'first writer' }, 1)).toBe(true);
      expect(await store.putFinding({ ...f, title: 'second writer' }, 1)).toBe(false);
      expect((await store.getFinding(f.id))?.title).toBe('first writer');
      expect(await store.putFinding({ ...f, id: f.id }, undefined)).toBe(false);
    });

    it('concurrent recorders on the same finding lose no occurrence', async () => {
      const obs = failing('arn:aws:bedrock:us-east-1:111122223333:model/x', {
        source: 'runtime',
        ruleId: 'runtime.secret-in-output',
        identity: 'arn:aws:iam::111122223333:user/u',
      });
      await Promise.all(
        Array.from({ length: 6 }, (_, i) => recordObservations(store, [{ ...obs, requestIds: [`r${i}`] }], '2026-11-01T00:00:00.000Z')),
      );
      const [f] = await store.queryFindings({ resourceId: obs.resourceId });
      expect(f.occurrences).toBe(6);
      expect(new Set(f.requestIds).size).toBe(6);
    });

    it('reads findings in batches (more than one BatchGetItem page), missing ids absent', async () => {
      const obs = Array.from({ length: 130 }, (_, i) => failing(`arn:aws:s3:::batch-${i}`));
      const changes = await recordObservations(store, obs, '2026-11-01T00:00:00.000Z');
      const ids = changes.map((c) => c.finding.id);
      const got = await store.getFindings([...ids, 'no-such-finding', ids[0]]);
      expect(got.size).toBe(130);
      expect(got.get(ids[129])?.resourceId).toBe(changes[129].finding.resourceId);
      expect(got.get(ids[0])?.version).toBe(1);
      expect(got.has('no-such-finding')).toBe(false);
    });

    it('an unchanged re-record costs no write', async () => {
      const obs = [failing('arn:aws:s3:::steady-a'), failing('arn:aws:s3:::steady-b')];
      await recordObservations(store, obs, '2026-11-01T00:00:00.000Z');
      await recordObservations(store, obs, '2026-11-01T01:00:00.000Z'); // NEW -> ACTIVE
      const before = store.writeCount;
      const again = await recordObservations(store, obs, '2026-11-01T02:00:00.000Z');
      expect(again).toEqual([]);
      expect(store.writeCount).toBe(before);
    });

    it('queries findings by resource and open findings by severity; resolved leave the open index', async () => {
      const o = failing('arn:aws:s3:::q', { severity: 'HIGH' });
      await recordObservations(store, [o], '2026-11-01T00:00:00.000Z');
      expect((await store.queryFindings({ openOnly: true, severity: 'HIGH' })).map((f) => f.resourceId)).toContain('arn:aws:s3:::q');
      await recordObservations(store, [{ ...o, status: 'PASS' }], '2026-11-02T00:00:00.000Z');
      expect((await store.queryFindings({ openOnly: true, severity: 'HIGH' })).map((f) => f.resourceId)).not.toContain('arn:aws:s3:::q');
      const [byRes] = await store.queryFindings({ resourceId: 'arn:aws:s3:::q' });
      expect(byRes.status).toBe('RESOLVED');
      const all: Finding[] = await store.allFindings();
      expect(all.length).toBeGreaterThanOrEqual(3);
    });

    it('baselines, scan runs, coverage gaps and idempotency marks', async () => {
      expect(await store.putBaseline({ key: 'id#model', data: { n: 1 }, updatedAt: 't' }, undefined)).toBe(true);
      const b = await store.getBaseline('id#model');
      expect(b?.version).toBe(1);
      expect(await store.putBaseline({ key: 'id#model', data: { n: 2 }, updatedAt: 't' }, 0)).toBe(false);
      expect(await store.putBaseline({ key: 'id#model', data: { n: 2 }, updatedAt: 't' }, 1)).toBe(true);
      await store.putScanRun({
        scanId: 's1',
        accountId: '111122223333',
        trigger: 'cli',
        startedAt: '2026-11-01T00:00:00Z',
        services: { 'us-east-1/bedrock': 'complete' },
      });
      await store.putScanRun({ scanId: 's2', accountId: '111122223333', trigger: 'cli', startedAt: '2026-11-02T00:00:00Z', services: {} });
      expect((await store.listScanRuns('111122223333')).map((r) => r.scanId)).toEqual(['s2', 's1']);
      await store.putCoverageGaps('111122223333', 'us-east-1', [
        {
          accountId: '111122223333',
          region: 'us-east-1',
          service: 'sagemaker',
          operation: 'ListModels',
          errorCode: 'AccessDeniedException',
          message: 'denied',
          observedAt: 't',
        },
      ]);
      expect((await store.listCoverageGaps('111122223333')).map((g) => g.operation)).toEqual(['ListModels']);
      expect(await store.claim('msg-1', 60)).toBe(true);
      expect(await store.claim('msg-1', 60)).toBe(false);
      await store.release('msg-1');
      expect(await store.claim('msg-1', 60)).toBe(true);
      // the second phase of a claim keeps a held mark and never recreates a released one
      expect(await store.extend('msg-1', 3600)).toBe(true);
      expect(await store.claim('msg-1', 60)).toBe(false);
      await store.release('msg-1');
      expect(await store.extend('msg-1', 3600)).toBe(false);
      expect(await store.claim('msg-1', 60)).toBe(true);
    });

    it('identity activity: per account + identity, conditional on the version read (a lost race writes nothing)', async () => {
      const role = 'arn:aws:sts::999988887777:assumed-role/Intruder/s#1';
      const a = {
        accountId: '111122223333',
        identity: role,
        events: [{ id: 'e1', name: 'ListFoundationModels', t: 1, region: 'us-east-1', error: 'AccessDenied', sourceIp: '203.0.113.9' }],
        updatedAt: 't1',
      };
      expect(await store.getActivity('111122223333', role)).toBeUndefined();
      expect(await store.putActivity(a, undefined, 3600)).toBe(true);
      expect(await store.getActivity('111122223333', role)).toEqual({ ...a, version: 1 });
      // another account's activity of the same identity is another item
      expect(await store.getActivity('444455556666', role)).toBeUndefined();
      const b = { ...a, events: [...a.events, { id: 'e2', name: 'ListGuardrails', t: 2 }], updatedAt: 't2' };
      expect(await store.putActivity(b, undefined, 3600)).toBe(false);
      expect(await store.putActivity(b, 1, 3600)).toBe(true);
      expect(await store.putActivity({ ...b, events: [] }, 1, 3600)).toBe(false);
      expect(await store.getActivity('111122223333', role)).toEqual({ ...b, version: 2 });
      expect(
        await store.getActivities([
          { accountId: '444455556666', identity: role },
          { accountId: '111122223333', identity: role },
        ]),
      ).toEqual([undefined, { ...b, version: 2 }]);
    });
  });
};

contract('memory', async () => new MemoryStore());

let local: LocalDynamo;
contract('dynamodb (dynalite over HTTP)', async () => {
  local = await startLocalDynamo('contract');
  return new DynamoStore({ tableName: local.tableName, client: local.client });
});
afterAll(async () => {
  await local?.close();
});

describe('DynamoStore pagination', () => {
  it('pages through more than 1 MB of assets', async () => {
    const l = await startLocalDynamo('paging');
    try {
      const store = new DynamoStore({ tableName: l.tableName, client: l.client });
      const big = 'x'.repeat(20_000);
      const assets = Array.from({ length: 70 }, (_, i) => {
        const a = bucket(`b${String(i).padStart(3, '0')}`, '2026-11-01T00:00:00.000Z');
        (a.tags as Record<string, string>).pad = big;
        return a;
      });
      for (const a of assets) await store.putAsset(a);
      const listed = await store.listAssets({ accountId: '111122223333' });
      expect(listed).toHaveLength(70);
    } finally {
      await l.close();
    }
  });
});
