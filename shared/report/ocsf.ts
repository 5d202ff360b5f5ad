import type { CheckStatus } from '../domain/check.ts';
import type { Finding } from '../domain/finding.ts';
import { FRAMEWORK_KEYS, FRAMEWORK_NAMES } from '../domain/frameworks.ts';
import type { Severity } from '../domain/severity.ts';
import { TOOL_INFO, type ToolInfo } from './meta.ts';

/**
 * OCSF-style (schema 1.3) findings: runtime detections as Detection Finding (class 2004), posture and coverage
 * findings as Compliance Finding (class 2003), both in the Findings category (2).
 */
export const OCSF_VERSION = '1.3.0';

const SEVERITY_ID: Record<Severity, number> = { INFORMATIONAL: 1, LOW: 2, MEDIUM: 3, HIGH: 4, CRITICAL: 5 };
const SEVERITY_NAME: Record<Severity, string> = {
  INFORMATIONAL: 'Informational',
  LOW: 'Low',
  MEDIUM: 'Medium',
  HIGH: 'High',
  CRITICAL: 'Critical',
};
/** OCSF compliance status: 1 Pass, 2 Warning, 3 Fail. MANUAL/ERROR are Warning with the reason kept in `status_detail`. */
const COMPLIANCE_STATUS_ID: Record<CheckStatus, number> = { PASS: 1, MANUAL: 2, ERROR: 2, FAIL: 3 };

const ms = (iso: string | undefined) => (iso ? Date.parse(iso) : undefined);

export interface OcsfFinding {
  class_uid: 2003 | 2004;
  class_name: 'Compliance Finding' | 'Detection Finding';
  category_uid: 2;
  category_name: 'Findings';
  activity_id: 1 | 2 | 3;
  activity_name: 'Create' | 'Update' | 'Close';
  type_uid: number;
  time: number;
  severity_id: number;
  severity: string;
  status_id: 1 | 2 | 3 | 4;
  status: 'New' | 'In Progress' | 'Suppressed' | 'Resolved';
  message: string;
  metadata: { version: string; product: { name: string; vendor_name: string; version: string }; uid: string };
  finding_info: {
    uid: string;
    title: string;
    desc: string;
    types: string[];
    created_time?: number;
    first_seen_time?: number;
    last_seen_time?: number;
    modified_time?: number;
    analytic: { uid: string; name: string; type_id: 1; type: 'Rule' };
    attacks?: { technique: { uid: string } }[];
  };
  cloud: { provider: 'AWS'; account: { uid: string }; region: string };
  resources: { uid: string; type: string; name?: string; region: string; cloud_partition: string }[];
  remediation: { desc: string; references?: string[] };
  compliance?: { status_id: number; status: string; status_detail?: string; standards: string[]; requirements: string[]; control: string };
  evidences?: { data: Record<string, unknown> }[];
  actor?: { user: { uid: string } };
  count: number;
  unmapped: Record<string, unknown>;
}

export function toOcsf(f: Finding, now: string, tool: ToolInfo = TOOL_INFO): OcsfFinding {
  const runtime = f.source === 'runtime';
  const class_uid = runtime ? 2004 : 2003;
  const activity_id = f.status === 'RESOLVED' ? 3 : f.status === 'NEW' && f.reopenedCount === 0 ? 1 : 2;
  const suppressed = Boolean(f.suppression && f.suppression.expiresAt > now);
  const status_id = f.status === 'RESOLVED' ? 4 : suppressed ? 3 : f.status === 'NEW' ? 1 : 2;
  const requirements: string[] = [];
  const standards: string[] = [];
  for (const k of FRAMEWORK_KEYS) {
    const ids = f.mappings?.[k] ?? [];
    if (ids.length === 0) continue;
    standards.push(FRAMEWORK_NAMES[k]);
    for (const id of ids) requirements.push(`${FRAMEWORK_NAMES[k]}: ${id}`);
  }
  const references = f.remediation?.url ? [f.remediation.url] : undefined;
  const doc: OcsfFinding = {
    class_uid,
    class_name: runtime ? 'Detection Finding' : 'Compliance Finding',
    category_uid: 2,
    category_name: 'Findings',
    activity_id,
    activity_name: activity_id === 1 ? 'Create' : activity_id === 2 ? 'Update' : 'Close',
    type_uid: class_uid * 100 + activity_id,
    time: Date.parse(f.updatedAt),
    severity_id: SEVERITY_ID[f.severity] ?? 0,
    severity: SEVERITY_NAME[f.severity] ?? 'Unknown',
    status_id,
    status: (['New', 'In Progress', 'Suppressed', 'Resolved'] as const)[status_id - 1] as OcsfFinding['status'],
    message: f.title,
    metadata: { version: OCSF_VERSION, product: { name: tool.name, vendor_name: tool.vendor, version: tool.version }, uid: f.id },
    finding_info: {
      uid: f.id,
      title: f.title,
      desc: f.description,
      types: f.types ?? [],
      created_time: ms(f.firstObservedAt),
      first_seen_time: ms(f.firstObservedAt),
      last_seen_time: ms(f.lastObservedAt),
      modified_time: ms(f.updatedAt),
      analytic: { uid: f.ruleId, name: f.detector ?? f.ruleId, type_id: 1, type: 'Rule' },
    },
    cloud: { provider: 'AWS', account: { uid: f.accountId }, region: f.region },
    resources: [
      { uid: f.resourceId, type: f.resourceType, name: f.resourceName, region: f.region, cloud_partition: partitionOf(f.resourceId) },
    ],
    remediation: { desc: f.remediation?.text ?? '', references },
    count: f.occurrences,
    unmapped: { source: f.source, reopened_count: f.reopenedCount, mappings: f.mappings ?? {} },
  };
  const atlas = f.mappings?.atlas ?? [];
  if (atlas.length > 0) doc.finding_info.attacks = atlas.map((uid) => ({ technique: { uid } }));
  if (runtime) {
    doc.evidences = [
      { data: { ...f.evidence, request_ids: f.requestIds, event_ids: f.eventIds, window_start: f.windowStart, model_id: f.modelId } },
    ];
    if (f.identity) doc.actor = { user: { uid: f.identity } };
  } else {
    doc.compliance = {
      status_id: COMPLIANCE_STATUS_ID[f.complianceStatus] ?? 2,
      status: f.complianceStatus === 'PASS' ? 'Pass' : f.complianceStatus === 'FAIL' ? 'Fail' : 'Warning',
      status_detail: f.complianceStatus === 'PASS' || f.complianceStatus === 'FAIL' ? undefined : f.complianceStatus,
      standards,
      requirements,
      control: f.ruleId,
    };
    doc.evidences = [{ data: { ...f.evidence } }];
  }
  return doc;
}

function partitionOf(arn: string): string {
  const m = /^arn:([^:]+):/.exec(arn);
  return m?.[1] ?? 'aws';
}
