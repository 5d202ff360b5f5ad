import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DEMO_CANARY_TOKENS, writeDemoInvocationLogs } from '../../../shared/demo/invocation-logs.ts';
import { analyzeLocal } from '../../../shared/pipeline/analyze.ts';
import { defaultDetectorSet } from '../../../shared/runtime/default-detectors.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

async function walk(d: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(d, { withFileTypes: true })) {
    const p = join(d, e.name);
    if (e.isDirectory()) out.push(...(await walk(p)));
    else out.push(p);
  }
  return out;
}

describe('writeDemoInvocationLogs', () => {
  it('writes >= 5,000 deterministic records in the real S3 layout, and the analyzer finds what was planted', async () => {
    const a = tempDir('demo');
    const b = tempDir('demo');
    const ra = await writeDemoInvocationLogs(a);
    const rb = await writeDemoInvocationLogs(b);
    expect(ra.records).toBeGreaterThanOrEqual(5000);
    expect(rb.records).toBe(ra.records);
    // deterministic: same names and bytes
    const fa = (await walk(a)).map((p) => relative(a, p)).sort();
    const fb = (await walk(b)).map((p) => relative(b, p)).sort();
    expect(fa).toEqual(fb);
    expect(await readFile(join(a, fa[10]))).toEqual(await readFile(join(b, fb[10])));
    // layout
    expect(fa).toContain('AWSLogs/111122223333/BedrockModelInvocationLogs/amazon-bedrock-logs-permission-check');
    const logs = fa.filter((f) => f.endsWith('.json.gz') && !f.includes('/data/') && f.includes('BedrockModelInvocationLogs'));
    for (const f of logs)
      expect(f).toMatch(
        /^AWSLogs\/111122223333\/BedrockModelInvocationLogs\/(us-east-1|eu-west-1)\/\d{4}\/\d{2}\/\d{2}\/\d{2}\/\d{8}T\d{9}Z_[0-9a-f]{16}\.json\.gz$/,
      );
    const data = fa.filter((f) => f.includes('/data/'));
    expect(data).toHaveLength(1);
    expect((await stat(join(a, data[0]))).size).toBeGreaterThan(1000);
    expect(gunzipSync(await readFile(join(a, data[0]))).length).toBeGreaterThan(100 * 1024);
    expect(
      fa.some((f) =>
        /^AWSLogs\/111122223333\/CloudTrail\/us-east-1\/\d{4}\/\d{2}\/\d{2}\/111122223333_CloudTrail_us-east-1_\d{8}T\d{4}Z_\w{16}\.json\.gz$/.test(
          f,
        ),
      ),
    ).toBe(true);
    let lines = 0;
    for (const f of logs)
      lines += gunzipSync(await readFile(join(a, f)))
        .toString('utf8')
        .trim()
        .split('\n').length;
    expect(lines).toBe(ra.records);

    const res = await analyzeLocal({ inputs: [a], detectors: defaultDetectorSet({ canaryTokens: DEMO_CANARY_TOKENS }) });
    expect(res.totals).toMatchObject({ invocations: ra.records, trailEvents: ra.trailEvents, malformed: 0 });
    expect(res.totals.defaulted).toEqual({});
    const found = new Set(res.findings.map((f) => f.detector));
    for (const d of [
      'prompt-injection',
      'jailbreak',
      'indirect-prompt-injection',
      'leak.secret',
      'leak.secret-in-prompt',
      'agent.dangerous-tool-call',
      'leak.pii',
      'leak.system-prompt',
      'leak.canary',
      'exfil.url',
      'content.invisible-unicode',
      'guardrail-intervened',
      'behaviour.templated-querying',
      'trail.guardrail-deleted',
      'trail.llmjacking-recon',
    ]) {
      expect(found, d).toContain(d);
    }
    // every planted request id is covered by a finding of the planted detector (where the detector is per record;
    // prompt-injection and jailbreak are the one classifier's two labels)
    const family = (d: string | undefined) => (d === 'jailbreak' ? 'prompt-injection' : d);
    const perRecord = [
      'prompt-injection',
      'jailbreak',
      'indirect-prompt-injection',
      'exfil.url',
      'content.invisible-unicode',
      'leak.secret-in-prompt',
      'agent.dangerous-tool-call',
    ];
    const planted = ra.planted.filter((p) => perRecord.includes(p.detector) && p.requestIds?.length);
    expect(planted.length).toBeGreaterThanOrEqual(7);
    for (const p of planted) {
      const ids = res.findings.filter((f) => family(f.detector) === family(p.detector)).flatMap((f) => f.requestIds ?? []);
      for (const id of p.requestIds ?? []) expect(ids, p.what).toContain(id);
    }
    // the injection in a fabricated history is found in the earlier turn that carries it (the newest turn is innocent)
    const history = ra.planted.find((p) => p.what.includes('fabricated conversation history'));
    const hf = res.findings.find((f) => f.requestIds?.includes(history?.requestIds?.[0] ?? '-'));
    expect(hf?.evidence).toMatchObject({ field: 'user-history', turn: 1, turns: 2 });
    // the split payload (no single turn is an attack) is one multi-turn finding, on the request that completes the pieces only
    const split = ra.planted.find((p) => p.what.startsWith('multi-turn split payload'));
    const cf = res.findings.filter((f) => f.identity === split?.identity && ['prompt-injection', 'jailbreak'].includes(f.detector ?? ''));
    expect(cf).toHaveLength(1);
    expect(cf[0]).toMatchObject({ detector: 'jailbreak', occurrences: 1, requestIds: split?.requestIds });
    // carried by the reassembled pieces: the three turns that hold them
    expect(cf[0].evidence).toMatchObject({
      field: 'conversation',
      view: 'fragments',
      turns: 3,
      turnsFlagged: 0,
      turnsJoined: 3,
      contributingTurns: [1, 2, 3],
    });
    expect(cf[0].evidence.labels).toContain('multi-turn');
    // the tool-result injection the model acted on (it emitted the planted send_email call) is CRITICAL; the RAG one,
    // whose answer went nowhere the passage named, stays HIGH
    const toolPlant = ra.planted.find((p) => p.what === 'indirect prompt injection in a tool result');
    const tf = res.findings.find((f) => f.requestIds?.includes(toolPlant?.requestIds?.[0] ?? '-'));
    expect(tf).toMatchObject({ detector: 'indirect-prompt-injection', severity: 'CRITICAL' });
    expect(tf?.evidence).toMatchObject({ followedBy: 'tool-call', followedTarget: 'a***@collector.example', followedTool: 'send_email' });
    const ragPlant = ra.planted.find((p) => p.what === 'indirect prompt injection in a retrieved passage');
    const rf = res.findings.find((f) => f.requestIds?.includes(ragPlant?.requestIds?.[0] ?? '-'));
    expect(rf).toMatchObject({ detector: 'indirect-prompt-injection', severity: 'HIGH' });
    // benign traffic stays quiet: no injection finding on the benign support sessions
    const benignInjection = res.findings.filter((f) => f.detector === 'prompt-injection' && !f.identity?.endsWith('/web-7799'));
    expect(benignInjection).toEqual([]);
  }, 120_000);
});
