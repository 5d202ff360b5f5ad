import type { AnyAsset } from '../../domain/asset.ts';
import type { CheckContext, CheckOutcome } from '../../domain/check.ts';
import type { PolicyStatement } from '../../domain/asset-config.ts';
import { fail, manual, pass, unread } from './outcome.ts';
import { resourcePolicyExposure } from './policy.ts';

/**
 * The outcome of the AgentCore resource-policy checks (runtimes, gateways): FAIL when the policy grants anyone (`*`,
 * any AWS account, NotPrincipal) without a condition; MANUAL when it grants accounts other than the owner and the
 * `trustedAccounts` setting; PASS with no policy (`null`) or one that stays within the account (a grant to anyone under
 * a condition passes, the condition named in the evidence). A policy that was not read is ERROR.
 */
export function agentCoreResourcePolicyOutcome(asset: AnyAsset, label: string, ctx: CheckContext): CheckOutcome {
  const u = unread(asset, ['resourcePolicy']);
  if (u) return u;
  const statements = (asset.config as { resourcePolicy: PolicyStatement[] | null }).resourcePolicy;
  if (statements === null)
    return pass(`${label} ${asset.name} has no resource-based policy: only identities of its own account can be granted access.`);
  const trusted = Array.isArray(ctx.settings.trustedAccounts) ? (ctx.settings.trustedAccounts as string[]) : [];
  const x = resourcePolicyExposure(statements, asset.accountId, trusted);
  const evidence = { statements: statements.length, ...x };
  if (x.anyone.length > 0)
    return fail(`${label} ${asset.name} has a resource-based policy that allows ${x.anyone.join(', ')} without any condition.`, evidence);
  if (x.otherAccounts.length > 0)
    return manual(
      `${label} ${asset.name} has a resource-based policy that grants other accounts (${x.otherAccounts.join(', ')}); confirm they should have this access, or list them in trustedAccounts.`,
      evidence,
    );
  const note = x.anyoneConditional.length ? ` (a grant to ${x.anyoneConditional.join(', ')} is restricted by a condition)` : '';
  return pass(
    `${label} ${asset.name} has a resource-based policy that grants no one outside the account${trusted.length ? ' and its trusted accounts' : ''}${note}.`,
    evidence,
  );
}
