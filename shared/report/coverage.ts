import { REQUIREMENTS } from '../compliance/catalog.ts';
import type { CheckMetadata, CheckResult, CheckStatus } from '../domain/check.ts';
import type { Finding } from '../domain/finding.ts';
import { FRAMEWORK_KEYS, type FrameworkKey } from '../domain/frameworks.ts';
import { severityRank } from '../domain/severity.ts';
import { isOpenFinding } from './state.ts';

/** A requirement from a compliance catalogue (titles, and optionally the checks the catalogue maps to it). */
export interface CatalogueRequirement {
  framework: FrameworkKey;
  id: string;
  title: string;
  checks?: string[];
}

/**
 * - FAIL: a covering check failed or a mapped finding is open;
 * - INCOMPLETE: nothing failed, but some results are ERROR/MANUAL (cannot be claimed as met);
 * - PASS: covering checks were evaluated and all passed;
 * - NOT_ASSESSED: checks cover it but none had a resource to evaluate;
 * - NOT_COVERED: no check or detector maps to it (catalogue requirements only).
 */
export type RequirementVerdict = 'FAIL' | 'INCOMPLETE' | 'PASS' | 'NOT_ASSESSED' | 'NOT_COVERED';

export interface EvidenceRef {
  findingId: string;
  ruleId: string;
  severity: Finding['severity'];
  title: string;
  resourceName: string;
}

export interface RequirementCoverage {
  framework: FrameworkKey;
  id: string;
  title?: string;
  /** Posture checks mapped to the requirement. */
  checks: string[];
  /** Runtime/coverage rules whose findings map to the requirement (detections carry their own mappings). */
  rules: string[];
  counts: Record<CheckStatus, number>;
  /** Open findings mapped to the requirement, most severe first: the evidence of non-conformity. */
  evidence: EvidenceRef[];
  verdict: RequirementVerdict;
}

export interface FrameworkCoverage {
  framework: FrameworkKey;
  requirements: RequirementCoverage[];
  totals: Record<RequirementVerdict, number>;
}

/** The project's compliance catalogue (shared/compliance) as report requirements: titles + uncovered requirements. */
export function defaultCatalogue(): CatalogueRequirement[] {
  return FRAMEWORK_KEYS.flatMap((k) => REQUIREMENTS[k].map((r) => ({ framework: k, id: r.id, title: r.title })));
}

/** ATLAS sub-techniques (`AML.T0051.000`) also count for their parent technique (`AML.T0051`). */
function withParents(fw: FrameworkKey, ids: string[]): string[] {
  if (fw !== 'atlas') return ids;
  const out = new Set(ids);
  for (const id of ids) {
    const m = /^(AML\.T\d{4})\.\d{3}$/.exec(id);
    if (m) out.add(m[1] as string);
  }
  return [...out];
}

const collator = new Intl.Collator('en', { numeric: true });
const naturalCompare = (a: string, b: string) => collator.compare(a, b);
const plainCompare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function verdictOf(c: Pick<RequirementCoverage, 'checks' | 'rules' | 'counts' | 'evidence'>): RequirementVerdict {
  if (c.counts.FAIL > 0 || c.evidence.length > 0) return 'FAIL';
  if (c.counts.ERROR + c.counts.MANUAL > 0) return 'INCOMPLETE';
  if (c.counts.PASS > 0) return 'PASS';
  if (c.checks.length + c.rules.length > 0) return 'NOT_ASSESSED';
  return 'NOT_COVERED';
}

/**
 * Coverage matrix per framework: requirement -> covering checks, PASS/FAIL/MANUAL/ERROR counts of their results, open
 * findings as evidence. Requirements come from the checks' own mappings, from the findings' mappings (runtime
 * detections) and, when given, from a catalogue (which adds titles and the requirements nothing covers yet).
 */
export function coverageMatrix(
  input: { checks: CheckMetadata[]; results: CheckResult[]; findings: Finding[]; generatedAt: string },
  catalogue: CatalogueRequirement[] = [],
): FrameworkCoverage[] {
  type Acc = { checks: Set<string>; rules: Set<string>; title?: string };
  const reqs = new Map<string, Acc>();
  const key = (fw: FrameworkKey, id: string) => `${fw}\u0000${id}`;
  const acc = (fw: FrameworkKey, id: string): Acc => {
    const k = key(fw, id);
    let a = reqs.get(k);
    if (!a) {
      a = { checks: new Set(), rules: new Set() };
      reqs.set(k, a);
    }
    return a;
  };
  for (const r of catalogue) {
    const a = acc(r.framework, r.id);
    a.title = r.title;
    for (const c of r.checks ?? []) a.checks.add(c);
  }
  const checkIds = new Set(input.checks.map((c) => c.id));
  for (const c of input.checks) {
    for (const fw of FRAMEWORK_KEYS) for (const id of withParents(fw, c.mappings[fw] ?? [])) acc(fw, id).checks.add(c.id);
  }
  const openFindings = input.findings.filter((f) => isOpenFinding(f, input.generatedAt));
  for (const f of input.findings) {
    if (checkIds.has(f.ruleId)) continue;
    for (const fw of FRAMEWORK_KEYS) for (const id of withParents(fw, f.mappings?.[fw] ?? [])) acc(fw, id).rules.add(f.ruleId);
  }

  const resultsByCheck = new Map<string, CheckResult[]>();
  for (const r of input.results) {
    const list = resultsByCheck.get(r.checkId);
    if (list) list.push(r);
    else resultsByCheck.set(r.checkId, [r]);
  }
  const findingsByRule = new Map<string, Finding[]>();
  for (const f of openFindings) {
    const list = findingsByRule.get(f.ruleId);
    if (list) list.push(f);
    else findingsByRule.set(f.ruleId, [f]);
  }

  const out: FrameworkCoverage[] = [];
  for (const fw of FRAMEWORK_KEYS) {
    const requirements: RequirementCoverage[] = [];
    for (const [k, a] of reqs) {
      const [kfw, id] = k.split('\u0000') as [FrameworkKey, string];
      if (kfw !== fw) continue;
      const counts: Record<CheckStatus, number> = { PASS: 0, FAIL: 0, MANUAL: 0, ERROR: 0 };
      for (const c of a.checks) for (const r of resultsByCheck.get(c) ?? []) counts[r.status]++;
      const evidence: EvidenceRef[] = [];
      const seen = new Set<string>();
      for (const rule of [...a.checks, ...a.rules]) {
        for (const f of findingsByRule.get(rule) ?? []) {
          if (seen.has(f.id)) continue;
          // a finding counts as evidence for the requirements its own mappings name (or its check's mappings)
          if (a.rules.has(rule) && !withParents(fw, f.mappings?.[fw] ?? []).includes(id)) continue;
          seen.add(f.id);
          evidence.push({
            findingId: f.id,
            ruleId: f.ruleId,
            severity: f.severity,
            title: f.title,
            resourceName: f.resourceName ?? f.resourceId,
          });
        }
      }
      evidence.sort((x, y) => severityRank(y.severity) - severityRank(x.severity) || plainCompare(x.findingId, y.findingId));
      const row = { framework: fw, id, title: a.title, checks: [...a.checks].sort(), rules: [...a.rules].sort(), counts, evidence };
      requirements.push({ ...row, verdict: verdictOf(row) });
    }
    requirements.sort((x, y) => naturalCompare(x.id, y.id));
    const totals: Record<RequirementVerdict, number> = { FAIL: 0, INCOMPLETE: 0, PASS: 0, NOT_ASSESSED: 0, NOT_COVERED: 0 };
    for (const r of requirements) totals[r.verdict]++;
    out.push({ framework: fw, requirements, totals });
  }
  return out;
}
