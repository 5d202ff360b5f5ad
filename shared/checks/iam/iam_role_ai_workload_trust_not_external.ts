import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, fail, pass, unread } from '../lib/outcome.ts';
import { accountOf, principalBreadth, trustedAccountIds } from '../lib/policy.ts';

export default defineCheck({
  metadata: {
    id: 'iam_role_ai_workload_trust_not_external',
    title: 'Roles used by AI workloads are not assumable from other accounts or by anyone',
    severity: 'HIGH',
    service: 'iam',
    resourceType: 'iam.role',
    description:
      'For roles used by AI assets, fails when the trust policy names `*` or principals of other accounts (allowlist with the `trustedAccounts` setting: 12-digit account ids, other entries are ignored).',
    risk: "An externally assumable AI execution role lets outsiders act as the model, notebook or agent: read training data, invoke models at the account's cost, or tamper with artifacts.",
    remediation: {
      text: 'Limit the trust policy to the AWS service principal of the workload (with aws:SourceAccount / aws:SourceArn conditions) and named trusted accounts.',
      url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html',
      cli: 'aws iam update-assume-role-policy --role-name <role> --policy-document file://trust.json',
      cdk: "new iam.Role(this, 'R', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com').withConditions({ StringEquals: { 'aws:SourceAccount': this.account } }) })",
    },
    types: [TYPES.bestPractice, TYPES.initialAccess],
    mappings: maps(M.privilege, M.access),
    equivalents: {},
    categories: ['gen-ai', 'iam'],
  },
  evaluate(role, ctx) {
    const u = unread(role, ['trustedPrincipals', 'usedBy']);
    if (u) return u;
    if (role.config.usedBy.length === 0) return [];
    const trusted = trustedAccountIds(ctx.settings);
    const ext = (role.config.trustedPrincipals ?? []).filter((p) => {
      const b = principalBreadth(p, role.accountId);
      return b === 'anyone' || (b === 'other-account' && !trusted.includes(accountOf(p) ?? ''));
    });
    if (ext.length > 0) return fail(`Role ${role.name} used by AI assets can be assumed by ${ext.join(', ')}.`, { principals: ext });
    return pass(`Role ${role.name} is assumable only by services and principals of its own (or trusted) accounts.`);
  },
});
