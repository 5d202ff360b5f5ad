import { describe, expect, it } from 'vitest';
import { InventoryGraph } from '../../../shared/assessment/graph.ts';
import kmsCheck from '../../../shared/checks/s3/s3_ai_bucket_kms_encryption_enabled.ts';
import pabCheck from '../../../shared/checks/s3/s3_ai_bucket_public_access_block_enabled.ts';
import type { ClientFactory } from '../../../shared/discovery/types.ts';
import type { AnyAsset } from '../../../shared/domain/asset.ts';
import type { KmsKeysField } from '../../../shared/domain/asset-config.ts';
import { refreshFromEvent } from '../../../shared/pipeline/discover.ts';
import { MemoryStore } from '../../../shared/store/memory.ts';
import { fixedClock } from '../../../shared/util/clock.ts';
import { memoryLog } from '../../../shared/util/logger.ts';
import { ACCOUNT, bucket, KEY, NOW } from '../../fixtures/checks/builders.ts';

const ALL_ON = { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true };
/** ALL_ON as S3 and S3 Control answer it. */
const SDK_ALL_ON = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };
const clock = () => fixedClock('2026-11-26T09:01:00.000Z');

/** A memory store that counts the assets it hands out (the item reads of a DynamoDB query) and the other reads. */
class CountingStore extends MemoryStore {
  itemReads = 0;
  lookups = 0;
  override async listAssets(scope: Parameters<MemoryStore['listAssets']>[0]) {
    const out = await super.listAssets(scope);
    this.itemReads += out.length;
    return out;
  }
  override async getAsset(id: string) {
    this.lookups++;
    return super.getAsset(id);
  }
  override async referencedKeys(accountId: string) {
    this.lookups++;
    return super.referencedKeys(accountId);
  }
}

/** Clients whose every call is answered by `send` (recorded as `service@region` and the command name). */
function fakeClients(send: (command: string) => Promise<unknown>) {
  const calls: string[] = [];
  const commands: string[] = [];
  const clients = {
    client: (service: string, region: string) => ({
      send: async (cmd: { constructor: { name: string } }) => {
        calls.push(`${service}@${region}`);
        commands.push(cmd.constructor.name);
        return send(cmd.constructor.name);
      },
    }),
  } as unknown as ClientFactory;
  return { clients, calls, commands };
}

const pabEvent = (awsRegion: string, accountId = ACCOUNT) => ({
  'detail-type': 'AWS API Call via CloudTrail',
  source: 'aws.s3',
  account: accountId,
  detail: {
    eventSource: 's3.amazonaws.com',
    eventName: 'PutAccountPublicAccessBlock',
    awsRegion,
    eventTime: '2026-11-26T09:00:00Z',
    recipientAccountId: accountId,
  },
});
const keyEvent = (keyId: string) => ({
  'detail-type': 'AWS API Call via CloudTrail',
  source: 'aws.kms',
  account: ACCOUNT,
  detail: {
    eventSource: 'kms.amazonaws.com',
    eventName: 'ScheduleKeyDeletion',
    awsRegion: 'us-east-1',
    eventTime: '2026-11-26T09:00:00Z',
    recipientAccountId: ACCOUNT,
    requestParameters: { keyId, pendingWindowInDays: 7 },
  },
});

function pabStatus(a: AnyAsset) {
  const r = pabCheck.evaluate(a as never, { graph: new InventoryGraph([a], []), now: NOW, settings: {} });
  return (Array.isArray(r) ? r[0] : r).status;
}

async function storedBucket(store: MemoryStore, patch: Parameters<typeof bucket>[1] = {}) {
  const b = bucket('data', { publicAccessBlock: null, accountPublicAccessBlock: { read: true, setting: ALL_ON }, ...patch });
  await store.putAsset(b as never);
  return b;
}

describe('account-level Block Public Access refresh', () => {
  it('a transient failure keeps the stored account-level facts (like the KMS key reads), with its gap', async () => {
    const store = new MemoryStore();
    const b = await storedBucket(store);
    // a first refresh reads the setting (all on) and stores the bucket as discovery hashes it
    const ok = fakeClients(async () => ({ PublicAccessBlockConfiguration: SDK_ALL_ON }));
    await refreshFromEvent(pabEvent('us-east-1'), { clients: ok.clients, store, clock: clock(), log: memoryLog() });
    const { clients } = fakeClients(async () => {
      throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } });
    });
    const r = await refreshFromEvent(pabEvent('us-east-1'), {
      clients,
      store,
      clock: fixedClock('2026-11-26T09:02:00.000Z'),
      log: memoryLog(),
    });
    const after = (await store.getAsset(b.id)) as AnyAsset;
    expect(pabStatus(after)).toBe('PASS');
    expect(r.changes).toEqual([]);
    expect(r.gaps.map((g) => `${g.service} ${g.operation} ${g.errorCode}`)).toEqual(['s3 GetAccountPublicAccessBlock ThrottlingException']);
    // a server error after the SDK's retries: the same
    const five = fakeClients(async () => {
      throw Object.assign(new Error('We encountered an internal error'), { name: 'InternalError', $metadata: { httpStatusCode: 500 } });
    });
    await refreshFromEvent(pabEvent('us-east-1'), { clients: five.clients, store, clock: clock(), log: memoryLog() });
    expect(pabStatus((await store.getAsset(b.id)) as AnyAsset)).toBe('PASS');
  });

  it('AccessDenied does not reuse the stored facts: unread, ERROR, gap', async () => {
    const store = new MemoryStore();
    const b = await storedBucket(store);
    const { clients } = fakeClients(async () => {
      throw Object.assign(new Error('denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    });
    const r = await refreshFromEvent(pabEvent('us-east-1'), { clients, store, clock: clock(), log: memoryLog() });
    const after = (await store.getAsset(b.id)) as AnyAsset;
    expect((after.config as { accountPublicAccessBlock?: unknown }).accountPublicAccessBlock).toEqual({
      read: false,
      errorName: 'AccessDenied',
    });
    expect(pabStatus(after)).toBe('ERROR');
    expect(r.gaps.map((g) => g.errorCode)).toEqual(['AccessDenied']);
  });

  it.each([
    ['cn-north-1', 's3control@cn-north-1'],
    ['cn-northwest-1', 's3control@cn-north-1'],
    ['us-gov-east-1', 's3control@us-gov-west-1'],
    ['eu-west-1', 's3control@us-east-1'],
  ])('an event from %s reads S3 Control in its partition', async (region, expected) => {
    const store = new MemoryStore();
    await storedBucket(store);
    const { clients, calls } = fakeClients(async () => ({ PublicAccessBlockConfiguration: SDK_ALL_ON }));
    await refreshFromEvent(pabEvent(region), { clients, store, clock: clock(), log: memoryLog() });
    expect(calls).toEqual([expected]);
  });

  it('a bucket stored without the owner check is described again (not combined); another account’s bucket is left alone', async () => {
    const store = new MemoryStore();
    const legacy = bucket('legacy', { publicAccessBlock: null, accountPublicAccessBlock: { read: true, setting: null } });
    delete (legacy.config as { publicAccessBlockOwnerChecked?: boolean }).publicAccessBlockOwnerChecked;
    await store.putAsset(legacy as never);
    const lake = bucket('lake', { publicAccessBlock: undefined, external: true });
    delete (lake.config as { accountPublicAccessBlock?: unknown }).accountPublicAccessBlock;
    delete (lake.config as { publicAccessBlockOwnerChecked?: boolean }).publicAccessBlockOwnerChecked;
    await store.putAsset(lake as never);
    const checked = await storedBucket(store, { accountPublicAccessBlock: { read: true, setting: null } });
    // the legacy bucket turns out to be this account's, with every flag on at the bucket level
    const { clients, commands } = fakeClients(async (command) => {
      if (command === 'GetPublicAccessBlockCommand') return { PublicAccessBlockConfiguration: SDK_ALL_ON };
      if (command === 'GetBucketVersioningCommand') return { Status: 'Enabled' };
      if (command === 'GetBucketAclCommand') return { Owner: { ID: 'x' }, Grants: [] };
      throw Object.assign(new Error('none'), { name: 'NoSuchBucketPolicy', $metadata: { httpStatusCode: 404 } });
    });
    const r = await refreshFromEvent(pabEvent('us-east-1'), { clients, store, clock: clock(), log: memoryLog() });
    // the legacy bucket's bucket-level reads were made again, with the owner check; the account-level read once
    expect(commands.filter((c) => c === 'GetPublicAccessBlockCommand')).toHaveLength(2);
    expect(commands.filter((c) => c === 'GetBucketAclCommand')).toHaveLength(1);
    const after = (await store.getAsset(legacy.id)) as AnyAsset;
    expect(after.config).toMatchObject({ publicAccessBlock: ALL_ON, publicAccessBlockOwnerChecked: true });
    expect(pabStatus((await store.getAsset(checked.id)) as AnyAsset)).toBe('PASS');
    // the other account's bucket gets no account-level setting of this account
    expect((await store.getAsset(lake.id))?.config).not.toHaveProperty('accountPublicAccessBlock');
    expect(r.assetIds.sort()).toEqual([checked.id, legacy.id].sort());
  });
});

describe('dependency refresh cost', () => {
  /** An account with `n` buckets without a key and one bucket on KEY (the fixture's key facts), and maybe the key references a full scan recorded. */
  async function inventory(n: number, recorded: boolean) {
    const store = new CountingStore();
    for (let i = 0; i < n; i++) await store.putAsset(bucket(`b${i}`, { encryption: { algorithm: 'AES256', kmsKeyId: null } }) as never);
    const keyed = bucket('keyed');
    expect((keyed.config as KmsKeysField).kmsKeys?.[KEY]).toMatchObject({ resolved: true, keyArn: KEY });
    await store.putAsset(keyed as never);
    if (recorded) {
      await store.beginReferencedKeys(ACCOUNT, 'scan-1');
      await store.completeReferencedKeys(ACCOUNT, [KEY], 'scan-1');
    }
    store.itemReads = 0;
    store.lookups = 0;
    return store;
  }

  it('N key-state events on keys no asset references cost one read each, not a listing of the account', async () => {
    const N = 30;
    const { clients, calls } = fakeClients(async () => ({}));
    const run = async (store: CountingStore) => {
      for (let i = 0; i < N; i++) {
        const r = await refreshFromEvent(keyEvent(`0000000${i}-aaaa-bbbb-cccc-dddddddddddd`), {
          clients,
          store,
          clock: clock(),
          log: memoryLog(),
        });
        expect(r.assetIds).toEqual([]);
      }
      return store;
    };
    // before a full scan recorded the key references: every event lists the account (N x 101 item reads)
    const unrecorded = await run(await inventory(100, false));
    expect(unrecorded.itemReads).toBe(N * 101);
    const recorded = await run(await inventory(100, true));
    expect(recorded.itemReads).toBe(0);
    expect(recorded.lookups).toBe(N);
    expect(calls).toEqual([]);
  });

  it('a referenced key is still refreshed (by key id or ARN); the account-level setting lists only global assets', async () => {
    const store = await inventory(5, true);
    const { clients } = fakeClients(async () => ({
      KeyMetadata: { Arn: KEY, KeyManager: 'CUSTOMER', KeyState: 'PendingDeletion', MultiRegion: false },
    }));
    const r = await refreshFromEvent(keyEvent(KEY.slice(KEY.lastIndexOf('/') + 1)), { clients, store, clock: clock(), log: memoryLog() });
    expect(r.changes.map((c) => c.asset.name)).toEqual(['keyed']);
    await store.putAsset({
      ...bucket('x'),
      id: 'arn:aws:bedrock:us-east-1:111122223333:guardrail/g',
      type: 'bedrock.guardrail',
      region: 'us-east-1',
    } as never);
    store.itemReads = 0;
    await refreshFromEvent(pabEvent('us-east-1'), {
      clients: fakeClients(async () => ({})).clients,
      store,
      clock: clock(),
      log: memoryLog(),
    });
    expect(store.itemReads).toBe(6);
  });

  it('a dependency refresh that describes a legacy bucket again adds the key it now names to the recorded set', async () => {
    const store = await inventory(0, true);
    const legacy = bucket('legacy', { publicAccessBlock: null, accountPublicAccessBlock: { read: true, setting: null } });
    delete (legacy.config as { publicAccessBlockOwnerChecked?: boolean }).publicAccessBlockOwnerChecked;
    await store.putAsset(legacy as never);
    const other = KEY.replace('11111111-2222', '88888888-2222');
    const { clients } = fakeClients(async (command) => {
      if (command === 'DescribeKeyCommand')
        return { KeyMetadata: { Arn: other, KeyManager: 'CUSTOMER', KeyState: 'Enabled', MultiRegion: false } };
      if (command === 'GetBucketEncryptionCommand')
        return {
          ServerSideEncryptionConfiguration: {
            Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: other } }],
          },
        };
      if (command === 'GetPublicAccessBlockCommand') return { PublicAccessBlockConfiguration: SDK_ALL_ON };
      if (command === 'GetBucketVersioningCommand') return { Status: 'Enabled' };
      if (command === 'GetBucketAclCommand') return { Owner: { ID: 'x' }, Grants: [] };
      throw Object.assign(new Error('none'), { name: 'NoSuchBucketPolicy', $metadata: { httpStatusCode: 404 } });
    });
    expect(await store.referencedKeys(ACCOUNT)).not.toContain(other);
    await refreshFromEvent(pabEvent('us-east-1'), { clients, store, clock: clock(), log: memoryLog() });
    const refreshed = await store.getAsset(legacy.id);
    expect((refreshed?.config as KmsKeysField | undefined)?.kmsKeys?.[other]).toMatchObject({ resolved: true });
    expect(await store.referencedKeys(ACCOUNT)).toContain(other);
  });

  it('a refresh that writes an asset adds its key references to the recorded set (never a missed key)', async () => {
    const store = await inventory(1, true);
    const other = KEY.replace('11111111-2222', '99999999-2222');
    const { clients } = fakeClients(async (command) => {
      if (command === 'DescribeKeyCommand')
        return { KeyMetadata: { Arn: other, KeyManager: 'CUSTOMER', KeyState: 'Enabled', MultiRegion: false } };
      if (command === 'GetBucketEncryptionCommand')
        return {
          ServerSideEncryptionConfiguration: {
            Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: other } }],
          },
        };
      if (command === 'GetBucketVersioningCommand') return { Status: 'Enabled' };
      if (command === 'GetBucketAclCommand') return { Owner: { ID: 'x' }, Grants: [] };
      if (command === 'GetPublicAccessBlockCommand') return { PublicAccessBlockConfiguration: SDK_ALL_ON };
      throw Object.assign(new Error('none'), { name: 'NoSuchBucketPolicy', $metadata: { httpStatusCode: 404 } });
    });
    const put = {
      'detail-type': 'AWS API Call via CloudTrail',
      source: 'aws.s3',
      account: ACCOUNT,
      detail: {
        eventSource: 's3.amazonaws.com',
        eventName: 'PutBucketEncryption',
        awsRegion: 'us-east-1',
        eventTime: '2026-11-26T09:00:00Z',
        recipientAccountId: ACCOUNT,
        requestParameters: { bucketName: 'keyed' },
      },
    };
    await refreshFromEvent(put, { clients, store, clock: clock(), log: memoryLog() });
    expect(await store.referencedKeys(ACCOUNT)).toContain(other);
  });
});

describe('custom key store (dis)connection', () => {
  const storeEvent = (eventName: string, customKeyStoreId: string, awsRegion = 'us-east-1') => ({
    'detail-type': 'AWS API Call via CloudTrail',
    source: 'aws.kms',
    account: ACCOUNT,
    detail: {
      eventSource: 'kms.amazonaws.com',
      eventName,
      awsRegion,
      eventTime: '2026-11-26T09:00:00Z',
      recipientAccountId: ACCOUNT,
      requestParameters: { customKeyStoreId },
    },
  });
  const OTHER = KEY.replace('11111111-2222', '77777777-2222');
  const kmsStatus = (a: AnyAsset | undefined) => {
    const r = kmsCheck.evaluate(a as never, { graph: new InventoryGraph([a as AnyAsset], []), now: NOW, settings: {} });
    return (Array.isArray(r) ? r[0] : r).status;
  };
  /** A bucket on KEY, recorded (by a scan) as a key of custom key store cks-1, and a bucket on a key of no store. */
  async function inventory() {
    const store = new CountingStore();
    const inStore = bucket('in-store');
    const facts = (inStore.config as KmsKeysField).kmsKeys?.[KEY];
    (inStore.config as KmsKeysField).kmsKeys = { [KEY]: { ...(facts as object), customKeyStoreId: 'cks-1' } as never };
    await store.putAsset(inStore as never);
    const plain = bucket('plain', { encryption: { algorithm: 'aws:kms', kmsKeyId: OTHER } });
    (plain.config as KmsKeysField).kmsKeys = {
      [OTHER]: { resolved: true, keyArn: OTHER, keyManager: 'CUSTOMER', keyState: 'Enabled', multiRegion: false },
    };
    await store.putAsset(plain as never);
    return { store, inStore, plain };
  }

  it('a disconnection re-describes the keys of that store only: the CMK check fails the unavailable key', async () => {
    const { store, inStore } = await inventory();
    expect(kmsStatus(await store.getAsset(inStore.id))).toBe('PASS');
    const { clients, commands } = fakeClients(async () => ({
      KeyMetadata: { Arn: KEY, KeyManager: 'CUSTOMER', KeyState: 'Unavailable', MultiRegion: false, CustomKeyStoreId: 'cks-1' },
    }));
    const r = await refreshFromEvent(storeEvent('DisconnectCustomKeyStore', 'cks-1'), { clients, store, clock: clock(), log: memoryLog() });
    expect(r.assetIds).toEqual([inStore.id]);
    expect(r.changes.map((c) => c.asset.name)).toEqual(['in-store']);
    expect(commands).toEqual(['DescribeKeyCommand']);
    const after = await store.getAsset(inStore.id);
    expect((after?.config as KmsKeysField | undefined)?.kmsKeys?.[KEY]).toMatchObject({
      keyState: 'Unavailable',
      customKeyStoreId: 'cks-1',
    });
    expect(kmsStatus(after)).toBe('FAIL');
  });

  it('a store no recorded key belongs to (or one of another region) costs no AWS call', async () => {
    const { store } = await inventory();
    const { clients, calls } = fakeClients(async () => ({}));
    for (const e of [storeEvent('ConnectCustomKeyStore', 'cks-2'), storeEvent('DisconnectCustomKeyStore', 'cks-1', 'eu-west-1')]) {
      const r = await refreshFromEvent(e, { clients, store, clock: clock(), log: memoryLog() });
      expect(r.assetIds).toEqual([]);
      expect(r.skipped.map((x) => x.reason)).toEqual(['no inventoried asset depends on it']);
    }
    expect(calls).toEqual([]);
  });
});
