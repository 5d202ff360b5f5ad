import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { SQSClient } from '@aws-sdk/client-sqs';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import middy from '@middy/core';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { createEventBridgeSink } from '../../shared/adapters/eventbridge.ts';
import { parseWebhookSecret } from '../../shared/adapters/secrets.ts';
import { createSecurityHubSink } from '../../shared/adapters/securityhub.ts';
import { createSlackWebhookSink } from '../../shared/adapters/slack.ts';
import { createSqsDeadLetterSink } from '../../shared/adapters/sqs.ts';
import { isSeverity } from '../../shared/domain/severity.ts';
import { parseSuppressions } from '../../shared/findings/suppressions.ts';
import { deliverQueueRecords } from '../../shared/pipeline/deliver.ts';
import { DynamoStore } from '../../shared/store/dynamo.ts';
import { powertools } from '../common/powertools.ts';

/**
 * Delivery function (SQS: FindingChangeMessage). Wiring only; the logic is `deliverQueueRecords`.
 * Env: TABLE_NAME (idempotency marks, asset tags), EVENT_BUS_NAME, DLQ_URL, SLACK_SECRET_ARN?, SLACK_MIN_SEVERITY?,
 * SLACK_DIGEST_THRESHOLD?, SUPPRESSIONS? (JSON array), HOME_REGION? (for IAM/global findings), SECURITY_HUB_REGION?
 * (default: the function's region), SECURITY_HUB=off?, TARGET_ROLE_ARNS? (the member accounts' scan roles: which accounts), TARGET_IMPORT_ROLE_NAME? (the role
 * assumed in each of them to import its findings; unset = the TARGET_ROLE_ARNS role), TARGET_EXTERNAL_ID? (sts:ExternalId).
 */
const env = process.env;
const { logger, tracer, metrics, log } = powertools('aispm-deliver');

// Configuration is validated at cold start: a bad setting fails fast, naming it.
const suppressions = parseSuppressions(env.SUPPRESSIONS, 'SUPPRESSIONS');
const slackMinSeverity = env.SLACK_MIN_SEVERITY ?? 'HIGH';
if (!isSeverity(slackMinSeverity)) throw new Error(`invalid setting 'SLACK_MIN_SEVERITY': expected INFORMATIONAL|LOW|MEDIUM|HIGH|CRITICAL`);
const digestThreshold = Number(env.SLACK_DIGEST_THRESHOLD ?? 5);
if (!Number.isInteger(digestThreshold) || digestThreshold < 1)
  throw new Error(`invalid setting 'SLACK_DIGEST_THRESHOLD': expected a whole number >= 1`);
for (const name of ['TABLE_NAME', 'EVENT_BUS_NAME', 'DLQ_URL']) if (!env[name]) throw new Error(`missing setting '${name}'`);

// Findings of scanned member accounts are imported with a role in that account (the default product only accepts
// the caller's own AwsAccountId). TARGET_ROLE_ARNS: comma-separated role ARNs, the account id is read from each ARN;
// TARGET_IMPORT_ROLE_NAME: the import role assumed in each of those accounts (same partition and account); unset =
// the target role itself (member roles from before the import role was split off).
const importRoleName = env.TARGET_IMPORT_ROLE_NAME || undefined;
if (importRoleName && !/^[\w+=,.@-]{1,64}$/.test(importRoleName))
  throw new Error(`invalid setting 'TARGET_IMPORT_ROLE_NAME': '${importRoleName}' is not an IAM role name`);
const importRoles = new Map<string, string>();
for (const arn of (env.TARGET_ROLE_ARNS ?? '')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean)) {
  const m = /^arn:(aws[a-z-]*):iam::(\d{12}):role\/.+$/.exec(arn);
  if (!m) throw new Error(`invalid setting 'TARGET_ROLE_ARNS': '${arn}' is not an IAM role ARN`);
  importRoles.set(m[2], importRoleName ? `arn:${m[1]}:iam::${m[2]}:role/${importRoleName}` : arn);
}
const externalId = env.TARGET_EXTERNAL_ID || undefined;
const memberClients = new Map<string, SecurityHubClient>();
const securityHubFor = (accountId: string) => {
  const roleArn = importRoles.get(accountId);
  if (!roleArn) return undefined;
  let c = memberClients.get(accountId);
  if (!c) {
    c = tracer.captureAWSv3Client(
      new SecurityHubClient({
        credentials: fromTemporaryCredentials({
          params: { RoleArn: roleArn, ExternalId: externalId, RoleSessionName: 'aispm-delivery', DurationSeconds: 3600 },
        }),
      }),
    );
    memberClients.set(accountId, c);
  }
  return c;
};

const store = new DynamoStore({ tableName: env.TABLE_NAME ?? '', client: tracer.captureAWSv3Client(new DynamoDBClient({})) });
const sinks = {
  securityHub:
    env.SECURITY_HUB === 'off'
      ? undefined
      : createSecurityHubSink({ client: tracer.captureAWSv3Client(new SecurityHubClient({})), clientFor: securityHubFor, log }),
  eventBridge: createEventBridgeSink({
    client: tracer.captureAWSv3Client(new EventBridgeClient({})),
    eventBusName: env.EVENT_BUS_NAME ?? '',
    log,
  }),
  slack: env.SLACK_SECRET_ARN
    ? createSlackWebhookSink({
        // Powertools caches the secret (maxAge 5 min); the URL is parsed, never logged.
        getUrl: async () => parseWebhookSecret(String((await getSecret(env.SLACK_SECRET_ARN ?? '', { maxAge: 300 })) ?? '')),
        log,
      })
    : undefined,
  deadLetter: createSqsDeadLetterSink({ client: tracer.captureAWSv3Client(new SQSClient({})), queueUrl: env.DLQ_URL ?? '', log }),
};
const processor = new BatchProcessor(EventType.SQS);

export const handler = middy(async (event: SQSEvent, context: Context) => {
  const { report, malformed, redriven, failedMessageIds } = await deliverQueueRecords(event.Records, sinks, {
    now: new Date(),
    log,
    marks: store,
    suppressions,
    resourceTags: async (id) => (await store.getAsset(id))?.tags,
    currentFinding: (id) => store.getFinding(id),
    remainingMs: () => context.getRemainingTimeInMillis(),
    slackMinSeverity,
    digestThreshold,
    homeRegion: env.HOME_REGION ?? env.AWS_REGION,
    // the function may only import into its own region's default product (see docs/delivery.md)
    importRegion: env.SECURITY_HUB_REGION ?? env.AWS_REGION,
  });
  metrics.addMetric('FindingsImported', MetricUnit.Count, report.securityHub.imported);
  metrics.addMetric('FindingEventsPublished', MetricUnit.Count, report.eventBridge.published);
  metrics.addMetric('SlackMessages', MetricUnit.Count, report.slack.messages);
  metrics.addMetric('DeliveryDeadLettered', MetricUnit.Count, report.deadLettered);
  metrics.addMetric(
    'DeliveryDuplicates',
    MetricUnit.Count,
    report.duplicates.securityHub + report.duplicates.eventBridge + report.duplicates.slack,
  );
  metrics.addMetric('MalformedMessages', MetricUnit.Count, malformed);
  if (redriven) metrics.addMetric('DeadLettersRedriven', MetricUnit.Count, redriven);
  log.info('delivery batch done', { records: event.Records.length, malformed, redriven, retry: failedMessageIds.length, report });
  const retry = new Set(failedMessageIds);
  return processPartialResponse(
    event,
    async (record: SQSRecord) => {
      if (retry.has(record.messageId)) throw new Error('delivery could not be completed nor dead-lettered; SQS will redeliver');
    },
    processor,
    { context },
  );
})
  .use(captureLambdaHandler(tracer))
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics, { captureColdStartMetric: true }));
