/**
 * CloudTrail queue-path benchmark (and check) of the runtime analyzer.
 *
 *   node --expose-gc --no-warnings --import tsx bench/trail.ts [--batches 20] [--handler-batches 1] [--rounds 3] [--store-latency-ms 4]
 *
 * 1. Generates EventBridge "AWS API Call via CloudTrail" events in the shape the trail queue receives (the envelope of
 *    ../shared/reference/aws-facts.md section 4, the fields of events routed by `runtimeTrailPatterns()`), wrapped as
 *    SQS messages in batches of 1,000 (the trail queue's batch size): mostly benign Bedrock invocations by many app
 *    roles, model listings by developers, guardrail / invocation-logging upkeep by admins, IAM service-specific
 *    credentials for other services, plus some S3 and KMS management calls (not routed by the deployed rules: noise
 *    the detectors must skip), over three accounts and two regions. Planted attacks, one per batch: a reconnaissance
 *    burst followed by model access enablement, invocation logging deleted, a guardrail deleted, a long-term Bedrock
 *    API key, a guardrail weakened, invocation logging narrowed.
 * 2. Measures, in the same run (best of `--rounds` for the in-process rows), in events/s and as a ratio to the
 *    baseline (absolute times on a shared machine are noisy; the load average is printed):
 *    (1) baseline: JSON.parse of every message body;
 *    (2) detectors alone: the CloudTrail detectors (`defaultDetectorSet().trail`) over already parsed `TrailEvent`s,
 *        one call per 1,000-event batch as the analyzer makes, and again in calls of 10,000 (work superlinear in the
 *        batch size would show as a per-event cost growing with the call's size);
 *    (3) full path in memory: what the handler runs per batch (`trailEnvelopeOf` of each body, `analyzeTrailMessages`:
 *        claims, detectors, aggregation, finding lifecycle, mark extension) with the in-memory store;
 *    (4) the real handler (functions/analyze-logs/handler.ts) as its tests wire it: DynamoDB over HTTP (dynalite in
 *        this process, so its CPU cost is in the figure, behind a counting proxy: store round-trips per event), SQS
 *        mocked, no network; (4b) the same with `--store-latency-ms` (default 4, an assumed in-region DynamoDB round
 *        trip) added to every DynamoDB request: what the store round-trips cost in wall time;
 *    (5) the handler on a batch with one poison message (the store rejects its finding's write with a
 *        ValidationException, as for an item over DynamoDB's size limit): joint run, joint retry, bisection.
 *    Heap used (after a GC) before and after the measurements.
 * 3. Exits non-zero unless every planted attack is detected by each path, no benign identity is, and the poison batch
 *    reports exactly the poison message as a batch item failure.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, request, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import dynalite from 'dynalite';
import { rng } from '../shared/detectors/injection/linear-model.ts';
import type { TrailEvent } from '../shared/domain/runtime.ts';
import { analyzeTrailMessages, type TrailRuntimeDeps, trailEnvelopeOf } from '../shared/pipeline/analyze.ts';
import { extractTrailEvent } from '../shared/runtime/cloudtrail.ts';
import { MemoryDeadLetter } from '../shared/runtime/deadletter.ts';
import { defaultDetectorSet } from '../shared/runtime/default-detectors.ts';
import { ensureTable } from '../shared/store/dynamo-schema.ts';
import { MemoryStore } from '../shared/store/memory.ts';
import { systemClock } from '../shared/util/clock.ts';
import { silentLog } from '../shared/util/logger.ts';
import { sqsEvent as sqsEventOf } from '../test/fixtures/sqs.ts';

const BATCH = 1000;

function arg(name: string, d: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : d;
}

// ---------------------------------------------------------------------------------------------------------------
// data generation

const ACCOUNTS = ['111122223333', '444455556666', '777788889999'];
const REGIONS = ['us-east-1', 'eu-west-1'];
const MODELS = [
  'anthropic.claude-3-5-sonnet-20240620-v1:0',
  'anthropic.claude-3-haiku-20240307-v1:0',
  'amazon.nova-lite-v1:0',
  'meta.llama3-8b-instruct-v1:0',
];
const STRONG_GUARDRAIL = {
  guardrailIdentifier: 'gr-support',
  contentPolicyConfig: {
    filtersConfig: [
      { type: 'PROMPT_ATTACK', inputStrength: 'HIGH', outputStrength: 'NONE' },
      { type: 'HATE', inputStrength: 'HIGH', outputStrength: 'HIGH' },
    ],
  },
  topicPolicyConfig: { topicsConfig: [{ name: 'investment-advice', type: 'DENY' }] },
};
const FULL_LOGGING = {
  loggingConfig: {
    s3Config: { bucketName: 'acme-bedrock-invocation-logs', keyPrefix: '' },
    cloudWatchConfig: { logGroupName: '/aws/bedrock/invocations', roleArn: 'arn:aws:iam::111122223333:role/bedrock-logging' },
    textDataDeliveryEnabled: true,
    imageDataDeliveryEnabled: true,
    embeddingDataDeliveryEnabled: true,
  },
};

type Who = { arn: string; type: 'AssumedRole' | 'IAMUser'; account: string };
const role = (account: string, name: string, session: string): Who => ({
  arn: `arn:aws:sts::${account}:assumed-role/${name}/${session}`,
  type: 'AssumedRole',
  account,
});
const user = (account: string, name: string): Who => ({ arn: `arn:aws:iam::${account}:user/${name}`, type: 'IAMUser', account });

const APPS = Array.from({ length: 60 }, (_, i) => role(ACCOUNTS[i % 3], `app-role-${i % 12}`, `session-${i}`));
const DEVS = Array.from({ length: 40 }, (_, i) => user(ACCOUNTS[i % 3], `dev-${i}`));
const ADMINS = Array.from({ length: 6 }, (_, i) => role(ACCOUNTS[i % 3], 'platform-admin', `admin-${i}`));
const BENIGN = new Set([...APPS, ...DEVS, ...ADMINS].map((w) => w.arn));

class Gen {
  private readonly r: () => number;
  private t: number;
  private n = 0;
  constructor(
    seed: number,
    private readonly prefix: string,
    startIso: string,
  ) {
    this.r = rng(seed);
    this.t = Date.parse(startIso);
  }

  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.r() * xs.length)];
  }

  /** One EventBridge envelope; time advances 0.3-1.7 s per event (a 1,000-event batch spans ~17 minutes). */
  event(
    who: Who,
    source: string,
    eventName: string,
    opts: {
      requestParameters?: unknown;
      responseElements?: unknown;
      errorCode?: string;
      readOnly?: boolean;
      ip?: string;
      ua?: string;
    } = {},
  ): Record<string, unknown> {
    this.t += 300 + Math.floor(this.r() * 1400);
    const time = new Date(this.t).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const region = this.pick(REGIONS);
    const id = `${this.prefix}${String(this.n++).padStart(7, '0')}-4c1d-4e2b-9f3a-${Math.floor(this.r() * 2 ** 40)
      .toString(16)
      .padStart(12, '0')}`;
    const service = source.replace(/^aws\./, '');
    return {
      version: '0',
      id: `env-${id}`,
      'detail-type': 'AWS API Call via CloudTrail',
      source,
      account: who.account,
      time,
      region,
      resources: [],
      detail: {
        eventVersion: '1.09',
        userIdentity:
          who.type === 'AssumedRole'
            ? {
                type: 'AssumedRole',
                principalId: `AROAEXAMPLE:${who.arn.split('/').at(-1)}`,
                arn: who.arn,
                accountId: who.account,
                accessKeyId: 'ASIAEXAMPLE',
                sessionContext: {
                  sessionIssuer: {
                    type: 'Role',
                    arn: `arn:aws:iam::${who.account}:role/${who.arn.split('/')[1]}`,
                    accountId: who.account,
                  },
                  attributes: { creationDate: time, mfaAuthenticated: 'false' },
                },
              }
            : { type: 'IAMUser', principalId: 'AIDAEXAMPLE', arn: who.arn, accountId: who.account, userName: who.arn.split('/').at(-1) },
        eventTime: time,
        eventSource: `${service}.amazonaws.com`,
        eventName,
        awsRegion: region,
        sourceIPAddress: opts.ip ?? `10.0.${Math.floor(this.r() * 8)}.${Math.floor(this.r() * 250)}`,
        userAgent: opts.ua ?? 'aws-sdk-js/3.1175.0 ua/2.1 os/linux lang/js md/nodejs#20.20.0 api/bedrock-runtime',
        ...(opts.errorCode ? { errorCode: opts.errorCode, errorMessage: 'denied or throttled' } : {}),
        requestParameters: opts.requestParameters ?? null,
        responseElements: opts.responseElements ?? null,
        requestID: id.replace(/^./, 'r'),
        eventID: id,
        readOnly: opts.readOnly ?? false,
        eventType: 'AwsApiCall',
        managementEvent: true,
        recipientAccountId: who.account,
        eventCategory: 'Management',
        tlsDetails: { tlsVersion: 'TLSv1.3', clientProvidedHostHeader: `${service}.${region}.amazonaws.com` },
      },
    };
  }

  benign(): Record<string, unknown> {
    const k = this.r();
    if (k < 0.72) {
      const op = this.pick(['InvokeModel', 'InvokeModel', 'Converse', 'Converse', 'ConverseStream', 'InvokeModelWithResponseStream']);
      return this.event(this.pick(APPS), 'aws.bedrock', op, {
        requestParameters: { modelId: this.pick(MODELS) },
        ...(this.r() < 0.01 ? { errorCode: 'ThrottlingException' } : {}),
      });
    }
    if (k < 0.77)
      return this.event(this.pick(DEVS), 'aws.bedrock', this.r() < 0.6 ? 'ListFoundationModels' : 'GetFoundationModel', {
        readOnly: true,
        requestParameters: this.r() < 0.5 ? { modelIdentifier: this.pick(MODELS) } : null,
        ua: 'aws-cli/2.22.0 md/Botocore#1.35.0 ua/2.1 os/macos#24.1.0',
      });
    if (k < 0.8) {
      const a = this.pick(ADMINS);
      if (this.r() < 0.5) return this.event(a, 'aws.bedrock', 'UpdateGuardrail', { requestParameters: STRONG_GUARDRAIL });
      return this.event(a, 'aws.bedrock', 'PutModelInvocationLoggingConfiguration', { requestParameters: FULL_LOGGING });
    }
    if (k < 0.9)
      return this.event(this.pick(ADMINS), 'aws.iam', 'CreateServiceSpecificCredential', {
        requestParameters: { userName: `git-${Math.floor(this.r() * 20)}`, serviceName: 'codecommit.amazonaws.com' },
        responseElements: { serviceSpecificCredential: { serviceSpecificCredentialId: 'ACCAEXAMPLE123456', status: 'Active' } },
      });
    if (k < 0.95)
      return this.event(this.pick(APPS), 'aws.kms', this.pick(['Decrypt', 'GenerateDataKey']), {
        readOnly: true,
        requestParameters: { encryptionAlgorithm: 'SYMMETRIC_DEFAULT' },
      });
    return this.event(this.pick(ADMINS), 'aws.s3', this.pick(['PutBucketPolicy', 'GetBucketAcl', 'CreateBucket']), {
      requestParameters: { bucketName: `acme-data-${Math.floor(this.r() * 30)}` },
    });
  }
}

interface Planted {
  detector: string;
  identity: string;
}

const ATTACKER = user('444455556666', 'ci-deployer');
const INTRUDER = role('777788889999', 'intruder-role', 'x');
const RECON = [
  'ListFoundationModels',
  'GetFoundationModelAvailability',
  'ListFoundationModelAgreementOffers',
  'GetUseCaseForModelAccess',
  'GetModelInvocationLoggingConfiguration',
  'ListProvisionedModelThroughputs',
  'ListCustomModels',
  'ListGuardrails',
];

/** Attack number `k` (mod 6) as events, and the detections it must produce. */
function attack(g: Gen, k: number, tag: string): { events: Record<string, unknown>[]; expect: Planted[] } {
  const intruder = { ...INTRUDER, arn: `${INTRUDER.arn}-${tag}` };
  switch (k % 6) {
    case 0: {
      const who = { ...ATTACKER, arn: `${ATTACKER.arn}-${tag}` };
      const ip = '198.51.100.23';
      const ua = 'python-requests/2.32.3';
      const events = Array.from({ length: 12 }, (_, i) =>
        g.event(who, 'aws.bedrock', RECON[i % RECON.length], { readOnly: true, ip, ua, ...(i % 2 ? { errorCode: 'AccessDenied' } : {}) }),
      );
      events.push(g.event(who, 'aws.bedrock', 'PutUseCaseForModelAccess', { ip, ua, requestParameters: { formData: '***' } }));
      return {
        events,
        expect: [
          { detector: 'trail.llmjacking-recon', identity: who.arn },
          { detector: 'trail.model-access-enabled', identity: who.arn },
        ],
      };
    }
    case 1:
      return {
        events: [g.event(intruder, 'aws.bedrock', 'DeleteModelInvocationLoggingConfiguration', { ip: '203.0.113.50' })],
        expect: [{ detector: 'trail.invocation-logging-deleted', identity: intruder.arn }],
      };
    case 2:
      return {
        events: [g.event(intruder, 'aws.bedrock', 'DeleteGuardrail', { requestParameters: { guardrailIdentifier: 'gr-support' } })],
        expect: [{ detector: 'trail.guardrail-deleted', identity: intruder.arn }],
      };
    case 3:
      return {
        events: [
          g.event(intruder, 'aws.iam', 'CreateServiceSpecificCredential', {
            requestParameters: { userName: 'svc-backdoor', serviceName: 'bedrock.amazonaws.com' },
            responseElements: {
              serviceSpecificCredential: { serviceSpecificCredentialId: 'ACCAEXAMPLEBACKDOOR1', serviceName: 'bedrock.amazonaws.com' },
            },
          }),
        ],
        expect: [{ detector: 'trail.bedrock-api-key-created', identity: intruder.arn }],
      };
    case 4:
      return {
        events: [
          g.event(intruder, 'aws.bedrock', 'UpdateGuardrail', {
            requestParameters: {
              guardrailIdentifier: 'gr-support',
              contentPolicyConfig: { filtersConfig: [{ type: 'PROMPT_ATTACK', inputStrength: 'LOW', outputStrength: 'NONE' }] },
            },
          }),
        ],
        expect: [{ detector: 'trail.guardrail-weakened', identity: intruder.arn }],
      };
    default:
      return {
        events: [
          g.event(intruder, 'aws.bedrock', 'PutModelInvocationLoggingConfiguration', {
            requestParameters: { loggingConfig: { ...FULL_LOGGING.loggingConfig, textDataDeliveryEnabled: false } },
          }),
        ],
        expect: [{ detector: 'trail.invocation-logging-narrowed', identity: intruder.arn }],
      };
  }
}

interface Batch {
  bodies: string[];
  expect: Planted[];
}

/** `n` batches of `BATCH` message bodies; batch `i` carries attack `first + i` at a seeded position. */
function batches(n: number, seed: number, prefix: string, first = 0, extra?: (g: Gen) => Record<string, unknown>): Batch[] {
  const g = new Gen(seed, prefix, '2026-11-20T00:00:00Z');
  const out: Batch[] = [];
  for (let b = 0; b < n; b++) {
    const at = 100 + Math.floor(g.pick([0.1, 0.4, 0.7]) * (BATCH - 200));
    const events: Record<string, unknown>[] = [];
    let expect: Planted[] = [];
    while (events.length < BATCH) {
      if (events.length === at) {
        // generated in place, so the attack's times fall between its neighbours'
        const planted = attack(g, first + b, `${prefix}${b}`);
        expect = planted.expect;
        events.push(...planted.events, ...(extra ? [extra(g)] : []));
      } else events.push(g.benign());
    }
    out.push({ bodies: events.slice(0, BATCH).map((e) => JSON.stringify(e)), expect });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// checks

const failures: string[] = [];

/** Every planted detection found, none on a benign identity. */
function check(label: string, found: Planted[], expected: Planted[]): void {
  const key = (p: Planted) => `${p.detector} ${p.identity}`;
  const have = new Set(found.map(key));
  const missing = expected.filter((p) => !have.has(key(p)));
  const benign = found.filter((p) => BENIGN.has(p.identity));
  for (const p of missing) failures.push(`${label}: planted detection not found: ${key(p)}`);
  for (const p of benign.slice(0, 5)) failures.push(`${label}: detection on a benign identity: ${key(p)}`);
  console.log(
    `  check ${label}: ${expected.length - missing.length}/${expected.length} planted found, ${benign.length} on benign identities${missing.length || benign.length ? '  <-- FAIL' : ''}`,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// measurements

const now = () => performance.now();

function best<T extends { ms: number }>(xs: T[]): T {
  return xs.reduce((a, b) => (b.ms < a.ms ? b : a));
}

function heapMB(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 1048576;
}

/**
 * A forwarding proxy in front of dynalite: counts DynamoDB operations; rejects writes whose body holds `poison`; can
 * add a fixed latency to every request (a network round-trip, which dynalite on loopback does not have).
 */
async function countingProxy(target: string) {
  const counts = new Map<string, number>();
  const state = { poison: undefined as string | undefined, rejected: 0, latencyMs: 0 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const op = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? 'unknown';
      counts.set(op, (counts.get(op) ?? 0) + 1);
      if (state.poison && /^(PutItem|UpdateItem|BatchWriteItem)$/.test(op) && body.includes(state.poison)) {
        state.rejected++;
        res.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' });
        res.end(
          JSON.stringify({
            __type: 'com.amazon.coral.validate#ValidationException',
            message: 'Item size has exceeded the maximum allowed size',
          }),
        );
        return;
      }
      const u = new URL(target);
      if (state.latencyMs) return void setTimeout(() => forward(u, req, res, body), state.latencyMs);
      forward(u, req, res, body);
    });
  });
  const forward = (u: URL, req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const fwd = request({ host: u.hostname, port: u.port, method: req.method, path: req.url, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 500, r.headers);
      r.pipe(res);
    });
    fwd.on('error', (err) => {
      res.writeHead(500);
      res.end(String(err));
    });
    fwd.end(body);
  };
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    counts,
    state,
    total: () => [...counts.values()].reduce((a, b) => a + b, 0),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** The SQS event Lambda passes for a trail-queue batch (the handler tests' fixture). */
const sqsEvent = (bodies: string[], prefix: string): SQSEvent =>
  sqsEventOf(bodies, { queueArn: 'arn:aws:sqs:us-east-1:111122223333:aispm-trail', idPrefix: prefix });

async function main(): Promise<void> {
  const nBatches = arg('batches', 20);
  const nHandler = arg('handler-batches', 1);
  const rounds = arg('rounds', 3);
  const t0 = now();
  const data = batches(nBatches, 14, 'b');
  const events = nBatches * BATCH;
  const bytes = data.reduce((a, b) => a + b.bodies.reduce((x, s) => x + s.length, 0), 0);
  console.log(
    `node ${process.version} ${process.arch}; ${nBatches} batches x ${BATCH} messages = ${events} events, ${(bytes / 1048576).toFixed(1)} MB of bodies (avg ${(bytes / events).toFixed(0)} B), generated in ${((now() - t0) / 1000).toFixed(1)} s; load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
  const heapBefore = heapMB();
  const rate = (m: { ms: number }, n = events) => (n / (m.ms / 1000)).toFixed(0).padStart(8);
  const row = (label: string, m: { ms: number }, base?: { ms: number }, n = events, note = '') =>
    console.log(
      `${label.padEnd(44)} ${rate(m, n)} events/s  ${((m.ms * 1000) / n).toFixed(1).padStart(7)} us/event${base ? `  ratio ${(base.ms / m.ms).toFixed(3)}` : ''}${note}`,
    );

  // (1) baseline: JSON.parse of every message body
  const baseRuns: { ms: number }[] = [];
  for (let r = 0; r < rounds; r++) {
    const s = now();
    let n = 0;
    for (const b of data) for (const body of b.bodies) if (JSON.parse(body)) n++;
    baseRuns.push({ ms: now() - s });
    if (n !== events) throw new Error('baseline lost messages');
  }
  const base = best(baseRuns);

  // (2) detectors alone over parsed events (extraction done beforehand, outside the clock)
  const set = defaultDetectorSet({});
  const parsed: TrailEvent[][] = data.map((b) =>
    b.bodies.map((body, i) => {
      const env = JSON.parse(body) as Record<string, unknown>;
      return extractTrailEvent(
        env.detail as Record<string, unknown>,
        { uri: `sqs://message/${i}` },
        {
          account: env.account as string,
          region: env.region as string,
          id: env.id as string,
        },
      ).event;
    }),
  );
  const detect = (evs: readonly TrailEvent[]) => set.trail.flatMap((d) => d.detect(evs, set.trailCtx));
  const detRuns: { ms: number; found: Planted[] }[] = [];
  const segRuns: { ms: number }[] = [];
  const allEvents = parsed.flat();
  const SEGMENT = 10 * BATCH;
  for (let r = 0; r < rounds; r++) {
    let s = now();
    const found: Planted[] = [];
    for (const evs of parsed) for (const d of detect(evs)) found.push({ detector: d.detector, identity: d.identity });
    detRuns.push({ ms: now() - s, found });
    // the same events in calls of 10,000: per-event cost grows with the call's size if a detector is superlinear
    s = now();
    for (let i = 0; i < allEvents.length; i += SEGMENT) detect(allEvents.slice(i, i + SEGMENT));
    segRuns.push({ ms: now() - s });
  }
  const det = best(detRuns);
  const detSeg = best(segRuns);

  // (3) full path in memory: trailEnvelopeOf + analyzeTrailMessages per batch, a fresh store per round
  const fullRuns: { ms: number; found: Planted[]; changes: number; dups: number }[] = [];
  for (let r = 0; r < rounds; r++) {
    const deps: TrailRuntimeDeps = {
      store: new MemoryStore(),
      detectors: set,
      deadLetter: new MemoryDeadLetter(),
      log: silentLog,
      clock: systemClock,
      windowMs: 60 * 60_000,
    };
    const found: Planted[] = [];
    let changes = 0;
    let dups = 0;
    const s = now();
    for (const b of data) {
      const msgs = b.bodies.map((body, i) => {
        const envelope = trailEnvelopeOf(body);
        if (!envelope) throw new Error('not a CloudTrail envelope');
        return { messageId: `m${i}`, envelope };
      });
      const out = await analyzeTrailMessages(deps, msgs);
      if (out.status !== 'processed') dups++;
      changes += out.changes.length;
      for (const c of out.changes) found.push({ detector: c.finding.detector ?? '', identity: c.finding.identity ?? '' });
    }
    fullRuns.push({ ms: now() - s, found, changes, dups });
  }
  const full = best(fullRuns);

  console.log(`(baseline runs ${baseRuns.map((r) => r.ms.toFixed(0)).join(' / ')} ms; best of ${rounds} kept for each row)`);
  row('(1) baseline: JSON.parse of the bodies', base);
  row('(2) CloudTrail detectors, 1,000 per call', det, base);
  row(
    `    same, ${SEGMENT.toLocaleString('en-US')} per call`,
    detSeg,
    base,
    events,
    `  (${(detSeg.ms / det.ms).toFixed(2)}x the time at 1,000 per call; ~1 = linear in the batch size)`,
  );
  row('(3) full path, in-memory store', full, base, events, `  (${full.changes} finding changes)`);
  const expected = data.flatMap((b) => b.expect);
  check('detectors', det.found, expected);
  check('full path, in-memory store', full.found, expected);
  if (full.dups) failures.push(`full path: ${full.dups} batches reported as duplicates`);

  // (4) the real handler, wired as its tests wire it: dynalite over HTTP (behind a counting proxy), SQS mocked
  const server = dynalite({ createTableMs: 0, updateTableMs: 0, deleteTableMs: 0 });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const dynaliteUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const proxy = await countingProxy(dynaliteUrl);
  const setup = new DynamoDBClient({ endpoint: dynaliteUrl, region: 'us-east-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' } });
  await ensureTable(setup, 'aispm-bench');
  setup.destroy();
  Object.assign(process.env, {
    TABLE_NAME: 'aispm-bench',
    AWS_ENDPOINT_URL_DYNAMODB: proxy.endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    DELIVERY_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/111122223333/delivery',
    DLQ_URL: 'https://sqs.us-east-1.amazonaws.com/111122223333/analyze-dlq',
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    POWERTOOLS_TRACE_ENABLED: 'false',
  });
  const sqs = mockClient(SQSClient);
  const sent: Planted[] = [];
  sqs.on(SendMessageBatchCommand).callsFake((input: { Entries?: { Id?: string; MessageBody?: string }[] }) => {
    for (const e of input.Entries ?? []) {
      const f = (JSON.parse(e.MessageBody ?? '{}') as { finding?: { detector?: string; identity?: string } }).finding;
      if (f) sent.push({ detector: f.detector ?? '', identity: f.identity ?? '' });
    }
    return { Successful: (input.Entries ?? []).map((e) => ({ Id: e.Id, MessageId: 'x', MD5OfMessageBody: '' })), Failed: [] };
  });
  const { handler } = (await import('../functions/analyze-logs/handler.ts')) as unknown as {
    handler: (e: SQSEvent, c: Context) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>;
  };
  const ctx = {
    functionName: 'aispm-analyze-logs',
    awsRequestId: 'bench',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:111122223333:function:aispm-analyze-logs',
    getRemainingTimeInMillis: () => 300_000,
  } as unknown as Context;
  const opsLine = () =>
    [...proxy.counts.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');

  const hData = batches(nHandler, 140, 'h', 1);
  await handler(sqsEvent(batches(1, 7, 'w')[0].bodies.slice(0, 50), 'w'), ctx); // warm-up: module load, connections
  proxy.counts.clear();
  sent.length = 0;
  let s = now();
  for (const [i, b] of hData.entries()) {
    const res = await handler(sqsEvent(b.bodies, `h${i}-`), ctx);
    if (res.batchItemFailures.length) failures.push(`handler: ${res.batchItemFailures.length} batch item failures on a clean batch`);
  }
  const hMs = now() - s;
  const hEvents = nHandler * BATCH;
  const hOps = proxy.total();
  row('(4) handler, DynamoDB = dynalite over HTTP', { ms: hMs }, base, hEvents, `  (${nHandler} batches)`);
  console.log(`    DynamoDB requests: ${hOps} = ${(hOps / hEvents).toFixed(2)} per event (${opsLine()})`);
  check(
    'handler',
    sent,
    hData.flatMap((b) => b.expect),
  );

  // (4b) the same with a round-trip latency added to every DynamoDB request (loopback has none; DynamoDB in-region
  // answers in a few ms): what sequential per-event requests cost
  const latencyMs = arg('store-latency-ms', 4);
  const lData = batches(1, 1401, 'l', 3);
  proxy.counts.clear();
  sent.length = 0;
  proxy.state.latencyMs = latencyMs;
  s = now();
  const lRes = await handler(sqsEvent(lData[0].bodies, 'l-'), ctx);
  const lMs = now() - s;
  proxy.state.latencyMs = 0;
  row(`(4b) handler, +${latencyMs} ms per DynamoDB request`, { ms: lMs }, base, BATCH, `  (${(lMs / 1000).toFixed(1)} s for the batch)`);
  if (lRes.batchItemFailures.length) failures.push('handler with latency: batch item failures on a clean batch');
  check('handler with latency', sent, lData[0].expect);

  // (5) one poison message: its finding's write is rejected, so the joint run fails, is retried, then bisected
  const POISON = 'poison-role';
  const pData = batches(1, 1400, 'p', 0, (g) =>
    g.event(role('111122223333', POISON, 'p'), 'aws.bedrock', 'DeleteGuardrail', { requestParameters: { guardrailIdentifier: 'gr-x' } }),
  );
  const poisonIdx = pData[0].bodies.findIndex((b) => b.includes(POISON));
  proxy.counts.clear();
  sent.length = 0;
  proxy.state.poison = POISON;
  s = now();
  const pRes = await handler(sqsEvent(pData[0].bodies, 'p-'), ctx);
  const pMs = now() - s;
  proxy.state.poison = undefined;
  const pOps = proxy.total();
  row('(5) handler, batch with one poison message', { ms: pMs }, base, BATCH, `  (${(pMs / (hMs / nHandler)).toFixed(1)}x a clean batch)`);
  console.log(
    `    DynamoDB requests: ${pOps} = ${(pOps / BATCH).toFixed(2)} per event (${opsLine()}); writes rejected: ${proxy.state.rejected}; batch item failures: ${pRes.batchItemFailures.map((f) => f.itemIdentifier).join(',') || 'none'}`,
  );
  const pIds = pRes.batchItemFailures.map((f) => f.itemIdentifier);
  if (pIds.length !== 1 || pIds[0] !== `p-${poisonIdx}`)
    failures.push(`poison batch: expected exactly p-${poisonIdx} to fail, got [${pIds.join(',')}]`);
  check('handler, poison batch', sent, pData[0].expect);
  sqs.restore();
  await proxy.close();
  await new Promise<void>((r) => server.close(() => r()));

  const heapAfter = heapMB();
  console.log(
    `heap used: ${heapBefore.toFixed(1)} MB before the measurements (generated data held), ${heapAfter.toFixed(1)} MB after${(globalThis as { gc?: unknown }).gc ? ' (after a GC)' : ' (run with --expose-gc for figures after a GC)'}; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB; total ${((now() - t0) / 1000).toFixed(1)} s`,
  );
  if (failures.length) {
    console.error(`FAILED:\n  ${failures.join('\n  ')}`);
    process.exit(1);
  }
  console.log('all planted detections found; the poison message alone failed');
  process.exit(0);
}

await main();
