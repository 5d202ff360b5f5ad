import {
  GetBucketAclCommand,
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketVersioningCommand,
  GetObjectLockConfigurationCommand,
  GetPublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { InventoryGraph } from '../../../shared/assessment/graph.ts';
import pabCheck from '../../../shared/checks/s3/s3_ai_bucket_public_access_block_enabled.ts';
import { bucketRegionOf, describeBucket } from '../../../shared/collectors/s3.ts';
import type { AnyAsset } from '../../../shared/domain/asset.ts';
import { finalizeDraft } from '../../../shared/pipeline/discover.ts';
import { NOW } from '../../fixtures/checks/builders.ts';
import { awsError, testRun } from '../../fixtures/discovery/env.ts';

/** The bucket-level Block Public Access check's status for one bucket. */
function evalPab(a: AnyAsset) {
  const r = pabCheck.evaluate(a as never, { graph: new InventoryGraph([a], []), now: NOW, settings: {} });
  return (Array.isArray(r) ? r[0] : r)?.status;
}

const s3 = mockClient(S3Client);
afterEach(() => s3.reset());

describe('referenced bucket posture', () => {
  it('distinguishes "not configured" (null) from "could not read" (undefined + gap)', async () => {
    s3.on(GetPublicAccessBlockCommand).rejects(awsError('NoSuchPublicAccessBlockConfiguration', 'none', 404));
    s3.on(GetBucketPolicyCommand).resolves({
      Policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] }),
    });
    s3.on(GetBucketEncryptionCommand).rejects(awsError('AccessDenied', 'denied', 403));
    s3.on(GetBucketVersioningCommand).resolves({});
    s3.on(GetObjectLockConfigurationCommand).rejects(awsError('ObjectLockConfigurationNotFoundError', 'none', 404));
    s3.on(GetBucketOwnershipControlsCommand).rejects(awsError('OwnershipControlsNotFoundError', 'none', 404));
    s3.on(GetBucketAclCommand).resolves({
      Owner: { ID: 'owner' },
      Grants: [
        { Grantee: { Type: 'CanonicalUser', ID: 'owner' }, Permission: 'FULL_CONTROL' },
        { Grantee: { Type: 'Group', URI: 'http://acs.amazonaws.com/groups/global/AllUsers' }, Permission: 'READ' },
        { Grantee: { Type: 'Group', URI: 'http://acs.amazonaws.com/groups/s3/LogDelivery' }, Permission: 'WRITE' },
        { Grantee: { Type: 'Group', URI: 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers' }, Permission: 'WRITE_ACP' },
        { Grantee: { Type: 'CanonicalUser', ID: 'partner-canonical-id' }, Permission: 'WRITE' },
      ],
    });
    const run = testRun('s3.bucket', 'global');
    const d = await describeBucket(run, 'arn:aws:s3:::b', [{ assetId: 'kb', usage: 'bedrock.knowledge-base:reads-data' }]);
    expect(d.config).toMatchObject({
      publicAccessBlock: null,
      versioning: 'Disabled',
      objectLock: false,
      policyStatements: [{ effect: 'Allow', principals: ['*'], actions: ['s3:GetObject'] }],
      referencedBy: [{ assetId: 'kb', usage: 'bedrock.knowledge-base:reads-data' }],
      objectOwnership: null,
      publicAclGrants: [
        { grantee: 'AllUsers', permission: 'READ' },
        { grantee: 'AuthenticatedUsers', permission: 'WRITE_ACP' },
      ],
      accountAclGrants: [{ grantee: 'canonical user partner-canonical-id', permission: 'WRITE' }],
    });
    expect((d.config as { encryption?: unknown }).encryption).toBeUndefined();
    expect(d.collectionErrors).toEqual(['GetBucketEncryption: AccessDenied']);
    expect(run.gaps).toHaveLength(1);
    expect(run.partial).toBe(true);
    // the bucket-level setting is read as this account's bucket: the account-level setting applies to it
    expect(s3.commandCalls(GetPublicAccessBlockCommand)[0]?.args[0].input).toEqual({ Bucket: 'b', ExpectedBucketOwner: run.accountId });
  });

  it('reads Object Ownership (BucketOwnerEnforced disables ACLs) and leaves both unknown when they cannot be read', async () => {
    s3.on(GetBucketOwnershipControlsCommand).resolves({ OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] } });
    s3.on(GetBucketAclCommand).resolves({
      Owner: { ID: 'owner' },
      Grants: [{ Grantee: { Type: 'CanonicalUser', ID: 'owner' }, Permission: 'FULL_CONTROL' }],
    });
    const d = await describeBucket(testRun('s3.bucket', 'global'), 'arn:aws:s3:::b', []);
    expect(d.config).toMatchObject({ objectOwnership: 'BucketOwnerEnforced', publicAclGrants: [], accountAclGrants: [] });
    s3.reset();
    s3.on(GetBucketOwnershipControlsCommand).rejects(awsError('AccessDenied', 'denied', 403));
    s3.on(GetBucketAclCommand).rejects(awsError('AccessDenied', 'denied', 403));
    const run = testRun('s3.bucket', 'global');
    const u = await describeBucket(run, 'arn:aws:s3:::b', []);
    expect((u.config as { objectOwnership?: unknown }).objectOwnership).toBeUndefined();
    expect((u.config as { publicAclGrants?: unknown }).publicAclGrants).toBeUndefined();
    expect((u.config as { accountAclGrants?: unknown }).accountAclGrants).toBeUndefined();
    expect(u.collectionErrors).toEqual(expect.arrayContaining(['GetBucketOwnershipControls: AccessDenied', 'GetBucketAcl: AccessDenied']));
  });

  it("another account's bucket (the owner check fails, the same read without it succeeds) is external: no gap, no error", async () => {
    // S3 answers AccessDenied when the bucket's owner is not the expected one
    const ownerChecked = (answer: () => unknown) =>
      s3.on(GetPublicAccessBlockCommand).callsFake((input: { ExpectedBucketOwner?: string }) => {
        if (input.ExpectedBucketOwner) throw awsError('AccessDenied', 'denied', 403);
        return answer();
      });
    ownerChecked(() => ({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: false,
        IgnorePublicAcls: false,
        BlockPublicPolicy: false,
        RestrictPublicBuckets: false,
      },
    }));
    s3.on(GetBucketVersioningCommand).resolves({ Status: 'Enabled' });
    const run = testRun('s3.bucket', 'global');
    expect(run.accountId).toBe('123456789012');
    const d = await describeBucket(run, 'arn:aws:s3:::lake', [{ assetId: 'kb', usage: 'bedrock.knowledge-base:reads-data' }]);
    expect(d.config).toMatchObject({ external: true, publicAccessBlock: undefined, versioning: 'Enabled' });
    // the owner's bucket-level flags are not recorded (they combine with the owner's account-level setting, not ours)
    expect((d.config as { publicAccessBlockOwnerChecked?: boolean }).publicAccessBlockOwnerChecked).toBeUndefined();
    expect(d.collectionErrors).toBeUndefined();
    expect(run.gaps).toEqual([]);
    expect(run.partial).toBe(false);
    // the owner-checked read denied twice (not a passing denial), then the unchecked read
    expect(s3.commandCalls(GetPublicAccessBlockCommand).map((c) => c.args[0].input)).toEqual([
      { Bucket: 'lake', ExpectedBucketOwner: '123456789012' },
      { Bucket: 'lake', ExpectedBucketOwner: '123456789012' },
      { Bucket: 'lake' },
    ]);
    // none configured on the unchecked read: read all the same, so the owner check was what failed
    s3.reset();
    s3.on(GetBucketVersioningCommand).resolves({ Status: 'Enabled' });
    ownerChecked(() => {
      throw awsError('NoSuchPublicAccessBlockConfiguration', 'none', 404);
    });
    expect((await describeBucket(testRun('s3.bucket', 'global'), 'arn:aws:s3:::lake', [])).config).toMatchObject({ external: true });
  });

  it('an owner-checked read denied once then allowed (IAM eventual consistency) is our bucket: not external, its setting recorded', async () => {
    let checked = 0;
    s3.on(GetPublicAccessBlockCommand).callsFake((input: { ExpectedBucketOwner?: string }) => {
      if (!input.ExpectedBucketOwner) return { PublicAccessBlockConfiguration: {} };
      checked++;
      if (checked === 1) throw awsError('AccessDenied', 'denied', 403);
      return {
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: false,
          IgnorePublicAcls: false,
          BlockPublicPolicy: false,
          RestrictPublicBuckets: false,
        },
      };
    });
    s3.on(GetBucketVersioningCommand).resolves({ Status: 'Enabled' });
    const run = testRun('s3.bucket', 'global');
    const d = await describeBucket(run, 'arn:aws:s3:::ours', []);
    expect((d.config as { external?: boolean }).external).toBeUndefined();
    expect(d.config).toMatchObject({
      publicAccessBlockOwnerChecked: true,
      publicAccessBlock: { blockPublicAcls: false, ignorePublicAcls: false, blockPublicPolicy: false, restrictPublicBuckets: false },
    });
    expect(d.collectionErrors).toBeUndefined();
    expect(run.gaps).toEqual([]);
    // never the unchecked read: ownership was established by the repeated owner-checked read
    expect(s3.commandCalls(GetPublicAccessBlockCommand).map((c) => c.args[0].input)).toEqual([
      { Bucket: 'ours', ExpectedBucketOwner: '123456789012' },
      { Bucket: 'ours', ExpectedBucketOwner: '123456789012' },
    ]);
    // and the bucket-level check judges it normally (FAIL: every flag off), not MANUAL as another account's
    const a = finalizeDraft(
      { ...d, config: { ...d.config, accountPublicAccessBlock: { read: true, setting: null } } } as never,
      '123456789012',
      NOW.toISOString(),
    );
    expect(evalPab(a)).toBe('FAIL');
  });

  it('ownership not established (the unchecked read denied too, or every read denied): AccessDenied, gap, not external', async () => {
    s3.on(GetPublicAccessBlockCommand).rejects(awsError('AccessDenied', 'denied', 403));
    s3.on(GetBucketVersioningCommand).resolves({ Status: 'Enabled' });
    const run = testRun('s3.bucket', 'global');
    const d = await describeBucket(run, 'arn:aws:s3:::b', []);
    expect((d.config as { external?: boolean }).external).toBeUndefined();
    expect(d.config).toMatchObject({ publicAccessBlock: undefined, publicAccessBlockOwnerChecked: true });
    expect(d.collectionErrors).toEqual(['GetPublicAccessBlock: AccessDenied']);
    expect(run.gaps.map((g) => `${g.service} ${g.operation} ${g.errorCode}`)).toEqual(['s3 GetPublicAccessBlock AccessDenied']);
    expect(s3.commandCalls(GetPublicAccessBlockCommand)).toHaveLength(3);
    // a role denied every read is not asked a second time (a missing permission, not an ownership question)
    s3.reset();
    for (const c of [
      GetPublicAccessBlockCommand,
      GetBucketPolicyCommand,
      GetBucketEncryptionCommand,
      GetBucketVersioningCommand,
      GetObjectLockConfigurationCommand,
      GetBucketOwnershipControlsCommand,
      GetBucketAclCommand,
    ])
      s3.on(c as never).rejects(awsError('AccessDenied', 'denied', 403));
    const all = await describeBucket(testRun('s3.bucket', 'global'), 'arn:aws:s3:::b', []);
    expect((all.config as { external?: boolean }).external).toBeUndefined();
    expect(all.collectionErrors).toContain('GetPublicAccessBlock: AccessDenied');
    expect(s3.commandCalls(GetPublicAccessBlockCommand)).toHaveLength(1);
  });

  it('flags a dangling reference (bucket does not exist)', async () => {
    for (const c of [
      GetPublicAccessBlockCommand,
      GetBucketPolicyCommand,
      GetBucketEncryptionCommand,
      GetBucketVersioningCommand,
      GetObjectLockConfigurationCommand,
      GetBucketOwnershipControlsCommand,
      GetBucketAclCommand,
    ])
      s3.on(c as never).rejects(awsError('NoSuchBucket', 'nope', 404));
    const d = await describeBucket(testRun('s3.bucket', 'global'), 'arn:aws:s3:::gone', []);
    expect(d.collectionErrors?.[0]).toBe('NoSuchBucket');
  });

  it("reads the bucket's region only when its default key is given without an ARN (the key is described there)", async () => {
    const withKey = (key: string) =>
      s3.on(GetBucketEncryptionCommand).resolves({
        ServerSideEncryptionConfiguration: {
          Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: key } }],
        },
      });
    s3.on(GetBucketLocationCommand).resolves({ LocationConstraint: 'eu-west-1' });
    withKey('11111111-1111-1111-1111-111111111111');
    const byId = await describeBucket(testRun('s3.bucket', 'global'), 'arn:aws:s3:::b', []);
    expect(byId.config).toMatchObject({ bucketRegion: 'eu-west-1' });
    expect(s3.commandCalls(GetBucketLocationCommand)).toHaveLength(1);
    withKey('alias/team-key');
    s3.on(GetBucketLocationCommand).resolves({});
    expect((await describeBucket(testRun('s3.bucket', 'global'), 'arn:aws:s3:::b', [])).config).toMatchObject({
      bucketRegion: 'us-east-1',
    });
    expect(s3.commandCalls(GetBucketLocationCommand)).toHaveLength(2);
    // a key ARN carries its region; alias/aws/... needs no call at all
    for (const key of ['arn:aws:kms:eu-west-1:123456789012:key/1', 'alias/aws/s3']) {
      withKey(key);
      const d = await describeBucket(testRun('s3.bucket', 'global'), 'arn:aws:s3:::b', []);
      expect((d.config as { bucketRegion?: string }).bucketRegion).toBeUndefined();
    }
    expect(s3.commandCalls(GetBucketLocationCommand)).toHaveLength(2);
    // denied: an s3 gap and no region (the key stays KeyRegionUnknown)
    withKey('11111111-1111-1111-1111-111111111111');
    s3.on(GetBucketLocationCommand).rejects(awsError('AccessDenied', 'denied', 403));
    const run = testRun('s3.bucket', 'global');
    const denied = await describeBucket(run, 'arn:aws:s3:::b', []);
    expect((denied.config as { bucketRegion?: string }).bucketRegion).toBeUndefined();
    expect(denied.collectionErrors).toContain('GetBucketLocation: AccessDenied');
    expect(run.gaps.map((g) => `${g.service} ${g.operation}`)).toEqual(['s3 GetBucketLocation']);
  });

  it('bucketRegionOf: empty is us-east-1, EU is eu-west-1', () => {
    expect(bucketRegionOf(undefined)).toBe('us-east-1');
    expect(bucketRegionOf('EU')).toBe('eu-west-1');
    expect(bucketRegionOf('ap-south-1')).toBe('ap-south-1');
  });
});
