import { mkdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { createEventBridgeSink } from '../adapters/eventbridge.ts';
import { createSecurityHubSink } from '../adapters/securityhub.ts';
import { createSlackWebhookSink } from '../adapters/slack.ts';
import type { DeadLetter } from '../adapters/types.ts';
import { ALL_CHECKS } from '../checks/index.ts';
import { createClientFactory } from '../discovery/clients.ts';
import { EventBridgeAssetEventSink } from '../discovery/eventbridge-sink.ts';
import { assetChangedEvents } from '../discovery/events.ts';
import { SEVERITIES } from '../domain/severity.ts';
import type { FindingChange } from '../findings/record.ts';
import { analyzeLocal } from '../pipeline/analyze.ts';
import { evaluateChecks, runAssessment } from '../pipeline/assess.ts';
import { type DeliveryReport, deliverChanges } from '../pipeline/deliver.ts';
import { runDiscovery } from '../pipeline/discover.ts';
import { loadReportState } from '../report/from-store.ts';
import { writeReport } from '../report/write.ts';
import { MemoryDeadLetter } from '../runtime/deadletter.ts';
import { loadDefaultDetectorSet } from '../runtime/default-detectors.ts';
import { DynamoStore } from '../store/dynamo.ts';
import { startLocalDynamo } from '../store/local-dynamo.ts';
import { type Clock, systemClock } from '../util/clock.ts';
import type { Log } from '../util/logger.ts';
import { DEMO_ACCOUNT_ID, DEMO_REGIONS } from './account.ts';
import { startAwsStandin } from './aws-standin/index.ts';
import { DEMO_CANARY_TOKENS, writeDemoInvocationLogs } from './invocation-logs.ts';
import { startDemoSinks } from './sinks/index.ts';

export interface DemoOptions {
  outDir: string;
  log: Log;
  /** Human-readable progress lines. */
  print: (line: string) => void;
  clock?: Clock;
}

export interface DemoSummary {
  assets: number;
  assetTypes: Record<string, number>;
  regions: string[];
  gaps: number;
  checkResults: Record<string, number>;
  postureFindings: number;
  coverageFindings: number;
  runtimeRecords: number;
  runtimeFindings: number;
  runtimeByDetector: Record<string, number>;
  findingsBySeverity: Record<string, number>;
  delivery: DeliveryReport;
  rescan: { assetWrites: number; changed: number; delivered: number };
  assetChangedEvents: number;
  files: string[];
}

const count = <T>(items: T[], key: (t: T) => string) =>
  items.reduce<Record<string, number>>((acc, t) => {
    const k = key(t);
    acc[k] = (acc[k] ?? 0) + 1;
    return acc;
  }, {});

/**
 * The offline demo: the whole pipeline end to end with no AWS account. An embedded DynamoDB (dynalite) holds the
 * state; the AWS SDK clients talk over HTTP to a local stand-in serving a two-region demo account; thousands of demo
 * invocation-log records in the real S3 layout go through the runtime analyzer; findings are delivered to local
 * Security Hub, Slack and EventBridge stand-ins; a second scan shows that nothing unchanged is rewritten or
 * re-sent; the report, exports, AI-BOM and evidence pack land in `outDir`.
 */
export async function runDemo(opts: DemoOptions): Promise<DemoSummary> {
  const { outDir, log } = opts;
  const t0 = Date.now();
  const print = (line: string) => opts.print(`[${((Date.now() - t0) / 1000).toFixed(1)}s] ${line}`);
  const clock = opts.clock ?? systemClock;
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const regions = [...DEMO_REGIONS];
  const credentials = { accessKeyId: 'demo', secretAccessKey: 'demo' };

  const dynamo = await startLocalDynamo('aispm-demo');
  const standin = await startAwsStandin();
  const sinks = await startDemoSinks(outDir, { accountId: DEMO_ACCOUNT_ID, region: regions[0] });
  try {
    const store = new DynamoStore({ tableName: dynamo.tableName, client: dynamo.client });
    print(`embedded DynamoDB (dynalite) at ${dynamo.endpoint}; AWS stand-in at ${standin.url}`);

    // 1. discovery over HTTP through the real SDK clients
    const clients = createClientFactory({ endpoint: standin.url, credentials, maxAttempts: 3 });
    const discover = () =>
      runDiscovery({
        target: { accountId: DEMO_ACCOUNT_ID },
        regions,
        clients,
        store,
        clock,
        log,
        trigger: 'demo',
        // Models in use from a Logs Insights count over the invocation-log group (the stand-in answers at once).
        invocationLogUsage: { pollMs: 1 },
      });
    const discovery = await discover();
    const assetTypes = count(discovery.assets, (a) => a.type);
    print(
      `discovery: ${discovery.assets.length} assets in ${regions.join(', ')} (${Object.keys(assetTypes).length} kinds), ` +
        `${discovery.apiCalls} API calls, ${discovery.gaps.length} coverage gaps`,
    );

    // `AI Asset Changed` events for every created asset, on the (stand-in) system bus.
    const busClient = new EventBridgeClient({ endpoint: sinks.eventBridgeEndpoint, region: regions[0], credentials });
    const assetEvents = await new EventBridgeAssetEventSink(busClient, 'aispm', log).publish(
      assetChangedEvents(discovery.changes, { trigger: 'demo', scanId: discovery.scanRun.scanId }),
    );
    print(`${assetEvents.published} AI Asset Changed events published`);

    // 2. assessment
    const assessment = await runAssessment({ store, accountId: DEMO_ACCOUNT_ID, regions, clock, log });
    const checkResults = count(assessment.results, (r) => r.status);
    print(
      `assessment: ${ALL_CHECKS.length} checks, ${assessment.results.length} results ` +
        `(${SEVERITY_FREE_STATUSES.map((s) => `${checkResults[s] ?? 0} ${s}`).join(', ')}), ${assessment.changes.length} finding changes`,
    );

    // 3. runtime analysis of demo invocation logs in the real S3 layout
    const logsDir = join(outDir, 'demo-logs');
    const logs = await writeDemoInvocationLogs(logsDir);
    const detectors = await loadDefaultDetectorSet({ canaryTokens: DEMO_CANARY_TOKENS });
    const deadLetter = new MemoryDeadLetter();
    const analysis = await analyzeLocal({ inputs: [logsDir], detectors, store, clock, log, deadLetter });
    const runtimeByDetector = count(analysis.findings, (f) => f.detector ?? f.ruleId);
    print(
      `runtime: ${logs.records} invocation records + ${logs.trailEvents} CloudTrail events -> ${analysis.findings.length} aggregated findings ` +
        `(${Object.entries(runtimeByDetector)
          .map(([d, n]) => `${d} ${n}`)
          .join(', ')})`,
    );

    // 4. delivery to the local Security Hub, Slack and EventBridge stand-ins
    const deliverySinks = {
      securityHub: createSecurityHubSink({
        client: new SecurityHubClient({ endpoint: sinks.securityHubEndpoint, region: regions[0], credentials }),
        log,
      }),
      eventBridge: createEventBridgeSink({
        client: busClient,
        eventBusName: 'aispm',
        log,
      }),
      slack: createSlackWebhookSink({ getUrl: async () => sinks.slackWebhookUrl, minIntervalMs: 50, log }),
      deadLetter: {
        entries: [] as DeadLetter[],
        async send(e: DeadLetter) {
          this.entries.push(e);
        },
      },
    };
    const changes: FindingChange[] = [...assessment.changes, ...analysis.changes];
    const delivery = await deliverChanges(changes, deliverySinks, { now: clock.now(), log, marks: store, slackMinSeverity: 'HIGH' });
    print(
      `delivery: ${delivery.securityHub.imported} findings to Security Hub in ${delivery.securityHub.calls} BatchImportFindings calls, ` +
        `${delivery.eventBridge.published} AI-SPM Finding events, ${delivery.slack.messages} Slack messages (${delivery.slack.alerts} alerts)`,
    );

    // 5. an unchanged re-scan writes nothing and sends nothing
    const writesBefore = store.writeCount;
    const again = await discover();
    const assetWrites = store.writeCount - writesBefore;
    const reassessment = await runAssessment({ store, accountId: DEMO_ACCOUNT_ID, regions, clock, log });
    const redelivery = await deliverChanges(reassessment.changes, deliverySinks, {
      now: clock.now(),
      log,
      marks: store,
      slackMinSeverity: 'HIGH',
    });
    print(
      `re-scan: ${again.changed.length} assets changed, ${assetWrites} DynamoDB write(s) by discovery (the scan-run record), ${redelivery.delivered} findings re-delivered`,
    );

    // 6. report, exports, AI-BOM, evidence pack
    const now = clock.now();
    const state = await loadReportState(store, {
      accountIds: [DEMO_ACCOUNT_ID],
      checks: ALL_CHECKS.map((c) => c.metadata),
      evaluate: (assets, gaps) => evaluateChecks(assets, gaps, ALL_CHECKS, { now }),
      now,
    });
    const written = await writeReport(state, outDir, { now: now.toISOString() });
    const files = written.files.map((f) => relative(process.cwd(), f.path));
    const all = await store.allFindings();
    const open = all.filter((f) => f.status !== 'RESOLVED');
    const findingsBySeverity = count(open, (f) => f.severity);
    print(
      `open findings: ${SEVERITIES.slice()
        .reverse()
        .map((s) => `${findingsBySeverity[s] ?? 0} ${s}`)
        .join(', ')}`,
    );
    print(`wrote ${files.length} files: ${files.join(', ')}`);
    print('also: out/securityhub-batches.json, out/slack-messages.json, out/eventbridge-events.json (what the stand-ins received)');

    return {
      assets: discovery.assets.length,
      assetTypes,
      regions,
      gaps: discovery.gaps.length,
      checkResults,
      postureFindings: all.filter((f) => f.source === 'posture').length,
      coverageFindings: all.filter((f) => f.source === 'coverage').length,
      runtimeRecords: logs.records,
      runtimeFindings: analysis.findings.length,
      runtimeByDetector,
      findingsBySeverity,
      delivery,
      rescan: { assetWrites, changed: again.changed.length, delivered: redelivery.delivered },
      assetChangedEvents: assetEvents.published,
      files,
    };
  } finally {
    await sinks.close();
    await standin.close();
    await dynamo.close();
  }
}

const SEVERITY_FREE_STATUSES = ['FAIL', 'PASS', 'MANUAL', 'ERROR'] as const;
