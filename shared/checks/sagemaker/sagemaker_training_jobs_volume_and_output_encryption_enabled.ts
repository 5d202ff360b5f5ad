import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, fail, pass, unread } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'sagemaker_training_jobs_volume_and_output_encryption_enabled',
    title: 'SageMaker training jobs encrypt volumes and output with KMS',
    severity: 'HIGH',
    service: 'sagemaker',
    resourceType: 'sagemaker.training-job',
    description: 'Checks that both the training volume (VolumeKmsKeyId) and the output (OutputDataConfig.KmsKeyId) use a KMS key.',
    risk: 'Training volumes and output artifacts hold the training data and the resulting model weights; without a customer key access cannot be restricted by key policy.',
    remediation: {
      text: 'Start training jobs with ResourceConfig.VolumeKmsKeyId and OutputDataConfig.KmsKeyId set (Estimator volume_kms_key / output_kms_key).',
      url: 'https://docs.aws.amazon.com/sagemaker/latest/dg/encryption-at-rest.html',
      cli: 'aws sagemaker create-training-job ... --resource-config InstanceType=ml.m5.xlarge,InstanceCount=1,VolumeSizeInGB=50,VolumeKmsKeyId=<key> --output-data-config S3OutputPath=s3://<bucket>/out,KmsKeyId=<key>',
      cdk: '// set VolumeKmsKeyId and OutputDataConfig.KmsKeyId in the training job definition',
    },
    types: [TYPES.bestPractice, TYPES.dataExposure],
    mappings: maps(M.encryption),
    equivalents: { prowler: ['sagemaker_training_jobs_volume_and_output_encryption_enabled'] },
    categories: ['gen-ai', 'encryption'],
  },
  evaluate(job) {
    const u = unread(job, ['volumeKmsKeyId', 'outputKmsKeyId']);
    if (u) return u;
    const missing = [!job.config.volumeKmsKeyId ? 'volume' : null, !job.config.outputKmsKeyId ? 'output' : null].filter(
      (x): x is string => x !== null,
    );
    if (missing.length > 0) return fail(`Training job ${job.name} does not encrypt its ${missing.join(' and ')} with KMS.`, { missing });
    return pass(`Training job ${job.name} encrypts volume and output with KMS.`);
  },
});
