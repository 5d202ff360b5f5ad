import { GetPublicAccessBlockCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { type AnyDraft, draftHash, draftHashes } from '../../../shared/collectors/context.ts';
import { resolveAccountPublicAccessBlock } from '../../../shared/collectors/s3-control.ts';
import type { S3BucketConfig } from '../../../shared/domain/asset-config.ts';
import { ACCOUNT, awsError, testEnv } from '../../fixtures/discovery/env.ts';

const s3control = mockClient(S3ControlClient);
afterEach(() => s3control.reset());

function bucketDraft(name: string): AnyDraft {
  const d = {
    id: `arn:aws:s3:::${name}`,
    type: 's3.bucket',
    region: 'global',
    name,
    config: { publicAccessBlock: null, referencedBy: [] },
    tags: {},
    relationships: [],
  } as unknown as AnyDraft;
  draftHashes.set(d, draftHash(d));
  return d;
}
const guardrail = () =>
  ({ id: 'g', type: 'bedrock.guardrail', region: 'us-east-1', name: 'g', config: {}, tags: {}, relationships: [] }) as unknown as AnyDraft;
const acctOf = (d: AnyDraft) => (d.config as S3BucketConfig).accountPublicAccessBlock;

describe('resolveAccountPublicAccessBlock', () => {
  it('reads the setting once per scan with the account id and records it on every bucket draft', async () => {
    s3control.on(GetPublicAccessBlockCommand).resolves({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        IgnorePublicAcls: true,
        BlockPublicPolicy: true,
        RestrictPublicBuckets: false,
      },
    });
    const env = testEnv();
    const a = bucketDraft('a');
    const b = bucketDraft('b');
    const g = guardrail();
    const out = await resolveAccountPublicAccessBlock(env, [a, g, b]);
    const setting = { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: false };
    expect(out).toEqual({ facts: { read: true, setting }, gaps: [] });
    expect(acctOf(a)).toEqual({ read: true, setting });
    expect(acctOf(b)).toEqual({ read: true, setting });
    expect((g.config as S3BucketConfig).accountPublicAccessBlock).toBeUndefined();
    // the hash is recomputed at finalize (the config changed after emit)
    expect(draftHashes.has(a)).toBe(false);
    expect(draftHashes.has(g)).toBe(false);
    // a later bucket of the same scan (the CloudTrail refresh's extra buckets): no second call
    const c = bucketDraft('c');
    expect((await resolveAccountPublicAccessBlock(env, [c])).gaps).toEqual([]);
    expect(acctOf(c)).toEqual({ read: true, setting });
    expect(s3control.commandCalls(GetPublicAccessBlockCommand).map((x) => x.args[0].input)).toEqual([{ AccountId: ACCOUNT }]);
    expect(env.limiter.byOperation.get('GetAccountPublicAccessBlock')).toBe(1);
  });

  it('NoSuchPublicAccessBlockConfiguration is a fact (none configured), not a gap', async () => {
    s3control
      .on(GetPublicAccessBlockCommand)
      .rejects(awsError('NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found', 404));
    const a = bucketDraft('a');
    const out = await resolveAccountPublicAccessBlock(testEnv(), [a]);
    expect(out.gaps).toEqual([]);
    expect(acctOf(a)).toEqual({ read: true, setting: null });
  });

  it('AccessDenied leaves it unread with the error name and one gap, without the error message', async () => {
    s3control
      .on(GetPublicAccessBlockCommand)
      .rejects(awsError('AccessDenied', 'User: arn:aws:sts::123456789012:assumed-role/x is not authorized', 403));
    const env = testEnv();
    const a = bucketDraft('a');
    const b = bucketDraft('b');
    const out = await resolveAccountPublicAccessBlock(env, [a, b]);
    expect(acctOf(a)).toEqual({ read: false, errorName: 'AccessDenied' });
    expect(acctOf(b)).toEqual({ read: false, errorName: 'AccessDenied' });
    expect(out.gaps).toEqual([
      {
        accountId: ACCOUNT,
        region: 'global',
        service: 's3',
        operation: 'GetAccountPublicAccessBlock',
        errorCode: 'AccessDenied',
        message: 'AccessDenied',
        observedAt: env.now,
      },
    ]);
    expect(JSON.stringify([out, env.log.entries])).not.toContain('not authorized');
  });

  it('makes no call when the drafts hold no bucket', async () => {
    const out = await resolveAccountPublicAccessBlock(testEnv(), [guardrail()]);
    expect(out).toEqual({ gaps: [] });
    expect(s3control.commandCalls(GetPublicAccessBlockCommand)).toHaveLength(0);
  });
});
