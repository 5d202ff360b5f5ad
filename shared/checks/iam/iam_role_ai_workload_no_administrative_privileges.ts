import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, fail, pass, unread } from '../lib/outcome.ts';
import {
  adminGrants,
  boundaryCappedNote,
  boundaryEvidence,
  boundaryFailNote,
  boundedGrants,
  describeHits,
  privilegeEscalationGrants,
} from '../lib/policy.ts';

export default defineCheck({
  metadata: {
    id: 'iam_role_ai_workload_no_administrative_privileges',
    title: 'Roles used by AI workloads have no administrative or privilege-escalation permissions',
    severity: 'HIGH',
    service: 'iam',
    resourceType: 'iam.role',
    description:
      "For roles used by AI assets (execution roles of notebooks, models, training jobs, agents, knowledge bases, flows, batch inference jobs, AI-calling Lambdas), fails on administrator access or privilege-escalation actions (iam:PassRole, iam:CreatePolicyVersion, iam:AttachRolePolicy, ...) on `*` that the role's permissions boundary lets through (a boundary that could not be read is not applied).",
    risk: 'AI workloads run third-party code and act on untrusted model output; an admin or escalation-capable role turns a notebook package compromise or an agent prompt injection into account takeover.',
    remediation: {
      text: 'Remove administrator policies and scope iam:PassRole to the specific roles the workload must pass (with iam:PassedToService).',
      url: 'https://docs.aws.amazon.com/sagemaker/latest/dg/sagemaker-roles.html',
      cli: 'aws iam detach-role-policy --role-name <role> --policy-arn arn:aws:iam::aws:policy/AdministratorAccess',
      cdk: "role.addToPolicy(new iam.PolicyStatement({ actions: ['iam:PassRole'], resources: [trainingRole.roleArn], conditions: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } } }))",
    },
    types: [TYPES.bestPractice, TYPES.privEsc],
    mappings: maps(M.privilege),
    equivalents: {},
    categories: ['gen-ai', 'iam'],
  },
  evaluate(role) {
    const u = unread(role, ['policies', 'usedBy']);
    if (u) return u;
    if (role.config.usedBy.length === 0) return [];
    const b = boundedGrants(
      role.config.policies,
      role.config.permissionsBoundary,
      (p, boundary) => [...adminGrants(p, boundary), ...privilegeEscalationGrants(p, boundary)],
      role.id,
    );
    if (b.hits.length > 0)
      return fail(
        `Role ${role.name}, used by ${role.config.usedBy.length} AI asset(s), is over-privileged: ${describeHits(b.hits)}.${boundaryFailNote(b)}`,
        { usedBy: role.config.usedBy, grants: b.hits.map((h) => h.detail), ...boundaryEvidence(b) },
      );
    return pass(
      `Role ${role.name} used by AI assets has no administrative or escalation permissions.${boundaryCappedNote(b)}`,
      boundaryEvidence(b),
    );
  },
});
