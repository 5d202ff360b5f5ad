import { createHash } from 'node:crypto';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import type { SlackMessage } from '../../../shared/adapters/types.ts';
import { publishReport, reportPrefix, reportSummaryMessage } from '../../../shared/report/publish.ts';
import { memoryLog } from '../../../shared/util/logger.ts';
import { HOSTILE, reportState } from '../../fixtures/report/state.ts';

const NOW = new Date('2026-11-25T12:10:00.000Z');

describe('publishReport', () => {
  it('stores every artifact with SSE-KMS, an S3-verified SHA-256 and compliance-mode retention, then posts a presigned link', async () => {
    const s3 = mockClient(S3Client);
    s3.on(PutObjectCommand).resolves({});
    const posted: SlackMessage[] = [];
    const presigned: [string, string, number][] = [];
    const log = memoryLog();
    const res = await publishReport(
      reportState(),
      {
        s3: new S3Client({ region: 'us-east-1' }),
        presign: async (b, k, e) => {
          presigned.push([b, k, e]);
          return `https://reports.s3.amazonaws.com/${k}?X-Amz-Expires=${e}&X-Amz-Signature=abc`;
        },
        slack: {
          post: async (m) => {
            posted.push(m);
            return { attempts: 1 };
          },
        },
        log,
      },
      {
        bucket: 'reports',
        kmsKeyArn: 'arn:aws:kms:us-east-1:111122223333:key/k1',
        retentionDays: 30,
        linkExpirySeconds: 900,
        runId: 'scan-1',
        now: NOW,
      },
    );
    expect(res.prefix).toBe('reports/2026-11-25/scan-1/');
    expect(res.keys).toHaveLength(10);
    const calls = s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input);
    expect(calls).toHaveLength(10);
    for (const input of calls) {
      expect(input.Bucket).toBe('reports');
      expect(input.ServerSideEncryption).toBe('aws:kms');
      expect(input.SSEKMSKeyId).toBe('arn:aws:kms:us-east-1:111122223333:key/k1');
      expect(input.ObjectLockMode).toBe('COMPLIANCE');
      expect(input.ObjectLockRetainUntilDate?.toISOString()).toBe('2026-12-25T12:10:00.000Z');
      const body = input.Body as Buffer;
      const hex = createHash('sha256').update(body).digest('hex');
      expect(input.ChecksumSHA256).toBe(Buffer.from(hex, 'hex').toString('base64'));
      expect(input.Metadata?.sha256).toBe(hex);
    }
    expect(calls.find((c) => c.Key?.endsWith('report.html'))?.ContentType).toBe('text/html; charset=utf-8');
    expect(presigned).toEqual([['reports', 'reports/2026-11-25/scan-1/report.html', 900]]);
    expect(res.urlExpiresAt).toBe('2026-11-25T12:25:00.000Z');
    expect(posted).toHaveLength(1);
    expect(JSON.stringify(posted[0])).toContain('X-Amz-Expires=900');
    expect(res.notified).toBe(true);
    // nothing sensitive logged
    expect(JSON.stringify(log.entries)).not.toContain('X-Amz-Signature');
  });

  it('without a KMS key or retention relies on the bucket defaults; a Slack failure is not fatal', async () => {
    const s3 = mockClient(S3Client);
    s3.on(PutObjectCommand).resolves({});
    const log = memoryLog();
    const res = await publishReport(
      reportState(),
      {
        s3: new S3Client({ region: 'us-east-1' }),
        presign: async () => 'https://x.example/r',
        slack: {
          post: async () => {
            throw new Error('HTTP 500');
          },
        },
        log,
      },
      { bucket: 'reports', now: NOW, formats: ['html'] },
    );
    const input = s3.commandCalls(PutObjectCommand)[0]?.args[0].input;
    expect(input?.ServerSideEncryption).toBeUndefined();
    expect(input?.ObjectLockMode).toBeUndefined();
    expect(res.keys.map((k) => k.slice(res.prefix.length)).sort()).toEqual([
      'evidence/SHA256SUMS',
      'evidence/manifest.json',
      'evidence/snapshot.json',
      'report.html',
    ]);
    expect(res.notified).toBe(false);
    expect(log.entries.some((e) => e.level === 'warn')).toBe(true);
  });

  it('a failed upload fails the run (nothing is announced)', async () => {
    const s3 = mockClient(S3Client);
    s3.on(PutObjectCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDenied' }));
    let posted = 0;
    await expect(
      publishReport(
        reportState(),
        {
          s3: new S3Client({ region: 'us-east-1' }),
          presign: async () => 'u',
          slack: {
            post: async () => {
              posted++;
              return { attempts: 1 };
            },
          },
          log: memoryLog(),
        },
        { bucket: 'reports', now: NOW },
      ),
    ).rejects.toThrow('denied');
    expect(posted).toBe(0);
  });
});

describe('reportPrefix', () => {
  // the run id can come from an event on the bus: no `.`/`..` segment (a browser or proxy would normalise the
  // presigned link's path, and a reader of the bucket would see a key that climbs out of its run folder)
  it('never yields a dot segment or a slash from the run id', () => {
    const state = reportState();
    for (const runId of ['..', '.', '...', '../../x', 'a/b']) {
      const p = reportPrefix(state, runId, NOW);
      expect(p.split('/').filter((s) => s === '.' || s === '..')).toEqual([]);
      expect(p.split('/')).toHaveLength(4);
    }
    expect(reportPrefix(state, 'scan-1', NOW)).toBe(`reports/${state.generatedAt.slice(0, 10)}/scan-1/`);
  });
});

describe('reportSummaryMessage', () => {
  it('escapes account ids and carries only counts and the link', () => {
    const s = reportState();
    for (const a of s.assets) a.accountId = `<!channel> ${HOSTILE.script}`;
    const m = reportSummaryMessage(s, { url: 'https://x.example/r?a=1&b=2', expiresAt: '2026-11-25T13:00:00.000Z' }, 'scan-1');
    const json = JSON.stringify(m);
    expect(json).not.toContain('<!channel>');
    expect(json).not.toContain('<script>');
    expect(json).toContain('&lt;!channel&gt;');
    expect(m.text).toContain('4 open findings');
    expect(json).toContain('https://x.example/r?a=1&b=2');
    expect(json).not.toContain('claims');
  });
});
