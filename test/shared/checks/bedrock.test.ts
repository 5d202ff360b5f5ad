import { describe, expect, it } from 'vitest';
import bedrock_flow_encrypted_with_cmk from '../../../shared/checks/bedrock/bedrock_flow_encrypted_with_cmk.ts';
import { BEDROCK_CHECKS } from '../../../shared/checks/bedrock/index.ts';
import { flowNodes, good, KEY, run } from '../../fixtures/checks/builders.ts';
import { bedrockCases } from '../../fixtures/checks/cases-bedrock.ts';
import { describeChecks } from '../../fixtures/checks/run-cases.ts';

describeChecks(BEDROCK_CHECKS, bedrockCases);

describe('bedrock_flow_encrypted_with_cmk evidence', () => {
  const v = (version: string, customerEncryptionKeyArn: string | null) => ({ version, customerEncryptionKeyArn, nodes: flowNodes(true) });
  it('names each weak version and whether an alias serves it (an old un-aliased version, a DRAFT served by the test alias)', () => {
    const flow = good.flow('f', {
      customerEncryptionKeyArn: null,
      aliases: [{ id: 'PROD', name: 'prod', routingVersions: ['3'] }],
      aliasedVersions: [{ ...v('3', KEY), status: 'Prepared', roleArn: null }],
      publishedVersions: [v('1', null), v('2', KEY), v('3', KEY)],
    });
    const [r] = run(bedrock_flow_encrypted_with_cmk, flow);
    expect(r.status).toBe('FAIL');
    expect(r.reason).toBe('Flow f is not encrypted with a customer-managed key in DRAFT (alias TSTALIASID), version 1 (no alias).');
    expect(r.evidence).toEqual({
      versions: [
        { version: 'DRAFT', customerEncryptionKeyArn: null, servedByAlias: true, aliases: ['TSTALIASID'] },
        { version: '1', customerEncryptionKeyArn: null, servedByAlias: false, aliases: [] },
      ],
    });
  });

  it('a weak version an alias routes to names the alias', () => {
    const flow = good.flow('f', {
      aliases: [{ id: 'PROD', name: 'prod', routingVersions: ['1'] }],
      aliasedVersions: [{ ...v('1', null), status: 'Prepared', roleArn: null }],
    });
    const [r] = run(bedrock_flow_encrypted_with_cmk, flow);
    expect(r.reason).toContain('version 1 (alias PROD)');
    expect(r.evidence).toEqual({ versions: [{ version: '1', customerEncryptionKeyArn: null, servedByAlias: true, aliases: ['PROD'] }] });
  });
});
