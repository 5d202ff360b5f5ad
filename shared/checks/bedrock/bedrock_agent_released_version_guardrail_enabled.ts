import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, error, fail, pass } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'bedrock_agent_released_version_guardrail_enabled',
    title: 'Bedrock agent versions served by aliases have a guardrail attached',
    severity: 'HIGH',
    service: 'bedrock',
    resourceType: 'bedrock.agent',
    description:
      'Checks every released agent version that an alias routes traffic to (what production actually runs) for a guardrail. The DRAFT configuration that other agent checks read can carry a guardrail while the served version has none.',
    risk: 'An alias keeps serving the version it was pointed at: adding a guardrail to the DRAFT protects nothing until a new version is released and routed. Traffic to an unguarded version reaches the agent and its tools unfiltered.',
    remediation: {
      text: 'Attach the guardrail to the agent, prepare it, create a new version and point every alias at it (or delete aliases that route to unguarded versions).',
      url: 'https://docs.aws.amazon.com/bedrock/latest/userguide/agents-deploy.html',
      cli: 'aws bedrock-agent update-agent-alias --agent-id <id> --agent-alias-id <alias> --agent-alias-name <name> --routing-configuration agentVersion=<guarded-version>',
    },
    types: [TYPES.bestPractice],
    mappings: maps(M.guardrail, { owasp: ['LLM06'], atlas: ['AML.T0053'] }),
    equivalents: {},
    categories: ['gen-ai', 'guardrails'],
  },
  evaluate(agent) {
    const served = agent.config?.releasedVersions;
    if (served === undefined) return error(`The versions that the aliases of agent ${agent.name} route to were not read.`);
    if (served.length === 0) return [];
    const unguarded = served.filter((v) => !v.guardrail).map((v) => v.version);
    if (unguarded.length > 0) {
      return fail(`Agent ${agent.name} serves version(s) ${unguarded.join(', ')} through an alias without a guardrail.`, {
        unguardedVersions: unguarded,
      });
    }
    return pass(`Every version agent ${agent.name} serves through an alias has a guardrail.`, {
      servedVersions: served.map((v) => v.version),
    });
  },
});
