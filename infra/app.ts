import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { type AiSpmSettings, parseSettings, SettingsError } from '../shared/config/settings.ts';
import { AiSpmStack } from './stack.ts';

/**
 * CDK app. Settings come from the `aispm` context key (cdk.json or `-c aispm='{"regions":["us-east-1"]}'`) and are
 * validated before anything is built: a bad setting stops the synth with a message naming it.
 */
export function buildApp(app = new App()): { app: App; stack: AiSpmStack } {
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
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  buildApp().app.synth();
}
