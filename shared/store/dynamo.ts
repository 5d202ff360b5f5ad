import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  type PutCommandInput,
  QueryCommand,
  type QueryCommandInput,
  ScanCommand,
  type ScanCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { AnyAsset, AssetType, CoverageGap } from '../domain/asset.ts';
import type { Finding } from '../domain/finding.ts';
import { TABLE_KEYS } from './dynamo-schema.ts';
import { assetChange, isOpen, matchesFindingQuery } from './shared.ts';
import type { AssetHistoryEntry, Baseline, FindingQuery, IdentityActivity, ScanRun, Store, WriteOutcome } from './types.ts';

type Item = Record<string, unknown>;

/** Key builders: the whole access-pattern design in one place (documented in docs/data-model.md). */
export const keys = {
  asset: (id: string) => ({ pk: `ASSET#${id}`, sk: 'CURRENT' }),
  assetGsi: (a: AnyAsset) => ({ gsi1pk: `ACCT#${a.accountId}`, gsi1sk: `${a.region}#${a.type}#${a.id}` }),
  history: (id: string, at: string, hash: string) => ({ pk: `ASSET#${id}`, sk: `HIST#${at}#${hash.slice(0, 12)}` }),
  gaps: (accountId: string, region: string) => ({ pk: `GAPS#${accountId}`, sk: region }),
  keyRefs: (accountId: string) => ({ pk: `KEYREFS#${accountId}`, sk: 'CURRENT' }),
  finding: (id: string) => ({ pk: `FINDING#${id}`, sk: 'CURRENT' }),
  findingGsi: (f: Finding) => ({ gsi1pk: `RES#${f.resourceId}`, gsi1sk: `FINDING#${f.ruleId}#${f.id}` }),
  openGsi: (f: Finding) => ({ gsi2pk: `OPEN#${f.severity}`, gsi2sk: `${f.lastObservedAt}#${f.id}` }),
  baseline: (key: string) => ({ pk: `BASELINE#${key}`, sk: 'CURRENT' }),
  activity: (accountId: string, identity: string) => ({ pk: `ACTIVITY#${accountId}#${identity}`, sk: 'CURRENT' }),
  scanRun: (r: ScanRun) => ({ pk: `SCAN#${r.accountId}`, sk: `${r.startedAt}#${r.scanId}` }),
  mark: (key: string) => ({ pk: `MARK#${key}`, sk: 'MARK' }),
};

export interface DynamoStoreOptions {
  tableName: string;
  client: DynamoDBClient;
  /** Clock for idempotency marks (epoch ms). */
  nowMs?: () => number;
}

/**
 * DynamoDB repository. Every write of a current item is conditional on the version read (optimistic locking), so two
 * functions touching the same item never lose an update; unchanged assets and findings are not written at all.
 * Reads page through `LastEvaluatedKey`.
 */
export class DynamoStore implements Store {
  private readonly doc: DynamoDBDocumentClient;
  private readonly table: string;
  private readonly nowMs: () => number;
  private writes = 0;

  constructor(opts: DynamoStoreOptions) {
    this.doc = DynamoDBDocumentClient.from(opts.client, {
      marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false },
    });
    this.table = opts.tableName;
    this.nowMs = opts.nowMs ?? Date.now;
  }

  get writeCount(): number {
    return this.writes;
  }

  private async put(input: Omit<PutCommandInput, 'TableName'>): Promise<boolean> {
    this.writes++;
    try {
      await this.doc.send(new PutCommand({ TableName: this.table, ...input }));
      return true;
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException || (err as { name?: string }).name === 'ConditionalCheckFailedException')
        return false;
      throw err;
    }
  }

  /** Conditional put on the `version` attribute read before (undefined = the item must not exist). */
  private putVersioned(item: Item, expectedVersion: number | undefined): Promise<boolean> {
    const version = (expectedVersion ?? 0) + 1;
    if (expectedVersion === undefined) {
      return this.put({ Item: { ...item, version }, ConditionExpression: 'attribute_not_exists(pk)' });
    }
    return this.put({
      Item: { ...item, version },
      ConditionExpression: 'version = :v',
      ExpressionAttributeValues: { ':v': expectedVersion },
    });
  }

  private async get(key: { pk: string; sk: string }): Promise<Item | undefined> {
    const r = await this.doc.send(new GetCommand({ TableName: this.table, Key: key, ConsistentRead: true }));
    return r.Item;
  }

  private async queryAll(input: Omit<QueryCommandInput, 'TableName'>, limit = Number.POSITIVE_INFINITY): Promise<Item[]> {
    const out: Item[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const r = await this.doc.send(new QueryCommand({ TableName: this.table, ...input, ExclusiveStartKey: start }));
      out.push(...((r.Items ?? []) as Item[]));
      start = r.LastEvaluatedKey;
    } while (start && out.length < limit);
    return out.slice(0, limit);
  }

  private async scanAll(input: Omit<ScanCommandInput, 'TableName'>): Promise<Item[]> {
    const out: Item[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const r = await this.doc.send(new ScanCommand({ TableName: this.table, ...input, ExclusiveStartKey: start }));
      out.push(...((r.Items ?? []) as Item[]));
      start = r.LastEvaluatedKey;
    } while (start);
    return out;
  }

  // ---- assets -------------------------------------------------------------------------------------------------

  async getAsset(id: string): Promise<AnyAsset | undefined> {
    const item = await this.get(keys.asset(id));
    return item ? (item.asset as AnyAsset) : undefined;
  }

  async listAssets(scope: { accountId: string; region?: string; type?: AssetType; includeDeleted?: boolean }): Promise<AnyAsset[]> {
    if (scope.type && !scope.region) throw new Error('listAssets: a type needs a region');
    const prefix = scope.region ? `${scope.region}#${scope.type ? `${scope.type}#` : ''}` : undefined;
    const items = await this.queryAll({
      IndexName: TABLE_KEYS.gsi1.name,
      KeyConditionExpression: prefix ? 'gsi1pk = :p AND begins_with(gsi1sk, :r)' : 'gsi1pk = :p',
      ExpressionAttributeValues: prefix ? { ':p': `ACCT#${scope.accountId}`, ':r': prefix } : { ':p': `ACCT#${scope.accountId}` },
    });
    return items.map((i) => i.asset as AnyAsset).filter((a) => scope.includeDeleted || !a.deletedAt);
  }

  async putAsset(asset: AnyAsset): Promise<WriteOutcome> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const item = await this.get(keys.asset(asset.id));
      const prev = item?.asset as AnyAsset | undefined;
      const change = assetChange(prev, asset);
      if (change === 'unchanged' || change === 'stale') return change;
      const stored: AnyAsset = { ...asset, firstSeen: prev?.firstSeen ?? asset.firstSeen };
      delete stored.deletedAt;
      const ok = await this.putVersioned(
        { ...keys.asset(asset.id), ...keys.assetGsi(stored), asset: stored, configHash: stored.configHash },
        item?.version as number | undefined,
      );
      if (!ok) continue;
      await this.appendHistory(stored, prev ? (prev.deletedAt ? 'restored' : 'updated') : 'created', stored.lastSeen);
      return prev ? 'updated' : 'created';
    }
    throw new Error(`asset ${asset.id}: too many concurrent updates`);
  }

  async markDeleted(id: string, at: string): Promise<WriteOutcome> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const item = await this.get(keys.asset(id));
      const prev = item?.asset as AnyAsset | undefined;
      if (!prev || prev.deletedAt) return 'unchanged';
      if (prev.lastSeen > at) return 'stale';
      const stored = { ...prev, deletedAt: at } as AnyAsset;
      const ok = await this.putVersioned(
        { ...keys.asset(id), ...keys.assetGsi(stored), asset: stored, configHash: stored.configHash },
        item?.version as number,
      );
      if (!ok) continue;
      await this.appendHistory(stored, 'deleted', at);
      return 'updated';
    }
    throw new Error(`asset ${id}: too many concurrent updates`);
  }

  private async appendHistory(asset: AnyAsset, change: AssetHistoryEntry['change'], at: string): Promise<void> {
    const entry: AssetHistoryEntry = { assetId: asset.id, observedAt: at, change, configHash: asset.configHash, asset };
    await this.put({ Item: { ...keys.history(asset.id, at, asset.configHash), entry } });
  }

  async history(id: string): Promise<AssetHistoryEntry[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :p AND begins_with(sk, :h)',
      ExpressionAttributeValues: { ':p': `ASSET#${id}`, ':h': 'HIST#' },
    });
    return items.map((i) => i.entry as AssetHistoryEntry);
  }

  async putCoverageGaps(accountId: string, region: string, gaps: CoverageGap[]): Promise<void> {
    const item = await this.get(keys.gaps(accountId, region));
    const same = item && JSON.stringify(item.gaps) === JSON.stringify(gaps);
    if (same) return;
    await this.put({ Item: { ...keys.gaps(accountId, region), gaps } });
  }

  async listCoverageGaps(accountId: string): Promise<CoverageGap[]> {
    const items = await this.queryAll({ KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': `GAPS#${accountId}` } });
    return items.flatMap((i) => i.gaps as CoverageGap[]);
  }

  async referencedKeys(accountId: string): Promise<Set<string> | undefined> {
    const item = await this.get(keys.keyRefs(accountId));
    // a set no scan completed (created by a refresh, or before `complete` existed) may miss keys: a listing decides
    if (item?.complete !== true) return undefined;
    return new Set((item.keys as Set<string> | undefined) ?? []);
  }

  async addReferencedKeys(accountId: string, keyRefs: string[]): Promise<void> {
    await this.updateKeyRefs(accountId, keyRefs, { '#c': 'complete' }, { ':f': false }, '#c = if_not_exists(#c, :f)');
  }

  async beginReferencedKeys(accountId: string, scanId: string): Promise<void> {
    await this.updateKeyRefs(
      accountId,
      [],
      { '#c': 'complete', '#p': 'pending' },
      { ':f': false, ':p': scanId },
      '#c = if_not_exists(#c, :f), #p = :p',
    );
  }

  async completeReferencedKeys(accountId: string, keyRefs: string[], scanId: string): Promise<boolean> {
    return this.updateKeyRefs(
      accountId,
      keyRefs,
      { '#c': 'complete', '#p': 'pending' },
      { ':t': true, ':p': scanId },
      '#c = :t',
      'REMOVE #p',
      'attribute_exists(pk) AND (#c = :t OR #p = :p)',
    );
  }

  /**
   * One update of the KEYREFS item (ADD on a string set: concurrent writers lose no key); `false` when its condition
   * failed. Any other failure (e.g. the set cannot grow past the item size limit) deletes the item, best effort: a set
   * that may miss a key is never left behind to be trusted (without it every key-state event lists the assets).
   */
  private async updateKeyRefs(
    accountId: string,
    keyRefs: string[],
    names: Record<string, string>,
    values: Record<string, unknown>,
    set: string,
    remove = '',
    condition?: string,
  ): Promise<boolean> {
    this.writes++;
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.keyRefs(accountId),
          UpdateExpression: `SET #u = :u, ${set}${keyRefs.length ? ' ADD #k :k' : ''}${remove ? ` ${remove}` : ''}`,
          ExpressionAttributeNames: { '#u': 'updatedAt', ...names, ...(keyRefs.length ? { '#k': 'keys' } : {}) },
          ExpressionAttributeValues: {
            ':u': new Date(this.nowMs()).toISOString(),
            ...values,
            ...(keyRefs.length ? { ':k': new Set(keyRefs) } : {}),
          },
          ...(condition ? { ConditionExpression: condition } : {}),
        }),
      );
      return true;
    } catch (err) {
      const name = (err as { name?: string }).name ?? 'Error';
      if (name === 'ConditionalCheckFailedException') return false;
      await this.doc.send(new DeleteCommand({ TableName: this.table, Key: keys.keyRefs(accountId) })).catch(() => undefined);
      throw Object.assign(new Error(name), { name });
    }
  }

  // ---- findings -----------------------------------------------------------------------------------------------

  async getFinding(id: string): Promise<Finding | undefined> {
    const item = await this.get(keys.finding(id));
    return item ? { ...(item.finding as Finding), version: item.version as number } : undefined;
  }

  async getFindings(ids: string[]): Promise<Map<string, Finding>> {
    const out = new Map<string, Finding>();
    for (const item of await this.batchGet([...new Set(ids)].map((id) => keys.finding(id)))) {
      const f = { ...(item.finding as Finding), version: item.version as number };
      out.set(f.id, f);
    }
    return out;
  }

  /** The items of `keyList` (no duplicates) that exist: BatchGetItem, 100 keys per call, unprocessed keys retried. */
  private async batchGet(keyList: Record<string, unknown>[]): Promise<Item[]> {
    const out: Item[] = [];
    for (let i = 0; i < keyList.length; i += 100) {
      let keysLeft: Record<string, unknown>[] = keyList.slice(i, i + 100);
      for (let attempt = 0; keysLeft.length > 0; attempt++) {
        if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 25 * 2 ** attempt)));
        if (attempt > 8) throw new Error(`BatchGetItem: ${keysLeft.length} keys still unprocessed after ${attempt} attempts`);
        const r = await this.doc.send(new BatchGetCommand({ RequestItems: { [this.table]: { Keys: keysLeft, ConsistentRead: true } } }));
        for (const item of (r.Responses?.[this.table] ?? []) as Item[]) out.push(item);
        keysLeft = (r.UnprocessedKeys?.[this.table]?.Keys ?? []) as Record<string, unknown>[];
      }
    }
    return out;
  }

  async putFinding(finding: Finding, expectedVersion: number | undefined): Promise<boolean> {
    const { version: _v, ...f } = finding;
    const item: Item = { ...keys.finding(f.id), ...keys.findingGsi(f), finding: f };
    if (isOpen(f)) Object.assign(item, keys.openGsi(f));
    return this.putVersioned(item, expectedVersion);
  }

  async queryFindings(q: FindingQuery): Promise<Finding[]> {
    let items: Item[];
    if (q.resourceId !== undefined) {
      items = await this.queryAll({
        IndexName: TABLE_KEYS.gsi1.name,
        KeyConditionExpression: 'gsi1pk = :p AND begins_with(gsi1sk, :f)',
        ExpressionAttributeValues: { ':p': `RES#${q.resourceId}`, ':f': 'FINDING#' },
      });
    } else if (q.openOnly && q.severity) {
      items = await this.queryAll({
        IndexName: TABLE_KEYS.gsi2.name,
        KeyConditionExpression: 'gsi2pk = :p',
        ExpressionAttributeValues: { ':p': `OPEN#${q.severity}` },
        ScanIndexForward: false,
      });
    } else {
      return (await this.allFindings()).filter((f) => matchesFindingQuery(f, q));
    }
    return items.map((i) => ({ ...(i.finding as Finding), version: i.version as number })).filter((f) => matchesFindingQuery(f, q));
  }

  async allFindings(): Promise<Finding[]> {
    const items = await this.scanAll({ FilterExpression: 'begins_with(pk, :p)', ExpressionAttributeValues: { ':p': 'FINDING#' } });
    return items.map((i) => ({ ...(i.finding as Finding), version: i.version as number }));
  }

  // ---- baselines, scan runs, marks ----------------------------------------------------------------------------

  async getBaseline(key: string): Promise<Baseline | undefined> {
    const item = await this.get(keys.baseline(key));
    return item ? { ...(item.baseline as Baseline), version: item.version as number } : undefined;
  }

  async putBaseline(b: Baseline, expectedVersion: number | undefined): Promise<boolean> {
    const { version: _v, ...rest } = b;
    return this.putVersioned({ ...keys.baseline(b.key), baseline: rest }, expectedVersion);
  }

  /** An item past its expiry may still be returned (TTL deletes lazily): its events are older than any window. */
  async getActivity(accountId: string, identity: string): Promise<IdentityActivity | undefined> {
    const item = await this.get(keys.activity(accountId, identity));
    return item ? { ...(item.activity as IdentityActivity), version: item.version as number } : undefined;
  }

  async getActivities(ids: readonly { accountId: string; identity: string }[]): Promise<(IdentityActivity | undefined)[]> {
    const pks = ids.map((x) => keys.activity(x.accountId, x.identity).pk);
    const byPk = new Map<string, IdentityActivity>();
    for (const item of await this.batchGet([...new Set(pks)].map((pk) => ({ pk, sk: 'CURRENT' })))) {
      byPk.set(item.pk as string, { ...(item.activity as IdentityActivity), version: item.version as number });
    }
    return pks.map((pk) => byPk.get(pk));
  }

  async putActivity(a: IdentityActivity, expectedVersion: number | undefined, ttlSeconds: number): Promise<boolean> {
    const { version: _v, ...rest } = a;
    const expiresAt = Math.floor(this.nowMs() / 1000) + ttlSeconds;
    return this.putVersioned(
      { ...keys.activity(a.accountId, a.identity), activity: rest, [TABLE_KEYS.ttlAttribute]: expiresAt },
      expectedVersion,
    );
  }

  async putScanRun(run: ScanRun): Promise<void> {
    await this.put({ Item: { ...keys.scanRun(run), run } });
  }

  async listScanRuns(accountId: string, limit = 50): Promise<ScanRun[]> {
    const items = await this.queryAll(
      {
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': `SCAN#${accountId}` },
        ScanIndexForward: false,
        Limit: limit,
      },
      limit,
    );
    return items.map((i) => i.run as ScanRun);
  }

  /** Idempotency mark with expiry; an expired mark can be claimed again (works without DynamoDB TTL running). */
  async claim(key: string, ttlSeconds: number): Promise<boolean> {
    const nowS = Math.floor(this.nowMs() / 1000);
    return this.put({
      Item: { ...keys.mark(key), [TABLE_KEYS.ttlAttribute]: nowS + ttlSeconds },
      ConditionExpression: 'attribute_not_exists(pk) OR #e < :now',
      ExpressionAttributeNames: { '#e': TABLE_KEYS.ttlAttribute },
      ExpressionAttributeValues: { ':now': nowS },
    });
  }

  async release(key: string): Promise<void> {
    this.writes++;
    await this.doc.send(new DeleteCommand({ TableName: this.table, Key: keys.mark(key) }));
  }

  async extend(key: string, ttlSeconds: number): Promise<boolean> {
    const nowS = Math.floor(this.nowMs() / 1000);
    // conditional: a mark released meanwhile (a failed run's claims) must not be recreated with a long expiry
    return this.put({
      Item: { ...keys.mark(key), [TABLE_KEYS.ttlAttribute]: nowS + ttlSeconds },
      ConditionExpression: 'attribute_exists(#pk)',
      ExpressionAttributeNames: { '#pk': TABLE_KEYS.partitionKey },
    });
  }
}
