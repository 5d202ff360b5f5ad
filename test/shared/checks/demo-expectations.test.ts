import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_CHECKS } from '../../../shared/checks/index.ts';
import { type StandinHandle, startAwsStandin } from '../../../shared/demo/aws-standin/index.ts';
import { createClientFactory } from '../../../shared/discovery/clients.ts';
import type { AnyAsset } from '../../../shared/domain/asset.ts';
import type { CheckResult } from '../../../shared/domain/check.ts';
import { evaluateChecks, runAssessment } from '../../../shared/pipeline/assess.ts';
import { runDiscovery } from '../../../shared/pipeline/discover.ts';
import { MemoryStore } from '../../../shared/store/memory.ts';
import { fixedClock } from '../../../shared/util/clock.ts';
import { silentLog } from '../../../shared/util/logger.ts';
import { DEMO_EXPECTED_FAILS, DEMO_EXPECTED_MANUAL } from '../../fixtures/checks/demo-expected.ts';

/**
 * The demo account end to end: the local AWS stand-in serves it over HTTP, the real collectors discover it, and
 * every check runs over the result. The failing (asset, check) pairs must be exactly the documented ones, so bad
 * configurations are found and good ones produce no finding.
 */
describe('demo account expectations', () => {
  let standin: StandinHandle;
  const clock = fixedClock('2026-11-25T12:00:00.000Z');
  const store = new MemoryStore(() => clock.now().getTime());
  let results: CheckResult[];
  let assets: AnyAsset[];
  let accountId: string;

  beforeAll(async () => {
    standin = await startAwsStandin();
    const d = await runDiscovery({
      target: {},
      regions: ['us-east-1', 'eu-west-1'],
      clients: createClientFactory({ credentials: { accessKeyId: 'demo', secretAccessKey: 'demo' }, endpoint: standin.url }),
      store,
      clock,
      log: silentLog,
      trigger: 'demo',
    });
    accountId = d.scanRun.accountId;
    assets = d.assets;
    expect(d.gaps).toEqual([]);
    results = evaluateChecks(d.assets, d.gaps, ALL_CHECKS, { now: clock.now() });
  });
  afterAll(async () => {
    await standin?.close();
  });

  const key = (name: string, checkId: string) => `${name} | ${checkId}`;
  const pairs = (status: string) =>
    results
      .filter((r) => r.status === status)
      .map((r) => key(r.resourceName, r.checkId))
      .sort();

  it('fails exactly the documented (asset, check) pairs', () => {
    const expected = DEMO_EXPECTED_FAILS.map(([a, c]) => key(a, c)).sort();
    expect(new Set(expected).size).toBe(expected.length);
    expect(pairs('FAIL')).toEqual(expected);
  });

  it('asks for a human only where no allowlist is configured, and never errors', () => {
    expect(pairs('MANUAL')).toEqual(DEMO_EXPECTED_MANUAL.map(([a, c]) => key(a, c)).sort());
    expect(pairs('ERROR')).toEqual([]);
  });

  it('shows a permissions boundary at work: the admin role capped by ai-workload-boundary passes and says why', () => {
    const capped = results.filter(
      (r) =>
        r.resourceName === 'rag-worker-task-role' &&
        ['iam_role_ai_workload_no_administrative_privileges', 'iam_role_ai_service_wildcard_access_not_granted'].includes(r.checkId),
    );
    expect(capped.map((r) => r.status)).toEqual(['PASS', 'PASS']);
    for (const r of capped)
      expect(r.reason).toContain(
        `AdministratorAccess capped by permissions boundary arn:aws:iam::${accountId}:policy/ai-workload-boundary (allows only bedrock:InvokeModel`,
      );
  });

  it("carries an API-key owner's permissions boundary (GetUser) onto the key", () => {
    const boundary = {
      arn: `arn:aws:iam::${accountId}:policy/ai-workload-boundary`,
      statements: [expect.objectContaining({ effect: 'Allow' })],
    };
    const jane = assets.find((a) => a.type === 'iam.user' && a.name === 'analyst-jane');
    const key = assets.find((a) => a.type === 'iam.bedrock-api-key' && a.name.startsWith('analyst-jane/'));
    expect(jane?.config).toHaveProperty('permissionsBoundary', boundary);
    expect(key?.config).toHaveProperty('userPermissionsBoundary', boundary);
    expect(assets.find((a) => a.type === 'iam.user' && a.name === 'ci-bot')?.config).toHaveProperty('permissionsBoundary', null);
  });

  it('exercises a broad part of the catalogue, including toxic combinations', () => {
    const evaluated = new Set(results.map((r) => r.checkId));
    expect(evaluated.size).toBeGreaterThanOrEqual(60);
    const toxic = ALL_CHECKS.filter((c) => c.metadata.categories?.includes('toxic-combination')).map((c) => c.metadata.id);
    const toxicFails = new Set(results.filter((r) => r.status === 'FAIL' && toxic.includes(r.checkId)).map((r) => r.checkId));
    expect(toxicFails.size).toBeGreaterThanOrEqual(4);
  });

  it('records one NEW finding per failing pair, none for passing assets, and no duplicates on re-assessment', async () => {
    const first = await runAssessment({ store, accountId, clock, log: silentLog });
    const opened = first.changes.filter((c) => c.transition === 'opened' && c.finding.source === 'posture');
    expect(opened.map((c) => key(c.finding.resourceName ?? '', c.finding.ruleId)).sort()).toEqual(
      DEMO_EXPECTED_FAILS.map(([a, c]) => key(a, c)).sort(),
    );
    clock.advance(3600_000);
    const second = await runAssessment({ store, accountId, clock, log: silentLog });
    expect(second.changes.filter((c) => c.transition === 'opened' || c.transition === 'reopened')).toEqual([]);
    const all = await store.allFindings();
    expect(all.filter((f) => f.source === 'posture')).toHaveLength(DEMO_EXPECTED_FAILS.length);
    expect(all.every((f) => f.status !== 'RESOLVED')).toBe(true);
  });
});
