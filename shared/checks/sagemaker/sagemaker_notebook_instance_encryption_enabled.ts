import { cmkOutcome } from '../lib/kms.ts';
import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, fail, unread } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'sagemaker_notebook_instance_encryption_enabled',
    title: 'SageMaker notebook instances are encrypted with a customer-managed KMS key',
    severity: 'HIGH',
    service: 'sagemaker',
    resourceType: 'sagemaker.notebook-instance',
    description: 'Checks that the notebook instance storage volume is encrypted with a customer-managed KMS key (KmsKeyId set).',
    risk: 'Notebook volumes hold datasets, credentials cached by SDKs and model artifacts; without a CMK access to the data cannot be governed or revoked by key policy.',
    remediation: {
      text: 'Create a new notebook instance with KmsKeyId set to a customer-managed key, move the work over and delete the old instance (the key cannot be added later).',
      url: 'https://docs.aws.amazon.com/sagemaker/latest/dg/encryption-at-rest-nbi.html',
      cli: 'aws sagemaker create-notebook-instance --notebook-instance-name <name> --instance-type ml.t3.medium --role-arn <role> --kms-key-id <kms-key-arn>',
      cdk: "new sagemaker.CfnNotebookInstance(this, 'NB', { instanceType: 'ml.t3.medium', roleArn, kmsKeyId: key.keyId })",
    },
    types: [TYPES.bestPractice, TYPES.dataExposure],
    mappings: maps(M.encryption),
    equivalents: { prowler: ['sagemaker_notebook_instance_encryption_enabled'], securityHub: ['SageMaker.21'] },
    categories: ['gen-ai', 'encryption'],
  },
  evaluate(nb) {
    const u = unread(nb, ['kmsKeyId']);
    if (u) return u;
    if (!nb.config.kmsKeyId) return fail(`Notebook instance ${nb.name} is not encrypted with a customer-managed key.`);
    return cmkOutcome(nb, nb.config.kmsKeyId, (k) => `Notebook instance ${nb.name} is encrypted with ${k}`);
  },
});
