import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, fail, manual, pass, unread } from '../lib/outcome.ts';

/** Vector stores run by AWS inside the account (data stays under the account's controls). */
export const AWS_VECTOR_STORES = [
  'OPENSEARCH_SERVERLESS',
  'OPENSEARCH_MANAGED_CLUSTER',
  'RDS',
  'NEPTUNE_ANALYTICS',
  'S3_VECTORS',
  'KENDRA',
];

export default defineCheck({
  metadata: {
    id: 'bedrock_knowledge_base_vector_store_approved',
    title: 'Knowledge-base embeddings stay in AWS or in an approved vector store',
    severity: 'MEDIUM',
    service: 'bedrock',
    resourceType: 'bedrock.knowledge-base',
    description:
      'Knowledge bases whose vector store is a third-party SaaS (Pinecone, MongoDB Atlas, Redis Enterprise Cloud) send embeddings and chunk text of internal documents outside AWS. They pass only when listed in the `approvedVectorStores` setting; without that setting they need a human review (MANUAL).',
    risk: "Embeddings can be inverted to recover source text; a third-party store puts document contents outside the account's encryption, logging and access controls (vector and embedding weaknesses, shadow data).",
    remediation: {
      text: 'Use an AWS vector store (OpenSearch Serverless, Aurora PostgreSQL, Neptune Analytics, S3 Vectors) or approve the provider after a data-protection review and add it to approvedVectorStores.',
      url: 'https://docs.aws.amazon.com/bedrock/latest/userguide/knowledge-base-setup.html',
      cli: 'aws bedrock-agent create-knowledge-base ... --storage-configuration type=OPENSEARCH_SERVERLESS,opensearchServerlessConfiguration={...}',
      cdk: "new bedrock.CfnKnowledgeBase(this, 'KB', { storageConfiguration: { type: 'OPENSEARCH_SERVERLESS', opensearchServerlessConfiguration: { ... } }, ... })",
    },
    types: [TYPES.bestPractice, TYPES.dataExposure],
    mappings: maps(M.rag, M.governance, { owasp: ['LLM02'], atlas: ['AML.T0025'] }),
    equivalents: {},
    categories: ['gen-ai', 'rag', 'shadow-ai'],
  },
  evaluate(kb, ctx) {
    const u = unread(kb, ['storageType']);
    if (u) return u;
    const t = kb.config.storageType;
    if (!t) return manual(`Knowledge base ${kb.name} reports no storage type.`);
    if (AWS_VECTOR_STORES.includes(t)) return pass(`Knowledge base ${kb.name} stores embeddings in ${t} (AWS).`, { storageType: t });
    const approved = ctx.settings.approvedVectorStores;
    if (!Array.isArray(approved))
      return manual(
        `Knowledge base ${kb.name} stores embeddings in third-party ${t}; no approved vector-store list is configured, so a person must review it.`,
        { storageType: t },
      );
    if ((approved as string[]).includes(t))
      return pass(`Knowledge base ${kb.name} stores embeddings in approved third-party ${t}.`, { storageType: t });
    return fail(`Knowledge base ${kb.name} stores embeddings in unapproved third-party ${t}.`, { storageType: t });
  },
});
