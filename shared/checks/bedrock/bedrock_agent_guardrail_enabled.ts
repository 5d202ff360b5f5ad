import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, fail, pass, unread } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'bedrock_agent_guardrail_enabled',
    title: 'Bedrock agents have a guardrail attached',
    severity: 'HIGH',
    service: 'bedrock',
    resourceType: 'bedrock.agent',
    description: 'Checks that every Amazon Bedrock agent is configured with a guardrail (identifier and version).',
    risk: 'Without a guardrail, prompt-injection and jailbreak attempts, harmful content and sensitive data reach the agent and its tools unfiltered; the agent acts on attacker instructions.',
    remediation: {
      text: 'Create a guardrail with prompt-attack, content and sensitive-information filters and associate a published version with the agent, then prepare the agent.',
      url: 'https://docs.aws.amazon.com/bedrock/latest/userguide/agents-guardrail.html',
      cli: 'aws bedrock-agent update-agent --agent-id <id> --agent-name <name> --agent-resource-role-arn <role> --foundation-model <model> --guardrail-configuration guardrailIdentifier=<gr-id>,guardrailVersion=1',
      cdk: "new bedrock.CfnAgent(this, 'Agent', { agentName, foundationModel, guardrailConfiguration: { guardrailIdentifier: guardrail.attrGuardrailId, guardrailVersion: version.attrVersion } })",
    },
    types: [TYPES.bestPractice],
    mappings: maps(M.guardrail, { owasp: ['LLM06'], atlas: ['AML.T0053'] }),
    equivalents: { prowler: ['bedrock_agent_guardrail_enabled'] },
    categories: ['gen-ai', 'guardrails'],
  },
  evaluate(agent) {
    const u = unread(agent, ['guardrail']);
    if (u) return u;
    const g = agent.config.guardrail;
    if (!g) return fail(`Agent ${agent.name} has no guardrail attached.`);
    return pass(`Agent ${agent.name} uses guardrail ${g.id} version ${g.version}.`, { guardrailId: g.id, guardrailVersion: g.version });
  },
});
