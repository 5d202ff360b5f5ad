import { cmkOutcome } from '../lib/kms.ts';
import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, fail, unread } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'bedrock_custom_model_encrypted_with_cmk',
    title: 'Bedrock custom models are encrypted with a customer-managed KMS key',
    severity: 'CRITICAL',
    service: 'bedrock',
    resourceType: 'bedrock.custom-model',
    description: 'Checks that a fine-tuned / continued-pretraining / distilled custom model has modelKmsKeyArn set.',
    risk: 'Custom model weights embed the training data (often proprietary or personal). With an AWS-owned key the customer cannot restrict, audit or revoke access to them.',
    remediation: {
      text: 'Custom model encryption is set at customization time: re-run the customization job with customModelKmsKeyId set to a customer-managed key and delete the old model.',
      url: 'https://docs.aws.amazon.com/bedrock/latest/userguide/encryption-custom-job.html',
      cli: 'aws bedrock create-model-customization-job ... --custom-model-kms-key-id <kms-key-arn>',
      cdk: '// CfnModelCustomizationJob is not in CDK: pass customModelKmsKeyId in the CreateModelCustomizationJob call',
    },
    types: [TYPES.bestPractice, TYPES.dataExposure],
    mappings: maps(M.encryption, { atlas: ['AML.T0044'] }),
    equivalents: { prowler: ['bedrock_custom_model_encrypted_with_cmk'] },
    categories: ['gen-ai', 'encryption'],
  },
  evaluate(model) {
    const u = unread(model, ['modelKmsKeyArn']);
    if (u) return u;
    if (!model.config.modelKmsKeyArn) return fail(`Custom model ${model.name} is encrypted with an AWS-owned key.`);
    return cmkOutcome(model, model.config.modelKmsKeyArn, (k) => `Custom model ${model.name} is encrypted with ${k}`, {
      kmsKeyArn: model.config.modelKmsKeyArn,
    });
  },
});
