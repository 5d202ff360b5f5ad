import type { AnyAsset, AssetType } from '../domain/asset.ts';

export const ASSET_CHANGED_SOURCE = 'aispm';
export const ASSET_CHANGED_DETAIL_TYPE = 'AI Asset Changed';

/** What happened to an inventoried asset (one history entry). */
export interface AssetChange {
  change: 'created' | 'updated' | 'deleted' | 'restored';
  asset: AnyAsset;
  previousConfigHash?: string;
}

/** `detail` of an `AI Asset Changed` event (schema: events/ai-asset-changed.schema.json). */
export interface AssetChangedDetail {
  schemaVersion: '1.0';
  accountId: string;
  region: string;
  assetId: string;
  assetType: AssetType;
  name: string;
  change: AssetChange['change'];
  configHash: string;
  previousConfigHash?: string;
  observedAt: string;
  trigger: 'schedule' | 'event' | 'cli' | 'demo';
  scanId?: string;
  /** The CloudTrail call that caused an event-driven refresh (no request payload). */
  cause?: { eventName: string; eventSource: string; eventId?: string; eventTime?: string; principalArn?: string };
  /** Number of relationships and collection errors (the full asset stays in the inventory store). */
  relationshipCount: number;
  collectionErrors?: string[];
}

export interface AssetChangedEvent {
  source: typeof ASSET_CHANGED_SOURCE;
  detailType: typeof ASSET_CHANGED_DETAIL_TYPE;
  detail: AssetChangedDetail;
  /** ARN-ish resources list for EventBridge `resources`. */
  resources: string[];
}

/** Destination of `AI Asset Changed` events (EventBridge bus in AWS, a recorder in tests and the demo). */
export interface AssetEventSink {
  publish(events: AssetChangedEvent[]): Promise<{ published: number; failed: number }>;
}

export function assetChangedEvents(
  changes: AssetChange[],
  ctx: { trigger: AssetChangedDetail['trigger']; scanId?: string; cause?: AssetChangedDetail['cause'] },
): AssetChangedEvent[] {
  return changes.map(({ change, asset, previousConfigHash }) => ({
    source: ASSET_CHANGED_SOURCE,
    detailType: ASSET_CHANGED_DETAIL_TYPE,
    resources: asset.id.startsWith('arn:') ? [asset.id] : [],
    detail: {
      schemaVersion: '1.0',
      accountId: asset.accountId,
      region: asset.region,
      assetId: asset.id,
      assetType: asset.type,
      name: asset.name,
      change,
      configHash: asset.configHash,
      ...(previousConfigHash ? { previousConfigHash } : {}),
      observedAt: change === 'deleted' ? (asset.deletedAt ?? asset.lastSeen) : asset.lastSeen,
      trigger: ctx.trigger,
      ...(ctx.scanId ? { scanId: ctx.scanId } : {}),
      ...(ctx.cause ? { cause: ctx.cause } : {}),
      relationshipCount: asset.relationships.length,
      ...(asset.collectionErrors?.length ? { collectionErrors: asset.collectionErrors } : {}),
    },
  }));
}

/** In-memory sink (tests, CLI). */
export class MemoryAssetEventSink implements AssetEventSink {
  readonly events: AssetChangedEvent[] = [];
  async publish(events: AssetChangedEvent[]) {
    this.events.push(...events);
    return { published: events.length, failed: 0 };
  }
}

/** The event as EventBridge delivers it to rule targets (for tests, samples and the demo bus recorder). */
export function assetChangedEnvelope(e: AssetChangedEvent, opts: { id: string; time?: string }) {
  return {
    version: '0',
    id: opts.id,
    'detail-type': e.detailType,
    source: e.source,
    account: e.detail.accountId,
    time: opts.time ?? e.detail.observedAt,
    region: e.detail.region === 'global' ? 'us-east-1' : e.detail.region,
    resources: e.resources,
    detail: e.detail,
  };
}
