import { describe, expect, it } from 'vitest';
import { InventoryGraph } from '../../../shared/assessment/graph.ts';
import { BEDROCKAGENTCORE_CHECKS } from '../../../shared/checks/bedrockagentcore/index.ts';
import type { CheckOutcome } from '../../../shared/domain/check.ts';
import { NOW } from '../../fixtures/checks/builders.ts';
import { agentcoreCases, pinnedToWeakV1 } from '../../fixtures/checks/cases-agentcore.ts';
import { describeChecks } from '../../fixtures/checks/run-cases.ts';

describeChecks(BEDROCKAGENTCORE_CHECKS, agentcoreCases);

describe('AgentCore runtime checks judge every served version (endpoint prod pinned to a weak version 1)', () => {
  const run = (id: string, target: unknown = pinnedToWeakV1): CheckOutcome => {
    const check = BEDROCKAGENTCORE_CHECKS.find((c) => c.metadata.id === id);
    if (!check) throw new Error(id);
    const r = check.evaluate(target as never, { graph: new InventoryGraph([target as never], []), now: NOW, settings: {} });
    return (Array.isArray(r) ? r[0] : r) as CheckOutcome;
  };

  it('network mode: FAIL naming version 1 and endpoint prod, with every judged version in the evidence', () => {
    const o = run('bedrockagentcore_runtime_vpc_network_mode_configured');
    expect(o.status).toBe('FAIL');
    expect(o.reason).toContain('version 1 (endpoint prod)');
    expect(o.evidence?.versions).toEqual([
      { version: '2', latest: true, endpoints: ['DEFAULT'], networkMode: 'VPC' },
      { version: '1', latest: false, endpoints: ['prod'], networkMode: 'PUBLIC' },
    ]);
  });

  it('MMDSv2: FAIL naming version 1 and endpoint prod', () => {
    const o = run('bedrockagentcore_runtime_mmdsv2_required');
    expect(o.status).toBe('FAIL');
    expect(o.reason).toContain('version 1 (endpoint prod)');
    expect(o.reason).not.toContain('version 2');
  });

  it('secrets: FAIL naming the variable, version 1 and endpoint prod (names only)', () => {
    const o = run('bedrockagentcore_runtime_environment_no_secrets');
    expect(o.status).toBe('FAIL');
    expect(o.reason).toContain('version 1 (endpoint prod): OPENAI_API_KEY');
    expect(o.evidence).toMatchObject({
      envNames: ['OPENAI_API_KEY'],
      versions: [{ version: '1', latest: false, endpoints: ['prod'], envNames: ['OPENAI_API_KEY'] }],
      versionsJudged: ['2', '1'],
    });
  });

  it('a served version that was not read is ERROR naming the version and the endpoint, for all three checks', () => {
    const target = {
      ...pinnedToWeakV1,
      config: { ...pinnedToWeakV1.config, otherVersions: [] },
      collectionErrors: ['GetAgentRuntime(version 1): AccessDeniedException'],
    };
    for (const id of [
      'bedrockagentcore_runtime_vpc_network_mode_configured',
      'bedrockagentcore_runtime_mmdsv2_required',
      'bedrockagentcore_runtime_environment_no_secrets',
    ]) {
      const o = run(id, target);
      expect(o.status, id).toBe('ERROR');
      expect(o.evidence, id).toMatchObject({
        unreadVersions: ['1'],
        endpoints: ['prod'],
        collectionErrors: ['GetAgentRuntime(version 1): AccessDeniedException'],
      });
    }
  });
});
