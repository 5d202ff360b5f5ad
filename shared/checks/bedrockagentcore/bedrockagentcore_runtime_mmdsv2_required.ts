import { runtimeVersionEvidence, runtimeVersionLabel, runtimeVersions } from '../lib/agentcore-runtime.ts';
import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, fail, pass } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'bedrockagentcore_runtime_mmdsv2_required',
    title: 'Bedrock AgentCore runtimes require MMDSv2 for the microVM metadata service',
    severity: 'MEDIUM',
    service: 'bedrockagentcore',
    resourceType: 'bedrock-agentcore.runtime',
    description:
      'Checks that metadataConfiguration.requireMMDSV2 is true, so the microVM metadata service only answers session-token (v2) requests, in every runtime version that serves traffic: the latest version (the DEFAULT endpoint follows it) and every version an endpoint serves or is moving to. No metadata configuration counts as not required.',
    risk: 'Agents fetch URLs chosen by model output. Without MMDSv2 a server-side request forgery through a tool (or an injected instruction) can read the runtime role credentials from the metadata service with a single GET.',
    remediation: {
      text: 'Update the runtime with metadataConfiguration requireMMDSV2=true after checking that its SDKs use session tokens, then point every endpoint still serving an older version at the new version.',
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
    const view = runtimeVersions(r, 'served', ['requireMmdsV2']);
    if (!view.ok) return view.outcome;
    const versions = view.versions.map((v) => runtimeVersionEvidence(v, { requireMMDSV2: v.config.requireMmdsV2 }));
    const weak = view.versions.filter((v) => !v.config.requireMmdsV2);
    if (weak.length > 0)
      return fail(`Runtime ${r.name} accepts MMDSv1 (token-less) metadata requests in ${weak.map(runtimeVersionLabel).join('; ')}.`, {
        requireMMDSV2: false,
        versions,
      });
    return pass(`Runtime ${r.name} requires MMDSv2 in every served version (${view.versions.map(runtimeVersionLabel).join('; ')}).`, {
      requireMMDSV2: true,
      versions,
    });
  },
});
