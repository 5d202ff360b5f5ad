import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, error, fail, pass, unread } from '../lib/outcome.ts';
import {
  adminGrants,
  boundaryCappedNote,
  boundaryEvidence,
  boundaryFailNote,
  boundedGrants,
  describeHits,
  privilegeEscalationGrants,
} from '../lib/policy.ts';

/**
 * Toxic combination: an agent without a guardrail whose action-group Lambda runs with an administrator (or
 * privilege-escalation) role. Reads agent -> Lambda -> role through the graph.
 */
export default defineCheck({
  metadata: {
    id: 'bedrock_agent_action_group_privileged_without_guardrail',
    title: 'Unguarded Bedrock agents do not call action-group Lambdas with administrator roles',
    severity: 'CRITICAL',
    service: 'bedrock',
    resourceType: 'bedrock.agent',
    description:
      "Toxic combination: the agent has no guardrail AND one of its action-group Lambda functions runs with an administrator or privilege-escalation role (as capped by the role's permissions boundary; a boundary that could not be read is not applied).",
    risk: 'Any user (or any document the agent reads) can inject instructions that the agent turns into tool calls; with an admin Lambda behind the tool, one prompt injection becomes full account compromise.',
    remediation: {
      text: 'Attach a guardrail with a HIGH prompt-attack filter to the agent and reduce the action-group Lambda role to the few actions the tool needs. Consider return-control action groups for sensitive operations (human approval).',
      url: 'https://docs.aws.amazon.com/bedrock/latest/userguide/agents-action-create.html',
      cli: 'aws iam detach-role-policy --role-name <lambda-role> --policy-arn arn:aws:iam::aws:policy/AdministratorAccess',
      cdk: 'fn.role?.addManagedPolicy(...) // replace AdministratorAccess with scoped statements; agent.guardrailConfiguration = { guardrailIdentifier, guardrailVersion }',
    },
    types: [TYPES.bestPractice, TYPES.privEsc],
    mappings: maps(M.privilege, M.guardrail, { atlas: ['AML.T0051.001'], euAiAct: ['Art. 14'] }),
    equivalents: {},
    categories: ['gen-ai', 'toxic-combination', 'iam'],
  },
  evaluate(agent, ctx) {
    const u = unread(agent, ['guardrail', 'actionGroups']);
    if (u) return u;
    const lambdas = agent.config.actionGroups.filter((g) => g.executorKind === 'lambda' && g.lambdaArn);
    if (agent.config.guardrail) return pass(`Agent ${agent.name} has a guardrail, so its tools are not reachable unfiltered.`);
    if (lambdas.length === 0) return pass(`Agent ${agent.name} has no Lambda action groups.`);
    const privileged: string[] = [];
    const unknown: string[] = [];
    const details: { text: string; note: string }[] = [];
    const boundaries: Record<string, unknown>[] = [];
    const capped: string[] = [];
    const cappedEvidence: Record<string, unknown>[] = [];
    for (const g of lambdas) {
      const fn = ctx.graph.get(g.lambdaArn as string);
      const roleArn = fn?.type === 'lambda.function' ? fn.config?.roleArn : undefined;
      const role = roleArn ? ctx.graph.get(roleArn) : undefined;
      if (fn?.type !== 'lambda.function' || !role || role.type !== 'iam.role' || role.config?.policies === undefined) {
        unknown.push(g.lambdaArn as string);
        continue;
      }
      const b = boundedGrants(
        role.config.policies,
        role.config.permissionsBoundary,
        (p, boundary) => [...adminGrants(p, boundary), ...privilegeEscalationGrants(p, boundary)],
        role.id,
      );
      if (b.hits.length > 0) {
        privileged.push(g.lambdaArn as string);
        details.push({ text: `${fn.name} -> ${role.name}: ${describeHits(b.hits)}`, note: boundaryFailNote(b) });
        const ev = boundaryEvidence(b);
        if (ev) boundaries.push({ roleArn, ...ev });
      } else if (b.unbounded.length > 0) {
        capped.push(`${fn.name} -> ${role.name}:${boundaryCappedNote(b)}`);
        // per role, the same shape as the FAIL's (and the other checks' per-policy, per-action `cappedByBoundary`)
        const ev = boundaryEvidence(b);
        if (ev) cappedEvidence.push({ roleArn, ...ev });
      }
    }
    if (privileged.length > 0) {
      // without a boundary note the text is as before boundaries were applied (no re-delivery of open findings)
      const listed = details.some((d) => d.note)
        ? details.map((d) => `${d.text}.${d.note}`).join(' ')
        : `${details.map((d) => d.text).join('; ')}.`;
      return fail(`Agent ${agent.name} has no guardrail and calls privileged Lambda(s): ${listed}`, {
        lambdaArns: privileged,
        unknownLambdaArns: unknown,
        ...(boundaries.length ? { boundaryEvidence: boundaries } : {}),
      });
    }
    if (unknown.length > 0) {
      return error(
        `Agent ${agent.name} has no guardrail and the roles of action-group Lambda(s) ${unknown.join(', ')} could not be read.`,
        { unknownLambdaArns: unknown },
      );
    }
    return pass(
      `Agent ${agent.name} has no guardrail, but none of its ${lambdas.length} action-group Lambda(s) has an administrator or escalation role.${capped.length ? ` ${capped.join(' ')}` : ''}`,
      cappedEvidence.length ? { boundaryEvidence: cappedEvidence } : undefined,
    );
  },
});
