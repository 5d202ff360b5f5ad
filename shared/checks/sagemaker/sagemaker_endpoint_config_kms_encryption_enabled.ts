import { M, maps, TYPES } from '../lib/mappings.ts';
import { anyKeyOutcome } from '../lib/kms.ts';
import { defineCheck, fail, unread } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'sagemaker_endpoint_config_kms_encryption_enabled',
    title: 'SageMaker endpoint configurations encrypt storage volumes with KMS',
    severity: 'MEDIUM',
    service: 'sagemaker',
    resourceType: 'sagemaker.endpoint-config',
    description:
      'Checks that the endpoint configuration sets KmsKeyId for the ML storage volumes of its instances (serverless-only configurations are not applicable). Any key passes. A key that is disabled, pending deletion or deleted (or waiting for key material, or unavailable) FAILs: the data cannot be decrypted; a key whose state kms:DescribeKey could not read keeps the verdict, with a note in the evidence.',
    risk: 'Inference instance volumes hold the model artifact and request data; without a customer key their access cannot be governed.',
    remediation: {
      text: 'Create a new endpoint configuration with KmsKeyId and update the endpoint to it.',
      url: 'https://docs.aws.amazon.com/sagemaker/latest/dg/encryption-at-rest.html',
      cli: 'aws sagemaker create-endpoint-config --endpoint-config-name <new> --production-variants file://variants.json --kms-key-id <kms-key-arn> && aws sagemaker update-endpoint --endpoint-name <ep> --endpoint-config-name <new>',
      cdk: "new sagemaker.CfnEndpointConfig(this, 'EC', { kmsKeyId: key.keyArn, productionVariants: [...] })",
    },
    types: [TYPES.bestPractice],
    mappings: maps(M.encryption),
    equivalents: { prowler: ['sagemaker_endpoint_config_kms_encryption_enabled'] },
    categories: ['gen-ai', 'encryption'],
  },
  evaluate(ec) {
    const u = unread(ec, ['kmsKeyId', 'variants']);
    if (u) return u;
    if (ec.config.variants.length > 0 && ec.config.variants.every((v) => v.serverless)) return [];
    if (!ec.config.kmsKeyId) return fail(`Endpoint configuration ${ec.name} does not encrypt instance storage with a KMS key.`);
    return anyKeyOutcome(
      ec,
      ec.config.kmsKeyId,
      `Endpoint configuration ${ec.name} encrypts instance storage with ${ec.config.kmsKeyId}.`,
      (key) => `Endpoint configuration ${ec.name} encrypts instance storage with ${key}`,
    );
  },
});
