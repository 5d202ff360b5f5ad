import { bucketBroadWrite, describeBroad, UNDECIDED_REASON } from '../lib/context.ts';
import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, fail, manual, pass } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 's3_ai_bucket_policy_write_restricted',
    title: 'AI data bucket policies do not grant write to anyone or to other accounts',
    severity: 'HIGH',
    service: 's3',
    resourceType: 's3.bucket',
    description:
      'Fails a bucket referenced by AI assets whose policy allows s3:PutObject / DeleteObject / PutObjectAcl / PutBucketPolicy to `*` (unconditionally, unless RestrictPublicBuckets) or to principals of other accounts.',
    risk: 'Outside writers can poison training sets and RAG sources or swap model artifacts.',
    remediation: {
      text: 'Remove public and cross-account write statements; give write access only to the pipeline roles that produce the data.',
      url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-policies.html',
      cli: 'aws s3api put-bucket-policy --bucket <bucket> --policy file://restricted-policy.json',
      cdk: 'bucket.grantWrite(pipelineRole) // and no AnyPrincipal / AccountPrincipal(other) statements',
    },
    types: [TYPES.bestPractice, TYPES.dataExposure],
    mappings: maps(M.dataIntegrity, M.rag, { owasp: ['LLM03'] }),
    equivalents: {},
    categories: ['gen-ai', 'data'],
  },
  evaluate(b) {
    if (b.config?.external)
      return manual(
        `Bucket ${b.name} belongs to another account: its owner's Block Public Access applies; review its policy and public access there.`,
      );
    const w = bucketBroadWrite(b);
    if (!w.ok) return w.outcome;
    if (w.hits.length > 0)
      return fail(`AI data bucket ${b.name} can be written by ${describeBroad(w.hits)}.`, {
        principals: w.hits.map((h) => h.principal),
      });
    if (w.undecided)
      return manual(`The policy of AI data bucket ${b.name} grants no public or cross-account write, but ${UNDECIDED_REASON}.`);
    return pass(`AI data bucket ${b.name} grants no public or cross-account write (policy checked, public ACLs ignored).`);
  },
});
