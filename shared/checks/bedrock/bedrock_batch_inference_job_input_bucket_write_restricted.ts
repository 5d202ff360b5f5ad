import { bucketBroadWrite, describeBroad, resolveBucket, UNDECIDED_REASON } from '../lib/context.ts';
import { M, maps, TYPES } from '../lib/mappings.ts';
import { bucketArnOf, defineCheck, fail, manual, pass, unread } from '../lib/outcome.ts';

/** Toxic combination: a batch job that reads its prompts from a bucket anyone or another account can write. */
export default defineCheck({
  metadata: {
    id: 'bedrock_batch_inference_job_input_bucket_write_restricted',
    title: 'Input data of Bedrock batch inference jobs is not writable by broad principals',
    severity: 'HIGH',
    service: 'bedrock',
    resourceType: 'bedrock.batch-inference-job',
    description:
      'Follows batch inference job -> input bucket and fails when the bucket policy or ACL lets anyone (unconditionally) or another account write or delete objects. Jobs in scope: running, or ended within the last 30 days.',
    risk: 'Whoever can write the input records chooses the prompts the job sends to the model under the job role: injected instructions shape outputs that downstream systems consume, and added records run up the bill (cost harvesting).',
    remediation: {
      text: 'Remove public and cross-account write grants from the input bucket policy and ACLs, enable Block Public Access and Object Ownership BucketOwnerEnforced, and validate the input files before submitting the job.',
      url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-policies.html',
      cli: 'aws s3api put-public-access-block --bucket <bucket> --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true',
      cdk: "new s3.Bucket(this, 'BatchInput', { blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL, objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED, enforceSSL: true })",
    },
    types: [TYPES.bestPractice, TYPES.dataExposure],
    mappings: maps(M.dataIntegrity, { owasp: ['LLM01', 'LLM10'], atlas: ['AML.T0051.001', 'AML.T0034'] }),
    equivalents: {},
    categories: ['gen-ai', 'toxic-combination', 'data'],
  },
  evaluate(job, ctx) {
    const u = unread(job, ['inputS3Uri']);
    if (u) return u;
    const arn = bucketArnOf(job.config.inputS3Uri);
    if (!arn) return [];
    const view = resolveBucket(ctx.graph, arn, 'Batch input');
    if (!view.ok) return view.outcome;
    const w = bucketBroadWrite(view.bucket);
    if (!w.ok) return w.outcome;
    if (w.hits.length > 0)
      return fail(
        `Batch inference job ${job.name} reads its input from bucket ${view.bucket.name}, which broad principals can write: ${describeBroad(w.hits)}.`,
        { bucketArn: arn, principals: w.hits.map((h) => h.principal) },
      );
    if (w.undecided)
      return manual(
        `Input bucket ${view.bucket.name} of batch inference job ${job.name}: the policy grants no broad write, but ${UNDECIDED_REASON}.`,
        { bucketArn: arn },
      );
    return pass(`Input bucket ${view.bucket.name} of batch inference job ${job.name} grants no public or cross-account write.`, {
      bucketArn: arn,
    });
  },
});
