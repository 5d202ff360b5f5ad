import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, fail, pass, unread } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'secretsmanager_secret_ai_provider_key_rotation_enabled',
    title: 'Secrets holding AI provider keys rotate automatically',
    severity: 'MEDIUM',
    service: 'secretsmanager',
    resourceType: 'secretsmanager.secret',
    description:
      'For secrets identified as AI provider API keys (by name or value format; values are never stored), checks that automatic rotation is enabled.',
    risk: 'Provider keys that never rotate stay valid after a leak; paid model abuse continues until someone notices the bill.',
    remediation: {
      text: 'Enable rotation with a Lambda that creates a new provider key through the provider API and revokes the old one (or rotate manually on a schedule and track it).',
      url: 'https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotating-secrets.html',
      cli: 'aws secretsmanager rotate-secret --secret-id <secret> --rotation-lambda-arn <fn-arn> --rotation-rules AutomaticallyAfterDays=30',
      cdk: "secret.addRotationSchedule('Rotation', { rotationLambda, automaticallyAfter: Duration.days(30) })",
    },
    types: [TYPES.bestPractice, TYPES.credentialAccess],
    mappings: maps(M.secrets, { owasp: ['LLM10'], atlas: ['AML.T0034'] }),
    equivalents: {},
    categories: ['gen-ai', 'shadow-ai', 'secrets'],
  },
  evaluate(s) {
    const u = unread(s, ['aiProviders', 'rotationEnabled']);
    if (u) return u;
    if (s.config.aiProviders.length === 0) return [];
    const providers = [...new Set(s.config.aiProviders.map((p) => p.provider))];
    if (!s.config.rotationEnabled)
      return fail(`Secret ${s.name} holds an AI provider key (${providers.join(', ')}) without automatic rotation.`, { providers });
    return pass(`Secret ${s.name} holding an AI provider key rotates automatically.`, { providers });
  },
});
