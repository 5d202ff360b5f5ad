import { cmkOutcome } from '../lib/kms.ts';
import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, fail, unread } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'sagemaker_inference_experiment_instance_storage_encrypted_with_cmk',
    title: 'SageMaker inference experiments encrypt instance storage with a customer-managed key',
    severity: 'MEDIUM',
    service: 'sagemaker',
    resourceType: 'sagemaker.inference-experiment',
    description:
      'Checks that the inference (shadow) experiment sets KmsKey for the storage volumes of the shadow instances (Security Hub SageMaker.23).',
    risk: 'Shadow variants receive a copy of production traffic; their volumes hold model artifacts and request data under an AWS-managed key.',
    remediation: {
      text: 'Create the inference experiment with KmsKey set to a customer-managed key.',
      url: 'https://docs.aws.amazon.com/sagemaker/latest/dg/shadow-tests.html',
      cli: 'aws sagemaker create-inference-experiment ... --kms-key <kms-key-arn>',
      cdk: "new sagemaker.CfnInferenceExperiment(this, 'Shadow', { kmsKey: key.keyArn, ... })",
    },
    types: [TYPES.bestPractice],
    mappings: maps(M.encryption),
    equivalents: { securityHub: ['SageMaker.23'] },
    categories: ['gen-ai', 'encryption'],
  },
  evaluate(x) {
    const u = unread(x, ['kmsKey']);
    if (u) return u;
    if (!x.config.kmsKey) return fail(`Inference experiment ${x.name} does not encrypt instance storage with a customer-managed key.`);
    return cmkOutcome(x, x.config.kmsKey, (k) => `Inference experiment ${x.name} encrypts instance storage with ${k}`);
  },
});
