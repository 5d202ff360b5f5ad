import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DETECTOR_CATALOGUE, detectorMetadata } from '../../../shared/detectors/catalogue.ts';
import { trailDetectors } from '../../../shared/detectors/cloudtrail.ts';
import {
  contentDetectors,
  createBehaviourAnalyzer,
  createDetectorContext,
  createDriftAnalyzer,
  runContentDetectors,
} from '../../../shared/detectors/index.ts';
import type { InvocationRecord } from '../../../shared/domain/runtime.ts';
import { isValidType, LIMITS } from '../../../shared/findings/asff.ts';
import { extractBedrockInvocation } from '../../../shared/runtime/bedrock.ts';
import { out, rec } from '../../fixtures/detectors/records.ts';

const ASFF_NAMESPACES: Record<string, string[]> = {
  'Software and Configuration Checks': [],
  TTPs: [
    'Initial Access',
    'Execution',
    'Persistence',
    'Privilege Escalation',
    'Defense Evasion',
    'Credential Access',
    'Discovery',
    'Lateral Movement',
    'Collection',
    'Command and Control',
  ],
  Effects: ['Data Exposure', 'Data Exfiltration', 'Data Destruction', 'Denial of Service', 'Resource Consumption'],
  'Unusual Behaviors': [
    'Application',
    'Network Flow',
    'IP address',
    'User',
    'VM',
    'Container',
    'Serverless',
    'Process',
    'Database',
    'Data',
  ],
  'Sensitive Data Identifications': ['PII', 'Passwords', 'Legal', 'Financial', 'Security', 'Business'],
};

describe('detector catalogue', () => {
  it('has unique ids and one entry per detector', () => {
    const ids = DETECTOR_CATALOGUE.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const d of [...contentDetectors, ...trailDetectors]) {
      expect(detectorMetadata(d.id), d.id).toBe(d.metadata);
    }
    expect(DETECTOR_CATALOGUE.filter((m) => m.kind === 'behaviour').length).toBe(9);
    expect(DETECTOR_CATALOGUE.filter((m) => m.kind === 'drift').length).toBe(4);
  });

  it('maps every detector to OWASP LLM 2025 and MITRE ATLAS (and NIST, ISO 42001, EU AI Act) with well-formed ids', () => {
    for (const m of DETECTOR_CATALOGUE) {
      expect(m.mappings.owasp?.length, m.id).toBeGreaterThan(0);
      expect(m.mappings.atlas?.length, m.id).toBeGreaterThan(0);
      for (const o of m.mappings.owasp ?? []) expect(o, m.id).toMatch(/^LLM(0[1-9]|10)$/);
      for (const a of m.mappings.atlas ?? []) expect(a, m.id).toMatch(/^AML\.T\d{4}(\.\d{3})?$/);
      for (const n of m.mappings.nist ?? []) expect(n, m.id).toMatch(/^(GOVERN|MAP|MEASURE|MANAGE) \d+\.\d+$/);
      for (const i of m.mappings.iso42001 ?? []) expect(i, m.id).toMatch(/^A\.\d+(\.\d+)*$/);
      for (const e of m.mappings.euAiAct ?? []) expect(e, m.id).toMatch(/^Art\. \d+$/);
      expect(m.rule.length, m.id).toBeGreaterThan(20);
      expect(m.remediation.length, m.id).toBeGreaterThan(20);
    }
  });

  it('uses ASFF Types from the Security Hub taxonomy, within the delivery limits', () => {
    for (const m of DETECTOR_CATALOGUE) {
      expect(m.types.length, m.id).toBeGreaterThan(0);
      expect(m.types.every(isValidType), m.id).toBe(true);
      expect(m.title.length, m.id).toBeLessThanOrEqual(LIMITS.title);
      expect(m.description.length, m.id).toBeLessThanOrEqual(LIMITS.description);
      for (const t of m.types) {
        const [ns, cat] = t.split('/');
        expect(Object.keys(ASFF_NAMESPACES), `${m.id}: ${t}`).toContain(ns);
        expect(ASFF_NAMESPACES[ns], `${m.id}: ${t}`).toContain(cat);
      }
    }
  });

  it('is documented: docs/detectors.md names every detector id', () => {
    const doc = readFileSync(new URL('../../../docs/detectors.md', import.meta.url), 'utf8');
    for (const m of DETECTOR_CATALOGUE) expect(doc, m.id).toContain(`\`${m.id}\``);
  });

  it('tolerates malformed text fields without a detector failing', () => {
    const errors: { detector: string; error: string }[] = [];
    const broken = {
      ...rec(),
      outputs: [null as unknown as string],
      userTurns: [42 as unknown as string],
      documents: [null as unknown as { kind: 'document'; text: string }],
    };
    const found = runContentDetectors(broken, createDetectorContext(), [], errors);
    expect(found).toEqual([]);
    expect(errors).toEqual([]);
    expect(runContentDetectors(out('ok AKIAZ7Q3XK2PLM4N5R6T'), createDetectorContext()).map((d) => d.detector)).toEqual(['leak.secret']);
  });
});

// Real Bedrock invocation-log records (Elastic and Panther fixtures) read in place when present: benign traffic
// must not produce content detections, and the stateful analyzers must take them without failing.
const DIR = '/work/shared/datasets/aws-samples/bedrock-invocation-logs';
describe.runIf(existsSync(DIR))('real invocation-log samples', () => {
  const records: InvocationRecord[] = existsSync(DIR)
    ? readdirSync(DIR)
        .filter((f) => f.endsWith('.jsonl'))
        .flatMap((f) =>
          readFileSync(join(DIR, f), 'utf8')
            .split('\n')
            .filter((l) => l.trim())
            .map((l, i) => {
              const o = JSON.parse(l) as Record<string, unknown>;
              return extractBedrockInvocation((o.log ?? o) as Record<string, unknown>, { uri: `file://${f}`, line: i + 1 }).record;
            }),
        )
    : [];

  it('produces no content detections on benign real records', () => {
    expect(records.length).toBeGreaterThan(0);
    const ctx = createDetectorContext();
    const found = records.flatMap((r) => runContentDetectors(r, ctx));
    expect(found.map((d) => `${d.detector}@${d.requestId}`)).toEqual([]);
  });

  it('feeds the behaviour and drift analyzers without errors', () => {
    const b = createBehaviourAnalyzer();
    const d = createDriftAnalyzer();
    for (const r of records) {
      b.observe(r);
      d.observe(r);
    }
    expect(b.finish()).toEqual([]);
    expect(d.finish()).toEqual([]);
    expect(b.state().length).toBeGreaterThan(0);
  });
});

describe('adversarial input (ReDoS guard)', () => {
  it('scans 100 kB of pathological text per field in bounded time', () => {
    const ctx = createDetectorContext({ canaryTokens: ['CANARY-7f3a9c21d4', 'tram=32'] });
    const N = 100_000;
    const cases = [
      '+1-2-3-4-5-6-7-8-9-0-'.repeat(N / 21),
      '1 '.repeat(N / 2),
      `${'a'.repeat(N / 2)}@${'b.'.repeat(N / 4)}`,
      '![a]('.repeat(N / 5),
      '\uDB40\uDC41'.repeat(N / 2),
    ];
    const t0 = performance.now();
    for (const text of cases)
      runContentDetectors(rec({ outputs: [text], userTurns: [text.slice(0, 5000)], system: [text.slice(0, 20000)] }), ctx);
    // measured ~0.4 s on the development machine; the bound only catches super-linear blow-ups
    expect(performance.now() - t0).toBeLessThan(10_000);
  });
});
