import { bucketsBroadWrite, UNDECIDED_REASON } from '../lib/context.ts';
import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, fail, manual, pass, unread } from '../lib/outcome.ts';

/** Toxic combination (RAG poisoning path): knowledge base -> S3 data source bucket writable by broad principals. */
export default defineCheck({
  metadata: {
    id: 'bedrock_knowledge_base_source_bucket_write_restricted',
    title: 'Knowledge-base source buckets are not writable by broad principals (RAG poisoning)',
    severity: 'HIGH',
    service: 'bedrock',
    resourceType: 'bedrock.knowledge-base',
    description:
      'Follows knowledge base -> S3 data source buckets and fails when a bucket policy allows anyone (unconditionally, unless RestrictPublicBuckets) or another account to write or delete objects.',
    risk: 'Whoever writes a document into the source bucket controls what the model retrieves: indirect prompt injection and misinformation for every user of the knowledge base (RAG poisoning).',
    remediation: {
      text: 'Remove public and cross-account write grants from the source bucket policy, enable Block Public Access, restrict writers to the ingestion pipeline role, and enable versioning to recover from tampering.',
      url: 'https://docs.aws.amazon.com/bedrock/latest/userguide/kb-permissions.html',
      cli: 'aws s3api put-bucket-policy --bucket <bucket> --policy file://restricted-policy.json && aws s3api put-public-access-block --bucket <bucket> --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true',
      cdk: "new s3.Bucket(this, 'KbSource', { blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL, versioned: true }); bucket.grantWrite(ingestRole)",
    },
    types: [TYPES.bestPractice, TYPES.dataExposure],
    mappings: maps(M.rag),
    equivalents: {},
    categories: ['gen-ai', 'toxic-combination', 'rag'],
  },
  evaluate(kb, ctx) {
    const u = unread(kb, ['dataSources']);
    if (u) return u;
    const buckets = [...new Set(kb.config.dataSources.map((d) => d.bucketArn).filter((b): b is string => Boolean(b)))];
    if (buckets.length === 0) return [];
    const { problems, principals, undecided, unknown } = bucketsBroadWrite(ctx.graph, buckets, 'Knowledge-base source');
    if (problems.length > 0) {
      return fail(`Knowledge base ${kb.name} ingests from bucket(s) writable by broad principals: ${problems.join('; ')}.`, {
        bucketArns: buckets,
        principals,
      });
    }
    if (unknown) return unknown;
    if (undecided.length > 0)
      return manual(
        `Knowledge base ${kb.name}: the policies of source bucket(s) ${undecided.join(', ')} grant no broad write, but ${UNDECIDED_REASON}.`,
        { bucketArns: buckets },
      );
    return pass(`No source bucket of knowledge base ${kb.name} grants public or cross-account write.`, { bucketArns: buckets });
  },
});
