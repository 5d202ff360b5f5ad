import { describe, expect, it } from 'vitest';
import { imageRegistry, providersInSecretMetadata, scanEnvironment, secretKinds } from '../../../shared/discovery/shadow-ai.ts';

describe('shadow AI recognizers', () => {
  it('classifies key formats without returning values', () => {
    const kinds = secretKinds('a=sk-ant-api03-abcdefghijklmnopqrstuvwxyz b=hf_abcdefghijklmnopqrstuvwxyz0123456 c=AKIAABCDEFGHIJKLMNOP');
    expect(kinds.sort()).toEqual(['anthropic', 'aws-access-key', 'huggingface']);
  });

  it('does not mistake an Anthropic key for an OpenAI key', () => {
    const s = scanEnvironment({ LLM_KEY: 'sk-ant-api03-abcdefghijklmnopqrstuvwxyz012345' });
    expect(s.providers.map((p) => p.provider)).toEqual(['anthropic']);
    expect(s.plaintextKeyEnvNames).toEqual(['LLM_KEY']);
  });

  it('treats secret references as not plaintext and detects Bedrock usage', () => {
    const s = scanEnvironment({
      OPENAI_API_KEY: 'arn:aws:secretsmanager:us-east-1:1:secret:openai',
      COHERE_API_KEY: '{{resolve:secretsmanager:cohere}}',
      BEDROCK_MODEL_ID: 'anthropic.claude-3-haiku-20240307-v1:0',
    });
    expect(s.plaintextKeyEnvNames).toEqual([]);
    expect(s.usesBedrock).toBe(true);
    expect(s.providers.map((p) => p.provider).sort()).toEqual(['cohere', 'openai']);
  });

  it('finds provider hosts in values (Azure OpenAI before OpenAI)', () => {
    const s = scanEnvironment({
      ENDPOINT: 'https://acme.openai.azure.com/openai/deployments/x',
      G: 'https://generativelanguage.googleapis.com/v1beta',
    });
    expect(s.providers).toEqual([
      { provider: 'azure-openai', via: 'env-host', where: 'ENDPOINT' },
      { provider: 'google-gemini', via: 'env-host', where: 'G' },
    ]);
  });

  // An ECS task definition (up to 64 KiB) can carry one long environment value: 60 kB took ~15 s before the fix.
  it('scans a long environment value in linear time', () => {
    const value = 'a'.repeat(60_000);
    const t0 = performance.now();
    expect(scanEnvironment({ X: value }).providers).toEqual([]);
    expect(providersInSecretMetadata(value)).toEqual([]);
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(scanEnvironment({ X: `${'a'.repeat(1000)}.openai.azure.com` }).providers.map((p) => p.provider)).toEqual(['azure-openai']);
  });

  it('reads provider hints from secret metadata and registries from images', () => {
    expect(providersInSecretMetadata('prod/openai/api-key')).toEqual(['openai']);
    expect(providersInSecretMetadata('db/password')).toEqual([]);
    expect(imageRegistry('123456789012.dkr.ecr.us-east-1.amazonaws.com/x:1')).toBe('123456789012.dkr.ecr.us-east-1.amazonaws.com');
    expect(imageRegistry('nginx:1.27')).toBe('docker.io');
    expect(imageRegistry('acme/serve:latest')).toBe('docker.io');
  });
});
