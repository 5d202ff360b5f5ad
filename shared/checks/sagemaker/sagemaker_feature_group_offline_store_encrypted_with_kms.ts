import { M, maps, TYPES } from '../lib/mappings.ts';
import { anyKeyOutcome } from '../lib/kms.ts';
import { defineCheck, fail, unread } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'sagemaker_feature_group_offline_store_encrypted_with_kms',
    title: 'SageMaker feature group offline stores are encrypted with KMS',
    severity: 'MEDIUM',
    service: 'sagemaker',
    resourceType: 'sagemaker.feature-group',
    description:
      'Checks that a feature group with an offline store sets S3StorageConfig.KmsKeyId (Security Hub SageMaker.17). Any key passes. A key that is disabled, pending deletion or deleted (or waiting for key material, or unavailable) FAILs: the data cannot be decrypted; a key whose state kms:DescribeKey could not read keeps the verdict, with a note in the evidence.',
    risk: 'Offline feature stores hold the curated training data of many models; without a KMS key access cannot be governed by key policy.',
    remediation: {
      text: 'Recreate the feature group with OfflineStoreConfig.S3StorageConfig.KmsKeyId set.',
      url: 'https://docs.aws.amazon.com/sagemaker/latest/dg/feature-store-security.html',
      cli: 'aws sagemaker create-feature-group ... --offline-store-config S3StorageConfig={S3Uri=s3://<bucket>/fs,KmsKeyId=<kms-key-arn>}',
      cdk: "new sagemaker.CfnFeatureGroup(this, 'FG', { offlineStoreConfig: { S3StorageConfig: { S3Uri, KmsKeyId: key.keyArn } }, ... })",
    },
    types: [TYPES.bestPractice],
    mappings: maps(M.encryption, { owasp: ['LLM04'], iso42001: ['A.7.2'] }),
    equivalents: { securityHub: ['SageMaker.17'] },
    categories: ['gen-ai', 'encryption', 'data'],
  },
  evaluate(fg) {
    const u = unread(fg, ['offlineStoreEnabled', 'offlineStoreKmsKeyId']);
    if (u) return u;
    if (!fg.config.offlineStoreEnabled) return [];
    if (!fg.config.offlineStoreKmsKeyId) return fail(`Offline store of feature group ${fg.name} is not encrypted with a KMS key.`);
    return anyKeyOutcome(
      fg,
      fg.config.offlineStoreKmsKeyId,
      `Offline store of feature group ${fg.name} is encrypted with ${fg.config.offlineStoreKmsKeyId}.`,
      (key) => `Offline store of feature group ${fg.name} is encrypted with ${key}`,
    );
  },
});
