import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BedrockClient, GetGuardrailCommand, ListGuardrailsCommand } from '@aws-sdk/client-bedrock';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNT_ID } from '../../../shared/demo/account.ts';
import { type StandinHandle, startAwsStandin } from '../../../shared/demo/aws-standin/index.ts';
import { createClientFactory } from '../../../shared/discovery/clients.ts';
import { type DiscoveryDeps, dispatchDiscovery, refreshTargetFor } from '../../../shared/discovery/dispatch.ts';
import { MemoryAssetEventSink } from '../../../shared/discovery/events.ts';
import type { AccountTarget, ClientFactory } from '../../../shared/discovery/types.ts';
import type { AssessRequest } from '../../../shared/domain/messages.ts';
import { MemoryStore } from '../../../shared/store/memory.ts';
import { fixedClock } from '../../../shared/util/clock.ts';
import { memoryLog } from '../../../shared/util/logger.ts';

/**
 * Events forwarded to the central stack from other accounts and regions (infra/forwarder-stack.ts): the refresh must
 * assume the scan role of the event's account and read in the event's region, and drop (and count) events of accounts
 * that are not targets instead of reading them with the central credentials.
 */

const CENTRAL = DEMO_ACCOUNT_ID;
const MEMBER = '444455556666';
const MEMBER_ROLE = `arn:aws:iam::${MEMBER}:role/AispmScanRole`;
const STRANGER = '777788889999';
const SECRET_MARKER = 'do-not-log-this-parameter-value';

/** A CloudTrail event as EventBridge delivers it to the central bus: the envelope keeps the origin account and region. */
function forwarded(account: string, region: string, eventName: string, requestParameters: Record<string, unknown>, source = 'bedrock') {
  return {
    version: '0',
    id: `ev-${account}-${region}-${eventName}`,
    'detail-type': 'AWS API Call via CloudTrail',
    source: `aws.${source}`,
    account,
    region,
    time: '2026-11-25T08:59:00Z',
    detail: {
      eventSource: `${source}.amazonaws.com`,
      eventName,
      awsRegion: region,
      recipientAccountId: account,
      eventTime: '2026-11-25T08:59:00Z',
      readOnly: false,
      requestParameters,
    },
  };
}

function deps(clients: ClientFactory, targets: AccountTarget[], extra: Partial<DiscoveryDeps> = {}) {
  const requests: AssessRequest[] = [];
  const store = new MemoryStore();
  const log = memoryLog();
  const d: DiscoveryDeps = {
    targets,
    regions: ['us-east-1', 'eu-west-1'],
    clients,
    store,
    clock: fixedClock('2026-11-25T09:00:00.000Z'),
    log,
    sink: new MemoryAssetEventSink(),
    assess: async (r) => {
      requests.push(r);
    },
    ...extra,
  };
  return { d, requests, store, log };
}

describe('refreshTargetFor', () => {
  const member: AccountTarget = { accountId: MEMBER, roleArn: MEMBER_ROLE };
  it("picks the target whose scan role is in the event's account", () => {
    expect(refreshTargetFor(MEMBER, [member], CENTRAL)).toBe(member);
    expect(refreshTargetFor(STRANGER, [member], CENTRAL)).toBeUndefined();
    // with target roles the central account is not scanned, so its own events are not refreshed either
    expect(refreshTargetFor(CENTRAL, [member], CENTRAL)).toBeUndefined();
  });

  it('without target roles, refreshes only the deployment account, with ambient credentials', () => {
    expect(refreshTargetFor(CENTRAL, [{}], CENTRAL)).toEqual({ accountId: CENTRAL });
    expect(refreshTargetFor(MEMBER, [{}], CENTRAL)).toBeUndefined();
    expect(refreshTargetFor(MEMBER, [{}], undefined)).toBeUndefined();
    expect(refreshTargetFor(undefined, [{}], CENTRAL)).toBeUndefined();
  });
});

/**
 * STS over HTTP (the SDK's credential provider uses its own nested STS client, which aws-sdk-client-mock cannot reach):
 * answers AssumeRole with fixed credentials and records what was asked.
 */
async function startSts() {
  const assumed: { RoleArn: string | null; ExternalId: string | null; Action: string | null }[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      const p = new URLSearchParams(body);
      assumed.push({ Action: p.get('Action'), RoleArn: p.get('RoleArn'), ExternalId: p.get('ExternalId') });
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end(`<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials>
<AccessKeyId>ASIAMEMBERSCANROLE01</AccessKeyId><SecretAccessKey>secret</SecretAccessKey><SessionToken>token</SessionToken>
<Expiration>${new Date(Date.now() + 3600_000).toISOString()}</Expiration></Credentials>
<AssumedRoleUser><Arn>arn:aws:sts::${MEMBER}:assumed-role/AispmScanRole/aispm-discovery</Arn><AssumedRoleId>AROAX:aispm-discovery</AssumedRoleId></AssumedRoleUser>
</AssumeRoleResult><ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata></AssumeRoleResponse>`);
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, assumed, close: () => server.close() };
}

describe('a member account event (Bedrock through aws-sdk-client-mock, STS over HTTP)', () => {
  const bedrock = mockClient(BedrockClient);
  let sts: Awaited<ReturnType<typeof startSts>>;
  beforeAll(async () => {
    sts = await startSts();
  });
  afterEach(() => {
    bedrock.reset();
    sts.assumed.length = 0;
  });
  afterAll(() => {
    bedrock.restore();
    sts.close();
  });

  it("assumes the member's scan role (with the external id) and reads in the event's region", async () => {
    const seen: { region: string; accessKeyId: string }[] = [];
    bedrock.on(GetGuardrailCommand).callsFake(async (_input, getClient) => {
      const client = getClient();
      seen.push({ region: await client.config.region(), accessKeyId: (await client.config.credentials()).accessKeyId });
      return {
        guardrailId: 'gr-member-01',
        guardrailArn: `arn:aws:bedrock:eu-west-1:${MEMBER}:guardrail/gr-member-01`,
        name: 'member-guardrail',
        version: 'DRAFT',
        status: 'READY',
      };
    });
    bedrock.on(ListGuardrailsCommand).resolves({ guardrails: [] });

    const clients = createClientFactory({
      endpoint: sts.url,
      credentials: { accessKeyId: 'AKIACENTRALDISCOVERY', secretAccessKey: 'x' },
      maxAttempts: 1,
    });
    const t = deps(clients, [{ accountId: MEMBER, roleArn: MEMBER_ROLE, externalId: 'aispm-7f3a9c2e' }], { selfAccountId: CENTRAL });
    const s = await dispatchDiscovery(forwarded(MEMBER, 'eu-west-1', 'UpdateGuardrail', { guardrailIdentifier: 'gr-member-01' }), t.d);

    expect(s).toMatchObject({ kind: 'refresh', accounts: [MEMBER], unknownAccountEvents: 0, assessRequests: 1 });
    expect(sts.assumed).toEqual([{ Action: 'AssumeRole', RoleArn: MEMBER_ROLE, ExternalId: 'aispm-7f3a9c2e' }]);
    expect(seen.length).toBeGreaterThan(0);
    for (const call of seen) expect(call).toEqual({ region: 'eu-west-1', accessKeyId: 'ASIAMEMBERSCANROLE01' });
    const stored = await t.store.getAsset(`arn:aws:bedrock:eu-west-1:${MEMBER}:guardrail/gr-member-01`);
    expect(stored).toMatchObject({ accountId: MEMBER, region: 'eu-west-1', type: 'bedrock.guardrail' });
    expect(t.requests).toEqual([expect.objectContaining({ accountId: MEMBER, regions: ['eu-west-1'], trigger: 'event' })]);
  });

  it('drops the event of an account that is not a target: counted, logged without content, no AWS call', async () => {
    const clients = createClientFactory({ credentials: { accessKeyId: 'AKIACENTRALDISCOVERY', secretAccessKey: 'x' }, maxAttempts: 1 });
    const t = deps(clients, [{ accountId: MEMBER, roleArn: MEMBER_ROLE }], { selfAccountId: CENTRAL });
    const s = await dispatchDiscovery(
      forwarded(STRANGER, 'eu-west-1', 'UpdateGuardrail', { guardrailIdentifier: 'gr-x', description: SECRET_MARKER }),
      t.d,
    );
    expect(s).toMatchObject({ kind: 'ignored', reason: 'account is not a target', unknownAccountEvents: 1, assessRequests: 0 });
    expect(sts.assumed).toEqual([]);
    expect(bedrock.calls()).toHaveLength(0);
    expect(await t.store.listAssets({ accountId: STRANGER, includeDeleted: true })).toEqual([]);
    expect(t.requests).toEqual([]);
    const warn = t.log.entries.filter((e) => e.level === 'warn');
    expect(warn).toHaveLength(1);
    expect(warn[0].message).toMatch(/not a configured target/);
    expect(warn[0].extra).toEqual({
      account: STRANGER,
      region: 'eu-west-1',
      eventSource: 'bedrock.amazonaws.com',
      eventName: 'UpdateGuardrail',
    });
    expect(JSON.stringify(t.log.entries)).not.toContain(SECRET_MARKER);
  });
});

describe('without target roles (the deployment account only), over the local stand-in', () => {
  let standin: StandinHandle;
  beforeAll(async () => {
    standin = await startAwsStandin({ pageSize: 50 });
  });
  afterAll(() => standin.close());

  /** The stand-in's clients, recording which target and region each client was asked for. */
  function recording() {
    const inner = createClientFactory({
      endpoint: standin.url,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 2,
    });
    const calls: { service: string; region: string; target: AccountTarget }[] = [];
    const clients: ClientFactory = {
      client(service, region, target) {
        calls.push({ service, region, target });
        return inner.client(service, region, target);
      },
    };
    return { clients, calls };
  }

  it("refreshes the deployment account's own events (from any scanned region) with its own credentials", async () => {
    const r = recording();
    const t = deps(r.clients, [{}], { selfAccountId: CENTRAL });
    const s = await dispatchDiscovery(forwarded(CENTRAL, 'eu-west-1', 'PutModelInvocationLoggingConfiguration', {}), t.d);
    expect(s).toMatchObject({ kind: 'refresh', accounts: [CENTRAL], unknownAccountEvents: 0 });
    expect(r.calls.length).toBeGreaterThan(0);
    for (const c of r.calls) expect(c.target.roleArn).toBeUndefined();
    expect(r.calls.filter((c) => c.service === 'bedrock').every((c) => c.region === 'eu-west-1')).toBe(true);
  });

  it('never reads another account with the central credentials: its event is dropped and counted', async () => {
    const r = recording();
    const t = deps(r.clients, [{}], { selfAccountId: CENTRAL });
    const s = await dispatchDiscovery(forwarded(MEMBER, 'eu-west-1', 'PutModelInvocationLoggingConfiguration', {}), t.d);
    expect(s).toMatchObject({ kind: 'ignored', reason: 'account is not a target', unknownAccountEvents: 1 });
    expect(r.calls).toEqual([]);
    expect(await t.store.listAssets({ accountId: MEMBER, includeDeleted: true })).toEqual([]);
  });

  it('asks STS for its own account when DEPLOYMENT_ACCOUNT_ID is not given', async () => {
    const r = recording();
    const t = deps(r.clients, [{}]);
    const s = await dispatchDiscovery(forwarded(MEMBER, 'eu-west-1', 'PutModelInvocationLoggingConfiguration', {}), t.d);
    expect(s.unknownAccountEvents).toBe(1);
    expect(r.calls.map((c) => `${c.service}@${c.region}`)).toEqual(['sts@us-east-1']);
    const own = await dispatchDiscovery(forwarded(CENTRAL, 'eu-west-1', 'PutModelInvocationLoggingConfiguration', {}), t.d);
    expect(own.kind).toBe('refresh');
  });

  it('does not refresh assets of a region the scan does not cover; global assets (IAM) from us-east-1 always', async () => {
    const r = recording();
    const t = deps(r.clients, [{}], { selfAccountId: CENTRAL, regions: ['eu-west-1'] });
    const s = await dispatchDiscovery(forwarded(CENTRAL, 'ap-south-1', 'PutModelInvocationLoggingConfiguration', {}), t.d);
    expect(s).toMatchObject({ kind: 'refresh', reason: 'region ap-south-1 is not scanned (regions)', assessRequests: 0 });
    expect(r.calls).toEqual([]);
    // an IAM event (delivered in us-east-1 only, forwarded from there) refreshes a global asset
    const iam = await dispatchDiscovery(
      forwarded(CENTRAL, 'us-east-1', 'PutRolePolicy', { roleName: 'not-an-ai-role', policyName: 'p' }, 'iam'),
      t.d,
    );
    expect(iam.reason).toBeUndefined();
    expect(iam.kind).toBe('refresh');
  });

  it('a STS failure is not swallowed (the event is retried by EventBridge, not refreshed with a guess)', async () => {
    const clients: ClientFactory = {
      client: () => ({ send: async () => Promise.reject(Object.assign(new Error('denied'), { name: 'AccessDenied' })) }) as never,
    };
    const t = deps(clients, [{}]);
    await expect(dispatchDiscovery(forwarded(MEMBER, 'eu-west-1', 'PutModelInvocationLoggingConfiguration', {}), t.d)).rejects.toThrow(
      'denied',
    );
  });
});
