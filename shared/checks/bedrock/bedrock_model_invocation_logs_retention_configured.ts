import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, error, fail, manual, pass, unread } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'bedrock_model_invocation_logs_retention_configured',
    title: 'Bedrock invocation logs have a retention period of at least six months',
    severity: 'LOW',
    service: 'bedrock',
    resourceType: 'bedrock.logging-config',
    description:
      'The CloudWatch log group receiving invocation logs must have a retention period (not "never expire") of at least `logRetentionMinDays` (default 180, the EU AI Act Art. 26(6) minimum for deployers). S3-only destinations need a lifecycle review (MANUAL).',
    risk: 'Without a retention period, logs full of prompts are kept forever (data-minimisation breach); with too short a one, the evidence needed for incidents and regulators is gone.',
    remediation: {
      text: 'Set a retention period on the log group (for example 400 days) matching your record-keeping policy; for S3 add a lifecycle rule.',
      url: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Working-with-log-groups-and-streams.html#SettingLogRetention',
      cli: 'aws logs put-retention-policy --log-group-name <group> --retention-in-days 400',
      cdk: "new logs.LogGroup(this, 'Invocations', { retention: logs.RetentionDays.THIRTEEN_MONTHS, encryptionKey: key })",
    },
    types: [TYPES.bestPractice, TYPES.standards],
    mappings: maps(M.logging, { euAiAct: ['Art. 19'] }),
    equivalents: {},
    categories: ['gen-ai', 'logging'],
  },
  evaluate(cfg, ctx) {
    const u = unread(cfg, ['enabled', 'cloudWatch', 's3']);
    if (u) return u;
    if (!cfg.config.enabled) return [];
    const minDays = typeof ctx.settings.logRetentionMinDays === 'number' ? ctx.settings.logRetentionMinDays : 180;
    if (cfg.config.cloudWatch) {
      if (cfg.config.logGroup === undefined) return error(`Log group ${cfg.config.cloudWatch.logGroupName} could not be read.`);
      const days = cfg.config.logGroup?.retentionInDays ?? null;
      if (days === null)
        return fail(`Log group ${cfg.config.cloudWatch.logGroupName} never expires (no retention period).`, { retentionInDays: null });
      if (days < minDays)
        return fail(`Log group ${cfg.config.cloudWatch.logGroupName} keeps invocation logs ${days} days (minimum ${minDays}).`, {
          retentionInDays: days,
          minDays,
        });
      return pass(`Log group ${cfg.config.cloudWatch.logGroupName} keeps invocation logs ${days} days.`, { retentionInDays: days });
    }
    return manual(
      `Invocation logs in ${cfg.region} go to S3 only; review the bucket lifecycle rules for a retention period of at least ${minDays} days.`,
    );
  },
});
