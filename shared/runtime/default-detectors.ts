/**
 * The default detector set: the detectors library and the injection classifier, when their modules are present in
 * this build, plus the pipeline's own detectors. Families that are wired are listed in `DetectorSet.families`.
 */
import { buildDetectorSet, type DetectorParts, type DetectorSet, type DetectorSettings } from './detector-set.ts';

async function tryImport(spec: string): Promise<Record<string, unknown> | undefined> {
  try {
    return (await import(spec)) as Record<string, unknown>;
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') return undefined;
    throw err;
  }
}

export async function loadDefaultDetectorSet(settings: DetectorSettings = {}): Promise<DetectorSet> {
  const parts: DetectorParts = {};
  const lib = await tryImport(new URL('../detectors/index.ts', import.meta.url).href);
  if (lib) {
    if (Array.isArray(lib.contentDetectors)) parts.content = lib.contentDetectors as DetectorParts['content'];
    if (Array.isArray(lib.trailDetectors)) parts.trail = lib.trailDetectors as DetectorParts['trail'];
  }
  const inj = await tryImport(new URL('../detectors/injection/index.ts', import.meta.url).href);
  if (inj && typeof inj.classifyPrompt === 'function') parts.classify = inj.classifyPrompt as DetectorParts['classify'];
  return buildDetectorSet(parts, settings);
}
