import { resolveBucket } from '../lib/context.ts';
import { cmkOutcome } from '../lib/kms.ts';
import { M, maps, TYPES } from '../lib/mappings.ts';
import { bucketArnOf, defineCheck, fail, unread } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'bedrock_batch_inference_job_output_encrypted_with_cmk',
    title: 'Bedrock batch inference output is encrypted with a customer-managed KMS key',
    severity: 'MEDIUM',
    service: 'bedrock',
    resourceType: 'bedrock.batch-inference-job',
    description:
      "Checks outputDataConfig.s3OutputDataConfig.s3EncryptionKeyId of a batch inference job (running, or ended within the last 30 days). When the job sets no key, its output gets the output bucket's default encryption, which passes only when that is SSE-KMS with a customer-managed key.",
    risk: "Batch output is the model's answer to every input record, often over bulk business or personal data. With S3-managed or AWS-managed keys, who may decrypt it cannot be restricted or revoked through a key policy, and reads are not visible in KMS audit logs.",
    remediation: {
      text: 'Submit batch jobs with s3EncryptionKeyId set to a customer-managed key (or give the output bucket SSE-KMS default encryption with one); the job service role needs kms:GenerateDataKey on it.',
      url: 'https://docs.aws.amazon.com/bedrock/latest/userguide/batch-inference-create.html',
      cli: "aws bedrock create-model-invocation-job ... --output-data-config 's3OutputDataConfig={s3Uri=s3://<bucket>/<prefix>/,s3EncryptionKeyId=<kms-key-arn>}'",
      cdk: "new s3.Bucket(this, 'BatchOutput', { encryption: s3.BucketEncryption.KMS, encryptionKey: key, bucketKeyEnabled: true })",
    },
    types: [TYPES.bestPractice],
    mappings: maps(M.encryption),
    equivalents: {},
    categories: ['gen-ai', 'encryption'],
  },
  evaluate(job, ctx) {
    const u = unread(job, ['outputKmsKeyId', 'outputS3Uri']);
    if (u) return u;
    const key = job.config.outputKmsKeyId;
    if (key) return cmkOutcome(job, key, (k) => `Batch inference job ${job.name} encrypts its output with ${k}`, { kmsKeyId: key });
    // no job key: the output bucket's default encryption decides
    const arn = bucketArnOf(job.config.outputS3Uri);
    if (!arn) return fail(`Batch inference job ${job.name} sets no output encryption key.`);
    const view = resolveBucket(ctx.graph, arn, 'Batch output');
    if (!view.ok) return view.outcome;
    const bu = unread(view.bucket, ['encryption']);
    if (bu) return bu;
    const e = view.bucket.config.encryption;
    // the bucket's key facts were collected with the bucket
    if (e?.algorithm.startsWith('aws:kms') && e.kmsKeyId)
      return cmkOutcome(
        view.bucket,
        e.kmsKeyId,
        (k) => `Batch inference job ${job.name} sets no key, and its output bucket ${view.bucket.name} encrypts by default with ${k}`,
        { bucketArn: arn, kmsKeyId: e.kmsKeyId },
      );
    return fail(
      `Batch inference job ${job.name} sets no output key and its output bucket ${view.bucket.name} encrypts with ${e ? `${e.algorithm}${e.kmsKeyId ? ` (${e.kmsKeyId})` : ' (AWS-managed key)'}` : 'no default encryption'}.`,
      { bucketArn: arn, bucketEncryption: e?.algorithm ?? null },
    );
  },
});
