import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../../shared/cli/io.ts';
import { main } from '../../../shared/cli/main.ts';
import { DynamoStore } from '../../../shared/store/dynamo.ts';
import { type LocalDynamo, startLocalDynamo } from '../../../shared/store/local-dynamo.ts';
import { ACCOUNT, reportState } from '../../fixtures/report/state.ts';

function io(): CliIo & { out(): string; err(): string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let o = '';
  let e = '';
  stdout.on('data', (c) => (o += c));
  stderr.on('data', (c) => (e += c));
  return { stdin: new PassThrough(), stdout, stderr, isTty: false, env: { AWS_REGION: 'us-east-1' }, out: () => o, err: () => e };
}

describe('aispm report', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'aispm-cli-report-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('builds every output from --state and prints digests', async () => {
    const state = join(dir, 'snap.json');
    await writeFile(state, JSON.stringify(reportState()));
    const out = join(dir, 'a');
    const t = io();
    expect(await main(['report', '--state', state, '--out', out], t)).toBe(0);
    for (const f of [
      'report.html',
      'findings.json',
      'findings.csv',
      'findings.asff.json',
      'findings.ocsf.json',
      'ai-bom.cdx.json',
      'evidence/manifest.json',
      'evidence/snapshot.json',
      'evidence/SHA256SUMS',
    ])
      expect(existsSync(join(out, f))).toBe(true);
    expect(t.out()).toMatch(/^[0-9a-f]{64} {2}.*report\.html$/m);
    expect(t.out()).toContain('4 open findings');
  });

  it('defaults to DIR/state.json and honours --output-formats', async () => {
    const out = join(dir, 'b');
    await mkdir(out, { recursive: true });
    await writeFile(join(out, 'state.json'), await readFile(join(dir, 'snap.json')));
    const t = io();
    expect(await main(['report', '--out', out, '--output-formats', 'html,cdx'], t)).toBe(0);
    expect(existsSync(join(out, 'ai-bom.cdx.json'))).toBe(true);
    expect(existsSync(join(out, 'findings.csv'))).toBe(false);
  });

  it('without a state file, rebuilds from the last evidence snapshot in DIR (byte-identical report)', async () => {
    const out = join(dir, 'a');
    const before = await readFile(join(out, 'report.html'), 'utf8');
    const t = io();
    expect(await main(['report', '--out', out], t)).toBe(0);
    expect(await readFile(join(out, 'report.html'), 'utf8')).toBe(before);
  });

  it('fails clearly (exit 1) on a missing or malformed state, 2 on unknown options', async () => {
    let t = io();
    expect(await main(['report', '--out', join(dir, 'none')], t)).toBe(1);
    expect(t.err()).toContain('no state to report on');
    const bad = join(dir, 'bad.json');
    await writeFile(bad, '{"generatedAt": "x", "findings": "secret prompt text"}');
    t = io();
    expect(await main(['report', '--state', bad, '--out', join(dir, 'd')], t)).toBe(1);
    expect(t.err()).toContain('generatedAt');
    expect(t.err()).not.toContain('secret prompt text');
    t = io();
    expect(await main(['report', '--bogus'], t)).toBe(2);
    expect(await main(['report', '--state', bad, '--output-formats', 'pdf'], io())).toBe(1);
  });

  describe('--table (DynamoDB)', () => {
    let ddb: LocalDynamo;
    beforeAll(async () => {
      ddb = await startLocalDynamo('aispm-report-test');
      const store = new DynamoStore({ tableName: ddb.tableName, client: ddb.client });
      const s = reportState();
      for (const a of s.assets) await store.putAsset(a);
      for (const f of s.findings) await store.putFinding(f, undefined);
      for (const r of s.scanRuns) await store.putScanRun(r);
      await store.putCoverageGaps(ACCOUNT, 'us-east-1', s.coverageGaps);
    });
    afterAll(async () => {
      await ddb?.close();
    });

    it('reads the store, recomputes check results with the real checks and writes the report', async () => {
      const out = join(dir, 'ddb');
      const t = io();
      const code = await main(['report', '--table', ddb.tableName, '--endpoint', ddb.endpoint, '--account', ACCOUNT, '--out', out], t);
      expect(t.err()).toBe('');
      expect(code).toBe(0);
      const snap = JSON.parse(await readFile(join(out, 'evidence/snapshot.json'), 'utf8'));
      expect(snap.assets).toHaveLength(reportState().assets.length);
      expect(snap.findings).toHaveLength(reportState().findings.length);
      expect(snap.scanRuns).toHaveLength(1);
      expect(snap.coverageGaps).toHaveLength(1);
      // results come from the project's checks evaluated over the stored inventory
      expect(snap.results.length).toBeGreaterThan(0);
      expect(snap.checks.length).toBeGreaterThan(10);
      const html = await readFile(join(out, 'report.html'), 'utf8');
      expect(html).toContain('support-agent &lt;script&gt;');
    });
  });
});
