import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ALL_CHECKS } from '../../../../shared/checks/index.ts';
import { run } from '../../../../shared/cli/commands/checks.ts';
import { main } from '../../../../shared/cli/main.ts';

function io() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  return { io: { stdin: new PassThrough(), stdout, stderr }, out: () => out, err: () => err };
}

describe('aispm checks', () => {
  it('--format json prints only the full metadata array on stdout', async () => {
    const t = io();
    expect(await run(['--format', 'json'], t.io)).toBe(0);
    const parsed = JSON.parse(t.out());
    expect(parsed).toHaveLength(ALL_CHECKS.length);
    expect(parsed[0]).toEqual(JSON.parse(JSON.stringify(ALL_CHECKS[0].metadata)));
    expect(Object.keys(parsed[0])).toEqual(
      expect.arrayContaining(['id', 'severity', 'remediation', 'mappings', 'equivalents', 'types', 'risk']),
    );
    expect(t.err()).toBe('');
  });

  it('--format table lists every check with a summary line', async () => {
    const t = io();
    expect(await run(['--format=table'], t.io)).toBe(0);
    for (const c of ALL_CHECKS) expect(t.out()).toContain(c.metadata.id);
    expect(t.out()).toMatch(new RegExp(`${ALL_CHECKS.length} checks \\(`));
  });

  it('filters by service and minimum severity', async () => {
    const t = io();
    await run(['--format', 'json', '--service', 'sagemaker', '--severity', 'high'], t.io);
    const rows = JSON.parse(t.out()) as { service: string; severity: string }[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.service === 'sagemaker' && ['HIGH', 'CRITICAL'].includes(r.severity))).toBe(true);
  });

  it('rejects a bad format through the dispatcher with a usage error', async () => {
    const t = io();
    expect(await main(['checks', '--format', 'xml'], t.io)).toBe(2);
    expect(t.err()).toContain('--format must be json or table');
    expect(t.out()).toBe('');
  });
});
