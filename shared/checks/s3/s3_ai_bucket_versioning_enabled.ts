import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, fail, manual, pass, unread } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 's3_ai_bucket_versioning_enabled',
    title: 'AI data buckets have versioning enabled',
    severity: 'MEDIUM',
    service: 's3',
    resourceType: 's3.bucket',
    description:
      'Buckets referenced by AI assets must have versioning enabled so overwritten training data, knowledge-base documents and model artifacts can be compared and restored.',
    risk: 'Without versioning, poisoning or tampering overwrites the only copy: there is no evidence of what changed and no rollback.',
    remediation: {
      text: 'Enable versioning (and a lifecycle rule for noncurrent versions); consider Object Lock for model artifacts.',
      url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html',
      cli: 'aws s3api put-bucket-versioning --bucket <bucket> --versioning-configuration Status=Enabled',
      cdk: "new s3.Bucket(this, 'Data', { versioned: true })",
    },
    types: [TYPES.bestPractice],
    mappings: maps(M.dataIntegrity, { owasp: ['LLM03'], atlas: ['AML.T0018'] }),
    equivalents: {},
    categories: ['gen-ai', 'data'],
  },
  evaluate(b) {
    if (b.config?.external) return manual(`Bucket ${b.name} is in another account; review its versioning there.`);
    const u = unread(b, ['versioning']);
    if (u) return u;
    if (b.config.versioning !== 'Enabled')
      return fail(`AI data bucket ${b.name} has versioning ${b.config.versioning}.`, { versioning: b.config.versioning });
    return pass(`AI data bucket ${b.name} has versioning enabled.`);
  },
});
