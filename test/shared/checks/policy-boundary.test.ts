import { describe, expect, it } from 'vitest';
import {
  adminGrants,
  BOUNDARY_REMOVAL_ACTIONS,
  boundaryAllows,
  boundaryCappedNote,
  boundaryEvidence,
  boundaryFailNote,
  boundedGrants,
  describeBoundary,
  overPrivilege,
  privilegeEscalationGrants,
  resourceCoversAll,
  serviceWildcardGrants,
} from '../../../shared/checks/lib/policy.ts';
import type { AttachedPolicy, PolicyStatement } from '../../../shared/domain/asset-config.ts';
import { parsePolicy } from '../../../shared/collectors/policy.ts';
import { stmt } from '../../fixtures/checks/builders.ts';

const ADMIN: AttachedPolicy = {
  name: 'AdministratorAccess',
  kind: 'aws-managed',
  arn: 'arn:aws:iam::aws:policy/AdministratorAccess',
  statements: [stmt(['*'])],
};
const BOUNDARY_ARN = 'arn:aws:iam::111122223333:policy/dev-boundary';
const invokeOnly = [stmt(['bedrock:InvokeModel'])];
/** Everything but removing or replacing a permissions boundary, or rewriting this one. */
const OPEN = [
  stmt(['*']),
  stmt(['iam:*PermissionsBoundary'], ['*'], { effect: 'Deny' }),
  stmt(['iam:CreatePolicyVersion', 'iam:SetDefaultPolicyVersion'], [BOUNDARY_ARN], { effect: 'Deny' }),
];

describe('boundaryAllows', () => {
  it('matches actions with IAM wildcards, case-insensitively', () => {
    expect(boundaryAllows([stmt(['iam:Pass*'])], 'iam:PassRole')).toBe(true);
    expect(boundaryAllows([stmt(['IAM:passrole'])], 'iam:PassRole')).toBe(true);
    expect(boundaryAllows([stmt(['iam:Get*'])], 'iam:PassRole')).toBe(false);
    expect(boundaryAllows([stmt(['*'])], 'iam:PassRole')).toBe(true);
  });

  it('NotAction: allows everything except the listed actions', () => {
    const b = [stmt([], ['*'], { notActions: ['iam:*', 'sts:*'] })];
    expect(boundaryAllows(b, 'iam:PassRole')).toBe(false);
    expect(boundaryAllows(b, 'lambda:UpdateFunctionCode')).toBe(true);
  });

  it('an unconditional Deny on * in the boundary wins over its Allow', () => {
    expect(boundaryAllows([stmt(['*']), stmt(['iam:*'], ['*'], { effect: 'Deny' })], 'iam:PassRole')).toBe(false);
    expect(boundaryAllows([stmt(['*']), stmt([], ['*'], { effect: 'Deny', notActions: ['bedrock:*'] })], 'iam:PassRole')).toBe(false);
  });

  it('is conservative: a conditional Allow still allows, a conditional or resource-scoped Deny does not deny', () => {
    expect(boundaryAllows([stmt(['iam:PassRole'], ['*'], { hasCondition: true })], 'iam:PassRole')).toBe(true);
    expect(boundaryAllows([stmt(['*']), stmt(['iam:*'], ['*'], { effect: 'Deny', hasCondition: true })], 'iam:PassRole')).toBe(true);
    expect(boundaryAllows([stmt(['*']), stmt(['iam:*'], ['arn:aws:iam::1:role/x'], { effect: 'Deny' })], 'iam:PassRole')).toBe(true);
    // a NotResource Allow reaches (almost) everything: counts as on all resources
    expect(boundaryAllows([stmt(['iam:PassRole'], [], { notResources: ['arn:aws:iam::1:role/x'] })], 'iam:PassRole')).toBe(true);
  });

  it('an Allow on named resources only does not let a grant on * through as a grant on *', () => {
    expect(boundaryAllows([stmt(['iam:PassRole'], ['arn:aws:iam::1:role/app'])], 'iam:PassRole')).toBe(false);
  });
});

describe('grant helpers within a boundary', () => {
  it('AdministratorAccess capped to bedrock:InvokeModel grants nothing risky', () => {
    expect(adminGrants([ADMIN])).toHaveLength(1);
    expect(adminGrants([ADMIN], invokeOnly)).toEqual([]);
    expect(privilegeEscalationGrants([ADMIN], invokeOnly)).toEqual([]);
    expect(serviceWildcardGrants([ADMIN], 'bedrock', invokeOnly)).toEqual([]);
    expect(overPrivilege([ADMIN], ['bedrock', 's3'], invokeOnly)).toEqual([]);
  });

  it('what the boundary lets through stays: escalation actions, a whole service, everything', () => {
    expect(privilegeEscalationGrants([ADMIN], [stmt(['iam:PassRole', 'bedrock:*'])])).toEqual([
      { policy: 'AdministratorAccess', detail: 'iam:PassRole' },
    ]);
    expect(serviceWildcardGrants([ADMIN], 'bedrock', [stmt(['bedrock:*'])])).toHaveLength(1);
    expect(serviceWildcardGrants([ADMIN], 'bedrock', [stmt(['bedrock*:*'])])).toHaveLength(1);
    expect(serviceWildcardGrants([ADMIN], 'sagemaker', [stmt(['bedrock:*'])])).toEqual([]);
    expect(adminGrants([ADMIN], [stmt(['*'])])).toHaveLength(1);
    expect(adminGrants([ADMIN], [stmt(['*:*'])])).toHaveLength(1);
  });

  it('a boundary granting part of a service only does not leave a service-wide grant', () => {
    expect(serviceWildcardGrants([ADMIN], 'bedrock', [stmt(['bedrock:Invoke*', 'bedrock:Get*'])])).toEqual([]);
  });

  it('NotAction boundaries: everything but IAM is still administrator-like, but no IAM escalation', () => {
    const b = [stmt([], ['*'], { notActions: ['iam:*'] })];
    expect(adminGrants([ADMIN], b)).toHaveLength(1);
    expect(privilegeEscalationGrants([ADMIN], b)).toEqual([
      { policy: 'AdministratorAccess', detail: 'lambda:UpdateFunctionCode, sts:AssumeRole' },
    ]);
    expect(serviceWildcardGrants([ADMIN], 'bedrock', b)).toHaveLength(1);
    // a NotAction entry that leaves out part of the service lets the rest of it through: still service-wide
    expect(serviceWildcardGrants([ADMIN], 'bedrock', [stmt([], ['*'], { notActions: ['bedrock:Delete*'] })])).toHaveLength(1);
    // only an entry covering the whole service keeps it out
    expect(serviceWildcardGrants([ADMIN], 'bedrock', [stmt([], ['*'], { notActions: ['bedrock:*'] })])).toEqual([]);
    expect(serviceWildcardGrants([ADMIN], 'bedrock', [stmt([], ['*'], { notActions: ['b*'] })])).toEqual([]);
  });

  it('a Deny in the boundary removes what it denies unconditionally on *', () => {
    expect(adminGrants([ADMIN], [stmt(['*']), stmt(['*'], ['*'], { effect: 'Deny' })])).toEqual([]);
    expect(serviceWildcardGrants([ADMIN], 'bedrock', [stmt(['*']), stmt(['bedrock:*'], ['*'], { effect: 'Deny' })])).toEqual([]);
    expect(privilegeEscalationGrants([ADMIN], [stmt(['*']), stmt(['iam:*', 'sts:*', 'lambda:*'], ['*'], { effect: 'Deny' })])).toEqual([]);
  });

  it('a conditional Allow in the boundary still counts as allowing (never PASS on a condition not evaluated)', () => {
    const conditional = [stmt(['*'], ['*'], { hasCondition: true })];
    expect(adminGrants([ADMIN], conditional)).toHaveLength(1);
    expect(serviceWildcardGrants([ADMIN], 'bedrock', conditional)).toHaveLength(1);
    expect(privilegeEscalationGrants([ADMIN], conditional)).toHaveLength(1);
  });

  it('an empty boundary allows nothing', () => {
    expect(overPrivilege([ADMIN], ['bedrock'], [])).toEqual([]);
  });
});

describe('boundedGrants and its messages', () => {
  const grants = (p: AttachedPolicy[], b?: PolicyStatement[]) => overPrivilege(p, ['bedrock'], b);

  it('a readable boundary that caps everything: no hits, the PASS note names the boundary and what it allows', () => {
    const b = boundedGrants([ADMIN], { arn: BOUNDARY_ARN, statements: invokeOnly }, grants);
    expect(b.hits).toEqual([]);
    expect(b.unbounded.length).toBeGreaterThan(0);
    expect(boundaryCappedNote(b)).toBe(
      ` AdministratorAccess capped by permissions boundary ${BOUNDARY_ARN} (allows only bedrock:InvokeModel).`,
    );
    expect(boundaryEvidence(b)).toMatchObject({
      permissionsBoundary: BOUNDARY_ARN,
      cappedByBoundary: expect.arrayContaining([expect.stringContaining('AdministratorAccess')]),
    });
  });

  it('a boundary whose document is unread changes nothing: the identity grants stand and the FAIL says so', () => {
    const b = boundedGrants([ADMIN], { arn: BOUNDARY_ARN, statements: undefined }, grants);
    expect(b.hits).toEqual(b.unbounded);
    expect(b.hits.length).toBeGreaterThan(0);
    expect(boundaryFailNote(b)).toBe(` Its permissions boundary ${BOUNDARY_ARN} could not be read, so it is not applied.`);
    expect(boundaryCappedNote(b)).toBe('');
    expect(boundaryEvidence(b)).toEqual({ permissionsBoundary: BOUNDARY_ARN, permissionsBoundaryRead: false });
  });

  it('a boundary whose GetUser failed (arn null) changes nothing and the FAIL says it was not read', () => {
    const b = boundedGrants([ADMIN], { arn: null, statements: undefined }, grants);
    expect(b.hits).toEqual(b.unbounded);
    expect(boundaryFailNote(b)).toBe(' Whether a permissions boundary caps them was not read, so none is applied.');
    expect(boundaryEvidence(b)).toEqual({ permissionsBoundaryRead: false });
  });

  it('an absent boundary field (a principal stored before boundaries were read) is judged like none', () => {
    const absent = boundedGrants([ADMIN], undefined, grants);
    const none = boundedGrants([ADMIN], null, grants);
    expect(absent).toEqual(none);
    expect(boundaryFailNote(absent)).toBe('');
    expect(boundaryEvidence(absent)).toBeUndefined();
  });

  it('no boundary (null): plain hits, no note', () => {
    const b = boundedGrants([ADMIN], null, grants);
    expect(b.hits).toEqual(b.unbounded);
    expect(boundaryFailNote(b)).toBe('');
    expect(boundaryCappedNote(b)).toBe('');
    // no evidence key: the evidence of findings on principals without a boundary stays as it was
    expect(boundaryEvidence(b)).toBeUndefined();
  });

  it('a boundary that lets the grants through: the FAIL note says so', () => {
    const b = boundedGrants([ADMIN], { arn: BOUNDARY_ARN, statements: OPEN }, grants);
    expect(b.hits.length).toBeGreaterThan(0);
    expect(b.removable).toBeUndefined();
    expect(boundaryFailNote(b)).toBe(` Its permissions boundary ${BOUNDARY_ARN} lets them through.`);
  });

  it('describeBoundary lists the allowed actions (NotAction as "everything but"), at most five', () => {
    expect(describeBoundary([])).toBe('allows nothing');
    expect(describeBoundary([stmt([], ['*'], { notActions: ['iam:*'] })])).toBe('allows everything but iam:*');
    expect(describeBoundary([stmt(['a:1', 'a:2', 'a:3', 'a:4', 'a:5', 'a:6', 'a:7']), stmt(['x:y'], ['*'], { effect: 'Deny' })])).toBe(
      'allows only a:1, a:2, a:3, a:4, a:5, +2 more; denies x:y',
    );
  });

  it('describeBoundary: a NotAction Allow is a clause of its own; no "only" when an Allow lets everything through', () => {
    expect(describeBoundary([stmt([], ['*'], { notActions: ['iam:*', 'sts:*'] }), stmt(['iam:GetRole'])])).toBe(
      'allows everything but iam:*, sts:*; allows iam:GetRole',
    );
    expect(describeBoundary([stmt(['*']), stmt(['bedrock:*'], ['*'], { effect: 'Deny' })])).toBe('allows *; denies bedrock:*');
    expect(describeBoundary([stmt(['*:*'])])).toBe('allows *:*');
  });

  it('describeBoundary says when an Allow is on named resources only or under a condition', () => {
    expect(describeBoundary([stmt(['*'], ['arn:aws:s3:::my-bucket/*'])])).toBe('allows only * on named resources');
    expect(describeBoundary([stmt(['bedrock:InvokeModel'], ['*'], { hasCondition: true })])).toBe(
      'allows only bedrock:InvokeModel (with a condition)',
    );
    const except = { notResources: [`arn:aws:iam::111122223333:role/admin`] };
    expect(describeBoundary([stmt(['*'], [], except)])).toBe('allows * except on named resources');
    expect(describeBoundary([stmt([], [], { notActions: ['iam:*'], ...except })])).toBe(
      'allows everything but iam:* except on named resources',
    );
  });
});

describe('a boundary Allow on a resource pattern that may cover every resource counts as on all (no false PASS)', () => {
  it('resourceCoversAll: wildcards that can cover all resources of a type count, named resources do not', () => {
    for (const r of [
      '*',
      'arn:*',
      'arn:aws:*',
      'arn:aws:*:*:*:*',
      'arn:*:iam::*:role/x',
      'arn:aws:s3:::*',
      'arn:aws:s3:::*/*',
      'arn:aws:iam::*:role/*',
      'arn:aws:iam::111122223333:role/*',
      'arn:aws:iam::111122223333:role*',
      'arn:aws:iam::111122223333:user/*',
      'arn:aws:iam::111122223333:*',
      'arn:aws:lambda:us-east-1:111122223333:function:*',
      'arn:aws:iam::111122223333:user/${aws:username}',
      'not-an-arn',
    ])
      expect(resourceCoversAll(r), r).toBe(true);
    for (const r of [
      'arn:aws:s3:::my-bucket/*',
      'arn:aws:s3:::my-bucket',
      'arn:aws:iam::*:role/app-*',
      'arn:aws:iam::111122223333:role/service-role/*',
      'arn:aws:iam::111122223333:role/app',
      'arn:aws:bedrock:*::foundation-model/anthropic.*',
      'arn:aws:lambda:us-east-1:111122223333:function:my-fn*',
    ])
      expect(resourceCoversAll(r), r).toBe(false);
  });

  it('S3: the bucket-name rule applies to bucket and object ARNs only; access points and jobs are typed resources', () => {
    expect(resourceCoversAll('arn:aws:s3:us-east-1:111122223333:accesspoint/*')).toBe(true);
    expect(resourceCoversAll('arn:aws:s3:us-east-1:111122223333:job/*')).toBe(true);
    expect(resourceCoversAll('arn:aws:s3:us-east-1:111122223333:accesspoint/my-ap')).toBe(false);
    expect(resourceCoversAll('arn:aws:s3:us-east-1:111122223333:accesspoint/my-*')).toBe(false);
    expect(resourceCoversAll('arn:aws:s3:::my-bucket/*')).toBe(false);
    expect(resourceCoversAll('arn:aws:s3:::*')).toBe(true);
  });

  it('AdministratorAccess with a boundary Allow * on arn:aws:*:*:*:* stays administrator', () => {
    const b = [stmt(['*'], ['arn:aws:*:*:*:*'])];
    expect(adminGrants([ADMIN], b)).toHaveLength(1);
    expect(boundedGrants([ADMIN], { arn: BOUNDARY_ARN, statements: b }, adminGrants).hits).toHaveLength(1);
  });

  it('a boundary iam:PassRole on arn:aws:iam::*:role/* lets iam:PassRole through', () => {
    expect(privilegeEscalationGrants([ADMIN], [stmt(['iam:PassRole'], ['arn:aws:iam::*:role/*'])])).toEqual([
      { policy: 'AdministratorAccess', detail: 'iam:PassRole' },
    ]);
  });

  it('identity s3:* on * with a boundary s3:* on arn:aws:s3:::* stays s3-wide; on one bucket it is capped', () => {
    const s3 = { name: 's3-all', kind: 'inline' as const, statements: [stmt(['s3:*'])] };
    expect(serviceWildcardGrants([s3], 's3', [stmt(['s3:*'], ['arn:aws:s3:::*'])])).toEqual([{ policy: 's3-all', detail: 's3:* on *' }]);
    expect(serviceWildcardGrants([s3], 's3', [stmt(['s3:*'], ['arn:aws:s3:::my-bucket', 'arn:aws:s3:::my-bucket/*'])])).toEqual([]);
    expect(adminGrants([ADMIN], [stmt(['*'], ['arn:aws:s3:::my-bucket/*'])])).toEqual([]);
  });
});

describe('a boundary the principal may remove or replace is not applied', () => {
  it.each(BOUNDARY_REMOVAL_ACTIONS)('%s allowed by the boundary and the identity policies: the unbounded hits stand', (action) => {
    const statements = [stmt(['bedrock:InvokeModel', action])];
    const b = boundedGrants([ADMIN], { arn: BOUNDARY_ARN, statements }, (p, bd) => overPrivilege(p, ['bedrock'], bd));
    expect(b.hits).toEqual(b.unbounded);
    expect(b.removable).toEqual([action]);
    expect(boundaryFailNote(b)).toBe(
      ` Its permissions boundary ${BOUNDARY_ARN} can be rewritten or removed by the principal (it allows ${action}), so it is not applied.`,
    );
    expect(boundaryEvidence(b)).toEqual({ permissionsBoundary: BOUNDARY_ARN, permissionsBoundaryRemovable: [action] });
  });

  it('on a pattern that covers all roles too; not on a named role, nor when the identity policies do not grant it', () => {
    const on = (r: string) => [stmt(['bedrock:InvokeModel']), stmt(['iam:DeleteRolePermissionsBoundary'], [r])];
    const grants = (p: AttachedPolicy[], bd?: PolicyStatement[]) => adminGrants(p, bd);
    expect(boundedGrants([ADMIN], { arn: BOUNDARY_ARN, statements: on('arn:aws:iam::111122223333:role/*') }, grants).hits).toHaveLength(1);
    expect(boundedGrants([ADMIN], { arn: BOUNDARY_ARN, statements: on('arn:aws:iam::111122223333:role/other') }, grants).hits).toEqual([]);
    const wide = { name: 'wide', kind: 'inline' as const, statements: [stmt(['bedrock:*'])] };
    const b = boundedGrants([wide], { arn: BOUNDARY_ARN, statements: [stmt(['*'])] }, (p, bd) => serviceWildcardGrants(p, 'bedrock', bd));
    expect(b.removable).toBeUndefined();
  });

  it("on the principal's own ARN (or a pattern matching it) when its ARN is given", () => {
    const me = 'arn:aws:iam::111122223333:role/app-worker';
    const onSelf = (r: string) => [stmt(['bedrock:InvokeModel']), stmt(['iam:PutRolePermissionsBoundary'], [r])];
    const self = { name: 'self', kind: 'inline' as const, statements: [stmt(['iam:PutRolePermissionsBoundary'], [me])] };
    for (const r of [me, 'arn:aws:iam::111122223333:role/app-*']) {
      const b = boundedGrants([ADMIN, self], { arn: BOUNDARY_ARN, statements: onSelf(r) }, adminGrants, me);
      expect(b.removable, r).toEqual(['iam:PutRolePermissionsBoundary']);
      expect(b.hits, r).toHaveLength(1);
    }
    // another role's boundary, or no ARN known: the boundary is applied
    expect(
      boundedGrants([ADMIN, self], { arn: BOUNDARY_ARN, statements: onSelf(me) }, adminGrants, 'arn:aws:iam::111122223333:role/other').hits,
    ).toEqual([]);
    expect(boundedGrants([ADMIN, self], { arn: BOUNDARY_ARN, statements: onSelf(me) }, adminGrants).hits).toEqual([]);
  });

  it('an unconditional Deny of the removal in the boundary keeps it applied', () => {
    const b = boundedGrants([ADMIN], { arn: BOUNDARY_ARN, statements: [...invokeOnly, ...OPEN.slice(1), stmt(['iam:*'])] }, adminGrants);
    expect(b.removable).toBeUndefined();
    expect(b.hits).toEqual([]);
  });
});

describe('a boundary policy the principal may rewrite is not applied', () => {
  const A = '111122223333';
  const TEAM = `arn:aws:iam::${A}:policy/team-a/boundary`;
  const me = `arn:aws:iam::${A}:role/app`;
  const adminEsc = (p: AttachedPolicy[], bd?: PolicyStatement[]) => [...adminGrants(p, bd), ...privilegeEscalationGrants(p, bd)];
  const rewrite = (action: string, resource: string) => [stmt(['bedrock:InvokeModel']), stmt([action], [resource])];

  it.each([
    ['iam:CreatePolicyVersion', `arn:aws:iam::${A}:policy/team-a/*`],
    ['iam:SetDefaultPolicyVersion', `arn:aws:iam::${A}:policy/team-a/*`],
    ['iam:CreatePolicyVersion', TEAM],
    ['iam:CreatePolicyVersion', 'arn:aws:iam::*:policy/*'],
  ])('%s on %s, allowed by the boundary and AdministratorAccess: the grants stand', (action, resource) => {
    const b = boundedGrants([ADMIN], { arn: TEAM, statements: rewrite(action, resource) }, adminEsc, me);
    expect(b.removable).toEqual([action]);
    expect(b.hits).toEqual(b.unbounded);
    expect(boundaryFailNote(b)).toBe(
      ` Its permissions boundary ${TEAM} can be rewritten or removed by the principal (it allows ${action}), so it is not applied.`,
    );
  });

  it('not on another policy, not for an AWS-managed boundary, not when the identity policies do not allow it', () => {
    const other = `arn:aws:iam::${A}:policy/team-b/*`;
    expect(boundedGrants([ADMIN], { arn: TEAM, statements: rewrite('iam:CreatePolicyVersion', other) }, adminEsc, me).hits).toEqual([]);
    const managed = 'arn:aws:iam::aws:policy/AmazonBedrockReadOnly';
    const onAll = [stmt(['bedrock:InvokeModel']), stmt(['iam:CreatePolicyVersion'], ['arn:aws:iam::*:policy/*'])];
    // (iam:CreatePolicyVersion on every policy is an escalation grant of its own; the boundary is still applied)
    expect(boundedGrants([ADMIN], { arn: managed, statements: onAll }, adminEsc, me).removable).toBeUndefined();
    const scoped = { name: 'scoped', kind: 'inline' as const, statements: [stmt(['bedrock:*'])] };
    const b = boundedGrants([scoped], { arn: TEAM, statements: [stmt(['*'])] }, (p, bd) => serviceWildcardGrants(p, 'bedrock', bd), me);
    expect(b.removable).toBeUndefined();
  });

  it("an unconditional Deny on the boundary's ARN (boundary or identity side) subtracts; a conditional one does not", () => {
    const deny = (extra: Partial<PolicyStatement> = {}) =>
      stmt(['iam:CreatePolicyVersion'], [`arn:aws:iam::${A}:policy/team-a/*`], { effect: 'Deny', ...extra });
    const statements = rewrite('iam:CreatePolicyVersion', `arn:aws:iam::${A}:policy/team-a/*`);
    expect(boundedGrants([ADMIN], { arn: TEAM, statements: [...statements, deny()] }, adminEsc, me).removable).toBeUndefined();
    const guard = { name: 'guard', kind: 'inline' as const, statements: [deny()] };
    expect(boundedGrants([ADMIN, guard], { arn: TEAM, statements }, adminEsc, me).removable).toBeUndefined();
    const conditional = [...statements, deny({ hasCondition: true })];
    expect(boundedGrants([ADMIN], { arn: TEAM, statements: conditional }, adminEsc, me).removable).toEqual(['iam:CreatePolicyVersion']);
  });
});

describe("the removal grants of the principal's own kind, and AWS's delegation boundary, are judged precisely", () => {
  const A = '111122223333';
  const role = `arn:aws:iam::${A}:role/app`;
  const user = `arn:aws:iam::${A}:user/developers/alice`;
  const pin = (arn: string, op = 'StringEquals') => ({
    hasCondition: true,
    conditions: [{ op, key: 'iam:PermissionsBoundary', values: [arn] }],
  });

  it("a role is not judged removable because of iam:DeleteUserPermissionsBoundary, nor a user because of the role's", () => {
    const statements = [stmt(['bedrock:InvokeModel', 'iam:DeleteUserPermissionsBoundary'])];
    expect(boundedGrants([ADMIN], { arn: BOUNDARY_ARN, statements }, adminGrants, role).removable).toBeUndefined();
    expect(boundedGrants([ADMIN], { arn: BOUNDARY_ARN, statements }, adminGrants, user).removable).toEqual([
      'iam:DeleteUserPermissionsBoundary',
    ]);
    const roleOnly = [stmt(['bedrock:InvokeModel', 'iam:DeleteRolePermissionsBoundary'])];
    expect(boundedGrants([ADMIN], { arn: BOUNDARY_ARN, statements: roleOnly }, adminGrants, user).removable).toBeUndefined();
  });

  it('a Put pinned to this boundary by iam:PermissionsBoundary does not remove it; a pin to another, a pattern or IfExists does', () => {
    const put = (extra: Partial<PolicyStatement>) => [
      stmt(['bedrock:InvokeModel']),
      stmt(['iam:PutRolePermissionsBoundary'], ['*'], extra),
    ];
    for (const op of ['StringEquals', 'StringLike', 'ArnEquals', 'ArnLike'])
      expect(
        boundedGrants([ADMIN], { arn: BOUNDARY_ARN, statements: put(pin(BOUNDARY_ARN, op)) }, adminGrants, role).removable,
        op,
      ).toBeUndefined();
    for (const [v, op] of [
      [`arn:aws:iam::${A}:policy/other`, 'StringEquals'],
      [`arn:aws:iam::${A}:policy/*`, 'StringLike'],
      [BOUNDARY_ARN, 'StringEqualsIfExists'],
      [BOUNDARY_ARN, 'StringNotEquals'],
    ])
      expect(boundedGrants([ADMIN], { arn: BOUNDARY_ARN, statements: put(pin(v, op)) }, adminGrants, role).removable, `${op} ${v}`).toEqual(
        ['iam:PutRolePermissionsBoundary'],
      );
    // pinned on the identity side only: the identity policies cannot set another boundary either
    const identity = {
      name: 'delegate',
      kind: 'inline' as const,
      statements: [stmt(['iam:PutRolePermissionsBoundary'], ['*'], pin(BOUNDARY_ARN))],
    };
    const b = boundedGrants(
      [identity, { ...ADMIN, statements: [stmt(['bedrock:*'])] }],
      { arn: BOUNDARY_ARN, statements: put({}) },
      (p, bd) => serviceWildcardGrants(p, 'bedrock', bd),
      role,
    );
    expect(b.removable).toBeUndefined();
  });

  it("AWS's delegation boundary (IAM User Guide): Put pinned to itself, Delete denied when it is the boundary in place", () => {
    const X = `arn:aws:iam::${A}:policy/XCompanyBoundaries`;
    const doc = {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'ServiceBoundaries', Effect: 'Allow', Action: ['bedrock:InvokeModel'], Resource: '*' },
        {
          Sid: 'CreateOrChangeOnlyWithBoundary',
          Effect: 'Allow',
          Action: [
            'iam:AttachUserPolicy',
            'iam:CreateUser',
            'iam:PutUserPermissionsBoundary',
            'iam:PutRolePermissionsBoundary',
            'iam:CreateRole',
          ],
          Resource: '*',
          Condition: { StringEquals: { 'iam:PermissionsBoundary': X } },
        },
        {
          Sid: 'NoBoundaryPolicyEdit',
          Effect: 'Deny',
          Action: ['iam:CreatePolicyVersion', 'iam:DeletePolicy', 'iam:DeletePolicyVersion', 'iam:SetDefaultPolicyVersion'],
          Resource: [X],
        },
        {
          Sid: 'NoBoundaryUserRoleDelete',
          Effect: 'Deny',
          Action: ['iam:DeleteUserPermissionsBoundary', 'iam:DeleteRolePermissionsBoundary'],
          Resource: [`arn:aws:iam::${A}:user/*`, `arn:aws:iam::${A}:role/*`],
          Condition: { StringEquals: { 'iam:PermissionsBoundary': X } },
        },
      ],
    };
    const statements = parsePolicy(doc);
    for (const self of [role, user]) {
      const b = boundedGrants([ADMIN], { arn: X, statements }, adminGrants, self);
      expect(b.removable, self).toBeUndefined();
      expect(b.hits, self).toEqual([]);
    }
    // the Delete Deny of another boundary, or with a further condition, is not known to apply; nor is the Deny without
    // the Allow's pin when the boundary also allows the Delete
    const withDeny = (condition: Record<string, unknown>) =>
      parsePolicy({
        Statement: [
          { Effect: 'Allow', Action: ['bedrock:InvokeModel', 'iam:DeleteRolePermissionsBoundary'], Resource: '*' },
          { Effect: 'Deny', Action: 'iam:DeleteRolePermissionsBoundary', Resource: `arn:aws:iam::${A}:role/*`, Condition: condition },
        ],
      });
    expect(
      boundedGrants([ADMIN], { arn: X, statements: withDeny({ StringEquals: { 'iam:PermissionsBoundary': X } }) }, adminGrants, role)
        .removable,
    ).toBeUndefined();
    expect(
      boundedGrants(
        [ADMIN],
        { arn: X, statements: withDeny({ StringLike: { 'iam:PermissionsBoundary': `arn:aws:iam::${A}:policy/XCompany*` } }) },
        adminGrants,
        role,
      ).removable,
    ).toBeUndefined();
    for (const condition of [
      { StringEquals: { 'iam:PermissionsBoundary': `arn:aws:iam::${A}:policy/Other` } },
      { StringLike: { 'iam:PermissionsBoundary': `arn:aws:iam::${A}:policy/xcompany*` } },
      { StringNotEquals: { 'iam:PermissionsBoundary': X } },
      { StringEquals: { 'iam:PermissionsBoundary': X, 'aws:PrincipalTag/team': 'a' } },
    ])
      expect(
        boundedGrants([ADMIN], { arn: X, statements: withDeny(condition) }, adminGrants, role).removable,
        JSON.stringify(condition),
      ).toEqual(['iam:DeleteRolePermissionsBoundary']);
    // a Put Deny unless the new boundary is this one: no other boundary can be set
    const putDeny = (values: string[]) =>
      parsePolicy({
        Statement: [
          { Effect: 'Allow', Action: ['bedrock:InvokeModel', 'iam:PutRolePermissionsBoundary'], Resource: '*' },
          {
            Effect: 'Deny',
            Action: 'iam:PutRolePermissionsBoundary',
            Resource: '*',
            Condition: { StringNotEquals: { 'iam:PermissionsBoundary': values } },
          },
        ],
      });
    expect(boundedGrants([ADMIN], { arn: X, statements: putDeny([X]) }, adminGrants, role).removable).toBeUndefined();
    expect(
      boundedGrants([ADMIN], { arn: X, statements: putDeny([X, `arn:aws:iam::${A}:policy/Other`]) }, adminGrants, role).removable,
    ).toEqual(['iam:PutRolePermissionsBoundary']);
  });

  it("an unconditional Deny on a pattern covering the principal's own ARN subtracts (role/*, user/*)", () => {
    const statements = (r: string) => [
      stmt(['*']),
      stmt(
        [
          'iam:DeleteRolePermissionsBoundary',
          'iam:DeleteUserPermissionsBoundary',
          'iam:PutRolePermissionsBoundary',
          'iam:PutUserPermissionsBoundary',
        ],
        [r],
        { effect: 'Deny' },
      ),
      stmt(['iam:CreatePolicyVersion', 'iam:SetDefaultPolicyVersion'], [BOUNDARY_ARN], { effect: 'Deny' }),
    ];
    const wide = { name: 'wide', kind: 'inline' as const, statements: [stmt(['bedrock:*'])] };
    const grants = (p: AttachedPolicy[], bd?: PolicyStatement[]) => serviceWildcardGrants(p, 'bedrock', bd);
    expect(
      boundedGrants([wide, ADMIN], { arn: BOUNDARY_ARN, statements: statements(`arn:aws:iam::${A}:role/*`) }, grants, role).removable,
    ).toBeUndefined();
    expect(
      boundedGrants([wide, ADMIN], { arn: BOUNDARY_ARN, statements: statements(`arn:aws:iam::${A}:user/*`) }, grants, user).removable,
    ).toBeUndefined();
    // a Deny on the users does not keep a role's boundary; without the principal's ARN it is not known to cover it
    expect(
      boundedGrants([wide, ADMIN], { arn: BOUNDARY_ARN, statements: statements(`arn:aws:iam::${A}:user/*`) }, grants, role).removable,
    ).toEqual(['iam:DeleteRolePermissionsBoundary', 'iam:PutRolePermissionsBoundary']);
    expect(
      boundedGrants([wide, ADMIN], { arn: BOUNDARY_ARN, statements: statements(`arn:aws:iam::${A}:role/*`) }, grants).removable,
    ).toHaveLength(4);
  });
});

describe('NotAction boundary Allow (excluding single actions) lets the rest of the service through', () => {
  it('AdministratorAccess + NotAction [bedrock:InvokeModel, sagemaker:CreatePresignedDomainUrl] on *: bedrock:* and sagemaker:* stay', () => {
    const b = [stmt([], ['*'], { notActions: ['bedrock:InvokeModel', 'sagemaker:CreatePresignedDomainUrl'] })];
    expect(serviceWildcardGrants([ADMIN], 'bedrock', b)).toHaveLength(1);
    expect(serviceWildcardGrants([ADMIN], 'sagemaker', b)).toHaveLength(1);
  });
});

describe('identity grants of a whole service: one rule for both sides', () => {
  it('"*:*", "bedrock*:*" and a NotAction leaving the service in count as service-wide, with the usual detail', () => {
    for (const actions of [['*'], ['*:*'], ['bedrock:*'], ['BEDROCK:*'], ['bedrock*:*']]) {
      const p = { name: 'p', kind: 'inline' as const, statements: [stmt(actions)] };
      expect(serviceWildcardGrants([p], 'bedrock'), actions.join()).toEqual([{ policy: 'p', detail: 'bedrock:* on *' }]);
    }
    const narrow = { name: 'p', kind: 'inline' as const, statements: [stmt(['bedrock:Invoke*'])] };
    expect(serviceWildcardGrants([narrow], 'bedrock')).toEqual([]);
  });
});

describe('cappedByBoundary lists what was capped, per action', () => {
  it('a boundary that lets iam:PassRole through does not list it as capped', () => {
    const b = boundedGrants([ADMIN], { arn: BOUNDARY_ARN, statements: [stmt(['iam:PassRole'])] }, privilegeEscalationGrants);
    expect(b.hits).toEqual([{ policy: 'AdministratorAccess', detail: 'iam:PassRole' }]);
    const capped = boundaryEvidence(b)?.cappedByBoundary as string[];
    expect(capped).toHaveLength(1);
    expect(capped[0]).toMatch(/^AdministratorAccess \(iam:AddUserToGroup, /);
    expect(capped[0]).not.toContain('iam:PassRole');
  });
});

describe('a Deny subtracts only when its Resource matches the target ARN with case (AWS compares resource ARNs so)', () => {
  const A = '111122223333';
  const wide = (statements: PolicyStatement[]) => ({ name: 'wide', kind: 'inline' as const, statements });
  const grants = (p: AttachedPolicy[], bd?: PolicyStatement[]) => serviceWildcardGrants(p, 'bedrock', bd);

  it('a Delete Deny on user/Developers/* does not keep the boundary of user/developers/alice; in the right case it does', () => {
    const action = 'iam:DeleteUserPermissionsBoundary';
    const statements = [stmt(['bedrock:InvokeModel', action])];
    const identity = (r: string) => wide([stmt(['bedrock:*', action]), stmt([action], [r], { effect: 'Deny' })]);
    const alice = `arn:aws:iam::${A}:user/developers/alice`;
    expect(
      boundedGrants([identity(`arn:aws:iam::${A}:user/Developers/*`)], { arn: BOUNDARY_ARN, statements }, grants, alice).removable,
    ).toEqual([action]);
    expect(
      boundedGrants([identity(`arn:aws:iam::${A}:user/developers/*`)], { arn: BOUNDARY_ARN, statements }, grants, alice).removable,
    ).toBeUndefined();
  });

  it('a Delete Deny on role/AI-* (boundary side) does not keep the boundary of role/ai-worker', () => {
    const action = 'iam:DeleteRolePermissionsBoundary';
    const statements = (r: string) => [stmt(['bedrock:InvokeModel', action]), stmt([action], [r], { effect: 'Deny' })];
    const worker = `arn:aws:iam::${A}:role/ai-worker`;
    const identity = wide([stmt(['bedrock:*', action])]);
    expect(
      boundedGrants([identity], { arn: BOUNDARY_ARN, statements: statements(`arn:aws:iam::${A}:role/AI-*`) }, grants, worker).removable,
    ).toEqual([action]);
    expect(
      boundedGrants([identity], { arn: BOUNDARY_ARN, statements: statements(`arn:aws:iam::${A}:role/ai-*`) }, grants, worker).removable,
    ).toBeUndefined();
  });

  it("a CreatePolicyVersion Deny on the boundary's ARN in another case does not keep it from being rewritten", () => {
    const action = 'iam:CreatePolicyVersion';
    const statements = [stmt(['bedrock:InvokeModel', action])];
    const identity = (r: string) => wide([stmt(['bedrock:*', action]), stmt([action], [r], { effect: 'Deny' })]);
    const worker = `arn:aws:iam::${A}:role/ai-worker`;
    expect(boundedGrants([identity(BOUNDARY_ARN.toUpperCase())], { arn: BOUNDARY_ARN, statements }, grants, worker).removable).toEqual([
      action,
    ]);
    expect(boundedGrants([identity(BOUNDARY_ARN)], { arn: BOUNDARY_ARN, statements }, grants, worker).removable).toBeUndefined();
  });
});

describe('an Arn operator in a Delete Deny matches the boundary field by field (a wildcard does not cross a colon)', () => {
  const A = '111122223333';
  const role = `arn:aws:iam::${A}:role/app`;
  const withDeny = (op: string, value: string) =>
    parsePolicy({
      Statement: [
        { Effect: 'Allow', Action: ['bedrock:InvokeModel', 'iam:DeleteRolePermissionsBoundary'], Resource: '*' },
        {
          Effect: 'Deny',
          Action: 'iam:DeleteRolePermissionsBoundary',
          Resource: `arn:aws:iam::${A}:role/*`,
          Condition: { [op]: { 'iam:PermissionsBoundary': value } },
        },
      ],
    });
  const removable = (op: string, value: string) =>
    boundedGrants([ADMIN], { arn: BOUNDARY_ARN, statements: withDeny(op, value) }, adminGrants, role).removable;

  it.each([
    ['ArnLike', 'arn:aws:iam::*:policy/dev-boundary'],
    ['ArnLike', 'arn:aws:iam::111122223333:policy/dev-*'],
    ['ArnEquals', 'arn:aws:iam::*:policy/dev-boundary'],
    ['ArnEquals', BOUNDARY_ARN],
    ['ArnLikeIfExists', 'arn:*:iam::111122223333:policy/*'],
  ])('%s %s covers the boundary: the Deny subtracts', (op, value) => {
    expect(removable(op, value)).toBeUndefined();
  });

  it.each([
    ['ArnLike', 'arn:aws:*:policy/dev-boundary'],
    ['ArnLike', 'arn:aws:iam::*'],
    ['ArnEquals', 'arn:aws:iam::*'],
    ['ArnLike', 'arn:aws:iam::111122223333:policy/Dev-*'],
  ])('%s %s does not: the boundary is not applied', (op, value) => {
    expect(removable(op, value)).toEqual(['iam:DeleteRolePermissionsBoundary']);
  });
});

describe('each rule of the pinned Put and of the conditional removal Deny is needed', () => {
  const A = '111122223333';
  const role = `arn:aws:iam::${A}:role/app`;
  const OTHER = `arn:aws:iam::${A}:policy/other`;
  const entry = (op: string, values: string[], truncated = false) => ({
    op,
    key: 'iam:PermissionsBoundary',
    values,
    ...(truncated ? { truncated: true as const } : {}),
  });
  const removable = (statements: PolicyStatement[]) =>
    boundedGrants([ADMIN], { arn: BOUNDARY_ARN, statements }, adminGrants, role).removable;
  const putAllow = (c: ReturnType<typeof entry>) => [
    stmt(['bedrock:InvokeModel']),
    stmt(['iam:PutRolePermissionsBoundary'], ['*'], { hasCondition: true, conditions: [c] }),
  ];
  const denying = (action: string, c: ReturnType<typeof entry>) => [
    stmt(['bedrock:InvokeModel', action]),
    stmt([action], ['*'], { effect: 'Deny', hasCondition: true, conditions: [c] }),
  ];

  it('a Put pinned to this boundary or another one may set the other: not a pin', () => {
    expect(removable(putAllow(entry('StringEquals', [BOUNDARY_ARN, OTHER])))).toEqual(['iam:PutRolePermissionsBoundary']);
  });

  it('a truncated pin proves nothing', () => {
    expect(removable(putAllow(entry('StringEquals', [BOUNDARY_ARN], true)))).toEqual(['iam:PutRolePermissionsBoundary']);
  });

  it('a Put Deny with a positive operator on this boundary denies only setting it again: another can be set', () => {
    expect(removable(denying('iam:PutRolePermissionsBoundary', entry('StringEquals', [BOUNDARY_ARN])))).toEqual([
      'iam:PutRolePermissionsBoundary',
    ]);
  });

  it('a truncated condition entry of a Delete Deny is not known to apply', () => {
    expect(removable(denying('iam:DeleteRolePermissionsBoundary', entry('StringEquals', [BOUNDARY_ARN], true)))).toEqual([
      'iam:DeleteRolePermissionsBoundary',
    ]);
  });

  it('a conditional Deny of a rewrite action is never judged to apply (iam:PermissionsBoundary is not its key)', () => {
    expect(removable(denying('iam:CreatePolicyVersion', entry('StringNotEquals', [BOUNDARY_ARN])))).toEqual(['iam:CreatePolicyVersion']);
  });
});

describe('boundaryRemovalGrants: a user that may change its own ARN (iam:UpdateUser)', () => {
  const A = '111122223333';
  const alice = `arn:aws:iam::${A}:user/alice`;
  const developers = `arn:aws:iam::${A}:user/developers/*`;
  const bounded = (statements: PolicyStatement[], policies: AttachedPolicy[] = [ADMIN], self = alice) =>
    boundedGrants(policies, { arn: BOUNDARY_ARN, statements }, adminGrants, self);

  it('Repro A: a removal on user/developers/* counts when the user may move itself there', () => {
    const statements = [
      stmt(['bedrock:*']),
      stmt(['iam:UpdateUser'], [`arn:aws:iam::${A}:user/*`]),
      stmt(['iam:DeleteUserPermissionsBoundary'], [developers]),
    ];
    expect(bounded(statements).removable).toEqual(['iam:DeleteUserPermissionsBoundary', 'iam:UpdateUser']);
    expect(bounded(statements).hits.length).toBeGreaterThan(0);
    // without UpdateUser on itself (or with it denied) the removal on other users does not reach it: capped
    expect(bounded([statements[0] as PolicyStatement, statements[2] as PolicyStatement]).removable).toBeUndefined();
    expect(
      bounded([stmt(['bedrock:*']), stmt(['iam:UpdateUser'], [developers]), statements[2] as PolicyStatement]).removable,
    ).toBeUndefined();
    const denyUpdate = { ...ADMIN, statements: [stmt(['*']), stmt(['iam:UpdateUser'], [alice], { effect: 'Deny' })] };
    expect(bounded(statements, [denyUpdate]).removable).toBeUndefined();
    // another account's users: not reachable by a rename
    expect(
      bounded([
        stmt(['bedrock:*', 'iam:UpdateUser']),
        stmt(['iam:DeleteUserPermissionsBoundary'], ['arn:aws:iam::999988887777:user/developers/*']),
      ]).removable,
    ).toBeUndefined();
  });

  it('Repro B: a Deny on its current ARN no longer binds it; a Deny on user/* or * (conditioned or not) does', () => {
    const statements = [stmt(['bedrock:*', 'iam:UpdateUser', 'iam:DeleteUserPermissionsBoundary'])];
    const identity = (deny: PolicyStatement) => [{ ...ADMIN, statements: [stmt(['*']), deny] }];
    const exact = stmt(['iam:DeleteUserPermissionsBoundary'], [alice], { effect: 'Deny' });
    expect(bounded(statements, identity(exact)).removable).toEqual(['iam:DeleteUserPermissionsBoundary', 'iam:UpdateUser']);
    for (const r of [`arn:aws:iam::${A}:user/*`, '*', `arn:aws:iam::*:user/*`, `arn:aws:iam::${A}:*`])
      expect(
        bounded(statements, identity(stmt(['iam:DeleteUserPermissionsBoundary'], [r], { effect: 'Deny' }))).removable,
        r,
      ).toBeUndefined();
    // a Deny on other users: removable as before (its own ARN is not denied)
    expect(bounded(statements, identity(stmt(['iam:DeleteUserPermissionsBoundary'], [developers], { effect: 'Deny' }))).removable).toEqual([
      'iam:DeleteUserPermissionsBoundary',
    ]);
    const keyed = stmt(['iam:DeleteUserPermissionsBoundary'], [`arn:aws:iam::${A}:user/*`], {
      effect: 'Deny',
      hasCondition: true,
      conditions: [{ op: 'StringEquals', key: 'iam:PermissionsBoundary', values: [BOUNDARY_ARN] }],
    });
    expect(bounded(statements, identity(keyed)).removable).toBeUndefined();
  });

  it('roles cannot change their ARN: unaffected', () => {
    const role = `arn:aws:iam::${A}:role/app`;
    const statements = [
      stmt(['bedrock:*', 'iam:UpdateUser', 'iam:UpdateRole']),
      stmt(['iam:DeleteRolePermissionsBoundary', 'iam:DeleteUserPermissionsBoundary'], [`arn:aws:iam::${A}:role/other`, developers]),
    ];
    expect(bounded(statements, [ADMIN], role).removable).toBeUndefined();
  });
});

describe('boundaryRemovalGrants with an owner ARN known without its path (selfExact false)', () => {
  const A = '111122223333';
  const pathless = `arn:aws:iam::${A}:user/alice`;
  const inexact = (statements: PolicyStatement[], policies: AttachedPolicy[] = [ADMIN]) =>
    boundedGrants(policies, { arn: BOUNDARY_ARN, statements }, adminGrants, pathless, false);

  it('an Allow on a path the real user may be under counts, for the UpdateUser gate too (no capped PASS)', () => {
    const statements = [
      stmt(['bedrock:*']),
      stmt(['iam:UpdateUser', 'iam:DeleteUserPermissionsBoundary'], [`arn:aws:iam::${A}:user/developers/*`]),
    ];
    expect(inexact(statements).removable).toEqual(['iam:DeleteUserPermissionsBoundary']);
    // the UpdateUser gate: a rename (allowed on developers/*) reaches a removal allowed only on other users
    const gate = [
      stmt(['bedrock:*']),
      stmt(['iam:UpdateUser'], [`arn:aws:iam::${A}:user/developers/*`]),
      stmt(['iam:DeleteUserPermissionsBoundary'], [`arn:aws:iam::${A}:user/ops/bob`]),
    ];
    expect(inexact(gate).removable).toEqual(['iam:DeleteUserPermissionsBoundary', 'iam:UpdateUser']);
    // a literal path ending in its name counts as well
    expect(
      inexact([stmt(['bedrock:*']), stmt(['iam:DeleteUserPermissionsBoundary'], [`arn:aws:iam::${A}:user/developers/alice`])]).removable,
    ).toEqual(['iam:DeleteUserPermissionsBoundary']);
    // the exact ARN keeps its meaning: user/developers/* does not match user/alice
    expect(boundedGrants([ADMIN], { arn: BOUNDARY_ARN, statements }, adminGrants, pathless, true).removable).toBeUndefined();
  });

  it('an Allow that cannot match the name (another name, kind or account) does not count', () => {
    for (const r of [
      `arn:aws:iam::${A}:user/developers/bob`,
      `arn:aws:iam::${A}:user/ops/*-admin`,
      `arn:aws:iam::${A}:role/ops/*`,
      'arn:aws:iam::999988887777:user/developers/*',
    ])
      expect(inexact([stmt(['bedrock:*']), stmt(['iam:DeleteUserPermissionsBoundary'], [r])]).removable, r).toBeUndefined();
  });

  it('Denies on every user (user/*, the account) still subtract; a Deny on the path-less ARN does not', () => {
    const statements = [stmt(['bedrock:*', 'iam:DeleteUserPermissionsBoundary'])];
    const identity = (r: string) => [
      { ...ADMIN, statements: [stmt(['*']), stmt(['iam:DeleteUserPermissionsBoundary'], [r], { effect: 'Deny' })] },
    ];
    for (const r of ['*', `arn:aws:iam::${A}:user/*`, `arn:aws:iam::${A}:*`])
      expect(inexact(statements, identity(r)).removable, r).toBeUndefined();
    expect(inexact(statements, identity(pathless)).removable).toEqual(['iam:DeleteUserPermissionsBoundary']);
    // in the boundary itself too
    expect(
      inexact([...statements, stmt(['iam:DeleteUserPermissionsBoundary'], [`arn:aws:iam::${A}:user/*`], { effect: 'Deny' })]).removable,
    ).toBeUndefined();
  });
});
