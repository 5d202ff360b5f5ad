import { TRAIL_EVENT_NAMES } from '../shared/detectors/cloudtrail.ts';
import { routedEventNames } from '../shared/discovery/cloudtrail.ts';

/**
 * The EventBridge patterns of the CloudTrail write events discovery refreshes on, derived from the routing table
 * (`routedEventNames()` in shared/discovery/cloudtrail.ts), the single source for every rule that carries them: the
 * central stack's rules on its default bus and on its forwarded-events bus, and the forwarder stack's rules in member
 * accounts and other regions.
 *
 * Likewise `runtimeTrailPatterns()` (the CloudTrail events the runtime analyzer's detectors read, `TRAIL_EVENT_NAMES`
 * in shared/detectors/cloudtrail.ts) is the single source for the analyzer's rules: the central stack's rule on its
 * default bus, its rule on the forwarded-events bus and the forwarder stack's runtime rule.
 */

/** EventBridge's default limit on the size of an event pattern, in characters. */
export const MAX_EVENT_PATTERN_CHARS = 2048;

/**
 * Room left in each pattern for what a rule adds to it (the forwarder's `account`/`region` pins, the forwarded-events
 * rules' `$or`) and for CloudFormation's rendering. The forwarded-events rules' account filter comes on top (the
 * caller passes a smaller budget).
 */
export const PATTERN_RESERVE_CHARS = 400;

/**
 * Name prefix of the forwarder stack's rules (`aispm-forward-<n>`). An accident guard, not a security boundary: it
 * keeps the forwarder's rules recognisable and lets its role trust only them (`aws:SourceArn` in the trust policy),
 * but any administrator of a member account can create a rule of that name. What protects the central bus is its
 * policy (admitted accounts / organization, the forwarder role's name, `aws.*` sources and the CloudTrail detail type:
 * `forwardedBusStatements` in infra/constructs/discovery.ts), that PutEvents cannot put events with an `aws.*` source
 * (so such events come from AWS services, through rules), the central rules matching only those CloudTrail events, and
 * a forged event at worst making discovery re-read a resource with that account's own scan role.
 */
export const FORWARDER_RULE_PREFIX = 'aispm-forward-';

/**
 * Name prefix of the forwarder role (`aispm-forward-<region>`: one per region, IAM names being account-wide). The
 * central bus admits PutEvents only from roles of this name (`aws:PrincipalArn`); like the rule prefix, it narrows,
 * it does not authenticate (an administrator of an admitted account can create such a role).
 */
export const FORWARDER_ROLE_PREFIX = 'aispm-forward-';

/** The `detail-type` of CloudTrail API-call events, the only one the routing table matches. */
export const CLOUDTRAIL_DETAIL_TYPE = 'AWS API Call via CloudTrail';

/** Maps a CloudTrail eventSource to the EventBridge `source` of its events. */
function eventBridgeSource(eventSource: string): string {
  return eventSource === 'bedrock-agent.amazonaws.com' ? 'aws.bedrock' : `aws.${eventSource.split('.')[0]}`;
}

export interface CloudTrailPattern {
  source: string[];
  'detail-type': string[];
  detail: { eventSource: string[]; eventName: string[] };
}

/**
 * The discovery routing table as EventBridge patterns, each within MAX_EVENT_PATTERN_CHARS (with room for what a
 * rule adds): one pattern per event source, split further when a source has many event names.
 */
export function cloudTrailPatterns(budget = MAX_EVENT_PATTERN_CHARS - PATTERN_RESERVE_CHARS): CloudTrailPattern[] {
  const patterns: CloudTrailPattern[] = [];
  for (const [eventSource, names] of Object.entries(routedEventNames())) {
    const make = (eventName: string[]) => ({
      source: [eventBridgeSource(eventSource)],
      'detail-type': [CLOUDTRAIL_DETAIL_TYPE],
      detail: { eventSource: [eventSource], eventName },
    });
    patterns.push(...chunkedPatterns(names, make, budget));
  }
  return patterns;
}

/** Patterns `make` builds from the distinct sorted `names`, as many names per pattern as fit in `budget` characters. */
function chunkedPatterns<P>(names: readonly string[], make: (eventName: string[]) => P, budget: number): P[] {
  const patterns: P[] = [];
  let chunk: string[] = [];
  for (const name of [...new Set(names)].sort()) {
    if (chunk.length > 0 && JSON.stringify(make([...chunk, name])).length > budget) {
      patterns.push(make(chunk));
      chunk = [];
    }
    chunk.push(name);
  }
  if (chunk.length > 0) patterns.push(make(chunk));
  return patterns;
}

/**
 * The state of every rule carrying `runtimeTrailPatterns()`: reconnaissance is made of read-only calls (List*, Get*),
 * which a plain ENABLED rule never receives. Read-only events keep the detail type "AWS API Call via CloudTrail"
 * (CLOUDTRAIL_DETAIL_TYPE), so the forwarded-events bus policy admits them unchanged. The forwarded-events bus rule
 * has the state too: whether a custom bus applies the read-only filter to events another bus sent on is not
 * documented, and the state only widens what the (name-filtered) pattern receives.
 */
export const RUNTIME_RULE_STATE = 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS';

export interface RuntimeTrailPattern {
  source: string[];
  'detail-type': string[];
  detail: { eventName: string[] };
}

/**
 * The Bedrock (and IAM, for Bedrock API keys) CloudTrail events the runtime CloudTrail detectors read, as EventBridge
 * patterns within `budget` characters: one pattern today, split by event name if the list outgrows the budget.
 */
export function runtimeTrailPatterns(budget = MAX_EVENT_PATTERN_CHARS - PATTERN_RESERVE_CHARS): RuntimeTrailPattern[] {
  const make = (eventName: string[]): RuntimeTrailPattern => ({
    source: ['aws.bedrock', 'aws.iam'],
    'detail-type': [CLOUDTRAIL_DETAIL_TYPE],
    detail: { eventName },
  });
  return chunkedPatterns(TRAIL_EVENT_NAMES, make, budget);
}
