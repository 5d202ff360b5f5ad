import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, fail, pass, unread } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'bedrock_api_key_expiration_configured',
    title: 'Bedrock API keys have an expiry date',
    severity: 'MEDIUM',
    service: 'bedrock',
    resourceType: 'iam.bedrock-api-key',
    description: 'Fails an active long-term Bedrock API key that was created without an expiration date.',
    risk: 'A key without expiry works forever; forgotten keys in repositories and notebooks stay exploitable.',
    remediation: {
      text: 'Replace the key with one created with --credential-age-days (for example 30) and delete the key without expiry.',
      url: 'https://docs.aws.amazon.com/bedrock/latest/userguide/api-keys.html',
      cli: 'aws iam create-service-specific-credential --user-name <user> --service-name bedrock.amazonaws.com --credential-age-days 30',
      cdk: '// keys are issued outside CDK; enforce expiry with an SCP on iam:CreateServiceSpecificCredential',
    },
    types: [TYPES.bestPractice, TYPES.credentialAccess],
    mappings: maps(M.secrets),
    equivalents: {},
    categories: ['gen-ai', 'credentials'],
  },
  evaluate(key) {
    const u = unread(key, ['status', 'expirationDate']);
    if (u) return u;
    if (key.config.status !== 'Active') return pass(`Bedrock API key ${key.name} is ${key.config.status}.`);
    if (key.config.expirationDate === null)
      return fail(`Active Bedrock API key ${key.name} of ${key.config.userName} never expires.`, { userName: key.config.userName });
    return pass(`Bedrock API key ${key.name} expires on ${key.config.expirationDate}.`, { expirationDate: key.config.expirationDate });
  },
});
