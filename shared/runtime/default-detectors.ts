/**
 * The default detector set: the detectors library (`shared/detectors/`: content, behaviour, drift and CloudTrail
 * detectors), the injection classifier (`shared/detectors/injection/`) wired per field, and the pipeline's own
 * guardrail-trace detector. The families that are wired are listed in `DetectorSet.families` (printed by the CLI).
 */

import { behaviourBaselineKey, createBehaviourAnalyzer } from '../detectors/behaviour.ts';
import * as lib from '../detectors/index.ts';
import { classifyPrompt } from '../detectors/injection/index.ts';
import type { RecordAnalyzer, TrailDetector } from '../detectors/types.ts';
import type { InvocationRecord } from '../domain/runtime.ts';
import type { Baseline } from '../store/types.ts';
import { buildDetectorSet, type DetectorSet, type DetectorSettings, type StatefulFactory } from './detector-set.ts';

type Loose = Record<string, unknown>;

/** Optional library members that land independently (drift, CloudTrail), looked up by name. */
function optional(): {
  trail?: TrailDetector[];
  drift?: (cfg: Loose, baselines: Baseline[]) => RecordAnalyzer;
  driftKeys?: (r: InvocationRecord) => string[];
} {
  const l = lib as unknown as Loose;
  const out: ReturnType<typeof optional> = {};
  if (Array.isArray(l.trailDetectors)) out.trail = l.trailDetectors as TrailDetector[];
  if (typeof l.createDriftAnalyzer === 'function')
    out.drift = l.createDriftAnalyzer as (cfg: Loose, baselines: Baseline[]) => RecordAnalyzer;
  if (typeof l.driftBaselineKeys === 'function') {
    const f = l.driftBaselineKeys as (records: Iterable<InvocationRecord>) => string[];
    out.driftKeys = (r) => f([r]);
  }
  return out;
}

export function defaultDetectorSet(settings: DetectorSettings = {}): DetectorSet {
  const opt = optional();
  const behaviourCfg = { identityAllowlist: settings.identityAllowlist, modelAllowlist: settings.modelAllowlist };
  const stateful: StatefulFactory = {
    keysFor: (r) => {
      const keys = [behaviourBaselineKey(r.accountId, r.identity)];
      if (opt.driftKeys) keys.push(...opt.driftKeys(r));
      return keys;
    },
    create: (baselines) => {
      const list: RecordAnalyzer[] = [createBehaviourAnalyzer(behaviourCfg, baselines)];
      if (opt.drift) list.push(opt.drift({}, baselines));
      return list;
    },
  };
  const set = buildDetectorSet({ content: lib.contentDetectors, trail: opt.trail, stateful, classify: classifyPrompt }, settings);
  if (opt.drift) set.families.push('drift');
  return set;
}

/** Kept async so callers do not change when detector families need asynchronous setup (e.g. loading a model). */
export async function loadDefaultDetectorSet(settings: DetectorSettings = {}): Promise<DetectorSet> {
  return defaultDetectorSet(settings);
}
