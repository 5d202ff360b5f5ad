import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validateAsff } from '../../../shared/findings/asff.ts';
import { buildArtifacts, type EvidenceManifest } from '../../../shared/report/artifacts.ts';
import type { OcsfFinding } from '../../../shared/report/ocsf.ts';
import { parseReportState } from '../../../shared/report/state.ts';
import { writeReport } from '../../../shared/report/write.ts';
import { reportState } from '../../fixtures/report/state.ts';

const sha = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');

describe('report artifacts', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('writes every output with the digest of what is on disk', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'aispm-report-'));
    dirs.push(dir);
    const { files } = await writeReport(reportState(), dir, { now: '2026-11-25T12:05:00.000Z' });
    const rel = files.map((f) => f.path.slice(dir.length + 1)).sort();
    expect(rel).toEqual(
      [
        'ai-bom.cdx.json',
        'compliance.csv',
        'evidence/SHA256SUMS',
        'evidence/manifest.json',
        'evidence/snapshot.json',
        'findings.asff.json',
        'findings.csv',
        'findings.json',
        'findings.ocsf.json',
        'report.html',
      ].sort(),
    );
    for (const f of files) expect(sha(await readFile(f.path))).toBe(f.sha256);
    // SHA256SUMS lines verify (same format as sha256sum)
    const sums = await readFile(join(dir, 'evidence/SHA256SUMS'), 'utf8');
    const lines = sums.trim().split('\n');
    expect(lines).toHaveLength(9);
    for (const line of lines) {
      const [digest, path] = line.split('  ') as [string, string];
      expect(sha(await readFile(join(dir, path)))).toBe(digest);
    }
  });

  it('evidence manifest lists every artifact and the snapshot with SHA-256 and timestamps', () => {
    const arts = buildArtifacts(reportState(), { now: '2026-11-25T12:05:00.000Z' });
    const manifest = JSON.parse(arts.find((a) => a.path === 'evidence/manifest.json')?.content ?? '') as EvidenceManifest;
    const byPath = new Map(arts.map((a) => [a.path, a]));
    expect(manifest.assessedAt).toBe('2026-11-25T12:00:00.000Z');
    expect(manifest.packagedAt).toBe('2026-11-25T12:05:00.000Z');
    expect(manifest.artifacts.map((a) => a.path)).toEqual([
      'report.html',
      'findings.json',
      'findings.csv',
      'compliance.csv',
      'findings.asff.json',
      'findings.ocsf.json',
      'ai-bom.cdx.json',
    ]);
    for (const e of [...manifest.artifacts, manifest.snapshot]) {
      expect(e.sha256).toBe(sha(byPath.get(e.path)?.content ?? ''));
      expect(e.createdAt).toBe('2026-11-25T12:05:00.000Z');
    }
    expect(manifest.summary.openFindingsBySeverity).toMatchObject({ CRITICAL: 2, HIGH: 1, MEDIUM: 1 });
    expect(manifest.summary.checkResults).toEqual({ PASS: 2, FAIL: 2, MANUAL: 0, ERROR: 1 });
    expect(manifest.scope.accounts).toEqual(['111122223333']);
    // the snapshot is a complete ReportState that can be re-read to rebuild the same report
    const snap = parseReportState(JSON.parse(byPath.get('evidence/snapshot.json')?.content ?? ''));
    const again = buildArtifacts(snap, { now: '2026-11-25T12:05:00.000Z' });
    expect(again.find((a) => a.path === 'report.html')?.content).toBe(byPath.get('report.html')?.content);
  });

  it('ASFF file: one valid ASFF document per finding', () => {
    const arts = buildArtifacts(reportState());
    const docs = JSON.parse(arts.find((a) => a.path === 'findings.asff.json')?.content ?? '') as Record<string, unknown>[];
    expect(docs).toHaveLength(reportState().findings.length);
    for (const d of docs) expect(validateAsff(d)).toEqual([]);
    const resolved = docs.find((d) => (d.Title as string) === 'Token volume anomaly') as {
      RecordState: string;
      Workflow?: { Status: string };
    };
    expect(resolved.RecordState).toBe('ARCHIVED');
  });

  it('OCSF file: compliance findings for posture, detection findings for runtime', () => {
    const arts = buildArtifacts(reportState());
    const docs = JSON.parse(arts.find((a) => a.path === 'findings.ocsf.json')?.content ?? '') as OcsfFinding[];
    const runtime = docs.filter((d) => d.class_uid === 2004);
    const posture = docs.filter((d) => d.class_uid === 2003);
    expect(runtime).toHaveLength(3);
    expect(posture).toHaveLength(3);
    for (const d of docs) {
      expect(d.type_uid).toBe(d.class_uid * 100 + d.activity_id);
      expect(d.category_uid).toBe(2);
      expect(d.severity_id).toBeGreaterThanOrEqual(1);
      expect(d.metadata.version).toBe('1.3.0');
    }
    expect(posture.find((d) => d.finding_info.analytic.uid === 'bedrock_custom_model_encrypted_with_cmk')?.compliance).toMatchObject({
      status: 'Fail',
      status_id: 3,
    });
    expect(posture.find((d) => d.finding_info.title === 'Suppressed one')?.status).toBe('Suppressed');
    expect(runtime.find((d) => d.status === 'Resolved')?.activity_name).toBe('Close');
    expect(runtime[0]?.finding_info.attacks?.[0]?.technique.uid).toMatch(/^AML\./);
  });

  it('findings JSON counts open findings by severity and keeps every finding', () => {
    const arts = buildArtifacts(reportState());
    const j = JSON.parse(arts.find((a) => a.path === 'findings.json')?.content ?? '');
    expect(j.counts).toMatchObject({ total: 6, open: 4, openBySeverity: { CRITICAL: 2, HIGH: 1, MEDIUM: 1, LOW: 0, INFORMATIONAL: 0 } });
    expect(j.findings[0].severity).toBe('CRITICAL');
  });

  it('rejects a malformed state snapshot with a clear message', () => {
    expect(() => parseReportState([])).toThrow(/JSON object/);
    expect(() => parseReportState({ generatedAt: 'x' })).toThrow(/generatedAt/);
    expect(() => parseReportState({ generatedAt: '2026-01-01T00:00:00Z', findings: {} })).toThrow(/findings must be an array/);
    expect(parseReportState({ generatedAt: '2026-01-01T00:00:00Z' }).assets).toEqual([]);
  });
});
