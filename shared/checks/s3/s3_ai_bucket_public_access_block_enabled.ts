import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, error, fail, manual, pass, unread } from '../lib/outcome.ts';
import { accountUnreadReason, effectivePab, PAB_FLAGS, type PabLevel, pabEvidence, unconfirmedFlags } from '../lib/s3.ts';

/** `blockPublicAcls (account), ignorePublicAcls (bucket and account)`: each flag with the level it comes from. */
function byLevel(levels: Record<string, PabLevel>, flags: readonly string[]): string {
  return flags.map((f) => `${f} (${levels[f]} level)`).join(', ');
}

export default defineCheck({
  metadata: {
    id: 's3_ai_bucket_public_access_block_enabled',
    title: 'AI data buckets block all public access',
    severity: 'HIGH',
    service: 's3',
    resourceType: 's3.bucket',
    description:
      'For buckets referenced by AI assets (training data, knowledge-base sources, model artifacts, invocation logs, data capture), all four S3 Block Public Access settings must be on (bucket or account level).',
    risk: 'Without Block Public Access one policy or ACL mistake exposes training data, model weights or prompt logs to the internet, or lets anyone poison them.',
    remediation: {
      text: 'Enable all four Block Public Access settings on the bucket (and the account).',
      url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html',
      cli: 'aws s3api put-public-access-block --bucket <bucket> --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true',
      cdk: "new s3.Bucket(this, 'Data', { blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL })",
    },
    types: [TYPES.bestPractice, TYPES.dataExposure],
    mappings: maps(M.dataIntegrity, M.encryption, { atlas: ['AML.T0035'] }),
    equivalents: {},
    categories: ['gen-ai', 'data'],
  },
  evaluate(b) {
    if (b.config?.external)
      return manual(
        `Bucket ${b.name} belongs to another account: its owner's Block Public Access applies (bucket and account level); review it there.`,
      );
    const u = unread(b, ['publicAccessBlock']);
    if (u) return u;
    const e = effectivePab(b);
    const ev = { usage: b.config.referencedBy.map((r) => r.usage), ...pabEvidence(e) };
    const off = PAB_FLAGS.filter((f) => e.flags[f] === false);
    if (off.length === PAB_FLAGS.length)
      return fail(`AI data bucket ${b.name} has no public access block (neither at the bucket nor at the account level).`, { off, ...ev });
    if (off.length > 0)
      return fail(
        `AI data bucket ${b.name} has public access block settings off at both the bucket and the account level: ${off.join(', ')}.`,
        {
          off,
          ...ev,
        },
      );
    const unknown = unconfirmedFlags(e);
    if (unknown.length > 0)
      return error(
        `AI data bucket ${b.name} has ${unknown.join(', ')} off at the bucket level and ${accountUnreadReason(e)}, so it is not confirmed that all public access is blocked.`,
        { unconfirmed: unknown, ...ev },
      );
    return pass(`AI data bucket ${b.name} blocks all public access: ${byLevel(e.levels, PAB_FLAGS)}.`, ev);
  },
});
