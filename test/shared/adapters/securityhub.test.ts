import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BatchImportFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { batchAsff, createSecurityHubSink, MAX_REQUEST_BYTES } from '../../../shared/adapters/securityhub.ts';
import { type DemoSinks, startDemoSinks } from '../../../shared/demo/sinks/index.ts';
import { type AsffFinding, toAsff } from '../../../shared/findings/asff.ts';
import { memoryLog } from '../../../shared/util/logger.ts';
import { fakeSleep, localSecurityHub } from '../../fixtures/delivery/clients.ts';
import { finding } from '../../fixtures/delivery/findings.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const docs = (n: number, over: Partial<Parameters<typeof finding>[0]> = {}): AsffFinding[] =>
  Array.from({ length: n }, (_, i) => toAsff(finding({ id: i.toString(16).padStart(32, '0'), ...over })));

describe('batchAsff', () => {
  it('splits at 100 findings and keeps order', () => {
    const b = batchAsff(docs(250));
    expect(b.map((x) => x.length)).toEqual([100, 100, 50]);
    expect(b.flat().map((d) => d.Id)).toEqual(docs(250).map((d) => d.Id));
  });

  it('splits at the 6 MB request limit', () => {
    // 99 documents of ~70 KB: under the count limit, over 6 MB in total
    const fat = docs(99).map((d) => ({ ...d, ProductFields: { ...d.ProductFields, pad: 'x'.repeat(70_000) } }));
    const batches = batchAsff(fat);
    expect(batches.map((b) => b.length)).toEqual([83, 16]);
    for (const b of batches) expect(Buffer.byteLength(JSON.stringify({ Findings: b }))).toBeLessThanOrEqual(MAX_REQUEST_BYTES);
  });
});

describe('createSecurityHubSink (aws-sdk-client-mock)', () => {
  // mock one instance only: the HTTP tests below use real clients
  const client = new SecurityHubClient({});
  const sh = mockClient(client);
  beforeEach(() => sh.reset());

  it('retries throttling with backoff, then imports', async () => {
    const throttle = Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException', $metadata: { httpStatusCode: 429 } });
    sh.on(BatchImportFindingsCommand)
      .rejectsOnce(throttle)
      .rejectsOnce(throttle)
      .resolves({ FailedCount: 0, SuccessCount: 3, FailedFindings: [] });
    const sleep = fakeSleep();
    const sink = createSecurityHubSink({ client, retry: { sleep, random: () => 0.5 }, log: memoryLog() });
    const out = await sink.importFindings(docs(3));
    expect(out.imported).toHaveLength(3);
    expect(out.failed).toEqual([]);
    expect(out.calls).toBe(3);
    expect(sleep.delays).toEqual([100, 200]);
  });

  it('re-sends only the retryable FailedFindings and returns permanent ones with the full document', async () => {
    const d = docs(3);
    sh.on(BatchImportFindingsCommand)
      .resolvesOnce({
        FailedCount: 2,
        SuccessCount: 1,
        FailedFindings: [
          { Id: d[1].Id, ErrorCode: 'InternalException', ErrorMessage: 'try again' },
          { Id: d[2].Id, ErrorCode: 'InvalidInput', ErrorMessage: 'bad' },
        ],
      })
      .resolves({ FailedCount: 0, SuccessCount: 1, FailedFindings: [] });
    const sink = createSecurityHubSink({ client, retry: { sleep: fakeSleep() }, log: memoryLog() });
    const out = await sink.importFindings(d);
    expect(out.imported.sort()).toEqual([d[0].Id, d[1].Id].sort());
    expect(out.failed).toHaveLength(1);
    expect(out.failed[0]).toMatchObject({ id: d[2].Id, errorCode: 'InvalidInput', doc: d[2] });
    const second = sh.commandCalls(BatchImportFindingsCommand)[1].args[0].input.Findings;
    expect(second?.map((f) => f.Id)).toEqual([d[1].Id]);
  });

  it('gives up after maxAttempts and returns everything still failing', async () => {
    sh.on(BatchImportFindingsCommand).rejects(
      Object.assign(new Error('x'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 429 } }),
    );
    const sink = createSecurityHubSink({ client, retry: { sleep: fakeSleep(), maxAttempts: 3 }, log: memoryLog() });
    const out = await sink.importFindings(docs(2));
    expect(out.failed.map((f) => f.attempts)).toEqual([3, 3]);
    expect(sh.commandCalls(BatchImportFindingsCommand)).toHaveLength(3);
  });

  it('does not retry a permanent error (Security Hub not enabled)', async () => {
    sh.on(BatchImportFindingsCommand).rejects(
      Object.assign(new Error('not subscribed'), { name: 'InvalidAccessException', $metadata: { httpStatusCode: 401 } }),
    );
    const sink = createSecurityHubSink({ client, retry: { sleep: fakeSleep() }, log: memoryLog() });
    const out = await sink.importFindings(docs(2));
    expect(out.failed.map((f) => f.errorCode)).toEqual(['InvalidAccessException (HTTP 401)', 'InvalidAccessException (HTTP 401)']);
    expect(sh.commandCalls(BatchImportFindingsCommand)).toHaveLength(1);
  });
});

describe('createSecurityHubSink across accounts', () => {
  it("imports each account's findings with that account's client", async () => {
    const own = new SecurityHubClient({});
    const member = new SecurityHubClient({});
    const ownMock = mockClient(own);
    const memberMock = mockClient(member);
    for (const m of [ownMock, memberMock])
      m.on(BatchImportFindingsCommand).callsFake((input) => ({ FailedCount: 0, SuccessCount: input.Findings.length, FailedFindings: [] }));
    const sink = createSecurityHubSink({
      client: own,
      clientFor: (account) => (account === '444455556666' ? member : undefined),
      retry: { sleep: fakeSleep() },
      log: memoryLog(),
    });
    const mine = docs(3);
    const theirs = docs(2, { accountId: '444455556666' }).map((d, i) => ({ ...d, Id: `${d.Id}-m${i}` }));
    const out = await sink.importFindings([mine[0], theirs[0], mine[1], theirs[1], mine[2]]);
    expect(out.imported).toHaveLength(5);
    expect(ownMock.commandCalls(BatchImportFindingsCommand)[0].args[0].input.Findings?.map((f) => f.AwsAccountId)).toEqual([
      '111122223333',
      '111122223333',
      '111122223333',
    ]);
    expect(memberMock.commandCalls(BatchImportFindingsCommand)[0].args[0].input.Findings?.map((f) => f.AwsAccountId)).toEqual([
      '444455556666',
      '444455556666',
    ]);
  });
});

describe('createSecurityHubSink over HTTP (local BatchImportFindings stand-in)', () => {
  let sinks: DemoSinks;
  let out: string;
  beforeEach(async () => {
    out = tempDir('sh');
    sinks = await startDemoSinks(out);
  });
  afterEach(() => sinks.close());

  it('imports 250 findings in 3 calls through the real SDK serializer and records them', async () => {
    const sink = createSecurityHubSink({
      client: localSecurityHub(sinks.securityHubEndpoint),
      retry: { sleep: fakeSleep() },
      log: memoryLog(),
    });
    const res = await sink.importFindings(docs(250));
    expect(res.imported).toHaveLength(250);
    expect(res.calls).toBe(3);
    expect(sinks.securityHubFindings.size).toBe(250);
    await sinks.flush();
    const file = JSON.parse(readFileSync(join(out, 'securityhub-batches.json'), 'utf8'));
    expect(file.map((b: { findings: unknown[] }) => b.findings.length)).toEqual([100, 100, 50]);
  });

  it('backs off on HTTP 429 and 500, retries FailedFindings, and reports permanent failures', async () => {
    const d = docs(3);
    sinks.failNext(
      'securityhub',
      { status: 429, headers: { 'x-amzn-errortype': 'TooManyRequestsException' }, body: '{"message":"Rate exceeded"}' },
      { status: 500, headers: { 'x-amzn-errortype': 'InternalException' }, body: '{"message":"oops"}' },
      { failFindings: { ids: [d[0].Id], errorCode: 'InternalException' } },
    );
    const sleep = fakeSleep();
    const sink = createSecurityHubSink({ client: localSecurityHub(sinks.securityHubEndpoint), retry: { sleep }, log: memoryLog() });
    const res = await sink.importFindings(d);
    expect(res.imported.sort()).toEqual(d.map((x) => x.Id).sort());
    expect(sleep.delays).toHaveLength(3);
    expect(sinks.requests.securityhub).toBe(4);

    // a document Security Hub rejects (account mismatch) is returned, not retried
    const foreign = docs(1, { accountId: '999999999999' });
    const res2 = await sink.importFindings(foreign);
    expect(res2.failed[0]).toMatchObject({ errorCode: 'AccessDeniedException' });
  });

  it('shows the UpdatedAt trap: a re-import with the same UpdatedAt is silently ignored', async () => {
    const sink = createSecurityHubSink({
      client: localSecurityHub(sinks.securityHubEndpoint),
      retry: { sleep: fakeSleep() },
      log: memoryLog(),
    });
    const [d] = docs(1);
    await sink.importFindings([d]);
    await sink.importFindings([{ ...d, Title: 'changed' }]);
    expect(sinks.securityHubFindings.get(d.Id)?.Title).toBe(d.Title);
    await sink.importFindings([{ ...d, Title: 'changed', UpdatedAt: '2026-11-25T10:00:00.001Z' }]);
    expect(sinks.securityHubFindings.get(d.Id)?.Title).toBe('changed');
  });
});
