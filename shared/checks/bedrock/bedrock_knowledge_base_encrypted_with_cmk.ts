import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, fail, pass, unread } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'bedrock_knowledge_base_encrypted_with_cmk',
    title: 'Bedrock knowledge bases are encrypted with a customer-managed KMS key',
    severity: 'HIGH',
    service: 'bedrock',
    resourceType: 'bedrock.knowledge-base',
    description: 'Checks that the knowledge base has a customer-managed KMS key for its transient ingestion data.',
    risk: 'Knowledge bases hold chunks of internal documents; without a CMK the customer cannot restrict or revoke access to that data by key policy.',
    remediation: {
      text: 'Configure a customer-managed KMS key for the knowledge base (and its vector store) and re-sync the data sources.',
      url: 'https://docs.aws.amazon.com/bedrock/latest/userguide/encryption-kb.html',
      cli: 'aws bedrock-agent update-data-source --knowledge-base-id <kb> --data-source-id <ds> --server-side-encryption-configuration kmsKeyArn=<kms-key-arn> ...',
      cdk: "new bedrock.CfnKnowledgeBase(this, 'KB', { ... }) // plus serverSideEncryptionConfiguration: { kmsKeyArn } on each CfnDataSource",
    },
    types: [TYPES.bestPractice, TYPES.dataExposure],
    mappings: maps(M.encryption, { owasp: ['LLM08'] }),
    equivalents: { prowler: ['bedrock_knowledge_base_encrypted_with_cmk'] },
    categories: ['gen-ai', 'encryption', 'rag'],
  },
  evaluate(kb) {
    const u = unread(kb, ['kmsKeyArn']);
    if (u) return u;
    if (!kb.config.kmsKeyArn) return fail(`Knowledge base ${kb.name} is not encrypted with a customer-managed key.`);
    return pass(`Knowledge base ${kb.name} is encrypted with ${kb.config.kmsKeyArn}.`);
  },
});
