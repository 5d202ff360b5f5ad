import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { ensureTable } from './dynamo-schema.ts';

export interface LocalDynamo {
  endpoint: string;
  client: DynamoDBClient;
  tableName: string;
  close(): Promise<void>;
}

/**
 * Starts an embedded DynamoDB (dynalite, in memory) on 127.0.0.1 and creates the project table. The client talks the
 * real DynamoDB JSON protocol over HTTP, so what runs here is what runs against AWS (minus TTL and transactions).
 */
export async function startLocalDynamo(tableName = 'aispm'): Promise<LocalDynamo> {
  const server = dynalite({ createTableMs: 0, updateTableMs: 0, deleteTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 3,
  });
  await ensureTable(client, tableName);
  return {
    endpoint,
    client,
    tableName,
    async close() {
      client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
