import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, fail, pass, unread } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'bedrockagentcore_runtime_mmdsv2_required',
    title: 'Bedrock AgentCore runtimes require MMDSv2 for the microVM metadata service',
    severity: 'MEDIUM',
    service: 'bedrockagentcore',
    resourceType: 'bedrock-agentcore.runtime',
    description:
      'Checks that metadataConfiguration.requireMMDSV2 is true, so the microVM metadata service only answers session-token (v2) requests. No metadata configuration counts as not required.',
    risk: 'Agents fetch URLs chosen by model output. Without MMDSv2 a server-side request forgery through a tool (or an injected instruction) can read the runtime role credentials from the metadata service with a single GET.',
    remediation: {
      text: 'Update the runtime with metadataConfiguration requireMMDSV2=true after checking that its SDKs use session tokens.',
      url: 'https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/security-credentials-management.html',
      cli: 'aws bedrock-agentcore-control update-agent-runtime --agent-runtime-id <id> ... --metadata-configuration requireMMDSV2=true',
      cdk: '// UpdateAgentRuntime with metadataConfiguration: { requireMMDSV2: true } (AgentCore API field)',
    },
    types: [TYPES.bestPractice, TYPES.credentialAccess],
    mappings: maps(M.secrets, { owasp: ['LLM06'], atlas: ['AML.T0049'] }),
    equivalents: {},
    categories: ['gen-ai', 'agents', 'secrets'],
  },
  evaluate(r) {
    const u = unread(r, ['requireMmdsV2']);
    if (u) return u;
    if (!r.config.requireMmdsV2) return fail(`Runtime ${r.name} accepts MMDSv1 (token-less) metadata requests.`, { requireMMDSV2: false });
    return pass(`Runtime ${r.name} requires MMDSv2.`, { requireMMDSV2: true });
  },
});
