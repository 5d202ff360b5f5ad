import { gapsFor } from '../lib/context.ts';
import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, error, fail, manual, pass, unread } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'bedrock_agent_role_not_shared_across_agents',
    title: 'Bedrock agents do not share a service role',
    severity: 'HIGH',
    service: 'bedrock',
    resourceType: 'bedrock.agent',
    description: 'Checks through the asset graph that no other agent of the account uses the same service role.',
    risk: "A shared role grants every agent the union of all agents' permissions; a prompt injection in the least sensitive agent reaches the data and tools of the others.",
    remediation: {
      text: 'Give each agent its own service role scoped to its model, knowledge bases and action groups.',
      url: 'https://docs.aws.amazon.com/bedrock/latest/userguide/agents-permissions.html',
      cli: 'aws bedrock-agent update-agent --agent-id <id> --agent-resource-role-arn <dedicated-role-arn> ...',
      cdk: "new iam.Role(this, 'AgentRole', { assumedBy: new iam.ServicePrincipal('bedrock.amazonaws.com') }) // one per agent",
    },
    types: [TYPES.bestPractice],
    mappings: maps(M.privilege),
    equivalents: { prowler: ['bedrock_agent_role_not_shared_across_agents'] },
    categories: ['gen-ai', 'iam'],
  },
  evaluate(agent, ctx) {
    const u = unread(agent, ['roleArn']);
    if (u) return u;
    const roleArn = agent.config.roleArn;
    if (!roleArn) return manual(`Agent ${agent.name} reports no service role.`);
    const others = ctx.graph
      .byType('bedrock.agent', { accountId: agent.accountId })
      .filter((a) => a.id !== agent.id && a.config?.roleArn === roleArn);
    if (others.length > 0) {
      return fail(
        `Agent ${agent.name} shares role ${roleArn} with ${others.length} other agent(s): ${others.map((o) => o.name).join(', ')}.`,
        {
          roleArn,
          sharedWith: others.map((o) => o.id),
        },
      );
    }
    if (gapsFor(ctx.graph, agent, 'bedrock').length > 0) {
      return error(
        `Agent ${agent.name}: part of Bedrock in ${agent.region} could not be read, so other agents using role ${roleArn} may be missing.`,
        { roleArn },
      );
    }
    return pass(`Agent ${agent.name} is the only inventoried agent using role ${roleArn}.`, { roleArn });
  },
});
