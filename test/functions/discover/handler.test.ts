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
});
