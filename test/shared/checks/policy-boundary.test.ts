import { describe, expect, it } from 'vitest';
import {
  adminGrants,
  boundaryAllows,
  boundaryCappedNote,
  boundaryEvidence,
  boundaryFailNote,
  boundedGrants,
  describeBoundary,
  overPrivilege,
  privilegeEscalationGrants,
  serviceWildcardGrants,
} from '../../../shared/checks/lib/policy.ts';
import type { AttachedPolicy, PolicyStatement } from '../../../shared/domain/asset-config.ts';

const st = (effect: 'Allow' | 'Deny', actions: string[], extra: Partial<PolicyStatement> = {}): PolicyStatement => ({
  effect,
  actions,
  resources: ['*'],
  hasCondition: false,
  ...extra,
});
const ADMIN: AttachedPolicy = {
  name: 'AdministratorAccess',
  kind: 'aws-managed',
  arn: 'arn:aws:iam::aws:policy/AdministratorAccess',
  statements: [st('Allow', ['*'])],
};
const BOUNDARY_ARN = 'arn:aws:iam::111122223333:policy/dev-boundary';
const invokeOnly = [st('Allow', ['bedrock:InvokeModel'])];

describe('boundaryAllows', () => {
  it('matches actions with IAM wildcards, case-insensitively', () => {
    expect(boundaryAllows([st('Allow', ['iam:Pass*'])], 'iam:PassRole')).toBe(true);
    expect(boundaryAllows([st('Allow', ['IAM:passrole'])], 'iam:PassRole')).toBe(true);
    expect(boundaryAllows([st('Allow', ['iam:Get*'])], 'iam:PassRole')).toBe(false);
    expect(boundaryAllows([st('Allow', ['*'])], 'iam:PassRole')).toBe(true);
  });

  it('NotAction: allows everything except the listed actions', () => {
    const b = [st('Allow', [], { notActions: ['iam:*', 'sts:*'] })];
    expect(boundaryAllows(b, 'iam:PassRole')).toBe(false);
    expect(boundaryAllows(b, 'lambda:UpdateFunctionCode')).toBe(true);
  });

  it('an unconditional Deny on * in the boundary wins over its Allow', () => {
    expect(boundaryAllows([st('Allow', ['*']), st('Deny', ['iam:*'])], 'iam:PassRole')).toBe(false);
    expect(boundaryAllows([st('Allow', ['*']), st('Deny', [], { notActions: ['bedrock:*'] })], 'iam:PassRole')).toBe(false);
  });

  it('is conservative: a conditional Allow still allows, a conditional or resource-scoped Deny does not deny', () => {
    expect(boundaryAllows([st('Allow', ['iam:PassRole'], { hasCondition: true })], 'iam:PassRole')).toBe(true);
    expect(boundaryAllows([st('Allow', ['*']), st('Deny', ['iam:*'], { hasCondition: true })], 'iam:PassRole')).toBe(true);
    expect(boundaryAllows([st('Allow', ['*']), st('Deny', ['iam:*'], { resources: ['arn:aws:iam::1:role/x'] })], 'iam:PassRole')).toBe(
      true,
    );
    // a NotResource Allow reaches (almost) everything: counts as on all resources
    expect(
      boundaryAllows([st('Allow', ['iam:PassRole'], { resources: [], notResources: ['arn:aws:iam::1:role/x'] })], 'iam:PassRole'),
    ).toBe(true);
  });

  it('an Allow on named resources only does not let a grant on * through as a grant on *', () => {
    expect(boundaryAllows([st('Allow', ['iam:PassRole'], { resources: ['arn:aws:iam::1:role/app'] })], 'iam:PassRole')).toBe(false);
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
    expect(privilegeEscalationGrants([ADMIN], [st('Allow', ['iam:PassRole', 'bedrock:*'])])).toEqual([
      { policy: 'AdministratorAccess', detail: 'iam:PassRole' },
    ]);
    expect(serviceWildcardGrants([ADMIN], 'bedrock', [st('Allow', ['bedrock:*'])])).toHaveLength(1);
    expect(serviceWildcardGrants([ADMIN], 'bedrock', [st('Allow', ['bedrock*:*'])])).toHaveLength(1);
    expect(serviceWildcardGrants([ADMIN], 'sagemaker', [st('Allow', ['bedrock:*'])])).toEqual([]);
    expect(adminGrants([ADMIN], [st('Allow', ['*'])])).toHaveLength(1);
    expect(adminGrants([ADMIN], [st('Allow', ['*:*'])])).toHaveLength(1);
  });

  it('a boundary granting part of a service only does not leave a service-wide grant', () => {
    expect(serviceWildcardGrants([ADMIN], 'bedrock', [st('Allow', ['bedrock:Invoke*', 'bedrock:Get*'])])).toEqual([]);
  });

  it('NotAction boundaries: everything but IAM is still administrator-like, but no IAM escalation', () => {
    const b = [st('Allow', [], { notActions: ['iam:*'] })];
    expect(adminGrants([ADMIN], b)).toHaveLength(1);
    expect(privilegeEscalationGrants([ADMIN], b)).toEqual([
      { policy: 'AdministratorAccess', detail: 'lambda:UpdateFunctionCode, sts:AssumeRole' },
    ]);
    expect(serviceWildcardGrants([ADMIN], 'bedrock', b)).toHaveLength(1);
    // a NotAction entry that names the service leaves part of it out
    expect(serviceWildcardGrants([ADMIN], 'bedrock', [st('Allow', [], { notActions: ['bedrock:Delete*'] })])).toEqual([]);
  });

  it('a Deny in the boundary removes what it denies unconditionally on *', () => {
    expect(adminGrants([ADMIN], [st('Allow', ['*']), st('Deny', ['*'])])).toEqual([]);
    expect(serviceWildcardGrants([ADMIN], 'bedrock', [st('Allow', ['*']), st('Deny', ['bedrock:*'])])).toEqual([]);
    expect(privilegeEscalationGrants([ADMIN], [st('Allow', ['*']), st('Deny', ['iam:*', 'sts:*', 'lambda:*'])])).toEqual([]);
  });

  it('a conditional Allow in the boundary still counts as allowing (never PASS on a condition not evaluated)', () => {
    const conditional = [st('Allow', ['*'], { hasCondition: true })];
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

  it('a boundary not read at all (undefined) changes nothing either', () => {
    const b = boundedGrants([ADMIN], undefined, grants);
    expect(b.hits.length).toBeGreaterThan(0);
    expect(boundaryFailNote(b)).toContain('was not read');
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
    const b = boundedGrants([ADMIN], { arn: BOUNDARY_ARN, statements: [st('Allow', ['*'])] }, grants);
    expect(b.hits.length).toBeGreaterThan(0);
    expect(boundaryFailNote(b)).toBe(` Its permissions boundary ${BOUNDARY_ARN} lets them through.`);
  });

  it('describeBoundary lists the allowed actions (NotAction as "everything but"), at most five', () => {
    expect(describeBoundary([])).toBe('allows nothing');
    expect(describeBoundary([st('Allow', [], { notActions: ['iam:*'] })])).toBe('allows everything but iam:*');
    expect(describeBoundary([st('Allow', ['a:1', 'a:2', 'a:3', 'a:4', 'a:5', 'a:6', 'a:7']), st('Deny', ['x:y'])])).toBe(
      'allows only a:1, a:2, a:3, a:4, a:5, +2 more',
    );
  });
});
