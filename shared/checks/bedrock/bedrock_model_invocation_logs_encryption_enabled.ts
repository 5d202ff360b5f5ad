import { resolveBucket } from '../lib/context.ts';
import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, error, fail, pass, unread } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'bedrock_model_invocation_logs_encryption_enabled',
    title: 'Bedrock invocation log destinations are encrypted',
    severity: 'HIGH',
    service: 'bedrock',
    resourceType: 'bedrock.logging-config',
    description:
      'When invocation logging is on, the S3 destination bucket must have default encryption and the CloudWatch log group must be encrypted with a KMS key.',
    risk: 'Invocation logs contain full prompts and completions, often with personal and confidential data; unencrypted destinations widen who can read them.',
    remediation: {
      text: 'Associate a KMS key with the log group and enable SSE-KMS default encryption on the log bucket.',
      url: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html',
      cli: 'aws logs associate-kms-key --log-group-name <group> --kms-key-id <kms-key-arn> && aws s3api put-bucket-encryption --bucket <bucket> --server-side-encryption-configuration \'{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms","KMSMasterKeyID":"<kms-key-arn>"}}]}\'',
      cdk: "new logs.LogGroup(this, 'Invocations', { encryptionKey: key, retention: logs.RetentionDays.ONE_YEAR })",
    },
    types: [TYPES.bestPractice, TYPES.dataExposure],
    mappings: maps(M.logging, M.encryption),
    equivalents: { prowler: ['bedrock_model_invocation_logs_encryption_enabled'] },
    categories: ['gen-ai', 'logging', 'encryption'],
  },
  evaluate(cfg, ctx) {
    const u = unread(cfg, ['enabled', 's3', 'cloudWatch']);
    if (u) return u;
    if (!cfg.config.enabled) return [];
    const problems: string[] = [];
    if (cfg.config.cloudWatch) {
      if (cfg.config.logGroup === undefined) return error(`Log group ${cfg.config.cloudWatch.logGroupName} could not be read.`);
      if (!cfg.config.logGroup?.kmsKeyId) problems.push(`log group ${cfg.config.cloudWatch.logGroupName} has no KMS key`);
    }
    if (cfg.config.s3) {
      const view = resolveBucket(ctx.graph, `arn:aws:s3:::${cfg.config.s3.bucketName}`, 'Invocation log');
      if (!view.ok) return view.outcome;
      const enc = view.bucket.config.encryption;
      if (enc === undefined) return error(`Encryption of log bucket ${cfg.config.s3.bucketName} could not be read.`);
      if (enc === null) problems.push(`bucket ${cfg.config.s3.bucketName} has no default encryption`);
    }
    if (problems.length > 0) return fail(`Invocation logs in ${cfg.region} are not encrypted: ${problems.join('; ')}.`, { problems });
    return pass(`Invocation log destinations in ${cfg.region} are encrypted.`);
  },
});
