import type { Finding } from './finding.ts';

/** Queue message from discovery to assessment: assess these assets (or the whole account/regions). */
export interface AssessRequest {
  accountId: string;
  regions?: string[];
  /** When present, only these assets (and the cross-asset checks that read them) are re-assessed. */
  assetIds?: string[];
  scanId?: string;
  trigger: 'schedule' | 'event' | 'cli' | 'demo';
  requestedAt: string;
}

/** Queue message from assessment / log analysis to delivery: one finding whose state changed. */
export interface FindingChangeMessage {
  transition: 'opened' | 'reopened' | 'persisted' | 'updated' | 'refreshed' | 'resolved' | 'none';
  finding: Finding;
  /** The accepted-risk rule that expired, when this change is the sweep lifting its suppression (alerted on). */
  lapsedSuppression?: LapsedSuppression;
}

export interface LapsedSuppression {
  id: string;
  expiresAt: string;
}
