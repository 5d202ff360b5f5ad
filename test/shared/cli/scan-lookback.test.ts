import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defaultScanDeps, defaultTrailClients, lookbackLines, parseScanArgs, run } from '../../../shared/cli/commands/scan.ts';
import type { CliIo } from '../../../shared/cli/io.ts';
import { main } from '../../../shared/cli/main.ts';
import { type StandinHandle, startAwsStandin } from '../../../shared/demo/aws-standin/index.ts';
import type { Finding } from '../../../shared/domain/finding.ts';
import type { TrailLookbackResult } from '../../../shared/pipeline/trail-lookback.ts';
import { RARE_BEDROCK_EVENTS } from '../../../shared/runtime/trail-lookup.ts';
import { reconBurst, TEST_ACCOUNT, trailRecord } from '../../helpers/trail-records.ts';

function io(): CliIo & { out(): string; err(): string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let o = '';
  let e = '';
  stdout.on('data', (c) => (o += c));
  stderr.on('data', (c) => (e += c));
  return { stdin: new PassThrough(), stdout, stderr, isTty: false, env: { AWS_REGION: 'us-east-1' }, out: () => o, err: () => e };
}

/** The real scan dependencies with LookupEvents paced at 20 ms instead of 500 ms (the pacing itself is tested in trail-lookup.test.ts). */
const fastDeps = { ...defaultScanDeps, trailMinIntervalMs: 20 };
const H = 3600_000;

describe('scan --cloudtrail-lookback arguments', () => {
  it('is off by default and takes a look-back, a page cap and a budget', () => {
    expect(parseScanArgs([], {})).toMatchObject({ trailLookback: undefined });
    expect(parseScanArgs(['--cloudtrail-lookback', '24h'], {})).toMatchObject({
      trailLookback: { lookbackMs: 24 * H, maxPages: 20, budgetMs: 60_000 },
    });
    expect(parseScanArgs(['--cloudtrail-lookback', '7d', '--cloudtrail-max-pages', '5', '--cloudtrail-budget', '2m'], {})).toMatchObject({
      trailLookback: { lookbackMs: 7 * 24 * H, maxPages: 5, budgetMs: 120_000 },
    });
    expect(parseScanArgs(['--cloudtrail-lookback', '90d', '--cloudtrail-budget', '45'], {})).toMatchObject({
      trailLookback: { lookbackMs: 90 * 24 * H, budgetMs: 45_000 },
    });
  });

  it('rejects bad values with exit 1 before touching AWS', async () => {
    const cases: [string[], RegExp][] = [
      [['--cloudtrail-lookback', '91d'], /between 1h and 90d/],
      [['--cloudtrail-lookback', '30m'], /hours or days/],
      [['--cloudtrail-max-pages', '3'], /need --cloudtrail-lookback/],
      [['--cloudtrail-lookback', '1d', '--cloudtrail-max-pages', '0'], /1 to 1000/],
      [['--cloudtrail-lookback', '1d', '--cloudtrail-max-pages', '2.5'], /1 to 1000/],
      [['--cloudtrail-lookback', '1d', '--cloudtrail-budget', '1s'], /between 5s and 30m/],
    ];
    for (const [argv, msg] of cases) {
      const t = io();
      expect(await main(['scan', ...argv], t)).toBe(1);
      expect(t.err()).toMatch(msg);
    }
  });

  it('the default CloudTrail client retries throttling adaptively (client-side rate limiting)', async () => {
    const c = defaultTrailClients({})('eu-west-1') as CloudTrailClient;
    const strategy = (await c.config.retryStrategy()) as { mode?: string };
    expect(strategy.mode).toBe('adaptive');
    expect(await c.config.maxAttempts()).toBe(5);
    c.destroy();
  });

  it('summary lines strip terminal escapes from identities and event ids (attacker-influenced)', () => {
    const f = {
      id: 'f1',
      severity: 'HIGH',
      detector: 'trail.llmjacking-recon',
      ruleId: 'runtime/trail.llmjacking-recon',
      identity: 'arn:aws:sts::1:assumed-role/r/\u001b[2Jevil',
      region: 'us-east-1',
      eventIds: ['a\u001b]0;x\u0007', 'b', 'c', 'd', 'e'],
    } as unknown as Finding;
    const r = {
      window: { start: 's', end: 'e' },
      lookbackMs: 24 * H,
      maxPages: 20,
      budgetMs: 60_000,
      regions: [],
      notes: [],
      events: 5,
      malformed: 0,
      findings: [f],
    } as TrailLookbackResult;
    const lines = lookbackLines(r);
    expect(lines[1]).toContain('eventIds: a]0;x, b, c (+2)');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting that control characters are gone
    expect(lines.join('\n')).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
  });
});

describe('scan --cloudtrail-lookback against the local AWS stand-in (real SDK over HTTP)', () => {
  let standin: StandinHandle;
  let dir: string;
  beforeAll(async () => {
    standin = await startAwsStandin();
    dir = await mkdtemp(join(tmpdir(), 'aispm-scan-trail-'));
  });
  afterAll(async () => {
    await standin?.close();
    await rm(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    const now = Date.now();
    standin.account.trail = [
      ...reconBurst(new Date(now - 2 * H), { region: 'us-east-1' }),
      trailRecord('DeleteGuardrail', new Date(now - 3 * H), { region: 'eu-west-1', user: 'ops', req: { guardrailIdentifier: 'gr-weak' } }),
      trailRecord('DeleteGuardrail', new Date(now - 40 * H), { region: 'eu-west-1', user: 'ops', req: { guardrailIdentifier: 'gr-old' } }),
      trailRecord('CreateServiceSpecificCredential', new Date(now - 5 * H), {
        region: 'us-east-1',
        source: 'iam.amazonaws.com',
        user: 'admin',
        req: { userName: 'ci-bot', serviceName: 'bedrock.amazonaws.com' },
      }),
    ];
    standin.faults.length = 0;
    standin.calls.clear();
  });

  // one check that fails only below HIGH in the demo account: the gate at HIGH is decided by the look-back alone
  const base = (out: string) => [
    '--regions',
    'us-east-1,eu-west-1',
    '--output-dir',
    out,
    '--checks',
    'sagemaker_models_registry_in_use',
    '--severity',
    'HIGH',
    '--output-formats',
    'json,html',
    '--endpoint-url',
    standin.url,
  ];

  it('reports LLMjacking reconnaissance and tampering from LookupEvents, with event ids, and they fail the gate', async () => {
    const before = io();
    expect(await run(base(join(dir, 'off')), before)).toBe(0);
    expect(before.out()).not.toContain('cloudtrail look-back');
    expect(standin.calls.get('LookupEvents')).toBeUndefined();

    // one throttling answer: the SDK retries it and the look-back is complete
    standin.faults.push({ operation: 'LookupEvents', region: 'us-east-1', code: 'ThrottlingException', times: 1 });
    const out = join(dir, 'on');
    const t = io();
    const code = await run([...base(out), '--cloudtrail-lookback', '24h'], t, fastDeps);
    expect(t.err()).toMatch(/reading 24h of CloudTrail management events in us-east-1, eu-west-1/);
    const stdout = t.out();
    expect(stdout).toMatch(
      /cloudtrail look-back 24h \(.* \.\. .*\): 14 event\(s\) read \(us-east-1 13 in \d+ page\(s\), eu-west-1 1 in \d+ page\(s\)\); \d+ finding\(s\)/,
    );
    expect(stdout).not.toContain('INCOMPLETE');
    expect(stdout).toMatch(
      /HIGH {5}trail\.llmjacking-recon {2}arn:aws:iam::111122223333:user\/stolen-key-user \(us-east-1\) {2}eventIds: evt-/,
    );
    expect(stdout).toMatch(/trail\.guardrail-deleted {2}arn:aws:iam::111122223333:user\/ops \(eu-west-1\)/);
    expect(stdout).toMatch(/HIGH {5}trail\.bedrock-api-key-created {2}arn:aws:iam::111122223333:user\/admin \(us-east-1\)/);
    expect(stdout).toMatch(/at or above HIGH: \d+ -> exit 3/);
    expect(code).toBe(3);
    // paged (stand-in pages of 3), throttled once and retried by the SDK: us-east-1: 2 IAM lookups + the rare Bedrock
    // events by name + 4 Bedrock pages + 1 retry; eu-west-1: the rare events by name + 1
    const rare = RARE_BEDROCK_EVENTS.length;
    expect(standin.calls.get('LookupEvents')).toBe(2 + rare + 4 + 1 + rare + 1);

    const findings = JSON.parse(await readFile(join(out, 'findings.json'), 'utf8')).findings as Finding[];
    const recon = findings.filter((f) => f.detector === 'trail.llmjacking-recon');
    expect(recon.length).toBeGreaterThan(0);
    expect(recon[0]).toMatchObject({
      source: 'runtime',
      accountId: TEST_ACCOUNT,
      region: 'us-east-1',
      status: 'NEW',
      complianceStatus: 'FAIL',
    });
    const planted = new Set((standin.account.trail ?? []).map((r) => String(r.eventID)));
    expect(recon[0].eventIds?.length).toBeGreaterThan(0);
    for (const id of recon[0].eventIds ?? []) expect(planted.has(id)).toBe(true);
    const deleted = findings.filter((f) => f.detector === 'trail.guardrail-deleted');
    expect(deleted).toHaveLength(1); // the 40-hour-old deletion is outside the 24h window
    expect(deleted[0].evidence.guardrailId).toBe('gr-weak');
    expect(await readFile(join(out, 'report.html'), 'utf8')).toContain('trail.llmjacking-recon');
  });

  it('--suppressions apply to look-back findings like to any other (accepted risk: gate passes, finding stays)', async () => {
    const rules = join(dir, 'trail-suppressions.json');
    await writeFile(
      rules,
      JSON.stringify([
        { id: 'red-team', checkId: 'runtime/trail.*', reason: 'red-team exercise', owner: 'secops', expiresAt: '2099-01-01' },
      ]),
    );
    const out = join(dir, 'suppressed');
    const t = io();
    expect(await run([...base(out), '--cloudtrail-lookback', '24h', '--suppressions', rules], t, fastDeps)).toBe(0);
    expect(t.out()).toContain('at or above HIGH: 0');
    const findings = JSON.parse(await readFile(join(out, 'findings.json'), 'utf8')).findings as Finding[];
    const trail = findings.filter((f) => f.ruleId.startsWith('runtime/trail.'));
    expect(trail.length).toBeGreaterThan(0);
    for (const f of trail) expect(f.suppression?.id).toBe('red-team');
  });

  it("the scan's own caller is not a reconnaissance suspect: its List/Get calls are inventory", async () => {
    // the stand-in's GetCallerIdentity answers user/aispm-scanner: yesterday's scan by the same principal made these calls
    standin.account.trail = reconBurst(new Date(Date.now() - 2 * H), { region: 'us-east-1', user: 'aispm-scanner' });
    const t = io();
    const code = await run([...base(join(dir, 'self')), '--cloudtrail-lookback', '24h'], t, fastDeps);
    const stdout = t.out();
    expect(stdout).toMatch(/cloudtrail look-back 24h \(.*\): 12 event\(s\) read .*; 0 finding\(s\)/);
    expect(stdout).not.toContain('trail.llmjacking-recon');
    expect(code).toBe(0);
    // the same calls by another principal are reconnaissance
    standin.account.trail = reconBurst(new Date(Date.now() - 2 * H), { region: 'us-east-1', user: 'aispm-scanner-2' });
    const t2 = io();
    expect(await run([...base(join(dir, 'other')), '--cloudtrail-lookback', '24h'], t2, fastDeps)).toBe(3);
    expect(t2.out()).toMatch(/trail\.llmjacking-recon {2}arn:aws:iam::111122223333:user\/aispm-scanner-2 /);
  });

  it('AccessDenied in one region is reported (summary and report coverage gaps); the other region goes on', async () => {
    standin.faults.push({ operation: 'LookupEvents', region: 'eu-west-1', code: 'AccessDeniedException', status: 400 });
    const out = join(dir, 'denied');
    const t = io();
    const code = await run([...base(out), '--cloudtrail-lookback', '2d', '--cloudtrail-max-pages', '3'], t, fastDeps);
    const stdout = t.out();
    expect(stdout).toContain('INCOMPLETE in 2 region(s)');
    // every lookup of the region is named as not read, the rare events by name first, the event source last
    expect(stdout).toMatch(
      /incomplete: eu-west-1: LookupEvents failed: AccessDeniedException; not read: EventName=DeleteGuardrail, .*EventSource=bedrock\.amazonaws\.com/,
    );
    // the page cap of 3 Bedrock pages (of 3 events in the stand-in) cut us-east-1's event-source lookup short: said so,
    // with how far back that lookup read; the by-name lookups before it were complete
    expect(stdout).toMatch(
      /incomplete: us-east-1: page cap reached \(3 pages of 50 events\); not read: EventSource=bedrock\.amazonaws\.com; read back to \S+Z only/,
    );
    // the newest 9 events of the burst were still read: the reconnaissance is found and fails the gate
    expect(stdout).toMatch(/HIGH {5}trail\.llmjacking-recon/);
    expect(code).toBe(3);
    const snapshot = JSON.parse(await readFile(join(out, 'evidence/snapshot.json'), 'utf8')) as {
      coverageGaps: { region: string; service: string; operation: string; errorCode: string }[];
    };
    expect(snapshot.coverageGaps.filter((g) => g.service === 'cloudtrail')).toEqual([
      expect.objectContaining({ region: 'us-east-1', operation: 'LookupEvents', errorCode: 'page-cap' }),
      expect.objectContaining({ region: 'eu-west-1', operation: 'LookupEvents', errorCode: 'AccessDeniedException' }),
    ]);
    expect(await readFile(join(out, 'report.html'), 'utf8')).toContain('CloudTrail look-back LookupEvents failed: AccessDeniedException');
    // and coverage findings, one per region: MEDIUM where LookupEvents was denied, LOW where the cap cut it short
    const findings = JSON.parse(await readFile(join(out, 'findings.json'), 'utf8')).findings as Finding[];
    const gaps = findings.filter((f) => f.ruleId === 'aispm_coverage_gap' && f.resourceName === 'cloudtrail:LookupEvents');
    expect(gaps.map((f) => [f.region, f.severity]).sort()).toEqual([
      ['eu-west-1', 'MEDIUM'],
      ['us-east-1', 'LOW'],
    ]);
  });

  it('a look-back that read nothing does not pass the gate, and an unexpected failure keeps the report', async () => {
    standin.account.trail = [];
    standin.faults.push({ operation: 'LookupEvents', region: 'us-east-1', code: 'AccessDeniedException', status: 400 });
    standin.faults.push({ operation: 'LookupEvents', region: 'eu-west-1', code: 'AccessDeniedException', status: 400 });
    const t = io();
    // the one check fails at LOW only: at --severity MEDIUM the denied look-back alone decides the exit code
    expect(await run([...base(join(dir, 'blind')), '--severity', 'MEDIUM', '--cloudtrail-lookback', '24h'], t, fastDeps)).toBe(3);
    expect(t.out()).toMatch(/MEDIUM +aispm_coverage_gap/);
    // a client factory that throws: the scan still writes its outputs, with the gap in every region
    const t2 = io();
    const broken = {
      ...fastDeps,
      trailClients: () => () => {
        throw new TypeError('no credentials');
      },
    };
    const out = join(dir, 'broken');
    expect(await run([...base(out), '--severity', 'MEDIUM', '--cloudtrail-lookback', '24h'], t2, broken)).toBe(3);
    const findings = JSON.parse(await readFile(join(out, 'findings.json'), 'utf8')).findings as Finding[];
    expect(
      findings
        .filter((f) => f.ruleId === 'aispm_coverage_gap' && f.resourceName === 'cloudtrail:LookupEvents')
        .map((f) => f.region)
        .sort(),
    ).toEqual(['eu-west-1', 'us-east-1']);
  });
});
