import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEMO_EXPECTED_FAILS } from './fixtures/checks/demo-expected.ts';

/** The README's demo-account table must say exactly what the demo-expectations test enforces. */
describe('README demo-account table', () => {
  it('lists exactly the (asset, check) pairs the demo must fail', () => {
    const readme = readFileSync('README.md', 'utf8');
    const section = readme.split('<!-- demo-expected:start -->')[1]?.split('<!-- demo-expected:end -->')[0] ?? '';
    const listed: string[] = [];
    for (const row of section.split('\n')) {
      const m = /^\| `([^`]+)` \| (.+) \|$/.exec(row.trim());
      if (!m) continue;
      for (const c of m[2].matchAll(/`([^`]+)`/g)) listed.push(`${m[1]} ${c[1]}`);
    }
    expect(listed.sort()).toEqual(DEMO_EXPECTED_FAILS.map(([a, c]) => `${a} ${c}`).sort());
  });
});
