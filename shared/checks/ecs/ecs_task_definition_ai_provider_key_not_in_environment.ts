import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, fail, pass, unread } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'ecs_task_definition_ai_provider_key_not_in_environment',
    title: 'ECS task definitions do not keep AI provider API keys in environment variables',
    severity: 'HIGH',
    service: 'ecs',
    resourceType: 'ecs.task-definition',
    description:
      'Shadow AI: fails an ECS task definition whose environment variables hold plain-text AI provider keys (OpenAI, Anthropic, Gemini, Mistral, Cohere, Hugging Face, ...) instead of a Secrets Manager reference. Names only are recorded.',
    risk: "Environment variables are returned by DescribeTaskDefinition to anyone with read access and are copied into every deployment artifact; a leaked provider key means paid model abuse and access to the organisation's provider data.",
    remediation: {
      text: 'Move the key to Secrets Manager (with rotation), reference it in the container definition secrets (valueFrom) instead of environment, rotate the exposed key, and remove it from the environment.',
      url: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html',
      cli: 'aws ecs register-task-definition --cli-input-json file://taskdef-with-secrets-valueFrom.json',
      cdk: "container.addSecret('PROVIDER_KEY', ecs.Secret.fromSecretsManager(secret))",
    },
    types: [TYPES.bestPractice, TYPES.secrets],
    mappings: maps(M.secrets, M.governance, { owasp: ['LLM10'], atlas: ['AML.T0034'] }),
    equivalents: {},
    categories: ['gen-ai', 'shadow-ai', 'secrets'],
  },
  evaluate(td) {
    const u = unread(td, ['plaintextKeyEnvNames']);
    if (u) return u;
    const names = td.config.plaintextKeyEnvNames;
    if (names.length > 0) {
      const providers = [...new Set((td.config.aiProviders ?? []).map((p) => p.provider))];
      return fail(
        `Task definition ${td.name} keeps AI provider key(s) in environment variables ${names.join(', ')}${providers.length ? ` (${providers.join(', ')})` : ''}.`,
        { envNames: names, providers },
      );
    }
    return pass(`Task definition ${td.name} has no AI provider keys in its environment.`);
  },
});
