import { describe, expect, it } from 'vitest';
import { InventoryGraph } from '../../../shared/assessment/graph.ts';
import { checkById } from '../../../shared/checks/index.ts';
import type { CheckOutcome } from '../../../shared/domain/check.ts';
import { BOUNDARY_ARN, NOW } from '../../fixtures/checks/builders.ts';
import { bedrockCases } from '../../fixtures/checks/cases-bedrock.ts';
import type { Scenario } from '../../fixtures/checks/cases.ts';
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

describe('principals without a boundary', () => {
  it('keep the FAIL reason and evidence they had before boundaries were read (no re-delivery of open findings)', () => {
    const s = iamCases.iam_role_ai_workload_no_administrative_privileges?.fail.find((x) => x.name === 'admin');
    const r = outcome('iam_role_ai_workload_no_administrative_privileges', s as Scenario);
    expect(r.reason).toMatch(
      /is over-privileged: AdministratorAccess \(AWS managed administrator policy\); AdministratorAccess \([^)]*\)\.$/,
    );
    expect(Object.keys(r.evidence ?? {}).sort()).toEqual(['grants', 'usedBy']);
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
