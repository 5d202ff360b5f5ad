import { cmkOutcome } from '../lib/kms.ts';
import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, fail, unread } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'bedrock_imported_model_encrypted_with_cmk',
    title: 'Bedrock imported models are encrypted with a customer-managed KMS key',
    severity: 'HIGH',
    service: 'bedrock',
    resourceType: 'bedrock.imported-model',
    description: 'Checks that a model brought in with Custom Model Import has modelKmsKeyArn set.',
    risk: "Imported weights are the organisation's model IP; with an AWS-owned key access cannot be restricted or revoked by key policy.",
    remediation: {
      text: 'Re-import the model with importedModelKmsKeyId set to a customer-managed key and delete the old imported model.',
      url: 'https://docs.aws.amazon.com/bedrock/latest/userguide/encryption-import-model.html',
      cli: 'aws bedrock create-model-import-job ... --imported-model-kms-key-id <kms-key-arn>',
      cdk: '// pass importedModelKmsKeyId in CreateModelImportJob',
    },
    types: [TYPES.bestPractice],
    mappings: maps(M.encryption, { atlas: ['AML.T0044'] }),
    equivalents: {},
    categories: ['gen-ai', 'encryption'],
  },
  evaluate(model) {
    const u = unread(model, ['modelKmsKeyArn']);
    if (u) return u;
    if (!model.config.modelKmsKeyArn) return fail(`Imported model ${model.name} is encrypted with an AWS-owned key.`);
    return cmkOutcome(model, model.config.modelKmsKeyArn, (k) => `Imported model ${model.name} is encrypted with ${k}`, {
      kmsKeyArn: model.config.modelKmsKeyArn,
    });
  },
});
