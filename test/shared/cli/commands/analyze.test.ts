import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { run } from '../../../../shared/cli/commands/analyze.ts';
import { converseRequest, converseResponse, gz, invocation, jsonl, trailRecord } from '../../../fixtures/runtime/records.ts';
import { tempDir } from '../../../helpers/temp-dir.ts';

function io() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  return { io: { stdin: new PassThrough(), stdout, stderr }, out: () => out, err: () => err };
}

const guardrailBlocked = (id: string) =>
  invocation({
    requestId: id,
    input: converseRequest('tell me something bad'),
    output: converseResponse('Sorry, the model cannot answer this question.', 'guardrail_intervened'),
  });

describe('aispm analyze', () => {
  it('prints a JSON array of runtime findings with the contract fields; bad records do not fail the run', async () => {
    const dir = tempDir('cli');
    await writeFile(join(dir, 'a.json.gz'), gz(`${jsonl([guardrailBlocked('g1'), guardrailBlocked('g2')])}not json\n`));
    await writeFile(
      join(dir, 'ct.jsonl'),
      jsonl([
        trailRecord({ eventName: 'ListFoundationModels', region: 'zz-unknown-1' }),
        { eventSource: 'bedrock.amazonaws.com', eventName: 'DeleteGuardrail' },
      ]),
    );
    const dl = join(dir, 'dead.jsonl');
    const t = io();
    const code = await run([dir, '--dead-letter', dl], t.io);
    expect(code).toBe(0);
    const findings = JSON.parse(t.out());
    expect(Array.isArray(findings)).toBe(true);
    const g = findings.find((f: { detector: string }) => f.detector === 'guardrail-intervened');
    for (const k of [
      'id',
      'detector',
      'ruleId',
      'severity',
      'title',
      'identity',
      'modelId',
      'accountId',
      'region',
      'windowStart',
      'occurrences',
      'firstSeen',
      'lastSeen',
      'requestIds',
      'evidence',
      'mappings',
    ]) {
      expect(g, k).toHaveProperty(k);
    }
    expect(g.requestIds).toEqual(['g1', 'g2']);
    expect(g.occurrences).toBe(2);
    const summary = JSON.parse(t.err().trim().split('\n').at(-1) ?? '{}');
    expect(summary).toMatchObject({ files: 2, invocations: 2, trailEvents: 2, malformed: 1 });
    const dead = (await readFile(dl, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(dead).toEqual([
      { ref: { uri: expect.stringMatching(/a\.json\.gz$/), line: 3 }, reason: 'invalid-json', at: expect.any(String) },
    ]);
  });

  it('reads stdin with "-" (gzipped or not)', async () => {
    const t = io();
    t.io.stdin.end(gz(jsonl([guardrailBlocked('s1')])));
    expect(await run(['-'], t.io)).toBe(0);
    expect(JSON.parse(t.out()).map((f: { requestIds: string[] }) => f.requestIds)).toEqual([['s1']]);
  });

  it('table format, usage errors and missing inputs', async () => {
    const dir = tempDir('cli');
    await writeFile(join(dir, 'a.jsonl'), jsonl([guardrailBlocked('t1')]));
    const t = io();
    expect(await run([join(dir, 'a.jsonl'), '--format', 'table'], t.io)).toBe(0);
    expect(t.out()).toMatch(/^SEVERITY\s+DETECTOR/);
    expect(t.out()).toContain('guardrail-intervened');
    await expect(run([], io().io)).rejects.toThrow(/usage/);
    await expect(run(['x', '--format', 'xml'], io().io)).rejects.toThrow(/--format/);
    const m = io();
    expect(await run([join(dir, 'missing.json')], m.io)).toBe(1);
    expect(m.err()).toContain('no such file');
    expect(JSON.parse(m.out())).toEqual([]);
  });

  it('table cells carry no terminal controls from log records (C0, C1 CSI, bidi overrides)', async () => {
    const dir = tempDir('cli');
    const evil = (id: string, identity: string) =>
      invocation({
        requestId: id,
        identity,
        modelId: 'm\u009b2J\u202eevil',
        input: converseRequest('x'),
        output: converseResponse('No.', 'guardrail_intervened'),
      });
    await writeFile(join(dir, 'a.jsonl'), jsonl([evil('c1', 'arn:aws:iam::111122223333:user/\u001b[2J\u009b31m\u202etoor\u2066')]));
    const t = io();
    expect(await run([join(dir, 'a.jsonl'), '--format', 'table'], t.io)).toBe(0);
    expect(t.out()).toContain('guardrail-intervened');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting that control characters are absent is the point
    expect(t.out()).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
  });

  it('hostile and incomplete CloudTrail values never crash the run', async () => {
    const dir = tempDir('cli');
    const base = trailRecord({ eventName: 'DeleteGuardrail', eventId: 'ok-1' });
    const weird: unknown[] = [
      { ...base, eventID: 'w1', awsRegion: 'xx-anonymized-0', eventTime: 1763633700 },
      { ...base, eventID: 'w2', userIdentity: null, sourceIPAddress: 42, userAgent: { a: 1 } },
      { ...base, eventID: 'w3', userIdentity: { type: 'AWSService', invokedBy: 'bedrock.amazonaws.com' }, readOnly: 'false' },
      { ...base, eventID: 'w4', requestParameters: 'HIDDEN_DUE_TO_SECURITY_REASONS', responseElements: [1, 2], errorCode: 'AccessDenied' },
      { ...base, eventID: 'w5', eventTime: 'not a time', recipientAccountId: null, awsRegion: null },
      { eventSource: 'bedrock.amazonaws.com', eventName: 'ListFoundationModels' },
      { eventSource: 'bedrock.amazonaws.com', eventName: null, eventID: 'w7' },
      { Records: [base, null, 5, { eventSource: 'aws:s3', eventName: 'ObjectCreated:Put' }] },
      { 'detail-type': 'AWS API Call via CloudTrail', detail: { ...base, eventID: 'w8' } },
      { 'detail-type': 'AWS API Call via CloudTrail', detail: 'x' },
    ];
    await writeFile(join(dir, 'ct.jsonl'), jsonl(weird));
    await writeFile(join(dir, 'ct2.json.gz'), gz(JSON.stringify({ Records: [{ ...base, eventID: 'g1', awsRegion: '' }] })));
    const t = io();
    expect(await run([dir], t.io)).toBe(0);
    const findings = JSON.parse(t.out());
    const ids = findings.flatMap((f: { eventIds?: string[] }) => f.eventIds ?? []);
    for (const id of ['w1', 'w2', 'w3', 'w8', 'g1']) expect(ids).toContain(id);
    const summary = JSON.parse(t.err().trim().split('\n').at(-1) ?? '{}');
    expect(summary.trailEvents).toBeGreaterThanOrEqual(9);
    expect(summary.detectorErrors).toEqual({});
  });
});
