import { ACL_READ, aclsMayGrant, conditionalPublic, publicAclGrants, UNDECIDED_REASON } from '../lib/context.ts';
import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, fail, manual, pass, unread } from '../lib/outcome.ts';
import { broadAccess } from '../lib/policy.ts';

const READ_ACTIONS = ['s3:GetObject', 's3:GetObjectVersion', 's3:ListBucket'];

export default defineCheck({
  metadata: {
    id: 's3_ai_bucket_policy_read_not_public',
    title: 'AI data bucket policies do not grant public read',
    severity: 'HIGH',
    service: 's3',
    resourceType: 's3.bucket',
    description:
      'Fails a bucket referenced by AI assets whose policy allows s3:GetObject / GetObjectVersion / ListBucket to `*` without a condition, unless RestrictPublicBuckets neutralises it.',
    risk: 'Public training data, knowledge-base documents, model artifacts or invocation logs are readable by anyone: data disclosure and model theft.',
    remediation: {
      text: 'Remove the public statement, enable Block Public Access, and share through presigned URLs, CloudFront with OAC, or named principals.',
      url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html',
      cli: 'aws s3api delete-bucket-policy --bucket <bucket> && aws s3api put-public-access-block --bucket <bucket> --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true',
      cdk: "new s3.Bucket(this, 'Data', { blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL })",
    },
    types: [TYPES.bestPractice, TYPES.dataExposure],
    mappings: maps(M.encryption, {
      owasp: ['LLM02', 'LLM08'],
      atlas: ['AML.T0035', 'AML.T0044'],
      iso42001: ['A.7.2'],
      euAiAct: ['Art. 10'],
    }),
    equivalents: {},
    categories: ['gen-ai', 'data'],
  },
  evaluate(b) {
    if (b.config?.external) return manual(`Bucket ${b.name} is in another account; review its policy there.`);
    const u = unread(b, ['policyStatements', 'publicAccessBlock']);
    if (u) return u;
    const restrictPublic = Boolean(b.config.publicAccessBlock?.restrictPublicBuckets);
    const hits = broadAccess(b.config.policyStatements ?? [], b.accountId, READ_ACTIONS, { restrictPublic }).filter(
      (h) => h.breadth === 'anyone',
    );
    if (hits.length > 0)
      return fail(`AI data bucket ${b.name} is publicly readable (${[...new Set(hits.flatMap((h) => h.actions))].join(', ')}).`, {
        usage: b.config.referencedBy.map((r) => r.usage),
      });
    const aclRead = publicAclGrants(b, ACL_READ);
    if (aclRead.length > 0)
      return fail(
        `The ACL of AI data bucket ${b.name} opens it to ${aclRead.map((g) => `${g.grantee} (${g.permission})`).join(', ')}: READ lists its objects, WRITE_ACP and FULL_CONTROL can grant that.`,
        { usage: b.config.referencedBy.map((r) => r.usage) },
      );
    if (aclsMayGrant(b) || conditionalPublic(b.config.policyStatements ?? [], READ_ACTIONS, restrictPublic))
      return manual(`The policy of AI data bucket ${b.name} grants no public read, but ${UNDECIDED_REASON}.`);
    return pass(`AI data bucket ${b.name} grants no public read.`);
  },
});
