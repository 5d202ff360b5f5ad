import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runDemo } from '../../demo/run-demo.ts';
import { streamLog } from '../../util/logger.ts';
import { type CliIo, UsageError, write } from '../io.ts';

export const summary = 'the offline demo (npm start): discovery, assessment, runtime analysis, delivery and report, no AWS needed';

export async function run(argv: string[], io: CliIo): Promise<number> {
  let values: { out?: string; verbose?: boolean; json?: boolean };
  try {
    ({ values } = parseArgs({ args: argv, options: { out: { type: 'string' }, verbose: { type: 'boolean' }, json: { type: 'boolean' } } }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const outDir = resolve(values.out ?? 'out');
  const log = streamLog(io.stderr, values.verbose ? 'info' : 'error');
  const started = Date.now();
  const result = await runDemo({ outDir, log, print: (line) => io.stderr.write(`aispm demo: ${line}\n`) });
  if (values.json) await write(io.stdout, `${JSON.stringify(result, null, 2)}\n`);
  else await write(io.stdout, `demo finished in ${((Date.now() - started) / 1000).toFixed(1)} s; open ${resolve(outDir, 'report.html')}\n`);
  return 0;
}
