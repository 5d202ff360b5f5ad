import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, fail, pass, unread } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'lambda_function_ai_provider_key_not_in_environment',
    title: 'Lambda functions do not keep AI provider API keys in environment variables',
    severity: 'HIGH',
    service: 'lambda',
    resourceType: 'lambda.function',
    description:
      'Shadow AI: fails a Lambda function whose environment variables hold plain-text AI provider keys (OpenAI, Anthropic, Gemini, Mistral, Cohere, Hugging Face, ...) instead of a Secrets Manager reference. Names only are recorded.',
    risk: "Environment variables are returned by GetFunctionConfiguration to anyone with read access and are copied into every deployment artifact; a leaked provider key means paid model abuse and access to the organisation's provider data.",
    remediation: {
      text: 'Move the key to Secrets Manager (with rotation), read it with the Parameters and Secrets Lambda extension or Powertools Parameters, rotate the exposed key, and remove it from the environment.',
      url: 'https://docs.aws.amazon.com/secretsmanager/latest/userguide/retrieving-secrets_lambda.html',
      cli: 'aws secretsmanager create-secret --name <provider>-api-key --secret-string file://key.txt && aws lambda update-function-configuration --function-name <fn> --environment Variables={PROVIDER_KEY_SECRET_ARN=<secret-arn>}',
      cdk: "const secret = new secretsmanager.Secret(this, 'ProviderKey'); secret.grantRead(fn); fn.addEnvironment('PROVIDER_KEY_SECRET_ARN', secret.secretArn)",
    },
    types: [TYPES.bestPractice, TYPES.secrets],
    mappings: maps(M.secrets, M.governance, { owasp: ['LLM10'], atlas: ['AML.T0034'] }),
    equivalents: {},
    categories: ['gen-ai', 'shadow-ai', 'secrets'],
  },
  evaluate(fn) {
    const u = unread(fn, ['plaintextKeyEnvNames']);
    if (u) return u;
    const names = fn.config.plaintextKeyEnvNames;
    if (names.length > 0) {
      const providers = [...new Set((fn.config.aiProviders ?? []).map((p) => p.provider))];
      return fail(
        `Lambda function ${fn.name} keeps AI provider key(s) in environment variables ${names.join(', ')}${providers.length ? ` (${providers.join(', ')})` : ''}.`,
        { envNames: names, providers },
      );
    }
    return pass(`Lambda function ${fn.name} has no AI provider keys in its environment.`);
  },
});
