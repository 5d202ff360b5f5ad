import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, fail, pass, unread } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'ec2_ai_instance_imdsv2_required',
    title: 'Self-hosted AI instances require IMDSv2',
    severity: 'HIGH',
    service: 'ec2',
    resourceType: 'ec2.instance',
    description:
      'Checks that AI instances require session tokens for the instance metadata service (HttpTokens required) or have the metadata endpoint disabled.',
    risk: 'Model servers, notebooks and agent tools fetch URLs on request: with IMDSv1 a single server-side request forgery (a prompt that makes a tool fetch http://169.254.169.254/...) returns the instance role credentials.',
    remediation: {
      text: 'Require IMDSv2 on the instance (and in its launch template); keep the hop limit at 1 unless containers on the host need the metadata service, then 2.',
      url: 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-IMDS-existing-instances.html',
      cli: 'aws ec2 modify-instance-metadata-options --instance-id <instance-id> --http-tokens required --http-endpoint enabled',
      cdk: "new ec2.Instance(this, 'Gpu', { requireImdsv2: true, ... })",
    },
    types: [TYPES.bestPractice, TYPES.credentialAccess],
    mappings: maps(M.secrets, { atlas: ['AML.T0049'] }),
    equivalents: { prowler: ['ec2_instance_imdsv2_enabled'], securityHub: ['EC2.8'] },
    categories: ['gen-ai', 'shadow-ai'],
  },
  evaluate(inst) {
    const u = unread(inst, ['metadataOptions']);
    if (u) return u;
    const mo = inst.config.metadataOptions as NonNullable<typeof inst.config.metadataOptions>;
    const label = `Instance ${inst.name} (${inst.config.instanceId})`;
    const evidence = { ...mo };
    if (mo.httpEndpoint === 'disabled') return pass(`${label} has the instance metadata endpoint disabled.`, evidence);
    if (mo.httpTokens === 'required') return pass(`${label} requires IMDSv2 session tokens.`, evidence);
    return fail(`${label} allows IMDSv1 (HttpTokens ${mo.httpTokens ?? 'not set'}), so an SSRF can read its role credentials.`, evidence);
  },
});
