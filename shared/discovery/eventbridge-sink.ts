import { type EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import type { Log } from '../util/logger.ts';
import type { AssetChangedEvent, AssetEventSink } from './events.ts';

/**
 * Publishes `AI Asset Changed` events with PutEvents: batches of 10 entries, entries that fail (FailedEntryCount)
 * are retried with backoff; what still fails is counted and logged (ids only).
 */
export class EventBridgeAssetEventSink implements AssetEventSink {
  constructor(
    private readonly client: EventBridgeClient,
    private readonly busName: string,
    private readonly log: Log,
    private readonly opts: { maxAttempts?: number; backoffMs?: number } = {},
  ) {}

  async publish(events: AssetChangedEvent[]) {
    let published = 0;
    let failed = 0;
    for (let i = 0; i < events.length; i += 10) {
      let entries: PutEventsRequestEntry[] = events.slice(i, i + 10).map((e) => ({
        EventBusName: this.busName,
        Source: e.source,
        DetailType: e.detailType,
        Resources: e.resources,
        Time: new Date(e.detail.observedAt),
        Detail: JSON.stringify(e.detail),
      }));
      const max = this.opts.maxAttempts ?? 4;
      for (let attempt = 1; entries.length && attempt <= max; attempt++) {
        try {
          const out = await this.client.send(new PutEventsCommand({ Entries: entries }));
          const results = out.Entries ?? [];
          const retry = entries.filter((_, k) => results[k]?.ErrorCode);
          published += entries.length - retry.length;
          entries = retry;
        } catch (err) {
          if (attempt === max) this.log.warn('PutEvents failed', { code: (err as Error).name, entries: entries.length });
        }
        if (entries.length && attempt < max) await new Promise((r) => setTimeout(r, (this.opts.backoffMs ?? 200) * 2 ** (attempt - 1)));
      }
      if (entries.length) {
        failed += entries.length;
        this.log.error('AI Asset Changed events not delivered', { count: entries.length });
      }
    }
    return { published, failed };
  }
}
