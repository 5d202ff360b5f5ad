import { M, maps, TYPES } from '../lib/mappings.ts';
import { anyKeyOutcome } from '../lib/kms.ts';
import { defineCheck, fail, unread } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'sagemaker_feature_group_online_store_encrypted_with_kms',
    title: 'SageMaker feature group online stores are encrypted with KMS',
    severity: 'MEDIUM',
    service: 'sagemaker',
    resourceType: 'sagemaker.feature-group',
    description:
      'Checks that a feature group with an online store sets SecurityConfig.KmsKeyId (Security Hub SageMaker.18). Any key passes. A key that is disabled, pending deletion or deleted (or waiting for key material, or unavailable) FAILs: the data cannot be decrypted; a key whose state kms:DescribeKey could not read keeps the verdict, with a note in the evidence.',
    risk: 'Online feature stores serve features (often personal data) to live models; without a KMS key access cannot be governed by key policy.',
    remediation: {
      text: 'Recreate the feature group with OnlineStoreConfig.SecurityConfig.KmsKeyId set.',
      url: 'https://docs.aws.amazon.com/sagemaker/latest/dg/feature-store-security.html',
      cli: 'aws sagemaker create-feature-group ... --online-store-config EnableOnlineStore=true,SecurityConfig={KmsKeyId=<kms-key-arn>}',
      cdk: "new sagemaker.CfnFeatureGroup(this, 'FG', { onlineStoreConfig: { EnableOnlineStore: true, SecurityConfig: { KmsKeyId: key.keyArn } }, ... })",
    },
    types: [TYPES.bestPractice],
    mappings: maps(M.encryption, { iso42001: ['A.7.2'] }),
    equivalents: { securityHub: ['SageMaker.18'] },
    categories: ['gen-ai', 'encryption', 'data'],
  },
  evaluate(fg) {
    const u = unread(fg, ['onlineStoreEnabled', 'onlineStoreKmsKeyId']);
    if (u) return u;
    if (!fg.config.onlineStoreEnabled) return [];
    if (!fg.config.onlineStoreKmsKeyId) return fail(`Online store of feature group ${fg.name} is not encrypted with a KMS key.`);
    return anyKeyOutcome(
      fg,
      fg.config.onlineStoreKmsKeyId,
      `Online store of feature group ${fg.name} is encrypted with ${fg.config.onlineStoreKmsKeyId}.`,
      (key) => `Online store of feature group ${fg.name} is encrypted with ${key}`,
    );
  },
});
