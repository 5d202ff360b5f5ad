import type {
  BusEvent,
  DeadLetter,
  DeadLetterSink,
  EventSink,
  Marks,
  SecurityHubSink,
  SlackMessage,
  SlackSink,
} from '../adapters/types.ts';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import findingEventSchema from '../../events/ai-spm-finding.schema.json' with { type: 'json' };
import findingChangeSchema from '../../events/finding-change.schema.json' with { type: 'json' };
import type { Finding } from '../domain/finding.ts';
import type { FindingChangeMessage, LapsedSuppression } from '../domain/messages.ts';
import type { Severity } from '../domain/severity.ts';
import { type AsffFinding, toAsff, validateAsff } from '../findings/asff.ts';
import { type FindingEventDetail, toFindingEvent } from '../findings/event.ts';
import type { Transition } from '../findings/lifecycle.ts';
import type { FindingChange } from '../findings/record.ts';
import { type AlertKind, digestMessages, findingMessage, shouldAlert } from '../findings/slack.ts';
import { applySuppressions, isSuppressed, type SuppressionRule } from '../findings/suppressions.ts';
import type { Log } from '../util/logger.ts';

/**
 * Delivery stage: finding changes -> Security Hub (ASFF), EventBridge (`AI-SPM Finding`) and Slack, exactly once per
 * finding state. Idempotency is a claim per (sink, finding id, updatedAt): `updatedAt` strictly increases with every
 * delivered change, so it names the state. A claim is taken before sending and means "handled": sent, or
 * dead-lettered with everything needed to re-drive (a re-drive bypasses claims). Only when even the dead-letter sink
 * fails are the claims released (if the mark store can) and the message retried. So a duplicate SQS delivery never
 * produces a second import or a second Slack post, and nothing is silently lost.
 */

export interface DeliverySinks {
  securityHub?: SecurityHubSink;
  eventBridge?: EventSink;
  slack?: SlackSink;
  deadLetter: DeadLetterSink;
}

export interface DeliverOptions {
  now: Date;
  log: Log;
  /** Idempotency marks (the store's MarkStore). Without it every call delivers (one-shot CLI runs). */
  marks?: Marks;
  /** How long a delivered state is remembered (default 14 days, the SQS maximum retention). */
  markTtlSeconds?: number;
  suppressions?: readonly SuppressionRule[];
  /** Resource tags for tag-based suppressions (e.g. from the asset store). */
  resourceTags?: (resourceId: string) => Promise<Record<string, string> | undefined>;
  /** Slack alerts for new/reopened findings at or above this severity (default HIGH). */
  slackMinSeverity?: Severity;
  /** More alerts than this in one call are sent as digest messages instead of one message each (default 5). */
  digestThreshold?: number;
  productArn?: string;
  /** Security Hub region for global (IAM) findings. */
  homeRegion?: string;
  /**
   * The finding's current stored state. When given, a Slack alert for a state that has since been superseded by a
   * resolution (an old message delivered late) is skipped, so nobody is paged for something already fixed.
   */
  currentFinding?: (id: string) => Promise<Finding | undefined>;
  /**
   * Time left in the invocation (Lambda `context.getRemainingTimeInMillis`). Slack posts are paced, so when less
   * than `reserveMs` (default 20 s) is left the remaining messages are dead-lettered (re-drivable) instead of being
   * cut off by a timeout after their claims were taken.
   */
  remainingMs?: () => number;
  reserveMs?: number;
  /** Import all findings into this Security Hub region (the function's region); unset = each finding's region. */
  importRegion?: string;
}

export interface DeliveryReport {
  received: number;
  /** Changes with deliver=false (persisted/refreshed): written to the store, nothing to send. */
  notDeliverable: number;
  delivered: number;
  suppressed: number;
  duplicates: { securityHub: number; eventBridge: number; slack: number };
  securityHub: { imported: number; failed: number; calls: number; invalid: number };
  eventBridge: { published: number; failed: number; calls: number };
  /** `notConfigured`: the webhook secret holds no URL yet, so alerts were skipped (not dead-lettered). */
  slack: { alerts: number; messages: number; digests: number; failed: number; notConfigured: number; stale: number };
  deadLettered: number;
  /** Finding ids whose failure could not even be dead-lettered: the caller must retry them (SQS redelivery). */
  retry: string[];
}

const DELIVERABLE: ReadonlySet<Transition> = new Set(['opened', 'reopened', 'updated', 'resolved']);
const DEFAULT_TTL = 14 * 24 * 3600;

/** Whether a change should be delivered: its `deliver` flag, or (for messages without one) its transition. */
export function isDeliverable(c: { transition: Transition; deliver?: boolean }): boolean {
  return c.deliver ?? DELIVERABLE.has(c.transition);
}

export function stateKey(f: Pick<Finding, 'id' | 'updatedAt'>): string {
  return `${f.id}#${f.updatedAt}`;
}

export async function deliverChanges(changes: FindingChange[], sinks: DeliverySinks, opts: DeliverOptions): Promise<DeliveryReport> {
  const log = opts.log;
  const ttl = opts.markTtlSeconds ?? DEFAULT_TTL;
  const report: DeliveryReport = {
    received: changes.length,
    notDeliverable: 0,
    delivered: 0,
    suppressed: 0,
    duplicates: { securityHub: 0, eventBridge: 0, slack: 0 },
    securityHub: { imported: 0, failed: 0, calls: 0, invalid: 0 },
    eventBridge: { published: 0, failed: 0, calls: 0 },
    slack: { alerts: 0, messages: 0, digests: 0, failed: 0, notConfigured: 0, stale: 0 },
    deadLettered: 0,
    retry: [],
  };

  // 1. deliverable changes, one per finding state, suppressions applied
  const seen = new Set<string>();
  const items: { transition: Transition; finding: Finding; suppressed: boolean; lapsed?: LapsedSuppression }[] = [];
  for (const c of changes) {
    if (!isDeliverable(c)) {
      report.notDeliverable++;
      continue;
    }
    const key = stateKey(c.finding);
    if (seen.has(key)) continue;
    seen.add(key);
    const tags =
      opts.resourceTags && opts.suppressions?.some((r) => r.tag)
        ? await opts.resourceTags(c.finding.resourceId).catch(() => undefined)
        : undefined;
    const finding = applySuppressions(c.finding, opts.suppressions ?? [], opts.now, tags);
    const suppressed = isSuppressed(finding, opts.now);
    if (suppressed) report.suppressed++;
    items.push({ transition: c.transition, finding, suppressed, lapsed: c.lapsedSuppression });
  }
  report.delivered = items.length;

  const claim = async (sink: string, f: Finding): Promise<string | undefined> => {
    const key = `${sink}#${stateKey(f)}`;
    if (!opts.marks) return key;
    return (await opts.marks.claim(key, ttl)) ? key : undefined;
  };
  const release = async (keys: string[]) => {
    if (!opts.marks?.release) return;
    for (const k of keys)
      await opts.marks.release(k).catch((err) => log.warn('could not release idempotency mark', { errorName: (err as Error).name }));
  };
  const deadLetter = async (entry: Omit<DeadLetter, 'at'>) => {
    try {
      await sinks.deadLetter.send({ ...entry, at: opts.now.toISOString() });
      report.deadLettered++;
      log.error('delivery failed, dead-lettered', {
        sink: entry.sink,
        reason: entry.reason,
        errorCode: entry.errorCode,
        findings: entry.findingIds.length,
      });
    } catch (err) {
      // Not even the DLQ took it: release the claims so a redelivery of the SQS message can try again.
      await release(entry.keys ?? []);
      report.retry.push(...entry.findingIds);
      log.error('dead-letter send failed; findings will be retried', {
        sink: entry.sink,
        errorName: (err as Error).name,
        findings: entry.findingIds.length,
      });
    }
  };

  // 2. Security Hub: the latest state per finding (older states of the same Id would be ignored anyway)
  if (sinks.securityHub && items.length) {
    const latest = new Map<string, Finding>();
    const keysById = new Map<string, string[]>();
    for (const it of items) {
      const key = await claim('securityhub', it.finding);
      if (!key) {
        report.duplicates.securityHub++;
        continue;
      }
      keysById.set(it.finding.id, [...(keysById.get(it.finding.id) ?? []), key]);
      const prev = latest.get(it.finding.id);
      if (!prev || Date.parse(it.finding.updatedAt) > Date.parse(prev.updatedAt)) latest.set(it.finding.id, it.finding);
    }
    const docs: AsffFinding[] = [];
    const byAsffId = new Map<string, Finding>();
    for (const f of latest.values()) {
      const doc = toAsff(f, {
        productArn: opts.productArn,
        now: opts.now.toISOString(),
        homeRegion: opts.homeRegion,
        importRegion: opts.importRegion,
      });
      const errors = validateAsff(doc);
      if (errors.length) {
        report.securityHub.invalid++;
        await deadLetter({
          sink: 'securityhub',
          reason: `invalid ASFF: ${errors.slice(0, 5).join('; ')}`,
          attempts: 0,
          findingIds: [f.id],
          keys: keysById.get(f.id),
          payload: [doc],
        });
        continue;
      }
      docs.push(doc);
      byAsffId.set(doc.Id, f);
    }
    if (docs.length) {
      const out = await sinks.securityHub.importFindings(docs);
      report.securityHub.imported += out.imported.length;
      report.securityHub.calls += out.calls;
      report.securityHub.failed += out.failed.length;
      if (out.failed.length) {
        const ids = out.failed.map((x) => byAsffId.get(x.id)?.id ?? x.id);
        const keys = ids.flatMap((id) => keysById.get(id) ?? []);
        await deadLetter({
          sink: 'securityhub',
          reason: 'BatchImportFindings failed after retries',
          keys,
          errorCode: [...new Set(out.failed.map((x) => x.errorCode))].join(','),
          attempts: Math.max(...out.failed.map((x) => x.attempts)),
          findingIds: ids,
          payload: out.failed.map((x) => x.doc),
        });
      }
    }
  }

  // 3. EventBridge: every change is an event
  if (sinks.eventBridge && items.length) {
    const events: BusEvent[] = [];
    const meta: { id: string; key: string }[] = [];
    for (const it of items) {
      const key = await claim('eventbridge', it.finding);
      if (!key) {
        report.duplicates.eventBridge++;
        continue;
      }
      events.push(
        toFindingEvent(it.transition as FindingEventDetail['transition'], it.finding, {
          now: opts.now,
          homeRegion: opts.homeRegion,
          importRegion: opts.importRegion,
        }),
      );
      meta.push({ id: it.finding.id, key });
    }
    if (events.length) {
      const out = await sinks.eventBridge.publish(events);
      report.eventBridge.published += out.published;
      report.eventBridge.calls += out.calls;
      report.eventBridge.failed += out.failed.length;
      if (out.failed.length) {
        const failedIdx = out.failed.map((x) => events.indexOf(x.event));
        await deadLetter({
          sink: 'eventbridge',
          keys: failedIdx.map((i) => meta[i].key),
          reason: 'PutEvents failed after retries',
          errorCode: [...new Set(out.failed.map((x) => x.errorCode))].join(','),
          attempts: Math.max(...out.failed.map((x) => x.attempts)),
          findingIds: failedIdx.map((i) => meta[i].id),
          payload: out.failed.map((x) => ({ ...x.event, Time: x.event.Time?.toISOString() })),
        });
      }
    }
  }

  // 4. Slack: new/reopened, unsuppressed, above the threshold; a digest when many arrive at once
  if (sinks.slack) {
    const alerts: { finding: Finding; kind: AlertKind; key: string; lapsed?: LapsedSuppression }[] = [];
    for (const it of items) {
      const kind = shouldAlert(it.transition, it.finding, opts.slackMinSeverity ?? 'HIGH', it.suppressed, it.lapsed);
      if (!kind) continue;
      const current = opts.currentFinding ? await opts.currentFinding(it.finding.id).catch(() => undefined) : undefined;
      if (current && current.status === 'RESOLVED' && Date.parse(current.updatedAt) > Date.parse(it.finding.updatedAt)) {
        report.slack.stale++;
        continue;
      }
      const key = await claim('slack', it.finding);
      if (!key) {
        report.duplicates.slack++;
        continue;
      }
      alerts.push({ finding: it.finding, kind, key, lapsed: it.lapsed });
    }
    report.slack.alerts = alerts.length;
    const threshold = opts.digestThreshold ?? 5;
    const byId = new Map(alerts.map((a) => [a.finding.id, a]));
    const messages: { message: SlackMessage; alerts: typeof alerts; digest: boolean }[] =
      alerts.length > threshold
        ? digestMessages(alerts, { homeRegion: opts.homeRegion, importRegion: opts.importRegion }).map((d) => ({
            message: d.message,
            alerts: d.findingIds.map((id) => byId.get(id)).filter((a) => a !== undefined),
            digest: true,
          }))
        : alerts.map((a) => ({
            message: findingMessage(a.finding, a.kind, { homeRegion: opts.homeRegion, importRegion: opts.importRegion }, a.lapsed),
            alerts: [a],
            digest: false,
          }));
    for (const m of messages) {
      if (opts.remainingMs && opts.remainingMs() < (opts.reserveMs ?? 20_000)) {
        report.slack.failed++;
        await deadLetter({
          sink: 'slack',
          reason: 'not enough time left in the invocation to post',
          errorCode: 'TimeBudget',
          attempts: 0,
          findingIds: m.alerts.map((a) => a.finding.id),
          keys: m.alerts.map((a) => a.key),
          payload: m.message,
        });
        continue;
      }
      try {
        const budgetMs = opts.remainingMs ? opts.remainingMs() - (opts.reserveMs ?? 20_000) : undefined;
        const { attempts } = await sinks.slack.post(m.message, budgetMs === undefined ? undefined : { budgetMs });
        report.slack.messages++;
        if (m.digest) report.slack.digests++;
        if (attempts > 1) log.info('Slack post succeeded after retries', { attempts });
      } catch (err) {
        if ((err as { notConfigured?: boolean }).notConfigured) {
          // Slack not set up yet (the secret still holds the deploy-time placeholder): skip, do not flood the DLQ.
          if (report.slack.notConfigured === 0) log.warn('Slack webhook secret holds no URL: Slack alerts skipped until it is set');
          report.slack.notConfigured += m.alerts.length;
          continue;
        }
        report.slack.failed++;
        const keys = m.alerts.map((a) => a.key);
        const e = err as { name?: string; status?: number; attempts?: number; message?: string };
        await deadLetter({
          sink: 'slack',
          reason: e.message ?? 'Slack post failed',
          errorCode: `${e.name ?? 'Error'}${e.status ? ` (HTTP ${e.status})` : ''}`,
          attempts: e.attempts ?? 1,
          findingIds: m.alerts.map((a) => a.finding.id),
          keys,
          payload: m.message,
        });
      }
    }
  }
  return report;
}

/**
 * Re-drives one dead letter straight to its sink (claims were taken for this payload, so they are bypassed).
 * Returns what still failed (empty = done).
 */
export async function redriveDeadLetter(
  entry: DeadLetter,
  sinks: Omit<DeliverySinks, 'deadLetter'>,
): Promise<{ ok: boolean; detail: string }> {
  switch (entry.sink) {
    case 'securityhub': {
      if (!sinks.securityHub || !Array.isArray(entry.payload)) return { ok: false, detail: 'no Security Hub sink or payload' };
      const out = await sinks.securityHub.importFindings(entry.payload as AsffFinding[]);
      return { ok: out.failed.length === 0, detail: `imported ${out.imported.length}, failed ${out.failed.length}` };
    }
    case 'eventbridge': {
      if (!sinks.eventBridge || !Array.isArray(entry.payload)) return { ok: false, detail: 'no EventBridge sink or payload' };
      const events = (entry.payload as (BusEvent & { Time?: string | Date })[]).map((e) => ({
        ...e,
        Time: e.Time ? new Date(e.Time) : undefined,
      }));
      const out = await sinks.eventBridge.publish(events);
      return { ok: out.failed.length === 0, detail: `published ${out.published}, failed ${out.failed.length}` };
    }
    case 'slack': {
      if (!sinks.slack) return { ok: false, detail: 'no Slack sink' };
      await sinks.slack.post(entry.payload as SlackMessage);
      return { ok: true, detail: 'posted' };
    }
    default:
      return { ok: false, detail: `dead letters of kind '${entry.sink}' carry no content to re-drive` };
  }
}

// ---------------------------------------------------------------------------------------------------------------
// SQS input: FindingChangeMessage bodies (events/finding-change.schema.json) -> deliverChanges -> partial failures

export interface QueueRecord {
  messageId: string;
  body: string;
}

let validateChange: ValidateFunction | undefined;
function changeValidator(): ValidateFunction {
  if (!validateChange) {
    const ajv = new Ajv2020({ allErrors: false, strict: false });
    (addFormats as unknown as (a: Ajv2020) => void)(ajv);
    ajv.addSchema(findingEventSchema);
    validateChange = ajv.compile(findingChangeSchema);
  }
  return validateChange;
}

/** Parses and validates one queue message. Errors name the failing schema path only, never the content. */
export function parseChangeMessage(body: string): { change: FindingChange } | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return { error: 'body is not JSON' };
  }
  const validate = changeValidator();
  if (!validate(value)) {
    const first = validate.errors?.[0];
    return { error: `does not match finding-change schema at '${first?.instancePath || '/'}' (${first?.keyword ?? 'invalid'})` };
  }
  const m = value as FindingChangeMessage & { deliver?: boolean };
  return {
    change: {
      transition: m.transition,
      finding: m.finding,
      deliver: isDeliverable(m),
      ...(m.lapsedSuppression ? { lapsedSuppression: { id: m.lapsedSuppression.id, expiresAt: m.lapsedSuppression.expiresAt } } : {}),
    },
  };
}

/**
 * One SQS batch: malformed messages are counted, logged without content and dead-lettered (not retried: they would
 * fail again); valid ones are delivered together (Security Hub batching across messages). Returns the message ids
 * that must be retried (SQS partial batch response).
 */
export async function deliverQueueRecords(
  records: QueueRecord[],
  sinks: DeliverySinks,
  opts: DeliverOptions,
): Promise<{ report: DeliveryReport; malformed: number; redriven: number; failedMessageIds: string[] }> {
  const changes: FindingChange[] = [];
  const messageIdsByFinding = new Map<string, string[]>();
  const failedMessageIds: string[] = [];
  let malformed = 0;
  let redriven = 0;
  for (const r of records) {
    // A dead letter moved back from the DLQ (SQS "start DLQ redrive"): send its payload straight to its sink.
    const dead = asDeadLetter(r.body);
    if (dead) {
      if (dead.sink === 'input') {
        opts.log.warn('dead letter of a malformed message has no content to re-drive; dropped', { messageId: r.messageId });
        continue;
      }
      try {
        const res = await redriveDeadLetter(dead, sinks);
        if (res.ok) redriven++;
        else failedMessageIds.push(r.messageId);
        opts.log.info('dead letter re-driven', { messageId: r.messageId, sink: dead.sink, ok: res.ok, detail: res.detail });
      } catch (err) {
        opts.log.error('dead letter re-drive failed', { messageId: r.messageId, sink: dead.sink, errorName: (err as Error).name });
        failedMessageIds.push(r.messageId);
      }
      continue;
    }
    const parsed = parseChangeMessage(r.body);
    if ('error' in parsed) {
      malformed++;
      opts.log.error('malformed delivery message', { messageId: r.messageId, error: parsed.error, bytes: r.body.length });
      try {
        await sinks.deadLetter.send({
          sink: 'input',
          reason: parsed.error,
          attempts: 1,
          at: opts.now.toISOString(),
          findingIds: [],
          payload: { messageId: r.messageId, error: parsed.error },
        });
      } catch {
        failedMessageIds.push(r.messageId);
      }
      continue;
    }
    changes.push(parsed.change);
    const id = parsed.change.finding.id;
    messageIdsByFinding.set(id, [...(messageIdsByFinding.get(id) ?? []), r.messageId]);
  }
  const report = await deliverChanges(changes, sinks, opts);
  for (const id of new Set(report.retry)) failedMessageIds.push(...(messageIdsByFinding.get(id) ?? []));
  return { report, malformed, redriven, failedMessageIds: [...new Set(failedMessageIds)] };
}

const DEAD_LETTER_SINKS = new Set(['securityhub', 'eventbridge', 'slack', 'input']);

/** Recognises a `DeadLetter` envelope (as written by the delivery DLQ sink) in a queue message body. */
export function asDeadLetter(body: string): DeadLetter | undefined {
  if (!body.includes('"sink"') || !body.includes('"payload"')) return undefined;
  try {
    const v = JSON.parse(body) as Partial<DeadLetter>;
    if (
      typeof v.sink === 'string' &&
      DEAD_LETTER_SINKS.has(v.sink) &&
      Array.isArray(v.findingIds) &&
      typeof v.at === 'string' &&
      'payload' in v
    )
      return v as DeadLetter;
  } catch {
    return undefined;
  }
  return undefined;
}
