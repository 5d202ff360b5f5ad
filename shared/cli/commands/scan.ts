import { readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { fromIni, fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { ALL_CHECKS } from '../../checks/index.ts';
import { createClientFactory } from '../../discovery/clients.ts';
import type { ClientFactory } from '../../discovery/types.ts';
import type { Check } from '../../domain/check.ts';
import type { Finding } from '../../domain/finding.ts';
import { atLeast, isSeverity, SEVERITIES, type Severity, severityRank } from '../../domain/severity.ts';
import { recordObservations } from '../../findings/record.ts';
import { applySuppressions, expiryMs, parseSuppressions, type SuppressionRule } from '../../findings/suppressions.ts';
import { stripControl, truncate } from '../../findings/text.ts';
import { runAssessment } from '../../pipeline/assess.ts';
import { runDiscovery } from '../../pipeline/discover.ts';
import {
  failedLookback,
  lookbackCoverageGaps,
  lookbackGapObservation,
  runTrailLookback,
  type TrailLookbackOptions,
  type TrailLookbackResult,
} from '../../pipeline/trail-lookback.ts';
import { OUTPUT_FORMATS, type OutputFormat } from '../../report/artifacts.ts';
import { loadReportState } from '../../report/from-store.ts';
import { overallScore } from '../../report/score.ts';
import { isOpenFinding, isSuppressed } from '../../report/state.ts';
import { writeReport } from '../../report/write.ts';
import { DEFAULT_BUDGET_MS, DEFAULT_MAX_PAGES, errorName, LOOKUP_PAGE_SIZE, parseLookback } from '../../runtime/trail-lookup.ts';
import { MemoryStore } from '../../store/memory.ts';
import { type Clock, systemClock } from '../../util/clock.ts';
import { type Log, streamLog } from '../../util/logger.ts';
import { type CliIo, UsageError, write } from '../io.ts';
import { parseFormats } from './report.ts';

export const summary =
  'scan a real AWS account read-only (discovery + assessment + report); exit 3 when failing findings >= --severity remain';

const USAGE = `usage: aispm scan [--profile NAME] [--regions r1,r2] [--output-dir DIR] [--output-formats ${OUTPUT_FORMATS.join(',')}]
                  [--severity ${SEVERITIES.join('|')}] [--checks id,id] [--exclude-checks id,id] [--suppressions FILE]
                  [--cloudtrail-lookback 24h|7d [--cloudtrail-max-pages N] [--cloudtrail-budget 60s]]

Runs discovery, assessment and reporting against the AWS account of the standard credential chain (or --profile),
read-only (see docs/iam-scan-policy.json). Progress goes to stderr, the summary to stdout.
  --profile NAME         shared config/credentials profile (default: the SDK chain: env, SSO, profile, IMDS...)
  --regions LIST         comma-separated regions (default: AWS_REGION, else us-east-1)
  --output-dir DIR       where the report, outputs and evidence pack go (default: aispm-output)
  --output-formats LIST  subset of outputs (default: all); the evidence pack is always written
  --severity LEVEL       exit code 3 when open failing findings at or above LEVEL remain (default: LOW)
  --checks LIST          run only these check ids;  --exclude-checks LIST  skip these
  --suppressions FILE    accepted risks: a JSON array of suppression rules (the SUPPRESSIONS setting's format);
                         covered findings stay in every output, marked suppressed, and do not fail the gate
  --cloudtrail-lookback D  also read the last D (1h..90d, e.g. 24h, 7d) of CloudTrail management events with
                         LookupEvents in each region (needs cloudtrail:LookupEvents: docs/iam-scan-policy-cloudtrail-lookback.json)
                         and run the CloudTrail threat detectors (LLMjacking, guardrail / logging tampering, API keys) on
                         them; their findings join the outputs and the exit gate. Default: off
  --cloudtrail-max-pages N pages of ${LOOKUP_PAGE_SIZE} events read at most per region (default ${DEFAULT_MAX_PAGES})
  --cloudtrail-budget T    time budget of the whole look-back, e.g. 60s or 2m (default ${DEFAULT_BUDGET_MS / 1000}s); a cut-short
                         or failed region is reported, never silently skipped
Exit codes: 0 no failing finding at or above --severity, 3 some remain, 1 error, 2 usage.`;

const REGION_RE = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;

export interface ScanOptions {
  profile?: string;
  regions: string[];
  outputDir: string;
  formats?: OutputFormat[];
  severity: Severity;
  checks: Check[];
  /** Endpoint override for every AWS service (the local AWS stand-in in tests). */
  endpointUrl?: string;
  /** Path of the `--suppressions` file (read by `run`). */
  suppressionsFile?: string;
  /** Accepted-risk rules applied to the findings before reporting and the exit gate. */
  suppressions?: SuppressionRule[];
  /** `--cloudtrail-lookback` (off when undefined). */
  trailLookback?: { lookbackMs: number; maxPages: number; budgetMs: number };
}

/** What `scan` calls; injected so the command is testable without AWS. */
export interface ScanDeps {
  clients(opts: { profile?: string; endpoint?: string }): ClientFactory;
  /** CloudTrail clients per region for `--cloudtrail-lookback` (default: SDK clients with adaptive retry). */
  trailClients?(opts: { profile?: string; endpoint?: string }): (region: string) => Pick<CloudTrailClient, 'send'>;
  clock: Clock;
  log?: Log;
  /** Pacing of LookupEvents requests per region (default 500 ms: the API's 2 requests/s; tests go faster). */
  trailMinIntervalMs?: number;
}

/** Attempts per LookupEvents call: adaptive retry (client-side rate limiting) on throttling, bounded by the budget. */
const TRAIL_MAX_ATTEMPTS = 5;

export function defaultTrailClients(opts: { profile?: string; endpoint?: string }): (region: string) => CloudTrailClient {
  const credentials = opts.profile ? fromIni({ profile: opts.profile }) : fromNodeProviderChain();
  const cache = new Map<string, CloudTrailClient>();
  return (region) => {
    let c = cache.get(region);
    if (!c) {
      c = new CloudTrailClient({
        region,
        credentials,
        retryMode: 'adaptive',
        maxAttempts: TRAIL_MAX_ATTEMPTS,
        ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
      });
      cache.set(region, c);
    }
    return c;
  };
}

export const defaultScanDeps: ScanDeps = {
  clients: ({ profile, endpoint }) =>
    createClientFactory({ credentials: profile ? fromIni({ profile }) : fromNodeProviderChain(), endpoint }),
  trailClients: defaultTrailClients,
  clock: systemClock,
};

/** `60s`, `2m` or plain seconds -> milliseconds (5s..30m). */
export function parseBudget(v: string): number {
  const m = /^(\d{1,5})(s|m)?$/.exec(v.trim().toLowerCase());
  const ms = m ? Number(m[1]) * (m[2] === 'm' ? 60_000 : 1000) : Number.NaN;
  if (!(ms >= 5000 && ms <= 30 * 60_000))
    throw new UsageError(`--cloudtrail-budget takes seconds or minutes between 5s and 30m (e.g. 60s, 2m), not '${v}'`, 1);
  return ms;
}

function splitList(v: string | undefined): string[] | undefined {
  if (v === undefined) return undefined;
  return v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Selects checks by id; unknown ids are a usage error (a typo must not silently run nothing). */
export function selectChecks(all: Check[], include: string[] | undefined, exclude: string[] | undefined): Check[] {
  const known = new Set(all.map((c) => c.metadata.id));
  const unknown = [...(include ?? []), ...(exclude ?? [])].filter((id) => !known.has(id));
  if (unknown.length > 0) throw new UsageError(`unknown check id(s): ${unknown.join(', ')} (aispm checks lists them)`, 1);
  const inc = include && include.length > 0 ? new Set(include) : undefined;
  const exc = new Set(exclude ?? []);
  const out = all.filter((c) => (!inc || inc.has(c.metadata.id)) && !exc.has(c.metadata.id));
  if (out.length === 0) throw new UsageError('no check left to run after --checks/--exclude-checks', 1);
  return out;
}

export function parseScanArgs(argv: string[], env: NodeJS.ProcessEnv): ScanOptions | 'help' {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        profile: { type: 'string' },
        regions: { type: 'string' },
        'output-dir': { type: 'string', default: 'aispm-output' },
        'output-formats': { type: 'string' },
        severity: { type: 'string', default: 'LOW' },
        checks: { type: 'string' },
        'exclude-checks': { type: 'string' },
        'endpoint-url': { type: 'string' },
        suppressions: { type: 'string' },
        'cloudtrail-lookback': { type: 'string' },
        'cloudtrail-max-pages': { type: 'string' },
        'cloudtrail-budget': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n${USAGE}`);
  }
  if (values.help) return 'help';
  const severity = String(values.severity).toUpperCase();
  if (!isSeverity(severity)) throw new UsageError(`--severity must be one of ${SEVERITIES.join(', ')}`, 1);
  const regions = splitList(values.regions as string | undefined) ?? [env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1'];
  const badRegion = regions.find((r) => !REGION_RE.test(r));
  if (badRegion !== undefined || regions.length === 0) throw new UsageError(`--regions: '${badRegion ?? ''}' is not a region name`, 1);
  return {
    trailLookback: parseTrailLookback(values),
    profile: values.profile as string | undefined,
    regions: [...new Set(regions)],
    outputDir: values['output-dir'] as string,
    formats: parseFormats(values['output-formats'] as string | undefined),
    severity,
    checks: selectChecks(
      ALL_CHECKS,
      splitList(values.checks as string | undefined),
      splitList(values['exclude-checks'] as string | undefined),
    ),
    endpointUrl: (values['endpoint-url'] as string | undefined) ?? env.AWS_ENDPOINT_URL,
    suppressionsFile: values.suppressions as string | undefined,
  };
}

function parseTrailLookback(values: Record<string, string | boolean | undefined>): ScanOptions['trailLookback'] {
  const lookback = values['cloudtrail-lookback'] as string | undefined;
  const pages = values['cloudtrail-max-pages'] as string | undefined;
  const budget = values['cloudtrail-budget'] as string | undefined;
  if (lookback === undefined) {
    if (pages !== undefined || budget !== undefined)
      throw new UsageError('--cloudtrail-max-pages and --cloudtrail-budget need --cloudtrail-lookback', 1);
    return undefined;
  }
  let lookbackMs: number;
  try {
    lookbackMs = parseLookback(lookback);
  } catch (err) {
    throw new UsageError((err as Error).message, 1);
  }
  const maxPages = pages === undefined ? DEFAULT_MAX_PAGES : Number(pages);
  if (!/^\d+$/.test(pages ?? '1') || !(maxPages >= 1 && maxPages <= 1000))
    throw new UsageError(`--cloudtrail-max-pages takes a whole number from 1 to 1000, not '${pages}'`, 1);
  return { lookbackMs, maxPages, budgetMs: budget === undefined ? DEFAULT_BUDGET_MS : parseBudget(budget) };
}

/** `24h` / `7d` for a look-back in whole hours or days (days from 2 days on). */
function formatLookback(ms: number): string {
  return ms % 86_400_000 === 0 && ms >= 2 * 86_400_000 ? `${ms / 86_400_000}d` : `${ms / 3_600_000}h`;
}

/** The look-back's part of the summary: what was read, each finding with its CloudTrail event ids, every gap. */
export function lookbackLines(r: TrailLookbackResult, limit = 10): string[] {
  const perRegion = r.regions.map((x) => `${x.region} ${x.events.length} in ${x.pages} page(s)`).join(', ');
  const lines = [
    `cloudtrail look-back ${formatLookback(r.lookbackMs)} (${r.window.start} .. ${r.window.end}): ${r.events} event(s) read (${perRegion})${r.malformed ? `, ${r.malformed} malformed skipped` : ''}; ${r.findings.length} finding(s)${r.notes.length ? `; INCOMPLETE in ${new Set(r.notes.map((n) => n.region)).size} region(s)` : ''}`,
  ];
  const sorted = [...r.findings].sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || (a.id < b.id ? -1 : 1));
  for (const f of sorted.slice(0, limit)) {
    const ids = f.eventIds ?? [];
    lines.push(
      `  ${f.severity.padEnd(8)} ${termSafe(f.detector ?? f.ruleId, 60)}  ${termSafe(f.identity ?? 'unknown', 100)} (${termSafe(f.region, 20)})  eventIds: ${ids
        .slice(0, 3)
        .map((id) => termSafe(id, 60))
        .join(', ')}${ids.length > 3 ? ` (+${ids.length - 3})` : ''}`,
    );
  }
  if (sorted.length > limit) lines.push(`  ... and ${sorted.length - limit} more (see findings.json)`);
  for (const n of r.notes) {
    lines.push(
      `  incomplete: ${n.region}: ${n.message}; not read: ${n.lookups.join(', ')}${n.readBackTo ? `; read back to ${n.readBackTo} only` : ''}`,
    );
  }
  return lines;
}

/**
 * Reads and validates a `--suppressions` file. A missing file, bad JSON or a bad rule is a usage error naming the
 * rule and field (exit 1), never a silently ignored file. An expired rule is valid (it no longer applies).
 */
export async function loadSuppressionsFile(path: string): Promise<SuppressionRule[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new UsageError(
      `--suppressions: cannot read ${termSafe(path, 300)}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
      1,
    );
  }
  try {
    return parseSuppressions(text.trim() === '' ? '[]' : text, '--suppressions');
  } catch (err) {
    throw new UsageError((err as Error).message, 1);
  }
}

/** Progress: one redrawn status line on a terminal, plain timestamped lines otherwise (CI logs). */
export function progressReporter(io: CliIo, clock: Clock): { update(msg: string): void; done(): void } {
  const start = clock.now().getTime();
  const elapsed = () => `${((clock.now().getTime() - start) / 1000).toFixed(1)}s`;
  if (io.isTty) {
    const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
    let i = 0;
    let last = 0;
    return {
      update(msg) {
        const now = clock.now().getTime();
        if (now - last < 50) return;
        last = now;
        const line = `${frames[i++ % frames.length]} ${elapsed()} ${termSafe(msg, 140)}`;
        io.stderr.write(`\r\x1b[2K${line.slice(0, 160)}`);
      },
      done() {
        io.stderr.write('\r\x1b[2K');
      },
    };
  }
  return {
    update(msg) {
      io.stderr.write(`[aispm ${elapsed()}] ${termSafe(msg, 400)}\n`);
    },
    done() {},
  };
}

/** A path relative to the working directory when it is below it, absolute otherwise. */
function display(abs: string): string {
  const rel = relative(process.cwd(), abs);
  return rel && !rel.startsWith('..') ? rel : abs;
}

/** Terminal-safe one-liner: control characters (ANSI escapes, bidi overrides) removed, capped. Names are attacker-controlled. */
function termSafe(s: string, max: number): string {
  return truncate(stripControl(s, false), max);
}

/** The most severe failing findings, one per line, for CI logs (what made the gate fail). */
export function failingLines(failing: Finding[], limit: number): string[] {
  const sorted = [...failing].sort(
    (a, b) => severityRank(b.severity) - severityRank(a.severity) || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0),
  );
  const lines = sorted
    .slice(0, limit)
    .map(
      (f) =>
        `  ${f.severity.padEnd(8)} ${termSafe(f.ruleId, 80)}  ${termSafe(f.resourceName ?? f.resourceId, 80)} (${termSafe(f.region, 20)})`,
    );
  if (sorted.length > limit) lines.push(`  ... and ${sorted.length - limit} more (see findings.csv)`);
  return lines;
}

export interface ScanOutcome {
  exitCode: number;
  accountId: string;
  failingAtOrAbove: number;
  files: { path: string; sha256: string }[];
  lookback?: TrailLookbackResult;
}

export async function runScan(opts: ScanOptions, io: CliIo, deps: ScanDeps = defaultScanDeps): Promise<ScanOutcome> {
  const log = deps.log ?? streamLog(io.stderr, 'warn');
  const progress = progressReporter(io, deps.clock);
  const store = new MemoryStore(() => deps.clock.now().getTime());
  const clients = deps.clients({ profile: opts.profile, endpoint: opts.endpointUrl });
  try {
    progress.update(`discovering AI assets in ${opts.regions.join(', ')}`);
    const discovery = await runDiscovery({
      target: {},
      regions: opts.regions,
      clients,
      store,
      clock: deps.clock,
      log,
      trigger: 'cli',
      onProgress: (m) => progress.update(m),
    });
    const accountId = discovery.scanRun.accountId;
    progress.update(`assessing ${discovery.assets.length} assets with ${opts.checks.length} checks`);
    const { results } = await runAssessment({ store, accountId, regions: opts.regions, checks: opts.checks, clock: deps.clock, log });
    let lookback: TrailLookbackResult | undefined;
    if (opts.trailLookback) {
      const t = opts.trailLookback;
      progress.update(`reading ${formatLookback(t.lookbackMs)} of CloudTrail management events in ${opts.regions.join(', ')}`);
      const lookbackOpts: TrailLookbackOptions = {
        regions: opts.regions,
        ...t,
        client: (deps.trailClients ?? defaultTrailClients)({ profile: opts.profile, endpoint: opts.endpointUrl }),
        // this scan's own List/Get calls (and earlier scans by the same principal) are inventory, not reconnaissance
        scannerPrincipals: discovery.callerArn ? [discovery.callerArn] : [],
        minIntervalMs: deps.trailMinIntervalMs,
        store,
        clock: deps.clock,
        log,
      };
      try {
        lookback = await runTrailLookback(lookbackOpts);
      } catch (err) {
        // the look-back must never cost the scan its report: an unexpected failure is a gap in every region
        log.error('cloudtrail look-back failed', { error: errorName(err) });
        lookback = failedLookback(lookbackOpts, err);
      }
      // what the look-back could not read is a coverage finding (outputs and exit gate), not only a report note
      await recordObservations(
        store,
        lookbackCoverageGaps(lookback, accountId, deps.clock.now().toISOString()).map(lookbackGapObservation),
        deps.clock.now().toISOString(),
      );
    }
    progress.update('writing report');
    const state = await loadReportState(store, {
      accountIds: [accountId],
      checks: opts.checks.map((c) => c.metadata),
      evaluate: () => results,
      now: deps.clock.now(),
    });
    if (state.coverageGaps.length === 0 && discovery.gaps.length > 0) state.coverageGaps = discovery.gaps;
    if (lookback) state.coverageGaps = [...state.coverageGaps, ...lookbackCoverageGaps(lookback, accountId, state.generatedAt)];
    const rules = opts.suppressions ?? [];
    const now = deps.clock.now();
    if (rules.length > 0) {
      const tags = new Map(state.assets.map((a) => [a.id, a.tags]));
      state.findings = state.findings.map((f) => applySuppressions(f, rules, now, tags.get(f.resourceId)));
    }
    const { files } = await writeReport(state, opts.outputDir, { formats: opts.formats, now: deps.clock.now().toISOString() });
    progress.done();

    const open = state.findings.filter((f) => isOpenFinding(f, state.generatedAt) && f.complianceStatus === 'FAIL');
    const suppressed = state.findings.filter(
      (f) => (f.status === 'NEW' || f.status === 'ACTIVE') && f.complianceStatus === 'FAIL' && isSuppressed(f, state.generatedAt),
    );
    const expired = rules.filter((r) => expiryMs(r.expiresAt) <= now.getTime());
    const failing = open.filter((f) => atLeast(f.severity, opts.severity));
    const counts: Record<string, number> = { PASS: 0, FAIL: 0, MANUAL: 0, ERROR: 0 };
    for (const r of results) counts[r.status] = (counts[r.status] ?? 0) + 1;
    const bySev = [...SEVERITIES]
      .reverse()
      .map((s) => `${s} ${open.filter((f) => f.severity === s).length}`)
      .join(', ');
    const html = files.find((f) => f.path.endsWith('report.html'));
    const lines = [
      `account ${accountId}, regions ${opts.regions.join(', ')}: ${state.assets.length} AI assets, ${discovery.gaps.length} coverage gap(s)`,
      `checks: ${opts.checks.length} run, results PASS ${counts.PASS}, FAIL ${counts.FAIL}, MANUAL ${counts.MANUAL}, ERROR ${counts.ERROR}; posture score ${overallScore(results).score ?? 'n/a'}`,
      `open failing findings: ${open.length} (${bySev})`,
      ...(lookback ? lookbackLines(lookback) : []),
      ...(opts.suppressions
        ? [
            `suppressed (accepted risk): ${suppressed.length} failing finding(s) by ${rules.length - expired.length} active rule(s)${expired.length ? `; ${expired.length} expired rule(s) no longer apply: ${expired.map((r) => termSafe(r.id, 60)).join(', ')}` : ''}`,
          ]
        : []),
      `at or above ${opts.severity}: ${failing.length}${failing.length > 0 ? ' -> exit 3' : ''}`,
      ...failingLines(failing, 10),
      `outputs in ${display(resolve(opts.outputDir))}${html ? ` (open ${display(html.path)})` : ''}`,
    ];
    await write(io.stdout, `${lines.join('\n')}\n`);
    return { exitCode: failing.length > 0 ? 3 : 0, accountId, failingAtOrAbove: failing.length, files, lookback };
  } finally {
    progress.done();
  }
}

export async function run(argv: string[], io: CliIo, deps: ScanDeps = defaultScanDeps): Promise<number> {
  let opts: ScanOptions | 'help';
  try {
    opts = parseScanArgs(argv, io.env ?? process.env);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`aispm scan: ${err.message}\n`);
      return err.exitCode;
    }
    throw err;
  }
  if (opts === 'help') {
    await write(io.stdout, `${USAGE}\n`);
    return 0;
  }
  try {
    if (opts.suppressionsFile !== undefined) opts.suppressions = await loadSuppressionsFile(opts.suppressionsFile);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`aispm scan: ${err.message}\n`);
      return err.exitCode;
    }
    throw err;
  }
  try {
    return (await runScan(opts, io, deps)).exitCode;
  } catch (err) {
    const e = err as Error & { name?: string };
    io.stderr.write(`aispm scan: error: ${e.name && e.name !== 'Error' ? `${e.name}: ` : ''}${e.message}\n`);
    return 1;
  }
}
