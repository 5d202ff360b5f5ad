import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoStore } from '../../../shared/store/dynamo.ts';
import { type LocalDynamo, startLocalDynamo } from '../../../shared/store/local-dynamo.ts';
import { ACCOUNT, reportState } from '../../fixtures/report/state.ts';

/**
 * The deployed report function end to end: DynamoDB over real HTTP (dynalite), S3 and Secrets Manager mocked, the
 * Slack webhook a local HTTP server.
 */
describe('report Lambda handler', () => {
  let ddb: LocalDynamo;
  let slack: Server;
  const posts: string[] = [];
  const s3 = mockClient(S3Client);
  const sm = mockClient(SecretsManagerClient);

  beforeAll(async () => {
    ddb = await startLocalDynamo('aispm-report-fn');
    const store = new DynamoStore({ tableName: ddb.tableName, client: ddb.client });
    const s = reportState();
    for (const a of s.assets) await store.putAsset(a);
    for (const f of s.findings) await store.putFinding(f, undefined);
    for (const r of s.scanRuns) await store.putScanRun(r);
    slack = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        posts.push(body);
        res.end('ok');
      });
    });
    await new Promise<void>((r) => slack.listen(0, '127.0.0.1', r));
    s3.on(PutObjectCommand).resolves({});
    sm.on(GetSecretValueCommand).resolves({
      SecretString: JSON.stringify({ url: `http://127.0.0.1:${(slack.address() as AddressInfo).port}/hook` }),
    });
    Object.assign(process.env, {
      TABLE_NAME: ddb.tableName,
      AWS_ENDPOINT_URL_DYNAMODB: ddb.endpoint,
      REPORT_BUCKET: 'reports-bucket',
      REPORT_KMS_KEY_ARN: 'arn:aws:kms:us-east-1:111122223333:key/k1',
      REPORT_RETENTION_DAYS: '365',
      REPORT_LINK_EXPIRY_SECONDS: '900',
      SLACK_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:slack',
      POWERTOOLS_METRICS_DISABLED: 'true',
      POWERTOOLS_TRACE_ENABLED: 'false',
      POWERTOOLS_LOG_LEVEL: 'ERROR',
    });
  });

  afterAll(async () => {
    await ddb?.close();
    await new Promise((r) => slack?.close(r));
    s3.restore();
    sm.restore();
    for (const k of [
      'TABLE_NAME',
      'AWS_ENDPOINT_URL_DYNAMODB',
      'REPORT_BUCKET',
      'REPORT_KMS_KEY_ARN',
      'REPORT_RETENTION_DAYS',
      'REPORT_LINK_EXPIRY_SECONDS',
      'SLACK_SECRET_ARN',
    ])
      delete process.env[k];
  });

  it('on Scan Completed: stores every artifact (SSE-KMS, retention) and posts a presigned link to Slack', async () => {
    const { handler } = await import('../../../functions/report/handler.ts');
    const context = {
      functionName: 'report',
      awsRequestId: 'req-1',
      invokedFunctionArn: 'arn:aws:lambda:us-east-1:111122223333:function:report',
      getRemainingTimeInMillis: () => 60_000,
    };
    const out = (await handler(
      { 'detail-type': 'AI-SPM Scan Completed', source: 'aispm', account: ACCOUNT, detail: { accountId: ACCOUNT, scanId: 'scan-7' } },
      context as never,
    )) as { prefix: string; keys: string[]; notified: boolean };
    expect(out.prefix).toMatch(/^reports\/\d{4}-\d{2}-\d{2}\/scan-7\/$/);
    expect(out.keys).toHaveLength(10);
    const puts = s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input);
    expect(puts.map((p) => p.Key?.slice(out.prefix.length)).sort()).toEqual(
      [
        'ai-bom.cdx.json',
        'compliance.csv',
        'evidence/SHA256SUMS',
        'evidence/manifest.json',
        'evidence/snapshot.json',
        'findings.asff.json',
        'findings.csv',
        'findings.json',
        'findings.ocsf.json',
        'report.html',
      ].sort(),
    );
    for (const p of puts) {
      expect(p).toMatchObject({
        Bucket: 'reports-bucket',
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: 'arn:aws:kms:us-east-1:111122223333:key/k1',
        ObjectLockMode: 'COMPLIANCE',
      });
    }
    const snapshot = JSON.parse(String(puts.find((p) => p.Key?.endsWith('snapshot.json'))?.Body));
    expect(snapshot.assets).toHaveLength(reportState().assets.length);
    expect(snapshot.results.length).toBeGreaterThan(0);
    expect(out.notified).toBe(true);
    expect(posts).toHaveLength(1);
    const msg = JSON.parse(posts[0] as string);
    const button = msg.blocks.find((b: { type: string }) => b.type === 'actions').elements[0];
    expect(button.url).toMatch(/^https:\/\/reports-bucket\.s3\.us-east-1\.amazonaws\.com\//);
    expect(button.url).toContain(`/${out.prefix}report.html?`);
    expect(button.url).toContain('X-Amz-Expires=900');
  });
});
