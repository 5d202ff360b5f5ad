import { describe, expect, it } from 'vitest';
import { coverageMatrix, defaultCatalogue } from '../../../shared/report/coverage.ts';
import {
  COMPLIANCE_CSV_COLUMNS,
  complianceCsv,
  csvField,
  FINDING_CSV_COLUMNS,
  findingsCsv,
  parseCsv,
  toCsv,
} from '../../../shared/report/csv.ts';
import { HOSTILE, reportFindings, reportState } from '../../fixtures/report/state.ts';

describe('csv', () => {
  it('quotes fields with commas, quotes and line breaks (RFC 4180)', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line1\nline2')).toBe('"line1\nline2"');
    expect(csvField('cr\rx')).toBe('"cr\rx"');
    expect(csvField(undefined)).toBe('');
    expect(csvField(['LLM01', 'LLM02'])).toBe('LLM01; LLM02');
  });

  it('neutralizes spreadsheet formulas with a leading quote', () => {
    for (const s of ['=1+2', '+1', '-1+1', '@SUM(A1)', '\tx', '\rx']) expect(csvField(s).replace(/^"/, '').startsWith("'")).toBe(true);
    expect(csvField(HOSTILE.formula)).toBe(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(csvField(-3)).toBe('-3');
    expect(csvField('a=b')).toBe('a=b');
  });

  it('terminates records with CRLF and round-trips through a parser', () => {
    const text = toCsv(
      ['a', 'b'],
      [
        ['x,y', 'he said "no"\r\nthen left'],
        [1, '=cmd'],
      ],
    );
    expect(text.endsWith('\r\n')).toBe(true);
    expect(parseCsv(text)).toEqual([
      ['a', 'b'],
      ['x,y', 'he said "no"\r\nthen left'],
      ['1', "'=cmd"],
    ]);
  });

  it('writes one row per finding with every column, hostile cells neutralized', () => {
    const findings = reportFindings();
    const rows = parseCsv(findingsCsv(findings));
    expect(rows[0]).toEqual([...FINDING_CSV_COLUMNS]);
    expect(rows).toHaveLength(findings.length + 1);
    for (const r of rows) expect(r).toHaveLength(FINDING_CSV_COLUMNS.length);
    const name = FINDING_CSV_COLUMNS.indexOf('resource_name');
    const title = FINDING_CSV_COLUMNS.indexOf('title');
    const s3 = rows.find((r) => r[name]?.includes('HYPERLINK')) as string[];
    expect(s3[name]).toBe(`'${HOSTILE.formula}`);
    expect(s3[title]).toBe(`'-2+3 versioning disabled, "quoted", comma`);
    for (const r of rows.slice(1)) for (const cell of r) expect(/^[=+\-@\t\r]/.test(cell) && !/^-?\d/.test(cell)).toBe(false);
  });
});

describe('compliance csv', () => {
  it('has one row per catalogue requirement with verdict, counts and evidence ids', () => {
    const matrix = coverageMatrix(reportState(), defaultCatalogue());
    const rows = parseCsv(complianceCsv(matrix));
    expect(rows[0]).toEqual([...COMPLIANCE_CSV_COLUMNS]);
    expect(rows).toHaveLength(1 + matrix.reduce((n, fw) => n + fw.requirements.length, 0));
    const col = (name: (typeof COMPLIANCE_CSV_COLUMNS)[number]) => COMPLIANCE_CSV_COLUMNS.indexOf(name);
    const llm04 = rows.find((r) => r[col('requirement')] === 'LLM04') as string[];
    expect(llm04[col('framework')]).toBe('OWASP Top 10 for LLM Applications 2025');
    expect(llm04[col('verdict')]).toBe('FAIL');
    expect(llm04[col('fail')]).toBe('2');
    expect(llm04[col('checks')]).toBe('bedrock_custom_model_encrypted_with_cmk; s3_bucket_versioning_enabled');
    expect(llm04[col('open_finding_ids')].split('; ')).toHaveLength(2);
    expect(rows.find((r) => r[col('requirement')] === 'LLM02')?.[col('verdict')]).toBe('NOT_COVERED');
  });
});
