import { runtimeVersionLabel, runtimeVersions } from '../lib/agentcore-runtime.ts';
import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, fail, pass } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'bedrockagentcore_runtime_environment_no_secrets',
    title: 'Bedrock AgentCore runtime environments contain no secrets',
    severity: 'HIGH',
    service: 'bedrockagentcore',
    resourceType: 'bedrock-agentcore.runtime',
    description:
      'Fails when an environment variable of the runtime looks like a secret: a secret-like name (API_KEY, TOKEN, PASSWORD, ...) or a value in a known key format (OpenAI, Anthropic, AWS access key, ...). Every version the runtime keeps is judged, served or not: each version keeps its own environment, GetAgentRuntime with agentRuntimeVersion returns it, and an endpoint can be pointed back at it. Names only are recorded, never values.',
    risk: 'Runtime environment variables are returned in clear text by GetAgentRuntime to anyone with read access to the control plane, and a prompt-injected agent can read its own environment and leak the key (sensitive information disclosure).',
    remediation: {
      text: 'Rotate the exposed secret, store it in Secrets Manager or an AgentCore Identity credential provider, and fetch it at run time with the runtime role; redeploy the runtime without the variable. Older versions keep the variable: rotating the secret is what makes them harmless.',
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
    const view = runtimeVersions(r, 'kept', ['secretLikeEnvNames']);
    if (!view.ok) return view.outcome;
    const leaky = view.versions.filter((v) => v.config.secretLikeEnvNames.length > 0);
    const judged = view.versions.map((v) => v.config.version);
    if (leaky.length > 0) {
      const names = [...new Set(leaky.flatMap((v) => v.config.secretLikeEnvNames))].sort();
      const where = leaky.map((v) => `${runtimeVersionLabel(v)}: ${v.config.secretLikeEnvNames.join(', ')}`).join('; ');
      return fail(`Runtime ${r.name} has secret-like environment variables (${where}).`, {
        envNames: names,
        versions: leaky.map((v) => ({
          version: v.config.version,
          latest: v.latest,
          endpoints: v.endpoints,
          envNames: v.config.secretLikeEnvNames,
        })),
        versionsJudged: judged,
      });
    }
    return pass(`Runtime ${r.name} has no secret-like environment variables in any of its versions (${judged.join(', ')}).`, {
      versionsJudged: judged,
    });
  },
});
