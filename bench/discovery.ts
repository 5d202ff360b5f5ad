/**
 * Discovery benchmark: a simulated account of N AI assets behind an AWS stand-in with fixed per-request latency
 * (real SDK clients, real wire protocols over HTTP on 127.0.0.1; the server runs in a worker thread).
 *
 *   node --import tsx bench/discovery.ts [--assets 10000] [--latency 50] [--concurrency 32] [--page-size 100] [--mode fake|http]
 *
 * --mode fake (default): in-process fake clients that wait the latency and answer from the synthetic account.
 * --mode http: real SDK clients, real wire protocols, the stand-in in a worker thread (CPU-bound on small machines).
 *
 * Prints: API calls per asset (goal: list pages + one describe), wall time vs the ideal bound
 * calls x latency / concurrency (goal: within 1.2x), and store writes of an unchanged re-scan (goal: 0 asset writes).
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { createClientFactory } from '../shared/discovery/clients.ts';
import type { ClientFactory } from '../shared/discovery/types.ts';
import { runDiscovery } from '../shared/pipeline/discover.ts';
import { MemoryStore } from '../shared/store/memory.ts';
import { systemClock } from '../shared/util/clock.ts';
import { silentLog } from '../shared/util/logger.ts';
import { mixFor, syntheticAccount } from './discovery-account.ts';
import { fakeClientFactory } from './discovery-fake-clients.ts';

const { values } = parseArgs({
  options: {
    assets: { type: 'string', default: '10000' },
    latency: { type: 'string', default: '50' },
    concurrency: { type: 'string', default: '32' },
    'page-size': { type: 'string', default: '100' },
    mode: { type: 'string', default: 'fake' },
  },
});
const mode = values.mode === 'http' ? 'http' : 'fake';
const assets = Number(values.assets);
const latencyMs = Number(values.latency);
const concurrency = Number(values.concurrency);
const pageSize = Number(values['page-size']);

// fake: in-process clients with simulated latency; http: real SDK clients against the stand-in in a worker thread
let worker: Worker | undefined;
let clients: ClientFactory;
let fake: ReturnType<typeof fakeClientFactory> | undefined;
const serverCalls = async (): Promise<Record<string, number>> => {
  if (worker) return (await ask<{ calls: Record<string, number> }>('calls')).calls;
  const out = Object.fromEntries(fake?.byOperation ?? []);
  fake?.byOperation.clear();
  return out;
};
const ask = <T>(msg: string): Promise<T> => new Promise((resolve) => worker?.once('message', resolve).postMessage(msg));
if (mode === 'http') {
  // Worker threads do not inherit the tsx loader on Node 20: register it in a small bootstrap, then load the worker.
  const workerUrl = new URL('./discovery-standin-worker.ts', import.meta.url).href;
  const bootstrap = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(workerUrl)}); });`;
  const w = new Worker(bootstrap, { eval: true, workerData: { assets, latencyMs, pageSize } });
  worker = w;
  const { url } = await new Promise<{ url: string }>((resolve, reject) => {
    w.once('message', resolve);
    w.once('error', reject);
  });
  clients = createClientFactory({ endpoint: url, credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' }, maxAttempts: 3 });
} else {
  fake = fakeClientFactory(syntheticAccount(assets).account, { latencyMs, pageSize });
  clients = fake;
}
const store = new MemoryStore();
const scan = () =>
  runDiscovery({
    target: { accountId: '111122223333' },
    regions: ['us-east-1'],
    clients,
    store,
    clock: systemClock,
    log: silentLog,
    trigger: 'cli',
    concurrency,
    invocationLogUsage: false,
  });

// the ideal: one page per `pageSize` items for each populated type, one (empty) page for every other listing, and one
// describe per described asset (Lambda needs none: ListFunctions returns the configuration)
const mix = mixFor(assets);
const pages = (n: number, size: number) => Math.max(1, Math.ceil(n / size));
const populatedPages =
  pages(mix.sagemakerModels, pageSize) +
  pages(mix.notebooks, pageSize) +
  pages(mix.trainingJobs, pageSize) +
  pages(mix.customModels, pageSize) +
  pages(mix.lambdas, Math.min(50, pageSize));
const idealDescribes = mix.sagemakerModels + mix.notebooks + mix.trainingJobs + mix.customModels;
const DESCRIBES = new Set(['DescribeModel', 'DescribeNotebookInstance', 'DescribeTrainingJob', 'GetCustomModel']);
const isListing = (op: string) => op.startsWith('List') || op === 'GetModelInvocationLoggingConfiguration' || op === 'DescribeVpcEndpoints';
const POPULATED = new Set(['ListModels', 'ListNotebookInstances', 'ListTrainingJobs', 'ListCustomModels', 'ListFunctions']);

const t0 = performance.now();
const r1 = await scan();
const wall1 = (performance.now() - t0) / 1000;
const writesAfterFirst = store.writeCount;
const calls1 = await serverCalls();
if (worker) await ask('reset');

const t1 = performance.now();
const r2 = await scan();
const wall2 = (performance.now() - t1) / 1000;
const rescanWrites = store.writeCount - writesAfterFirst;
const assetWrites = r2.changes.length;

const aiAssets = r1.assets.filter(
  (a) => !['iam.role', 's3.bucket', 'bedrock.foundation-model', 'ec2.vpc-endpoints', 'bedrock.logging-config'].includes(a.type),
).length;
const sum = (f: (op: string) => boolean) => Object.entries(calls1).reduce((n, [op, c]) => n + (f(op) ? c : 0), 0);
const listPages = sum(isListing);
const emptyListings = sum((op) => isListing(op) && !POPULATED.has(op));
const describes = sum((op) => DESCRIBES.has(op));
const derivedCalls = r1.apiCalls - listPages - describes;
const idealCalls = populatedPages + emptyListings + idealDescribes;
const ideal = (calls: number) => (calls * latencyMs) / 1000 / concurrency;
const fmt = (x: number, d = 2) => x.toFixed(d);

console.log(
  `host: ${os.cpus().length} CPUs, load average ${os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}`,
);
console.log(
  `discovery benchmark (${mode === 'http' ? 'real SDK clients over HTTP to the stand-in' : 'in-process fake clients'}): ${assets} simulated AI assets, ${latencyMs} ms latency per API call, concurrency ${concurrency}, page size ${pageSize}`,
);
console.log(
  `  inventoried: ${r1.assets.length} assets (${aiAssets} AI assets + derived roles/buckets/models/region configs), gaps: ${r1.gaps.length}`,
);
console.log(`  API calls (full scan): ${r1.apiCalls} = ${fmt(r1.apiCalls / aiAssets, 3)} per AI asset`);
console.log(
  `    list pages ${listPages} (ideal ${populatedPages} for the populated types + ${emptyListings} empty listings), describes ${describes} (ideal ${idealDescribes}), derived reads (IAM roles, S3 buckets) ${derivedCalls}`,
);
console.log(
  `    ideal "list pages + one describe": ${idealCalls} (${fmt(idealCalls / aiAssets, 3)} per asset); measured / ideal = ${fmt(r1.apiCalls / idealCalls, 3)}`,
);
{
  const top = Object.entries(calls1)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  console.log(`    by operation: ${Object.values(calls1).reduce((a, b) => a + b, 0)} (${top} ...)`);
}
console.log(
  `  wall time, full scan:      ${fmt(wall1)} s; ideal bound ${r1.apiCalls} x ${latencyMs} ms / ${concurrency} = ${fmt(ideal(r1.apiCalls))} s -> ratio ${fmt(wall1 / ideal(r1.apiCalls))}x (goal <= 1.20x)`,
);
console.log(
  `  wall time, unchanged scan: ${fmt(wall2)} s; ideal bound ${fmt(ideal(r2.apiCalls))} s -> ratio ${fmt(wall2 / ideal(r2.apiCalls))}x`,
);
const phases = (c: Record<string, number> | undefined) =>
  `collect ${fmt((c?.collectMs ?? 0) / 1000)} s (${fmt((c?.collectMs ?? 0) / 1000 / ideal(r1.apiCalls))}x of the bound), derived reads ${fmt((c?.derivedMs ?? 0) / 1000)} s, hash+store ${fmt((c?.storeMs ?? 0) / 1000)} s`;
console.log(`  phases, full scan:      ${phases(r1.scanRun.counts)}`);
console.log(`  phases, unchanged scan: ${phases(r2.scanRun.counts)}`);
console.log(
  `  store writes: first scan ${writesAfterFirst}; unchanged re-scan ${rescanWrites} (asset/history writes: ${assetWrites}; scan-run record: ${rescanWrites - assetWrites * 2})`,
);
if (worker) {
  await ask('close').catch(() => {});
  await worker.terminate();
}
