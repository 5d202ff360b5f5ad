import { judgeKey, worstStatus } from '../lib/kms.ts';
import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, error, fail, manual, pass, unread } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'bedrock_knowledge_base_data_source_encrypted_with_cmk',
    title: 'Bedrock knowledge-base data sources are encrypted with a customer-managed KMS key',
    severity: 'HIGH',
    service: 'bedrock',
    resourceType: 'bedrock.knowledge-base',
    description:
      'Checks that every data source of the knowledge base has a server-side encryption configuration with a customer-managed KMS key (Prowler bedrock_knowledge_base_encrypted_with_cmk, Security Hub Bedrock.1). The key is configured per data source; Bedrock has no knowledge-base-level key.',
    risk: 'Ingested document data is encrypted with an AWS-owned key; access cannot be governed or revoked with a key policy.',
    remediation: {
      text: 'Set serverSideEncryptionConfiguration.kmsKeyArn on each data source and re-sync it.',
      url: 'https://docs.aws.amazon.com/securityhub/latest/userguide/bedrock-controls.html',
      cli: 'aws bedrock-agent update-data-source --knowledge-base-id <kb> --data-source-id <ds> --name <name> --data-source-configuration file://ds.json --server-side-encryption-configuration kmsKeyArn=<kms-key-arn>',
      cdk: "new bedrock.CfnDataSource(this, 'DS', { serverSideEncryptionConfiguration: { kmsKeyArn: key.keyArn }, ... })",
    },
    types: [TYPES.bestPractice, TYPES.dataExposure],
    mappings: maps(M.encryption, { owasp: ['LLM08'] }),
    equivalents: { prowler: ['bedrock_knowledge_base_encrypted_with_cmk'], securityHub: ['Bedrock.1'] },
    categories: ['gen-ai', 'encryption', 'rag'],
  },
  evaluate(kb) {
    const u = unread(kb, ['dataSources']);
    if (u) return u;
    const ds = kb.config.dataSources;
    if (ds.length === 0) return pass(`Knowledge base ${kb.name} has no data sources.`);
    const bad = ds.filter((d) => !d.kmsKeyArn);
    if (bad.length > 0)
      return fail(`Knowledge base ${kb.name}: data source(s) ${bad.map((d) => d.name).join(', ')} have no customer-managed key.`, {
        dataSources: bad.map((d) => d.id),
      });
    const judged = ds.map((d) => ({ d, j: judgeKey(kb, d.kmsKeyArn as string) }));
    const status = worstStatus(judged.map((x) => x.j));
    if (status !== 'PASS') {
      const hit = judged.filter((x) => x.j.status === status);
      const evidence = { dataSources: hit.map((x) => x.d.id), keys: hit.map((x) => x.j.evidence) };
      if (status === 'FAIL')
        return fail(
          `Knowledge base ${kb.name}: data source(s) ${hit.map((x) => `${x.d.name} (encrypted with ${x.j.described})`).join(', ')} have no usable customer-managed key.`,
          evidence,
        );
      const why = `Knowledge base ${kb.name}: the key of data source(s) ${hit.map((x) => `${x.d.name} (${x.j.key}: ${x.j.unconfirmed})`).join(', ')} could not be confirmed customer-managed.`;
      return status === 'MANUAL' ? manual(why, evidence) : error(why, evidence);
    }
    return pass(`All ${ds.length} data source(s) of knowledge base ${kb.name} use a customer-managed key.`, {
      keys: [...new Set(ds.map((d) => d.kmsKeyArn))],
    });
  },
});
