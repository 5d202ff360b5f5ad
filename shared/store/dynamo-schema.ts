import { CreateTableCommand, DescribeTableCommand, type DynamoDBClient, ResourceInUseException } from '@aws-sdk/client-dynamodb';

/**
 * Single-table design (see docs/data-model.md). The CDK stack and the local/demo table are built from these
 * constants so the key schema cannot drift.
 */
export const TABLE_KEYS = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Generic inverted index: assets by account/region, findings by resource. */
  gsi1: { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  /** Sparse index: open findings by severity, newest first. */
  gsi2: { name: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
  ttlAttribute: 'expiresAt',
} as const;

/** Creates the table if it does not exist (local dynalite, demo, tests). Deployed tables come from CDK. */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  const k = TABLE_KEYS;
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: k.partitionKey, AttributeType: 'S' },
          { AttributeName: k.sortKey, AttributeType: 'S' },
          { AttributeName: k.gsi1.partitionKey, AttributeType: 'S' },
          { AttributeName: k.gsi1.sortKey, AttributeType: 'S' },
          { AttributeName: k.gsi2.partitionKey, AttributeType: 'S' },
          { AttributeName: k.gsi2.sortKey, AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: k.partitionKey, KeyType: 'HASH' },
          { AttributeName: k.sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: [k.gsi1, k.gsi2].map((g) => ({
          IndexName: g.name,
          KeySchema: [
            { AttributeName: g.partitionKey, KeyType: 'HASH' as const },
            { AttributeName: g.sortKey, KeyType: 'RANGE' as const },
          ],
          Projection: { ProjectionType: 'ALL' as const },
        })),
      }),
    );
  } catch (err) {
    if (!(err instanceof ResourceInUseException)) throw err;
  }
  for (let i = 0; i < 100; i++) {
    const d = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (d.Table?.TableStatus === 'ACTIVE') return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`table ${tableName} did not become ACTIVE`);
}
