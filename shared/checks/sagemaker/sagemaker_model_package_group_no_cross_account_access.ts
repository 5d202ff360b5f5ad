import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, fail, pass, unread } from '../lib/outcome.ts';
import { accountOf, principalBreadth, trustedAccountIds } from '../lib/policy.ts';

export default defineCheck({
  metadata: {
    id: 'sagemaker_model_package_group_no_cross_account_access',
    title: 'SageMaker model package groups are not shared with other accounts or the public',
    severity: 'HIGH',
    service: 'sagemaker',
    resourceType: 'sagemaker.model-package-group',
    description:
      'Fails when the model package group resource policy allows `*` or principals of other accounts (allowlist trusted accounts with the `trustedAccounts` setting: 12-digit account ids, other entries are ignored).',
    risk: 'Cross-account access to a model registry lets outsiders read model artifacts (model theft) or register and approve packages (supply-chain tampering).',
    remediation: {
      text: 'Remove public and untrusted cross-account principals from the model package group policy; share through AWS RAM with named accounts only.',
      url: 'https://docs.aws.amazon.com/sagemaker/latest/dg/model-registry-ram.html',
      cli: 'aws sagemaker delete-model-package-group-policy --model-package-group-name <name>',
      cdk: "new sagemaker.CfnModelPackageGroup(this, 'Group', { modelPackageGroupName, modelPackageGroupPolicy: restrictedPolicy })",
    },
    types: [TYPES.bestPractice, TYPES.dataExposure],
    mappings: maps(M.supplyChain, { atlas: ['AML.T0044', 'AML.T0035'], owasp: ['LLM02'] }),
    equivalents: {},
    categories: ['gen-ai', 'supply-chain'],
  },
  evaluate(g, ctx) {
    const u = unread(g, ['policyStatements']);
    if (u) return u;
    const trusted = trustedAccountIds(ctx.settings);
    const broad: string[] = [];
    for (const s of g.config.policyStatements ?? []) {
      if (s.effect !== 'Allow') continue;
      for (const p of s.principals ?? []) {
        const b = principalBreadth(p, g.accountId);
        if (!b) continue;
        if (b === 'other-account' && trusted.includes(accountOf(p) ?? '')) continue;
        broad.push(p);
      }
    }
    if (broad.length > 0)
      return fail(`Model package group ${g.name} grants access to ${[...new Set(broad)].join(', ')}.`, { principals: [...new Set(broad)] });
    return pass(`Model package group ${g.name} is not shared outside the account${trusted.length ? ' (beyond trusted accounts)' : ''}.`);
  },
});
