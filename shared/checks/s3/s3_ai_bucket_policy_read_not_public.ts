import { ACL_READ, aclsMayGrant, conditionalPublic, publicAclGrants, UNDECIDED_REASON } from '../lib/context.ts';
import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, error, fail, manual, pass, unread } from '../lib/outcome.ts';
import { broadAccess } from '../lib/policy.ts';
import { accountUnreadReason, assumePab, effectivePab, pabEvidence } from '../lib/s3.ts';

const READ_ACTIONS = ['s3:GetObject', 's3:GetObjectVersion', 's3:ListBucket'];

export default defineCheck({
  metadata: {
    id: 's3_ai_bucket_policy_read_not_public',
    title: 'AI data bucket policies do not grant public read',
    severity: 'HIGH',
    service: 's3',
    resourceType: 's3.bucket',
    description:
      'Fails a bucket referenced by AI assets whose policy allows s3:GetObject / GetObjectVersion / ListBucket to `*` without a condition, unless RestrictPublicBuckets (bucket or account level) neutralises it.',
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
    if (b.config?.external)
      return manual(
        `Bucket ${b.name} belongs to another account: its owner's Block Public Access applies; review its policy and public access there.`,
      );
    const u = unread(b, ['policyStatements', 'publicAccessBlock']);
    if (u) return u;
    // S3 applies each Block Public Access flag set at the bucket or the account level. Verdicts are computed with the
    // flags whose account level could not be read taken as on (what stands whatever it says: FAIL) and as off (what
    // it might allow: not a PASS while unconfirmed).
    const e = effectivePab(b);
    const statements = b.config.policyStatements ?? [];
    const usage = b.config.referencedBy.map((r) => r.usage);
    const view = (restrictPublic: boolean, ignorePublicAcls: boolean) => {
      const pab = { ...assumePab(e, false), restrictPublicBuckets: restrictPublic, ignorePublicAcls };
      return {
        hits: broadAccess(statements, b.accountId, READ_ACTIONS, { restrictPublic }).filter((h) => h.breadth === 'anyone'),
        aclRead: publicAclGrants(b, ACL_READ, pab),
        undecided: aclsMayGrant(b, pab) || conditionalPublic(statements, READ_ACTIONS, restrictPublic),
      };
    };
    const sure = view(e.flags.restrictPublicBuckets ?? true, e.flags.ignorePublicAcls ?? true);
    const ev = pabEvidence(e);
    if (sure.hits.length > 0)
      return fail(`AI data bucket ${b.name} is publicly readable (${[...new Set(sure.hits.flatMap((h) => h.actions))].join(', ')}).`, {
        usage,
        ...ev,
      });
    if (sure.aclRead.length > 0)
      return fail(
        `The ACL of AI data bucket ${b.name} opens it to ${sure.aclRead.map((g) => `${g.grantee} (${g.permission})`).join(', ')}: READ lists its objects, WRITE_ACP and FULL_CONTROL can grant that.`,
        { usage, ...ev },
      );
    const worst = view(e.flags.restrictPublicBuckets ?? false, e.flags.ignorePublicAcls ?? false);
    if (worst.hits.length > 0 || worst.aclRead.length > 0 || (worst.undecided && !sure.undecided))
      return error(
        `AI data bucket ${b.name} is publicly readable (${worst.hits.length > 0 ? 'its policy grants * read' : worst.aclRead.length > 0 ? 'its ACL grants public read' : 'an object ACL or a conditional grant to *'}) unless the account level turns on ${worst.hits.length > 0 ? 'RestrictPublicBuckets' : 'IgnorePublicAcls'}, but ${accountUnreadReason(e)}.`,
        { usage, ...ev },
      );
    if (worst.undecided) return manual(`The policy of AI data bucket ${b.name} grants no public read, but ${UNDECIDED_REASON}.`, ev);
    const neutralised = broadAccess(statements, b.accountId, READ_ACTIONS).some((h) => h.breadth === 'anyone' && !h.conditional);
    if (neutralised)
      return pass(
        `AI data bucket ${b.name} grants no effective public read: its policy grants * read, but RestrictPublicBuckets (${e.levels.restrictPublicBuckets} level) limits access to this account and AWS services.`,
        ev,
      );
    return pass(`AI data bucket ${b.name} grants no public read.`, ev);
  },
});
