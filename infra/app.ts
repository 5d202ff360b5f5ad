import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { type AiSpmSettings, type MemberSettings, parseMemberSettings, parseSettings, SettingsError } from '../shared/config/settings.ts';
import { AiSpmMemberStack } from './member-stack.ts';
import { AiSpmStack } from './stack.ts';

/**
 * CDK app. Settings come from the `aispm` context key (cdk.json or `-c aispm='{"regions":["us-east-1"]}'`) and are
 * validated before anything is built: a bad setting stops the synth with a message naming it.
 * With the `aispmMember` context key (`-c aispmMember='{"discoveryPrincipalArns":[...],"deliveryPrincipalArns":[...]}'`)
 * the app also holds `AiSpmMember`, the scan and import roles to deploy in each member account (see `member-stack.ts`).
 */
export function buildApp(app = new App()): { app: App; stack: AiSpmStack; member?: AiSpmMemberStack } {
  const raw = app.node.tryGetContext('aispm');
  let settings: AiSpmSettings;
  try {
    settings = parseSettings(typeof raw === 'string' ? JSON.parse(raw) : (raw ?? {}));
  } catch (err) {
    if (err instanceof SettingsError) throw new Error(`AI-SPM configuration error: ${err.message}`);
    throw err;
  }
  const stack = new AiSpmStack(app, 'AiSpm', {
    settings,
    description: 'AI Security Posture Management for Amazon Bedrock and SageMaker',
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  });
  const memberSettings = parseMemberContext(app.node.tryGetContext('aispmMember'));
  const member = memberSettings
    ? new AiSpmMemberStack(app, 'AiSpmMember', {
        settings: memberSettings,
        description: 'AI-SPM member account: the roles the central AI-SPM stack assumes (read-only scan; Security Hub import)',
      })
    : undefined;
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack, member };
}

/** `aispmMember` context (JSON string from `-c`, or an object from cdk.json) -> member settings; absent = no member stack. */
function parseMemberContext(raw: unknown): MemberSettings | undefined {
  if (raw === undefined) return undefined;
  const fail = (message: string): never => {
    throw new Error(`AI-SPM member configuration error (aispmMember): ${message}`);
  };
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      fail(
        'expected a JSON object, e.g. {"discoveryPrincipalArns":["arn:aws:iam::111122223333:role/..."],"deliveryPrincipalArns":["arn:aws:iam::111122223333:role/..."]}',
      );
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail('expected a JSON object');
  try {
    return parseMemberSettings(value as Record<string, unknown>);
  } catch (err) {
    if (err instanceof SettingsError) return fail(err.message);
    throw err;
  }
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  buildApp().app.synth();
}
