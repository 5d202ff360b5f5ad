import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/** The secret holds no webhook URL (e.g. still the generated placeholder after deploy): Slack is not set up yet. */
export class WebhookNotConfiguredError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookNotConfiguredError';
  }
}

/** A getter for a secret string (the Slack webhook URL). Implementations cache; callers never log the value. */
export type SecretGetter = () => Promise<string>;

/** Caches a loader's value for `ttlMs`; concurrent calls share one load; a failed load is not cached. */
export function cachedSecret(
  load: () => Promise<string>,
  opts: { ttlMs?: number; now?: () => number } = {},
): SecretGetter & { loads(): number } {
  const ttl = opts.ttlMs ?? 5 * 60_000;
  const now = opts.now ?? Date.now;
  let value: Promise<string> | undefined;
  let at = 0;
  let loads = 0;
  const get = async () => {
    if (!value || now() - at >= ttl) {
      at = now();
      loads++;
      const p = load();
      value = p;
      p.catch(() => {
        if (value === p) value = undefined;
      });
    }
    return value;
  };
  return Object.assign(get, { loads: () => loads });
}

/**
 * Extracts the webhook URL from a secret string: the URL itself, or JSON `{"url": ...}` / `{"webhookUrl": ...}`.
 * Accepts https URLs (and http on loopback, for the local stand-in). Errors never include the value.
 */
export function parseWebhookSecret(secret: string): string {
  let candidate = secret.trim();
  if (candidate.startsWith('{')) {
    try {
      const o = JSON.parse(candidate) as Record<string, unknown>;
      candidate = String(o.url ?? o.webhookUrl ?? o.webhook_url ?? '');
    } catch {
      throw new WebhookNotConfiguredError('Slack webhook secret is not a URL nor valid JSON');
    }
  }
  let u: URL;
  try {
    u = new URL(candidate);
  } catch {
    throw new WebhookNotConfiguredError('Slack webhook secret does not contain a valid URL');
  }
  const loopback = u.hostname === '127.0.0.1' || u.hostname === 'localhost' || u.hostname === '[::1]';
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && loopback)) throw new Error('Slack webhook URL must use https');
  return u.toString();
}

/** Loader over Secrets Manager (the handler uses Powertools `getSecret`, which caches the same way). */
export function secretsManagerWebhook(
  client: Pick<SecretsManagerClient, 'send'>,
  secretId: string,
  opts: { ttlMs?: number; now?: () => number } = {},
) {
  return cachedSecret(async () => {
    const out = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
    if (!out.SecretString) throw new WebhookNotConfiguredError('Slack webhook secret has no SecretString');
    return parseWebhookSecret(out.SecretString);
  }, opts);
}
