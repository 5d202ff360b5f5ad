import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../../shared/domain/check.ts';
import { overallScore, postureScores } from '../../../shared/report/score.ts';

const r = (status: CheckResult['status'], severity: CheckResult['severity'], region = 'us-east-1'): CheckResult => ({
  checkId: 'c',
  status,
  severity,
  reason: '',
  resourceId: 'x',
  resourceType: 's3.bucket',
  resourceName: 'x',
  accountId: '1',
  region,
});

describe('posture score', () => {
  it('is the severity-weighted pass rate of evaluated results', () => {
    // PASS HIGH (5) + FAIL CRITICAL (10) + PASS LOW (1) => 6/16 = 37.5
    const s = overallScore([r('PASS', 'HIGH'), r('FAIL', 'CRITICAL'), r('PASS', 'LOW')]);
    expect(s.score).toBe(37.5);
    expect(s.failing.CRITICAL).toBe(1);
  });

  it('never turns ERROR/MANUAL into a pass, and has no score when nothing was evaluated', () => {
    expect(overallScore([r('ERROR', 'HIGH'), r('MANUAL', 'LOW')]).score).toBeNull();
    const s = overallScore([r('PASS', 'LOW'), r('ERROR', 'CRITICAL')]);
    expect(s.score).toBe(100);
    expect(s.unevaluated).toBe(1);
  });

  it('groups by account and region', () => {
    const s = postureScores([r('PASS', 'LOW', 'eu-west-1'), r('FAIL', 'LOW', 'us-east-1')]);
    expect(s.map((x) => [x.region, x.score])).toEqual([
      ['eu-west-1', 100],
      ['us-east-1', 0],
    ]);
  });
});
