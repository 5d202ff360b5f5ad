import { bucketBroadWrite, describeBroad, resolveBucket, UNDECIDED_REASON } from '../lib/context.ts';
import { M, maps, TYPES } from '../lib/mappings.ts';
import { bucketArnOf, defineCheck, fail, manual, pass, unread } from '../lib/outcome.ts';

/** Toxic combination: a custom model trained from a bucket that anyone or another account can write (poisoning). */
export default defineCheck({
  metadata: {
    id: 'bedrock_custom_model_training_data_bucket_write_restricted',
    title: 'Training data of Bedrock custom models is not writable by broad principals',
    severity: 'HIGH',
    service: 'bedrock',
    resourceType: 'bedrock.custom-model',
    description:
      'Follows custom model -> training data bucket and fails when the bucket policy lets anyone (unconditionally) or another account write or delete objects.',
    risk: 'Whoever can write the training set can poison the model (backdoors, biased or harmful behaviour) for every later customization run.',
    remediation: {
      text: 'Remove public and cross-account write grants from the training bucket policy, enable Block Public Access and versioning, and keep a hash manifest of the training set.',
      url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-policies.html',
      cli: 'aws s3api put-public-access-block --bucket <bucket> --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true',
      cdk: "new s3.Bucket(this, 'Training', { blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL, versioned: true, enforceSSL: true })",
    },
    types: [TYPES.bestPractice, TYPES.dataExposure],
    mappings: maps(M.dataIntegrity, { atlas: ['AML.T0018'] }),
    equivalents: {},
    categories: ['gen-ai', 'toxic-combination', 'data'],
  },
  evaluate(model, ctx) {
    const u = unread(model, ['trainingDataS3Uri']);
    if (u) return u;
    const arn = bucketArnOf(model.config.trainingDataS3Uri);
    if (!arn) return [];
    const view = resolveBucket(ctx.graph, arn, 'Training data');
    if (!view.ok) return view.outcome;
    const w = bucketBroadWrite(view.bucket);
    if (!w.ok) return w.outcome;
    if (w.hits.length > 0) {
      return fail(
        `Custom model ${model.name} is trained from bucket ${view.bucket.name}, which broad principals can write: ${describeBroad(w.hits)}.`,
        {
          bucketArn: arn,
          principals: w.hits.map((h) => h.principal),
        },
      );
    }
    if (w.undecided)
      return manual(
        `Training bucket ${view.bucket.name} of custom model ${model.name}: the policy grants no broad write, but ${UNDECIDED_REASON}.`,
        { bucketArn: arn },
      );
    return pass(`Training bucket ${view.bucket.name} of custom model ${model.name} grants no public or cross-account write.`, {
      bucketArn: arn,
    });
  },
});
