import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, error, fail, manual, pass, unread } from '../lib/outcome.ts';
import { boundaryCappedNote, boundaryEvidence, boundaryFailNote, boundedGrants, describeHits, overPrivilege } from '../lib/policy.ts';

export default defineCheck({
  metadata: {
    id: 'bedrock_knowledge_base_role_least_privilege',
    title: 'Bedrock knowledge-base service roles follow least privilege',
    severity: 'HIGH',
    service: 'bedrock',
    resourceType: 'bedrock.knowledge-base',
    description:
      "Reads the knowledge-base service role through the asset graph and fails on administrator access, privilege-escalation actions on `*`, or `bedrock:*` / `s3:*` on `*` (a knowledge base needs read access to its own source prefixes only) that the role's permissions boundary lets through (a boundary that could not be read is not applied).",
    risk: 'The knowledge-base role reads every source document and writes the vector store; an over-privileged role widens what a compromised ingestion pipeline or a confused deputy can reach.',
    remediation: {
      text: 'Scope the role to s3:GetObject/ListBucket on the source prefixes, bedrock:InvokeModel on the embedding model and the vector-store actions it needs.',
      url: 'https://docs.aws.amazon.com/bedrock/latest/userguide/kb-permissions.html',
      cli: 'aws iam detach-role-policy --role-name <kb-role> --policy-arn <broad-policy-arn>',
      cdk: "kbRole.addToPolicy(new iam.PolicyStatement({ actions: ['bedrock:InvokeModel'], resources: [embeddingModelArn] }))",
    },
    types: [TYPES.bestPractice, TYPES.privEsc],
    mappings: maps(M.privilege, M.rag),
    equivalents: {},
    categories: ['gen-ai', 'iam', 'rag'],
  },
  evaluate(kb, ctx) {
    const u = unread(kb, ['roleArn']);
    if (u) return u;
    const roleArn = kb.config.roleArn;
    if (!roleArn) return manual(`Knowledge base ${kb.name} reports no service role.`);
    const role = ctx.graph.get(roleArn);
    if (role?.type !== 'iam.role')
      return error(`Knowledge base ${kb.name}: role ${roleArn} is not in the inventory, so its permissions are unknown.`, { roleArn });
    const ru = unread(role, ['policies']);
    if (ru) return ru;
    const b = boundedGrants(
      role.config.policies,
      role.config.permissionsBoundary,
      (p, boundary) => overPrivilege(p, ['bedrock', 's3'], boundary),
      role.id,
    );
    if (b.hits.length > 0)
      return fail(
        `Knowledge base ${kb.name} runs as ${role.name}, which is over-privileged: ${describeHits(b.hits)}.${boundaryFailNote(b)}`,
        {
          roleArn,
          grants: b.hits.map((h) => h.detail),
          ...boundaryEvidence(b),
        },
      );
    return pass(
      `Knowledge base ${kb.name} runs as ${role.name} with no administrator, escalation, bedrock:* or s3:* grants.${boundaryCappedNote(b)}`,
      { roleArn, ...boundaryEvidence(b) },
    );
  },
});
