import { describe, expect, it } from 'vitest';
import type { InvocationRecord, RecordRef, TrailEvent } from '../../../shared/domain/runtime.ts';
import { LineSplitter } from '../../../shared/runtime/lines.ts';
import { dispatchParsed, type ReadOptions, readLogStream } from '../../../shared/runtime/reader.ts';
import {
  chunks,
  cloudWatchPayload,
  converseRequest,
  converseResponse,
  gz,
  invocation,
  jsonl,
  trailRecord,
} from '../../fixtures/runtime/records.ts';

function collector() {
  const c = {
    inv: [] as InvocationRecord[],
    trail: [] as TrailEvent[],
    bad: [] as { ref: RecordRef; reason: string }[],
    skipped: [] as string[],
    defaulted: [] as string[],
  };
  return {
    ...c,
    handler: {
      invocation: (r: InvocationRecord) => void c.inv.push(r),
      trail: (e: TrailEvent) => void c.trail.push(e),
      malformed: (ref: RecordRef, reason: string) => void c.bad.push({ ref, reason }),
      skipped: (r: string) => void c.skipped.push(r),
      defaulted: (_: RecordRef, f: string[]) => void c.defaulted.push(...f),
    },
  };
}

async function read(data: Buffer | string, opts: Partial<ReadOptions> = {}, chunkSize = 13) {
  const c = collector();
  const stats = await readLogStream(chunks(data, chunkSize), { uri: 'file:///t/x.json.gz', ...opts }, c.handler);
  return { ...c, stats };
}

describe('LineSplitter', () => {
  it('splits across chunks, strips CR, keeps multibyte characters, caps long lines', () => {
    const s = new LineSplitter(10);
    const out = [
      ...s.push(Buffer.from('ab\r\nc')),
      ...s.push(Buffer.from('d\n€é\n')),
      ...s.push(Buffer.from('0123456789ABC\nok')),
      ...s.end(),
    ];
    expect(out).toEqual(['ab', 'cd', '€é', null, 'ok']);
  });
});

describe('readLogStream', () => {
  it('reads gzipped Bedrock JSON lines in tiny chunks; a bad line is dead-lettered by reference and the rest goes on', async () => {
    const a = invocation({ requestId: 'r-a', input: converseRequest('hi'), output: converseResponse('hello') });
    const b = invocation({ requestId: 'r-b', input: converseRequest('second'), output: converseResponse('x') });
    const text = `${JSON.stringify(a)}\n{"schemaType": "ModelInvocationLog", "requestId": "trunc\n\n${JSON.stringify(b)}\n[1,2]\n"str"\n`;
    const r = await read(gz(text));
    expect(r.inv.map((x) => x.requestId)).toEqual(['r-a', 'r-b']);
    expect(r.inv[0]).toMatchObject({
      userTurns: ['hi'],
      outputs: ['hello'],
      identity: expect.stringContaining('assumed-role'),
      inputTokens: 12,
      outputTokens: 34,
    });
    expect(r.bad).toEqual([
      { ref: { uri: 'file:///t/x.json.gz', line: 2 }, reason: 'invalid-json' },
      { ref: { uri: 'file:///t/x.json.gz', line: 5, eventId: '[0]' }, reason: 'not-an-object' },
      { ref: { uri: 'file:///t/x.json.gz', line: 5, eventId: '[1]' }, reason: 'not-an-object' },
      { ref: { uri: 'file:///t/x.json.gz', line: 6 }, reason: 'not-an-object' },
    ]);
    expect(JSON.stringify(r.bad)).not.toContain('trunc');
    expect(r.stats).toMatchObject({ lines: 6, records: 2, malformed: 4 });
  });

  it('reads concatenated gzip members (multi-member objects)', async () => {
    const a = jsonl([invocation({ requestId: 'm1' })]);
    const b = jsonl([invocation({ requestId: 'm2' })]);
    const r = await read(Buffer.concat([gz(a), gz(b)]), {}, 5);
    expect(r.inv.map((x) => x.requestId)).toEqual(['m1', 'm2']);
  });

  it('a corrupt gzip stream keeps what was read and dead-letters the remainder', async () => {
    const full = gz(
      jsonl(Array.from({ length: 200 }, (_, i) => invocation({ requestId: `c${i}`, input: converseRequest(`q${i} ${'x'.repeat(200)}`) }))),
    );
    const broken = Buffer.concat([full.subarray(0, Math.floor(full.length / 2)), Buffer.alloc(64, 7)]);
    const r = await read(broken, {}, 1024);
    expect(r.inv.length).toBeGreaterThan(0);
    expect(r.inv.length).toBeLessThan(200);
    expect(r.bad.at(-1)?.reason).toMatch(/^stream-error:/);
  });

  it('a line over the cap is dead-lettered and does not stop the file', async () => {
    const big = invocation({ requestId: 'big', input: converseRequest('y'.repeat(5000)) });
    const r = await read(jsonl([invocation({ requestId: 'before' }), big, invocation({ requestId: 'after' })]), { maxLineBytes: 2000 });
    expect(r.inv.map((x) => x.requestId)).toEqual(['before', 'after']);
    expect(r.bad).toEqual([{ ref: { uri: 'file:///t/x.json.gz', line: 2 }, reason: 'line-too-long' }]);
  });

  it('CloudTrail: S3 files {"Records": [...]}, JSON lines, EventBridge envelopes, pretty-printed files', async () => {
    const rec1 = trailRecord({ eventName: 'ListFoundationModels', eventId: 'e1' });
    const rec2 = trailRecord({ eventName: 'DeleteGuardrail', eventId: 'e2', region: 'xx-anon-9' });
    const file = await read(gz(JSON.stringify({ Records: [rec1, rec2] })));
    expect(file.trail.map((e) => [e.eventId, e.eventName, e.region])).toEqual([
      ['e1', 'ListFoundationModels', 'us-east-1'],
      ['e2', 'DeleteGuardrail', 'xx-anon-9'],
    ]);
    expect(file.trail[0]).toMatchObject({
      identity: rec1.userIdentity.arn,
      identityType: 'AssumedRole',
      accountId: '111122223333',
      readOnly: true,
      sourceIp: '198.51.100.7',
    });
    const lines = await read(
      jsonl([
        rec1,
        {
          'detail-type': 'AWS API Call via CloudTrail',
          source: 'aws.bedrock',
          account: '1',
          region: 'us-west-2',
          time: '2026-11-20T10:00:00Z',
          id: 'env',
          detail: rec2,
        },
      ]),
    );
    expect(lines.trail.map((e) => e.eventId)).toEqual(['e1', 'e2']);
    const pretty = await read(JSON.stringify({ Records: [rec1, rec2] }, null, 2));
    expect(pretty.trail.map((e) => e.eventId)).toEqual(['e1', 'e2']);
    expect(pretty.bad).toEqual([]);
  });

  it('CloudTrail records with missing fields, unparseable times and error codes are analyzed as far as possible', async () => {
    const r = await read(
      jsonl([
        {
          eventSource: 'bedrock.amazonaws.com',
          eventName: 'InvokeModel',
          eventTime: 'garbage',
          errorCode: 'AccessDenied',
          userIdentity: { type: 'Root', principalId: '1234' },
        },
        { eventSource: 'x', eventName: 'y', userIdentity: null },
      ]),
    );
    expect(r.bad).toEqual([]);
    expect(r.trail).toHaveLength(2);
    expect(r.trail[0]).toMatchObject({
      errorCode: 'AccessDenied',
      identity: 'Root:1234',
      eventTime: '1970-01-01T00:00:00.000Z',
      region: 'unknown',
    });
    expect(r.trail[0].eventId).toBe('file:///t/x.json.gz#1');
    expect(r.defaulted).toContain('eventTime');
  });

  it('CloudWatch Logs: subscription payloads (control messages ignored), exports with timestamp prefixes, get-log-events output', async () => {
    const rec = invocation({ requestId: 'cw1', input: converseRequest('q') });
    const sub = await read(
      jsonl([cloudWatchPayload([JSON.stringify(rec), '{bad']), cloudWatchPayload([], { messageType: 'CONTROL_MESSAGE' })]),
    );
    expect(sub.inv.map((x) => [x.requestId, x.source.uri, x.source.eventId])).toEqual([
      ['cw1', 'cwl:///aws/bedrock/modelinvocations/aws/bedrock/modelinvocations', '30000000000'],
    ]);
    expect(sub.bad).toEqual([
      { ref: { uri: 'cwl:///aws/bedrock/modelinvocations/aws/bedrock/modelinvocations', eventId: '30000000001' }, reason: 'invalid-json' },
    ]);
    expect(sub.skipped).toEqual(['cloudwatch-control-message']);
    const exp = await read(gz(`2026-11-20T10:15:00.123Z ${JSON.stringify(rec)}\n`));
    expect(exp.inv.map((x) => x.requestId)).toEqual(['cw1']);
    const gle = await read(
      JSON.stringify({ events: [{ timestamp: 1, message: JSON.stringify(rec), ingestionTime: 2 }], nextForwardToken: 'f' }),
    );
    expect(gle.inv.map((x) => x.requestId)).toEqual(['cw1']);
  });

  it('SageMaker data capture with JSON, CSV and BASE64 encodings', async () => {
    const line = (enc: string, input: string, output: string, ct = 'application/json') => ({
      captureData: {
        endpointInput: { observedContentType: ct, mode: 'INPUT', data: input, encoding: enc },
        endpointOutput: { observedContentType: ct, mode: 'OUTPUT', data: output, encoding: enc },
      },
      eventMetadata: { eventId: `ev-${enc}`, inferenceTime: '2026-11-20T10:00:00Z' },
      eventVersion: '0',
    });
    const b64 = (s: string) => Buffer.from(s).toString('base64');
    const r = await read(
      jsonl([
        line('JSON', JSON.stringify({ inputs: 'json prompt', parameters: {} }), JSON.stringify([{ generated_text: 'json out' }])),
        line('CSV', '1,2,3', '0.9', 'text/csv'),
        line(
          'BASE64',
          b64(JSON.stringify({ messages: [{ role: 'user', content: 'b64 prompt' }] })),
          b64(JSON.stringify({ choices: [{ message: { content: 'b64 out' } }] })),
        ),
      ]),
      { uri: 's3://cap/prefix/my-endpoint/AllTraffic/2026/11/20/10/file.jsonl', accountId: '111122223333', region: 'eu-west-1' },
    );
    expect(r.bad).toEqual([]);
    expect(r.inv.map((x) => [x.requestId, x.modelId, x.userTurns, x.outputs, x.operation, x.region])).toEqual([
      ['ev-JSON', 'sagemaker-endpoint/my-endpoint', ['json prompt'], ['json out'], 'sagemaker:InvokeEndpoint', 'eu-west-1'],
      ['ev-CSV', 'sagemaker-endpoint/my-endpoint', ['1,2,3'], ['0.9'], 'sagemaker:InvokeEndpoint', 'eu-west-1'],
      ['ev-BASE64', 'sagemaker-endpoint/my-endpoint', ['b64 prompt'], ['b64 out'], 'sagemaker:InvokeEndpoint', 'eu-west-1'],
    ]);
  });

  it('resolves offloaded bodies through the resolver, and records the gap when it cannot', async () => {
    const rec = invocation({
      requestId: 'off',
      inputExtra: {
        inputBodyS3Path: 's3://logs/AWSLogs/111122223333/BedrockModelInvocationLogs/us-east-1/2026/11/20/10/data/a_input.json.gz',
      },
      outputExtra: {
        outputBodyS3Path: 's3://logs/AWSLogs/111122223333/BedrockModelInvocationLogs/us-east-1/2026/11/20/10/data/a_output.json.gz',
      },
    });
    const asked: string[] = [];
    const resolver = {
      async resolve(uri: string) {
        asked.push(uri);
        return uri.endsWith('_input.json.gz') ? converseRequest('big offloaded prompt') : undefined;
      },
    };
    const r = await read(jsonl([rec, invocation({ requestId: 'after' })]), { resolver });
    expect(asked).toHaveLength(2);
    expect(r.inv.map((x) => x.requestId)).toEqual(['off', 'after']);
    expect(r.inv[0].userTurns).toEqual(['big offloaded prompt']);
    expect(r.defaulted).toEqual(['outputBody']);
  });

  it('error records and records with non-ISO timestamps; missing timestamps fall back to the hour in the S3 key', async () => {
    const err = invocation({ requestId: 'e', extra: { errorCode: 'ThrottlingException' } });
    delete err.input;
    delete err.output;
    const odd = invocation({ requestId: 'o', timestamp: '2025-05-15 14:17:22.000000000' });
    const none = invocation({ requestId: 'n' });
    delete none.timestamp;
    const r = await read(jsonl([err, odd, none]), { uri: 's3://b/AWSLogs/1/BedrockModelInvocationLogs/us-east-1/2026/11/20/07/x.json.gz' });
    expect(r.inv.map((x) => [x.requestId, x.errorCode, x.timestamp])).toEqual([
      ['e', 'ThrottlingException', '2026-11-20T10:15:00.000Z'],
      ['o', undefined, '2025-05-15T14:17:22.000Z'],
      ['n', undefined, '2026-11-20T07:00:00.000Z'],
    ]);
  });

  it('unwraps SIEM fixture wrappers and shipper message envelopes; unknown objects are dead-lettered', async () => {
    const rec = invocation({ requestId: 'w' });
    const r = await read(
      jsonl([
        { rule_id: 'X', log: rec },
        { message: JSON.stringify(trailRecord({ eventName: 'GetFoundationModel', eventId: 'we' })) },
        { hello: 'world' },
      ]),
    );
    expect(r.inv.map((x) => x.requestId)).toEqual(['w']);
    expect(r.trail.map((x) => x.eventId)).toEqual(['we']);
    expect(r.bad).toEqual([{ ref: { uri: 'file:///t/x.json.gz', line: 3 }, reason: 'unrecognized-format' }]);
  });

  it('dispatchParsed handles an already-parsed Lambda event', async () => {
    const c = collector();
    const s = await dispatchParsed(cloudWatchPayload([JSON.stringify(invocation({ requestId: 'lp' }))]), { uri: 'lambda' }, c.handler);
    expect(c.inv.map((x) => x.requestId)).toEqual(['lp']);
    expect(s.records).toBe(1);
  });
});

describe('CloudTrail attribution', () => {
  const sink = () => {
    const trail: TrailEvent[] = [];
    return { trail, h: { invocation() {}, trail: (e: TrailEvent) => trail.push(e), malformed() {} } };
  };
  const envelope = (detail: Record<string, unknown>) => ({
    'detail-type': 'AWS API Call via CloudTrail',
    source: 'aws.bedrock',
    account: '444455556666',
    region: 'eu-west-1',
    detail: {
      eventSource: 'bedrock.amazonaws.com',
      eventName: 'DeleteGuardrail',
      eventTime: '2026-11-20T10:00:00Z',
      eventID: 'e1',
      userIdentity: { type: 'AssumedRole', arn: 'arn:aws:sts::999988887777:assumed-role/R/s', accountId: '999988887777' },
      ...detail,
    },
  });

  it("a record is the account's it was made in: recipientAccountId, else the envelope's account, not the caller's", async () => {
    const a = sink();
    await dispatchParsed(envelope({ recipientAccountId: '444455556666', awsRegion: 'eu-west-1' }), { uri: 'x' }, a.h as never);
    const b = sink();
    await dispatchParsed(envelope({}), { uri: 'x' }, b.h as never);
    for (const e of [...a.trail, ...b.trail]) {
      expect(e.accountId).toBe('444455556666');
      expect(e.region).toBe('eu-west-1');
      expect(e.identity).toBe('arn:aws:sts::999988887777:assumed-role/R/s');
    }
    expect(a.trail).toHaveLength(1);
    expect(b.trail).toHaveLength(1);
    // a bare record (no envelope, no recipientAccountId): the caller's account is all there is
    const c = sink();
    await dispatchParsed(envelope({}).detail, { uri: 'x' }, c.h as never);
    expect(c.trail[0].accountId).toBe('999988887777');
  });
});
