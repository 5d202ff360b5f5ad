import { describe, expect, it } from 'vitest';
import { parseReportRequest } from '../../../shared/report/event.ts';

describe('parseReportRequest', () => {
  it('reads the account and scan id of a Scan Completed event', () => {
    const r = parseReportRequest({
      'detail-type': 'AI-SPM Scan Completed',
      source: 'aispm',
      account: '999988887777',
      detail: { accountId: '111122223333', scanId: 'scan-42' },
    });
    expect(r).toEqual({ accountIds: ['111122223333'], runId: 'scan-42', trigger: 'scan-completed' });
    expect(parseReportRequest({ 'detail-type': 'AI-SPM Scan Completed', account: '999988887777', detail: {} }).accountIds).toEqual([
      '999988887777',
    ]);
  });

  it('accepts on-demand invocations and falls back to configured accounts', () => {
    expect(parseReportRequest({ accountIds: ['111122223333', 'bad'], runId: 'adhoc' })).toEqual({
      accountIds: ['111122223333'],
      runId: 'adhoc',
      trigger: 'on-demand',
    });
    expect(parseReportRequest({}, ['222233334444', ''])).toEqual({ accountIds: ['222233334444'], runId: undefined, trigger: 'on-demand' });
    expect(parseReportRequest(null).accountIds).toEqual([]);
  });

  it('drops run ids that are not safe key segments', () => {
    expect(parseReportRequest({ runId: '../../etc/passwd' }).runId).toBeUndefined();
  });
});

describe('parseReportRequest on the published sample', () => {
  it('reads events/samples/ai-spm-scan-completed.json (what the assess function publishes)', async () => {
    const { readFile } = await import('node:fs/promises');
    const sample = JSON.parse(await readFile(new URL('../../../events/samples/ai-spm-scan-completed.json', import.meta.url), 'utf8'));
    const r = parseReportRequest(sample);
    expect(r.trigger).toBe('scan-completed');
    expect(r.accountIds).toContain(sample.detail.accountId);
    if (sample.detail.scanId) expect(r.runId).toBe(sample.detail.scanId);
  });
});
