import { describe, expect, it } from 'vitest';
import { ALL_CHECKS } from '../../../shared/checks/index.ts';
import type { AnyAsset, CoverageGap } from '../../../shared/domain/asset.ts';
import type { Check } from '../../../shared/domain/check.ts';
import { toAsff, validateAsff } from '../../../shared/findings/asff.ts';
import { findingIdFor } from '../../../shared/findings/lifecycle.ts';
import { COVERAGE_RULE_ID, evaluateChecks, runAssessment } from '../../../shared/pipeline/assess.ts';
import { MemoryStore } from '../../../shared/store/memory.ts';
import { fixedClock } from '../../../shared/util/clock.ts';
import { contentHash } from '../../../shared/util/hash.ts';
import { memoryLog } from '../../../shared/util/logger.ts';
import { ACCOUNT, bucket, good, NOW, OTHER_ACCOUNT, REGION, role, stmt } from '../../fixtures/checks/builders.ts';

/** Sets lastSeen and a real configHash, as discovery does, so the store sees changes. */
function stamp<T extends AnyAsset>(a: T, at: string): T {
  return { ...a, lastSeen: at, configHash: contentHash([a.config, a.tags, a.relationships]) };
}

async function seed(store: MemoryStore, assets: AnyAsset[], at: string) {
  for (const a of assets) await store.putAsset(stamp(a, at));
}

const agentRule = 'bedrock_agent_guardrail_enabled';

describe('evaluateChecks', () => {
  it('turns a throwing check into ERROR for that asset and keeps going', () => {
    const boom: Check = {
      metadata: { ...ALL_CHECKS[0].metadata, id: 'bedrock_test_check_throws', resourceType: 'bedrock.agent' },
      evaluate() {
        throw new TypeError('cannot read x');
      },
    };
    const ok = ALL_CHECKS.find((c) => c.metadata.id === agentRule) as Check;
    const results = evaluateChecks([good.agent('a1'), good.agent('a2', { guardrail: null })], [], [boom, ok], { now: NOW });
    expect(results.filter((r) => r.checkId === 'bedrock_test_check_throws').map((r) => r.status)).toEqual(['ERROR', 'ERROR']);
    expect(
      results
        .filter((r) => r.checkId === agentRule)
        .map((r) => r.status)
        .sort(),
    ).toEqual(['FAIL', 'PASS']);
    expect(results.find((r) => r.status === 'ERROR')?.reason).toContain('TypeError');
  });

  it('never evaluates deleted assets and fills result metadata', () => {
    const gone = { ...good.agent('gone', { guardrail: null }), deletedAt: NOW.toISOString() };
    const results = evaluateChecks([gone, good.agent('a')], [], ALL_CHECKS, { now: NOW });
    expect(results.some((r) => r.resourceName === 'gone')).toBe(false);
    const r = results.find((x) => x.checkId === agentRule);
    expect(r).toMatchObject({ resourceType: 'bedrock.agent', accountId: ACCOUNT, region: REGION, severity: 'HIGH', status: 'PASS' });
  });
});

describe('runAssessment lifecycle', () => {
  it('NEW -> ACTIVE -> RESOLVED -> reopened, never duplicating', async () => {
    const clock = fixedClock('2026-11-25T10:00:00.000Z');
    const store = new MemoryStore(() => clock.now().getTime());
    const log = memoryLog();
    const bad = good.agent('a', { guardrail: null });
    await seed(store, [bad, role('a-role')], '2026-11-25T09:00:00.000Z');

    const r1 = await runAssessment({ store, accountId: ACCOUNT, clock, log });
    const opened = r1.changes.filter((c) => c.finding.ruleId === agentRule);
    expect(opened.map((c) => [c.transition, c.finding.status, c.deliver])).toEqual([['opened', 'NEW', true]]);
    const id = findingIdFor({ ruleId: agentRule, resourceId: bad.id });
    expect(opened[0].finding.id).toBe(id);

    clock.advance(3600_000);
    const r2 = await runAssessment({ store, accountId: ACCOUNT, clock, log });
    expect(r2.changes.filter((c) => c.finding.id === id).map((c) => [c.transition, c.finding.status])).toEqual([['persisted', 'ACTIVE']]);

    clock.advance(3600_000);
    const r3 = await runAssessment({ store, accountId: ACCOUNT, clock, log });
    expect(r3.changes.filter((c) => c.finding.id === id)).toEqual([]);

    clock.advance(3600_000);
    await seed(store, [good.agent('a')], clock.now().toISOString());
    const r4 = await runAssessment({ store, accountId: ACCOUNT, clock, log });
    expect(r4.changes.filter((c) => c.finding.id === id).map((c) => [c.transition, c.finding.status])).toEqual([['resolved', 'RESOLVED']]);

    clock.advance(3600_000);
    await seed(store, [bad], clock.now().toISOString());
    const r5 = await runAssessment({ store, accountId: ACCOUNT, clock, log });
    const re = r5.changes.filter((c) => c.finding.id === id);
    expect(re.map((c) => [c.transition, c.finding.status, c.finding.reopenedCount])).toEqual([['reopened', 'NEW', 1]]);

    const all = await store.allFindings();
    const keys = all.map((f) => `${f.ruleId}|${f.resourceId}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(all.filter((f) => f.ruleId === agentRule)).toHaveLength(1);
    expect(JSON.stringify(log.entries)).not.toContain('instruction');
  });

  it('resolves the open findings of a deleted asset', async () => {
    const clock = fixedClock('2026-11-25T10:00:00.000Z');
    const store = new MemoryStore();
    const bad = good.agent('doomed', { guardrail: null, customerEncryptionKeyArn: null });
    await seed(store, [bad], '2026-11-25T09:00:00.000Z');
    await runAssessment({ store, accountId: ACCOUNT, clock, log: memoryLog() });
    expect((await store.queryFindings({ resourceId: bad.id, openOnly: true })).length).toBeGreaterThanOrEqual(2);

    clock.advance(60_000);
    await store.markDeleted(bad.id, clock.now().toISOString());
    const r = await runAssessment({ store, accountId: ACCOUNT, clock, log: memoryLog(), assetIds: [bad.id] });
    expect(r.changes.filter((c) => c.finding.resourceId === bad.id).every((c) => c.transition === 'resolved')).toBe(true);
    expect(await store.queryFindings({ resourceId: bad.id, openOnly: true })).toEqual([]);
    const resolved = await store.queryFindings({ resourceId: bad.id });
    expect(resolved.length).toBeGreaterThanOrEqual(2);
    expect(resolved.every((f) => f.status === 'RESOLVED' && f.resolvedAt === clock.now().toISOString())).toBe(true);
  });

  it('re-assesses the assets whose cross-asset checks read a changed asset', async () => {
    const clock = fixedClock('2026-11-25T10:00:00.000Z');
    const store = new MemoryStore();
    const kb = good.knowledgeBase();
    const unrelated = good.agent('unrelated', { guardrail: null });
    await seed(store, [kb, bucket('kb-source'), unrelated], '2026-11-25T09:00:00.000Z');
    const first = await runAssessment({ store, accountId: ACCOUNT, clock, log: memoryLog() });
    expect(first.results.find((r) => r.checkId === 'bedrock_knowledge_base_source_bucket_write_restricted')?.status).toBe('PASS');

    clock.advance(60_000);
    const opened = bucket('kb-source', {
      publicAccessBlock: null,
      policyStatements: [stmt(['s3:PutObject'], ['*'], { principals: [`arn:aws:iam::${OTHER_ACCOUNT}:root`] })],
    });
    await seed(store, [opened], clock.now().toISOString());
    const r = await runAssessment({ store, accountId: ACCOUNT, clock, log: memoryLog(), assetIds: [opened.id] });
    const rag = r.results.find((x) => x.checkId === 'bedrock_knowledge_base_source_bucket_write_restricted');
    expect(rag?.status).toBe('FAIL');
    expect(rag?.resourceId).toBe(kb.id);
    expect(r.results.some((x) => x.resourceId === unrelated.id)).toBe(false);
    expect(r.changes.some((c) => c.finding.resourceId === kb.id && c.transition === 'opened')).toBe(true);
  });

  it('resolves a finding when its check stops applying (region stops using models)', async () => {
    const clock = fixedClock('2026-11-25T10:00:00.000Z');
    const store = new MemoryStore();
    const off = good.logging(REGION, { enabled: false, cloudWatch: null });
    await seed(store, [off], '2026-11-25T09:00:00.000Z');
    await runAssessment({ store, accountId: ACCOUNT, clock, log: memoryLog() });
    const id = findingIdFor({ ruleId: 'bedrock_model_invocation_logging_enabled', resourceId: off.id });
    expect((await store.getFinding(id))?.status).toBe('NEW');
    clock.advance(60_000);
    await seed(store, [good.logging(REGION, { enabled: false, cloudWatch: null, modelsInUse: false })], clock.now().toISOString());
    await runAssessment({ store, accountId: ACCOUNT, clock, log: memoryLog() });
    expect((await store.getFinding(id))?.status).toBe('RESOLVED');
  });

  it('ERROR and MANUAL results leave an open finding as it is (unknown is not fixed)', async () => {
    const clock = fixedClock('2026-11-25T10:00:00.000Z');
    const store = new MemoryStore();
    const bad = good.agent('a', { guardrail: null });
    await seed(store, [bad], '2026-11-25T09:00:00.000Z');
    await runAssessment({ store, accountId: ACCOUNT, clock, log: memoryLog() });
    clock.advance(60_000);
    const unreadable = { ...bad, config: { ...bad.config, guardrail: undefined } } as unknown as AnyAsset;
    await seed(store, [unreadable], clock.now().toISOString());
    const r = await runAssessment({ store, accountId: ACCOUNT, clock, log: memoryLog() });
    expect(r.results.find((x) => x.checkId === agentRule)?.status).toBe('ERROR');
    expect((await store.getFinding(findingIdFor({ ruleId: agentRule, resourceId: bad.id })))?.status).toBe('NEW');
  });

  it('turns coverage gaps into coverage findings and resolves them once readable', async () => {
    const clock = fixedClock('2026-11-25T10:00:00.000Z');
    const store = new MemoryStore();
    const g: CoverageGap = {
      accountId: ACCOUNT,
      region: REGION,
      service: 'sagemaker',
      operation: 'ListNotebookInstances',
      errorCode: 'AccessDeniedException',
      message: 'x',
      observedAt: NOW.toISOString(),
    };
    await store.putCoverageGaps(ACCOUNT, REGION, [g, { ...g }]);
    const r1 = await runAssessment({ store, accountId: ACCOUNT, clock, log: memoryLog() });
    const cov = r1.changes.filter((c) => c.finding.source === 'coverage');
    expect(cov).toHaveLength(1);
    expect(cov[0].finding).toMatchObject({ ruleId: COVERAGE_RULE_ID, status: 'NEW', severity: 'MEDIUM', region: REGION });
    clock.advance(60_000);
    await store.putCoverageGaps(ACCOUNT, REGION, []);
    const r2 = await runAssessment({ store, accountId: ACCOUNT, clock, log: memoryLog() });
    expect(r2.changes.filter((c) => c.finding.source === 'coverage').map((c) => c.transition)).toEqual(['resolved']);
  });

  it('produces findings that carry mappings into valid ASFF', async () => {
    const clock = fixedClock('2026-11-25T10:00:00.000Z');
    const store = new MemoryStore();
    await seed(store, [good.guardrail('weak', { contentFilters: [] })], '2026-11-25T09:00:00.000Z');
    const r = await runAssessment({ store, accountId: ACCOUNT, clock, log: memoryLog() });
    const f = r.changes.find((c) => c.finding.ruleId === 'bedrock_guardrail_prompt_attack_filter_enabled')?.finding;
    expect(f).toBeDefined();
    const doc = toAsff(f as NonNullable<typeof f>, { now: clock.now().toISOString() });
    expect(validateAsff(doc)).toEqual([]);
    expect(doc.Types).toContain('Software and Configuration Checks/AWS Security Best Practices');
    expect(doc.Compliance?.RelatedRequirements?.some((x) => x.includes('LLM01'))).toBe(true);
    expect(doc.Compliance?.RelatedRequirements?.some((x) => x.includes('AML.T0051'))).toBe(true);
    expect(doc.Remediation?.Recommendation?.Url).toMatch(/^https:\/\//);
    expect(doc.ProductFields?.['aispm/RuleId']).toBe('bedrock_guardrail_prompt_attack_filter_enabled');
    expect(doc.ProductFields?.['aispm/Evidence/reason']).toContain('no prompt-attack filter');
  });
});
