import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { parseSuppressions } from '../../shared/findings/suppressions.ts';
import { assessQueueRecords, SCAN_COMPLETED, scanCompletedEntry } from '../../shared/pipeline/assess.ts';
import { parseReportRequest } from '../../shared/report/event.ts';
import { MemoryStore } from '../../shared/store/memory.ts';
import { fixedClock } from '../../shared/util/clock.ts';
import { silentLog } from '../../shared/util/logger.ts';

const ajv = new Ajv2020({ allErrors: true });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(readFileSync('events/ai-spm-scan-completed.schema.json', 'utf8')));

describe('AI-SPM Scan Completed', () => {
  it('the sample validates and the report function reads its account and scan id', () => {
    const sample = JSON.parse(readFileSync('events/samples/ai-spm-scan-completed.json', 'utf8'));
    expect(validate(sample.detail), JSON.stringify(validate.errors)).toBe(true);
    expect(parseReportRequest(sample)).toEqual({
      accountIds: ['111122223333'],
      runId: 'scan-20261125T120000Z-3f9a',
      trigger: 'scan-completed',
    });
  });

  it('is published after a full assessment only, never after an asset-scoped one', async () => {
    const published: ReturnType<typeof scanCompletedEntry>[] = [];
    const clock = fixedClock('2026-11-25T12:00:00.000Z');
    const deps = {
      store: new MemoryStore(),
      sender: { send: async () => {} },
      clock,
      log: silentLog,
      onFullAssessment: async (req: Parameters<typeof scanCompletedEntry>[0], s: { sent: number }) => {
        published.push(scanCompletedEntry(req, s, 'aispm-bus', clock.now()));
      },
    };
    const full = {
      accountId: '111122223333',
      regions: ['us-east-1'],
      scanId: 's-1',
      trigger: 'schedule',
      requestedAt: '2026-11-25T11:59:00.000Z',
    };
    const scoped = { ...full, assetIds: ['arn:aws:s3:::x'], trigger: 'event' };
    const r = await assessQueueRecords(
      [
        { messageId: 'm1', body: JSON.stringify(full) },
        { messageId: 'm2', body: JSON.stringify(scoped) },
      ],
      deps,
    );
    expect(r.failedMessageIds).toEqual([]);
    expect(published).toHaveLength(1);
    expect(published[0]).toMatchObject({ Source: SCAN_COMPLETED.source, DetailType: SCAN_COMPLETED.detailType, EventBusName: 'aispm-bus' });
    const detail = JSON.parse(published[0].Detail);
    expect(validate(detail), JSON.stringify(validate.errors)).toBe(true);
    expect(detail).toMatchObject({ accountId: '111122223333', scanId: 's-1', findingChangesQueued: 0 });
  });

  it('a failed publication fails the message so SQS retries it', async () => {
    const r = await assessQueueRecords(
      [
        {
          messageId: 'm1',
          body: JSON.stringify({ accountId: '111122223333', trigger: 'schedule', requestedAt: '2026-11-25T11:59:00.000Z' }),
        },
      ],
      {
        store: new MemoryStore(),
        sender: { send: async () => {} },
        clock: fixedClock('2026-11-25T12:00:00.000Z'),
        log: silentLog,
        onFullAssessment: async () => {
          throw new Error('bus down');
        },
      },
    );
    expect(r.failedMessageIds).toEqual(['m1']);
  });
});

describe('lapsed suppressions after a full assessment', () => {
  it('re-deliver an open finding whose suppression expired since its last delivery', async () => {
    const store = new MemoryStore();
    const clock = fixedClock('2026-11-25T12:00:00.000Z');
    const finding = {
      id: 'f1',
      ruleId: 'bedrock_guardrail_prompt_attack_filter_enabled',
      source: 'posture' as const,
      title: 't',
      description: 'd',
      severity: 'HIGH' as const,
      status: 'ACTIVE' as const,
      complianceStatus: 'FAIL' as const,
      resourceId: 'arn:aws:bedrock:us-east-1:111122223333:guardrail/g1',
      resourceType: 'bedrock.guardrail',
      accountId: '111122223333',
      region: 'us-east-1',
      firstObservedAt: '2026-11-01T00:00:00.000Z',
      lastObservedAt: '2026-11-20T00:00:00.000Z',
      updatedAt: '2026-11-20T00:00:00.000Z',
      occurrences: 3,
      reopenedCount: 0,
      evidence: {},
      remediation: { text: 'r' },
      mappings: {},
      types: ['Software and Configuration Checks/AWS Security Best Practices'],
    };
    await store.putFinding(finding, undefined);
    const sent: { finding: { id: string } }[] = [];
    const rule = {
      id: 'accept-g1',
      checkId: 'bedrock_guardrail_prompt_attack_filter_enabled',
      reason: 'pilot',
      owner: 'sec@acme.example',
      expiresAt: '2026-11-24T00:00:00.000Z',
    };
    const r = await assessQueueRecords(
      [
        {
          messageId: 'm1',
          body: JSON.stringify({ accountId: '111122223333', trigger: 'schedule', requestedAt: '2026-11-25T11:59:00.000Z' }),
        },
      ],
      {
        store,
        sender: { send: async (m: { finding: { id: string } }[]) => void sent.push(...m) },
        clock,
        log: silentLog,
        suppressions: parseSuppressions([rule]),
      },
    );
    expect(r.failedMessageIds).toEqual([]);
    expect(sent.map((m) => m.finding.id)).toContain('f1');
  });
});
