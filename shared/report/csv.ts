import type { Finding } from '../domain/finding.ts';
import { FRAMEWORK_NAMES } from '../domain/frameworks.ts';
import type { FrameworkCoverage } from './coverage.ts';

/** Cells a spreadsheet would evaluate as a formula (or a DDE payload) when they start with one of these. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV field: strings that a spreadsheet would treat as a formula get a leading `'` (OWASP CSV-injection advice),
 * then RFC 4180 quoting: fields containing a comma, a double quote, CR or LF are enclosed in double quotes, with
 * embedded double quotes doubled. Numbers are written as numbers (a negative number is not a formula).
 */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  let s = Array.isArray(value) ? value.map(String).join('; ') : String(value);
  if (FORMULA_START.test(s)) s = `'${s}`;
  if (/[",\r\n]/.test(s)) s = `"${s.replace(/"/g, '""')}"`;
  return s;
}

/** RFC 4180 rows: fields joined by commas, records terminated by CRLF. */
export function toCsv(header: string[], rows: unknown[][]): string {
  let out = `${header.map(csvField).join(',')}\r\n`;
  for (const r of rows) out += `${r.map(csvField).join(',')}\r\n`;
  return out;
}

export const FINDING_CSV_COLUMNS = [
  'id',
  'severity',
  'status',
  'compliance_status',
  'source',
  'rule_id',
  'title',
  'account_id',
  'region',
  'resource_type',
  'resource_id',
  'resource_name',
  'first_observed_at',
  'last_observed_at',
  'updated_at',
  'resolved_at',
  'occurrences',
  'identity',
  'model_id',
  'owasp_llm',
  'mitre_atlas',
  'nist_ai_rmf',
  'iso_42001',
  'eu_ai_act',
  'remediation',
  'remediation_url',
  'suppressed_until',
] as const;

export function findingsCsv(findings: Finding[]): string {
  const rows = findings.map((f) => [
    f.id,
    f.severity,
    f.status,
    f.complianceStatus,
    f.source,
    f.ruleId,
    f.title,
    f.accountId,
    f.region,
    f.resourceType,
    f.resourceId,
    f.resourceName ?? '',
    f.firstObservedAt,
    f.lastObservedAt,
    f.updatedAt,
    f.resolvedAt ?? '',
    f.occurrences,
    f.identity ?? '',
    f.modelId ?? '',
    f.mappings?.owasp ?? [],
    f.mappings?.atlas ?? [],
    f.mappings?.nist ?? [],
    f.mappings?.iso42001 ?? [],
    f.mappings?.euAiAct ?? [],
    f.remediation?.text ?? '',
    f.remediation?.url ?? '',
    f.suppression?.expiresAt ?? '',
  ]);
  return toCsv([...FINDING_CSV_COLUMNS], rows);
}

export const COMPLIANCE_CSV_COLUMNS = [
  'framework',
  'requirement',
  'title',
  'verdict',
  'checks',
  'runtime_rules',
  'pass',
  'fail',
  'manual',
  'error',
  'open_findings',
  'open_finding_ids',
] as const;

/** The coverage matrix as a spreadsheet (one row per framework requirement): what an auditor filters and annotates. */
export function complianceCsv(matrix: FrameworkCoverage[]): string {
  const rows: unknown[][] = [];
  for (const fw of matrix) {
    for (const r of fw.requirements) {
      rows.push([
        FRAMEWORK_NAMES[fw.framework],
        r.id,
        r.title ?? '',
        r.verdict,
        r.checks,
        r.rules,
        r.counts.PASS,
        r.counts.FAIL,
        r.counts.MANUAL,
        r.counts.ERROR,
        r.evidence.length,
        r.evidence.map((e) => e.findingId),
      ]);
    }
  }
  return toCsv([...COMPLIANCE_CSV_COLUMNS], rows);
}

/**
 * Minimal RFC 4180 parser (used by tests and by anyone re-reading the file): handles quoted fields with commas,
 * doubled quotes and line breaks.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
      i++;
    } else if (c === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 2;
    } else {
      field += c;
      i++;
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
