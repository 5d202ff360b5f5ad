import type { BusEvent } from '../adapters/types.ts';
import type { Finding } from '../domain/finding.ts';
import type { Transition } from './lifecycle.ts';
import { asffIdFor } from './asff.ts';
import { securityHubConsoleUrl } from './slack.ts';
import { isSuppressed } from './suppressions.ts';
import { truncate, wellFormed } from './text.ts';

/** EventBridge `source` and `detail-type` of finding events on the system's bus (rules match on these). */
export const EVENT_SOURCE = 'aispm';
export const EVENT_DETAIL_TYPE = 'AI-SPM Finding';
export const EVENT_SCHEMA_VERSION = '1.0';
/** Keep the detail well under the 256 KB PutEvents limit. */
export const MAX_DETAIL_BYTES = 200 * 1024;

export type EventFinding = Omit<Finding, 'version' | 'remediation'> & { remediation: { text: string; url?: string } };

/** `detail` of an `AI-SPM Finding` event; the JSON Schema is `events/ai-spm-finding.schema.json`. */
export interface FindingEventDetail {
  schemaVersion: typeof EVENT_SCHEMA_VERSION;
  transition: Exclude<Transition, 'none' | 'refreshed' | 'persisted'> | 'persisted';
  suppressed: boolean;
  asffId: string;
  securityHubUrl: string;
  finding: EventFinding;
  evidenceTruncated?: boolean;
}

function capEvidence(e: Finding['evidence']): Finding['evidence'] {
  const out: Finding['evidence'] = {};
  for (const [k, v] of Object.entries(e ?? {}).slice(0, 100)) {
    out[wellFormed(truncate(k, 128))] =
      typeof v === 'string'
        ? wellFormed(truncate(v, 2048))
        : Array.isArray(v)
          ? (v.slice(0, 50).map((x) => (typeof x === 'string' ? wellFormed(x) : x)) as string[] | number[])
          : v;
  }
  return out;
}

/**
 * The finding-change event (pure). Evidence is already redacted; it is still capped (strings well-formed: no lone
 * surrogate, which JSON encoders and AWS APIs reject), and dropped if too large.
 */
export function toFindingEvent(
  transition: FindingEventDetail['transition'],
  f: Finding,
  opts: { now: Date; homeRegion?: string; importRegion?: string },
): BusEvent {
  const { version: _v, remediation, ...rest } = f;
  const finding: EventFinding = {
    ...rest,
    evidence: capEvidence(f.evidence),
    remediation: { text: remediation.text, ...(remediation.url ? { url: remediation.url } : {}) },
    ...(f.requestIds ? { requestIds: f.requestIds.slice(0, 50) } : {}),
    ...(f.eventIds ? { eventIds: f.eventIds.slice(0, 50) } : {}),
  };
  const detail: FindingEventDetail = {
    schemaVersion: EVENT_SCHEMA_VERSION,
    transition,
    suppressed: isSuppressed(f, opts.now),
    asffId: asffIdFor(f),
    securityHubUrl: securityHubConsoleUrl(f, opts.homeRegion, opts.importRegion),
    finding,
  };
  let json = JSON.stringify(detail);
  if (Buffer.byteLength(json, 'utf8') > MAX_DETAIL_BYTES) {
    detail.finding = { ...finding, evidence: {}, description: truncate(finding.description, 1024) };
    detail.evidenceTruncated = true;
    json = JSON.stringify(detail);
  }
  return {
    Source: EVENT_SOURCE,
    DetailType: EVENT_DETAIL_TYPE,
    Detail: json,
    Resources: f.resourceId.startsWith('arn:') && f.resourceId.length <= 1600 ? [f.resourceId] : [],
    Time: new Date(f.updatedAt),
  };
}

/** The event as EventBridge delivers it to targets (for schema tests, samples and the local stand-in). */
export function envelope(e: BusEvent, meta: { id: string; account: string; region: string }): Record<string, unknown> {
  return {
    version: '0',
    id: meta.id,
    'detail-type': e.DetailType,
    source: e.Source,
    account: meta.account,
    time: (e.Time ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: meta.region,
    resources: e.Resources ?? [],
    detail: JSON.parse(e.Detail),
  };
}
