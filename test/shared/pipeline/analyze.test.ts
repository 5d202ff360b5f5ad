import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import type { ContentDetector, DetectorMetadata, TrailDetector } from '../../../shared/detectors/types.ts';
import type { Detection, InvocationRecord, TrailEvent } from '../../../shared/domain/runtime.ts';
import { analyzeCloudWatchEvent, analyzeLocal, analyzeS3Object, type RuntimeDeps } from '../../../shared/pipeline/analyze.ts';
import { MemoryDeadLetter } from '../../../shared/runtime/deadletter.ts';
import { buildDetectorSet } from '../../../shared/runtime/detector-set.ts';
import { MemoryStore } from '../../../shared/store/memory.ts';
import { fixedClock } from '../../../shared/util/clock.ts';
import { memoryLog } from '../../../shared/util/logger.ts';
import {
  cloudWatchPayload,
  converseRequest,
  converseResponse,
  gz,
  invocation,
  jsonl,
  trailRecord,
} from '../../fixtures/runtime/records.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const meta = (id: string): DetectorMetadata => ({
  id,
  kind: 'content',
  title: `test ${id}`,
  severity: 'HIGH',
  description: 'd',
  mappings: { owasp: ['LLM02'] },
  types: ['Effects/Data Exposure'],
  remediation: 'r',
  rule: 'r',
});

function det(
  m: DetectorMetadata,
  base: Pick<Detection, 'identity' | 'modelId' | 'accountId' | 'region' | 'timestamp'>,
  ids: { requestId?: string; eventId?: string },
  excerpt: string,
): Detection {
  return {
    detector: m.id,
    severity: m.severity,
    title: m.title,
    description: m.description,
    ...base,
    ...ids,
    evidence: { excerpt },
    labels: ['t'],
    mappings: m.mappings,
    types: m.types,
    remediation: m.remediation,
  };
}

/** Test-local content detector: an AWS access key id in an output. */
const keyLeak: ContentDetector = {
  id: 'test.key',
  metadata: meta('test.key'),
  detect(r: InvocationRecord) {
    return r.outputs.some((o) => /AKIA[0-9A-Z]{16}/.test(o)) ? [det(this.metadata, r, { requestId: r.requestId }, 'AKIA************')] : [];
  },
};
const deletedGuardrail: TrailDetector = {
  id: 'test.guardrail-deleted',
  metadata: { ...meta('test.guardrail-deleted'), kind: 'trail' },
  detect(events: readonly TrailEvent[]) {
    return events
      .filter((e) => e.eventName === 'DeleteGuardrail')
      .map((e) =>
        det(
          this.metadata,
          { identity: e.identity, modelId: '', accountId: e.accountId, region: e.region, timestamp: e.eventTime },
          { eventId: e.eventId },
          'DeleteGuardrail',
        ),
      );
  },
};
const detectors = buildDetectorSet({ content: [keyLeak], trail: [deletedGuardrail] });

const SECRET_OUT = 'here: AKIAABCDEFGHIJKLMNOP done';
const ROLE_ID = 'arn:aws:sts::111122223333:assumed-role/AppRole/app-session';
function batch(prefix: string, n: number, leakEvery = 3, hour = '10') {
  return Array.from({ length: n }, (_, i) =>
    invocation({
      requestId: `${prefix}-${i}`,
      timestamp: `2026-11-20T${hour}:${String(i % 60).padStart(2, '0')}:00Z`,
      input: converseRequest(`question ${i}`),
      output: converseResponse(i % leakEvery === 0 ? SECRET_OUT : 'fine'),
    }),
  );
}

describe('analyzeLocal', () => {
  it('aggregates detections into one finding per detector x identity x model x window, with ids and redacted evidence', async () => {
    const dir = tempDir('an');
    const base = join(dir, 'AWSLogs/111122223333/BedrockModelInvocationLogs/us-east-1/2026/11/20/10');
    await mkdir(join(base, 'data'), { recursive: true });
    await writeFile(join(base, '20261120T101500000Z_aaaa.json.gz'), gz(jsonl(batch('a', 9))));
    await writeFile(join(base, '20261120T111500000Z_bbbb.json.gz'), gz(jsonl(batch('b', 4, 2, '11'))));
    await writeFile(join(dir, 'AWSLogs/111122223333/BedrockModelInvocationLogs/amazon-bedrock-logs-permission-check'), '');
    await writeFile(join(base, 'data', 'x_output.json.gz'), gz(JSON.stringify(converseResponse(SECRET_OUT))));
    await writeFile(
      join(dir, 'trail.json'),
      JSON.stringify({
        Records: [trailRecord({ eventName: 'DeleteGuardrail', eventId: 'del-1' }), trailRecord({ eventName: 'ListGuardrails' })],
      }),
    );
    const log = memoryLog();
    const dl = new MemoryDeadLetter();
    const res = await analyzeLocal({ inputs: [dir], detectors, clock: fixedClock('2026-11-21T00:00:00Z'), log, deadLetter: dl });
    expect(res.totals).toMatchObject({ files: 3, invocations: 13, trailEvents: 2, malformed: 0 });
    const byKey = res.findings.map((f) => [f.detector, f.windowStart, f.occurrences, f.requestIds ?? f.eventIds]).sort();
    expect(byKey).toEqual([
      ['test.guardrail-deleted', '2026-11-20T10:00:00.000Z', 1, ['del-1']],
      ['test.key', '2026-11-20T10:00:00.000Z', 3, ['a-0', 'a-3', 'a-6']],
      ['test.key', '2026-11-20T11:00:00.000Z', 2, ['b-0', 'b-2']],
    ]);
    const f = res.findings.find((x) => x.windowStart === '2026-11-20T10:00:00.000Z' && x.detector === 'test.key');
    expect(f).toMatchObject({
      source: 'runtime',
      status: 'NEW',
      ruleId: 'runtime/test.key',
      resourceId: 'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0',
      resourceType: 'bedrock.foundation-model',
      identity: 'arn:aws:sts::111122223333:assumed-role/AppRole/app-session',
      evidence: { count: 3, firstSeen: '2026-11-20T10:00:00.000Z', lastSeen: '2026-11-20T10:06:00.000Z', excerpts: ['AKIA************'] },
    });
    const trail = res.findings.find((x) => x.detector === 'test.guardrail-deleted');
    expect(trail).toMatchObject({ resourceId: 'arn:aws:iam::111122223333:role/AppRole', resourceType: 'iam.role' });
    expect(JSON.stringify(res.findings)).not.toContain('AKIAABCDEFGHIJKLMNOP');
  });

  it('the same file given twice (or a copy) is analyzed once', async () => {
    const dir = tempDir('an');
    const body = gz(jsonl(batch('d', 6)));
    await writeFile(join(dir, 'one.json.gz'), body);
    await writeFile(join(dir, 'copy.json.gz'), body);
    const res = await analyzeLocal({ inputs: [dir, join(dir, 'one.json.gz')], detectors });
    expect(res.totals).toMatchObject({ files: 1, duplicateSources: 1 });
    expect(res.findings.map((f) => f.occurrences)).toEqual([2]);
  });

  it('a record delivered in two different objects counts once (content detections, occurrences, operation counts)', async () => {
    const dir = tempDir('an');
    const first = batch('e', 6); // e-0 and e-3 leak a key
    const second = [first[3], ...batch('f', 2, 5)]; // e-3 again (a re-delivery inside another object), f-0 leaks
    await writeFile(join(dir, 'one.json.gz'), gz(jsonl(first)));
    await writeFile(join(dir, 'two.json.gz'), gz(jsonl(second)));
    const res = await analyzeLocal({ inputs: [dir], detectors });
    expect(res.totals).toMatchObject({ files: 2, invocations: 8, duplicateRecords: 1 });
    expect(Object.values(res.totals.byOperation).reduce((a, b) => a + b, 0)).toBe(8);
    expect(res.totals.detections).toBe(3);
    expect(res.findings.map((f) => [f.occurrences, f.requestIds])).toEqual([[3, ['e-0', 'e-3', 'f-0']]]);
  });

  it('malformed records are counted, logged without content and dead-lettered; missing paths are reported', async () => {
    const dir = tempDir('an');
    const secretish = '{"schemaType":"ModelInvocationLog","input":"TOPSECRET-PROMPT';
    await writeFile(join(dir, 'mixed.jsonl'), `${JSON.stringify(batch('m', 1)[0])}\n${secretish}\n${JSON.stringify(batch('n', 1)[0])}\n`);
    const log = memoryLog();
    const dl = new MemoryDeadLetter();
    const res = await analyzeLocal({ inputs: [dir, join(dir, 'nope.json')], detectors, log, deadLetter: dl });
    expect(res.missing).toEqual([join(dir, 'nope.json')]);
    expect(res.totals).toMatchObject({ invocations: 2, malformed: 1, malformedByReason: { 'invalid-json': 1 } });
    expect(dl.entries).toHaveLength(1);
    expect(dl.entries[0]).toMatchObject({
      ref: { uri: expect.stringMatching(/^file:\/\/.*mixed\.jsonl$/), line: 2 },
      reason: 'invalid-json',
    });
    expect(JSON.stringify(log.entries)).not.toContain('TOPSECRET');
    expect(JSON.stringify(dl.entries)).not.toContain('TOPSECRET');
  });
});

describe('analyzeS3Object (Lambda path)', () => {
  function deps(store = new MemoryStore()): RuntimeDeps & { dl: MemoryDeadLetter } {
    const dl = new MemoryDeadLetter();
    return { store, detectors, deadLetter: dl, dl, log: memoryLog(), clock: fixedClock('2026-11-21T00:00:00Z') };
  }
  const key = 'AWSLogs/111122223333/BedrockModelInvocationLogs/us-east-1/2026/11/20/10/20261120T101500000Z_abcd.json.gz';

  it('streams the object; re-delivery of the same object (same ETag) never double counts', async () => {
    const s3 = mockClient(S3Client);
    const body = gz(jsonl(batch('s', 6)));
    s3.on(GetObjectCommand).callsFake(() => ({ Body: Readable.from([body]), ETag: '"etag-1"' }));
    const d = deps();
    const access = { client: new S3Client({}), getObject: (i: { Bucket: string; Key: string }) => new GetObjectCommand(i) };
    const first = await analyzeS3Object(d, access, { bucket: 'logs', key });
    expect(first.status).toBe('processed');
    expect(first.changes.map((c) => [c.transition, c.finding.occurrences])).toEqual([['opened', 2]]);
    const again = await analyzeS3Object(d, access, { bucket: 'logs', key });
    expect(again.status).toBe('duplicate');
    const stored = await d.store.allFindings();
    expect(stored).toHaveLength(1);
    expect(stored[0].occurrences).toBe(2);
    // a new version of the object (new ETag) is new data
    s3.on(GetObjectCommand).callsFake(() => ({ Body: Readable.from([gz(jsonl(batch('t', 3)))]), ETag: '"etag-2"' }));
    const next = await analyzeS3Object(d, access, { bucket: 'logs', key });
    expect(next.changes.map((c) => [c.transition, c.finding.occurrences])).toEqual([['updated', 3]]);
    const merged = (await d.store.allFindings())[0];
    expect(merged.requestIds).toEqual(['s-0', 's-3', 't-0']);
    expect(merged.evidence).toMatchObject({ count: 3, firstSeen: '2026-11-20T10:00:00.000Z' });
    s3.restore();
  });

  it('a record re-delivered inside another object, analyzed by a later run, is not counted again', async () => {
    const s3 = mockClient(S3Client);
    const first = batch('u', 6); // u-0 and u-3 leak a key
    const objects: Record<string, Buffer> = {
      [key]: gz(jsonl(first)),
      [`${key}.b`]: gz(jsonl([first[3], ...batch('w', 2, 5)])), // u-3 again; w-0 leaks
      [`${key}.c`]: gz(jsonl([first[0], first[3]])), // nothing new at all
    };
    s3.on(GetObjectCommand).callsFake((i: { Key: string }) => ({ Body: Readable.from([objects[i.Key]]), ETag: `"${i.Key}"` }));
    const d = deps();
    const access = { client: new S3Client({}), getObject: (i: { Bucket: string; Key: string }) => new GetObjectCommand(i) };
    await analyzeS3Object(d, access, { bucket: 'logs', key });
    const second = await analyzeS3Object(d, access, { bucket: 'logs', key: `${key}.b` });
    expect(second.changes.map((c) => [c.transition, c.finding.occurrences])).toEqual([['updated', 3]]);
    const third = await analyzeS3Object(d, access, { bucket: 'logs', key: `${key}.c` });
    expect(third.status).toBe('processed');
    expect(third.changes).toEqual([]);
    const stored = await d.store.allFindings();
    expect(stored.map((f) => [f.occurrences, f.requestIds])).toEqual([[3, ['u-0', 'u-3', 'w-0']]]);
    s3.restore();
  });

  it('a read failure mid-object throws before the claim (SQS retries it); corrupt gzip is dead-lettered, not retried', async () => {
    const s3 = mockClient(S3Client);
    const good = gz(jsonl(batch('r', 6)));
    async function* broken() {
      yield good.subarray(0, 40);
      throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    }
    s3.on(GetObjectCommand)
      .callsFakeOnce(() => ({ Body: broken(), ETag: '"e1"' }))
      .callsFake(() => ({ Body: Readable.from([good]), ETag: '"e1"' }));
    const d = deps();
    const access = { client: new S3Client({}), getObject: (i: { Bucket: string; Key: string }) => new GetObjectCommand(i) };
    await expect(analyzeS3Object(d, access, { bucket: 'logs', key })).rejects.toThrow('socket hang up');
    expect(await d.store.allFindings()).toEqual([]);
    const retry = await analyzeS3Object(d, access, { bucket: 'logs', key });
    expect(retry.status).toBe('processed');
    expect((await d.store.allFindings())[0].occurrences).toBe(2);
    // corrupt gzip: analyzed as far as readable, the rest dead-lettered by reference, no retry
    s3.on(GetObjectCommand).callsFake(() => ({
      Body: Readable.from([Buffer.concat([good.subarray(0, good.length - 30), Buffer.alloc(30, 1)])]),
      ETag: '"e2"',
    }));
    const bad = await analyzeS3Object(d, access, { bucket: 'logs', key });
    expect(bad.status).toBe('processed');
    expect(d.dl.entries.at(-1)?.reason).toMatch(/^stream-error:Z_/);
    s3.restore();
  });

  it('stateful analyzers get their baselines first; a full buffer loads them early and nothing is dropped', async () => {
    const s3 = mockClient(S3Client);
    const many = jsonl(batch('st', 50));
    s3.on(GetObjectCommand).callsFake(() => ({
      Body: Readable.from([Buffer.from(many.slice(0, 9000)), Buffer.from(many.slice(9000))]),
      ETag: '"st"',
    }));
    const observed: string[] = [];
    const loaded: string[][] = [];
    const stateful = {
      keysFor: (r: InvocationRecord) => [`k#${r.identity}`],
      create: (baselines: { key: string }[]) => {
        loaded.push(baselines.map((b) => b.key));
        return [
          {
            observe: (r: InvocationRecord) => void observed.push(r.requestId),
            finish: () => [],
            state: () => [{ key: `k#${ROLE_ID}`, data: { n: observed.length }, updatedAt: 'x', version: 1 }],
          },
        ];
      },
    };
    const store = new MemoryStore();
    await store.putBaseline({ key: `k#${ROLE_ID}`, data: { n: 0 }, updatedAt: 'x' }, undefined);
    const d = { ...deps(store), detectors: { ...detectors, stateful }, statefulBufferCap: 5 };
    const res = await analyzeS3Object(d, { client: new S3Client({}), getObject: (i) => new GetObjectCommand(i) }, { bucket: 'logs', key });
    expect(loaded).toEqual([[`k#${ROLE_ID}`]]);
    expect(observed).toHaveLength(50);
    expect(res.totals?.statefulOverflow).toBeGreaterThan(0);
    expect((await store.getBaseline(`k#${ROLE_ID}`))?.data).toEqual({ n: 50 });
    s3.restore();
  });

  it('skips the permission-check marker and offloaded bodies without reading them', async () => {
    const d = deps();
    const access = { client: { send: async () => ({}) }, getObject: () => ({}) };
    expect(
      (await analyzeS3Object(d, access, { bucket: 'b', key: 'AWSLogs/1/BedrockModelInvocationLogs/amazon-bedrock-logs-permission-check' }))
        .status,
    ).toBe('not-a-log');
    expect(
      (
        await analyzeS3Object(d, access, {
          bucket: 'b',
          key: 'AWSLogs/1/BedrockModelInvocationLogs/us-east-1/2026/11/20/10/data/x_input.json.gz',
        })
      ).status,
    ).toBe('not-a-log');
  });

  it('resolves offloaded bodies with S3 GetObject', async () => {
    const s3 = mockClient(S3Client);
    const rec = invocation({
      requestId: 'off-1',
      input: converseRequest('q'),
      outputExtra: { outputBodyS3Path: `s3://logs/${key.replace(/[^/]+$/, 'data/u_output.json.gz')}` },
    });
    s3.on(GetObjectCommand, { Key: key }).callsFake(() => ({ Body: Readable.from([gz(jsonl([rec]))]), ETag: '"e"' }));
    s3.on(GetObjectCommand, { Key: key.replace(/[^/]+$/, 'data/u_output.json.gz') }).callsFake(() => ({
      Body: Readable.from([gz(JSON.stringify(converseResponse(SECRET_OUT)))]),
    }));
    const d = deps();
    const res = await analyzeS3Object(d, { client: new S3Client({}), getObject: (i) => new GetObjectCommand(i) }, { bucket: 'logs', key });
    expect(res.changes.map((c) => c.finding.requestIds)).toEqual([['off-1']]);
    s3.restore();
  });
});

describe('analyzeCloudWatchEvent', () => {
  it('analyzes a subscription delivery once, ignores control messages', async () => {
    const store = new MemoryStore();
    const d: RuntimeDeps = {
      store,
      detectors,
      deadLetter: new MemoryDeadLetter(),
      log: memoryLog(),
      clock: fixedClock('2026-11-21T00:00:00Z'),
    };
    const ev = cloudWatchPayload(batch('c', 3).map((r) => JSON.stringify(r)));
    const r1 = await analyzeCloudWatchEvent(d, ev);
    expect(r1.changes.map((c) => c.finding.requestIds)).toEqual([['c-0']]);
    expect((await analyzeCloudWatchEvent(d, ev)).status).toBe('duplicate');
    expect((await analyzeCloudWatchEvent(d, cloudWatchPayload([], { messageType: 'CONTROL_MESSAGE' }))).status).toBe('not-a-log');
    expect((await store.allFindings())[0].occurrences).toBe(1);
  });

  it('resolves bodies the CloudWatch destination offloaded to S3', async () => {
    const s3 = mockClient(S3Client);
    s3.on(GetObjectCommand).callsFake(() => ({ Body: Readable.from([gz(JSON.stringify(converseResponse(SECRET_OUT)))]) }));
    const d: RuntimeDeps = {
      store: new MemoryStore(),
      detectors,
      deadLetter: new MemoryDeadLetter(),
      log: memoryLog(),
      clock: fixedClock('2026-11-21T00:00:00Z'),
    };
    const rec = invocation({
      requestId: 'cw-off',
      input: converseRequest('q'),
      outputExtra: {
        outputBodyS3Path: 's3://large/AWSLogs/111122223333/BedrockModelInvocationLogs/us-east-1/2026/11/20/10/data/x_output.json.gz',
      },
    });
    const res = await analyzeCloudWatchEvent(d, cloudWatchPayload([JSON.stringify(rec)], { logStream: 'off' }), {
      s3: { client: new S3Client({}), getObject: (i) => new GetObjectCommand(i) },
    });
    expect(res.changes.map((c) => c.finding.requestIds)).toEqual([['cw-off']]);
    s3.restore();
  });
});
