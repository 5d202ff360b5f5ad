import type { Finding } from '../domain/finding.ts';
import type { LapsedSuppression } from '../domain/messages.ts';
import { FRAMEWORK_KEYS } from '../domain/frameworks.ts';
import { atLeast, type Severity, severityRank } from '../domain/severity.ts';
import type { SlackMessage } from '../adapters/types.ts';
import { asffIdFor, partitionOf } from './asff.ts';
import { oneLine, stripControl, truncate } from './text.ts';

/**
 * Slack Block Kit messages for findings. Everything that can come from an attacker (resource names, identities,
 * model ids, titles built from them) is either in `plain_text` objects (never parsed) or, inside `mrkdwn`, escaped
 * (`&`, `<`, `>`) and wrapped in a code span with backticks removed, with `verbatim: true` so Slack does not
 * auto-link. No evidence and no prompt text is ever put in a message.
 */

/** Slack's only mrkdwn escapes, `&` first (api.slack.com/reference/surfaces/formatting). */
export function escapeMrkdwn(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * An untrusted value as an inline code span: single line, capped, backticks replaced (mrkdwn has no backslash
 * escape, a backtick would close the span), then `& < >` escaped so `<!channel>`, `<@U…>` and `<url|label>` cannot
 * form. Inside a code span `*bold*`, `_x_`, `~x~` and `@here` are literal.
 */
export function codeSpan(s: string, max = 200): string {
  const v = oneLine(s, max).replace(/`/g, "'");
  return `\`${escapeMrkdwn(v || ' ')}\``;
}

/** Untrusted text for a plain_text object: control characters removed, capped. plain_text is never parsed. */
export function plain(s: string, max: number): string {
  return truncate(stripControl(s).trim(), max) || ' ';
}

const SEVERITY_EMOJI: Record<Severity, string> = {
  CRITICAL: ':red_circle:',
  HIGH: ':large_orange_circle:',
  MEDIUM: ':large_yellow_circle:',
  LOW: ':large_blue_circle:',
  INFORMATIONAL: ':white_circle:',
};

/** AWS region shape (`us-east-1`, `us-gov-west-1`, `cn-north-1`): a finding's region can come from a log record. */
const REGION_RE = /^[a-z]{2,4}(?:-[a-z]+)+-\d{1,2}$/;
const consoleRegion = (region: string, fallback: string) => (REGION_RE.test(region) ? region : fallback);

function consoleHost(partition: string, region: string): string {
  if (partition === 'aws-cn') return `${region}.console.amazonaws.cn`;
  if (partition === 'aws-us-gov') return `${region}.console.amazonaws-us-gov.com`;
  return `${region}.console.aws.amazon.com`;
}

/** Security Hub console link filtered on the finding's ASFF Id (the console expects the value double-encoded). */
export function securityHubConsoleUrl(
  f: Pick<Finding, 'id' | 'region' | 'resourceId'>,
  homeRegion = 'us-east-1',
  importRegion?: string,
): string {
  const region = consoleRegion(
    importRegion ?? (f.region && f.region !== 'global' ? f.region : homeRegion),
    consoleRegion(homeRegion, 'us-east-1'),
  );
  const partition = partitionOf(f.resourceId, region);
  const id = encodeURIComponent(encodeURIComponent(asffIdFor(f)));
  return `https://${consoleHost(partition, region)}/securityhub/home?region=${encodeURIComponent(region)}#/findings?search=Id%3D%255Coperator%255C%253AEQUALS%255C%253A${id}`;
}

/** `suppression-lapsed`: an accepted risk whose suppression expired, so the open finding counts again. */
export type AlertKind = 'new' | 'reopened' | 'suppression-lapsed';

/**
 * Whether a change is worth a Slack alert: new, reopened, or an open failing finding whose accepted-risk suppression
 * has just expired (the sweep's change carries the lapsed rule); never while suppressed; at or above the threshold.
 */
export function shouldAlert(
  transition: string,
  f: Finding,
  minSeverity: Severity,
  suppressed: boolean,
  lapsed?: LapsedSuppression,
): AlertKind | undefined {
  if (suppressed) return undefined;
  if (!atLeast(f.severity, minSeverity)) return undefined;
  if (transition === 'opened') return 'new';
  if (transition === 'reopened') return 'reopened';
  if (lapsed && transition === 'updated' && (f.status === 'NEW' || f.status === 'ACTIVE') && f.complianceStatus === 'FAIL') {
    return 'suppression-lapsed';
  }
  return undefined;
}

function frameworks(f: Finding): string {
  const ids: string[] = [];
  for (const k of FRAMEWORK_KEYS)
    for (const id of f.mappings?.[k] ?? []) ids.push(k === 'owasp' ? `OWASP ${id}` : k === 'atlas' ? `ATLAS ${id}` : id);
  return ids.slice(0, 8).join(', ');
}

export interface SlackFormatOptions {
  homeRegion?: string;
  /** The Security Hub region findings are imported into, when it is one region for all (see `ToAsffOptions`). */
  importRegion?: string;
}

const ALERT_LABEL: Record<AlertKind, string> = { new: 'New', reopened: 'Reopened', 'suppression-lapsed': 'Accepted risk expired' };

/** One Block Kit message for one new or reopened finding, or one whose suppression has lapsed. */
export function findingMessage(f: Finding, kind: AlertKind, opts: SlackFormatOptions = {}, lapsed?: LapsedSuppression): SlackMessage {
  const label = ALERT_LABEL[kind];
  const fields: { type: 'mrkdwn'; text: string; verbatim: true }[] = [];
  const field = (name: string, value: string | undefined, max = 200) => {
    if (value) fields.push({ type: 'mrkdwn', text: `*${name}*\n${codeSpan(value, max)}`, verbatim: true });
  };
  field('Resource', f.resourceName ? `${f.resourceName} (${f.resourceId})` : f.resourceId, 300);
  field('Account / Region', `${f.accountId} / ${f.region}`);
  field('Rule', f.ruleId);
  field('Identity', f.identity);
  field('Model', f.modelId);
  field('Occurrences', String(f.occurrences));
  field('Frameworks', frameworks(f));
  if (kind === 'suppression-lapsed' && lapsed) field('Suppression expired', `${lapsed.id} (until ${lapsed.expiresAt})`);
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: plain(`${label} ${f.severity}: ${f.title}`, 150), emoji: false } },
    { type: 'section', text: { type: 'plain_text', text: plain(f.description, 1000), emoji: false } },
    { type: 'section', fields: fields.slice(0, 10) },
    {
      type: 'actions',
      elements: [
        {
          type: 'button',
          text: { type: 'plain_text', text: 'Open in Security Hub', emoji: false },
          url: securityHubConsoleUrl(f, opts.homeRegion, opts.importRegion),
        },
      ],
    },
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          verbatim: true,
          text: `${SEVERITY_EMOJI[f.severity]} AI-SPM finding ${codeSpan(f.id, 64)} · first seen ${codeSpan(f.firstObservedAt, 40)}${f.reopenedCount ? ` · reopened ${f.reopenedCount}x` : ''}`,
        },
      ],
    },
  ];
  // The fallback text is what notifications show: trusted words only (severity and counts), no attacker text.
  return {
    text: `AI-SPM: ${label.toLowerCase()} ${f.severity} finding (${f.ruleId.replace(/[^\w.-]/g, '')})`,
    blocks,
    unfurl_links: false,
    unfurl_media: false,
  };
}

export const DIGEST_PAGE = 20;
/** At most this many digest messages per call; the rest is summarised with a console link (no alert flood). */
export const MAX_DIGEST_MESSAGES = 3;

/** Security Hub console link listing this product's active findings. */
export function securityHubProductUrl(untrustedRegion: string, partition = 'aws'): string {
  const region = consoleRegion(untrustedRegion, 'us-east-1');
  const q = 'ProductName%3D%255Coperator%255C%253AEQUALS%255C%253AAI-SPM%26RecordState%3D%255Coperator%255C%253AEQUALS%255C%253AACTIVE';
  return `https://${consoleHost(partition, region)}/securityhub/home?region=${encodeURIComponent(region)}#/findings?search=${q}`;
}

/**
 * Digest messages (<= DIGEST_PAGE findings each, most severe first, at most `maxMessages`) when many findings
 * arrive at once. Findings beyond the last page are counted in it with a link to Security Hub; `findingIds` of each
 * message lists every finding it covers (listed or counted), for idempotency marks.
 */
export function digestMessages(
  items: { finding: Finding; kind: AlertKind }[],
  opts: SlackFormatOptions & { maxMessages?: number } = {},
): { message: SlackMessage; findingIds: string[] }[] {
  const sorted = [...items].sort(
    (a, b) => severityRank(b.finding.severity) - severityRank(a.finding.severity) || a.finding.id.localeCompare(b.finding.id),
  );
  const counts = new Map<Severity, number>();
  for (const i of sorted) counts.set(i.finding.severity, (counts.get(i.finding.severity) ?? 0) + 1);
  const summary = [...counts.entries()].map(([s, n]) => `${n} ${s}`).join(', ');
  const pages = Math.min(Math.ceil(sorted.length / DIGEST_PAGE), Math.max(1, opts.maxMessages ?? MAX_DIGEST_MESSAGES));
  const out: { message: SlackMessage; findingIds: string[] }[] = [];
  for (let p = 0; p < pages; p++) {
    const page = sorted.slice(p * DIGEST_PAGE, (p + 1) * DIGEST_PAGE);
    const blocks: unknown[] = [
      {
        type: 'header',
        text: {
          type: 'plain_text',
          text: plain(`AI-SPM: ${sorted.length} new or reopened findings${pages > 1 ? ` (${p + 1}/${pages})` : ''}`, 150),
          emoji: false,
        },
      },
      { type: 'context', elements: [{ type: 'mrkdwn', verbatim: true, text: escapeMrkdwn(summary) }] },
    ];
    for (const { finding: f, kind } of page) {
      const who = f.identity ? ` by ${codeSpan(f.identity, 120)}` : '';
      blocks.push({
        type: 'section',
        text: {
          type: 'mrkdwn',
          verbatim: true,
          text: truncate(
            `${SEVERITY_EMOJI[f.severity]} *${f.severity}*${kind === 'reopened' ? ' (reopened)' : kind === 'suppression-lapsed' ? ' (accepted risk expired)' : ''} ${codeSpan(f.title, 150)}\non ${codeSpan(f.resourceName ?? f.resourceId, 200)}${who} in ${codeSpan(`${f.accountId}/${f.region}`, 40)} · <${securityHubConsoleUrl(f, opts.homeRegion, opts.importRegion)}|Security Hub>`,
            2900,
          ),
        },
      });
    }
    const ids = page.map((i) => i.finding.id);
    if (p === pages - 1 && sorted.length > pages * DIGEST_PAGE) {
      const rest = sorted.slice(pages * DIGEST_PAGE);
      const first = rest[0].finding;
      const region = opts.importRegion ?? (first.region && first.region !== 'global' ? first.region : (opts.homeRegion ?? 'us-east-1'));
      blocks.push({
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            verbatim: true,
            text: `…and ${rest.length} more not listed here: <${securityHubProductUrl(region, partitionOf(first.resourceId, region))}|all active AI-SPM findings in Security Hub>`,
          },
        ],
      });
      ids.push(...rest.map((i) => i.finding.id));
    }
    out.push({
      message: { text: `AI-SPM: ${sorted.length} new or reopened findings (${summary})`, blocks, unfurl_links: false, unfurl_media: false },
      findingIds: ids,
    });
  }
  return out;
}
