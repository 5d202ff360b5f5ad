import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, fail, manual, pass, unread } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'ecs_task_definition_external_ai_provider_approved',
    title: 'ECS task definitions call only approved external AI providers',
    severity: 'MEDIUM',
    service: 'ecs',
    resourceType: 'ecs.task-definition',
    description:
      'Shadow AI: compares the external AI providers an ECS task definition uses (from environment names, hosts, key formats, images) with the `approvedAiProviders` setting. Without an allowlist the usage needs a human review (MANUAL).',
    risk: 'Unapproved providers receive company data outside contracts, data-residency rules, logging and guardrails (shadow AI).',
    remediation: {
      text: 'Approve the provider (add it to approvedAiProviders after a data-protection review) or move the workload to an approved service such as Amazon Bedrock.',
      url: 'https://docs.aws.amazon.com/bedrock/latest/userguide/what-is-bedrock.html',
      cli: 'aispm scan --settings approvedAiProviders=bedrock,openai',
      cdk: "taskDefinition.addToTaskRolePolicy(new iam.PolicyStatement({ actions: ['bedrock:InvokeModel'], resources: [modelArn] })) // replace the external provider",
    },
    types: [TYPES.bestPractice, TYPES.standards],
    mappings: maps(M.governance, { owasp: ['LLM02'], nist: ['GOVERN 6.1', 'MAP 4.1'], iso42001: ['A.10.3'], euAiAct: ['Art. 26'] }),
    equivalents: {},
    categories: ['gen-ai', 'shadow-ai'],
  },
  evaluate(td, ctx) {
    const u = unread(td, ['aiProviders']);
    if (u) return u;
    const providers = [...new Set(td.config.aiProviders.map((p) => p.provider))];
    if (providers.length === 0) return pass(`Task definition ${td.name} calls no external AI provider.`);
    const approved = ctx.settings.approvedAiProviders;
    if (!Array.isArray(approved))
      return manual(
        `Task definition ${td.name} calls ${providers.join(', ')}; no approved-provider list is configured, so a person must review it.`,
        { providers },
      );
    const bad = providers.filter((p) => !(approved as string[]).includes(p));
    if (bad.length > 0) return fail(`Task definition ${td.name} calls unapproved AI provider(s) ${bad.join(', ')}.`, { providers: bad });
    return pass(`Task definition ${td.name} calls only approved AI providers (${providers.join(', ')}).`);
  },
});
