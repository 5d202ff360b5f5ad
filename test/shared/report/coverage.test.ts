import { describe, expect, it } from 'vitest';
import { coverageMatrix, defaultCatalogue } from '../../../shared/report/coverage.ts';
import { reportState } from '../../fixtures/report/state.ts';

describe('coverage matrix', () => {
  const s = reportState();
  const m = coverageMatrix(s, [
    { framework: 'owasp', id: 'LLM01', title: 'Prompt Injection' },
    { framework: 'owasp', id: 'LLM09', title: 'Misinformation' },
  ]);
  const owasp = m.find((f) => f.framework === 'owasp');
  const req = (id: string) => owasp?.requirements.find((r) => r.id === id);

  it('lists requirements in natural order with covering checks and status counts', () => {
    expect(owasp?.requirements.map((r) => r.id)).toEqual(['LLM01', 'LLM03', 'LLM04', 'LLM09', 'LLM10']);
    expect(req('LLM04')).toMatchObject({
      checks: ['bedrock_custom_model_encrypted_with_cmk', 's3_bucket_versioning_enabled'],
      counts: { PASS: 1, FAIL: 2, MANUAL: 0, ERROR: 0 },
      verdict: 'FAIL',
    });
    expect(req('LLM04')?.evidence.map((e) => e.severity)).toEqual(['CRITICAL', 'MEDIUM']);
  });

  it('takes runtime rules from finding mappings and titles from the catalogue', () => {
    expect(req('LLM01')).toMatchObject({ title: 'Prompt Injection', rules: ['runtime.prompt-injection'], verdict: 'FAIL' });
    expect(req('LLM01')?.evidence).toHaveLength(2);
    // resolved runtime finding: covered, no open evidence, no check results
    expect(req('LLM10')).toMatchObject({ verdict: 'NOT_ASSESSED', evidence: [] });
    expect(req('LLM09')).toMatchObject({ verdict: 'NOT_COVERED' });
  });

  it('does not claim PASS for requirements whose results could not be read', () => {
    expect(req('LLM03')).toMatchObject({ counts: { PASS: 0, FAIL: 0, MANUAL: 0, ERROR: 1 }, verdict: 'INCOMPLETE' });
    const eu = m.find((f) => f.framework === 'euAiAct');
    expect(eu?.requirements.map((r) => r.id)).toEqual(['Art. 10', 'Art. 12', 'Art. 15']);
    expect(eu?.requirements.find((r) => r.id === 'Art. 12')?.verdict).toBe('NOT_ASSESSED');
    // Art. 15: guardrail PASS + network isolation ERROR; the suppressed finding is not evidence
    expect(eu?.requirements.find((r) => r.id === 'Art. 15')).toMatchObject({ verdict: 'INCOMPLETE', evidence: [] });
  });
});

describe('coverage matrix with the project catalogue', () => {
  const m = coverageMatrix(reportState(), defaultCatalogue());
  it('lists every catalogue requirement, uncovered ones as NOT_COVERED, with titles', () => {
    const owasp = m.find((f) => f.framework === 'owasp');
    expect(owasp?.requirements.map((r) => r.id)).toEqual([
      'LLM01',
      'LLM02',
      'LLM03',
      'LLM04',
      'LLM05',
      'LLM06',
      'LLM07',
      'LLM08',
      'LLM09',
      'LLM10',
    ]);
    expect(owasp?.requirements.find((r) => r.id === 'LLM02')).toMatchObject({
      title: 'Sensitive Information Disclosure',
      verdict: 'NOT_COVERED',
    });
  });

  it('rolls ATLAS sub-techniques up to their parent technique', () => {
    const t0051 = m.find((f) => f.framework === 'atlas')?.requirements.find((r) => r.id === 'AML.T0051');
    expect(t0051?.checks).toEqual(['bedrock_agent_guardrail_enabled']);
    expect(t0051?.rules).toEqual(['runtime.prompt-injection']);
    expect(t0051?.evidence).toHaveLength(2);
    expect(t0051?.verdict).toBe('FAIL');
  });
});
