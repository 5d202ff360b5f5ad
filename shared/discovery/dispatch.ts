import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { AssessRequest } from '../domain/messages.ts';
import { cloudTrailRecordOf, refreshFromEvent, runDiscovery } from '../pipeline/discover.ts';
import type { AssetStore, ScanRunStore } from '../store/types.ts';
import type { Clock } from '../util/clock.ts';
import type { Log } from '../util/logger.ts';
import { globalRegion, partitionOf } from './clients.ts';
import { type AssetEventSink, assetChangedEvents } from './events.ts';
import type { AccountTarget, ClientFactory } from './types.ts';

export interface DiscoveryDeps {
  targets: AccountTarget[];
  regions: string[];
  clients: ClientFactory;
  store: AssetStore & ScanRunStore;
  clock: Clock;
  log: Log;
  sink: AssetEventSink;
  /** Enqueues an assessment (SQS in AWS). */
  assess: (req: AssessRequest) => Promise<void>;
  concurrency?: number;
  /**
   * The account the function runs in (`DEPLOYMENT_ACCOUNT_ID`). With no target roles it is the only account whose
   * events are refreshed (with the function's own credentials); absent, it is asked from STS when needed.
   */
  selfAccountId?: string;
}

export interface DispatchSummary {
  kind: 'scan' | 'refresh' | 'ignored';
  accounts: string[];
  assets: number;
  changes: number;
  gaps: number;
  eventsPublished: number;
  eventsFailed: number;
  assessRequests: number;
  /** CloudTrail events dropped because their account is not a configured target (0 or 1 per invocation). */
  unknownAccountEvents: number;
  reason?: string;
}

/**
 * Parses `TARGET_ROLE_ARNS` (comma list) into account targets; empty = the function's own account. `externalId`
 * (`TARGET_EXTERNAL_ID`) is sent with every assumption when the target roles' trust requires one.
 */
export function targetsFromEnv(roleArns: string | undefined, externalId?: string): AccountTarget[] {
  const arns = (roleArns ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!arns.length) return [{}];
  return arns.map((roleArn) => {
    const m = /^arn:aws[a-z-]*:iam::(\d{12}):role\/.+$/.exec(roleArn);
    if (!m) throw new Error(`invalid role ARN in TARGET_ROLE_ARNS: ${roleArn}`);
    return externalId ? { accountId: m[1], roleArn, externalId } : { accountId: m[1], roleArn };
  });
}

/**
 * The target a CloudTrail event of `account` is refreshed with: the target whose scan role is in that account (the
 * role is assumed, as by the scheduled scan), or, when no target roles are configured (the deployment account is
 * scanned with the function's own credentials), the ambient target only when `account` is the deployment account
 * (`selfAccountId`). Any other account gets none: its event is dropped, never refreshed with the central credentials.
 * Forwarded events (other accounts and regions, README "Event forwarding") go through the same choice.
 */
export function refreshTargetFor(
  account: string | undefined,
  targets: AccountTarget[],
  selfAccountId: string | undefined,
): AccountTarget | undefined {
  if (!account) return undefined;
  const byRole = targets.find((t) => t.roleArn && t.accountId === account);
  if (byRole) return byRole;
  const ambient = targets.find((t) => !t.roleArn);
  const own = ambient?.accountId ?? selfAccountId;
  return ambient && own === account ? { ...ambient, accountId: account } : undefined;
}

/** The function's own account, from STS (only when no target role is configured and `selfAccountId` is not given). */
async function callerAccount(deps: DiscoveryDeps): Promise<string | undefined> {
  const region = globalRegion(partitionOf(deps.regions[0] ?? 'us-east-1'));
  const out = await deps.clients.client('sts', region, {}).send(new GetCallerIdentityCommand({}));
  return out.Account;
}

export function isScheduledEvent(event: unknown): boolean {
  if (!event || typeof event !== 'object') return false;
  const e = event as Record<string, unknown>;
  return e['detail-type'] === 'Scheduled Event' || e.source === 'aws.scheduler' || e.action === 'scan';
}

/**
 * What the discover function does with one invocation: a schedule runs a full scan of every target; a CloudTrail
 * write event refreshes the affected assets of its account. Changes go to the bus as `AI Asset Changed` and an
 * AssessRequest is enqueued (for every scan, and for refreshes that touched something).
 */
export async function dispatchDiscovery(event: unknown, deps: DiscoveryDeps): Promise<DispatchSummary> {
  const { log, clock } = deps;
  const summary: DispatchSummary = {
    kind: 'ignored',
    accounts: [],
    assets: 0,
    changes: 0,
    gaps: 0,
    eventsPublished: 0,
    eventsFailed: 0,
    assessRequests: 0,
    unknownAccountEvents: 0,
  };
  if (isScheduledEvent(event)) {
    summary.kind = 'scan';
    for (const target of deps.targets) {
      const r = await runDiscovery({
        target,
        regions: deps.regions,
        clients: deps.clients,
        store: deps.store,
        clock,
        log,
        trigger: 'schedule',
        concurrency: deps.concurrency,
      });
      const pub = await deps.sink.publish(assetChangedEvents(r.changes, { trigger: 'schedule', scanId: r.scanRun.scanId }));
      await deps.assess({
        accountId: r.scanRun.accountId,
        regions: deps.regions,
        scanId: r.scanRun.scanId,
        trigger: 'schedule',
        requestedAt: clock.now().toISOString(),
      });
      summary.accounts.push(r.scanRun.accountId);
      summary.assets += r.assets.length;
      summary.changes += r.changes.length;
      summary.gaps += r.gaps.length;
      summary.eventsPublished += pub.published;
      summary.eventsFailed += pub.failed;
      summary.assessRequests++;
    }
    log.info('scheduled discovery done', { ...summary });
    return summary;
  }
  const parsed = cloudTrailRecordOf(event);
  if (!parsed) {
    log.warn('discover: unsupported event ignored', {
      keys: event && typeof event === 'object' ? Object.keys(event).slice(0, 10) : typeof event,
    });
    return { ...summary, reason: 'unsupported event' };
  }
  // `account` of the EventBridge envelope: the account the event came from, set by EventBridge (a forwarding account
  // cannot name another one); the region a refresh reads in is the record's own (`awsRegion`)
  const account = parsed.account;
  const needsSelf = !deps.selfAccountId && deps.targets.some((t) => !t.roleArn && !t.accountId);
  const self = needsSelf ? await callerAccount(deps) : deps.selfAccountId;
  const target = refreshTargetFor(account, deps.targets, self);
  if (!target) {
    // metadata only: never the record's parameters
    log.warn('discover: CloudTrail event dropped, its account is not a configured target (targetRoleArns); not refreshed', {
      account: account ?? null,
      region: parsed.record.awsRegion ?? null,
      eventSource: parsed.record.eventSource ?? null,
      eventName: parsed.record.eventName ?? null,
    });
    return { ...summary, unknownAccountEvents: 1, reason: 'account is not a target' };
  }
  const r = await refreshFromEvent(event, { clients: deps.clients, store: deps.store, clock, log, target, scanRegions: deps.regions });
  summary.kind = 'refresh';
  summary.accounts = [r.accountId];
  summary.changes = r.changes.length;
  summary.gaps = r.gaps.length;
  summary.assets = r.assetIds.length;
  if (r.ignored) {
    log.info('CloudTrail event needs no refresh', { eventName: parsed.record.eventName, reason: r.ignored });
    return { ...summary, reason: r.ignored };
  }
  // a refresh that could not read adds its gaps to the region's list (the next full scan replaces them)
  for (const region of new Set(r.gaps.map((g) => g.region))) {
    const existing = (await deps.store.listCoverageGaps(r.accountId)).filter((g) => g.region === region);
    const key = (g: { service: string; operation: string; errorCode: string }) => `${g.service}|${g.operation}|${g.errorCode}`;
    const have = new Set(existing.map(key));
    const added = r.gaps.filter((g) => g.region === region && !have.has(key(g)));
    if (added.length) await deps.store.putCoverageGaps(r.accountId, region, [...existing, ...added]);
  }
  const pub = await deps.sink.publish(assetChangedEvents(r.changes, { trigger: 'event', cause: r.cause }));
  summary.eventsPublished = pub.published;
  summary.eventsFailed = pub.failed;
  if (r.assetIds.length) {
    const regions = [...new Set(r.targets.map((t) => t.region).filter((x) => x !== 'global'))];
    await deps.assess({
      accountId: r.accountId,
      ...(regions.length ? { regions } : {}),
      assetIds: r.assetIds,
      trigger: 'event',
      requestedAt: clock.now().toISOString(),
    });
    summary.assessRequests = 1;
  }
  log.info('event-driven refresh done', {
    eventName: parsed.record.eventName,
    changes: r.changes.length,
    skipped: r.skipped.length,
    gaps: r.gaps.length,
  });
  return summary;
}
