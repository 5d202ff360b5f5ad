import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import middy from '@middy/core';
import type { CloudWatchLogsEvent, Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { sendFindingChanges } from '../../shared/adapters/sqs.ts';
import { failedFindingsOf } from '../../shared/findings/record.ts';
import {
  analyzeCloudWatchEvent,
  analyzeQueueMessage,
  analyzeTrailMessages,
  unreleasedMessagesOf,
  type TrailRuntimeDeps,
  type SourceOutcome,
  trailEnvelopeOf,
  writtenChangesOf,
} from '../../shared/pipeline/analyze.ts';
import { getObjectCommand, sqsBatchSender } from '../../shared/runtime/aws.ts';
import { QueueDeadLetter } from '../../shared/runtime/deadletter.ts';
import { defaultDetectorSet } from '../../shared/runtime/default-detectors.ts';
import { DynamoStore } from '../../shared/store/dynamo.ts';
import { systemClock } from '../../shared/util/clock.ts';
import { powertools } from '../common/powertools.ts';

/**
 * Runtime log analysis (wiring only; logic in `shared/pipeline/analyze.ts`). Triggers:
 * (a) SQS messages carrying S3 "Object Created" events (S3 -> EventBridge -> SQS), with partial batch failure reporting;
 * (b) CloudWatch Logs subscription deliveries of the Bedrock invocation log group;
 * (c) SQS messages carrying EventBridge CloudTrail events (the BedrockControlPlane rule on the default bus, and the
 *     forwarded-events bus rule for member accounts and other regions): the batch's events go through the CloudTrail
 *     detectors together, the per-identity ones with each identity's recent activity stored by earlier batches; if that fails twice, the batch is bisected (halves re-run jointly) and only the messages
 *     that still fail alone are reported as batch failures (retried). A publish failure after a successful analysis dead-letters the finding ids instead.
 * Env: TABLE_NAME, DELIVERY_QUEUE_URL, DLQ_URL; optional CANARY_TOKENS, IDENTITY_ALLOWLIST, MODEL_ALLOWLIST,
 * LINK_HOST_ALLOWLIST (JSON arrays or comma lists), WINDOW_MINUTES (default 60), TARGET_ROLE_ARNS (the accounts delivery
 * can import into Security Hub besides this one: with Security Hub delivery on, CloudTrail events of other accounts are
 * dropped, metric `UnknownAccountEventsDropped`), SECURITY_HUB (`off` as the deliver function's: nothing dropped).
 * See docs/runtime.md.
 */
const env = process.env;
const { logger, tracer, metrics, log } = powertools('aispm-analyze-logs');

function list(name: string): string[] {
  const v = env[name]?.trim();
  if (!v) return [];
  if (v.startsWith('[')) {
    const parsed: unknown = JSON.parse(v);
    if (!Array.isArray(parsed) || parsed.some((x) => typeof x !== 'string'))
      throw new Error(`invalid setting '${name}': expected a JSON array of strings`);
    return parsed as string[];
  }
  return v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

for (const name of ['TABLE_NAME', 'DELIVERY_QUEUE_URL', 'DLQ_URL']) if (!env[name]) throw new Error(`missing setting '${name}'`);
const windowMinutes = Number(env.WINDOW_MINUTES ?? 60);
if (!Number.isInteger(windowMinutes) || windowMinutes < 1 || windowMinutes > 1440)
  throw new Error(`invalid setting 'WINDOW_MINUTES': expected 1..1440`);

const sqs = tracer.captureAWSv3Client(new SQSClient({}));
const s3 = { client: tracer.captureAWSv3Client(new S3Client({})), getObject: getObjectCommand };
const store = new DynamoStore({ tableName: env.TABLE_NAME ?? '', client: tracer.captureAWSv3Client(new DynamoDBClient({})) });
const deps: TrailRuntimeDeps = {
  store,
  // discovery's inventory (same table): tells a re-activated Bedrock API key from another service's credential
  assets: store,
  detectors: defaultDetectorSet({
    canaryTokens: list('CANARY_TOKENS'),
    identityAllowlist: list('IDENTITY_ALLOWLIST'),
    modelAllowlist: list('MODEL_ALLOWLIST'),
    linkHostAllowlist: list('LINK_HOST_ALLOWLIST'),
    scannerPrincipals: list('SCANNER_PRINCIPALS'),
  }),
  deadLetter: new QueueDeadLetter(sqsBatchSender(sqs), env.DLQ_URL ?? ''),
  log,
  clock: systemClock,
  windowMs: windowMinutes * 60_000,
};

// With Security Hub delivery on, a finding is imported only into the deployment account's Security Hub or, through the
// import role, into a TARGET_ROLE_ARNS account (functions/deliver/handler.ts): CloudTrail events of any other account
// are dropped (counted). SECURITY_HUB=off (as for the deliver function: EventBridge/Slack only, which take any
// account's findings) or TARGET_ROLE_ARNS unset (an older deployment): nothing dropped.
const securityHubDelivery = env.SECURITY_HUB !== 'off';
const targetAccounts =
  env.TARGET_ROLE_ARNS === undefined
    ? undefined
    : env.TARGET_ROLE_ARNS.split(',')
        .map((s) => s.trim())
        .filter(Boolean)
        .map((arn) => {
          const m = /^arn:aws[a-z-]*:iam::(\d{12}):role\/.+$/.exec(arn);
          if (!m) throw new Error(`invalid setting 'TARGET_ROLE_ARNS': '${arn}' is not an IAM role ARN`);
          return m[1];
        });

function routeAccounts(context: Context | undefined): void {
  if (!securityHubDelivery || !targetAccounts || deps.deliverableAccounts) return;
  const own = context?.invokedFunctionArn?.split(':')[4];
  deps.deliverableAccounts = new Set([...targetAccounts, ...(own ? [own] : [])]);
}

async function publish(outcomes: SourceOutcome[]): Promise<void> {
  for (const o of outcomes) {
    if (o.unroutedEvents) metrics.addMetric('UnknownAccountEventsDropped', MetricUnit.Count, o.unroutedEvents);
    metrics.addMetric(
      o.status === 'duplicate' ? 'ObjectsSkippedDuplicate' : o.status === 'not-a-log' ? 'ObjectsSkippedNotLog' : 'ObjectsAnalyzed',
      MetricUnit.Count,
      1,
    );
    if (!o.totals) continue;
    metrics.addMetric('RecordsAnalyzed', MetricUnit.Count, o.totals.invocations + o.totals.trailEvents);
    metrics.addMetric('RecordsMalformed', MetricUnit.Count, o.totals.malformed);
    metrics.addMetric('Detections', MetricUnit.Count, o.totals.detections);
    const errors = Object.values(o.totals.detectorErrors).reduce((a, b) => a + b, 0);
    if (errors) metrics.addMetric('DetectorErrors', MetricUnit.Count, errors);
  }
  const changes = outcomes.flatMap((o) => o.changes).filter((c) => c.deliver);
  if (!changes.length) return;
  const { sent, failed } = await sendFindingChanges(
    { client: sqs, queueUrl: env.DELIVERY_QUEUE_URL ?? '', log },
    changes.map((c) => ({ transition: c.transition, finding: c.finding })),
  );
  metrics.addMetric('FindingChangesSent', MetricUnit.Count, sent);
  if (failed.length) {
    // the findings are stored; what failed is their notification: dead-letter the ids so delivery can be re-driven
    for (const id of failed)
      deps.deadLetter.put({ ref: { uri: `finding://${id}` }, reason: 'delivery-enqueue-failed', at: new Date().toISOString() });
    await deps.deadLetter.flush();
    metrics.addMetric('FindingChangesFailed', MetricUnit.Count, failed.length);
  }
}

/**
 * Publishes the changes of an analysis that succeeded (its events are claimed: a retry would skip them, so a publish
 * failure must not fail the messages). What `publish` could not enqueue nor dead-letter is dead-lettered again by
 * finding id; if even that fails, the loss is logged and counted.
 */
async function publishAnalyzed(outcomes: SourceOutcome[]): Promise<void> {
  try {
    await publish(outcomes);
  } catch (err) {
    const ids = [
      ...new Set(
        outcomes
          .flatMap((o) => o.changes)
          .filter((c) => c.deliver)
          .map((c) => c.finding.id),
      ),
    ];
    logger.error('CloudTrail events analyzed and stored; their finding changes could not be published', {
      changes: ids.length,
      error: err instanceof Error ? err.name : 'unknown',
    });
    try {
      deps.deadLetter.discard?.();
      for (const id of ids)
        deps.deadLetter.put({ ref: { uri: `finding://${id}` }, reason: 'delivery-enqueue-failed', at: new Date().toISOString() });
      await deps.deadLetter.flush();
      if (ids.length) metrics.addMetric('FindingChangesFailed', MetricUnit.Count, ids.length);
    } catch (dlqErr) {
      logger.error('finding changes neither published nor dead-lettered', {
        changes: ids.length,
        error: dlqErr instanceof Error ? dlqErr.name : 'unknown',
      });
      if (ids.length) metrics.addMetric('FindingChangesLost', MetricUnit.Count, ids.length);
    }
  }
}

type TrailMessage = { messageId: string; envelope: Record<string, unknown> };

/** A retry or a bisection step is started only with this much time left (one joint run of a large batch). */
const MIN_REMAINING_MS = 30_000;

/**
 * Analyzes a group of CloudTrail messages; on failure, delivers what was already written, notes the messages whose
 * claims could not be released (`stuck`: a re-run in this invocation would skip their events) and rethrows.
 */
async function analyzeTrailGroup(group: TrailMessage[], stuck: Set<string>): Promise<SourceOutcome> {
  try {
    return await analyzeTrailMessages(
      deps,
      group.filter((m) => !stuck.has(m.messageId)),
    );
  } catch (err) {
    for (const id of unreleasedMessagesOf(err)) stuck.add(id);
    const written = writtenChangesOf(err);
    if (written.length) await publishAnalyzed([{ status: 'processed', changes: written }]);
    throw err;
  }
}

/**
 * The batch's CloudTrail messages, analyzed together (a burst split over messages is seen as one). A failed run
 * releases its claims, so it can be re-run. If the joint run fails, it is retried once (a transient failure keeps the
 * batch together); if it fails again, the group is bisected: each half is re-run jointly and only a half that fails is
 * split further, so a message that always fails ends up alone while the others stay in groups as large as possible.
 * The ids of the messages that still fail are returned (batch item failures, retried by SQS).
 */
async function analyzeTrail(trail: TrailMessage[], remainingMs?: () => number): Promise<string[]> {
  // messages whose claims a failed run could not release: never re-run here, always left to SQS
  const stuck = new Set<string>();
  const failed = await analyzeTrailRuns(trail, stuck, remainingMs);
  if (stuck.size) metrics.addMetric('TrailClaimsNotReleased', MetricUnit.Count, stuck.size);
  return [...new Set([...failed, ...stuck])];
}

async function analyzeTrailRuns(trail: TrailMessage[], stuck: Set<string>, remainingMs?: () => number): Promise<string[]> {
  let error: string;
  let findings: { failedFindings?: number };
  try {
    await publishAnalyzed([await analyzeTrailGroup(trail, stuck)]);
    return [];
  } catch (err) {
    error = err instanceof Error ? err.name : 'unknown';
    findings = failedFindingsOf(err);
  }
  logger.warn('CloudTrail events of the batch not analyzed together; retrying them together once', {
    count: trail.length,
    error,
    ...findings,
  });
  const outOfTime = () => remainingMs !== undefined && remainingMs() < MIN_REMAINING_MS;
  if (outOfTime()) return notAttempted(trail);
  if (await tryGroup(trail, stuck)) return [];
  if (trail.length === 1) {
    logger.error('CloudTrail events not analyzed; retried', { count: 1 });
    return [trail[0].messageId];
  }
  logger.warn('CloudTrail events of the batch failed twice together; bisecting', { count: trail.length });
  const failed = await bisect(trail, outOfTime, stuck);
  if (failed.length) logger.error('CloudTrail events not analyzed; retried', { count: failed.length });
  return failed;
}

/** Runs a group jointly and publishes its changes; false when the run failed (its claims released). */
async function tryGroup(group: TrailMessage[], stuck: Set<string>): Promise<boolean> {
  try {
    await publishAnalyzed([await analyzeTrailGroup(group, stuck)]);
    return true;
  } catch (err) {
    logger.warn('CloudTrail event group not analyzed', {
      count: group.length,
      error: err instanceof Error ? err.name : 'unknown',
      ...failedFindingsOf(err),
    });
    return false;
  }
}

/**
 * A group that failed: each half re-run jointly, a failing half split again; the ids of the single messages that fail,
 * and of the messages not attempted because the invocation is running out of time.
 */
async function bisect(group: TrailMessage[], outOfTime: () => boolean, stuck: Set<string>): Promise<string[]> {
  if (group.length === 1) return [group[0].messageId];
  const mid = Math.ceil(group.length / 2);
  const failed: string[] = [];
  for (const half of [group.slice(0, mid), group.slice(mid)]) {
    if (outOfTime()) {
      failed.push(...notAttempted(half));
      continue;
    }
    if (await tryGroup(half, stuck)) continue;
    failed.push(...(await bisect(half, outOfTime, stuck)));
  }
  return failed;
}

/** Messages left for SQS to re-deliver: too little time remains to analyze them before the function times out. */
function notAttempted(group: TrailMessage[]): string[] {
  logger.warn('CloudTrail events not analyzed: the invocation is running out of time; retried', { count: group.length });
  return group.map((t) => t.messageId);
}

const processor = new BatchProcessor(EventType.SQS);

async function recordHandler(record: SQSRecord): Promise<void> {
  const outcomes = await analyzeQueueMessage(deps, s3, { messageId: record.messageId, body: record.body });
  await publish(outcomes);
}

export const handler = middy(async (event: SQSEvent | CloudWatchLogsEvent, context: Context) => {
  if ('awslogs' in event) {
    const outcome = await analyzeCloudWatchEvent(deps, event, { s3 });
    await publish([outcome]);
    return { status: outcome.status, changes: outcome.changes.length };
  }
  routeAccounts(context);
  const trail: { messageId: string; envelope: Record<string, unknown> }[] = [];
  const rest: SQSRecord[] = [];
  for (const r of event.Records) {
    const envelope = trailEnvelopeOf(r.body);
    if (envelope) trail.push({ messageId: r.messageId, envelope });
    else rest.push(r);
  }
  const failures: { itemIdentifier: string }[] = [];
  const remainingMs = typeof context?.getRemainingTimeInMillis === 'function' ? () => context.getRemainingTimeInMillis() : undefined;
  if (trail.length > 0) for (const id of await analyzeTrail(trail, remainingMs)) failures.push({ itemIdentifier: id });
  if (rest.length === 0) return { batchItemFailures: failures };
  // with CloudTrail messages in the batch, a failure of all the other messages must not fail (and retry) those too
  const res = await processPartialResponse({ Records: rest }, recordHandler, processor, {
    context,
    ...(trail.length > 0 ? { throwOnFullBatchFailure: false } : {}),
  });
  return { batchItemFailures: [...failures, ...res.batchItemFailures] };
})
  .use(captureLambdaHandler(tracer))
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics, { captureColdStartMetric: true }));
