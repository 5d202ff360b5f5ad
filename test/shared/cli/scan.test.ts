import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_CHECKS } from '../../../shared/checks/index.ts';
import { failingLines, parseScanArgs, progressReporter, run, selectChecks } from '../../../shared/cli/commands/scan.ts';
import type { CliIo } from '../../../shared/cli/io.ts';
import { main } from '../../../shared/cli/main.ts';
import { type StandinHandle, startAwsStandin } from '../../../shared/demo/aws-standin/index.ts';
import type { Finding } from '../../../shared/domain/finding.ts';
import { validateAsff } from '../../../shared/findings/asff.ts';
import { validateAiBom } from '../../../shared/report/aibom.ts';
import { fixedClock } from '../../../shared/util/clock.ts';

function io(isTty = false): CliIo & { out(): string; err(): string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let o = '';
  let e = '';
  stdout.on('data', (c) => (o += c));
  stderr.on('data', (c) => (e += c));
  return { stdin: new PassThrough(), stdout, stderr, isTty, env: { AWS_REGION: 'us-east-1' }, out: () => o, err: () => e };
}

describe('scan arguments', () => {
  it('applies the documented defaults', () => {
    const o = parseScanArgs([], { AWS_REGION: 'eu-west-1' });
    expect(o).toMatchObject({ regions: ['eu-west-1'], outputDir: 'aispm-output', severity: 'LOW', formats: undefined });
    if (o === 'help') throw new Error('unexpected');
    expect(o.checks).toHaveLength(ALL_CHECKS.length);
    const p = parseScanArgs(
      ['--profile', 'audit', '--regions', 'us-east-1, eu-west-1', '--severity', 'high', '--output-formats', 'html,csv'],
      {},
    );
    expect(p).toMatchObject({ profile: 'audit', regions: ['us-east-1', 'eu-west-1'], severity: 'HIGH', formats: ['html', 'csv'] });
  });

  it('exits 1 on bad values and 2 on unknown options, before touching AWS', async () => {
    const cases: [string[], number, RegExp][] = [
      [['--severity', 'urgent'], 1, /--severity/],
      [['--regions', 'us-east-1,Mars'], 1, /not a region/],
      [['--checks', 'no_such_check'], 1, /unknown check id\(s\): no_such_check/],
      [['--output-formats', 'pdf'], 1, /unknown output format/],
      [['--bogus'], 2, /bogus/],
    ];
    for (const [argv, code, msg] of cases) {
      const t = io();
      expect(await main(['scan', ...argv], t)).toBe(code);
      expect(t.err()).toMatch(msg);
    }
  });

  it('selects checks by --checks and --exclude-checks', () => {
    const [a, b, c] = ALL_CHECKS.map((x) => x.metadata.id) as [string, string, string];
    expect(selectChecks(ALL_CHECKS, [a, b], undefined).map((x) => x.metadata.id)).toEqual([a, b]);
    expect(selectChecks(ALL_CHECKS, [a, b], [b]).map((x) => x.metadata.id)).toEqual([a]);
    expect(selectChecks(ALL_CHECKS, undefined, [c]).some((x) => x.metadata.id === c)).toBe(false);
    expect(() => selectChecks(ALL_CHECKS, [a], [a])).toThrow(/no check left/);
  });

  it('draws a redrawn status line on a terminal and plain lines otherwise', () => {
    const clock = fixedClock('2026-11-25T00:00:00.000Z');
    const tty = io(true);
    const p = progressReporter(tty, clock);
    p.update('listing\nagents');
    clock.advance(1500);
    p.update('assessing');
    p.done();
    const t = tty.err();
    expect(t).toContain('\r\x1b[2K');
    expect(t).toContain('1.5s assessing');
    expect(t).not.toContain('\n');
    const plain = io(false);
    const q = progressReporter(plain, clock);
    q.update('listing\nagents');
    q.update('assessing');
    const lines = plain.err().split('\n').filter(Boolean);
    expect(lines).toEqual(['[aispm 0.0s] listing agents', '[aispm 0.0s] assessing']);
  });
});

describe('failing findings in the summary', () => {
  it('lists the most severe first and strips terminal escapes from attacker-controlled names', () => {
    const base = { status: 'NEW', complianceStatus: 'FAIL', region: 'us-east-1', resourceId: 'arn:x' } as Finding;
    const lines = failingLines(
      [
        { ...base, severity: 'MEDIUM', ruleId: 'b_rule', resourceName: 'plain' },
        { ...base, severity: 'CRITICAL', ruleId: 'a_rule', resourceName: 'evil\u001b]0;pwned\u0007\u001b[2J\u202ename' },
        { ...base, severity: 'HIGH', ruleId: 'c_rule', resourceName: 'x' },
      ],
      2,
    );
    expect(lines[0]).toMatch(/^ {2}CRITICAL a_rule {2}evil/);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting that control characters are gone
    expect(lines[0]).not.toMatch(/[\u0000-\u001f\u007f\u202e]/);
    expect(lines[1]).toContain('HIGH');
    expect(lines[2]).toBe('  ... and 1 more (see findings.csv)');
  });
});

describe('scan against the local AWS stand-in', () => {
  let standin: StandinHandle;
  let dir: string;
  beforeAll(async () => {
    standin = await startAwsStandin();
    dir = await mkdtemp(join(tmpdir(), 'aispm-scan-'));
  });
  afterAll(async () => {
    await standin?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const failingAtOrAbove = (findings: Finding[], ranks: string[]) =>
    findings.filter((f) => (f.status === 'NEW' || f.status === 'ACTIVE') && f.complianceStatus === 'FAIL' && ranks.includes(f.severity));

  it('runs discovery, assessment and reporting; exit 3 while failing findings >= --severity remain', async () => {
    const out = join(dir, 'all');
    const t = io(false);
    const code = await run(['--regions', 'us-east-1,eu-west-1', '--output-dir', out, '--endpoint-url', standin.url], t);
    expect(t.err()).toMatch(/^\[aispm [\d.]+s\] discovering AI assets in us-east-1, eu-west-1$/m);
    const findings = JSON.parse(await readFile(join(out, 'findings.json'), 'utf8')).findings as Finding[];
    const failing = failingAtOrAbove(findings, ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL']);
    expect(failing.length).toBeGreaterThan(0);
    expect(code).toBe(3);
    expect(t.out()).toContain(`at or above LOW: ${failing.length} -> exit 3`);
    const manifest = JSON.parse(await readFile(join(out, 'evidence/manifest.json'), 'utf8'));
    expect(manifest.scope.regions).toEqual(expect.arrayContaining(['us-east-1', 'eu-west-1']));
    expect(manifest.artifacts).toHaveLength(7);
    // the outputs of a real-shaped account are valid: CycloneDX 1.6 schema, ASFF constraints
    expect(await validateAiBom(await readFile(join(out, 'ai-bom.cdx.json'), 'utf8'))).toEqual([]);
    const asff = JSON.parse(await readFile(join(out, 'findings.asff.json'), 'utf8')) as unknown[];
    expect(asff).toHaveLength(findings.length);
    for (const d of asff) expect(validateAsff(d)).toEqual([]);
    // read-only: the stand-in saw only List/Get/Describe calls (and the Logs Insights query)
    for (const op of standin.calls.keys()) expect(op).toMatch(/^(List|Get|Describe|StartQuery|StopQuery)/);
  });

  it('exit 0 when the checks that fail at or above --severity are excluded', async () => {
    const first = join(dir, 'crit');
    const code1 = await run(
      ['--regions', 'us-east-1', '--output-dir', first, '--severity', 'CRITICAL', '--endpoint-url', standin.url],
      io(),
    );
    const findings = JSON.parse(await readFile(join(first, 'findings.json'), 'utf8')).findings as Finding[];
    const critical = failingAtOrAbove(findings, ['CRITICAL']);
    expect(code1).toBe(critical.length > 0 ? 3 : 0);
    const exclude = [...new Set(critical.map((f) => f.ruleId))].filter((id) => ALL_CHECKS.some((c) => c.metadata.id === id));
    if (exclude.length !== new Set(critical.map((f) => f.ruleId)).size) throw new Error('a non-check CRITICAL finding: cannot exclude it');
    const t = io();
    const args = [
      '--regions',
      'us-east-1',
      '--output-dir',
      join(dir, 'gate'),
      '--severity',
      'CRITICAL',
      '--output-formats',
      'json',
      '--endpoint-url',
      standin.url,
    ];
    const code2 = await run(exclude.length ? [...args, '--exclude-checks', exclude.join(',')] : args, t);
    expect(t.out()).toContain('at or above CRITICAL: 0');
    expect(code2).toBe(0);
  });

  it('--suppressions: accepted risks stay in the outputs, marked, and do not fail the gate; expired rules are named', async () => {
    const file = join(dir, 'suppressions.json');
    const rules = [
      {
        id: 'lab-account',
        checkId: '*',
        reason: 'sandbox account, accepted until decommissioned',
        owner: 'secops',
        expiresAt: '2099-12-31',
      },
      { id: 'old-waiver', checkId: 'bedrock_*', reason: 'lapsed waiver', owner: 'secops', expiresAt: '2020-01-01' },
    ];
    await writeFile(file, JSON.stringify(rules));
    const out = join(dir, 'suppressed');
    const t = io();
    const code = await run(['--regions', 'us-east-1', '--output-dir', out, '--suppressions', file, '--endpoint-url', standin.url], t);
    const findings = JSON.parse(await readFile(join(out, 'findings.json'), 'utf8')).findings as Finding[];
    const failing = findings.filter((f) => (f.status === 'NEW' || f.status === 'ACTIVE') && f.complianceStatus === 'FAIL');
    expect(failing.length).toBeGreaterThan(0);
    for (const f of failing) expect(f.suppression).toMatchObject({ id: 'lab-account', owner: 'secops', expiresAt: '2099-12-31' });
    expect(t.out()).toContain('open failing findings: 0');
    expect(t.out()).toContain(
      `suppressed (accepted risk): ${failing.length} failing finding(s) by 1 active rule(s); 1 expired rule(s) no longer apply: old-waiver`,
    );
    expect(t.out()).toContain('at or above LOW: 0');
    expect(code).toBe(0);
    const csv = await readFile(join(out, 'findings.csv'), 'utf8');
    expect(csv).toContain('2099-12-31');

    // Only the expired rule: nothing is suppressed and the gate fails as without the file.
    await writeFile(file, JSON.stringify([rules[1]]));
    const t2 = io();
    expect(
      await run(['--regions', 'us-east-1', '--output-dir', join(dir, 'lapsed'), '--suppressions', file, '--endpoint-url', standin.url], t2),
    ).toBe(3);
    expect(t2.out()).toContain(
      'suppressed (accepted risk): 0 failing finding(s) by 0 active rule(s); 1 expired rule(s) no longer apply: old-waiver',
    );
  });

  it('--suppressions: an unreadable file or a bad rule is a usage error (exit 1) naming the field, before touching AWS', async () => {
    const file = join(dir, 'bad-suppressions.json');
    const cases: [string, RegExp][] = [
      ['[{"id":"x","checkId":"bedrock_*","reason":"r","expiresAt":"2099-01-01"}]', /--suppressions\[0\]\.owner/],
      ['{"not":"an array"}', /--suppressions/],
      ['[{"reason":"r","owner":"o","expiresAt":"2099-01-01"}]', /selector/],
      ['not json', /not valid JSON/],
    ];
    for (const [text, msg] of cases) {
      await writeFile(file, text);
      const t = io();
      expect(await run(['--output-dir', join(dir, 'never'), '--suppressions', file, '--endpoint-url', 'http://127.0.0.1:9'], t)).toBe(1);
      expect(t.err()).toMatch(msg);
    }
    const t = io();
    expect(await run(['--suppressions', join(dir, 'missing.json'), '--endpoint-url', 'http://127.0.0.1:9'], t)).toBe(1);
    expect(t.err()).toMatch(/cannot read .*missing\.json: ENOENT/);
  });

  it('exit 1 with a clear message when AWS cannot be reached or credentials fail', async () => {
    const t = io();
    const code = await run(['--regions', 'us-east-1', '--output-dir', join(dir, 'err'), '--endpoint-url', 'http://127.0.0.1:9'], t);
    expect(code).toBe(1);
    expect(t.err()).toMatch(/aispm scan: error: /);
    standin.faults.push({
      operation: 'GetCallerIdentity',
      code: 'ExpiredTokenException',
      status: 403,
      message: 'The security token included in the request is expired',
    });
    const t2 = io();
    expect(await run(['--regions', 'us-east-1', '--output-dir', join(dir, 'err2'), '--endpoint-url', standin.url], t2)).toBe(1);
    expect(t2.err()).toContain('ExpiredToken');
    standin.faults.length = 0;
  });
});
