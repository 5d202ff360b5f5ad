/**
 * The default detector set: the detectors library (`shared/detectors/`: content detectors, behaviour and drift
 * analyzers with baselines, CloudTrail detectors), the injection classifier (`shared/detectors/injection/`) wired per
 * field, and the pipeline's own guardrail-trace detector. The families wired are listed in `DetectorSet.families`
 * (printed by the CLI).
 */
import {
  behaviourBaselineKey,
  contentDetectors,
  createBehaviourAnalyzer,
  createDriftAnalyzer,
  driftBaselineKey,
  type RecordAnalyzer,
  trailDetectors,
} from '../detectors/index.ts';
import { classifyPrompt } from '../detectors/injection/index.ts';
import { buildDetectorSet, type DetectorSet, type DetectorSettings, type StatefulFactory } from './detector-set.ts';

export function defaultDetectorSet(settings: DetectorSettings = {}): DetectorSet {
  const behaviourCfg = { identityAllowlist: settings.identityAllowlist, modelAllowlist: settings.modelAllowlist };
  const stateful: StatefulFactory = {
    keysFor: (r) => [behaviourBaselineKey(r.accountId, r.identity), driftBaselineKey(r.accountId, r.modelId)],
    create: (baselines): RecordAnalyzer[] => [createBehaviourAnalyzer(behaviourCfg, baselines), createDriftAnalyzer({}, baselines)],
  };
  const set = buildDetectorSet({ content: contentDetectors, trail: trailDetectors, stateful, classify: classifyPrompt }, settings);
  set.families.push('drift');
  return set;
}

/** Kept async so callers do not change when a detector family needs asynchronous setup (e.g. loading a model). */
export async function loadDefaultDetectorSet(settings: DetectorSettings = {}): Promise<DetectorSet> {
  return defaultDetectorSet(settings);
}
