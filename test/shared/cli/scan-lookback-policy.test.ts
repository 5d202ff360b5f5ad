import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DISCOVERY_READ_ACTIONS } from '../../../infra/policies.ts';

/**
 * The optional policy for `scan --cloudtrail-lookback` (docs/iam-scan-policy-cloudtrail-lookback.json) must grant
 * exactly the CloudTrail calls the look-back makes, and must stay out of docs/iam-scan-policy.json: that file is also
 * the deployed discovery role's policy (infra/policies.ts), and the deployed stack never calls LookupEvents.
 */
const ROOT = join(import.meta.dirname, '../../..');
const SOURCES = ['shared/runtime/trail-lookup.ts', 'shared/pipeline/trail-lookback.ts', 'shared/cli/commands/scan.ts'];

function cloudTrailActionsUsed(): Set<string> {
  const out = new Set<string>();
  for (const f of SOURCES) {
    const src = readFileSync(join(ROOT, f), 'utf8');
    const imported = new Set<string>();
    for (const m of src.matchAll(/import\s*\{([^}]*)\}\s*from\s*'@aws-sdk\/client-cloudtrail'/g)) {
      for (const n of (m[1] as string).split(','))
        imported.add(
          n
            .trim()
            .replace(/^type\s+/, '')
            .split(/\s+as\s+/)[0] as string,
        );
    }
    for (const m of src.matchAll(/new\s+([A-Z][A-Za-z0-9]+Command)\s*\(/g)) {
      if (imported.has(m[1] as string)) out.add(`cloudtrail:${(m[1] as string).slice(0, -'Command'.length)}`);
    }
  }
  return out;
}

describe('docs/iam-scan-policy-cloudtrail-lookback.json', () => {
  const policy = JSON.parse(readFileSync(join(ROOT, 'docs/iam-scan-policy-cloudtrail-lookback.json'), 'utf8')) as {
    Version: string;
    Statement: { Sid: string; Effect: string; Action: string[]; Resource: string }[];
  };
  const granted = policy.Statement.flatMap((s) => s.Action);

  it('is a valid identity policy granting exactly the calls the look-back makes', () => {
    expect(policy.Version).toBe('2012-10-17');
    for (const s of policy.Statement) {
      expect(s).toMatchObject({ Effect: 'Allow', Resource: '*' });
      expect(s.Sid).toMatch(/^[A-Za-z0-9]+$/);
    }
    expect(granted).toEqual(['cloudtrail:LookupEvents']);
    expect([...cloudTrailActionsUsed()].sort()).toEqual(granted);
  });

  it('is not granted to the deployed discovery role (nor in the base scan policy it reads)', () => {
    expect(DISCOVERY_READ_ACTIONS.filter((a) => a.startsWith('cloudtrail:'))).toEqual([]);
    const base = readFileSync(join(ROOT, 'docs/iam-scan-policy.json'), 'utf8');
    expect(base).not.toContain('cloudtrail:');
  });

  it('is documented as needed only with the flag', () => {
    const doc = readFileSync(join(ROOT, 'docs/reporting.md'), 'utf8');
    expect(doc).toContain('`cloudtrail:LookupEvents`');
    expect(doc).toContain('docs/iam-scan-policy-cloudtrail-lookback.json');
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain('--cloudtrail-lookback');
  });
});
