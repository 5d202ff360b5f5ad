import { describe, expect, it } from 'vitest';
import { deniedEverywhere, privilegeEscalationGrants, serviceWildcardGrants } from '../../../shared/checks/lib/policy.ts';
import type { AttachedPolicy, PolicyStatement } from '../../../shared/domain/asset-config.ts';

const st = (effect: 'Allow' | 'Deny', actions: string[], extra: Partial<PolicyStatement> = {}): PolicyStatement => ({
  effect,
  actions,
  resources: ['*'],
  hasCondition: false,
  ...extra,
});
const pol = (name: string, ...statements: PolicyStatement[]): AttachedPolicy => ({ name, kind: 'inline', statements });

describe('explicit Deny subtraction', () => {
  const grant = pol('broad', st('Allow', ['iam:PassRole', 'iam:CreateAccessKey', 'bedrock:*']));

  it('an unconditional Deny on * removes the action from the findings', () => {
    expect(privilegeEscalationGrants([grant]).map((h) => h.detail)).toEqual(['iam:CreateAccessKey, iam:PassRole']);
    const guard = pol('guard', st('Deny', ['iam:PassRole']));
    expect(privilegeEscalationGrants([grant, guard]).map((h) => h.detail)).toEqual(['iam:CreateAccessKey']);
    expect(privilegeEscalationGrants([grant, pol('guard', st('Deny', ['iam:*']))])).toEqual([]);
    expect(serviceWildcardGrants([grant], 'bedrock')).toHaveLength(1);
    expect(serviceWildcardGrants([grant, pol('guard', st('Deny', ['bedrock:*']))], 'bedrock')).toEqual([]);
  });

  it('a Deny with NotAction denies everything it does not list', () => {
    const notAction = pol('only-read', st('Deny', [], { notActions: ['bedrock:Get*', 'bedrock:List*'] }));
    expect(deniedEverywhere([notAction], 'iam:PassRole')).toBe(true);
    expect(deniedEverywhere([notAction], 'bedrock:GetFoundationModel')).toBe(false);
    expect(privilegeEscalationGrants([grant, notAction])).toEqual([]);
  });

  it('a conditional, resource-scoped or partial Deny is not subtracted (it may not apply)', () => {
    const conditional = pol('mfa', st('Deny', ['iam:*'], { hasCondition: true }));
    const scoped = pol('scoped', st('Deny', ['iam:PassRole'], { resources: ['arn:aws:iam::111122223333:role/admin'] }));
    const notResource = pol('nr', st('Deny', ['iam:PassRole'], { resources: [], notResources: ['arn:aws:iam::111122223333:role/app'] }));
    for (const d of [conditional, scoped, notResource]) {
      expect(privilegeEscalationGrants([grant, d]).map((h) => h.detail)).toEqual(['iam:CreateAccessKey, iam:PassRole']);
    }
    // denying one bedrock action does not undo bedrock:* on *
    expect(serviceWildcardGrants([grant, pol('partial', st('Deny', ['bedrock:InvokeModel']))], 'bedrock')).toHaveLength(1);
    // nor does a pattern that only matches the literal text "bedrock:*" (review finding: `?` is one character)
    expect(serviceWildcardGrants([grant, pol('q', st('Deny', ['bedrock:?']))], 'bedrock')).toHaveLength(1);
  });

  it('a NotAction Deny covers a whole service only when every entry names another service', () => {
    const except = (...notActions: string[]) => pol('deny-except', st('Deny', [], { notActions }));
    // leaves most of bedrock allowed: not a denial of bedrock:*
    expect(serviceWildcardGrants([grant, except('bedrock:Invoke*', 'bedrock:Get*', 'bedrock:List*')], 'bedrock')).toHaveLength(1);
    expect(serviceWildcardGrants([grant, except('*Model*')], 'bedrock')).toHaveLength(1);
    expect(serviceWildcardGrants([grant, except('b*:*')], 'bedrock')).toHaveLength(1);
    // denies everything except other services: bedrock:* is gone
    expect(serviceWildcardGrants([grant, except('iam:Get*', 's3:*')], 'bedrock')).toEqual([]);
  });
});
