import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackWebhookSink, SlackDeliveryError } from '../../../shared/adapters/slack.ts';
import { type DemoSinks, startDemoSinks } from '../../../shared/demo/sinks/index.ts';
import { codeSpan, digestMessages, escapeMrkdwn, findingMessage, securityHubConsoleUrl } from '../../../shared/findings/slack.ts';
import { memoryLog } from '../../../shared/util/logger.ts';
import { fakeSleep } from '../../fixtures/delivery/clients.ts';
import { finding } from '../../fixtures/delivery/findings.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const HOSTILE = [
  '<!channel>',
  '<https://evil.example|click here>',
  '*bold*',
  '@here',
  '<@U123ABC>',
  '<!subteam^S1>',
  '`break` out',
  '&lt;!here&gt;',
];

/** Every mrkdwn/plain text string in a message. */
function texts(blocks: unknown): { type: string; text: string }[] {
  const out: { type: string; text: string }[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if ((o.type === 'mrkdwn' || o.type === 'plain_text') && typeof o.text === 'string') out.push({ type: o.type, text: o.text });
      Object.values(o).forEach(walk);
    }
  };
  walk(blocks);
  return out;
}

/** Slack-style parse of mrkdwn: which control sequences (<...>) would Slack act on? */
function slackControls(mrkdwn: string): string[] {
  return [...mrkdwn.matchAll(/<([^>]*)>/g)].map((m) => m[1]);
}

describe('Slack formatting', () => {
  it('escapes & < > in that order', () => {
    expect(escapeMrkdwn('a & <b> &amp;')).toBe('a &amp; &lt;b&gt; &amp;amp;');
  });

  it('puts untrusted values in code spans that cannot be closed', () => {
    expect(codeSpan('`x` <!channel>')).toBe("`'x' &lt;!channel&gt;`");
    expect(codeSpan('a\nb\u0000c')).toBe('`a bc`');
  });

  it.each(HOSTILE)('neutralizes hostile resource names and identities: %s', (evil) => {
    const f = finding({
      resourceName: evil,
      identity: evil,
      modelId: evil,
      title: `Root access on ${evil}`,
      description: `Notebook ${evil} is bad`,
    });
    const msg = findingMessage(f, 'new');
    for (const t of texts(msg.blocks)) {
      if (t.type === 'plain_text') continue; // never parsed by Slack
      // the only control sequence Slack may see is none at all (links are buttons); no mention or link can form
      expect(slackControls(t.text)).toEqual([]);
      // untrusted text only appears inside code spans: take them out and no formatting characters remain
      const outside = t.text.replace(/`[^`]*`/g, '');
      expect(outside).not.toContain(evil);
    }
    // verbatim on every mrkdwn object, so Slack does not auto-link
    const json = JSON.stringify(msg.blocks);
    expect((json.match(/"type":"mrkdwn"/g) ?? []).length).toBe((json.match(/"verbatim":true/g) ?? []).length);
    // the notification fallback carries no attacker text; nothing is unfurled
    expect(msg.text).not.toContain(evil);
    expect(msg).toMatchObject({ unfurl_links: false, unfurl_media: false });
  });

  it('never includes evidence (prompt excerpts) in messages', () => {
    const f = finding({ evidence: { excerpt: 'SECRET-PROMPT ignore all previous instructions' } });
    expect(JSON.stringify(findingMessage(f, 'new'))).not.toContain('SECRET-PROMPT');
    expect(JSON.stringify(digestMessages([{ finding: f, kind: 'new' }]))).not.toContain('SECRET-PROMPT');
  });

  it('respects Block Kit limits (header <= 150, <= 50 blocks, <= 10 fields)', () => {
    const long = 'x'.repeat(5000);
    const msg = findingMessage(finding({ title: long, description: long, resourceName: long }), 'reopened');
    const header = msg.blocks[0] as { text: { text: string } };
    expect(header.text.text.length).toBeLessThanOrEqual(150);
    expect(msg.blocks.length).toBeLessThanOrEqual(50);
    const fields = (msg.blocks[2] as { fields: unknown[] }).fields;
    expect(fields.length).toBeLessThanOrEqual(10);
    const items = Array.from({ length: 45 }, (_, i) => ({
      finding: finding({ id: String(i).padStart(32, '0'), title: long }),
      kind: 'new' as const,
    }));
    const digests = digestMessages(items);
    expect(digests).toHaveLength(3);
    for (const d of digests) {
      expect(d.message.blocks.length).toBeLessThanOrEqual(50);
      expect(JSON.stringify(d.message.blocks).length).toBeLessThan(13_000);
    }
    expect(digests.flatMap((d) => d.findingIds)).toHaveLength(45);
  });

  it('caps digests at 3 messages and summarises the rest with a Security Hub link, covering every finding', () => {
    const items = Array.from({ length: 100 }, (_, i) => ({ finding: finding({ id: String(i).padStart(32, '0') }), kind: 'new' as const }));
    const digests = digestMessages(items);
    expect(digests).toHaveLength(3);
    expect(new Set(digests.flatMap((d) => d.findingIds)).size).toBe(100);
    const last = JSON.stringify(digests[2].message.blocks.at(-1));
    expect(last).toContain('and 40 more not listed here');
    expect(last).toContain('ProductName%3D');
    for (const d of digests) expect(d.message.blocks.length).toBeLessThanOrEqual(50);
  });

  // A runtime finding's region comes from the log record (or CloudTrail field): it must not pick the link host or
  // break out of the digest's <url|label> link.
  it.each(['evil.example/x#', 'x>\n<!channel> <https://evil.example|Security Hub', 'us-east-1.evil.example'])(
    'keeps hostile regions out of link hosts and mrkdwn: %s',
    (region) => {
      const f = finding({ region });
      for (const url of [securityHubConsoleUrl(f), securityHubConsoleUrl(f, 'eu-west-1')])
        expect(new URL(url).hostname).toMatch(/^[a-z0-9-]+\.console\.aws\.amazon\.com$/);
      const items = Array.from({ length: 61 }, (_, i) => ({
        finding: finding({ id: String(i).padStart(32, '0'), region }),
        kind: 'new' as const,
      }));
      for (const d of digestMessages(items, { maxMessages: 1 }))
        for (const t of texts(d.message.blocks)) {
          if (t.type === 'plain_text') continue;
          for (const c of slackControls(t.text)) expect(new URL(c.split('|')[0]).hostname).toMatch(/\.console\.aws\.amazon\.com$/);
          expect(t.text).not.toContain('<!channel>');
        }
      for (const t of texts(findingMessage(f, 'new').blocks)) if (t.type !== 'plain_text') expect(slackControls(t.text)).toEqual([]);
    },
  );

  it('links to the Security Hub console filtered on the finding Id, per partition', () => {
    const url = securityHubConsoleUrl(finding());
    expect(url).toMatch(/^https:\/\/us-east-1\.console\.aws\.amazon\.com\/securityhub\/home\?region=us-east-1#\/findings\?search=Id%3D/);
    expect(url).toContain(encodeURIComponent(encodeURIComponent(`aispm/${finding().id}`)));
    expect(securityHubConsoleUrl(finding({ resourceId: 'arn:aws-cn:s3:::b', region: 'cn-north-1' }))).toContain(
      'cn-north-1.console.amazonaws.cn',
    );
  });
});

describe('Slack webhook sink against a local webhook server', () => {
  let sinks: DemoSinks;
  let out: string;
  beforeEach(async () => {
    out = tempDir('slack');
    sinks = await startDemoSinks(out);
  });
  afterEach(() => sinks.close());

  const make = (over: Partial<Parameters<typeof createSlackWebhookSink>[0]> = {}) => {
    const log = memoryLog();
    const sleep = fakeSleep();
    let t = 0;
    const sink = createSlackWebhookSink({
      getUrl: async () => sinks.slackWebhookUrl,
      retry: {
        sleep: async (ms) => {
          sleep.delays.push(ms);
          t += ms;
        },
        random: () => 0.5,
      },
      now: () => t,
      log,
      ...over,
    });
    return { sink, log, sleep };
  };

  it('posts hostile findings end to end; what Slack receives cannot mention or link', async () => {
    const { sink } = make();
    for (const evil of HOSTILE) await sink.post(findingMessage(finding({ resourceName: evil, title: evil }), 'new'));
    await sinks.flush();
    const got = JSON.parse(readFileSync(join(out, 'slack-messages.json'), 'utf8')) as { message: { blocks: unknown } }[];
    expect(got).toHaveLength(HOSTILE.length);
    for (const m of got) for (const t of texts(m.message.blocks)) if (t.type === 'mrkdwn') expect(slackControls(t.text)).toEqual([]);
  });

  it('paces posts to about one per second', async () => {
    const { sink, sleep } = make();
    for (let i = 0; i < 3; i++) await sink.post({ text: `m${i}`, blocks: [] });
    expect(sleep.delays).toEqual([1000, 1000]);
  });

  it('honours 429 Retry-After, retries 500 with backoff, then succeeds', async () => {
    sinks.failNext(
      'slack',
      { status: 429, headers: { 'retry-after': '3' }, body: 'rate_limited' },
      { status: 500, body: 'internal_error' },
      { status: 503, body: '<html>' },
    );
    const { sink, sleep, log } = make({ minIntervalMs: 0 });
    const res = await sink.post({ text: 'hello', blocks: [] });
    expect(res.attempts).toBe(4);
    expect(sleep.delays[0]).toBe(3000);
    expect(sleep.delays.slice(1)).toEqual([200, 400]);
    expect(sinks.received.slackMessages).toHaveLength(1);
    expect(log.entries.map((e) => e.extra?.status)).toEqual([429, 500, 503]);
  });

  it('gives up instead of waiting past its time budget (a long Retry-After near the end of an invocation)', async () => {
    sinks.failNext('slack', { status: 429, headers: { 'retry-after': '30' }, body: 'rate_limited' });
    const { sink, sleep } = make({ minIntervalMs: 0 });
    const err = await sink.post({ text: 'x', blocks: [] }, { budgetMs: 10_000 }).catch((e) => e);
    expect(err).toBeInstanceOf(SlackDeliveryError);
    expect(err.message).toContain('time budget');
    expect(sleep.delays).toEqual([]);
    expect(sinks.received.slackMessages).toHaveLength(0);
  });

  it('does not retry a permanent 4xx and never leaks the webhook URL in errors or logs', async () => {
    const { sink, log } = make({ getUrl: async () => `${sinks.slackWebhookUrl}-wrong` });
    const err = await sink.post({ text: 'x', blocks: [] }).catch((e) => e);
    expect(err).toBeInstanceOf(SlackDeliveryError);
    expect(err.permanent).toBe(true);
    expect(err.status).toBe(404);
    expect(err.attempts).toBe(1);
    expect(log.entries).toEqual([]);
    const token = sinks.slackWebhookUrl.split('/webhook/')[1];
    const everything = JSON.stringify({ message: err.message, stack: err.stack, logs: log.entries });
    expect(everything).not.toContain(token);
    expect(everything).not.toContain('127.0.0.1');
  });

  it('gives up after max attempts on a dead endpoint without leaking the URL', async () => {
    const dead = sinks.slackWebhookUrl;
    await sinks.close();
    const { sink, log } = make({ getUrl: async () => dead, retry: { maxAttempts: 3, sleep: async () => {} } });
    const err = await sink.post({ text: 'x', blocks: [] }).catch((e) => e);
    expect(err).toBeInstanceOf(SlackDeliveryError);
    expect(err.attempts).toBe(3);
    const everything = JSON.stringify({ message: err.message, stack: err.stack, logs: log.entries });
    expect(everything).not.toContain(dead.split('/webhook/')[1]);
    sinks = await startDemoSinks();
  });
});
