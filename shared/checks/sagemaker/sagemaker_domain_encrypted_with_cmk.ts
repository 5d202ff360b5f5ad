import { cmkOutcome } from '../lib/kms.ts';
import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, fail, unread } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'sagemaker_domain_encrypted_with_cmk',
    title: 'SageMaker domains encrypt their EFS volume with a customer-managed KMS key',
    severity: 'MEDIUM',
    service: 'sagemaker',
    resourceType: 'sagemaker.domain',
    description: 'Checks that the domain has KmsKeyId set for the home-directory EFS volume.',
    risk: 'Studio home directories hold notebooks, datasets and cached credentials; without a CMK their access cannot be governed by key policy.',
    remediation: {
      text: 'Create the domain with KmsKeyId set (it cannot be changed later) and migrate users.',
      url: 'https://docs.aws.amazon.com/sagemaker/latest/dg/encryption-at-rest-studio.html',
      cli: 'aws sagemaker create-domain ... --kms-key-id <kms-key-arn>',
      cdk: "new sagemaker.CfnDomain(this, 'Domain', { kmsKeyId: key.keyId, ... })",
    },
    types: [TYPES.bestPractice],
    mappings: maps(M.encryption),
    equivalents: {},
    categories: ['gen-ai', 'encryption'],
  },
  evaluate(d) {
    const u = unread(d, ['kmsKeyId']);
    if (u) return u;
    if (!d.config.kmsKeyId) return fail(`Domain ${d.name} is not encrypted with a customer-managed key.`);
    return cmkOutcome(d, d.config.kmsKeyId, (k) => `Domain ${d.name} is encrypted with ${k}`);
  },
});
