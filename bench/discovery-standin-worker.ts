/** Worker thread hosting the AWS stand-in for the discovery benchmark (keeps server CPU off the scanner's thread). */
import { parentPort, workerData } from 'node:worker_threads';
import { startAwsStandin } from '../shared/demo/aws-standin/index.ts';
import { syntheticAccount } from './discovery-account.ts';

const { assets, latencyMs, pageSize } = workerData as { assets: number; latencyMs: number; pageSize: number };
const { account } = syntheticAccount(assets);
const standin = await startAwsStandin({ account, latencyMs, pageSize });
parentPort?.postMessage({ url: standin.url });
parentPort?.on('message', async (m: string) => {
  if (m === 'calls') parentPort?.postMessage({ calls: Object.fromEntries(standin.calls) });
  if (m === 'reset') {
    standin.calls.clear();
    parentPort?.postMessage({ reset: true });
  }
  if (m === 'close') {
    await standin.close();
    process.exit(0);
  }
});
