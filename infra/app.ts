import { Annotations, App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import {
  type AiSpmSettings,
  forwarderWarnings,
  parseForwarderSettings,
  parseMemberSettings,
  parseSettings,
  SettingsError,
} from '../shared/config/settings.ts';
import { AiSpmForwarderStack } from './forwarder-stack.ts';
import { AiSpmMemberStack } from './member-stack.ts';
import { AiSpmStack } from './stack.ts';

/**
 * CDK app. Settings come from the `aispm` context key (cdk.json or `-c aispm='{"regions":["us-east-1"]}'`) and are
 * validated before anything is built: a bad setting stops the synth with a message naming it.
 * With the `aispmMember` context key (`-c aispmMember='{"discoveryPrincipalArns":[...],"deliveryPrincipalArns":[...]}'`)
 * the app also holds `AiSpmMember`, the scan and import roles to deploy in each member account (see `member-stack.ts`).
 * With the `aispmForwarder` context key (`-c aispmForwarder='{"centralBusArn":"arn:aws:events:...","regions":[...]}'`)
 * it holds `AiSpmForwarder-<region>` for each region: the rules forwarding an account's CloudTrail write events to the
 * central stack (see `forwarder-stack.ts`).
 */
export function buildApp(app = new App()): {
  app: App;
  stack: AiSpmStack;
  member?: AiSpmMemberStack;
  forwarders: AiSpmForwarderStack[];
} {
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
  const memberSettings = parseContext(
    app.node.tryGetContext('aispmMember'),
    'aispmMember',
    parseMemberSettings,
    '{"discoveryPrincipalArns":["arn:aws:iam::111122223333:role/..."],"deliveryPrincipalArns":["arn:aws:iam::111122223333:role/..."]}',
  );
  const member = memberSettings
    ? new AiSpmMemberStack(app, 'AiSpmMember', {
        settings: memberSettings,
        description: 'AI-SPM member account: the roles the central AI-SPM stack assumes (read-only scan; Security Hub import)',
      })
    : undefined;
  const forwarderSettings = parseContext(
    app.node.tryGetContext('aispmForwarder'),
    'aispmForwarder',
    parseForwarderSettings,
    '{"centralBusArn":"arn:aws:events:us-east-1:111122223333:event-bus/...","regions":["us-east-1","eu-west-1"]}',
  );
  const forwarders = (forwarderSettings?.regions ?? []).map(
    (region) =>
      new AiSpmForwarderStack(app, `AiSpmForwarder-${region}`, {
        settings: forwarderSettings as NonNullable<typeof forwarderSettings>,
        env: { region },
        description: 'AI-SPM forwarder: CloudTrail write events of this account and region to the central AI-SPM stack',
      }),
  );
  if (forwarderSettings)
    for (const w of forwarderWarnings(forwarderSettings)) {
      const on = w.region ? forwarders.filter((f) => f.region === w.region) : forwarders;
      for (const f of on) Annotations.of(f).addWarningV2('aispm:forwarder', w.message);
    }
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack, member, forwarders };
}

/** A member-side context key (JSON string from `-c`, or an object from cdk.json) -> its settings; absent = no stack. */
function parseContext<T>(raw: unknown, key: string, parse: (raw: Record<string, unknown>) => T, example: string): T | undefined {
  if (raw === undefined) return undefined;
  const fail = (message: string): never => {
    throw new Error(`AI-SPM ${key === 'aispmMember' ? 'member' : 'forwarder'} configuration error (${key}): ${message}`);
  };
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      fail(`expected a JSON object, e.g. ${example}`);
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail('expected a JSON object');
  try {
    return parse(value as Record<string, unknown>);
  } catch (err) {
    if (err instanceof SettingsError) return fail(err.message);
    throw err;
  }
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  buildApp().app.synth();
}
