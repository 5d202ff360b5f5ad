import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { SQSClient } from '@aws-sdk/client-sqs';
// fromTemporaryCredentials (the member clients' credentials) calls STS through this client
import { AssumeRoleCommand, STSClient } from '@aws-sdk/nested-clients/sts';
import type { Context, SQSEvent } from 'aws-lambda';
import { sqsEvent as sqsEventOf } from '../../fixtures/sqs.ts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FindingChangeMessage } from '../../../shared/domain/messages.ts';
import { recordObservations } from '../../../shared/findings/record.ts';
import { type LocalDynamo, startLocalDynamo } from '../../../shared/store/local-dynamo.ts';
import { MemoryStore } from '../../../shared/store/memory.ts';
import { observation } from '../../fixtures/delivery/findings.ts';

const CENTRAL = '111122223333';
const MEMBER = '444455556666';

/**
 * The deliver handler with a member account (TARGET_ROLE_ARNS) and the member's import role
 * (TARGET_IMPORT_ROLE_NAME): the member's findings are imported with credentials of the import role, assumed with the
 * external id; the central account's findings with the function's own. A local Security Hub endpoint records which
 * access key signed each BatchImportFindings call.
 */
describe('functions/deliver handler: member findings through the import role', () => {
  let dynamo: LocalDynamo;
  let server: Server;
  let handler: (e: SQSEvent, c: Context) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>;
  const sts = mockClient(STSClient);
  const sqs = mockClient(SQSClient);
  const events = mockClient(EventBridgeClient);
  const imports: { accessKeyId: string; accounts: string[] }[] = [];

  beforeAll(async () => {
    dynamo = await startLocalDynamo('aispm-deliver-member-test');
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        const findings = (JSON.parse(body).Findings ?? []) as { AwsAccountId: string }[];
        const accessKeyId = /Credential=([^/]+)\//.exec(String(req.headers.authorization))?.[1] ?? '';
        imports.push({ accessKeyId, accounts: findings.map((f) => f.AwsAccountId) });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ SuccessCount: findings.length, FailedCount: 0, FailedFindings: [] }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const securityHubEndpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    sts.on(AssumeRoleCommand).resolves({
      Credentials: {
        AccessKeyId: 'ASIAMEMBERIMPORT',
        SecretAccessKey: 'secret',
        SessionToken: 'token',
        Expiration: new Date(Date.now() + 3600_000),
      },
    });
    events.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e-1' }, { EventId: 'e-2' }] });
    vi.stubEnv('TABLE_NAME', dynamo.tableName);
    vi.stubEnv('EVENT_BUS_NAME', 'aispm-bus');
    vi.stubEnv('DLQ_URL', `https://sqs.us-east-1.amazonaws.com/${CENTRAL}/aispm-delivery-dlq`);
    vi.stubEnv('TARGET_ROLE_ARNS', `arn:aws:iam::${MEMBER}:role/AispmScanRole`);
    vi.stubEnv('TARGET_IMPORT_ROLE_NAME', 'AispmImportRole');
    vi.stubEnv('TARGET_EXTERNAL_ID', 'aispm-7f3a9c2e');
    vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', dynamo.endpoint);
    vi.stubEnv('AWS_ENDPOINT_URL_SECURITYHUB', securityHubEndpoint);
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
    vi.stubEnv('POWERTOOLS_TRACE_ENABLED', 'false');
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
    handler = (await import('../../../functions/deliver/handler.ts')).handler as never;
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    sts.restore();
    sqs.restore();
    events.restore();
    await new Promise((resolve) => server?.close(resolve));
    await dynamo?.close();
  });

  const context = { functionName: 'deliver', awsRequestId: 'req-1', getRemainingTimeInMillis: () => 60_000 } as unknown as Context;

  const sqsEvent = (changes: { transition: FindingChangeMessage['transition']; finding: FindingChangeMessage['finding'] }[]) =>
    sqsEventOf(
      changes.map((c) => JSON.stringify({ transition: c.transition, finding: c.finding } satisfies FindingChangeMessage)),
      { queueArn: `arn:aws:sqs:us-east-1:${CENTRAL}:aispm-delivery`, idPrefix: 'm-' },
    );
  const memberObservation = observation({
    accountId: MEMBER,
    resourceId: `arn:aws:sagemaker:us-east-1:${MEMBER}:notebook-instance/research-nb`,
  });
  const signers = () =>
    imports.map((i) => ({ ...i, accounts: [...new Set(i.accounts)] })).sort((a, b) => a.accessKeyId.localeCompare(b.accessKeyId));

  it('assumes the import role (not the scan role) with the external id for the member, and nothing for its own account', async () => {
    const changes = await recordObservations(new MemoryStore(), [observation(), memberObservation], '2026-11-25T10:00:00.000Z');
    const out = await handler(sqsEvent(changes), context);
    expect(out.batchItemFailures).toEqual([]);

    const assumed = sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input);
    expect(assumed).toHaveLength(1);
    expect(assumed[0]).toMatchObject({
      RoleArn: `arn:aws:iam::${MEMBER}:role/AispmImportRole`,
      ExternalId: 'aispm-7f3a9c2e',
      RoleSessionName: 'aispm-delivery',
    });
    expect(signers()).toEqual([
      { accessKeyId: 'ASIAMEMBERIMPORT', accounts: [MEMBER] },
      { accessKeyId: 'test', accounts: [CENTRAL] },
    ]);
  });

  it('without TARGET_IMPORT_ROLE_NAME assumes the target role itself (member roles from older member stacks)', async () => {
    vi.stubEnv('TARGET_IMPORT_ROLE_NAME', '');
    vi.resetModules();
    const legacy = (await import('../../../functions/deliver/handler.ts')).handler as unknown as typeof handler;
    sts.resetHistory();
    imports.length = 0;
    const changes = await recordObservations(new MemoryStore(), [memberObservation], '2026-11-26T10:00:00.000Z');
    expect((await legacy(sqsEvent(changes), context)).batchItemFailures).toEqual([]);
    expect(sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input)).toEqual([
      expect.objectContaining({ RoleArn: `arn:aws:iam::${MEMBER}:role/AispmScanRole`, ExternalId: 'aispm-7f3a9c2e' }),
    ]);
    expect(signers()).toEqual([{ accessKeyId: 'ASIAMEMBERIMPORT', accounts: [MEMBER] }]);
  });
});
