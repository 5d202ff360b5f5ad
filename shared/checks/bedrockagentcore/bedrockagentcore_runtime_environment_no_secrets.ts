import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, fail, pass, unread } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'bedrockagentcore_runtime_environment_no_secrets',
    title: 'Bedrock AgentCore runtime environments contain no secrets',
    severity: 'HIGH',
    service: 'bedrockagentcore',
    resourceType: 'bedrock-agentcore.runtime',
    description:
      'Fails when an environment variable of the runtime looks like a secret: a secret-like name (API_KEY, TOKEN, PASSWORD, ...) or a value in a known key format (OpenAI, Anthropic, AWS access key, ...). Names only are recorded, never values.',
    risk: 'Runtime environment variables are returned in clear text by GetAgentRuntime to anyone with read access to the control plane, and a prompt-injected agent can read its own environment and leak the key (sensitive information disclosure).',
    remediation: {
      text: 'Rotate the exposed secret, store it in Secrets Manager or an AgentCore Identity credential provider, and fetch it at run time with the runtime role; redeploy the runtime without the variable.',
      url: 'https://docs.aws.amazon.com/secretsmanager/latest/userguide/intro.html',
      cli: 'aws secretsmanager create-secret --name <name> --secret-string file://secret.txt',
      cdk: 'secret.grantRead(runtimeRole) // pass only the secret ARN in environmentVariables',
    },
    types: [TYPES.bestPractice, TYPES.secrets],
    mappings: maps(M.secrets, { owasp: ['LLM02'] }),
    equivalents: {},
    categories: ['gen-ai', 'agents', 'secrets'],
  },
  evaluate(r) {
    const u = unread(r, ['secretLikeEnvNames']);
    if (u) return u;
    const names = r.config.secretLikeEnvNames;
    if (names.length > 0) return fail(`Runtime ${r.name} has secret-like environment variables: ${names.join(', ')}.`, { envNames: names });
    return pass(`Runtime ${r.name} has no secret-like environment variables.`);
  },
});
