import { M, maps, TYPES } from '../lib/mappings.ts';
import { anyKeyOutcome } from '../lib/kms.ts';
import { defineCheck, fail, manual, pass, unread } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 's3_ai_bucket_kms_encryption_enabled',
    title: 'AI data buckets use SSE-KMS default encryption',
    severity: 'MEDIUM',
    service: 's3',
    resourceType: 's3.bucket',
    description:
      'Buckets referenced by AI assets must default to SSE-KMS (aws:kms or aws:kms:dsse), so access to training data, model artifacts and logs needs a KMS grant and is logged in CloudTrail. Any key passes (the AWS-managed aws/s3 key included). A key that is disabled, pending deletion or deleted (or waiting for key material, or unavailable) FAILs: the data cannot be decrypted; a key whose state kms:DescribeKey could not read keeps the verdict, with a note in the evidence.',
    risk: 'With SSE-S3 (or none), anyone with s3:GetObject reads the data; there is no second, key-level control and no per-use audit trail.',
    remediation: {
      text: 'Set default encryption to SSE-KMS with a customer-managed key and enable S3 Bucket Keys.',
      url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html',
      cli: 'aws s3api put-bucket-encryption --bucket <bucket> --server-side-encryption-configuration \'{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms","KMSMasterKeyID":"<kms-key-arn>"},"BucketKeyEnabled":true}]}\'',
      cdk: "new s3.Bucket(this, 'Data', { encryption: s3.BucketEncryption.KMS, encryptionKey: key, bucketKeyEnabled: true })",
    },
    types: [TYPES.bestPractice],
    mappings: maps(M.encryption),
    equivalents: {},
    categories: ['gen-ai', 'data', 'encryption'],
  },
  evaluate(b) {
    if (b.config?.external) return manual(`Bucket ${b.name} is in another account; review its encryption there.`);
    const u = unread(b, ['encryption']);
    if (u) return u;
    const e = b.config.encryption;
    if (!e) return fail(`AI data bucket ${b.name} has no default encryption.`);
    if (!e.algorithm.startsWith('aws:kms'))
      return fail(`AI data bucket ${b.name} uses ${e.algorithm} instead of SSE-KMS.`, { algorithm: e.algorithm });
    if (!e.kmsKeyId) return pass(`AI data bucket ${b.name} uses ${e.algorithm}.`, { algorithm: e.algorithm });
    return anyKeyOutcome(
      b,
      e.kmsKeyId,
      `AI data bucket ${b.name} uses ${e.algorithm} with ${e.kmsKeyId}.`,
      (key) => `AI data bucket ${b.name} uses ${e.algorithm} with ${key}`,
      { algorithm: e.algorithm },
    );
  },
});
