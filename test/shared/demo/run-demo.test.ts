import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoSummary, runDemo } from '../../../shared/demo/run-demo.ts';
import { validateAsff } from '../../../shared/findings/asff.ts';
import { memoryLog } from '../../../shared/util/logger.ts';

/** The offline demo end to end (what `npm start` runs), in a temporary output folder. */
describe('offline demo', () => {
  const out = mkdtempSync(join(tmpdir(), 'aispm-demo-'));
  const log = memoryLog();
  const lines: string[] = [];
  let summary: DemoSummary;
  beforeAll(async () => {
    summary = await runDemo({ outDir: out, log, print: (l) => lines.push(l) });
  }, 240_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('discovers at least 40 AI assets across two regions, including shadow AI', () => {
    expect(summary.assets).toBeGreaterThanOrEqual(40);
    expect(summary.regions).toEqual(['us-east-1', 'eu-west-1']);
    expect(summary.assetChangedEvents).toBe(summary.assets);
    for (const t of [
      'bedrock.guardrail',
      'bedrock.agent',
      'bedrock.knowledge-base',
      'sagemaker.endpoint',
      'sagemaker.notebook-instance',
      'iam.bedrock-api-key',
      's3.bucket',
      'lambda.function',
    ]) {
      expect(summary.assetTypes[t], t).toBeGreaterThan(0);
    }
  });

  it('assesses it: failures become findings, and good assets pass', () => {
    expect(summary.checkResults.FAIL).toBeGreaterThan(20);
    expect(summary.checkResults.PASS).toBeGreaterThan(summary.checkResults.FAIL);
    expect(summary.postureFindings).toBe(summary.checkResults.FAIL);
  });

  it('finds the planted runtime attacks, leaks, extraction and drift in >= 5,000 records', () => {
    expect(summary.runtimeRecords).toBeGreaterThanOrEqual(5000);
    const detectors = Object.keys(summary.runtimeByDetector).join(' ');
    for (const d of [
      'prompt-injection',
      'jailbreak',
      'indirect-prompt-injection',
      'leak.secret',
      'leak.pii',
      'leak.system-prompt',
      'leak.canary',
      'exfil',
      'invisible-unicode',
      'templated-querying',
      'drift',
      'llmjacking',
      'guardrail-deleted',
    ]) {
      expect(detectors, d).toContain(d);
    }
  });

  it('delivers every change once to Security Hub, EventBridge and Slack, and an unchanged re-scan sends nothing', () => {
    const shipped = summary.postureFindings + summary.coverageFindings + summary.runtimeFindings;
    expect(summary.delivery.securityHub.imported).toBe(shipped);
    expect(summary.delivery.eventBridge.published).toBe(shipped);
    expect(summary.delivery.slack.messages).toBeGreaterThan(0);
    expect(summary.rescan).toEqual({ assetWrites: 1, changed: 0, delivered: 0 });
    const batches = JSON.parse(readFileSync(join(out, 'securityhub-batches.json'), 'utf8')) as { findings: Record<string, unknown>[] }[];
    const docs = batches.flatMap((b) => b.findings);
    expect(docs.length).toBe(shipped);
    for (const d of docs) expect(validateAsff(d as never)).toEqual([]);
    expect(JSON.parse(readFileSync(join(out, 'slack-messages.json'), 'utf8')).length).toBe(summary.delivery.slack.messages);
  });

  it('writes the report, exports, AI-BOM and evidence pack', () => {
    for (const f of [
      'report.html',
      'findings.json',
      'findings.csv',
      'findings.asff.json',
      'findings.ocsf.json',
      'ai-bom.cdx.json',
      'evidence/manifest.json',
    ]) {
      expect(existsSync(join(out, f)), f).toBe(true);
    }
  });

  it('never logs prompt or output text', () => {
    const logged = JSON.stringify(log.entries);
    expect(logged).not.toMatch(/ignore (all )?previous instructions/i);
    expect(logged).not.toContain('CNRY-7f3a9c2e');
    expect(logged).not.toMatch(/AKIA[0-9A-Z]{16}/);
  });
});
