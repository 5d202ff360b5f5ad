import { ALL_CHECKS } from '../../checks/index.ts';
import type { CheckMetadata } from '../../domain/check.ts';
import { SEVERITIES, severityRank } from '../../domain/severity.ts';
import { type CliIo, UsageError, write } from '../io.ts';

export const summary = 'list the posture check catalogue (--format json|table, --service, --severity)';

interface Args {
  format: 'json' | 'table';
  service?: string;
  minSeverity?: (typeof SEVERITIES)[number];
}

function parse(argv: string[]): Args {
  const args: Args = { format: 'table' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === '--format') {
      const v = value();
      if (v !== 'json' && v !== 'table') throw new UsageError(`--format must be json or table, not '${v}'`);
      args.format = v;
    } else if (flag === '--service') args.service = value();
    else if (flag === '--severity') {
      const v = value().toUpperCase();
      if (!(SEVERITIES as readonly string[]).includes(v)) throw new UsageError(`--severity must be one of ${SEVERITIES.join(', ')}`);
      args.minSeverity = v as Args['minSeverity'];
    } else if (flag === '--help' || flag === '-h') {
      throw new UsageError('usage: aispm checks [--format json|table] [--service <svc>] [--severity <min>]', 0);
    } else throw new UsageError(`unknown argument '${a}' (usage: aispm checks [--format json|table] [--service <svc>] [--severity <min>])`);
  }
  return args;
}

export function selectChecks(args: Pick<Args, 'service' | 'minSeverity'>): CheckMetadata[] {
  return ALL_CHECKS.map((c) => c.metadata)
    .filter((m) => !args.service || m.service === args.service)
    .filter((m) => !args.minSeverity || severityRank(m.severity) >= severityRank(args.minSeverity));
}

function table(rows: CheckMetadata[]): string {
  const head = ['ID', 'SEVERITY', 'RESOURCE', 'PROWLER / SECURITY HUB'];
  const body = rows.map((m) => [
    m.id,
    m.severity,
    m.resourceType,
    [...(m.equivalents.prowler ?? []), ...(m.equivalents.securityHub ?? [])].join(', ') || '-',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ');
  const counts = SEVERITIES.map((s) => `${s} ${rows.filter((m) => m.severity === s).length}`).join(', ');
  return `${[line(head), ...body.map(line)].join('\n')}\n\n${rows.length} checks (${counts})\n`;
}

export async function run(argv: string[], io: CliIo): Promise<number> {
  const args = parse(argv);
  const rows = selectChecks(args);
  if (args.format === 'json') await write(io.stdout, `${JSON.stringify(rows, null, 2)}\n`);
  else await write(io.stdout, table(rows));
  return 0;
}
