import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, error, fail, manual, pass, unread } from '../lib/outcome.ts';
import { boundaryCappedNote, boundaryEvidence, boundaryFailNote, boundedGrants, describeHits, overPrivilege } from '../lib/policy.ts';

export default defineCheck({
  metadata: {
    id: 'bedrock_agent_role_least_privilege',
    title: 'Bedrock agent service roles follow least privilege',
    severity: 'HIGH',
    service: 'bedrock',
    resourceType: 'bedrock.agent',
    description:
      "Reads the agent service role through the asset graph and checks that it has no administrator access, no privilege-escalation actions (iam:PassRole, iam:CreatePolicyVersion, iam:AttachRolePolicy, ...) on `*`, and no `bedrock:*` on `*`, that the role's permissions boundary lets through (a boundary that could not be read is not applied).",
    risk: 'An agent acts on model output, which an attacker can steer with prompt injection. A broad role turns that into account takeover or unrestricted model use (excessive agency).',
    remediation: {
      text: 'Scope the agent role to bedrock:InvokeModel on the agent foundation model ARN (and the knowledge bases it uses); remove administrator, wildcard and IAM-write permissions.',
      url: 'https://docs.aws.amazon.com/bedrock/latest/userguide/agents-permissions.html',
      cli: 'aws iam detach-role-policy --role-name <agent-role> --policy-arn <broad-policy-arn>',
      cdk: "role.addToPolicy(new iam.PolicyStatement({ actions: ['bedrock:InvokeModel'], resources: [modelArn] }))",
    },
    types: [TYPES.bestPractice, TYPES.privEsc],
    mappings: maps(M.privilege),
    equivalents: { prowler: ['bedrock_agent_role_least_privilege'] },
    categories: ['gen-ai', 'iam'],
  },
  evaluate(agent, ctx) {
    const u = unread(agent, ['roleArn']);
    if (u) return u;
    const roleArn = agent.config.roleArn;
    if (!roleArn) return manual(`Agent ${agent.name} reports no service role; review how it is authorised.`);
    const role = ctx.graph.get(roleArn);
    if (role?.type !== 'iam.role')
      return error(`Agent ${agent.name}: role ${roleArn} is not in the inventory, so its permissions are unknown.`, { roleArn });
    const ru = unread(role, ['policies']);
    if (ru) return ru;
    const b = boundedGrants(
      role.config.policies,
      role.config.permissionsBoundary,
      (p, boundary) => overPrivilege(p, ['bedrock'], boundary),
      role.id,
    );
    if (b.hits.length > 0) {
      return fail(`Agent ${agent.name} runs as ${role.name}, which is over-privileged: ${describeHits(b.hits)}.${boundaryFailNote(b)}`, {
        roleArn,
        policies: b.hits.map((h) => h.policy),
        grants: b.hits.map((h) => h.detail),
        ...boundaryEvidence(b),
      });
    }
    return pass(
      `Agent ${agent.name} runs as ${role.name} with no administrator, privilege-escalation or bedrock:* grants.${boundaryCappedNote(b)}`,
      { roleArn, ...boundaryEvidence(b) },
    );
  },
});
