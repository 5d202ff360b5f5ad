import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import assessRequestSchema from '../../events/assess-request.schema.json' with { type: 'json' };
import { InventoryGraph } from '../assessment/graph.ts';
import { ALL_CHECKS } from '../checks/index.ts';
import { TYPES } from '../checks/lib/mappings.ts';
import type { AnyAsset, AssetType, CoverageGap } from '../domain/asset.ts';
import type { Check, CheckContext, CheckMetadata, CheckOutcome, CheckResult } from '../domain/check.ts';
import type { EvidenceValue, Finding } from '../domain/finding.ts';
import type { AssessRequest, FindingChangeMessage } from '../domain/messages.ts';
import type { Observation } from '../findings/lifecycle.ts';
import { type FindingChange, failedFindingsOf, recordObservations } from '../findings/record.ts';
import { sweepLapsedSuppressions } from '../findings/suppression-sweep.ts';
import type { SuppressionRule } from '../findings/suppressions.ts';
import type { Store } from '../store/types.ts';
import type { Clock } from '../util/clock.ts';
import type { Log } from '../util/logger.ts';

/** Depth of relationship hops a cross-asset check reads (endpoint -> config -> model -> bucket). */
export const CROSS_ASSET_DEPTH = 3;
/** Asset types whose checks read the whole region (region-level checks). */
const REGION_ANCHORS: AssetType[] = ['bedrock.logging-config', 'ec2.vpc-endpoints'];
/** Rule id of findings raised for parts of an account that could not be read. */
export const COVERAGE_RULE_ID = 'aispm_coverage_gap';

/**
 * Evaluates `checks` over the inventory (pure). Every live asset of a check's resource type is evaluated; a check
 * that throws becomes an ERROR result for that asset and never stops the run. `onlyAssetIds` limits which assets
 * are evaluated (the graph still spans every asset given, so cross-asset checks see their neighbours).
 */
export function evaluateChecks(
  assets: AnyAsset[],
  gaps: CoverageGap[],
  checks: Check[],
  ctx: { now: Date; settings?: Record<string, unknown> },
  opts: { onlyAssetIds?: Set<string> } = {},
): CheckResult[] {
  const graph = new InventoryGraph(assets, gaps);
  const context: CheckContext = { graph, now: ctx.now, settings: ctx.settings ?? {} };
  const byType = new Map<string, Check[]>();
  for (const c of checks) {
    const list = byType.get(c.metadata.resourceType);
    if (list) list.push(c);
    else byType.set(c.metadata.resourceType, [c]);
  }
  const results: CheckResult[] = [];
  for (const asset of graph.all()) {
    if (opts.onlyAssetIds && !opts.onlyAssetIds.has(asset.id)) continue;
    for (const check of byType.get(asset.type) ?? []) {
      let outcomes: CheckOutcome[];
      try {
        const r = check.evaluate(asset as never, context);
        outcomes = Array.isArray(r) ? r : [r];
      } catch (err) {
        const why = err instanceof Error ? `${err.name}: ${err.message}` : 'non-Error thrown';
        outcomes = [
          {
            status: 'ERROR',
            reason: `Check ${check.metadata.id} failed on ${asset.name}: ${why.slice(0, 200)}`,
            evidence: { internalError: true },
          },
        ];
      }
      for (const o of outcomes) {
        results.push({
          ...o,
          checkId: check.metadata.id,
          resourceId: o.resourceId ?? asset.id,
          resourceType: asset.type,
          resourceName: asset.name,
          accountId: asset.accountId,
          region: asset.region,
          severity: check.metadata.severity,
        });
      }
    }
  }
  return results;
}

function toEvidenceValue(v: unknown): EvidenceValue {
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
    return typeof v === 'string' ? v.slice(0, 1000) : v;
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return (v as string[]).slice(0, 50).map((s) => s.slice(0, 300));
  if (Array.isArray(v) && v.every((x) => typeof x === 'number')) return (v as number[]).slice(0, 50);
  if (v === undefined) return null;
  return JSON.stringify(v).slice(0, 1000);
}

/** Check result -> lifecycle observation (posture source), carrying the check's remediation, mappings and ASFF types. */
export function observationFor(r: CheckResult, m: CheckMetadata): Observation {
  const evidence: Record<string, EvidenceValue> = { reason: r.reason };
  for (const [k, v] of Object.entries(r.evidence ?? {})) evidence[k] = toEvidenceValue(v);
  return {
    ruleId: r.checkId,
    source: 'posture',
    status: r.status,
    title: m.title,
    description: `${r.reason} Risk: ${m.risk}`,
    severity: r.severity,
    resourceId: r.resourceId,
    resourceType: r.resourceType,
    resourceName: r.resourceName,
    accountId: r.accountId,
    region: r.region,
    evidence,
    remediation: m.remediation,
    mappings: m.mappings,
    types: m.types,
  };
}

/** An observation that resolves an existing finding (same id), e.g. because its resource was deleted. */
function resolving(f: Finding, why: string): Observation {
  return {
    ruleId: f.ruleId,
    source: f.source,
    status: 'PASS',
    title: f.title,
    description: f.description,
    severity: f.severity,
    resourceId: f.resourceId,
    resourceType: f.resourceType,
    resourceName: f.resourceName,
    accountId: f.accountId,
    region: f.region,
    evidence: { ...f.evidence, resolution: why },
    remediation: f.remediation,
    mappings: f.mappings,
    types: f.types,
    identity: f.identity,
    modelId: f.modelId,
    windowStart: f.windowStart,
  };
}

export function coverageResourceId(g: Pick<CoverageGap, 'accountId' | 'region' | 'service' | 'operation'>): string {
  return `aispm:coverage:${g.accountId}:${g.region}:${g.service}:${g.operation}`;
}

/** A coverage gap is never "clean": it is a finding of its own until a later scan reads that part. */
export function coverageObservation(g: CoverageGap): Observation {
  const denied = /AccessDenied|Unauthorized|Forbidden/i.test(g.errorCode);
  return {
    ruleId: COVERAGE_RULE_ID,
    source: 'coverage',
    status: 'FAIL',
    title: 'Part of the AI inventory could not be read (coverage gap)',
    description: `${g.service} ${g.operation} failed in ${g.region} with ${g.errorCode}; assets and checks there are unknown, not clean.`,
    severity: denied ? 'MEDIUM' : 'LOW',
    resourceId: coverageResourceId(g),
    resourceType: 'aispm.coverage',
    resourceName: `${g.service}:${g.operation}`,
    accountId: g.accountId,
    region: g.region,
    evidence: { service: g.service, operation: g.operation, errorCode: g.errorCode },
    remediation: {
      text: denied
        ? `Grant the scanning role ${g.service}:${g.operation} (see docs/iam-scan-policy.json) or exclude the region/service explicitly.`
        : `Check that ${g.service} is available in ${g.region} and rerun the scan.`,
      url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html',
    },
    mappings: { nist: ['GOVERN 1.6', 'MEASURE 2.7'], iso42001: ['A.6.2.6'], euAiAct: ['Art. 15'] },
    types: [TYPES.bestPractice],
  };
}

export interface RunAssessmentOptions {
  store: Store;
  accountId: string;
  regions?: string[];
  /** Re-assess only these assets plus the assets whose cross-asset checks read them. */
  assetIds?: string[];
  checks?: Check[];
  clock: Clock;
  log: Log;
  settings?: Record<string, unknown>;
  /**
   * Receives each finding change as soon as it is stored, also when the run then fails (a finding write failed): the
   * caller delivers them, since a retry sees those findings as already recorded (persisted, not delivered).
   */
  written?: FindingChange[];
}

/**
 * Reads the inventory and coverage gaps of an account, evaluates the checks and records the results as findings:
 * FAIL opens/keeps, PASS resolves, ERROR/MANUAL leave findings alone; a check that no longer applies to an
 * assessed resource (e.g. the region stopped using models) and findings of deleted assets are resolved; coverage
 * gaps become `coverage` findings and resolve when the part becomes readable again. Finding ids are
 * fingerprint(check id, resource id), so re-runs never duplicate.
 */
export async function runAssessment(opts: RunAssessmentOptions): Promise<{ results: CheckResult[]; changes: FindingChange[] }> {
  const { store, accountId, log } = opts;
  const checks = opts.checks ?? ALL_CHECKS;
  const now = opts.clock.now();
  const nowIso = now.toISOString();
  const inRegions = (r: string) => !opts.regions || r === 'global' || opts.regions.includes(r);

  const all = await store.listAssets({ accountId, includeDeleted: true });
  const live = all.filter((a) => !a.deletedAt);
  const deleted = all.filter((a) => a.deletedAt);
  const gaps = await store.listCoverageGaps(accountId);
  const graph = new InventoryGraph(live, gaps);

  let scope: Set<string>;
  if (opts.assetIds) {
    const near = graph.neighbourhood(opts.assetIds, CROSS_ASSET_DEPTH);
    const regions = new Set(opts.assetIds.map((id) => graph.get(id)?.region).filter((r): r is string => Boolean(r)));
    for (const a of live) if (REGION_ANCHORS.includes(a.type) && regions.has(a.region)) near.add(a.id);
    scope = new Set([...near].filter((id) => graph.get(id)));
  } else {
    scope = new Set(live.filter((a) => inRegions(a.region)).map((a) => a.id));
  }

  const results = evaluateChecks(live, gaps, checks, { now, settings: opts.settings }, { onlyAssetIds: scope });
  const meta = new Map(checks.map((c) => [c.metadata.id, c.metadata]));
  const observations: Observation[] = results.map((r) => observationFor(r, meta.get(r.checkId) as CheckMetadata));

  // Findings that no result backs any more: their asset was deleted, or the check stopped applying to it.
  const produced = new Set(results.map((r) => `${r.checkId}\u0000${r.resourceId}`));
  const deletedIds = new Set(deleted.filter((a) => (opts.assetIds ? opts.assetIds.includes(a.id) : inRegions(a.region))).map((a) => a.id));
  const open = (await store.queryFindings({ openOnly: true })).filter((f) => f.accountId === accountId);
  for (const f of open) {
    if (f.source === 'posture') {
      if (deletedIds.has(f.resourceId)) observations.push(resolving(f, 'resource deleted'));
      else if (scope.has(f.resourceId) && meta.has(f.ruleId) && !produced.has(`${f.ruleId}\u0000${f.resourceId}`)) {
        observations.push(resolving(f, 'check no longer applies'));
      }
    }
  }

  // Coverage gaps of the assessed regions (on targeted runs too: the store always holds the latest scan's gaps).
  const gapIds = new Set<string>();
  for (const g of gaps) {
    if (!inRegions(g.region)) continue;
    const o = coverageObservation(g);
    if (gapIds.has(o.resourceId)) continue;
    gapIds.add(o.resourceId);
    observations.push(o);
  }
  for (const f of open) {
    if (f.source === 'coverage' && f.ruleId === COVERAGE_RULE_ID && inRegions(f.region) && !gapIds.has(f.resourceId)) {
      observations.push(resolving(f, 'readable again'));
    }
  }

  const changes = await recordObservations(store, observations, nowIso, { written: opts.written });
  const count = (s: string) => results.filter((r) => r.status === s).length;
  log.info('assessment finished', {
    accountId,
    assets: scope.size,
    results: results.length,
    pass: count('PASS'),
    fail: count('FAIL'),
    manual: count('MANUAL'),
    error: count('ERROR'),
    changes: changes.length,
  });
  return { results, changes };
}

// ---------------------------------------------------------------------------------------------------------------
// SQS input: AssessRequest bodies (events/assess-request.schema.json) -> runAssessment -> FindingChangeMessages
// ---------------------------------------------------------------------------------------------------------------

/** Where finding changes go (the delivery queue); the SQS adapter lives with the function. */
export interface FindingChangeSender {
  send(messages: (FindingChangeMessage & { deliver: boolean })[]): Promise<void>;
}

let validateRequest: ValidateFunction | undefined;

/** Parses and validates one message body; the error never contains the body itself. */
export function parseAssessRequest(body: string): { ok: true; request: AssessRequest } | { ok: false; error: string } {
  if (!validateRequest) {
    const ajv = new Ajv2020({ allErrors: false, strict: false });
    (addFormats as unknown as (a: Ajv2020) => void)(ajv);
    validateRequest = ajv.compile(assessRequestSchema);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch {
    return { ok: false, error: 'body is not JSON' };
  }
  if (!validateRequest(doc)) {
    const e = validateRequest.errors?.[0];
    return { ok: false, error: `schema: ${e?.instancePath || '/'} ${e?.message ?? 'invalid'}` };
  }
  return { ok: true, request: doc as AssessRequest };
}

export interface AssessRecord {
  messageId: string;
  body: string;
  /** SQS ApproximateReceiveCount: > 1 means an earlier attempt may have recorded changes without sending them. */
  receiveCount?: number;
}

export interface AssessQueueDeps {
  store: Store;
  sender: FindingChangeSender;
  clock: Clock;
  log: Log;
  settings?: Record<string, unknown>;
  checks?: Check[];
  /** Malformed messages go here when set (and are acknowledged); otherwise they fail and SQS redrive moves them. */
  deadLetter?: (entry: { messageId: string; reason: string }) => Promise<void>;
  /**
   * Called after a full (not asset-scoped) assessment of an account was recorded and its changes queued: the deployed
   * function publishes `AI-SPM Scan Completed` here, which triggers the report. A failure fails the message (retried).
   */
  onFullAssessment?: (req: AssessRequest, summary: { sent: number }) => Promise<void>;
  /**
   * Accepted-risk rules (the deliver function's SUPPRESSIONS). After a full assessment, open findings whose
   * suppression has lapsed since they were last delivered get a new state, so Security Hub and EventBridge show them
   * unsuppressed without waiting for the finding to change.
   */
  suppressions?: readonly SuppressionRule[];
}

export interface AssessQueueResult {
  failedMessageIds: string[];
  malformed: number;
  assessed: number;
  sent: number;
}

const TRANSITION_FOR_STATUS: Record<Finding['status'], FindingChangeMessage['transition']> = {
  NEW: 'opened',
  ACTIVE: 'updated',
  RESOLVED: 'resolved',
};

/**
 * The transition a redelivered request re-sends a stored finding with. A finding still at the state it was opened in
 * (ACTIVE only because this retry persisted it, which keeps `updatedAt`; never reopened) may never have been sent:
 * it goes out as `opened`, so its new-finding alert fires (the deliver stage drops it if that state was delivered).
 */
function resendTransition(f: Finding): FindingChangeMessage['transition'] {
  if (f.status === 'ACTIVE' && f.reopenedCount === 0 && f.updatedAt === f.firstObservedAt) return 'opened';
  return TRANSITION_FOR_STATUS[f.status];
}

/** The messages to send for the sweep's changes and the assessment's deliverable ones, one per finding. */
function deliverable(swept: FindingChange[], changes: FindingChange[]): Map<string, FindingChangeMessage & { deliver: boolean }> {
  const messages = new Map<string, FindingChangeMessage & { deliver: boolean }>();
  for (const c of swept)
    messages.set(c.finding.id, { transition: c.transition, finding: c.finding, deliver: true, lapsedSuppression: c.lapsedSuppression });
  // A change of the same finding in this assessment is the newer state; it still carries the lapsed rule (alert).
  for (const c of changes)
    if (c.deliver) {
      const lapsed = messages.get(c.finding.id)?.lapsedSuppression;
      messages.set(c.finding.id, {
        transition: c.transition,
        finding: c.finding,
        deliver: true,
        ...(lapsed ? { lapsedSuppression: lapsed } : {}),
      });
    }
  return messages;
}

/**
 * Processes a batch of AssessRequest messages one by one (a failure affects only its own message). Changes with
 * `deliver: true` are sent to delivery. On a redelivered message the findings of the account changed since the
 * request are re-sent as well, because an earlier attempt may have stored them and failed before sending; delivery
 * is idempotent per finding state, so re-sending is safe. When the assessment fails after storing some findings (one
 * finding's write failed), the deliverable changes it stored are sent before the message fails: the retry re-records
 * those findings as persisted, which keeps their updatedAt, so its resend of them carries the state key already
 * delivered and the deliver stage skips them (a crashed attempt's stored changes are delivered by that resend).
 */
export async function assessQueueRecords(records: AssessRecord[], deps: AssessQueueDeps): Promise<AssessQueueResult> {
  const out: AssessQueueResult = { failedMessageIds: [], malformed: 0, assessed: 0, sent: 0 };
  for (const rec of records) {
    const parsed = parseAssessRequest(rec.body);
    if (!parsed.ok) {
      out.malformed++;
      deps.log.warn('malformed assess request', { messageId: rec.messageId, error: parsed.error, bytes: rec.body.length });
      if (deps.deadLetter) {
        try {
          await deps.deadLetter({ messageId: rec.messageId, reason: parsed.error });
          continue;
        } catch (err) {
          deps.log.error('dead-lettering failed', { messageId: rec.messageId, error: err instanceof Error ? err.name : 'unknown' });
        }
      }
      out.failedMessageIds.push(rec.messageId);
      continue;
    }
    const req = parsed.request;
    // changes stored by this attempt, kept when it fails: a retry re-records those findings as persisted (no delivery)
    const written: FindingChange[] = [];
    // the sweep's changes, kept as they are stored (a sweep failing mid-way still delivers the lapses it wrote)
    const swept: FindingChange[] = [];
    let sent = false;
    try {
      // Lapsed suppressions first: the sweep's criterion (a rule expired after the finding's last delivered state) must
      // see the state before this assessment re-records the finding, or a finding persisted in this run would hide it.
      if (!req.assetIds && deps.suppressions?.length)
        await sweepLapsedSuppressions(deps.store, deps.suppressions, deps.clock.now(), {
          accountId: req.accountId,
          resourceTags: async (id) => (await deps.store.getAsset(id))?.tags,
          written: swept,
        });
      const { changes } = await runAssessment({
        store: deps.store,
        accountId: req.accountId,
        regions: req.regions,
        assetIds: req.assetIds,
        checks: deps.checks,
        clock: deps.clock,
        log: deps.log,
        settings: deps.settings,
        written,
      });
      const messages = deliverable(swept, changes);
      if ((rec.receiveCount ?? 1) > 1) {
        for (const f of await deps.store.allFindings()) {
          // instants, not strings: a requestedAt without milliseconds sorts after a same-second updatedAt with them
          if (
            f.accountId !== req.accountId ||
            f.source === 'runtime' ||
            Date.parse(f.updatedAt) < Date.parse(req.requestedAt) ||
            messages.has(f.id)
          )
            continue;
          messages.set(f.id, { transition: resendTransition(f), finding: f, deliver: true });
        }
      }
      sent = true;
      if (messages.size > 0) await deps.sender.send([...messages.values()]);
      if (!req.assetIds && deps.onFullAssessment) await deps.onFullAssessment(req, { sent: messages.size });
      out.assessed++;
      out.sent += messages.size;
    } catch (err) {
      deps.log.error('assessment failed', {
        messageId: rec.messageId,
        accountId: req.accountId,
        error: err instanceof Error ? `${err.name}: ${err.message}`.slice(0, 300) : 'unknown',
        ...failedFindingsOf(err),
      });
      // The findings this attempt stored (the sweep's and the assessment's, up to the failure) are not delivered by the
      // retry, which re-records them as persisted: send them now (the message still fails and is retried).
      if (!sent) {
        const pending = deliverable(swept, written);
        if (pending.size > 0) {
          try {
            await deps.sender.send([...pending.values()]);
            out.sent += pending.size;
          } catch (sendErr) {
            deps.log.error('could not send the changes of a failed assessment', {
              messageId: rec.messageId,
              changes: pending.size,
              error: sendErr instanceof Error ? sendErr.name : 'unknown',
            });
          }
        }
      }
      out.failedMessageIds.push(rec.messageId);
    }
  }
  return out;
}

/** Source and detail-type of the event that closes a full scan (consumed by the report rule). */
export const SCAN_COMPLETED = { source: 'aispm', detailType: 'AI-SPM Scan Completed' } as const;

/** The `AI-SPM Scan Completed` event (events/ai-spm-scan-completed.schema.json) for a fully assessed account. */
export function scanCompletedEntry(req: AssessRequest, summary: { sent: number }, eventBusName: string, now: Date) {
  const detail = {
    accountId: req.accountId,
    ...(req.scanId ? { scanId: req.scanId } : {}),
    ...(req.regions ? { regions: req.regions } : {}),
    trigger: req.trigger,
    findingChangesQueued: summary.sent,
    completedAt: now.toISOString(),
  };
  return {
    Source: SCAN_COMPLETED.source,
    DetailType: SCAN_COMPLETED.detailType,
    EventBusName: eventBusName,
    Detail: JSON.stringify(detail),
  };
}
