import { bucketsBroadWrite, UNDECIDED_REASON } from '../lib/context.ts';
import { M, maps, TYPES } from '../lib/mappings.ts';
import { bucketArnOf, defineCheck, fail, manual, pass, unread } from '../lib/outcome.ts';

/** Toxic combination: a training job reads its channels from a bucket that anyone or another account can write. */
export default defineCheck({
  metadata: {
    id: 'sagemaker_training_job_data_bucket_write_restricted',
    title: 'Training data of SageMaker training jobs is not writable by broad principals',
    severity: 'HIGH',
    service: 'sagemaker',
    resourceType: 'sagemaker.training-job',
    description:
      'Follows training job -> input channel buckets and fails when a bucket policy lets anyone (unconditionally, unless RestrictPublicBuckets) or another account write or delete objects.',
    risk: 'Whoever can write the training channels can poison every model trained from them (backdoors, targeted misclassification), and the next retraining picks it up silently.',
    remediation: {
      text: 'Remove public and cross-account write grants from the training bucket, enable Block Public Access and versioning, and restrict writers to the data pipeline role.',
      url: 'https://docs.aws.amazon.com/sagemaker/latest/dg/security-iam.html',
      cli: 'aws s3api put-bucket-policy --bucket <bucket> --policy file://restricted-policy.json',
      cdk: "new s3.Bucket(this, 'TrainingData', { blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL, versioned: true }); bucket.grantWrite(pipelineRole)",
    },
    types: [TYPES.bestPractice, TYPES.dataExposure],
    mappings: maps(M.dataIntegrity, { atlas: ['AML.T0018'] }),
    equivalents: {},
    categories: ['gen-ai', 'toxic-combination', 'data'],
  },
  evaluate(job, ctx) {
    const u = unread(job, ['inputS3Uris']);
    if (u) return u;
    const buckets = [...new Set(job.config.inputS3Uris.map(bucketArnOf).filter((b): b is string => Boolean(b)))];
    if (buckets.length === 0) return [];
    const { problems, undecided, unknown } = bucketsBroadWrite(ctx.graph, buckets, 'Training data');
    if (problems.length > 0)
      return fail(`Training job ${job.name} reads data from bucket(s) writable by broad principals: ${problems.join('; ')}.`, {
        bucketArns: buckets,
      });
    if (unknown) return unknown;
    if (undecided.length > 0)
      return manual(
        `Training job ${job.name}: the policies of input bucket(s) ${undecided.join(', ')} grant no broad write, but ${UNDECIDED_REASON}.`,
        { bucketArns: buckets },
      );
    return pass(`No input bucket of training job ${job.name} grants public or cross-account write.`, { bucketArns: buckets });
  },
});
