import { cmkOutcome } from '../lib/kms.ts';
import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, fail, unread } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'secretsmanager_secret_ai_provider_key_encrypted_with_cmk',
    title: 'Secrets holding AI provider keys are encrypted with a customer-managed KMS key',
    severity: 'LOW',
    service: 'secretsmanager',
    resourceType: 'secretsmanager.secret',
    description:
      'For secrets identified as AI provider API keys, checks that a customer-managed KMS key (not aws/secretsmanager) encrypts them, so reading the key needs an explicit kms:Decrypt grant.',
    risk: 'With the AWS-managed key, any principal with secretsmanager:GetSecretValue reads the provider key; a CMK adds a second, auditable control.',
    remediation: {
      text: 'Re-encrypt the secret with a customer-managed KMS key whose policy allows only the consuming roles.',
      url: 'https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html',
      cli: 'aws secretsmanager update-secret --secret-id <secret> --kms-key-id <kms-key-arn>',
      cdk: "new secretsmanager.Secret(this, 'ProviderKey', { encryptionKey: key })",
    },
    types: [TYPES.bestPractice],
    mappings: maps(M.secrets, M.encryption),
    equivalents: {},
    categories: ['gen-ai', 'shadow-ai', 'secrets'],
  },
  evaluate(s) {
    const u = unread(s, ['aiProviders', 'kmsKeyId']);
    if (u) return u;
    if (s.config.aiProviders.length === 0) return [];
    const k = s.config.kmsKeyId;
    if (!k) return fail(`Secret ${s.name} holding an AI provider key uses the AWS-managed key.`);
    return cmkOutcome(s, k, (key) => `Secret ${s.name} holding an AI provider key is encrypted with ${key}`);
  },
});
