/**
 * `aispm analyze <file|dir|->... [--format json|table] [--window <minutes>] [--dead-letter <file>] [--canary <token>]...
 *  [--account <id>] [--region <r>] [--min-severity <S>]`
 *
 * Analyzes local log files (.json.gz, .json, .jsonl; S3-layout folders; CloudWatch exports and subscription payloads;
 * SageMaker data capture; CloudTrail files, CloudTrail JSON lines and EventBridge envelopes) and prints the runtime
 * findings: a JSON array on stdout (default) or a table. Every finding lists `detector`, `severity`, `identity`,
 * `modelId` and the `requestIds` (invocation logs) or `eventIds` (CloudTrail) that triggered it. Bad records are
 * counted, reported on stderr by reference and never stop the run. This output is a stable contract.
 */
import type { Finding } from '../../domain/finding.ts';
import { isSeverity, type Severity, severityRank } from '../../domain/severity.ts';
import { stripControl } from '../../findings/text.ts';
import { analyzeLocal } from '../../pipeline/analyze.ts';
import { FileDeadLetter, MemoryDeadLetter } from '../../runtime/deadletter.ts';
import { loadDefaultDetectorSet } from '../../runtime/default-detectors.ts';
import { streamLog } from '../../util/logger.ts';
import { type CliIo, UsageError, write } from '../io.ts';

export const summary = 'analyze model invocation logs / CloudTrail files for runtime attacks and leaks';

export interface RuntimeFindingOutput {
  id: string;
  detector: string;
  ruleId: string;
  severity: Severity;
  title: string;
  description: string;
  status: Finding['status'];
  identity: string;
  modelId: string;
  accountId: string;
  region: string;
  resourceId: string;
  resourceType: string;
  windowStart: string;
  occurrences: number;
  firstSeen: string;
  lastSeen: string;
  requestIds?: string[];
  eventIds?: string[];
  evidence: Finding['evidence'];
  mappings: Finding['mappings'];
  types: string[];
  remediation: Finding['remediation'];
}

export function toOutput(f: Finding): RuntimeFindingOutput {
  const ev = f.evidence;
  const o: RuntimeFindingOutput = {
    id: f.id,
    detector: f.detector ?? f.ruleId,
    ruleId: f.ruleId,
    severity: f.severity,
    title: f.title,
    description: f.description,
    status: f.status,
    identity: f.identity ?? 'unknown',
    modelId: f.modelId ?? '',
    accountId: f.accountId,
    region: f.region,
    resourceId: f.resourceId,
    resourceType: f.resourceType,
    windowStart: f.windowStart ?? '',
    occurrences: f.occurrences,
    firstSeen: typeof ev.firstSeen === 'string' ? ev.firstSeen : f.firstObservedAt,
    lastSeen: typeof ev.lastSeen === 'string' ? ev.lastSeen : f.lastObservedAt,
    evidence: ev,
    mappings: f.mappings,
    types: f.types,
    remediation: f.remediation,
  };
  if (f.eventIds?.length) o.eventIds = f.eventIds;
  if (f.requestIds?.length || !f.eventIds?.length) o.requestIds = f.requestIds ?? [];
  return o;
}

interface Args {
  inputs: string[];
  format: 'json' | 'table';
  windowMs: number;
  deadLetter?: string;
  canary: string[];
  accountId?: string;
  region?: string;
  minSeverity: Severity;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { inputs: [], format: 'json', windowMs: 3600_000, canary: [], minSeverity: 'INFORMATIONAL' };
  for (let i = 0; i < argv.length; i++) {
    const x = argv[i];
    const val = () => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${x} needs a value`);
      return v;
    };
    if (x === '--format') {
      const v = val();
      if (v !== 'json' && v !== 'table') throw new UsageError(`--format must be json or table, not '${v}'`);
      a.format = v;
    } else if (x === '--window') {
      const m = Number(val());
      if (!Number.isFinite(m) || m < 1 || m > 7 * 24 * 60) throw new UsageError('--window takes minutes (1..10080)');
      a.windowMs = Math.round(m) * 60_000;
    } else if (x === '--dead-letter') a.deadLetter = val();
    else if (x === '--canary') a.canary.push(val());
    else if (x === '--account') a.accountId = val();
    else if (x === '--region') a.region = val();
    else if (x === '--min-severity') {
      const v = val().toUpperCase();
      if (!isSeverity(v)) throw new UsageError(`--min-severity must be one of INFORMATIONAL, LOW, MEDIUM, HIGH, CRITICAL`);
      a.minSeverity = v;
    } else if (x === '-h' || x === '--help') throw new UsageError(usage(), 0);
    else if (x.startsWith('--')) throw new UsageError(`unknown option ${x}\n${usage()}`);
    else a.inputs.push(x);
  }
  if (!a.inputs.length) throw new UsageError(usage());
  return a;
}

function usage(): string {
  return 'usage: aispm analyze <file|dir|->... (- reads stdin) [--format json|table] [--window <minutes>] [--dead-letter <file>] [--canary <token>]... [--account <id>] [--region <region>] [--min-severity <SEVERITY>]';
}

function short(s: string, n: number): string {
  return s.length > n ? `…${s.slice(s.length - n + 1)}` : s;
}

function table(rows: RuntimeFindingOutput[]): string {
  const head = ['SEVERITY', 'DETECTOR', 'IDENTITY', 'MODEL', 'WINDOW', 'COUNT', 'TRIGGERED BY'];
  const body = rows.map((r) => [
    r.severity,
    r.detector,
    short(r.identity, 48),
    short(r.modelId, 40),
    r.windowStart.slice(0, 16),
    String(r.occurrences),
    (r.eventIds ?? r.requestIds ?? []).slice(0, 2).join(',') + ((r.eventIds ?? r.requestIds ?? []).length > 2 ? ',…' : ''),
  ]);
  // identities and model ids come from log records: no C0/C1 controls (ANSI/CSI escapes) or bidi overrides in a terminal
  const clean = (s: string) => stripControl(s, false);
  const all = [head, ...body.map((r) => r.map(clean))];
  const widths = head.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  return `${all.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ')).join('\n')}\n`;
}

export async function run(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv);
  const log = streamLog(io.stderr, 'warn');
  const detectors = await loadDefaultDetectorSet({ canaryTokens: args.canary });
  const deadLetter = args.deadLetter ? new FileDeadLetter(args.deadLetter) : new MemoryDeadLetter();
  const fromStdin = args.inputs.includes('-');
  const res = await analyzeLocal({
    inputs: args.inputs.filter((i) => i !== '-'),
    streams: fromStdin ? [{ uri: 'stdin:', stream: io.stdin as AsyncIterable<unknown> }] : undefined,
    detectors,
    log,
    deadLetter,
    windowMs: args.windowMs,
    accountId: args.accountId,
    region: args.region,
  });
  for (const m of res.missing) io.stderr.write(`aispm: analyze: no such file or directory: ${m}\n`);
  const rows = res.findings
    .filter((f) => severityRank(f.severity) >= severityRank(args.minSeverity))
    .map(toOutput)
    .sort(
      (a, b) =>
        severityRank(b.severity) - severityRank(a.severity) ||
        (a.detector < b.detector ? -1 : a.detector > b.detector ? 1 : 0) ||
        (a.windowStart < b.windowStart ? -1 : a.windowStart > b.windowStart ? 1 : 0) ||
        (a.id < b.id ? -1 : 1),
    );
  if (args.format === 'table') await write(io.stdout, rows.length ? table(rows) : 'no runtime findings\n');
  else await write(io.stdout, `${JSON.stringify(rows, null, 2)}\n`);
  const t = res.totals;
  io.stderr.write(
    `${JSON.stringify({
      summary: 'analyze',
      files: t.files,
      duplicateFiles: t.duplicateSources,
      bytes: t.bytes,
      invocations: t.invocations,
      duplicateRecords: t.duplicateRecords,
      trailEvents: t.trailEvents,
      malformed: t.malformed,
      malformedByReason: t.malformedByReason,
      defaulted: t.defaulted,
      detectorErrors: t.detectorErrors,
      detections: t.detections,
      findings: rows.length,
      detectorFamilies: t.families,
      deadLetter: args.deadLetter ?? null,
    })}\n`,
  );
  if (res.missing.length && t.files === 0 && t.duplicateSources === 0) return 1;
  return res.missing.length ? 1 : 0;
}
