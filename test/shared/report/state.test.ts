import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../shared/domain/finding.ts';
import { isOpenFinding, isSuppressed } from '../../../shared/report/state.ts';

const base = { status: 'ACTIVE', complianceStatus: 'FAIL' } as unknown as Finding;
const withExpiry = (expiresAt: string): Finding => ({ ...base, suppression: { id: 'r1', reason: 'accepted', owner: 'sec', expiresAt } });

describe('report state: suppressions compared as instants', () => {
  it('a bare date runs to the end of that day (UTC), as in the pipeline', () => {
    const now = '2026-11-26T20:00:00.000Z';
    expect(isSuppressed(withExpiry('2026-11-26'), now)).toBe(true);
    expect(isOpenFinding(withExpiry('2026-11-26'), now)).toBe(false);
    expect(isSuppressed(withExpiry('2026-11-25'), now)).toBe(false);
    expect(isOpenFinding(withExpiry('2026-11-25'), now)).toBe(true);
  });

  it('honours offsets and fractional seconds', () => {
    const now = '2026-11-26T20:00:00.000Z';
    // 21:30 at +02:00 is 19:30Z: expired, although the string sorts after `now`.
    expect(isSuppressed(withExpiry('2026-11-26T21:30:00+02:00'), now)).toBe(false);
    // 19:30 at -01:00 is 20:30Z: still in force, although the string sorts before `now`.
    expect(isSuppressed(withExpiry('2026-11-26T19:30:00-01:00'), now)).toBe(true);
    expect(isSuppressed(withExpiry('2026-11-26T20:00:00.001Z'), now)).toBe(true);
    expect(isSuppressed(withExpiry('2026-11-26T20:00:00Z'), now)).toBe(false);
  });

  it('only NEW and ACTIVE findings without a suppression in force are open', () => {
    const now = '2026-11-26T20:00:00.000Z';
    expect(isOpenFinding(base, now)).toBe(true);
    expect(isOpenFinding({ ...base, status: 'RESOLVED' } as Finding, now)).toBe(false);
    expect(isSuppressed(base, now)).toBe(false);
  });
});
