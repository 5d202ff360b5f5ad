import { type StoredFlowVersion, storedFlowVersions, versionLabel } from '../lib/flow.ts';
import { judgeKey, worstStatus } from '../lib/kms.ts';
import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, error, fail, manual, pass } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'bedrock_flow_encrypted_with_cmk',
    title: 'Bedrock flows are encrypted with a customer-managed KMS key',
    severity: 'MEDIUM',
    service: 'bedrock',
    resourceType: 'bedrock.flow',
    description:
      'Checks customerEncryptionKeyArn of the flow DRAFT and of every published version, whether an alias serves it or not: each version keeps the key it was created with, and an old version still holds its definition (prompt templates) at rest.',
    risk: 'A flow definition holds prompt templates (system prompts), inline code and the wiring to knowledge bases, agents and functions. With an AWS-owned key, access cannot be restricted, audited or revoked through a key policy (system prompt leakage).',
    remediation: {
      text: 'Update the flow with customerEncryptionKeyArn set to a customer-managed key (the key policy and the policies of the flow callers and execution role must allow its use), then create a new version and point the aliases at it. Delete the published versions created before the key was set once no alias routes to them (delete-flow-version).',
      url: 'https://docs.aws.amazon.com/bedrock/latest/userguide/encryption-flows.html',
      cli: 'aws bedrock-agent update-flow --flow-identifier <id> --name <name> --execution-role-arn <role> --customer-encryption-key-arn <kms-key-arn> --definition file://definition.json',
      cdk: "new bedrock.CfnFlow(this, 'Flow', { customerEncryptionKeyArn: key.keyArn, ... })",
    },
    types: [TYPES.bestPractice],
    mappings: maps(M.encryption, { owasp: ['LLM07'], atlas: ['AML.T0056'] }),
    equivalents: {},
    categories: ['gen-ai', 'encryption'],
  },
  evaluate(flow) {
    const view = storedFlowVersions(flow);
    if (!view.ok) return view.outcome;
    const served = (v: StoredFlowVersion) => (v.servedBy.length ? `alias ${v.servedBy.join(', ')}` : 'no alias');
    const judged = view.versions.map((v) => ({
      v,
      j: v.customerEncryptionKeyArn ? judgeKey(flow, v.customerEncryptionKeyArn) : undefined,
    }));
    const weak = judged.filter((x) => x.j === undefined || x.j.status === 'FAIL');
    const keyNote = (x: (typeof judged)[number]) => (x.j ? `, ${x.j.described}` : '');
    if (weak.length > 0)
      return fail(
        `Flow ${flow.name} is not encrypted with a customer-managed key in ${weak.map((x) => `${versionLabel(x.v)} (${served(x.v)}${keyNote(x)})`).join(', ')}.`,
        {
          versions: weak.map(({ v, j }) => ({
            version: v.version,
            customerEncryptionKeyArn: v.customerEncryptionKeyArn,
            servedByAlias: v.servedBy.length > 0,
            aliases: v.servedBy,
            ...(j ? { keyManager: j.evidence.keyManager ?? null, keyState: j.evidence.keyState ?? null } : {}),
          })),
        },
      );
    const status = worstStatus(judged.flatMap((x) => (x.j ? [x.j] : [])));
    if (status === 'ERROR' || status === 'MANUAL') {
      const open = judged.filter((x) => x.j?.status === status);
      const why = `Flow ${flow.name}: the key of ${open.map((x) => `${versionLabel(x.v)} (${x.j?.key}: ${x.j?.unconfirmed})`).join(', ')} could not be confirmed customer-managed.`;
      const evidence = { versions: open.map((x) => x.v.version), keys: open.map((x) => x.j?.evidence) };
      return status === 'MANUAL' ? manual(why, evidence) : error(why, evidence);
    }
    return pass(`Flow ${flow.name} is encrypted with a customer-managed key (${view.versions.map(versionLabel).join(', ')}).`, {
      keys: [...new Set(view.versions.map((v) => v.customerEncryptionKeyArn))],
      versions: view.versions.map((v) => v.version),
    });
  },
});
