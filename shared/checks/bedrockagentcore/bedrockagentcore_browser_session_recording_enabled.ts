import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, fail, pass, unread } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'bedrockagentcore_browser_session_recording_enabled',
    title: 'Bedrock AgentCore custom browsers record sessions to S3',
    severity: 'MEDIUM',
    service: 'bedrockagentcore',
    resourceType: 'bedrock-agentcore.browser',
    description:
      'Checks that session recording is enabled with an S3 bucket configured. The recording bucket joins the inventory, so the S3 checks (encryption, public access, versioning) judge where the recordings land.',
    risk: 'Without recordings there is no record of what an agent did in the browser (pages, clicks, form submissions, network calls): an exfiltration or a fraudulent action by an injected agent cannot be investigated.',
    remediation: {
      text: 'Browsers cannot be updated: create a replacement custom browser with recording enabled to a private, encrypted bucket the execution role may write, and delete the old one.',
      url: 'https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/browser-session-recording.html',
      cli: 'aws bedrock-agentcore-control create-browser --name <name> --execution-role-arn <role> --network-configuration networkMode=VPC,... --recording \'{"enabled":true,"s3Location":{"bucket":"<bucket>","prefix":"recordings/"}}\'',
      cdk: "new bedrockagentcore.CfnBrowserCustom(this, 'Browser', { recordingConfig: { enabled: true, s3Location: { bucket: bucket.bucketName, prefix: 'recordings/' } }, ... })",
    },
    types: [TYPES.bestPractice],
    mappings: maps(M.logging, { owasp: ['LLM06'] }),
    equivalents: { securityHub: ['BedrockAgentCore.6'] },
    categories: ['gen-ai', 'agents', 'logging'],
  },
  evaluate(b) {
    const u = unread(b, ['recording']);
    if (u) return u;
    const r = b.config.recording;
    if (!r?.enabled) return fail(`Browser ${b.name} does not record its sessions.`, { recordingEnabled: false });
    if (!r.bucket)
      return fail(`Browser ${b.name} has recording enabled but no S3 location for the recordings.`, { recordingEnabled: true });
    return pass(`Browser ${b.name} records sessions to s3://${r.bucket}/${r.prefix ?? ''}.`, { bucket: r.bucket });
  },
});
