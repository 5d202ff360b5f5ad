import type { Finding } from '../domain/finding.ts';
import { SEVERITIES, type Severity, severityRank } from '../domain/severity.ts';
import { type ToAsffOptions, toAsff } from '../findings/asff.ts';
import { canonicalJson, sha256Hex } from '../util/hash.ts';
import { aiBomJson } from './aibom.ts';
import { cmp } from './compare.ts';
import type { CatalogueRequirement } from './coverage.ts';
import { coverageMatrix, defaultCatalogue } from './coverage.ts';
import { complianceCsv, findingsCsv } from './csv.ts';
import { renderHtmlReport } from './html.ts';
import { TOOL_INFO, type ToolInfo } from './meta.ts';
import { toOcsf } from './ocsf.ts';
import { overallScore } from './score.ts';
import { isOpenFinding, type ReportState } from './state.ts';

/** One file of a report run: relative path (POSIX), bytes and media type. */
export interface Artifact {
  path: string;
  content: string;
  mediaType: string;
}

export interface ManifestEntry {
  path: string;
  sha256: string;
  bytes: number;
  mediaType: string;
  createdAt: string;
}

export interface EvidenceManifest {
  schemaVersion: 1;
  kind: 'aispm-evidence-pack';
  /** Deterministic id of this pack: SHA-256 (first 32 hex) of the snapshot digest and the packaging time. */
  packId: string;
  /** The state's "as of" time (what was true when). */
  assessedAt: string;
  /** When the pack was produced. */
  packagedAt: string;
  tool: ToolInfo;
  scope: {
    accounts: string[];
    regions: string[];
    scanRuns: { scanId: string; accountId: string; startedAt: string; finishedAt?: string }[];
  };
  summary: {
    assets: number;
    checkResults: Record<string, number>;
    openFindingsBySeverity: Record<Severity, number>;
    postureScore: number | null;
    coverageGaps: number;
    frameworks: Record<string, Record<string, number>>;
  };
  /** The assessed configuration snapshot (inventory + results + findings, canonical JSON). */
  snapshot: ManifestEntry;
  artifacts: ManifestEntry[];
  /** How to verify: `cd <dir> && sha256sum -c evidence/SHA256SUMS`. */
  verification: string;
}

/** Output formats (`--output-formats`); the evidence pack (snapshot, manifest, SHA256SUMS) is always produced. */
export const OUTPUT_FORMATS = ['html', 'json', 'csv', 'asff', 'ocsf', 'cyclonedx'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface BuildOptions {
  /** Which outputs to build; default all. */
  formats?: readonly OutputFormat[];
  /** Packaging time (evidence timestamps); defaults to state.generatedAt. */
  now?: string;
  tool?: ToolInfo;
  asff?: ToAsffOptions;
  catalogue?: CatalogueRequirement[];
  title?: string;
}

export const ARTIFACT_PATHS = {
  html: 'report.html',
  json: 'findings.json',
  csv: 'findings.csv',
  complianceCsv: 'compliance.csv',
  asff: 'findings.asff.json',
  ocsf: 'findings.ocsf.json',
  aibom: 'ai-bom.cdx.json',
  snapshot: 'evidence/snapshot.json',
  manifest: 'evidence/manifest.json',
  sums: 'evidence/SHA256SUMS',
} as const;

function sortFindings(fs: Finding[]): Finding[] {
  return [...fs].sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || cmp(a.id, b.id));
}

/** Findings JSON: every finding (open, suppressed, resolved) with counts, most severe first. */
export function findingsJson(state: ReportState, tool: ToolInfo = TOOL_INFO): string {
  const findings = sortFindings(state.findings);
  const open = findings.filter((f) => isOpenFinding(f, state.generatedAt));
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, open.filter((f) => f.severity === s).length]));
  const byStatus: Record<string, number> = {};
  for (const f of findings) byStatus[f.status] = (byStatus[f.status] ?? 0) + 1;
  return `${JSON.stringify({ schemaVersion: 1, tool, generatedAt: state.generatedAt, counts: { total: findings.length, open: open.length, openBySeverity: bySeverity, byStatus }, findings }, null, 2)}\n`;
}

export function asffJson(state: ReportState, opts: ToAsffOptions = {}): string {
  const docs = sortFindings(state.findings).map((f) => toAsff(f, { now: state.generatedAt, ...opts }));
  return `${JSON.stringify(docs, null, 2)}\n`;
}

export function ocsfJson(state: ReportState, tool: ToolInfo = TOOL_INFO): string {
  return `${JSON.stringify(
    sortFindings(state.findings).map((f) => toOcsf(f, state.generatedAt, tool)),
    null,
    2,
  )}\n`;
}

function entry(a: Artifact, createdAt: string): ManifestEntry {
  return { path: a.path, sha256: sha256Hex(a.content), bytes: Buffer.byteLength(a.content), mediaType: a.mediaType, createdAt };
}

/**
 * Every artifact of a report run, built purely from the state: report, findings JSON/CSV/ASFF/OCSF, AI-BOM, the
 * configuration snapshot, the evidence manifest (SHA-256 + timestamps of each) and a `sha256sum -c` checksum file.
 */
export function buildArtifacts(state: ReportState, opts: BuildOptions = {}): Artifact[] {
  const now = opts.now ?? state.generatedAt;
  const tool = opts.tool ?? TOOL_INFO;
  const snapshot: Artifact = {
    path: ARTIFACT_PATHS.snapshot,
    content: `${canonicalJson({ schemaVersion: 1, ...state })}\n`,
    mediaType: 'application/json',
  };
  const formats = new Set<OutputFormat>(opts.formats ?? OUTPUT_FORMATS);
  const matrix = coverageMatrix(state, opts.catalogue ?? defaultCatalogue());
  const builders: [OutputFormat, () => Artifact[]][] = [
    [
      'html',
      () => [
        {
          path: ARTIFACT_PATHS.html,
          content: renderHtmlReport(state, { catalogue: opts.catalogue, title: opts.title }),
          mediaType: 'text/html; charset=utf-8',
        },
      ],
    ],
    ['json', () => [{ path: ARTIFACT_PATHS.json, content: findingsJson(state, tool), mediaType: 'application/json' }]],
    [
      'csv',
      () => [
        {
          path: ARTIFACT_PATHS.csv,
          content: findingsCsv(sortFindings(state.findings)),
          mediaType: 'text/csv; charset=utf-8; header=present',
        },
        { path: ARTIFACT_PATHS.complianceCsv, content: complianceCsv(matrix), mediaType: 'text/csv; charset=utf-8; header=present' },
      ],
    ],
    ['asff', () => [{ path: ARTIFACT_PATHS.asff, content: asffJson(state, opts.asff), mediaType: 'application/json' }]],
    ['ocsf', () => [{ path: ARTIFACT_PATHS.ocsf, content: ocsfJson(state, tool), mediaType: 'application/json' }]],
    ['cyclonedx', () => [{ path: ARTIFACT_PATHS.aibom, content: aiBomJson(state, { tool }), mediaType: 'application/vnd.cyclonedx+json' }]],
  ];
  const outputs = builders.filter(([f]) => formats.has(f)).flatMap(([, build]) => build());
  const snapEntry = entry(snapshot, now);
  const live = state.assets.filter((a) => !a.deletedAt);
  const open = state.findings.filter((f) => isOpenFinding(f, state.generatedAt));
  const checkResults: Record<string, number> = { PASS: 0, FAIL: 0, MANUAL: 0, ERROR: 0 };
  for (const r of state.results) checkResults[r.status] = (checkResults[r.status] ?? 0) + 1;
  const frameworks: Record<string, Record<string, number>> = {};
  for (const fw of matrix) frameworks[fw.framework] = fw.totals;
  const manifest: EvidenceManifest = {
    schemaVersion: 1,
    kind: 'aispm-evidence-pack',
    packId: sha256Hex(`${snapEntry.sha256}\u0000${now}`).slice(0, 32),
    assessedAt: state.generatedAt,
    packagedAt: now,
    tool,
    scope: {
      accounts: [...new Set([...live.map((a) => a.accountId), ...state.results.map((r) => r.accountId)])].sort(),
      regions: [...new Set([...live.map((a) => a.region), ...state.results.map((r) => r.region)])].sort(),
      scanRuns: state.scanRuns.map((r) => ({ scanId: r.scanId, accountId: r.accountId, startedAt: r.startedAt, finishedAt: r.finishedAt })),
    },
    summary: {
      assets: live.length,
      checkResults,
      openFindingsBySeverity: Object.fromEntries(SEVERITIES.map((s) => [s, open.filter((f) => f.severity === s).length])) as Record<
        Severity,
        number
      >,
      postureScore: overallScore(state.results).score,
      coverageGaps: state.coverageGaps.length,
      frameworks,
    },
    snapshot: snapEntry,
    artifacts: outputs.map((a) => entry(a, now)),
    verification: 'cd <report directory> && sha256sum -c evidence/SHA256SUMS',
  };
  const manifestArt: Artifact = {
    path: ARTIFACT_PATHS.manifest,
    content: `${JSON.stringify(manifest, null, 2)}\n`,
    mediaType: 'application/json',
  };
  const all = [...outputs, snapshot, manifestArt];
  const sums: Artifact = {
    path: ARTIFACT_PATHS.sums,
    content: all.map((a) => `${sha256Hex(a.content)}  ${a.path}\n`).join(''),
    mediaType: 'text/plain; charset=utf-8',
  };
  return [...all, sums];
}
