import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import middy from '@middy/core';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { invalidTrustedAccounts } from '../../shared/checks/lib/policy.ts';
import { parseSuppressions } from '../../shared/findings/suppressions.ts';
import { assessQueueRecords, scanCompletedEntry } from '../../shared/pipeline/assess.ts';
import { DynamoStore } from '../../shared/store/dynamo.ts';
import { systemClock } from '../../shared/util/clock.ts';
import { powertools } from '../common/powertools.ts';
import { createSqsChangeSender } from './sqs-sender.ts';

/**
 * Assessment function (SQS: AssessRequest from discovery or the schedule). Wiring only; the logic is
 * `assessQueueRecords` in shared/pipeline/assess.ts.
 * After a full (not asset-scoped) assessment it publishes `AI-SPM Scan Completed` on EVENT_BUS_NAME (triggers the report).
 * Env: TABLE_NAME, DELIVERY_QUEUE_URL, EVENT_BUS_NAME?, SUPPRESSIONS? (JSON array, as for deliver), DLQ_URL? (malformed requests; otherwise SQS redrive), SETTINGS? (JSON object
 * of check settings, e.g. {"approvedAiProviders":["openai"],"trustedAccounts":["123456789012"]}; trustedAccounts entries that are
 * not 12-digit account ids are ignored, with a warning).
 */
const env = process.env;
for (const name of ['TABLE_NAME', 'DELIVERY_QUEUE_URL']) if (!env[name]) throw new Error(`missing setting '${name}'`);
let settings: Record<string, unknown> = {};
if (env.SETTINGS) {
  try {
    const parsed: unknown = JSON.parse(env.SETTINGS);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
    settings = parsed as Record<string, unknown>;
  } catch {
    throw new Error(`invalid setting 'SETTINGS': expected a JSON object`);
  }
}

const { logger, tracer, metrics, log } = powertools('aispm-assess');
const ignoredTrusted = invalidTrustedAccounts(settings);
if (ignoredTrusted.length > 0)
  logger.warn('SETTINGS: trustedAccounts entries that are not 12-digit account ids are ignored', { ignored: ignoredTrusted });
const store = new DynamoStore({ tableName: env.TABLE_NAME ?? '', client: tracer.captureAWSv3Client(new DynamoDBClient({})) });
const sqs = tracer.captureAWSv3Client(new SQSClient({}));
const sender = createSqsChangeSender({ client: sqs, queueUrl: env.DELIVERY_QUEUE_URL ?? '' });
const deadLetter = env.DLQ_URL
  ? async (entry: { messageId: string; reason: string }) => {
      await sqs.send(new SendMessageCommand({ QueueUrl: env.DLQ_URL, MessageBody: JSON.stringify({ source: 'aispm-assess', ...entry }) }));
    }
  : undefined;
const events = env.EVENT_BUS_NAME ? tracer.captureAWSv3Client(new EventBridgeClient({})) : undefined;
const onFullAssessment = events
  ? async (req: Parameters<typeof scanCompletedEntry>[0], summary: { sent: number }) => {
      const r = await events.send(
        new PutEventsCommand({ Entries: [scanCompletedEntry(req, summary, env.EVENT_BUS_NAME ?? '', systemClock.now())] }),
      );
      if (r.FailedEntryCount) throw new Error(`PutEvents failed: ${r.Entries?.[0]?.ErrorCode ?? 'unknown'}`);
    }
  : undefined;
// Accepted risks: lapsed suppressions are swept after each full assessment (same rules as the deliver function).
const suppressions = parseSuppressions(env.SUPPRESSIONS, 'SUPPRESSIONS');
const processor = new BatchProcessor(EventType.SQS);

export const handler = middy(async (event: SQSEvent, context: Context) => {
  const result = await assessQueueRecords(
    event.Records.map((r) => ({ messageId: r.messageId, body: r.body, receiveCount: Number(r.attributes?.ApproximateReceiveCount ?? 1) })),
    { store, sender, clock: systemClock, log, settings, deadLetter, onFullAssessment, suppressions },
  );
  metrics.addMetric('AssessRequests', MetricUnit.Count, result.assessed);
  metrics.addMetric('FindingChangesQueued', MetricUnit.Count, result.sent);
  metrics.addMetric('MalformedMessages', MetricUnit.Count, result.malformed);
  const retry = new Set(result.failedMessageIds);
  return processPartialResponse(
    event,
    async (record: SQSRecord) => {
      if (retry.has(record.messageId)) throw new Error('assess request failed; SQS will redeliver');
    },
    processor,
    { context, throwOnFullBatchFailure: false },
  );
})
  .use(captureLambdaHandler(tracer))
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics, { captureColdStartMetric: true }));
