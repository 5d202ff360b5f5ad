/** Per-identity activity (pure): grouping, merge by event id, retention, invocation compaction, cap. */
import { describe, expect, it } from 'vitest';
import { createTrailContext } from '../../../shared/detectors/config.ts';
import type { TrailEvent } from '../../../shared/domain/runtime.ts';
import {
  ACTIVITY_MARGIN_MS,
  activityGroups,
  activityKey,
  activityRetentionMs,
  capActivity,
  historyEvents,
  INVOKE_REFRESH_MS,
  MAX_ACTIVITY_EVENTS,
  mergeActivity,
  toActivityEvent,
  toTrailEvent,
} from '../../../shared/runtime/activity.ts';
import type { ActivityEvent } from '../../../shared/store/types.ts';

const NOW = Date.parse('2026-11-20T12:00:00Z');
const DAY = 24 * 3600_000;
const USER = 'arn:aws:iam::111122223333:user/u';

function ev(eventName: string, id: string, t: number, o: Partial<TrailEvent> = {}): TrailEvent {
  return {
    eventId: id,
    eventTime: new Date(t).toISOString(),
    eventSource: 'bedrock.amazonaws.com',
    eventName,
    region: 'us-east-1',
    accountId: '111122223333',
    identity: USER,
    source: { uri: 'test' },
    ...o,
  };
}

describe('identity activity', () => {
  it('keeps the longest per-identity window (a day: coverage, recon before an enablement) plus a margin', () => {
    const th = createTrailContext().trail;
    expect(activityRetentionMs(th)).toBe(DAY + ACTIVITY_MARGIN_MS);
    expect(activityRetentionMs({ ...th, reconWindowMs: 2 * DAY })).toBe(2 * DAY + ACTIVITY_MARGIN_MS);
  });

  it('groups the recon-relevant Bedrock events by account + identity; other events and scanners are left out', () => {
    const ctx = createTrailContext({ scannerPrincipals: ['arn:aws:iam::111122223333:user/scanner'] });
    const groups = activityGroups(
      [
        ev('ListFoundationModels', 'a', NOW),
        ev('InvokeModel', 'b', NOW),
        ev('ListFoundationModels', 'c', NOW, { accountId: '444455556666' }),
        ev('DeleteGuardrail', 'd', NOW),
        ev('ConverseStream', 'e', NOW),
        ev('ListFoundationModels', 'f', NOW, { eventSource: 'iam.amazonaws.com' }),
        ev('ListFoundationModels', 'g', NOW, { identity: 'arn:aws:iam::111122223333:user/scanner' }),
      ],
      ctx,
    );
    expect([...groups.keys()]).toEqual([activityKey('111122223333', USER), activityKey('444455556666', USER)]);
    expect(groups.get(activityKey('111122223333', USER))?.events.map((e) => e.eventId)).toEqual(['a', 'b']);
  });

  it('stores the event id, name, time, region, error code and source IP, and reads them back as an event', () => {
    const a = toActivityEvent(ev('ListGuardrails', 'x', NOW, { errorCode: `AccessDenied${'x'.repeat(100)}`, sourceIp: '203.0.113.9' }));
    expect(a).toEqual({
      id: 'x',
      name: 'ListGuardrails',
      t: NOW,
      region: 'us-east-1',
      error: `AccessDenied${'x'.repeat(52)}`,
      sourceIp: '203.0.113.9',
    });
    expect(toTrailEvent(a as ActivityEvent, '111122223333', USER)).toMatchObject({
      eventId: 'x',
      eventName: 'ListGuardrails',
      eventSource: 'bedrock.amazonaws.com',
      eventTime: '2026-11-20T12:00:00.000Z',
      accountId: '111122223333',
      identity: USER,
      sourceIp: '203.0.113.9',
    });
    expect(toActivityEvent(ev('ListGuardrails', 'y', NOW, { eventTime: 'not a time' }))).toBeUndefined();
  });

  it('keeps the model a request named (part of a finding key) and gives it back as the request parameters', () => {
    const a = toActivityEvent(
      ev('GetFoundationModelAvailability', 'm', NOW, { requestParameters: { modelId: 'anthropic.claude-3', other: 'x' } }),
    );
    expect(a?.model).toBe('anthropic.claude-3');
    expect(toTrailEvent(a as ActivityEvent, '111122223333', USER).requestParameters).toEqual({ modelId: 'anthropic.claude-3' });
    expect(toActivityEvent(ev('ListFoundationModels', 'n', NOW))).not.toHaveProperty('model');
  });

  it('merges by event id: a replayed batch changes nothing (no write)', () => {
    const batch = [ev('ListFoundationModels', 'a', NOW - 60_000), ev('ListGuardrails', 'b', NOW)];
    const first = mergeActivity(undefined, batch, NOW, DAY);
    expect(first.changed).toBe(true);
    expect(first.events.map((a) => a.id)).toEqual(['a', 'b']);
    const again = mergeActivity(first.events, batch, NOW, DAY);
    expect(again).toEqual({ events: first.events, changed: false });
    const more = mergeActivity(first.events, [...batch, ev('ListCustomModels', 'c', NOW - 120_000)], NOW, DAY);
    expect(more.changed).toBe(true);
    expect(more.events.map((a) => a.id)).toEqual(['c', 'a', 'b']);
  });

  it('drops events older than the retention, stored or in the batch (what TTL has not removed yet too)', () => {
    const stored: ActivityEvent[] = [
      { id: 'old', name: 'ListFoundationModels', t: NOW - DAY - 1 },
      { id: 'kept', name: 'ListFoundationModels', t: NOW - DAY },
    ];
    const m = mergeActivity(stored, [ev('ListGuardrails', 'late', NOW - 2 * DAY), ev('ListGuardrails', 'new', NOW)], NOW, DAY);
    expect(m.events.map((a) => a.id)).toEqual(['kept', 'new']);
    // only stale events dropped and nothing added: no write (readers drop them anyway)
    expect(mergeActivity(stored, [], NOW, DAY).changed).toBe(false);
    const groups = activityGroups([ev('ListGuardrails', 'z', NOW)], createTrailContext());
    const history = historyEvents(groups, new Map([[activityKey('111122223333', USER), { events: stored }]]), NOW, DAY);
    expect(history.map((e) => e.eventId)).toEqual(['kept']);
  });

  it('keeps one invocation per action, replaced only by one an hour newer (an identity that only invokes writes hourly)', () => {
    const first = mergeActivity(undefined, [ev('InvokeModel', 'i1', NOW), ev('InvokeModel', 'i2', NOW + 60_000)], NOW, DAY);
    expect(first.events.map((a) => a.id)).toEqual(['i1']);
    const soon = mergeActivity(first.events, [ev('InvokeModel', 'i3', NOW + INVOKE_REFRESH_MS - 1)], NOW, DAY);
    expect(soon).toEqual({ events: first.events, changed: false });
    const later = mergeActivity(
      first.events,
      [ev('InvokeModel', 'i4', NOW + INVOKE_REFRESH_MS), ev('Converse', 'v1', NOW + 1)],
      NOW + INVOKE_REFRESH_MS,
      DAY,
    );
    expect(later.changed).toBe(true);
    expect(later.events.map((a) => a.id)).toEqual(['v1', 'i4']);
  });

  it('a failed invocation kept for an action is replaced by a successful one within the hour (new invokers count successes)', () => {
    const denied = mergeActivity(undefined, [ev('InvokeModel', 'd1', NOW, { errorCode: 'AccessDeniedException' })], NOW, DAY);
    const ok = mergeActivity(denied.events, [ev('InvokeModel', 'ok1', NOW + 60_000)], NOW, DAY);
    expect([ok.changed, ok.events.map((a) => a.id)]).toEqual([true, ['ok1']]);
    // a failed one does not replace a successful one, nor a failed one within the hour
    expect(
      mergeActivity(ok.events, [ev('InvokeModel', 'd2', NOW + 120_000, { errorCode: 'AccessDeniedException' })], NOW, DAY).changed,
    ).toBe(false);
    expect(
      mergeActivity(denied.events, [ev('InvokeModel', 'd3', NOW + 60_000, { errorCode: 'AccessDeniedException' })], NOW, DAY).changed,
    ).toBe(false);
  });

  it('a replay of a batch larger than the cap changes nothing (the events the cap dropped are dropped again: no write)', () => {
    const batch = Array.from({ length: 120 }, (_, i) => ev('ListFoundationModels', `c${i}`, NOW - 120_000 + i * 1000));
    const first = mergeActivity(undefined, batch, NOW, DAY);
    expect([first.changed, first.events.length]).toEqual([true, MAX_ACTIVITY_EVENTS]);
    const replay = mergeActivity(first.events, batch, NOW + 60_000, DAY);
    expect(replay.changed).toBe(false);
    expect(replay.events).toEqual(first.events);
  });

  it(`keeps at most ${MAX_ACTIVITY_EVENTS} events: the oldest go first, but never the newest event of an action`, () => {
    const batch = [
      ev('GetModelInvocationLoggingConfiguration', 'first', NOW - 3600_000),
      ...Array.from({ length: 150 }, (_, i) => ev('ListFoundationModels', `l${i}`, NOW - 150_000 + i * 1000)),
    ];
    const m = mergeActivity(undefined, batch, NOW, DAY);
    expect(m.events).toHaveLength(MAX_ACTIVITY_EVENTS);
    expect(m.events[0].id).toBe('first');
    expect(m.events[1].id).toBe('l51');
    expect(m.events[MAX_ACTIVITY_EVENTS - 1].id).toBe('l149');
    expect(capActivity(m.events, 3).map((a) => a.id)).toEqual(['first', 'l148', 'l149']);
  });
});

describe('mergeActivity: kept successful invocations', () => {
  it('a failed invocation an hour newer is kept beside the successful one, never in its place', () => {
    const ok = mergeActivity(undefined, [ev('InvokeModel', 'ok1', NOW - 3 * 3600_000)], NOW, DAY);
    const later = mergeActivity(ok.events, [ev('InvokeModel', 'd1', NOW - 3600_000, { errorCode: 'AccessDeniedException' })], NOW, DAY);
    expect([later.changed, later.events.map((a) => a.id)]).toEqual([true, ['ok1', 'd1']]);
    // the next failure an hour newer replaces the failure, the success stays
    const again = mergeActivity(later.events, [ev('InvokeModel', 'd2', NOW, { errorCode: 'AccessDeniedException' })], NOW, DAY);
    expect(again.events.map((a) => a.id)).toEqual(['ok1', 'd2']);
    // a later success replaces both
    expect(mergeActivity(again.events, [ev('InvokeModel', 'ok2', NOW + 60_000)], NOW, DAY).events.map((a) => a.id)).toEqual(['ok2']);
  });

  it('the cap keeps the newest successful invocation of an action beside a newer failed one', () => {
    const events = [
      { id: 'ok1', name: 'InvokeModel', t: NOW - 5000 },
      { id: 'd1', name: 'InvokeModel', t: NOW - 4000, error: 'AccessDeniedException' },
      ...Array.from({ length: 5 }, (_, i) => ({ id: `l${i}`, name: 'ListFoundationModels', t: NOW - 3000 + i })),
    ];
    expect(capActivity(events, 3).map((a) => a.id)).toEqual(['ok1', 'd1', 'l4']);
  });
});
