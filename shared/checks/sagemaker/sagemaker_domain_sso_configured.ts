import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, fail, pass, unread } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'sagemaker_domain_sso_configured',
    title: 'SageMaker domains authenticate users with IAM Identity Center',
    severity: 'MEDIUM',
    service: 'sagemaker',
    resourceType: 'sagemaker.domain',
    description: 'Checks that the SageMaker (Studio) domain uses AuthMode SSO.',
    risk: 'IAM-mode domains rely on per-user IAM principals and presigned URLs; central identity controls (MFA, joiner/leaver, session policies) are easy to bypass.',
    remediation: {
      text: 'Create a new domain with AuthMode SSO connected to IAM Identity Center and migrate the user profiles (the mode cannot be changed in place).',
      url: 'https://docs.aws.amazon.com/sagemaker/latest/dg/onboard-sso-users.html',
      cli: 'aws sagemaker create-domain --domain-name <name> --auth-mode SSO --default-user-settings ExecutionRole=<role> --vpc-id <vpc> --subnet-ids <subnets>',
      cdk: "new sagemaker.CfnDomain(this, 'Domain', { authMode: 'SSO', ... })",
    },
    types: [TYPES.bestPractice],
    mappings: maps(M.access),
    equivalents: { prowler: ['sagemaker_domain_sso_configured'] },
    categories: ['gen-ai', 'identity'],
  },
  evaluate(d) {
    const u = unread(d, ['authMode']);
    if (u) return u;
    if (d.config.authMode !== 'SSO') return fail(`Domain ${d.name} uses ${d.config.authMode} authentication.`);
    return pass(`Domain ${d.name} uses IAM Identity Center (SSO).`);
  },
});
