import { bedrockInUse } from '../lib/context.ts';
import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, fail, manual, pass, unread } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'bedrock_model_invocation_logging_enabled',
    title: 'Bedrock model invocation logging is enabled where models are used',
    severity: 'MEDIUM',
    service: 'bedrock',
    resourceType: 'bedrock.logging-config',
    description:
      'Region-aware: in a region where Bedrock models are used, model invocation logging must be enabled (S3 or CloudWatch Logs). Regions without model use are not applicable.',
    risk: 'Without invocation logs there is no record of prompts, completions and callers: prompt injection, data leakage and LLMjacking cannot be detected or investigated.',
    remediation: {
      text: 'Enable model invocation logging to CloudWatch Logs and/or S3 with text data delivery.',
      url: 'https://docs.aws.amazon.com/bedrock/latest/userguide/model-invocation-logging.html',
      cli: "aws bedrock put-model-invocation-logging-configuration --logging-config 'cloudWatchConfig={logGroupName=/aws/bedrock/invocations,roleArn=<role-arn>},textDataDeliveryEnabled=true'",
      cdk: "new cr.AwsCustomResource(this, 'InvocationLogging', { onUpdate: { service: 'Bedrock', action: 'putModelInvocationLoggingConfiguration', parameters: { loggingConfig: { cloudWatchConfig: { logGroupName, roleArn }, textDataDeliveryEnabled: true } }, physicalResourceId: cr.PhysicalResourceId.of('logging') }, policy })",
    },
    types: [TYPES.bestPractice],
    mappings: maps(M.logging),
    equivalents: { prowler: ['bedrock_model_invocation_logging_enabled'] },
    categories: ['gen-ai', 'logging'],
  },
  evaluate(cfg, ctx) {
    const u = unread(cfg, ['enabled']);
    if (u) return u;
    if (cfg.config.enabled) {
      const dest = [cfg.config.s3 ? `s3://${cfg.config.s3.bucketName}` : null, cfg.config.cloudWatch?.logGroupName ?? null].filter(Boolean);
      return pass(`Model invocation logging is enabled in ${cfg.region} (${dest.join(', ')}).`);
    }
    const inUse = bedrockInUse(ctx.graph, cfg.accountId, cfg.region);
    if (inUse === false) return [];
    if (inUse === undefined)
      return manual(`Model invocation logging is disabled in ${cfg.region}; whether models are used there is unknown.`);
    return fail(`Bedrock models are used in ${cfg.region} but model invocation logging is disabled.`);
  },
});
