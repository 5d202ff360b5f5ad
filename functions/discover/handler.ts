import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import middy from '@middy/core';
import { createClientFactory } from '../../shared/discovery/clients.ts';
import { dispatchDiscovery, targetsFromEnv } from '../../shared/discovery/dispatch.ts';
import { EventBridgeAssetEventSink } from '../../shared/discovery/eventbridge-sink.ts';
import { DynamoStore } from '../../shared/store/dynamo.ts';
import { systemClock } from '../../shared/util/clock.ts';
import { powertools } from '../common/powertools.ts';

/**
 * Discovery function. Scheduled event -> full scan of REGIONS for every target; CloudTrail write event (EventBridge
 * `AWS API Call via CloudTrail`) -> refresh of the affected asset(s). Then `AI Asset Changed` events on the bus and an
 * AssessRequest on the assessment queue. Wiring only: the logic is `dispatchDiscovery` in shared/discovery/.
 * Env: REGIONS (comma list), TABLE_NAME, EVENT_BUS_NAME, ASSESS_QUEUE_URL, TARGET_ROLE_ARNS? (comma list of roles to
 * assume, one per account), TARGET_EXTERNAL_ID? (sts:ExternalId for them), DISCOVERY_CONCURRENCY? (max concurrent AWS calls, default 16),
 * DEPLOYMENT_ACCOUNT_ID? (the function's own account: without target roles, the only account whose events are
 * refreshed; asked from STS when absent). A CloudTrail event of an account that is not a target is dropped and counted
 * (metric `UnknownAccountEventsDropped`).
 */
const env = process.env;
for (const name of ['REGIONS', 'TABLE_NAME', 'EVENT_BUS_NAME', 'ASSESS_QUEUE_URL'])
  if (!env[name]) throw new Error(`missing setting '${name}'`);
const regions = (env.REGIONS ?? '')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const targets = targetsFromEnv(env.TARGET_ROLE_ARNS, env.TARGET_EXTERNAL_ID || undefined);
const concurrency = env.DISCOVERY_CONCURRENCY ? Number.parseInt(env.DISCOVERY_CONCURRENCY, 10) : 16;

const { logger, tracer, metrics, log } = powertools('aispm-discover');
const store = new DynamoStore({ tableName: env.TABLE_NAME ?? '', client: tracer.captureAWSv3Client(new DynamoDBClient({})) });
const clients = createClientFactory();
const sink = new EventBridgeAssetEventSink(new EventBridgeClient({}), env.EVENT_BUS_NAME ?? '', log);
const sqs = new SQSClient({});

export const handler = middy(async (event: unknown) => {
  const summary = await dispatchDiscovery(event, {
    targets,
    regions,
    clients,
    store,
    clock: systemClock,
    log,
    sink,
    concurrency,
    selfAccountId: env.DEPLOYMENT_ACCOUNT_ID || undefined,
    assess: async (req) => {
      await sqs.send(new SendMessageCommand({ QueueUrl: env.ASSESS_QUEUE_URL, MessageBody: JSON.stringify(req) }));
    },
  });
  if (summary.unknownAccountEvents) metrics.addMetric('UnknownAccountEventsDropped', MetricUnit.Count, summary.unknownAccountEvents);
  return summary;
})
  .use(captureLambdaHandler(tracer))
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics, { captureColdStartMetric: true }));
