import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, fail, pass, unread } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'bedrock_api_key_no_long_term_credentials',
    title: 'No usable long-term Bedrock API keys',
    severity: 'HIGH',
    service: 'bedrock',
    resourceType: 'iam.bedrock-api-key',
    description:
      'Long-term Bedrock API keys (IAM service-specific credentials) should not be active: an active key that has not expired fails.',
    risk: 'Long-term keys do not rotate and are often pasted into code and notebooks; a leaked key gives continued model access (LLMjacking, cost harvesting) until someone notices.',
    remediation: {
      text: 'Delete or deactivate long-term Bedrock API keys and use short-term keys (pre-signed, at most 12 hours) or IAM roles instead.',
      url: 'https://docs.aws.amazon.com/bedrock/latest/userguide/api-keys.html',
      cli: 'aws iam delete-service-specific-credential --user-name <user> --service-specific-credential-id <id>',
      cdk: '// generate short-term keys at runtime with the aws-bedrock-token-generator instead of long-term credentials',
    },
    types: [TYPES.bestPractice, TYPES.credentialAccess],
    mappings: maps(M.secrets, { owasp: ['LLM10'], atlas: ['AML.T0034'] }),
    equivalents: { prowler: ['bedrock_api_key_no_long_term_credentials'] },
    categories: ['gen-ai', 'credentials'],
  },
  evaluate(key, ctx) {
    const u = unread(key, ['status', 'expirationDate']);
    if (u) return u;
    const { status, expirationDate } = key.config;
    const expired = status === 'Expired' || (expirationDate !== null && Date.parse(expirationDate) <= ctx.now.getTime());
    if (status === 'Active' && !expired) {
      return fail(
        `Long-term Bedrock API key ${key.name} of ${key.config.userName} is active${expirationDate ? ` until ${expirationDate}` : ' with no expiry'}.`,
        {
          userName: key.config.userName,
          expirationDate,
        },
      );
    }
    return pass(`Long-term Bedrock API key ${key.name} is ${expired ? 'expired' : status}.`, { status, expirationDate });
  },
});
