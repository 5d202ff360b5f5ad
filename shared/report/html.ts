import type { AnyAsset } from '../domain/asset.ts';
import type { CheckStatus } from '../domain/check.ts';
import type { Finding } from '../domain/finding.ts';
import { FRAMEWORK_NAMES } from '../domain/frameworks.ts';
import { SEVERITIES, type Severity, severityRank } from '../domain/severity.ts';
import { sha256Hex } from '../util/hash.ts';
import { barChart, SEVERITY_COLORS, scoreDonut, stackedBars, stackedColumns } from './charts.ts';
import { cmp } from './compare.ts';
import {
  type CatalogueRequirement,
  coverageMatrix,
  defaultCatalogue,
  type FrameworkCoverage,
  type RequirementVerdict,
} from './coverage.ts';
import { anchorId, html, type SafeHtml, safeHref, trusted } from './escape.ts';
import { overallScore, postureScores, SCORE_WEIGHTS } from './score.ts';
import { isOpenFinding, isSuppressed, type ReportState } from './state.ts';

/**
 * Self-contained HTML report: inline CSS (allowed by its SHA-256 in a strict CSP meta tag), inline SVG charts, no
 * script at all (`default-src 'none'`), no external asset, works from a file and from S3. Every data value goes
 * through `html` (escaping) and links through `safeHref` (http/https/anchors only).
 */

const CSS = `
:root{--fg:#111827;--muted:#4b5563;--line:#e5e7eb;--bg:#fff;--soft:#f9fafb}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:var(--fg);background:var(--bg);margin:0}
header.top{background:#0f172a;color:#fff;padding:18px 28px}
header.top h1{margin:0;font-size:22px}
header.top p{margin:4px 0 0;color:#cbd5e1}
nav{padding:8px 28px;border-bottom:1px solid var(--line);background:var(--soft);position:sticky;top:0}
nav a{margin-right:14px;color:#1d4ed8;text-decoration:none}
main{padding:8px 28px 40px;max-width:1400px}
section{margin:22px 0}
h2{font-size:18px;border-bottom:2px solid var(--line);padding-bottom:4px}
h3{font-size:15px;margin:16px 0 6px}
.cards{display:flex;flex-wrap:wrap;gap:12px}
.card{border:1px solid var(--line);border-radius:8px;padding:10px 14px;min-width:130px;background:var(--soft)}
.card .n{font-size:26px;font-weight:700}
.card .l{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em}
.sev{display:inline-block;padding:1px 7px;border-radius:10px;color:#fff;font-size:11px;font-weight:600}
.sev-CRITICAL{background:#7f1d1d}.sev-HIGH{background:#dc2626}.sev-MEDIUM{background:#b45309}.sev-LOW{background:#2563eb}.sev-INFORMATIONAL{background:#6b7280}
.v{display:inline-block;padding:1px 6px;border-radius:4px;font-size:11px;font-weight:600;border:1px solid}
.v-FAIL{color:#991b1b;border-color:#fca5a5;background:#fef2f2}.v-PASS{color:#166534;border-color:#86efac;background:#f0fdf4}
.v-INCOMPLETE,.v-ERROR,.v-MANUAL{color:#92400e;border-color:#fcd34d;background:#fffbeb}
.v-NOT_ASSESSED,.v-NOT_COVERED{color:#374151;border-color:#d1d5db;background:#f3f4f6}
table{border-collapse:collapse;width:100%;margin:6px 0 12px;font-size:13px}
th,td{border:1px solid var(--line);padding:5px 7px;text-align:left;vertical-align:top}
th{background:var(--soft);font-weight:600}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
code,pre{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
pre{background:#f3f4f6;padding:6px;white-space:pre-wrap;word-break:break-all;margin:4px 0}
.id{color:var(--muted);font-size:11px;word-break:break-all}
.muted{color:var(--muted)}
ul.rel{margin:0;padding-left:16px}
details summary{cursor:pointer;color:#1d4ed8}
.charts{display:flex;flex-wrap:wrap;gap:24px;align-items:flex-start}
svg.chart{max-width:100%;height:auto}
footer{color:var(--muted);font-size:12px;border-top:1px solid var(--line);padding:12px 28px}
@media print{nav{display:none}details{display:block}details>*{display:block}}
`;

export interface HtmlReportOptions {
  title?: string;
  catalogue?: CatalogueRequirement[];
  /** Max evidence links listed per requirement before "+ n more". */
  maxEvidence?: number;
}

const STATUSES: CheckStatus[] = ['PASS', 'FAIL', 'MANUAL', 'ERROR'];
const VERDICT_LABEL: Record<RequirementVerdict, string> = {
  FAIL: 'FAIL',
  INCOMPLETE: 'INCOMPLETE',
  PASS: 'PASS',
  NOT_ASSESSED: 'NOT ASSESSED',
  NOT_COVERED: 'NOT COVERED',
};

const VERDICTS: RequirementVerdict[] = ['FAIL', 'INCOMPLETE', 'PASS', 'NOT_ASSESSED', 'NOT_COVERED'];
const VERDICT_COLORS: Record<RequirementVerdict, string> = {
  FAIL: '#dc2626',
  INCOMPLETE: '#f59e0b',
  PASS: '#16a34a',
  NOT_ASSESSED: '#9ca3af',
  NOT_COVERED: '#e5e7eb',
};

const sevBadge = (s: Severity) => html`<span class="sev sev-${s}">${s}</span>`;
const verdict = (v: string, label = v) => html`<span class="v v-${v}">${label}</span>`;

function link(url: string | undefined, text: string): SafeHtml {
  const href = safeHref(url);
  return href ? html`<a href="${href}" rel="noopener noreferrer">${text}</a>` : html`${text}`;
}

function sortFindings(fs: Finding[]): Finding[] {
  return [...fs].sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || cmp(b.updatedAt, a.updatedAt) || cmp(a.id, b.id));
}

export function renderHtmlReport(state: ReportState, opts: HtmlReportOptions = {}): string {
  const now = state.generatedAt;
  const title = opts.title ?? 'AI Security Posture Report';
  const open = sortFindings(state.findings.filter((f) => isOpenFinding(f, now)));
  const suppressed = state.findings.filter((f) => isSuppressed(f, now) && f.status !== 'RESOLVED');
  const live = state.assets.filter((a) => !a.deletedAt);
  const accounts = [...new Set([...live.map((a) => a.accountId), ...state.results.map((r) => r.accountId)])].sort();
  const regions = [...new Set([...live.map((a) => a.region), ...state.results.map((r) => r.region)])].sort();
  const sevCounts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of open) sevCounts[f.severity]++;
  const statusCounts: Record<CheckStatus, number> = { PASS: 0, FAIL: 0, MANUAL: 0, ERROR: 0 };
  for (const r of state.results) statusCounts[r.status]++;
  const overall = overallScore(state.results);
  const scores = postureScores(state.results);
  const matrix = coverageMatrix(state, opts.catalogue ?? defaultCatalogue());
  const runtimeOpen = open.filter((f) => f.source === 'runtime');
  const assetNames = new Map(state.assets.map((a) => [a.id, a.name]));
  const openByResource = new Map<string, number>();
  for (const f of open) openByResource.set(f.resourceId, (openByResource.get(f.resourceId) ?? 0) + 1);

  const sevDesc = [...SEVERITIES].reverse();
  const summary = html`<section id="summary"><h2>Summary</h2>
<div class="cards">
<div class="card"><div class="l">Posture score</div>${scoreDonut('Overall posture score', overall.score)}</div>
<div class="card"><div class="l">Open findings</div><div class="n">${open.length}</div><div class="muted">${runtimeOpen.length} runtime, ${suppressed.length} suppressed</div></div>
${sevDesc.map((s) => html`<div class="card"><div class="l">${s}</div><div class="n">${sevCounts[s]}</div></div>`)}
<div class="card"><div class="l">AI assets</div><div class="n">${live.length}</div><div class="muted">${accounts.length} account(s), ${regions.length} region(s)</div></div>
<div class="card"><div class="l">Check results</div><div class="n">${state.results.length}</div><div class="muted">${STATUSES.map((s) => `${s} ${statusCounts[s]}`).join(' · ')}</div></div>
<div class="card"><div class="l">Coverage gaps</div><div class="n">${state.coverageGaps.length}</div><div class="muted">parts that could not be read</div></div>
</div>
<div class="charts">
${barChart(
  'Open findings by severity',
  sevDesc.map((s) => ({ label: s, value: sevCounts[s], color: SEVERITY_COLORS[s] as string })),
  { labelWidth: 120, width: 520 },
)}
${barChart(
  'Check results by status',
  STATUSES.map((s) => ({
    label: s,
    value: statusCounts[s],
    color: { PASS: '#16a34a', FAIL: '#dc2626', MANUAL: '#a16207', ERROR: '#9333ea' }[s],
  })),
  { labelWidth: 120, width: 520 },
)}
</div>
${topRisks(open, state)}
</section>`;

  const scoreSection = html`<section id="scores"><h2>Posture score per account and region</h2>
<p class="muted">Severity-weighted pass rate of the checks that could be evaluated (weights: ${Object.entries(SCORE_WEIGHTS)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')}). ERROR and MANUAL results are not counted as passes; a scope with nothing evaluated has no score.</p>
${
  scores.length > 0
    ? barChart(
        'Posture score per account/region',
        scores.map((s) => ({
          label: `${s.accountId} ${s.region}`,
          value: s.score ?? 0,
          note: s.score === null ? 'n/a' : `${s.score}`,
          color: s.score === null ? '#9ca3af' : s.score >= 90 ? '#16a34a' : s.score >= 70 ? '#f59e0b' : '#dc2626',
        })),
        { max: 100, labelWidth: 230 },
      )
    : html`<p class="muted">No check results.</p>`
}
<table><thead><tr><th>Account</th><th>Region</th><th class="num">Score</th>${STATUSES.map((s) => html`<th class="num">${s}</th>`)}<th>Failing by severity</th></tr></thead><tbody>
${scores.map(
  (s) =>
    html`<tr><td>${s.accountId}</td><td>${s.region}</td><td class="num">${s.score === null ? 'n/a' : s.score}</td>${STATUSES.map(
      (st) => html`<td class="num">${s.counts[st]}</td>`,
    )}<td>${sevDesc.filter((sv) => s.failing[sv] > 0).map((sv) => html`${sevBadge(sv)} ${s.failing[sv]} `)}</td></tr>`,
)}
</tbody></table></section>`;

  const threats = runtimeThreats(state.findings);
  const threatsCaption = `Runtime findings per ${threats.unit} (UTC) by severity, by detection window${
    threats.unit === 'hour' ? `, from ${threats.columns[0]?.title ?? ''}` : ''
  }`;
  const threatSection = html`<section id="runtime"><h2>Runtime threats over time</h2>
${
  threats.columns.length > 0
    ? html`<p class="muted">${threatsCaption}</p>${stackedColumns(
        threatsCaption,
        threats.columns,
        sevDesc.map((s) => ({ key: s, color: SEVERITY_COLORS[s] as string })),
      )}
<table><thead><tr><th>Detector / rule</th><th class="num">Findings</th><th class="num">Occurrences</th><th class="num">Open</th><th>Highest severity</th></tr></thead><tbody>
${threats.byRule.map(
  (r) =>
    html`<tr><td>${r.rule}</td><td class="num">${r.findings}</td><td class="num">${r.occurrences}</td><td class="num">${r.open}</td><td>${sevBadge(r.worst)}</td></tr>`,
)}</tbody></table>`
    : html`<p class="muted">No runtime detections in this state (no invocation logs analysed, or nothing detected).</p>`
}
</section>`;

  const coverageSection = html`<section id="coverage"><h2>Compliance coverage matrix</h2>
<p class="muted">For each requirement: the checks and detectors that cover it, the PASS/FAIL/MANUAL/ERROR counts of their results in this run, and the open findings that are evidence of non-conformity. INCOMPLETE = nothing failed but some results could not be evaluated; NOT ASSESSED = no resource to evaluate.</p>
${stackedBars(
  'Requirements per verdict and framework',
  matrix.map((fw) => ({
    label: FRAMEWORK_NAMES[fw.framework],
    parts: VERDICTS.map((v) => ({ key: VERDICT_LABEL[v], value: fw.totals[v], color: VERDICT_COLORS[v] })),
  })),
  VERDICTS.map((v) => ({ key: VERDICT_LABEL[v], color: VERDICT_COLORS[v] })),
)}
${matrix.map((fw) => frameworkTable(fw, opts.maxEvidence ?? 8))}
</section>`;

  const findingsSection = html`<section id="findings"><h2>Open findings (${open.length})</h2>
${
  open.length === 0
    ? html`<p class="muted">No open findings.</p>`
    : html`<table><thead><tr><th>Severity</th><th>Finding</th><th>Resource</th><th>Account / region</th><th>Status</th><th>Seen</th><th>Remediation</th></tr></thead><tbody>
${open.map((f) => findingRow(f))}
</tbody></table>`
}
</section>`;

  const inventorySection = html`<section id="inventory"><h2>AI asset inventory (${live.length})</h2>
${inventoryTables(live, assetNames, openByResource)}
</section>`;

  const gapsSection = html`<section id="gaps"><h2>Coverage gaps (${state.coverageGaps.length})</h2>
${
  state.coverageGaps.length === 0
    ? html`<p class="muted">Every service in scope was read.</p>`
    : html`<table><thead><tr><th>Account</th><th>Region</th><th>Service</th><th>Operation</th><th>Error</th><th>Message</th><th>Observed</th></tr></thead><tbody>
${state.coverageGaps.map(
  (g) =>
    html`<tr><td>${g.accountId}</td><td>${g.region}</td><td>${g.service}</td><td>${g.operation}</td><td><code>${g.errorCode}</code></td><td>${g.message}</td><td>${g.observedAt}</td></tr>`,
)}</tbody></table>`
}
</section>`;

  const checksSection = checkResultsTable(state);

  const runs = [...state.scanRuns].sort((a, b) => cmp(b.startedAt, a.startedAt)).slice(0, 20);
  const runsSection = html`<section id="runs"><h2>Scan runs</h2>
${
  runs.length === 0
    ? html`<p class="muted">No scan run recorded.</p>`
    : html`<table><thead><tr><th>Scan</th><th>Account</th><th>Trigger</th><th>Started</th><th>Finished</th><th>Services</th></tr></thead><tbody>
${runs.map((r) => {
  const st: Record<string, number> = {};
  for (const v of Object.values(r.services ?? {})) st[v] = (st[v] ?? 0) + 1;
  return html`<tr><td class="id">${r.scanId}</td><td>${r.accountId}</td><td>${r.trigger}</td><td>${r.startedAt}</td><td>${r.finishedAt ?? 'running'}</td><td>${Object.entries(
    st,
  )
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')}</td></tr>`;
})}</tbody></table>`
}
</section>`;

  const cssHash = sha256Hex(CSS);
  const cssB64 = Buffer.from(cssHash, 'hex').toString('base64');
  const csp = `default-src 'none'; style-src 'sha256-${cssB64}'; base-uri 'none'; form-action 'none'`;
  const page = html`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${trusted(CSS)}</style></head>
<body>
<header class="top"><h1>${title}</h1><p>As of ${state.generatedAt} · accounts: ${accounts.join(', ') || 'none'} · regions: ${regions.join(', ') || 'none'}</p></header>
<nav><a href="#summary">Summary</a><a href="#scores">Scores</a><a href="#runtime">Runtime</a><a href="#coverage">Compliance</a><a href="#findings">Findings</a><a href="#inventory">Inventory</a><a href="#gaps">Gaps</a><a href="#checks">Checks</a><a href="#runs">Runs</a></nav>
<main>
${summary}
${scoreSection}
${threatSection}
${coverageSection}
${findingsSection}
${inventorySection}
${gapsSection}
${checksSection}
${runsSection}
</main>
<footer>Generated by aispm at ${state.generatedAt}. The evidence pack next to this file (evidence/manifest.json) lists the SHA-256 digest of every artifact of this run and the assessed configuration snapshot.</footer>
</body></html>
`;
  return page.value;
}

/** Open findings grouped by rule, most severe and most widespread first: what to fix first. */
function topRisks(open: Finding[], state: ReportState, limit = 10): SafeHtml {
  if (open.length === 0) return html``;
  const titles = new Map(state.checks.map((c) => [c.id, c.title]));
  const groups = new Map<string, { rule: string; title: string; worst: Severity; findings: Finding[]; resources: Set<string> }>();
  for (const f of open) {
    let g = groups.get(f.ruleId);
    if (!g) {
      g = { rule: f.ruleId, title: titles.get(f.ruleId) ?? f.title, worst: f.severity, findings: [], resources: new Set() };
      groups.set(f.ruleId, g);
    }
    g.findings.push(f);
    g.resources.add(f.resourceId);
    if (severityRank(f.severity) > severityRank(g.worst)) g.worst = f.severity;
  }
  const top = [...groups.values()]
    .sort((a, b) => severityRank(b.worst) - severityRank(a.worst) || b.resources.size - a.resources.size || cmp(a.rule, b.rule))
    .slice(0, limit);
  return html`<h3>Top risks</h3>
<table><thead><tr><th>Severity</th><th>Rule</th><th class="num">Resources</th><th>Frameworks</th><th>First finding</th></tr></thead><tbody>
${top.map((g) => {
  const f = g.findings[0] as Finding;
  const m = f.mappings ?? {};
  const tags = [...(m.owasp ?? []), ...(m.atlas ?? []).slice(0, 3), ...(m.euAiAct ?? [])];
  return html`<tr><td>${sevBadge(g.worst)}</td><td><strong>${g.title}</strong><br><span class="id">${g.rule}</span></td><td class="num">${g.resources.size}</td><td>${tags.join(', ')}</td><td><a href="${`#${anchorId('f', f.id)}`}">${f.resourceName ?? f.resourceId}</a></td></tr>`;
})}
</tbody></table>`;
}

function frameworkTable(fw: FrameworkCoverage, maxEvidence: number): SafeHtml {
  const t = fw.totals;
  return html`<h3 id="${`fw-${fw.framework}`}">${FRAMEWORK_NAMES[fw.framework]}</h3>
<p>${(Object.keys(t) as RequirementVerdict[]).map((v) => html`${verdict(v, VERDICT_LABEL[v])} ${t[v]} &nbsp;`)}</p>
${
  fw.requirements.length === 0
    ? html`<p class="muted">No check or detector maps to this framework.</p>`
    : html`<table class="matrix"><thead><tr><th>Requirement</th><th>Covered by</th>${STATUSES.map((s) => html`<th class="num">${s}</th>`)}<th>Verdict</th><th>Evidence (open findings)</th></tr></thead><tbody>
${fw.requirements.map((r) => {
  const ev = r.evidence.slice(0, maxEvidence);
  return html`<tr><td><strong>${r.id}</strong>${r.title ? html`<br><span class="muted">${r.title}</span>` : ''}</td>
<td>${r.checks.length + r.rules.length === 0 ? html`<span class="muted">nothing</span>` : [...r.checks.map((c) => html`<a href="${`#${anchorId('check', c)}`}"><code>${c}</code></a><br>`), ...r.rules.map((c) => html`<code>${c}</code> <span class="muted">(runtime)</span><br>`)]}</td>
${STATUSES.map((s) => html`<td class="num">${r.counts[s]}</td>`)}
<td>${verdict(r.verdict, VERDICT_LABEL[r.verdict])}</td>
<td>${ev.map((e) => html`${sevBadge(e.severity)} <a href="${`#${anchorId('f', e.findingId)}`}">${e.title}</a> <span class="muted">(${e.resourceName})</span><br>`)}${
    r.evidence.length > ev.length ? html`<span class="muted">+ ${r.evidence.length - ev.length} more (see findings)</span>` : ''
  }</td></tr>`;
})}
</tbody></table>`
}`;
}

function findingRow(f: Finding): SafeHtml {
  const m = f.mappings ?? {};
  const tags = [...(m.owasp ?? []), ...(m.atlas ?? []), ...(m.euAiAct ?? [])];
  const rem = f.remediation;
  return html`<tr id="${anchorId('f', f.id)}"><td>${sevBadge(f.severity)}</td>
<td><strong>${f.title}</strong><br><span class="muted">${f.description}</span><br><span class="id">${f.ruleId}${f.detector ? ` · ${f.detector}` : ''}${tags.length ? ` · ${tags.join(', ')}` : ''}</span>${
    f.identity ? html`<br><span class="id">identity: ${f.identity}${f.modelId ? ` · model: ${f.modelId}` : ''}</span>` : ''
  }</td>
<td>${f.resourceName ?? ''}<br><span class="id">${f.resourceId}</span></td>
<td>${f.accountId}<br>${f.region}</td>
<td>${f.status}${f.reopenedCount > 0 ? html`<br><span class="muted">reopened ${f.reopenedCount}x</span>` : ''}<br><span class="muted">${f.occurrences} occurrence(s)</span></td>
<td><span class="muted">first</span> ${f.firstObservedAt}<br><span class="muted">last</span> ${f.lastObservedAt}</td>
<td>${rem?.text ?? ''}${rem?.url ? html`<br>${link(rem.url, 'documentation')}` : ''}${
    rem?.cli || rem?.cdk
      ? html`<details><summary>fix snippet</summary>${rem.cli ? html`<pre><code>${rem.cli}</code></pre>` : ''}${rem.cdk ? html`<pre><code>${rem.cdk}</code></pre>` : ''}</details>`
      : ''
  }</td></tr>`;
}

function inventoryTables(live: AnyAsset[], names: Map<string, string>, openByResource: Map<string, number>): SafeHtml {
  if (live.length === 0) return html`<p class="muted">No assets.</p>`;
  const byType = new Map<string, AnyAsset[]>();
  for (const a of live) {
    const l = byType.get(a.type);
    if (l) l.push(a);
    else byType.set(a.type, [a]);
  }
  const types = [...byType.keys()].sort();
  // inbound edges: who uses this asset (agents using a guardrail, models reading a bucket...)
  const usedBy = new Map<string, { kind: string; from: AnyAsset }[]>();
  for (const a of live) {
    for (const r of a.relationships) {
      const l = usedBy.get(r.targetId);
      if (l) l.push({ kind: r.kind, from: a });
      else usedBy.set(r.targetId, [{ kind: r.kind, from: a }]);
    }
  }
  return html`<table><thead><tr><th>Type</th><th class="num">Count</th></tr></thead><tbody>${types.map(
    (t) => html`<tr><td><a href="${`#${anchorId('type', t)}`}">${t}</a></td><td class="num">${byType.get(t)?.length ?? 0}</td></tr>`,
  )}</tbody></table>
${types.map((t) => {
  const assets = [...(byType.get(t) ?? [])].sort((a, b) => cmp(a.accountId, b.accountId) || cmp(a.region, b.region) || cmp(a.name, b.name));
  return html`<h3 id="${anchorId('type', t)}">${t} (${assets.length})</h3>
<table><thead><tr><th>Name</th><th>Account / region</th><th>Relationships</th><th>Used by</th><th class="num">Open findings</th><th>Last seen</th></tr></thead><tbody>
${assets.map(
  (a) =>
    html`<tr><td>${a.name}<br><span class="id">${a.id}</span>${
      a.collectionErrors?.length
        ? html`<br><span class="v v-ERROR">partial read</span> <span class="muted">${a.collectionErrors.join('; ')}</span>`
        : ''
    }</td><td>${a.accountId}<br>${a.region}</td><td>${
      a.relationships.length === 0
        ? html`<span class="muted">none</span>`
        : html`<ul class="rel">${a.relationships.map((r) => html`<li><code>${r.kind}</code> → ${names.get(r.targetId) ?? ''} <span class="id">${r.targetId}</span></li>`)}</ul>`
    }</td><td>${(() => {
      const inbound = usedBy.get(a.id) ?? [];
      return inbound.length === 0
        ? html`<span class="muted">none</span>`
        : html`<ul class="rel">${inbound.map((u) => html`<li>${u.from.name} <code>${u.kind}</code></li>`)}</ul>`;
    })()}</td><td class="num">${openByResource.get(a.id) ?? 0}</td><td>${a.lastSeen}</td></tr>`,
)}
</tbody></table>`;
})}`;
}

function checkResultsTable(state: ReportState): SafeHtml {
  const byCheck = new Map<string, Record<CheckStatus, number>>();
  for (const r of state.results) {
    let c = byCheck.get(r.checkId);
    if (!c) {
      c = { PASS: 0, FAIL: 0, MANUAL: 0, ERROR: 0 };
      byCheck.set(r.checkId, c);
    }
    c[r.status]++;
  }
  const meta = [...state.checks].sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || cmp(a.id, b.id));
  const known = new Set(meta.map((m) => m.id));
  const unknown = [...byCheck.keys()].filter((k) => !known.has(k)).sort();
  return html`<section id="checks"><h2>Checks (${meta.length + unknown.length})</h2>
<table><thead><tr><th>Check</th><th>Severity</th><th>Resource type</th>${STATUSES.map((s) => html`<th class="num">${s}</th>`)}</tr></thead><tbody>
${meta.map((m) => {
  const c = byCheck.get(m.id) ?? { PASS: 0, FAIL: 0, MANUAL: 0, ERROR: 0 };
  return html`<tr id="${anchorId('check', m.id)}"><td><strong>${m.title}</strong><br><span class="id">${m.id}</span></td><td>${sevBadge(m.severity)}</td><td><code>${m.resourceType}</code></td>${STATUSES.map(
    (s) => html`<td class="num">${c[s]}</td>`,
  )}</tr>`;
})}
${unknown.map((id) => {
  const c = byCheck.get(id) as Record<CheckStatus, number>;
  return html`<tr id="${anchorId('check', id)}"><td><span class="id">${id}</span></td><td></td><td></td>${STATUSES.map((s) => html`<td class="num">${c[s]}</td>`)}</tr>`;
})}
</tbody></table></section>`;
}

export interface RuntimeThreats {
  /** Bucket size of the columns. */
  unit: 'hour' | 'day';
  columns: { label: string; title: string; parts: { key: string; value: number; color: string }[] }[];
  byRule: { rule: string; findings: number; occurrences: number; open: number; worst: Severity }[];
}

/** Runtime findings bucketed per UTC day of their window (or first observation), by severity; plus per-rule totals. */
export function runtimeThreats(findings: Finding[], maxBuckets = 48): RuntimeThreats {
  const rt = findings.filter((f) => f.source === 'runtime');
  const rules = new Map<string, { findings: number; occurrences: number; open: number; worst: Severity }>();
  const times: number[] = [];
  for (const f of rt) {
    const t = Date.parse(f.windowStart ?? f.firstObservedAt);
    times.push(Number.isNaN(t) ? Number.NaN : t);
    const key = f.detector ?? f.ruleId;
    const r = rules.get(key) ?? { findings: 0, occurrences: 0, open: 0, worst: 'INFORMATIONAL' as Severity };
    r.findings++;
    r.occurrences += f.occurrences;
    if (f.status !== 'RESOLVED') r.open++;
    if (severityRank(f.severity) > severityRank(r.worst)) r.worst = f.severity;
    rules.set(key, r);
  }
  const valid = times.filter((t) => !Number.isNaN(t));
  const byRule = [...rules.entries()]
    .map(([rule, r]) => ({ rule, ...r }))
    .sort((a, b) => severityRank(b.worst) - severityRank(a.worst) || b.occurrences - a.occurrences || cmp(a.rule, b.rule));
  if (valid.length === 0) return { columns: [], byRule, unit: 'day' };
  // hourly buckets when everything falls within two days, daily otherwise; empty buckets are kept (a continuous axis)
  const HOUR = 3_600_000;
  const DAY = 24 * HOUR;
  const last = Math.max(...valid);
  const first = Math.min(...valid);
  const unit: 'hour' | 'day' = last - first < 2 * DAY ? 'hour' : 'day';
  const size = unit === 'hour' ? HOUR : DAY;
  const end = Math.floor(last / size) * size;
  const start = Math.max(Math.floor(first / size) * size, end - (maxBuckets - 1) * size);
  const counts = new Map<number, Record<Severity, number>>();
  for (let b = start; b <= end; b += size) counts.set(b, { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, INFORMATIONAL: 0 });
  rt.forEach((f, i) => {
    const t = times[i] as number;
    if (Number.isNaN(t)) return;
    const bucket = counts.get(Math.floor(t / size) * size);
    if (bucket) bucket[f.severity]++;
  });
  const sevAsc = [...SEVERITIES];
  return {
    unit,
    columns: [...counts.entries()].map(([b, c]) => {
      const iso = new Date(b).toISOString();
      return {
        // hourly axis: the hour, and the date where a day starts (at most two days are shown hourly)
        label: unit === 'hour' ? (iso.slice(11, 13) === '00' ? iso.slice(5, 10) : `${iso.slice(11, 13)}:00`) : iso.slice(5, 10),
        title: unit === 'hour' ? `${iso.slice(0, 13)}:00Z` : iso.slice(0, 10),
        parts: sevAsc.map((s) => ({ key: s, value: c[s], color: SEVERITY_COLORS[s] as string })),
      };
    }),
    byRule,
  };
}
