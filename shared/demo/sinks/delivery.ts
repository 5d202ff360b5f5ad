import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { createEventBridgeSink } from '../../adapters/eventbridge.ts';
import type { RetryPolicy } from '../../adapters/retry.ts';
import { createSecurityHubSink } from '../../adapters/securityhub.ts';
import { createSlackWebhookSink } from '../../adapters/slack.ts';
import type { DeadLetter } from '../../adapters/types.ts';
import type { DeliverySinks } from '../../pipeline/deliver.ts';
import type { Log } from '../../util/logger.ts';
import type { DemoSinks } from './index.ts';

/**
 * Real delivery adapters (real SDK clients and serialization, the real webhook sink) pointed at the local
 * stand-ins, for the offline demo: `deliverChanges(changes, connectDemoDelivery(demo, ...), opts)`.
 * Dead letters go to `<outDir>/delivery-dlq.jsonl`.
 */
export function connectDemoDelivery(
  demo: DemoSinks,
  opts: { log: Log; outDir?: string; eventBusName?: string; slackMinIntervalMs?: number; retry?: RetryPolicy },
): DeliverySinks & { deadLetters: DeadLetter[] } {
  const credentials = { accessKeyId: 'demo', secretAccessKey: 'demo' };
  const deadLetters: DeadLetter[] = [];
  if (opts.outDir) mkdirSync(opts.outDir, { recursive: true });
  return {
    securityHub: createSecurityHubSink({
      client: new SecurityHubClient({ endpoint: demo.securityHubEndpoint, region: 'us-east-1', credentials, maxAttempts: 1 }),
      retry: opts.retry,
      log: opts.log,
    }),
    eventBridge: createEventBridgeSink({
      client: new EventBridgeClient({ endpoint: demo.eventBridgeEndpoint, region: 'us-east-1', credentials, maxAttempts: 1 }),
      eventBusName: opts.eventBusName ?? 'aispm',
      retry: opts.retry,
      log: opts.log,
    }),
    slack: createSlackWebhookSink({
      getUrl: async () => demo.slackWebhookUrl,
      minIntervalMs: opts.slackMinIntervalMs,
      retry: opts.retry,
      log: opts.log,
    }),
    deadLetter: {
      async send(entry) {
        deadLetters.push(entry);
        if (opts.outDir) appendFileSync(join(opts.outDir, 'delivery-dlq.jsonl'), `${JSON.stringify(entry)}\n`);
      },
    },
    deadLetters,
  };
}
