import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { cachedSecret, parseWebhookSecret, secretsManagerWebhook } from '../../../shared/adapters/secrets.ts';

const URL_ = 'https://hooks.slack.com/services/T000/B000/XXXXSECRETXXXX';

describe('secrets', () => {
  it('caches for the TTL, shares concurrent loads and does not cache failures', async () => {
    let t = 0;
    let n = 0;
    let fail = true;
    const get = cachedSecret(
      async () => {
        n++;
        if (fail) throw new Error('boom');
        return 'v';
      },
      { ttlMs: 1000, now: () => t },
    );
    await expect(get()).rejects.toThrow('boom');
    fail = false;
    expect(await Promise.all([get(), get(), get()])).toEqual(['v', 'v', 'v']);
    expect(n).toBe(2);
    t = 999;
    await get();
    expect(n).toBe(2);
    t = 1000;
    await get();
    expect(n).toBe(3);
  });

  it('parses plain or JSON secrets and never echoes the value in errors', () => {
    expect(parseWebhookSecret(URL_)).toBe(URL_);
    expect(parseWebhookSecret(JSON.stringify({ url: URL_ }))).toBe(URL_);
    expect(parseWebhookSecret(JSON.stringify({ webhookUrl: URL_ }))).toBe(URL_);
    expect(parseWebhookSecret('http://127.0.0.1:9/slack/webhook/x')).toBe('http://127.0.0.1:9/slack/webhook/x');
    for (const bad of [
      'http://hooks.slack.com/services/T000/B000/XXXXSECRETXXXX',
      'XXXXSECRETXXXX',
      '{"url": "XXXXSECRETXXXX"}',
      '{XXXXSECRETXXXX',
    ]) {
      try {
        parseWebhookSecret(bad);
        expect.fail('should throw');
      } catch (err) {
        expect((err as Error).message).not.toContain('XXXXSECRETXXXX');
      }
    }
  });

  it('reads the webhook from Secrets Manager once per TTL', async () => {
    const client = new SecretsManagerClient({});
    const sm = mockClient(client);
    sm.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ url: URL_ }) });
    const get = secretsManagerWebhook(client, 'arn:aws:secretsmanager:us-east-1:111122223333:secret:slack');
    expect(await get()).toBe(URL_);
    expect(await get()).toBe(URL_);
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });
});
