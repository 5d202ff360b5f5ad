import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { MAX_FINDINGS_PER_CALL, MAX_REQUEST_BYTES } from '../../adapters/securityhub.ts';
import { validateAsff } from '../../findings/asff.ts';

/**
 * Local stand-ins for the delivery targets, on 127.0.0.1 (offline demo and integration tests):
 * - Security Hub `BatchImportFindings` (REST-JSON `POST /findings/import`): enforces the request limits, validates
 *   every finding with the ASFF validator (invalid ones come back in `FailedFindings`, as AWS does) and applies the
 *   UpdatedAt rule (an update whose UpdatedAt is not later than the stored one is silently ignored);
 * - a Slack incoming webhook (`POST /slack/webhook/<token>`);
 * - EventBridge `PutEvents` (JSON 1.1, `X-Amz-Target: AWSEvents.PutEvents`).
 * What they receive is written to `<outDir>/securityhub-batches.json`, `slack-messages.json` and
 * `eventbridge-events.json`. Scripted failures (`failNext`) let tests exercise 429 / 5xx / partial failures.
 */

export type ScriptedResponse =
  | { status: number; headers?: Record<string, string>; body?: string }
  /** Security Hub only: answer 200 but fail these finding Ids (or all with `all: true`) with the error code. */
  | { failFindings: { ids?: string[]; all?: boolean; errorCode: string } }
  /** EventBridge only: fail these entry indexes with the error code. */
  | { failEntries: { indexes: number[]; errorCode: string } };

export interface DemoSinks {
  /** Base endpoint for the Security Hub client (`endpoint` option). */
  securityHubEndpoint: string;
  /** Base endpoint for the EventBridge client. */
  eventBridgeEndpoint: string;
  /** The webhook URL (put it in the Slack secret). */
  slackWebhookUrl: string;
  received: {
    securityHubBatches: { receivedAt: string; findings: Record<string, unknown>[]; ignoredStale: string[] }[];
    slackMessages: { receivedAt: string; message: unknown }[];
    eventBridgeEvents: Record<string, unknown>[];
  };
  /** Security Hub's view: the latest accepted document per finding Id. */
  securityHubFindings: Map<string, Record<string, unknown>>;
  /** Queue scripted responses for the next requests of a service. */
  failNext(service: 'securityhub' | 'slack' | 'eventbridge', ...responses: ScriptedResponse[]): void;
  /** Writes the `out/` files now (they are otherwise written at most every 100 ms, and on close). */
  flush(): Promise<void>;
  /** Request counts per service (including failed ones). */
  requests: { securityhub: number; slack: number; eventbridge: number };
  close(): Promise<void>;
}

export interface DemoSinkOptions {
  /** Account the stand-in pretends to be (events carry it). */
  accountId?: string;
  region?: string;
  /** Write the JSON files (default true when outDir is given). */
  write?: boolean;
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of req) {
    n += (c as Buffer).length;
    if (n > limit) return undefined;
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks);
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json', ...headers });
  res.end(text);
}

export async function startDemoSinks(outDir?: string, opts: DemoSinkOptions = {}): Promise<DemoSinks> {
  const account = opts.accountId ?? '111122223333';
  const region = opts.region ?? 'us-east-1';
  const write = outDir !== undefined && opts.write !== false;
  if (write && outDir) mkdirSync(outDir, { recursive: true });
  const scripts: Record<'securityhub' | 'slack' | 'eventbridge', ScriptedResponse[]> = { securityhub: [], slack: [], eventbridge: [] };
  const requests = { securityhub: 0, slack: 0, eventbridge: 0 };
  const received: DemoSinks['received'] = { securityHubBatches: [], slackMessages: [], eventBridgeEvents: [] };
  const findings = new Map<string, Record<string, unknown>>();
  const token = `T000DEMO/B000DEMO/${Math.random().toString(36).slice(2, 14)}`;
  let eventSeq = 0;

  // Files are rewritten at most every 100 ms (and on flush/close): rewriting megabytes per request would make the
  // stand-in, not the code under test, the bottleneck.
  const dirty = new Map<string, unknown>();
  let timer: NodeJS.Timeout | undefined;
  const writeAll = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    for (const [file, data] of dirty) writeFileSync(join(outDir ?? '.', file), `${JSON.stringify(data, null, 2)}\n`);
    dirty.clear();
  };
  const flush = (file: string, data: unknown) => {
    if (!write || !outDir) return;
    dirty.set(file, data);
    timer ??= setTimeout(writeAll, 100).unref();
  };
  flush('securityhub-batches.json', received.securityHubBatches);
  flush('slack-messages.json', received.slackMessages);
  flush('eventbridge-events.json', received.eventBridgeEvents);
  writeAll();

  const scripted = (svc: keyof typeof scripts, res: ServerResponse): ScriptedResponse | undefined => {
    const next = scripts[svc].shift();
    if (next && 'status' in next) {
      send(res, next.status, next.body ?? '', next.headers);
      return undefined;
    }
    return next ?? { status: 0 };
  };

  const securityHub = async (req: IncomingMessage, res: ServerResponse) => {
    requests.securityhub++;
    const body = await readBody(req, MAX_REQUEST_BYTES + 1024 * 1024);
    const script = scripted('securityhub', res);
    if (!script) return;
    if (!body || body.length > MAX_REQUEST_BYTES)
      return send(res, 413, { message: 'Request too large' }, { 'x-amzn-errortype': 'InvalidInputException' });
    let parsed: { Findings?: Record<string, unknown>[] };
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      return send(res, 400, { message: 'Malformed JSON' }, { 'x-amzn-errortype': 'InvalidInputException' });
    }
    const list = parsed.Findings ?? [];
    if (list.length < 1 || list.length > MAX_FINDINGS_PER_CALL) {
      return send(
        res,
        400,
        { message: `Findings must have 1..${MAX_FINDINGS_PER_CALL} members` },
        { 'x-amzn-errortype': 'InvalidInputException' },
      );
    }
    const failed: { Id: string; ErrorCode: string; ErrorMessage: string }[] = [];
    const ignoredStale: string[] = [];
    const failSet = 'failFindings' in script ? script.failFindings : undefined;
    for (const f of list) {
      const id = String(f.Id ?? '');
      if (failSet && (failSet.all || failSet.ids?.includes(id))) {
        failed.push({ Id: id, ErrorCode: failSet.errorCode, ErrorMessage: 'scripted failure' });
        continue;
      }
      const errors = validateAsff(f);
      if (errors.length) {
        failed.push({ Id: id, ErrorCode: 'InvalidInput', ErrorMessage: errors.slice(0, 3).join('; ') });
        continue;
      }
      if (f.AwsAccountId !== account) {
        failed.push({ Id: id, ErrorCode: 'AccessDeniedException', ErrorMessage: 'AwsAccountId must be the calling account' });
        continue;
      }
      const prev = findings.get(id);
      if (prev && Date.parse(String(f.UpdatedAt)) <= Date.parse(String(prev.UpdatedAt))) {
        ignoredStale.push(id);
        continue;
      }
      findings.set(id, prev ? { ...f, CreatedAt: prev.CreatedAt } : f);
    }
    received.securityHubBatches.push({ receivedAt: new Date().toISOString(), findings: list, ignoredStale });
    flush('securityhub-batches.json', received.securityHubBatches);
    send(res, 200, { FailedCount: failed.length, SuccessCount: list.length - failed.length, FailedFindings: failed });
  };

  const slack = async (req: IncomingMessage, res: ServerResponse) => {
    requests.slack++;
    const body = await readBody(req, 1024 * 1024);
    if (!scripted('slack', res)) return;
    let message: { text?: unknown; blocks?: unknown };
    try {
      message = JSON.parse(body?.toString('utf8') ?? '');
    } catch {
      return send(res, 400, 'invalid_payload');
    }
    if (typeof message.text !== 'string' && !Array.isArray(message.blocks)) return send(res, 400, 'no_text');
    if (Array.isArray(message.blocks) && message.blocks.length > 50) return send(res, 400, 'invalid_blocks');
    received.slackMessages.push({ receivedAt: new Date().toISOString(), message });
    flush('slack-messages.json', received.slackMessages);
    send(res, 200, 'ok');
  };

  const eventBridge = async (req: IncomingMessage, res: ServerResponse) => {
    requests.eventbridge++;
    const body = await readBody(req, 512 * 1024);
    const script = scripted('eventbridge', res);
    if (!script) return;
    let parsed: {
      Entries?: {
        Source?: string;
        DetailType?: string;
        Detail?: string;
        Resources?: string[];
        EventBusName?: string;
        Time?: number | string;
      }[];
    };
    try {
      parsed = JSON.parse(body?.toString('utf8') ?? '');
    } catch {
      return send(res, 400, { __type: 'ValidationException', message: 'Malformed JSON' }, { 'content-type': 'application/x-amz-json-1.1' });
    }
    const entries = parsed.Entries ?? [];
    if (entries.length < 1 || entries.length > 10) {
      return send(
        res,
        400,
        { __type: 'ValidationException', message: 'Entries must have 1..10 members' },
        { 'content-type': 'application/x-amz-json-1.1' },
      );
    }
    const failIdx = 'failEntries' in script ? script.failEntries : undefined;
    let failedCount = 0;
    const results = entries.map((e, i) => {
      if (failIdx?.indexes.includes(i)) {
        failedCount++;
        return { ErrorCode: failIdx.errorCode, ErrorMessage: 'scripted failure' };
      }
      let detail: unknown;
      try {
        detail = JSON.parse(e.Detail ?? '');
      } catch {
        failedCount++;
        return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is not valid JSON' };
      }
      const id = `demo-${++eventSeq}`;
      const t = typeof e.Time === 'number' ? new Date(e.Time * 1000) : e.Time ? new Date(e.Time) : new Date();
      received.eventBridgeEvents.push({
        version: '0',
        id,
        'detail-type': e.DetailType,
        source: e.Source,
        account,
        time: t.toISOString().replace(/\.\d{3}Z$/, 'Z'),
        region,
        resources: e.Resources ?? [],
        detail,
        'x-event-bus-name': e.EventBusName,
      });
      return { EventId: id };
    });
    flush('eventbridge-events.json', received.eventBridgeEvents);
    send(res, 200, { FailedEntryCount: failedCount, Entries: results }, { 'content-type': 'application/x-amz-json-1.1' });
  };

  const server = createServer((req, res) => {
    const route =
      req.method === 'POST' && req.url === '/findings/import'
        ? securityHub
        : req.method === 'POST' && req.url === `/slack/webhook/${token}`
          ? slack
          : req.method === 'POST' && String(req.headers['x-amz-target'] ?? '') === 'AWSEvents.PutEvents'
            ? eventBridge
            : undefined;
    if (!route) return send(res, 404, req.url?.startsWith('/slack/') ? 'no_service' : { message: 'not found' });
    route(req, res).catch(() => send(res, 500, { message: 'stand-in error' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    securityHubEndpoint: base,
    eventBridgeEndpoint: base,
    slackWebhookUrl: `${base}/slack/webhook/${token}`,
    received,
    securityHubFindings: findings,
    requests,
    failNext(service, ...responses) {
      scripts[service].push(...responses);
    },
    flush: async () => writeAll(),
    close: () =>
      new Promise<void>((resolve) => {
        writeAll();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
