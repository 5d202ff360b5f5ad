import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { sha256Hex } from '../util/hash.ts';
import { type Artifact, type BuildOptions, buildArtifacts } from './artifacts.ts';
import type { ReportState } from './state.ts';

export interface WrittenReport {
  /** Absolute paths with the SHA-256 of what was written. */
  files: { path: string; sha256: string }[];
  artifacts: Artifact[];
}

/**
 * Builds every artifact from `state` and writes them under `outDir` (created if needed): report.html,
 * findings.{json,csv}, findings.asff.json, findings.ocsf.json, ai-bom.cdx.json, evidence/{snapshot.json,manifest.json,
 * SHA256SUMS}. Each file is written to a temporary name and renamed, so a reader never sees half a report.
 */
export async function writeReport(state: ReportState, outDir: string, opts: BuildOptions = {}): Promise<WrittenReport> {
  const artifacts = buildArtifacts(state, opts);
  const root = resolve(outDir);
  const files: WrittenReport['files'] = [];
  for (const a of artifacts) {
    const target = join(root, ...a.path.split('/'));
    await mkdir(dirname(target), { recursive: true });
    const tmp = `${target}.${process.pid}.tmp`;
    await writeFile(tmp, a.content, 'utf8');
    await rename(tmp, target);
    files.push({ path: target, sha256: sha256Hex(a.content) });
  }
  return { files, artifacts };
}
