import { routedEventNames } from '../shared/discovery/cloudtrail.ts';

/**
 * The EventBridge patterns of the CloudTrail write events discovery refreshes on, derived from the routing table
 * (`routedEventNames()` in shared/discovery/cloudtrail.ts), the single source for every rule that carries them: the
 * central stack's rules on its default bus and on its forwarded-events bus, and the forwarder stack's rules in member
 * accounts and other regions.
 */

/** EventBridge's default limit on the size of an event pattern, in characters. */
export const MAX_EVENT_PATTERN_CHARS = 2048;

/**
 * Room left in each pattern for what a rule adds to it (the forwarder's `account`/`region` pins, the forwarded-events
 * rules' `$or`) and for CloudFormation's rendering.
 */
export const PATTERN_RESERVE_CHARS = 400;

/**
 * Name prefix of the forwarder stack's rules. The central forwarded-events bus admits PutEvents only from rules whose
 * name starts with it (`aws:SourceArn`), so a principal of a member account cannot put events there directly.
 */
export const FORWARDER_RULE_PREFIX = 'aispm-forward-';

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
      'detail-type': ['AWS API Call via CloudTrail'],
      detail: { eventSource: [eventSource], eventName },
    });
    let chunk: string[] = [];
    for (const name of [...new Set(names)].sort()) {
      if (chunk.length > 0 && JSON.stringify(make([...chunk, name])).length > budget) {
        patterns.push(make(chunk));
        chunk = [];
      }
      chunk.push(name);
    }
    if (chunk.length > 0) patterns.push(make(chunk));
  }
  return patterns;
}
