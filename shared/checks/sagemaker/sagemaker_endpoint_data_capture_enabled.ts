import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, fail, pass, unread } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'sagemaker_endpoint_data_capture_enabled',
    title: 'SageMaker endpoints capture inference data',
    severity: 'LOW',
    service: 'sagemaker',
    resourceType: 'sagemaker.endpoint',
    description:
      'Checks that the live endpoint has data capture enabled with a sampling percentage above 0 (CloudTrail does not record InvokeEndpoint, so capture is the only record of inference traffic).',
    risk: 'Without captured requests and responses, abuse of the model (extraction, inversion, prompt injection) and drift cannot be detected or investigated.',
    remediation: {
      text: 'Enable data capture on the endpoint configuration (Input and Output, encrypted, a sampling rate matched to volume) and update the endpoint.',
      url: 'https://docs.aws.amazon.com/sagemaker/latest/dg/model-monitor-data-capture.html',
      cli: 'aws sagemaker update-endpoint --endpoint-name <ep> --endpoint-config-name <config-with-capture>',
      cdk: 'dataCaptureConfig: { enableCapture: true, initialSamplingPercentage: 20, destinationS3Uri, kmsKeyId, captureOptions: [...] }',
    },
    types: [TYPES.bestPractice],
    mappings: maps(M.monitoring, M.logging, { atlas: ['AML.T0024'] }),
    equivalents: {},
    categories: ['gen-ai', 'logging'],
  },
  evaluate(ep) {
    const u = unread(ep, ['dataCapture']);
    if (u) return u;
    const dc = ep.config.dataCapture;
    if (!dc?.enabled || (dc.samplingPercentage ?? 0) <= 0) return fail(`Endpoint ${ep.name} does not capture inference data.`);
    return pass(`Endpoint ${ep.name} captures ${dc.samplingPercentage}% of inference traffic to ${dc.destinationS3Uri ?? 'S3'}.`);
  },
});
