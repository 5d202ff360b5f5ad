import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import middy from '@middy/core';
import { secretsManagerWebhook } from '../../shared/adapters/secrets.ts';
import { createSlackWebhookSink } from '../../shared/adapters/slack.ts';
import { ALL_CHECKS } from '../../shared/checks/index.ts';
import { evaluateChecks } from '../../shared/pipeline/assess.ts';
import { parseReportRequest } from '../../shared/report/event.ts';
import { loadReportState } from '../../shared/report/from-store.ts';
import { publishReport } from '../../shared/report/publish.ts';
import { DynamoStore } from '../../shared/store/dynamo.ts';
import type { Log } from '../../shared/util/logger.ts';
import { powertools } from '../common/powertools.ts';

/**
 * Report function: after each full scan (EventBridge `AI-SPM Scan Completed`) or on demand. Reads the inventory and
 * findings from DynamoDB, recomputes check results from the stored inventory, writes the report, findings
 * (JSON/CSV/ASFF/OCSF), AI-BOM and evidence pack to the reports bucket and posts a presigned link to Slack.
 * Env: TABLE_NAME, REPORT_BUCKET, REPORT_KMS_KEY_ARN?, REPORT_RETENTION_DAYS?, REPORT_LINK_EXPIRY_SECONDS?,
 * SLACK_SECRET_ARN?, ACCOUNT_IDS? (comma-separated fallback when the event names no account).
 */
const { logger, tracer, metrics, log } = powertools('aispm-report');
/** Powertools Logger behind the shared `Log` surface (ids and counts only, never content). */

const env = process.env;
const dynamo = tracer.captureAWSv3Client(new DynamoDBClient({}));
const s3 = tracer.captureAWSv3Client(new S3Client({}));
const store = new DynamoStore({ tableName: env.TABLE_NAME ?? '', client: dynamo });
const slack = env.SLACK_SECRET_ARN
  ? createSlackWebhookSink({ getUrl: secretsManagerWebhook(new SecretsManagerClient({}), env.SLACK_SECRET_ARN), log })
  : undefined;

const intEnv = (name: string, fallback: number) => {
  const v = Number(env[name] ?? '');
  return env[name] !== undefined && Number.isInteger(v) && v >= 0 ? v : fallback;
};

export const handler = middy(async (event: unknown) => {
  if (!env.TABLE_NAME || !env.REPORT_BUCKET) throw new Error('TABLE_NAME and REPORT_BUCKET must be set');
  const now = new Date();
  const request = parseReportRequest(
    event,
    (env.ACCOUNT_IDS ?? '').split(',').map((s) => s.trim()),
  );
  const checks = ALL_CHECKS;
  const state = await loadReportState(store, {
    accountIds: request.accountIds,
    checks: checks.map((c) => c.metadata),
    evaluate: (assets, gaps) => evaluateChecks(assets, gaps, checks, { now }),
    now,
  });
  const result = await publishReport(
    state,
    {
      s3,
      presign: (bucket, key, expiresIn) => getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: key }), { expiresIn }),
      slack,
      log,
    },
    {
      bucket: env.REPORT_BUCKET,
      kmsKeyArn: env.REPORT_KMS_KEY_ARN || undefined,
      retentionDays: intEnv('REPORT_RETENTION_DAYS', 0),
      linkExpirySeconds: intEnv('REPORT_LINK_EXPIRY_SECONDS', 3600),
      runId: request.runId,
      now,
    },
  );
  metrics.addMetric('ReportArtifacts', MetricUnit.Count, result.keys.length);
  metrics.addMetric('ReportOpenFindings', MetricUnit.Count, state.findings.filter((f) => f.status !== 'RESOLVED').length);
  logger.info('report published', {
    trigger: request.trigger,
    accounts: request.accountIds.length,
    prefix: result.prefix,
    notified: result.notified,
  });
  return { bucket: result.bucket, prefix: result.prefix, keys: result.keys, notified: result.notified };
})
  .use(injectLambdaContext(logger))
  .use(captureLambdaHandler(tracer))
  .use(logMetrics(metrics));
