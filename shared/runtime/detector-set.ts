/**
 * The detectors a run uses: the detectors library (`shared/detectors/index.ts`: content, behaviour/drift, CloudTrail),
 * the injection classifier wired per field (`pipeline-detectors.ts`), and the guardrail-trace detector.
 */

import { createDetectorContext, createTrailContext, type DetectorConfigInput } from '../detectors/config.ts';
import type { ContentDetector, DetectorContext, RecordAnalyzer, TrailContext, TrailDetector, TrailThresholds } from '../detectors/types.ts';
import type { InvocationRecord } from '../domain/runtime.ts';
import type { Baseline } from '../store/types.ts';
import { type ClassifyFn, guardrailInterventionDetector, injectionDetectors } from './pipeline-detectors.ts';

export interface StatefulFactory {
  /** Baseline keys a record needs (loaded from the BaselineStore before `create`). */
  keysFor(r: InvocationRecord): string[];
  create(baselines: Baseline[]): RecordAnalyzer[];
}

export interface DetectorSet {
  content: ContentDetector[];
  trail: TrailDetector[];
  ctx: DetectorContext;
  trailCtx: TrailContext;
  stateful?: StatefulFactory;
  /** Which families were wired (printed in stats so a missing family is visible, never silent). */
  families: string[];
}

export interface DetectorSettings extends DetectorConfigInput {
  trail?: Partial<TrailThresholds>;
  knownInvokers?: Iterable<string>;
  /** Globs of principals whose inventory calls are not reconnaissance (`TrailContext.scannerPrincipals`). */
  scannerPrincipals?: string[];
}

export interface DetectorParts {
  content?: readonly ContentDetector[];
  trail?: readonly TrailDetector[];
  stateful?: StatefulFactory;
  classify?: ClassifyFn;
}

/** Assembles a detector set from explicit parts (tests, embedding) plus the pipeline's own detectors. */
export function buildDetectorSet(parts: DetectorParts, settings: DetectorSettings = {}): DetectorSet {
  const families: string[] = [];
  const content: ContentDetector[] = [];
  if (parts.classify) {
    content.push(...injectionDetectors(parts.classify));
    families.push('injection-classifier');
  }
  if (parts.content?.length) {
    content.push(...parts.content);
    families.push('content');
  }
  content.push(guardrailInterventionDetector);
  families.push('guardrail-trace');
  if (parts.stateful) families.push('behaviour');
  if (parts.trail?.length) families.push('cloudtrail');
  return {
    content,
    trail: [...(parts.trail ?? [])],
    ctx: createDetectorContext(settings),
    trailCtx: createTrailContext(settings),
    stateful: parts.stateful,
    families,
  };
}
