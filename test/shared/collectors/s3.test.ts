import {
  GetBucketEncryptionCommand,
  GetBucketPolicyCommand,
  GetBucketVersioningCommand,
  GetObjectLockConfigurationCommand,
  GetPublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { describeBucket } from '../../../shared/collectors/s3.ts';
import { awsError, testRun } from '../../fixtures/discovery/env.ts';

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
    const run = testRun('s3.bucket', 'global');
    const d = await describeBucket(run, 'arn:aws:s3:::b', [{ assetId: 'kb', usage: 'bedrock.knowledge-base:reads-data' }]);
    expect(d.config).toMatchObject({
      publicAccessBlock: null,
      versioning: 'Disabled',
      objectLock: false,
      policyStatements: [{ effect: 'Allow', principals: ['*'], actions: ['s3:GetObject'] }],
      referencedBy: [{ assetId: 'kb', usage: 'bedrock.knowledge-base:reads-data' }],
    });
    expect((d.config as { encryption?: unknown }).encryption).toBeUndefined();
    expect(d.collectionErrors).toEqual(['GetBucketEncryption: AccessDenied']);
    expect(run.gaps).toHaveLength(1);
    expect(run.partial).toBe(true);
  });

  it('flags a dangling reference (bucket does not exist)', async () => {
    for (const c of [
      GetPublicAccessBlockCommand,
      GetBucketPolicyCommand,
      GetBucketEncryptionCommand,
      GetBucketVersioningCommand,
      GetObjectLockConfigurationCommand,
    ])
      s3.on(c as never).rejects(awsError('NoSuchBucket', 'nope', 404));
    const d = await describeBucket(testRun('s3.bucket', 'global'), 'arn:aws:s3:::gone', []);
    expect(d.collectionErrors?.[0]).toBe('NoSuchBucket');
  });
});
