import type { AnyAsset } from '../../domain/asset.ts';
import type { CheckContext, CheckOutcome } from '../../domain/check.ts';
import type { PolicyStatement } from '../../domain/asset-config.ts';
import { fail, manual, pass, unread } from './outcome.ts';
import { resourcePolicyExposure, trustedAccountIds } from './policy.ts';

/**
 * The outcome of the AgentCore resource-policy checks (runtimes, gateways): FAIL when the policy grants anyone (`*`,
 * any AWS account, NotPrincipal) without a condition and no Deny statement may fence the grant; MANUAL when such a
 * grant is fenced by a Deny (not evaluated), when a grant to anyone carries a condition that is not known to restrict
 * the caller, when it is restricted to an organization, VPC or VPC endpoint (aws:PrincipalOrgID, aws:SourceVpc(e):
 * the check cannot tell whose it is), or when the policy grants accounts other than the owner and the
 * `trustedAccounts` setting; PASS with no policy (`null`) or one that stays within the account (a grant to anyone
 * passes only under a condition that pins the caller to the own or trusted accounts: aws:PrincipalAccount /
 * aws:SourceAccount, or aws:PrincipalArn / aws:SourceArn with such an account field). A policy not read is ERROR.
 */
export function agentCoreResourcePolicyOutcome(asset: AnyAsset, label: string, ctx: CheckContext): CheckOutcome {
  const u = unread(asset, ['resourcePolicy']);
  if (u) return u;
  const statements = (asset.config as { resourcePolicy: PolicyStatement[] | null }).resourcePolicy;
  if (statements === null)
    return pass(`${label} ${asset.name} has no resource-based policy: only identities of its own account can be granted access.`);
  const trusted = trustedAccountIds(ctx.settings);
  const x = resourcePolicyExposure(statements, asset.accountId, trusted);
  const evidence = { statements: statements.length, ...x };
  const name = `${label} ${asset.name}`;
  if (x.anyone.length > 0)
    return fail(`${name} has a resource-based policy that allows ${x.anyone.join(', ')} without any condition.`, evidence);
  if (x.anyoneFenced.length > 0)
    return manual(
      `${name} has a resource-based policy that allows ${x.anyoneFenced.join(', ')} without any condition; a Deny statement may limit it (e.g. a network perimeter), which is not evaluated: confirm who can reach it.`,
      evidence,
    );
  if (x.anyoneFencedToAccounts.length > 0)
    return manual(
      `${name} has a resource-based policy that allows ${x.anyoneFencedToAccounts.join(', ')} with no condition of its own, limited by a Deny to the accounts named, which include accounts that are neither the owner nor trusted: confirm they should have this access, or list them in trustedAccounts.`,
      evidence,
    );
  if (x.anyoneConditional.length > 0)
    return manual(
      `${name} has a resource-based policy that allows ${x.anyoneConditional.join(', ')} under a condition that does not pin the caller to known accounts, an organization or a network; confirm the condition keeps it private.`,
      evidence,
    );
  if (x.anyoneUnverified.length > 0)
    return manual(
      `${name} has a resource-based policy that allows ${x.anyoneUnverified.join(', ')}: restricted to an organization, VPC or VPC endpoint that this check cannot tie to the account; confirm it is yours.`,
      evidence,
    );
  if (x.otherAccounts.length > 0)
    return manual(
      `${name} has a resource-based policy that grants other accounts (${x.otherAccounts.join(', ')}); confirm they should have this access, or list them in trustedAccounts.`,
      evidence,
    );
  const note = x.anyoneRestricted.length ? ` (a grant to ${x.anyoneRestricted.join(', ')} is restricted by that condition)` : '';
  return pass(
    `${name} has a resource-based policy that grants no one outside the account${trusted.length ? ' and its trusted accounts' : ''}${note}.`,
    evidence,
  );
}
