import { cmkOutcome } from '../lib/kms.ts';
import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, fail, unread } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'sagemaker_inference_experiment_data_storage_encrypted_with_cmk',
    title: 'SageMaker inference experiments encrypt captured data with a customer-managed key',
    severity: 'MEDIUM',
    service: 'sagemaker',
    resourceType: 'sagemaker.inference-experiment',
    description:
      'Checks that the data storage config of the inference experiment (captured shadow traffic) sets a KMS key (Security Hub SageMaker.24).',
    risk: 'Captured production and shadow responses contain request data; without a CMK their readers cannot be restricted by key policy.',
    remediation: {
      text: 'Create the inference experiment with DataStorageConfig.KmsKey set.',
      url: 'https://docs.aws.amazon.com/sagemaker/latest/dg/shadow-tests.html',
      cli: 'aws sagemaker create-inference-experiment ... --data-storage-config Destination=s3://<bucket>/shadow,KmsKey=<kms-key-arn>',
      cdk: "new sagemaker.CfnInferenceExperiment(this, 'Shadow', { dataStorageConfig: { destination, kmsKey: key.keyArn }, ... })",
    },
    types: [TYPES.bestPractice, TYPES.dataExposure],
    mappings: maps(M.encryption),
    equivalents: { securityHub: ['SageMaker.24'] },
    categories: ['gen-ai', 'encryption'],
  },
  evaluate(x) {
    const u = unread(x, ['dataStorageKmsKey']);
    if (u) return u;
    if (!x.config.dataStorageKmsKey)
      return fail(`Inference experiment ${x.name} does not encrypt captured data with a customer-managed key.`);
    return cmkOutcome(x, x.config.dataStorageKmsKey, (k) => `Inference experiment ${x.name} encrypts captured data with ${k}`);
  },
});
