/**
 * Local AWS stand-in: a real HTTP server on 127.0.0.1 speaking the wire protocols the AWS SDK v3 uses, serving the
 * demo account (`shared/demo/account.ts`). Point SDK clients at `url` with the `endpoint` option (S3 with
 * `forcePathStyle: true`) and any dummy credentials; the service and region are read from the SigV4 scope.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type DemoAccount, demoAccount } from '../account.ts';
import { AwsError, epochify, errorResponse, json, type Protocol, type StandinRequest, type StandinResponse } from './protocol.ts';
import {
  agentCoreRoutes,
  bedrockRoutes,
  ec2Action,
  iamAction,
  jsonTargets,
  lambdaRoutes,
  type RouteContext,
  s3Request,
  stsAction,
} from './routes.ts';

export interface Fault {
  /** Operation name (e.g. `ListGuardrails`, `GetBucketPolicy`); `*` for all. */
  operation: string;
  region?: string;
  code: string;
  status?: number;
  message?: string;
  /** Fail only this many times (then succeed); default: always. */
  times?: number;
  /** Let this many matching calls succeed first (e.g. a resource deleted between two reads); default 0. */
  after?: number;
}

export interface StandinOptions {
  account?: DemoAccount;
  /** Maximum items per page (small values exercise pagination). Default 3. */
  pageSize?: number;
  /** Added latency per request (ms). */
  latencyMs?: number;
  faults?: Fault[];
  /** Regions that answer as if the service had no endpoint there (services listed, e.g. `bedrock`). */
  absent?: { region: string; service: string }[];
}

export interface StandinHandle {
  url: string;
  close(): Promise<void>;
  /** Requests served, by operation. */
  calls: Map<string, number>;
  /** Mutable account data (tests simulate changes by editing it). */
  account: DemoAccount;
  faults: Fault[];
}

function scopeOf(headers: Record<string, string>): { service: string; region: string } {
  const m = /Credential=[^/]+\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(headers.authorization ?? '');
  return m ? { region: m[1], service: m[2] } : { region: 'us-east-1', service: '' };
}

/** Pure request router (used by the HTTP server and usable in-process). */
export function createRouter(opts: StandinOptions & { account: DemoAccount; calls: Map<string, number>; faults: Fault[] }) {
  const ctx: RouteContext = { account: opts.account, pageSize: opts.pageSize ?? 3 };
  const count = (op: string) => opts.calls.set(op, (opts.calls.get(op) ?? 0) + 1);
  const inject = (op: string, region: string) => {
    for (const f of opts.faults) {
      if ((f.operation === op || f.operation === '*') && (!f.region || f.region === region) && (f.times === undefined || f.times > 0)) {
        if (f.after) {
          f.after--;
          continue;
        }
        if (f.times !== undefined) f.times--;
        throw new AwsError(
          f.code,
          f.message ?? `${f.code} (injected)`,
          f.status ?? (f.code.includes('Throttl') ? 400 : f.code.startsWith('AccessDenied') ? 403 : 400),
        );
      }
    }
  };
  const absent = (service: string, region: string) => opts.absent?.some((a) => a.region === region && a.service === service);

  return function route(req: StandinRequest): StandinResponse {
    const target = req.headers['x-amz-target'];
    let protocol: Protocol = 'rest-json';
    try {
      if (target) {
        protocol = 'json';
        const op = target.split('.').pop() ?? target;
        count(op);
        if (absent(req.service, req.region)) throw new AwsError('UnknownOperationException', 'Operation not supported in this region', 400);
        inject(op, req.region);
        const h = jsonTargets[target];
        if (!h) throw new AwsError('UnknownOperationException', `Unknown operation ${target}`, 400);
        const body = req.body ? JSON.parse(req.body) : {};
        return json(epochify(h(req, ctx, body)), 'json');
      }
      if (req.service === 's3') {
        protocol = 'rest-xml';
        const r = s3Request(req, ctx);
        count(r.op);
        inject(r.op, req.region);
        return r.run();
      }
      if (req.service === 'iam' || req.service === 'sts' || req.service === 'ec2') {
        protocol = req.service === 'ec2' ? 'ec2' : 'query';
        const p = new URLSearchParams(req.body);
        const action = p.get('Action') ?? '';
        count(action);
        inject(action, req.region);
        if (req.service === 'iam') return iamAction(action, p, ctx);
        if (req.service === 'sts') return stsAction(action, p, ctx);
        return ec2Action(action, p, ctx, req.region);
      }
      const routes = req.service === 'lambda' ? lambdaRoutes : req.service === 'bedrock-agentcore' ? agentCoreRoutes : bedrockRoutes;
      for (const [method, re, op, h] of routes) {
        const m = re.exec(req.path);
        if (!m || method !== req.method) continue;
        count(op);
        if (absent(req.service, req.region)) throw new AwsError('UnknownOperationException', 'Operation not supported in this region', 404);
        inject(op, req.region);
        const body = req.body && req.method !== 'GET' ? JSON.parse(req.body) : {};
        return h(req, ctx, m.slice(1), body);
      }
      throw new AwsError('UnknownOperationException', `No route for ${req.method} ${req.path}`, 404);
    } catch (err) {
      if (err instanceof AwsError) return errorResponse(err, protocol);
      return errorResponse(new AwsError('InternalFailure', 'stand-in error', 500), protocol);
    }
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startAwsStandin(opts: StandinOptions = {}): Promise<StandinHandle> {
  const account = opts.account ?? demoAccount();
  const calls = new Map<string, number>();
  const faults = opts.faults ?? [];
  const route = createRouter({ ...opts, account, calls, faults });
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    try {
      const body = await readBody(req);
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k.toLowerCase()] = v;
      const scope = scopeOf(headers);
      if (opts.latencyMs) await new Promise((r) => setTimeout(r, opts.latencyMs));
      const out = route({ method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers, body, ...scope });
      res.writeHead(out.status, { ...out.headers, 'content-length': Buffer.byteLength(out.body) });
      res.end(out.body);
    } catch {
      res.writeHead(500);
      res.end();
    }
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    account,
    faults,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections?.();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
