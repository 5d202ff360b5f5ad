import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, fail, pass, unread } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'bedrock_model_invocation_logging_text_data_enabled',
    title: 'Bedrock invocation logging delivers text data',
    severity: 'MEDIUM',
    service: 'bedrock',
    resourceType: 'bedrock.logging-config',
    description:
      'When invocation logging is on, textDataDeliveryEnabled must be true; otherwise only metadata is logged and prompt content cannot be analysed.',
    risk: 'Metadata-only logs cannot reveal prompt injection, jailbreaks or sensitive data in completions; runtime detection is blind.',
    remediation: {
      text: 'Update the logging configuration with textDataDeliveryEnabled=true (keep the destination encrypted and access-restricted).',
      url: 'https://docs.aws.amazon.com/bedrock/latest/userguide/model-invocation-logging.html',
      cli: "aws bedrock put-model-invocation-logging-configuration --logging-config 'cloudWatchConfig={logGroupName=<group>,roleArn=<role>},textDataDeliveryEnabled=true'",
      cdk: 'loggingConfig: { ..., textDataDeliveryEnabled: true }',
    },
    types: [TYPES.bestPractice],
    mappings: maps(M.logging, { owasp: ['LLM02'], atlas: ['AML.T0051'] }),
    equivalents: {},
    categories: ['gen-ai', 'logging'],
  },
  evaluate(cfg) {
    const u = unread(cfg, ['enabled', 'textDataDeliveryEnabled']);
    if (u) return u;
    if (!cfg.config.enabled) return [];
    if (!cfg.config.textDataDeliveryEnabled) return fail(`Invocation logging in ${cfg.region} does not deliver text data.`);
    return pass(`Invocation logging in ${cfg.region} delivers text data.`);
  },
});
