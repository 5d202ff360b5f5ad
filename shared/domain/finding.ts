import type { CheckStatus, Remediation } from './check.ts';
import type { FrameworkMappings } from './frameworks.ts';
import type { Severity } from './severity.ts';

export type FindingSource = 'posture' | 'runtime' | 'coverage';
/** NEW on first failure, ACTIVE while it keeps failing, RESOLVED when fixed; a RESOLVED finding that fails again is reopened (NEW, `reopenedCount` + 1). */
export type FindingStatus = 'NEW' | 'ACTIVE' | 'RESOLVED';

export type EvidenceValue = string | number | boolean | null | string[] | number[];

export interface Suppression {
  id: string;
  reason: string;
  owner: string;
  /** ISO date; after it the suppression no longer applies. */
  expiresAt: string;
}

export interface Finding {
  /** Deterministic: fingerprint(ruleId, resourceId[, identity, modelId, window]). */
  id: string;
  ruleId: string;
  source: FindingSource;
  title: string;
  description: string;
  severity: Severity;
  status: FindingStatus;
  /** Result of the last evaluation. */
  complianceStatus: CheckStatus;
  resourceId: string;
  resourceType: string;
  resourceName?: string;
  accountId: string;
  region: string;
  firstObservedAt: string;
  lastObservedAt: string;
  /** Last time the finding's state changed (drives delivery; strictly increasing per finding). */
  updatedAt: string;
  resolvedAt?: string;
  occurrences: number;
  reopenedCount: number;
  /** Redacted evidence only: never raw prompts, outputs or secret values. */
  evidence: Record<string, EvidenceValue>;
  remediation: Remediation;
  mappings: FrameworkMappings;
  /** ASFF Types. */
  types: string[];
  // runtime-only fields
  detector?: string;
  identity?: string;
  modelId?: string;
  windowStart?: string;
  requestIds?: string[];
  eventIds?: string[];
  suppression?: Suppression;
  /** Optimistic-lock counter maintained by the store. */
  version?: number;
}
