import { describe, expect, it } from 'vitest';
import { InventoryGraph } from '../../../shared/assessment/graph.ts';
import { checkById } from '../../../shared/checks/index.ts';
import type { CheckOutcome } from '../../../shared/domain/check.ts';
import { privilegeEscalationGrants } from '../../../shared/checks/lib/policy.ts';
import type { AnyAsset } from '../../../shared/domain/asset.ts';
import type { AttachedPolicy, PermissionsBoundary } from '../../../shared/domain/asset-config.ts';
import {
  ADMIN_POLICY,
  BOUNDARY_ARN,
  lambdaArn,
  NOW,
  policy,
  REMOVABLE_BOUNDARY,
  role,
  roleArn,
  stmt,
} from '../../fixtures/checks/builders.ts';
import { bedrockCases, lambdaFn } from '../../fixtures/checks/cases-bedrock.ts';
import { type Scenario, sc } from '../../fixtures/checks/cases.ts';
import { iamCases } from '../../fixtures/checks/cases-other.ts';

/**
 * The seven privilege checks apply the principal's permissions boundary: what it caps is named in the PASS, an unread
 * boundary keeps the FAIL and says so (the scenarios are the check tables' own).
 */
const CHECKS = [
  'iam_role_ai_service_wildcard_access_not_granted',
  'iam_user_ai_service_wildcard_access_not_granted',
  'iam_role_ai_workload_no_administrative_privileges',
  'bedrock_agent_action_group_privileged_without_guardrail',
  'bedrock_api_key_no_administrative_privileges',
  'bedrock_knowledge_base_role_least_privilege',
  'bedrock_agent_role_least_privilege',
];
const TABLE = { ...iamCases, ...bedrockCases };

function outcome(id: string, s: Scenario): CheckOutcome {
  const check = checkById(id);
  if (!check) throw new Error(`no check ${id}`);
  const r = check.evaluate(s.target as never, { graph: new InventoryGraph([s.target, ...(s.others ?? [])], []), now: NOW, settings: {} });
  const list = Array.isArray(r) ? r : [r];
  expect(list).toHaveLength(1);
  return list[0] as CheckOutcome;
}

describe.each(CHECKS)('%s with a permissions boundary', (id) => {
  const cases = TABLE[id];
  const capped = cases?.pass.find((s) => s.name.includes('capped by a boundary'));
  const unreadBoundary = cases?.fail.find((s) => s.name.endsWith('boundary unread'));

  it('PASS names the boundary, what it allows and the policy it capped', () => {
    expect(capped, 'a "capped by a boundary" PASS scenario').toBeDefined();
    const r = outcome(id, capped as Scenario);
    expect(r.status).toBe('PASS');
    expect(r.reason).toMatch(/(AdministratorAccess|wide)(, AmazonSageMakerFullAccess)? capped by permissions boundary /);
    expect(r.reason).toContain(`capped by permissions boundary ${BOUNDARY_ARN} (allows only bedrock:InvokeModel).`);
    expect(JSON.stringify(r.evidence)).toContain(BOUNDARY_ARN);
  });

  it('an unreadable boundary keeps the FAIL and says the boundary was not applied', () => {
    expect(unreadBoundary, 'a "boundary unread" FAIL scenario').toBeDefined();
    const r = outcome(id, unreadBoundary as Scenario);
    expect(r.status).toBe('FAIL');
    expect(r.reason).toContain(`permissions boundary ${BOUNDARY_ARN} could not be read, so it is not applied.`);
  });
});

type Recorded = PermissionsBoundary | null | 'absent';

/**
 * The scenario with the principal's recorded boundary replaced (`absent`: the field left out, as stored before), and
 * `extra` identity policies added.
 */
function withBoundary(s: Scenario, b: Recorded, extra: AttachedPolicy[] = []): Scenario {
  const set = (a: AnyAsset): AnyAsset => {
    const isKey = a.type === 'iam.bedrock-api-key';
    const key = isKey ? 'userPermissionsBoundary' : 'permissionsBoundary';
    const policies = isKey ? 'userPolicies' : 'policies';
    const config = { ...(a.config as unknown as Record<string, unknown>) };
    if (b === 'absent') delete config[key];
    else config[key] = b;
    config[policies] = [...((config[policies] as AttachedPolicy[]) ?? []), ...extra];
    return { ...a, config } as unknown as AnyAsset;
  };
  const principal = (a: AnyAsset) => a.type === 'iam.role' || a.type === 'iam.user' || a.type === 'iam.bedrock-api-key';
  return {
    ...s,
    target: principal(s.target) ? set(s.target) : s.target,
    others: (s.others ?? []).map((o) => (principal(o) ? set(o) : o)),
  };
}

const BOUNDARY_KEYS = [
  'permissionsBoundary',
  'permissionsBoundaryRead',
  'permissionsBoundaryRemovable',
  'cappedByBoundary',
  'boundaryEvidence',
];

describe.each(CHECKS)('%s without a boundary, or a boundary that does not bind', (id) => {
  const capped = TABLE[id]?.pass.find((s) => s.name.includes('capped by a boundary')) as Scenario;

  it('field absent (stored before boundaries were read) and null give the same FAIL, with no boundary text or evidence', () => {
    const absent = outcome(id, withBoundary(capped, 'absent'));
    const none = outcome(id, withBoundary(capped, null));
    expect(absent.status).toBe('FAIL');
    expect(absent).toEqual(none);
    expect(absent.reason).not.toMatch(/boundary/i);
    expect(Object.keys(absent.evidence ?? {}).filter((k) => BOUNDARY_KEYS.includes(k))).toEqual([]);
  });

  it('a boundary the principal may remove (it allows iam:*PermissionsBoundary) does not cap: FAIL, and says why', () => {
    const selfAdmin = policy('boundary-admin', [stmt(['iam:DeleteRolePermissionsBoundary', 'iam:DeleteUserPermissionsBoundary'])]);
    const r = outcome(id, withBoundary(capped, REMOVABLE_BOUNDARY, [selfAdmin]));
    expect(r.status).toBe('FAIL');
    expect(r.reason).toContain(`Its permissions boundary ${BOUNDARY_ARN} can be rewritten or removed by the principal (it allows iam:`);
    // only the removal of the principal's own kind (a role's boundary, a user's) counts
    const own = capped.target.type === 'iam.bedrock-api-key' || capped.target.type === 'iam.user' ? 'User' : 'Role';
    expect(r.reason).toMatch(new RegExp(`\\(it allows [^)]*iam:Delete${own}PermissionsBoundary[^)]*\\), so it is not applied\\.$`));
    expect(r.reason).not.toContain(`iam:Delete${own === 'Role' ? 'User' : 'Role'}PermissionsBoundary`);
    expect(JSON.stringify(r.evidence)).toContain('permissionsBoundaryRemovable');
  });

  it('a boundary Allow * on a pattern covering all resources (arn:aws:*:*:*:*) does not cap', () => {
    const r = outcome(id, withBoundary(capped, { arn: BOUNDARY_ARN, statements: [stmt(['*'], ['arn:aws:*:*:*:*'])] }));
    expect(r.status).toBe('FAIL');
  });

  it('a GetUser that failed (arn null) keeps the FAIL and says the boundary was not read', () => {
    const r = outcome(id, withBoundary(capped, { arn: null, statements: undefined }));
    expect(r.status).toBe('FAIL');
    expect(r.reason).toContain('Whether a permissions boundary caps them was not read, so none is applied.');
  });
});

describe('principals without a boundary', () => {
  it('keep the FAIL reason and evidence they had before boundaries were read (no re-delivery of open findings)', () => {
    const s = iamCases.iam_role_ai_workload_no_administrative_privileges?.fail.find((x) => x.name === 'admin');
    const r = outcome('iam_role_ai_workload_no_administrative_privileges', s as Scenario);
    expect(r.reason).toMatch(
      /is over-privileged: AdministratorAccess \(AWS managed administrator policy\); AdministratorAccess \([^)]*\)\.$/,
    );
    expect(Object.keys(r.evidence ?? {}).sort()).toEqual(['grants', 'usedBy']);
  });

  it('an unguarded agent with two admin Lambdas keeps the exact pre-boundary FAIL text and evidence', () => {
    const id = 'bedrock_agent_action_group_privileged_without_guardrail';
    const base = TABLE[id]?.fail.find((x) => x.name === 'no guardrail, admin tool role') as Scenario;
    const agent = base.target as AnyAsset & { config: { actionGroups: { lambdaArn?: string }[] } };
    const twoTools = {
      ...agent,
      config: {
        ...agent.config,
        actionGroups: [
          { ...agent.config.actionGroups[0], lambdaArn: lambdaArn('ops-tool') },
          { ...agent.config.actionGroups[0], lambdaArn: lambdaArn('db-tool') },
        ],
      },
    } as AnyAsset;
    for (const recorded of ['absent', null] as const) {
      const s = withBoundary(
        sc('two tools', twoTools, [
          lambdaFn('ops-tool', 'ops-tool-role'),
          role('ops-tool-role', [ADMIN_POLICY]),
          lambdaFn('db-tool', 'db-tool-role'),
          role('db-tool-role', [policy('esc', [stmt(['iam:PassRole'])])]),
        ]),
        recorded,
      );
      const r = outcome(id, s);
      const hitsOf = `AdministratorAccess (AWS managed administrator policy); AdministratorAccess (${privilegeEscalationGrants([ADMIN_POLICY])[0]?.detail})`;
      expect(r.reason).toBe(
        `Agent ${agent.name} has no guardrail and calls privileged Lambda(s): ops-tool -> ops-tool-role: ${hitsOf}; db-tool -> db-tool-role: esc (iam:PassRole).`,
      );
      expect(Object.keys(r.evidence ?? {}).sort()).toEqual(['lambdaArns', 'unknownLambdaArns']);
    }
  });

  it('an action-group FAIL with a boundary carries its boundaryEvidence', () => {
    const id = 'bedrock_agent_action_group_privileged_without_guardrail';
    const s = TABLE[id]?.fail.find((x) => x.name === 'no guardrail, admin tool role, boundary lets it through') as Scenario;
    const r = outcome(id, s);
    expect(r.evidence).toMatchObject({ boundaryEvidence: [{ roleArn: roleArn('ops-tool-role'), permissionsBoundary: BOUNDARY_ARN }] });
  });
});

describe('bedrock_agent_action_group_privileged_without_guardrail: PASS evidence of a capped role', () => {
  it('is per role, with the per-policy, per-action cappedByBoundary of the other checks (not sentences)', () => {
    const capped = TABLE.bedrock_agent_action_group_privileged_without_guardrail?.pass.find((s) =>
      s.name.includes('capped by a boundary'),
    ) as Scenario;
    const r = outcome('bedrock_agent_action_group_privileged_without_guardrail', capped);
    expect(r.status).toBe('PASS');
    const ev = (r.evidence as { boundaryEvidence: Record<string, unknown>[] }).boundaryEvidence;
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({
      roleArn: expect.stringMatching(/:role\//),
      permissionsBoundary: BOUNDARY_ARN,
      cappedByBoundary: expect.arrayContaining(['AdministratorAccess (AWS managed administrator policy)']),
    });
  });
});

describe('FAIL messages with a readable boundary', () => {
  it('say the boundary lets the grants through', () => {
    const s = iamCases.iam_role_ai_workload_no_administrative_privileges?.fail.find(
      (x) => x.name === 'admin, boundary lets everything through',
    );
    const r = outcome('iam_role_ai_workload_no_administrative_privileges', s as Scenario);
    expect(r.status).toBe('FAIL');
    expect(r.reason).toContain(`Its permissions boundary ${BOUNDARY_ARN} lets them through.`);
    expect(r.evidence).toMatchObject({ permissionsBoundary: BOUNDARY_ARN });
  });

  it('list only what the boundary lets through (admin capped, iam:PassRole kept)', () => {
    const s = iamCases.iam_role_ai_workload_no_administrative_privileges?.fail.find(
      (x) => x.name === 'admin, boundary lets iam:PassRole through',
    );
    const r = outcome('iam_role_ai_workload_no_administrative_privileges', s as Scenario);
    expect(r.status).toBe('FAIL');
    expect(r.reason).toContain('over-privileged: AdministratorAccess (iam:PassRole).');
    expect(r.evidence).toMatchObject({
      grants: ['iam:PassRole'],
      cappedByBoundary: expect.arrayContaining(['AdministratorAccess (AWS managed administrator policy)']),
    });
  });
});

/**
 * The principal's own ARN as each check sees it: a role's id (GetRole's ARN, path included), a user's `config.arn`
 * (GetUser's, path included; the id has none), an API key's `userArn` (the owner's, copied by discovery). A removal
 * of the boundary allowed only on a pattern that matches that ARN (not one covering every principal) must keep the
 * boundary from capping; with another principal's pattern the boundary caps.
 */
describe.each(CHECKS)("%s: a boundary removal allowed on the principal's own ARN (path or pattern)", (id) => {
  const capped = TABLE[id]?.pass.find((s) => s.name.includes('capped by a boundary')) as Scenario;
  const PATHED = `arn:aws:iam::111122223333:user/developers/`;
  /** The scenario's principal with a path (users and key owners), and the pattern that matches only its own ARN. */
  const setUp = (s: Scenario, matching: boolean) => {
    let pattern = '';
    let kind = 'Role';
    const own = (a: AnyAsset): AnyAsset => {
      const config = { ...(a.config as unknown as Record<string, unknown>) };
      if (a.type === 'iam.role') pattern = `${a.id.slice(0, -1)}*`;
      else if (a.type === 'iam.user' || a.type === 'iam.bedrock-api-key') {
        kind = 'User';
        const name = a.type === 'iam.user' ? a.name : String(config.userName);
        config[a.type === 'iam.user' ? 'arn' : 'userArn'] = `${PATHED}${name}`;
        pattern = `${PATHED}*`;
      } else return a;
      return { ...a, config } as unknown as AnyAsset;
    };
    const t = { ...s, target: own(s.target), others: (s.others ?? []).map(own) };
    const target = matching ? pattern : 'arn:aws:iam::111122223333:role/someone-else*';
    const action = `iam:Delete${kind}PermissionsBoundary`;
    const boundary = { arn: BOUNDARY_ARN, statements: [stmt(['bedrock:InvokeModel']), stmt([action], [target])] };
    return { scenario: withBoundary(t, boundary, [policy('self-service', [stmt([action], [target])])]), action };
  };

  it('matching its own ARN: FAIL, the boundary is not applied', () => {
    const { scenario, action } = setUp(capped, true);
    const r = outcome(id, scenario);
    expect(r.status).toBe('FAIL');
    expect(r.reason).toContain(`can be rewritten or removed by the principal (it allows ${action}), so it is not applied.`);
  });

  it("another principal's pattern: the boundary caps (PASS)", () => {
    expect(outcome(id, setUp(capped, false).scenario).status).toBe('PASS');
  });
});

describe('bedrock_api_key_no_administrative_privileges: the owner ARN in its partition', () => {
  it("without a copied owner ARN, the key's owned-by ARN (aws-cn) is matched, not an arn:aws one", () => {
    const capped = TABLE.bedrock_api_key_no_administrative_privileges?.pass.find((s) =>
      s.name.includes('capped by a boundary'),
    ) as Scenario;
    const owner = 'arn:aws-cn:iam::111122223333:user/bedrock-app';
    const key = capped.target as AnyAsset;
    const cn = { ...key, relationships: [{ kind: 'owned-by', targetId: owner, targetType: 'iam.user' }] } as AnyAsset;
    const boundary = {
      arn: BOUNDARY_ARN,
      statements: [stmt(['bedrock:InvokeModel']), stmt(['iam:DeleteUserPermissionsBoundary'], [owner])],
    };
    const r = outcome('bedrock_api_key_no_administrative_privileges', withBoundary({ ...capped, target: cn }, boundary));
    expect(r.status).toBe('FAIL');
    expect(r.reason).toContain('(it allows iam:DeleteUserPermissionsBoundary)');
  });

  it("a Deny on the owner's ARN counts only when the key records it exactly (the path-less owned-by fallback may lack the path)", () => {
    const capped = TABLE.bedrock_api_key_no_administrative_privileges?.pass.find((s) =>
      s.name.includes('capped by a boundary'),
    ) as Scenario;
    const owner = 'arn:aws:iam::111122223333:user/bedrock-app';
    const key = capped.target as AnyAsset;
    const base = { ...key, relationships: [{ kind: 'owned-by', targetId: owner, targetType: 'iam.user' }] };
    const fallback = { ...base, config: { ...(key.config as object), userArn: undefined } } as AnyAsset;
    const exact = { ...base, config: { ...(key.config as object), userArn: owner } } as AnyAsset;
    const boundary = { arn: BOUNDARY_ARN, statements: [stmt(['bedrock:InvokeModel', 'iam:DeleteUserPermissionsBoundary'])] };
    const identity = [
      policy('self-service', [
        stmt(['iam:DeleteUserPermissionsBoundary']),
        stmt(['iam:DeleteUserPermissionsBoundary'], [owner], { effect: 'Deny' }),
      ]),
    ];
    const run = (target: AnyAsset) =>
      outcome('bedrock_api_key_no_administrative_privileges', withBoundary({ ...capped, target }, boundary, identity));
    // the user may be at a path (user/developers/bedrock-app): AWS would not apply the Deny, so the boundary is removable
    expect(run(fallback).status).toBe('FAIL');
    expect(run(fallback).reason).toContain('(it allows iam:DeleteUserPermissionsBoundary)');
    expect(run(exact).status).toBe('PASS');
  });
});
