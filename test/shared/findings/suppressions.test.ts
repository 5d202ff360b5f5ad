import { describe, expect, it } from 'vitest';
import { SettingsError } from '../../../shared/config/settings.ts';
import { applySuppressions, globToRegExp, isSuppressed, parseSuppressions } from '../../../shared/findings/suppressions.ts';
import { finding } from '../../fixtures/delivery/findings.ts';

const base = {
  reason: 'Research sandbox, isolated VPC',
  owner: 'ml-platform@example.com',
  expiresAt: '2027-01-31',
};
const now = new Date('2026-11-25T12:00:00Z');

describe('parseSuppressions', () => {
  it('accepts JSON text or arrays and fills ids', () => {
    const rules = parseSuppressions(
      JSON.stringify([
        { checkId: 'sagemaker_*', ...base },
        { id: 'acct', account: '111122223333', ...base },
      ]),
    );
    expect(rules.map((r) => r.id)).toEqual(['suppression-1', 'acct']);
    expect(parseSuppressions(undefined)).toEqual([]);
    expect(parseSuppressions('')).toEqual([]);
  });

  it.each([
    [[{ checkId: 'x', owner: 'o', expiresAt: '2027-01-01' }], 'suppressions[0].reason'],
    [[{ checkId: 'x', reason: 'r', expiresAt: '2027-01-01' }], 'suppressions[0].owner'],
    [[{ checkId: 'x', reason: 'r', owner: 'o' }], 'suppressions[0].expiresAt'],
    [[{ checkId: 'x', ...base, expiresAt: 'next tuesday' }], 'suppressions[0].expiresAt'],
    [[{ ...base }], 'suppressions[0]'],
    [[{ account: '12345', ...base }], 'suppressions[0].account'],
    [[{ checkId: 'x', colour: 'red', ...base }], 'suppressions[0].colour'],
    [
      [
        { id: 'a', checkId: 'x', ...base },
        { id: 'a', checkId: 'y', ...base },
      ],
      'suppressions[1].id',
    ],
    [{ checkId: 'x' }, 'suppressions'],
    ['{not json', 'suppressions'],
  ])('rejects %j naming %s', (raw, setting) => {
    try {
      parseSuppressions(raw);
      expect.fail('should have thrown');
    } catch (err) {
      expect(err).toBeInstanceOf(SettingsError);
      expect((err as SettingsError).setting).toBe(setting);
      expect((err as Error).message).toContain(setting);
    }
  });
});

describe('applySuppressions', () => {
  const f = finding();

  it('matches by check id glob, resource ARN glob, account and tag (all selectors of a rule must match)', () => {
    const cases: [Record<string, string>, Record<string, string> | undefined, boolean][] = [
      [{ checkId: 'sagemaker_notebook_*' }, undefined, true],
      [{ checkId: 'bedrock_*' }, undefined, false],
      [
        {
          resource: 'arn:aws:sagemaker:*:111122223333:notebook-instance/research-*',
        },
        undefined,
        true,
      ],
      [{ resource: 'arn:aws:sagemaker:*:*:notebook-instance/prod-*' }, undefined, false],
      [{ account: '111122223333' }, undefined, true],
      [{ account: '999999999999' }, undefined, false],
      [{ tag: 'env=sandbox' }, { env: 'sandbox' }, true],
      [{ tag: 'env=sand*' }, { env: 'sandbox' }, true],
      [{ tag: 'env=sandbox' }, { env: 'prod' }, false],
      [{ tag: 'accepted-risk' }, { 'accepted-risk': '' }, true],
      [{ tag: 'env=sandbox' }, undefined, false],
      [{ checkId: 'sagemaker_*', account: '999999999999' }, undefined, false],
    ];
    for (const [sel, tags, expected] of cases) {
      const rules = parseSuppressions([{ ...sel, ...base }]);
      const out = applySuppressions(f, rules, now, tags);
      expect(out.suppression !== undefined, JSON.stringify(sel)).toBe(expected);
      if (expected)
        expect(out.suppression).toEqual({
          id: 'suppression-1',
          reason: base.reason,
          owner: base.owner,
          expiresAt: base.expiresAt,
        });
    }
  });

  it('stops applying once expired, with no action needed (bare dates run to the end of the day)', () => {
    const rules = parseSuppressions([{ checkId: '*', ...base, expiresAt: '2026-11-25' }]);
    expect(applySuppressions(f, rules, new Date('2026-11-25T23:59:00Z')).suppression).toBeDefined();
    expect(applySuppressions(f, rules, new Date('2026-11-26T00:00:00Z')).suppression).toBeUndefined();
    const timed = parseSuppressions([{ checkId: '*', ...base, expiresAt: '2026-11-25T12:00:00Z' }]);
    expect(applySuppressions(f, timed, new Date('2026-11-25T11:59:59Z')).suppression).toBeDefined();
    expect(applySuppressions(f, timed, new Date('2026-11-25T12:00:00Z')).suppression).toBeUndefined();
  });

  it('removes a stale suppression carried on the finding and never drops the finding', () => {
    const carried = finding({
      suppression: {
        id: 'old',
        reason: 'r',
        owner: 'o',
        expiresAt: '2026-01-01',
      },
    });
    const out = applySuppressions(carried, [], now);
    expect(out.suppression).toBeUndefined();
    expect(out.id).toBe(carried.id);
    expect(isSuppressed(carried, now)).toBe(false);
  });

  it('glob metacharacters other than * and ? are literal', () => {
    expect(globToRegExp('a.b').test('axb')).toBe(false);
    expect(globToRegExp('a(b)*').test('a(b)c')).toBe(true);
    expect(globToRegExp('model-?').test('model-1')).toBe(true);
  });
});
