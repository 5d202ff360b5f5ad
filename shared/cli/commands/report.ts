import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ALL_CHECKS } from '../../checks/index.ts';
import { evaluateChecks } from '../../pipeline/assess.ts';
import { OUTPUT_FORMATS, type OutputFormat } from '../../report/artifacts.ts';
import { loadReportState } from '../../report/from-store.ts';
import { overallScore } from '../../report/score.ts';
import { isOpenFinding, parseReportState, type ReportState } from '../../report/state.ts';
import { writeReport } from '../../report/write.ts';
import { DynamoStore } from '../../store/dynamo.ts';
import { type CliIo, UsageError, write } from '../io.ts';

export const summary = 'build report.html, findings (JSON/CSV/ASFF/OCSF), AI-BOM and evidence pack from a state snapshot or DynamoDB';

const USAGE = `usage: aispm report [--out DIR] [--state FILE | --table NAME [--endpoint URL] [--region REGION] [--account ID ...]]
                    [--output-formats ${OUTPUT_FORMATS.join(',')}]

  --out DIR             output directory (default: out)
  --state FILE          a ReportState JSON snapshot (e.g. a previous run's evidence/snapshot.json)
  --table NAME          read the inventory and findings from this DynamoDB table (check results are recomputed
                        from the stored inventory); --endpoint for a local DynamoDB, --account to pick accounts
  --output-formats LIST subset of outputs; the evidence pack is always written
Without --state or --table, reads DIR/state.json (left there by \`npm start\`), else DIR/evidence/snapshot.json.`;

export function parseFormats(value: string | undefined): OutputFormat[] | undefined {
  if (value === undefined) return undefined;
  const aliases: Record<string, OutputFormat> = { aibom: 'cyclonedx', cdx: 'cyclonedx', 'ai-bom': 'cyclonedx', asff: 'asff' };
  const out: OutputFormat[] = [];
  for (const raw of value
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean)) {
    const f = (aliases[raw] ?? raw) as OutputFormat;
    if (!OUTPUT_FORMATS.includes(f)) throw new UsageError(`unknown output format '${raw}' (known: ${OUTPUT_FORMATS.join(', ')})`, 1);
    if (!out.includes(f)) out.push(f);
  }
  if (out.length === 0) throw new UsageError('--output-formats is empty', 1);
  return out;
}

async function readStateFile(file: string): Promise<ReportState> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read state file ${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`, 1);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UsageError(`state file ${file} is not valid JSON`, 1);
  }
  try {
    return parseReportState(json);
  } catch (err) {
    throw new UsageError(`state file ${file}: ${(err as Error).message}`, 1);
  }
}

/** A path relative to the working directory when it is below it, absolute otherwise. */
function display(abs: string): string {
  const rel = relative(process.cwd(), abs);
  return rel && !rel.startsWith('..') ? rel : abs;
}

export async function run(argv: string[], io: CliIo): Promise<number> {
  let values: Record<string, string | string[] | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        out: { type: 'string', default: 'out' },
        state: { type: 'string' },
        table: { type: 'string' },
        endpoint: { type: 'string' },
        region: { type: 'string' },
        account: { type: 'string', multiple: true },
        'output-formats': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n${USAGE}`);
  }
  if (values.help) {
    await write(io.stdout, `${USAGE}\n`);
    return 0;
  }
  const out = values.out as string;
  const formats = parseFormats(values['output-formats'] as string | undefined);
  const env = io.env ?? process.env;
  let state: ReportState;
  if (values.state && values.table) throw new UsageError('use either --state or --table, not both', 1);
  if (values.table) {
    const client = new DynamoDBClient({
      region: (values.region as string | undefined) ?? env.AWS_REGION ?? 'us-east-1',
      ...(values.endpoint ? { endpoint: values.endpoint as string } : {}),
    });
    try {
      const store = new DynamoStore({ tableName: values.table as string, client });
      const checks = ALL_CHECKS;
      state = await loadReportState(store, {
        accountIds: (values.account as string[] | undefined) ?? [],
        checks: checks.map((c) => c.metadata),
        evaluate: (assets, gaps) => evaluateChecks(assets, gaps, checks, { now: new Date() }),
        now: new Date(),
      });
    } finally {
      client.destroy();
    }
  } else {
    // default: the demo's state file, else the snapshot of the last report written to DIR (rebuilds the same report)
    const candidates = [join(out, 'state.json'), join(out, 'evidence', 'snapshot.json')];
    const file = (values.state as string | undefined) ?? candidates.find((f) => existsSync(f));
    if (!file) {
      throw new UsageError(
        `no state to report on: neither ${candidates.join(' nor ')} exists (run \`npm start\` first, or pass --state FILE or --table NAME)`,
        1,
      );
    }
    state = await readStateFile(file);
  }
  const { files } = await writeReport(state, out, { formats, now: new Date().toISOString() });
  const open = state.findings.filter((f) => isOpenFinding(f, state.generatedAt));
  const score = overallScore(state.results).score;
  const lines = files.map((f) => `${f.sha256}  ${display(f.path)}`);
  lines.push(
    `report: ${state.assets.filter((a) => !a.deletedAt).length} assets, ${state.results.length} check results, ${open.length} open findings, posture score ${score ?? 'n/a'}`,
  );
  await write(io.stdout, `${lines.join('\n')}\n`);
  return 0;
}
