import { DescribeKeyCommand, type KeyState, KMSClient } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { type AnyDraft, draftHash, draftHashes } from '../../../shared/collectors/context.ts';
import { keyLocation, resolveKmsKeys } from '../../../shared/collectors/kms.ts';
import type { ClientFactory } from '../../../shared/discovery/types.ts';
import type { KmsKeysField } from '../../../shared/domain/asset-config.ts';
import { ACCOUNT, awsError, testEnv } from '../../fixtures/discovery/env.ts';

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
  return { KeyMetadata: { KeyId: arn.split('/').pop(), Arn: arn, KeyManager: keyManager, KeyState: keyState, MultiRegion: multiRegion } };
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
      [US_KEY]: { resolved: true, keyArn: US_KEY, keyManager: 'CUSTOMER', keyState: 'Enabled', multiRegion: true },
    });
    expect(keysOf(b)).toEqual({
      '11111111-1111-1111-1111-111111111111': {
        resolved: true,
        keyArn: US_KEY,
        keyManager: 'CUSTOMER',
        keyState: 'Enabled',
        multiRegion: true,
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
    kms.on(DescribeKeyCommand, { KeyId: US_KEY }).rejects(awsError('NotFoundException', 'Key is not found'));
    const { env } = recordingEnv();
    const d = draft('x', 'us-east-1', [FOREIGN_KEY, US_KEY]);
    const out = await resolveKmsKeys(env, [d]);

    expect(keysOf(d)).toEqual({
      [FOREIGN_KEY]: { resolved: false, errorName: 'AccessDeniedException' },
      [US_KEY]: { resolved: false, errorName: 'NotFoundException' },
    });
    // AccessDenied is a coverage gap (a NotFound is a fact about the asset); no message text is kept
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
