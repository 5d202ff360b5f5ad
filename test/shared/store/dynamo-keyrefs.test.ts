import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { DynamoStore } from '../../../shared/store/dynamo.ts';

const doc = mockClient(DynamoDBDocumentClient);
afterEach(() => doc.reset());

const store = () => new DynamoStore({ tableName: 't', client: new DynamoDBClient({ region: 'us-east-1' }) });
const failure = (name: string) => Object.assign(new Error(`${name}: Item size has exceeded the maximum SECRETDETAIL`), { name });

describe('DynamoStore KEYREFS failures', () => {
  it.each(['ValidationException', 'ProvisionedThroughputExceededException', 'InternalServerError'])(
    'an update failing with %s deletes the set (best effort) and throws the error name only',
    async (name) => {
      doc.on(UpdateCommand).rejects(failure(name));
      doc.on(DeleteCommand).resolves({});
      const err = await store()
        .addReferencedKeys('111122223333', ['k1'])
        .catch((e: unknown) => e as Error);
      expect(err).toMatchObject({ name, message: name });
      expect(doc.commandCalls(DeleteCommand)[0]?.args[0].input.Key).toEqual({ pk: 'KEYREFS#111122223333', sk: 'CURRENT' });
    },
  );

  it('a failed delete after a failed update still throws the update error (never an unhandled delete error)', async () => {
    doc.on(UpdateCommand).rejects(failure('InternalServerError'));
    doc.on(DeleteCommand).rejects(failure('ThrottlingException'));
    await expect(store().completeReferencedKeys('111122223333', ['k1'], 'scan-1')).rejects.toMatchObject({ name: 'InternalServerError' });
  });

  it('a scan cannot complete a set it did not begin (condition failed): false, nothing deleted', async () => {
    doc.on(UpdateCommand).rejects(Object.assign(new Error('x'), { name: 'ConditionalCheckFailedException' }));
    expect(await store().completeReferencedKeys('111122223333', ['k1'], 'scan-1')).toBe(false);
    expect(doc.commandCalls(DeleteCommand)).toHaveLength(0);
  });

  it('a set no scan completed (or written before `complete` existed) is not trusted', async () => {
    doc.on(GetCommand).resolves({ Item: { pk: 'KEYREFS#111122223333', sk: 'CURRENT', keys: new Set(['k1']) } });
    expect(await store().referencedKeys('111122223333')).toBeUndefined();
    doc.on(GetCommand).resolves({ Item: { pk: 'KEYREFS#111122223333', sk: 'CURRENT', keys: new Set(['k1']), complete: true } });
    expect(await store().referencedKeys('111122223333')).toEqual(new Set(['k1']));
  });
});
