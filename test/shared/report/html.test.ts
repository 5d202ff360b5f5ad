import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../shared/domain/finding.ts';
import { escapeHtml, html, safeHref } from '../../../shared/report/escape.ts';
import { renderHtmlReport, runtimeThreats } from '../../../shared/report/html.ts';
import { HOSTILE, reportFindings, reportState } from '../../fixtures/report/state.ts';

describe('escaping', () => {
  it('escapes the characters that matter in content and attributes', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&`)).toBe('&lt;a href&#61;&quot;x&quot; onclick&#61;&#39;y&#39;&gt;&amp;');
    expect(html`<p title="${HOSTILE.img}">${HOSTILE.script}</p>`.value).toBe(
      '<p title="&quot;&gt;&lt;img src&#61;x onerror&#61;alert(2)&gt;">&lt;script&gt;alert(1)&lt;/script&gt;</p>',
    );
  });

  it('only lets http(s) URLs and anchors into hrefs', () => {
    expect(safeHref('https://docs.aws.amazon.com/x?a=1')).toBe('https://docs.aws.amazon.com/x?a=1');
    expect(safeHref('#f-abc')).toBe('#f-abc');
    for (const bad of [
      HOSTILE.js,
      'JaVaScRiPt:alert(1)',
      ' javascript:alert(1)',
      'java\tscript:alert(1)',
      'data:text/html,<script>',
      'vbscript:x',
      '//evil.example',
      '/relative',
    ])
      expect(safeHref(bad)).toBeUndefined();
  });
});

describe('html report', () => {
  const page = renderHtmlReport(reportState());

  it('contains no unescaped hostile payload anywhere', () => {
    expect(page).not.toContain('<script');
    expect(page).not.toContain('<img');
    expect(page).not.toMatch(/href="\s*javascript:/i);
    expect(page).not.toMatch(/javascript:/i);
    expect(page).not.toMatch(/\son(error|mouseover|click)=/i);
    expect(page).not.toContain("' onmouseover='");
    // the hostile text is still shown (escaped), not dropped
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain('&quot;&gt;&lt;img src&#61;x onerror&#61;alert(2)&gt;');
  });

  it('has a strict CSP without script and with a hash for its only style block', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(page)?.[1] ?? '';
    expect(csp).toContain('default-src &#39;none&#39;');
    expect(csp).not.toContain('script-src');
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('img-src');
    expect((page.match(/<style>/g) ?? []).length).toBe(1);
    expect(page).not.toMatch(/\sstyle="/);
    expect(page).not.toMatch(/<link|<iframe|src="http/);
  });

  it('renders the summary, scores, runtime chart, coverage matrix, findings and inventory', () => {
    for (const id of ['summary', 'scores', 'runtime', 'coverage', 'findings', 'inventory', 'gaps', 'checks', 'runs'])
      expect(page).toContain(`id="${id}"`);
    expect(page).toContain('OWASP Top 10 for LLM Applications 2025');
    expect(page).toContain('EU AI Act (Regulation 2024/1689)');
    // LLM04 is covered by two checks, one FAIL result each plus evidence links to open findings
    const llm04 = page.slice(page.indexOf('<strong>LLM04</strong>'), page.indexOf('</tr>', page.indexOf('<strong>LLM04</strong>')));
    expect(llm04).toContain('bedrock_custom_model_encrypted_with_cmk');
    expect(llm04).toContain('s3_bucket_versioning_enabled');
    expect(llm04).toContain('v-FAIL');
    expect(llm04).toMatch(/href="#f-f0+1"/);
    // suppressed finding is not listed as open, resolved runtime finding neither
    expect(page).toContain('Open findings (4)');
    // relationships rendered with target names
    expect(page).toContain('uses-guardrail');
    expect(page).toContain('prod-guardrail');
  });

  it('buckets runtime findings per day with severity stacks', () => {
    const t = runtimeThreats(reportFindings());
    expect(t.unit).toBe('day');
    expect(t.columns.map((c) => c.title)).toEqual(['2026-11-22', '2026-11-23', '2026-11-24']);
    expect(t.columns.map((c) => c.label)).toEqual(['11-22', '11-23', '11-24']);
    expect(t.byRule[0]).toMatchObject({ rule: 'prompt-injection', findings: 2, occurrences: 10, open: 2, worst: 'CRITICAL' });
  });

  it('uses hourly buckets (with empty hours kept) when detections span less than two days', () => {
    const fs = reportFindings().filter((f) => f.source === 'runtime');
    fs[0] = { ...(fs[0] as Finding), windowStart: '2026-11-24T08:15:00.000Z' };
    fs[1] = { ...(fs[1] as Finding), windowStart: '2026-11-24T11:40:00.000Z' };
    fs[2] = { ...(fs[2] as Finding), windowStart: '2026-11-24T11:05:00.000Z' };
    const t = runtimeThreats(fs);
    expect(t.unit).toBe('hour');
    expect(t.columns.map((c) => c.title)).toEqual(['2026-11-24T08:00Z', '2026-11-24T09:00Z', '2026-11-24T10:00Z', '2026-11-24T11:00Z']);
    expect(t.columns.map((c) => c.parts.reduce((n, p) => n + p.value, 0))).toEqual([1, 0, 0, 2]);
  });

  it('is deterministic', () => {
    expect(renderHtmlReport(reportState())).toBe(page);
  });
});

describe('html report edge cases', () => {
  it('renders an empty state without inventing a score', () => {
    const page = renderHtmlReport({
      generatedAt: '2026-11-25T00:00:00.000Z',
      assets: [],
      findings: [],
      results: [],
      checks: [],
      scanRuns: [],
      coverageGaps: [],
    });
    expect(page).toContain('id="summary"');
    expect(page).toContain('>n/a<');
    expect(page).toContain('No open findings.');
    expect(page).toContain('No runtime detections');
    expect(page).not.toContain('>100<');
  });

  it('shows who uses an asset (inbound relationships)', () => {
    const page = renderHtmlReport(reportState());
    const row = page.slice(page.indexOf('prod-guardrail<br>'), page.indexOf('</tr>', page.indexOf('prod-guardrail<br>')));
    expect(row).toContain('support-agent &lt;script&gt;alert(1)&lt;/script&gt; <code>uses-guardrail</code>');
  });
});

describe('top risks', () => {
  it('groups open findings by rule, most severe first, with the check title', () => {
    const page = renderHtmlReport(reportState());
    const top = page.slice(page.indexOf('<h3>Top risks</h3>'), page.indexOf('</table>', page.indexOf('<h3>Top risks</h3>')));
    const rules = [...top.matchAll(/<span class="id">([^<]+)<\/span>/g)].map((m) => m[1]);
    expect(rules).toEqual(['bedrock_custom_model_encrypted_with_cmk', 'runtime.prompt-injection', 's3_bucket_versioning_enabled']);
    expect(top).toContain('Check bedrock_custom_model_encrypted_with_cmk');
  });
});
