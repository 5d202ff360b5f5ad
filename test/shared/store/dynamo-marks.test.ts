/** DynamoStore marks over real HTTP DynamoDB (dynalite): the second phase of a claim never recreates a released mark. */
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoStore } from '../../../shared/store/dynamo.ts';
import { type LocalDynamo, startLocalDynamo } from '../../../shared/store/local-dynamo.ts';

let local: LocalDynamo;
let now = Date.parse('2026-11-20T10:00:00Z');
let store: DynamoStore;
const expiresAt = async (key: string) =>
  (
    await DynamoDBDocumentClient.from(local.client).send(
      new GetCommand({ TableName: local.tableName, Key: { pk: `MARK#${key}`, sk: 'MARK' } }),
    )
  ).Item?.expiresAt;

beforeAll(async () => {
  local = await startLocalDynamo('marks');
  store = new DynamoStore({ tableName: local.tableName, client: local.client, nowMs: () => now });
});
afterAll(async () => {
  await local?.close();
});

describe('DynamoStore.extend', () => {
  it('sets the expiry of a held mark from now; a released or never claimed mark is not recreated', async () => {
    const nowS = now / 1000;
    expect(await store.claim('ev-1', 600)).toBe(true);
    expect(await expiresAt('ev-1')).toBe(nowS + 600);
    now += 60_000;
    expect(await store.extend('ev-1', 4 * 24 * 3600)).toBe(true);
    expect(await expiresAt('ev-1')).toBe(nowS + 60 + 4 * 24 * 3600);
    // the long mark holds: another claim within it fails
    expect(await store.claim('ev-1', 600)).toBe(false);

    expect(await store.claim('ev-2', 600)).toBe(true);
    await store.release('ev-2');
    expect(await store.extend('ev-2', 4 * 24 * 3600)).toBe(false);
    expect(await expiresAt('ev-2')).toBeUndefined();
    expect(await store.extend('never-claimed', 600)).toBe(false);
    expect(await expiresAt('never-claimed')).toBeUndefined();
    // so a re-delivery can claim it again
    expect(await store.claim('ev-2', 600)).toBe(true);
  });
});
