import { cmkOutcome } from '../lib/kms.ts';
import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, fail, unread } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'sagemaker_endpoint_config_data_capture_encrypted_with_cmk',
    title: 'SageMaker data capture is encrypted with a customer-managed KMS key',
    severity: 'MEDIUM',
    service: 'sagemaker',
    resourceType: 'sagemaker.endpoint-config',
    description:
      'When data capture is enabled, its KmsKeyId must be set so captured requests and responses are encrypted with a customer key.',
    risk: 'Captured traffic contains raw prompts, features and predictions (often personal data); without a CMK its readers cannot be restricted by key policy.',
    remediation: {
      text: 'Create a new endpoint configuration whose DataCaptureConfig has KmsKeyId set and update the endpoint.',
      url: 'https://docs.aws.amazon.com/sagemaker/latest/dg/model-monitor-data-capture.html',
      cli: 'aws sagemaker create-endpoint-config ... --data-capture-config EnableCapture=true,InitialSamplingPercentage=100,DestinationS3Uri=s3://<bucket>/capture,KmsKeyId=<kms-key-arn>,CaptureOptions=[{CaptureMode=Input},{CaptureMode=Output}]',
      cdk: "dataCaptureConfig: { enableCapture: true, initialSamplingPercentage: 100, destinationS3Uri, kmsKeyId: key.keyArn, captureOptions: [{ captureMode: 'Input' }, { captureMode: 'Output' }] }",
    },
    types: [TYPES.bestPractice, TYPES.dataExposure],
    mappings: maps(M.encryption),
    equivalents: {},
    categories: ['gen-ai', 'encryption'],
  },
  evaluate(ec) {
    const u = unread(ec, ['dataCapture']);
    if (u) return u;
    const dc = ec.config.dataCapture;
    if (!dc?.enabled) return [];
    if (!dc.kmsKeyId)
      return fail(`Data capture of ${ec.name} to ${dc.destinationS3Uri ?? 'S3'} is not encrypted with a customer-managed key.`);
    return cmkOutcome(ec, dc.kmsKeyId, (k) => `Data capture of ${ec.name} is encrypted with ${k}`);
  },
});
