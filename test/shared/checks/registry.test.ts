import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { NOT_APPLICABLE, PROWLER_REFERENCE, SECURITY_HUB_REFERENCE } from '../../../shared/checks/coverage.ts';
import { ALL_CHECKS } from '../../../shared/checks/index.ts';
import { checksByRequirement, unknownRequirementIds } from '../../../shared/compliance/catalog.ts';
import { ASSET_TYPES } from '../../../shared/domain/asset.ts';
import { FRAMEWORK_KEYS } from '../../../shared/domain/frameworks.ts';
import { SEVERITIES } from '../../../shared/domain/severity.ts';
import { agentcoreCases } from '../../fixtures/checks/cases-agentcore.ts';
import { bedrockCases } from '../../fixtures/checks/cases-bedrock.ts';
import { ec2Cases } from '../../fixtures/checks/cases-ec2.ts';
import { iamCases, s3Cases, shadowCases } from '../../fixtures/checks/cases-other.ts';
import { sagemakerCases } from '../../fixtures/checks/cases-sagemaker.ts';

const checksDir = join(dirname(fileURLToPath(import.meta.url)), '../../../shared/checks');

function checkFiles(): { service: string; id: string }[] {
  const out: { service: string; id: string }[] = [];
  for (const d of readdirSync(checksDir, { withFileTypes: true })) {
    if (!d.isDirectory() || d.name === 'lib') continue;
    for (const f of readdirSync(join(checksDir, d.name))) {
      if (f.endsWith('.ts') && f !== 'index.ts') out.push({ service: d.name, id: f.slice(0, -3) });
    }
  }
  return out;
}

describe('check registry', () => {
  const ids = ALL_CHECKS.map((c) => c.metadata.id);

  it('registers every check file exactly once, with id == file name and service == folder', () => {
    const files = checkFiles();
    expect(files.length).toBeGreaterThanOrEqual(70);
    expect([...ids].sort()).toEqual(files.map((f) => f.id).sort());
    expect(new Set(ids).size).toBe(ids.length);
    for (const f of files) {
      const c = ALL_CHECKS.find((x) => x.metadata.id === f.id);
      expect(c?.metadata.service, f.id).toBe(f.service);
      expect(f.id.startsWith(`${f.service}_`), f.id).toBe(true);
      expect(f.id).toMatch(/^[a-z0-9]+(_[a-z0-9]+){2,}$/);
    }
  });

  it('has complete, well-formed metadata', () => {
    for (const { metadata: m } of ALL_CHECKS) {
      const where = m.id;
      expect(SEVERITIES, where).toContain(m.severity);
      expect(ASSET_TYPES, where).toContain(m.resourceType);
      for (const k of ['title', 'description', 'risk'] as const) expect(m[k].length, `${where} ${k}`).toBeGreaterThan(15);
      expect(m.remediation.text.length, where).toBeGreaterThan(15);
      expect(m.remediation.url, where).toMatch(/^https:\/\/[a-z0-9.-]+\.(aws|amazon)\.com\/|^https:\/\/docs\.aws\.amazon\.com\//);
      expect(m.remediation.cli || m.remediation.cdk, where).toBeTruthy();
      expect(m.types.length, where).toBeGreaterThan(0);
      for (const t of m.types)
        expect(t, where).toMatch(
          /^(Software and Configuration Checks|TTPs|Effects|Unusual Behaviors|Sensitive Data Identifications)(\/[A-Za-z0-9 -]+){1,2}$/,
        );
      for (const id of m.mappings.owasp ?? []) expect(id, where).toMatch(/^LLM(0[1-9]|10)$/);
      for (const id of m.mappings.atlas ?? []) expect(id, where).toMatch(/^AML\.T\d{4}(\.\d{3})?$/);
      for (const id of m.mappings.nist ?? []) expect(id, where).toMatch(/^(GOVERN|MAP|MEASURE|MANAGE) \d+\.\d+$/);
      for (const id of m.mappings.iso42001 ?? []) expect(id, where).toMatch(/^A\.\d+\.\d+(\.\d+)?$/);
      for (const id of m.mappings.euAiAct ?? []) expect(id, where).toMatch(/^Art\. \d+$/);
      for (const k of FRAMEWORK_KEYS) expect(m.mappings[k]?.length ?? 0, `${where} ${k}`).toBeGreaterThan(0);
      expect(unknownRequirementIds(m.mappings), where).toEqual([]);
      for (const p of m.equivalents.prowler ?? []) expect(p, where).toMatch(/^[a-z0-9_]+$/);
      for (const s of m.equivalents.securityHub ?? []) expect(s, where).toMatch(/^[A-Za-z][A-Za-z0-9]*\.\d+$/);
    }
  });

  it('has PASS/FAIL/ERROR-or-MANUAL test cases for every check', () => {
    const covered = new Set(
      Object.keys({ ...bedrockCases, ...agentcoreCases, ...sagemakerCases, ...iamCases, ...s3Cases, ...shadowCases, ...ec2Cases }),
    );
    expect(ids.filter((id) => !covered.has(id))).toEqual([]);
    expect([...covered].filter((id) => !ids.includes(id))).toEqual([]);
  });

  it('covers every listed Prowler check and Security Hub control (or explains why not)', () => {
    const prowler = new Set(ALL_CHECKS.flatMap((c) => c.metadata.equivalents.prowler ?? []));
    const hub = new Set(ALL_CHECKS.flatMap((c) => c.metadata.equivalents.securityHub ?? []));
    const na = new Set(NOT_APPLICABLE.map((n) => n.id));
    expect(PROWLER_REFERENCE.filter((id) => !prowler.has(id) && !na.has(id))).toEqual([]);
    expect(SECURITY_HUB_REFERENCE.filter((id) => !hub.has(id) && !na.has(id))).toEqual([]);
    for (const n of NOT_APPLICABLE) expect(n.reason.length).toBeGreaterThan(30);
  });

  it('has at least five toxic-combination checks', () => {
    expect(ALL_CHECKS.filter((c) => c.metadata.categories?.includes('toxic-combination')).length).toBeGreaterThanOrEqual(5);
  });

  it('maps every OWASP LLM Top 10 entry to at least one check', () => {
    const m = checksByRequirement(ALL_CHECKS);
    expect(m.owasp.filter((r) => r.ruleIds.length === 0).map((r) => r.id)).toEqual([]);
    const llm01 = m.owasp.find((r) => r.id === 'LLM01');
    expect(llm01?.ruleIds).toContain('bedrock_guardrail_prompt_attack_filter_enabled');
    const t0051 = m.atlas.find((r) => r.id === 'AML.T0051');
    expect(t0051?.ruleIds).toContain('bedrock_guardrail_prompt_attack_filter_enabled');
  });
});

describe('docs/checks.md', () => {
  it('is generated from the current metadata (run scripts/gen-checks-doc.ts after changing checks)', async () => {
    const { readFileSync } = await import('node:fs');
    const { renderChecksDoc } = await import('../../../scripts/gen-checks-doc.ts');
    expect(readFileSync(join(checksDir, '../../docs/checks.md'), 'utf8')).toBe(renderChecksDoc());
  });
});
