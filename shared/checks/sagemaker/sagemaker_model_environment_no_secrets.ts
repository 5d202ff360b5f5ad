import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, fail, pass, unread } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'sagemaker_model_environment_no_secrets',
    title: 'SageMaker model container environments contain no secrets',
    severity: 'HIGH',
    service: 'sagemaker',
    resourceType: 'sagemaker.model',
    description:
      'Fails when a model container environment variable looks like a secret (API keys, tokens, passwords; names only are recorded).',
    risk: 'Model environment variables are returned in clear text by DescribeModel to anyone with read access, and end up in logs and support cases.',
    remediation: {
      text: 'Move the secret to Secrets Manager, read it at container start with the execution role, rotate the exposed value and recreate the model without it.',
      url: 'https://docs.aws.amazon.com/secretsmanager/latest/userguide/intro.html',
      cli: 'aws secretsmanager create-secret --name <name> --secret-string file://secret.txt',
      cdk: 'secret.grantRead(executionRole) // pass only the secret ARN in the environment',
    },
    types: [TYPES.bestPractice, TYPES.secrets],
    mappings: maps(M.secrets),
    equivalents: {},
    categories: ['gen-ai', 'secrets'],
  },
  evaluate(m) {
    const u = unread(m, ['primaryContainer', 'containers']);
    if (u) return u;
    const all = [m.config.primaryContainer, ...m.config.containers].filter((c) => c !== null);
    const names = [...new Set(all.flatMap((c) => c.secretLikeEnvNames ?? []))];
    if (names.length > 0) return fail(`Model ${m.name} has secret-like environment variables: ${names.join(', ')}.`, { envNames: names });
    return pass(`Model ${m.name} has no secret-like environment variables.`);
  },
});
