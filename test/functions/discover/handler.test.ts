import { afterEach, describe, expect, it, vi } from 'vitest';

const ENV = {
  REGIONS: 'us-east-1,eu-west-1',
  TABLE_NAME: 't',
  EVENT_BUS_NAME: 'bus',
  ASSESS_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/q',
};

describe('discover handler wiring', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it('refuses to start without its settings', async () => {
    for (const [k, v] of Object.entries({ ...ENV, EVENT_BUS_NAME: '' })) vi.stubEnv(k, v);
    await expect(import('../../../functions/discover/handler.ts')).rejects.toThrow("missing setting 'EVENT_BUS_NAME'");
  });

  it('rejects a malformed TARGET_ROLE_ARNS', async () => {
    for (const [k, v] of Object.entries({ ...ENV, TARGET_ROLE_ARNS: 'nope' })) vi.stubEnv(k, v);
    await expect(import('../../../functions/discover/handler.ts')).rejects.toThrow(/invalid role ARN/);
  });

  it('ignores an event that is neither a schedule nor a CloudTrail call (no AWS call made)', async () => {
    for (const [k, v] of Object.entries(ENV)) vi.stubEnv(k, v);
    const { handler } = await import('../../../functions/discover/handler.ts');
    const out = await handler({ hello: 'world' }, { functionName: 'discover', awsRequestId: 'r1' } as never);
    expect(out).toMatchObject({ kind: 'ignored', reason: 'unsupported event', assessRequests: 0 });
  });

  it('drops and counts a CloudTrail event of an account that is not a target (no AWS call made)', async () => {
    for (const [k, v] of Object.entries({ ...ENV, DEPLOYMENT_ACCOUNT_ID: '111122223333' })) vi.stubEnv(k, v);
    const { Metrics } = await import('@aws-lambda-powertools/metrics');
    const added = vi.spyOn(Metrics.prototype, 'addMetric');
    const { handler } = await import('../../../functions/discover/handler.ts');
    const event = {
      'detail-type': 'AWS API Call via CloudTrail',
      source: 'aws.bedrock',
      account: '444455556666',
      region: 'eu-west-1',
      detail: { eventSource: 'bedrock.amazonaws.com', eventName: 'DeleteGuardrail', awsRegion: 'eu-west-1', requestParameters: {} },
    };
    const out = await handler(event, { functionName: 'discover', awsRequestId: 'r2' } as never);
    expect(out).toMatchObject({ kind: 'ignored', reason: 'account is not a target', unknownAccountEvents: 1 });
    expect(added).toHaveBeenCalledWith('UnknownAccountEventsDropped', 'Count', 1);
    added.mockRestore();
  });
});
