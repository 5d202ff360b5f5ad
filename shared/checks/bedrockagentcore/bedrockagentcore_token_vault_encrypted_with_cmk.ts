import { cmkOutcome } from '../lib/kms.ts';
import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, error, fail, manual, unread } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'bedrockagentcore_token_vault_encrypted_with_cmk',
    title: 'Bedrock AgentCore token vaults are encrypted with a customer-managed KMS key',
    severity: 'MEDIUM',
    service: 'bedrockagentcore',
    resourceType: 'bedrock-agentcore.token-vault',
    description:
      'For a token vault that holds credential providers (API key or OAuth2), checks that kmsConfiguration.keyType is CustomerManagedKey with a key that is customer-managed (by kms:DescribeKey) and not disabled or pending deletion. ServiceManagedKey fails; a vault with no API key or OAuth2 credential provider is not judged.',
    risk: 'The token vault stores the API keys, OAuth client secrets and user access tokens agents use to reach third-party services. With a service-managed key, access to those secrets cannot be restricted, audited per key or revoked by key policy.',
    remediation: {
      text: 'Set a customer-managed key on the token vault (SetTokenVaultCMK) whose key policy allows AgentCore Identity to use it.',
      url: 'https://docs.aws.amazon.com/bedrock-agentcore-control/latest/APIReference/API_SetTokenVaultCMK.html',
      cli: 'aws bedrock-agentcore-control set-token-vault-cmk --kms-configuration keyType=CustomerManagedKey,kmsKeyArn=<kms-key-arn>',
      cdk: "// SetTokenVaultCMK with kmsConfiguration: { keyType: 'CustomerManagedKey', kmsKeyArn: key.keyArn } (AgentCore API)",
    },
    types: [TYPES.bestPractice, TYPES.secrets],
    mappings: maps(M.encryption, M.secrets, { owasp: ['LLM06'] }),
    equivalents: {},
    categories: ['gen-ai', 'agents', 'encryption', 'secrets'],
  },
  evaluate(v) {
    const u = unread(v, ['keyType', 'kmsKeyArn', 'apiKeyProviders', 'oauth2Providers']);
    if (u) return u;
    const { keyType, kmsKeyArn: key, apiKeyProviders, oauth2Providers } = v.config;
    if (apiKeyProviders + oauth2Providers === 0) return [];
    const evidence = { keyType, kmsKeyArn: key, apiKeyProviders, oauth2Providers };
    if (keyType === 'ServiceManagedKey') return fail(`Token vault ${v.name} is encrypted with a service-managed key.`, evidence);
    if (keyType !== 'CustomerManagedKey')
      return manual(`Token vault ${v.name} reports key type ${keyType}, which this check does not know; review it.`, evidence);
    if (!key) return error(`Token vault ${v.name} reports a customer-managed key without its ARN, so the key cannot be judged.`, evidence);
    return cmkOutcome(v, key, (k) => `Token vault ${v.name} is encrypted with ${k}`, evidence);
  },
});
