import { createHash } from 'node:crypto';
import { PutObjectCommand, type PutObjectCommandInput, type S3Client } from '@aws-sdk/client-s3';
import type { SlackMessage, SlackSink } from '../adapters/types.ts';
import { SEVERITIES } from '../domain/severity.ts';
import { escapeMrkdwn } from '../findings/slack.ts';
import type { Log } from '../util/logger.ts';
import { ARTIFACT_PATHS, type Artifact, type BuildOptions, buildArtifacts } from './artifacts.ts';
import { overallScore } from './score.ts';
import { isOpenFinding, type ReportState } from './state.ts';

export interface PublishDeps {
  s3: Pick<S3Client, 'send'>;
  /** Presigns a GET of `bucket/key` valid for `expiresIn` seconds (getSignedUrl from @aws-sdk/s3-request-presigner). */
  presign(bucket: string, key: string, expiresIn: number): Promise<string>;
  /** Slack notifier (the delivery helper's webhook sink); absent = no notification. */
  slack?: SlackSink;
  log: Log;
}

export interface PublishOptions extends Omit<BuildOptions, 'now'> {
  bucket: string;
  /** Key prefix of this run, e.g. `reports/2026-11-25/<scanId>/`. Derived from the state when absent. */
  prefix?: string;
  /** Customer-managed KMS key for SSE-KMS; absent = the bucket's default encryption applies. */
  kmsKeyArn?: string;
  /** Object-lock retention in compliance mode, in days; 0/absent = the bucket default retention only. */
  retentionDays?: number;
  /** Lifetime of the presigned report link in seconds (default 3600, at most 12 h). */
  linkExpirySeconds?: number;
  /** Identifier of the run (scan id) for the prefix and the message. */
  runId?: string;
  now: Date;
}

export interface PublishResult {
  bucket: string;
  prefix: string;
  keys: string[];
  reportUrl?: string;
  urlExpiresAt?: string;
  notified: boolean;
}

/** One S3 key segment from an id that can come from an event: no `/`, and never `.` or `..` (path normalisation). */
const safeSegment = (s: string) =>
  s
    .replace(/[^A-Za-z0-9._-]/g, '_')
    .slice(0, 100)
    .replace(/^\.+$/, '_') || 'run';

export function reportPrefix(state: ReportState, runId: string | undefined, now: Date): string {
  return `reports/${state.generatedAt.slice(0, 10)}/${safeSegment(runId ?? now.toISOString().replace(/[:.]/g, '-'))}/`;
}

/** The S3 PutObject request for one artifact: SSE-KMS, SHA-256 checksum verified by S3, object-lock retention. */
export function putRequest(
  a: Artifact,
  opts: Pick<PublishOptions, 'bucket' | 'kmsKeyArn' | 'retentionDays' | 'now'>,
  prefix: string,
): PutObjectCommandInput {
  const body = Buffer.from(a.content, 'utf8');
  const sha = createSha256(body);
  const input: PutObjectCommandInput = {
    Bucket: opts.bucket,
    Key: `${prefix}${a.path}`,
    Body: body,
    ContentType: a.mediaType,
    ChecksumSHA256: Buffer.from(sha, 'hex').toString('base64'),
    Metadata: { sha256: sha },
    CacheControl: 'no-store',
  };
  if (a.path.endsWith('.html')) input.ContentDisposition = 'inline';
  if (opts.kmsKeyArn) {
    input.ServerSideEncryption = 'aws:kms';
    input.SSEKMSKeyId = opts.kmsKeyArn;
    input.BucketKeyEnabled = true;
  }
  if (opts.retentionDays && opts.retentionDays > 0) {
    input.ObjectLockMode = 'COMPLIANCE';
    input.ObjectLockRetainUntilDate = new Date(opts.now.getTime() + opts.retentionDays * 86_400_000);
  }
  return input;
}

function createSha256(b: Buffer): string {
  return createHash('sha256').update(b).digest('hex');
}

/** Slack summary of a report run. Only numbers, account ids (escaped) and the presigned link (a button URL). */
export function reportSummaryMessage(
  state: ReportState,
  link: { url: string; expiresAt: string } | undefined,
  runId?: string,
): SlackMessage {
  const open = state.findings.filter((f) => isOpenFinding(f, state.generatedAt));
  const bySev = [...SEVERITIES].reverse().map((s) => `${s} ${open.filter((f) => f.severity === s).length}`);
  const score = overallScore(state.results).score;
  const accounts = [...new Set(state.assets.map((a) => a.accountId))].sort();
  const gaps = state.coverageGaps.length;
  const text = `AI-SPM report${runId ? ` ${runId}` : ''}: ${open.length} open findings, posture score ${score ?? 'n/a'}`;
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: 'AI-SPM scan report', emoji: false } },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        verbatim: true,
        text: escapeMrkdwn(
          [
            `Accounts: ${accounts.join(', ').slice(0, 300) || 'none'}`,
            `Posture score: ${score ?? 'n/a'} · AI assets: ${state.assets.filter((a) => !a.deletedAt).length} · coverage gaps: ${gaps}`,
            `Open findings: ${open.length} (${bySev.join(', ')})`,
            `As of ${state.generatedAt}`,
          ].join('\n'),
        ),
      },
    },
  ];
  if (link) {
    blocks.push({
      type: 'actions',
      elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open the report' }, url: link.url, action_id: 'open_report' }],
    });
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          verbatim: true,
          text: escapeMrkdwn(`Link expires at ${link.expiresAt}. Evidence pack: evidence/manifest.json next to the report.`),
        },
      ],
    });
  }
  return { text, blocks };
}

/**
 * Builds every artifact, writes them to S3 (SSE-KMS, S3-verified SHA-256, object-lock retention), presigns a short
 * link to report.html and posts the summary to Slack. A Slack failure is logged and reported, never fatal: the
 * artifacts are already stored.
 */
export async function publishReport(state: ReportState, deps: PublishDeps, opts: PublishOptions): Promise<PublishResult> {
  const artifacts = buildArtifacts(state, { ...opts, now: opts.now.toISOString() });
  const prefix = opts.prefix ?? reportPrefix(state, opts.runId, opts.now);
  const keys: string[] = [];
  for (const a of artifacts) {
    const input = putRequest(a, opts, prefix);
    await deps.s3.send(new PutObjectCommand(input));
    keys.push(input.Key as string);
  }
  deps.log.info('report artifacts stored', { bucket: opts.bucket, prefix, count: keys.length });
  const expiresIn = Math.min(Math.max(60, opts.linkExpirySeconds ?? 3600), 43_200);
  const htmlKey = artifacts.some((a) => a.path === ARTIFACT_PATHS.html) ? `${prefix}${ARTIFACT_PATHS.html}` : undefined;
  let reportUrl: string | undefined;
  let urlExpiresAt: string | undefined;
  if (htmlKey) {
    reportUrl = await deps.presign(opts.bucket, htmlKey, expiresIn);
    urlExpiresAt = new Date(opts.now.getTime() + expiresIn * 1000).toISOString();
  }
  let notified = false;
  if (deps.slack) {
    try {
      await deps.slack.post(
        reportSummaryMessage(state, reportUrl && urlExpiresAt ? { url: reportUrl, expiresAt: urlExpiresAt } : undefined, opts.runId),
      );
      notified = true;
    } catch (err) {
      deps.log.warn('Slack report notification failed', { error: (err as Error).name, message: (err as Error).message });
    }
  }
  return { bucket: opts.bucket, prefix, keys, reportUrl, urlExpiresAt, notified };
}
