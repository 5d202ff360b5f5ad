import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoStore } from '../../../shared/store/dynamo.ts';
import { type LocalDynamo, startLocalDynamo } from '../../../shared/store/local-dynamo.ts';
import { ACCOUNT, reportState } from '../../fixtures/report/state.ts';

/**
 * The report function as Lambda runs it: bundled by esbuild as an ESM file with the settings of
 * infra/constructs/function.ts (module main fields, XML plug-ins external, `require` banner, no `__dirname`), then
 * invoked against DynamoDB (dynalite) and an HTTP endpoint standing in for S3, so the SDK's real request
 * serialization (SSE-KMS, object-lock and checksum headers) is what is checked.
 */
describe('report function bundle', () => {
  let dir: string;
  let ddb: LocalDynamo;
  let s3: Server;
  const puts: { path: string; headers: IncomingHttpHeaders; sha256: string }[] = [];
  const saved = { ...process.env };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'aispm-report-bundle-'));
    await build({
      entryPoints: [join(import.meta.dirname, '../../../functions/report/handler.ts')],
      bundle: true,
      platform: 'node',
      target: 'node22',
      format: 'esm',
      mainFields: ['module', 'main'],
      external: ['libxmljs2', 'xmlbuilder2'],
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
      outfile: join(dir, 'index.mjs'),
      logLevel: 'error',
    });
    ddb = await startLocalDynamo('aispm-report-bundle');
    const store = new DynamoStore({ tableName: ddb.tableName, client: ddb.client });
    const s = reportState();
    for (const a of s.assets) await store.putAsset(a);
    for (const f of s.findings) await store.putFinding(f, undefined);
    s3 = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        puts.push({
          path: req.url ?? '',
          headers: req.headers,
          sha256: createHash('sha256').update(Buffer.concat(chunks)).digest('base64'),
        });
        res.writeHead(200, { etag: '"0"' });
        res.end();
      });
    });
    await new Promise<void>((r) => s3.listen(0, '127.0.0.1', r));
    Object.assign(process.env, {
      TABLE_NAME: ddb.tableName,
      REPORT_BUCKET: 'reports',
      AWS_ENDPOINT_URL_DYNAMODB: ddb.endpoint,
      AWS_ENDPOINT_URL_S3: `http://127.0.0.1:${(s3.address() as AddressInfo).port}`,
      AWS_S3_FORCE_PATH_STYLE: 'true',
      REPORT_KMS_KEY_ARN: 'arn:aws:kms:us-east-1:111122223333:key/k1',
      REPORT_RETENTION_DAYS: '30',
      POWERTOOLS_METRICS_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: 'ERROR',
    });
  });

  afterAll(async () => {
    process.env = saved;
    await ddb?.close();
    await new Promise((r) => s3?.close(r));
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('loads without __dirname and writes every artifact with SSE-KMS, object lock and a matching SHA-256', async () => {
    const { handler } = (await import(pathToFileURL(join(dir, 'index.mjs')).href)) as {
      handler: (e: unknown, c: unknown) => Promise<{ prefix: string; keys: string[] }>;
    };
    const out = await handler(
      { 'detail-type': 'AI-SPM Scan Completed', source: 'aispm', detail: { accountId: ACCOUNT, scanId: 'bundle-1' } },
      { functionName: 'report', awsRequestId: 'r1', getRemainingTimeInMillis: () => 60_000 },
    );
    expect(out.keys).toHaveLength(10);
    expect(puts.map((p) => p.path.split('?')[0]).sort()).toEqual(out.keys.map((k) => `/reports/${k}`).sort());
    for (const p of puts) {
      expect(p.headers['x-amz-server-side-encryption']).toBe('aws:kms');
      expect(p.headers['x-amz-server-side-encryption-aws-kms-key-id']).toBe('arn:aws:kms:us-east-1:111122223333:key/k1');
      expect(p.headers['x-amz-object-lock-mode']).toBe('COMPLIANCE');
      expect(Date.parse(String(p.headers['x-amz-object-lock-retain-until-date']))).toBeGreaterThan(Date.now() + 29 * 86_400_000);
      expect(p.headers['x-amz-checksum-sha256']).toBe(p.sha256);
    }
  });
});
