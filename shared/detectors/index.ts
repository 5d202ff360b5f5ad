/**
 * Runtime detectors (everything except the prompt-injection classifier, which lives in `./injection/`).
 * See `docs/detectors.md` for the rules, statistics and thresholds.
 */

export { DETECTOR_CATALOGUE, detectorMetadata } from './catalogue.ts';
export type { DetectorConfigInput } from './config.ts';
export {
  compileGlobs,
  createDetectorConfig,
  createDetectorContext,
  createTrailContext,
  DEFAULT_CONTENT_THRESHOLDS,
  DEFAULT_TRAIL_THRESHOLDS,
} from './config.ts';
export { contentDetectors } from './content/index.ts';
export * from './types.ts';

import type { Detection, InvocationRecord } from '../domain/runtime.ts';
import { contentDetectors } from './content/index.ts';
import type { DetectorContext } from './types.ts';

/** Runs every content detector on one record (a detector that throws is isolated: its error is returned, not raised). */
export function runContentDetectors(
  r: InvocationRecord,
  ctx: DetectorContext,
  out: Detection[] = [],
  errors?: { detector: string; error: string }[],
): Detection[] {
  for (const d of contentDetectors) {
    try {
      const found = d.detect(r, ctx);
      for (const x of found) out.push(x);
    } catch (e) {
      errors?.push({ detector: d.id, error: e instanceof Error ? e.name : 'Error' });
    }
  }
  return out;
}

export {
  type BehaviourAnalyzer,
  type BehaviourConfig,
  type BehaviourThresholds,
  behaviourBaselineKey,
  behaviourBaselineKeys,
  createBehaviourAnalyzer,
  DEFAULT_BEHAVIOUR_THRESHOLDS,
} from './behaviour.ts';
export { analyzeTrail, invokersIn, trailDetectors } from './cloudtrail.ts';
export {
  createDriftAnalyzer,
  DEFAULT_DRIFT_THRESHOLDS,
  type DriftAnalyzer,
  type DriftConfig,
  type DriftThresholds,
  driftBaselineKey,
  driftBaselineKeys,
  isRefusal,
} from './drift.ts';
