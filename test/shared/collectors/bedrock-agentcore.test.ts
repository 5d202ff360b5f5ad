import {
  BedrockAgentCoreControlClient,
  GetAgentRuntimeCommand,
  GetBrowserCommand,
  GetCodeInterpreterCommand,
  GetGatewayCommand,
  GetGatewayTargetCommand,
  GetMemoryCommand,
  GetResourcePolicyCommand,
  GetTokenVaultCommand,
  ListApiKeyCredentialProvidersCommand,
  ListAgentRuntimeEndpointsCommand,
  ListAgentRuntimesCommand,
  ListAgentRuntimeVersionsCommand,
  ListBrowsersCommand,
  ListCodeInterpretersCommand,
  ListGatewaysCommand,
  ListGatewayTargetsCommand,
  ListMemoriesCommand,
  ListOauth2CredentialProvidersCommand,
} from '@aws-sdk/client-bedrock-agentcore-control';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { browsers, codeInterpreters, gateways, memories, runtimes, tokenVaults } from '../../../shared/collectors/bedrock-agentcore.ts';
import { runCollector } from '../../../shared/collectors/context.ts';
import type { AgentCoreGatewayConfig, AgentCoreRuntimeConfig } from '../../../shared/domain/asset-config.ts';
import { InventoryGraph } from '../../../shared/assessment/graph.ts';
import { BEDROCKAGENTCORE_CHECKS } from '../../../shared/checks/bedrockagentcore/index.ts';
import { NOW, withConfig } from '../../fixtures/checks/builders.ts';
import { agentcore, gatewayTarget } from '../../fixtures/checks/cases-agentcore.ts';
import { ACCOUNT, awsError, testEnv } from '../../fixtures/discovery/env.ts';

const ac = mockClient(BedrockAgentCoreControlClient);
afterEach(() => ac.reset());

const arn = (kind: string, id: string) => `arn:aws:bedrock-agentcore:us-east-1:${ACCOUNT}:${kind}/${id}`;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/agentcore-role`;
const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/k1`;

describe('AgentCore runtimes collector', () => {
  it('pages through the list and reads network mode, MMDS, image, role and env secret names (never values)', async () => {
    ac.on(ListAgentRuntimesCommand)
      .resolvesOnce({ agentRuntimes: [{ agentRuntimeId: 'rt_a-0000000001', agentRuntimeName: 'rt_a' } as never], nextToken: 'p2' })
      .resolvesOnce({ agentRuntimes: [{ agentRuntimeId: 'rt_b-0000000002', agentRuntimeName: 'rt_b' } as never] });
    ac.on(GetAgentRuntimeCommand, { agentRuntimeId: 'rt_a-0000000001' }).resolves({
      agentRuntimeArn: arn('runtime', 'rt_a-0000000001'),
      agentRuntimeId: 'rt_a-0000000001',
      agentRuntimeName: 'rt_a',
      agentRuntimeVersion: '3',
      status: 'READY',
      roleArn: ROLE,
      networkConfiguration: { networkMode: 'VPC', networkModeConfig: { subnets: ['subnet-1'], securityGroups: ['sg-1'] } },
      metadataConfiguration: { requireMMDSV2: true },
      protocolConfiguration: { serverProtocol: 'MCP' },
      agentRuntimeArtifact: { containerConfiguration: { containerUri: `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/agent:1` } },
      environmentVariables: { LOG_LEVEL: 'info', OPENAI_API_KEY: 'sk-proj-abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH' },
    } as never);
    ac.on(GetAgentRuntimeCommand, { agentRuntimeId: 'rt_b-0000000002' }).resolves({
      agentRuntimeArn: arn('runtime', 'rt_b-0000000002'),
      agentRuntimeName: 'rt_b',
      status: 'READY',
      roleArn: ROLE,
      networkConfiguration: { networkMode: 'PUBLIC' },
      authorizerConfiguration: { customJWTAuthorizer: { discoveryUrl: 'https://idp.example.com/.well-known/openid-configuration' } },
    } as never);
    ac.on(ListAgentRuntimeEndpointsCommand).resolves({ runtimeEndpoints: [] });
    ac.on(ListAgentRuntimeVersionsCommand).resolves({ agentRuntimes: [] });
    const out = await runCollector(runtimes, testEnv(), 'us-east-1');
    expect(out.status).toBe('complete');
    expect(out.drafts.map((d) => d.name).sort()).toEqual(['rt_a', 'rt_b']);
    const a = out.drafts.find((d) => d.name === 'rt_a');
    expect(a?.id).toBe(arn('runtime', 'rt_a-0000000001'));
    expect(a?.config).toMatchObject({
      runtimeId: 'rt_a-0000000001',
      version: '3',
      network: { mode: 'VPC', subnets: ['subnet-1'], securityGroups: ['sg-1'] },
      inboundAuth: 'AWS_IAM',
      protocol: 'MCP',
      requireMmdsV2: true,
      secretLikeEnvNames: ['OPENAI_API_KEY'],
    });
    expect(JSON.stringify(a)).not.toContain('sk-proj-');
    expect(a?.relationships).toEqual(
      expect.arrayContaining([
        { kind: 'assumes-role', targetId: ROLE, targetType: 'iam.role' },
        { kind: 'uses-image', targetId: `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/agent:1` },
        { kind: 'calls-provider', targetId: 'provider:openai' },
      ]),
    );
    const b = out.drafts.find((d) => d.name === 'rt_b');
    expect(b?.config).toMatchObject({ network: { mode: 'PUBLIC', subnets: [] }, inboundAuth: 'CUSTOM_JWT', requireMmdsV2: false });
  });

  /** The reviewer's scenario: v1 PUBLIC, MMDSv1, an OpenAI key; endpoint prod pinned to v1; v2 (latest) clean, in a VPC. */
  const V1 = {
    agentRuntimeArn: arn('runtime', 'rt-p'),
    agentRuntimeId: 'rt-p',
    agentRuntimeName: 'pinned',
    agentRuntimeVersion: '1',
    status: 'READY',
    roleArn: `${ROLE}-v1`,
    networkConfiguration: { networkMode: 'PUBLIC' },
    agentRuntimeArtifact: { containerConfiguration: { containerUri: `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/agent:1` } },
    environmentVariables: { OPENAI_API_KEY: 'sk-proj-abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH', CAMPAIGN: 'q4' },
  };
  const V2 = {
    ...V1,
    agentRuntimeVersion: '2',
    roleArn: ROLE,
    networkConfiguration: { networkMode: 'VPC', networkModeConfig: { subnets: ['subnet-1'], securityGroups: ['sg-1'] } },
    metadataConfiguration: { requireMMDSV2: true },
    agentRuntimeArtifact: { containerConfiguration: { containerUri: `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/agent:2` } },
    environmentVariables: { LOG_LEVEL: 'info' },
  };
  const pinnedRuntime = (v1: () => Promise<unknown>) => {
    ac.on(ListAgentRuntimesCommand).resolves({ agentRuntimes: [{ agentRuntimeId: 'rt-p', agentRuntimeName: 'pinned' } as never] });
    ac.on(GetAgentRuntimeCommand).callsFake((input: { agentRuntimeId: string; agentRuntimeVersion?: string }) => {
      if (input.agentRuntimeVersion === undefined) return V2;
      if (input.agentRuntimeVersion === '1') return v1();
      throw new Error(`unexpected version ${input.agentRuntimeVersion}`);
    });
    // endpoints in two pages: DEFAULT follows the latest version, prod stays on version 1
    ac.on(ListAgentRuntimeEndpointsCommand)
      .resolvesOnce({ runtimeEndpoints: [{ name: 'DEFAULT', id: 'DEFAULT', status: 'READY', liveVersion: '2' } as never], nextToken: 'e2' })
      .resolvesOnce({ runtimeEndpoints: [{ name: 'prod', id: 'prod', status: 'READY', liveVersion: '1' } as never] });
    ac.on(ListAgentRuntimeVersionsCommand).resolves({
      agentRuntimes: [{ agentRuntimeVersion: '2' } as never, { agentRuntimeVersion: '1' } as never],
    });
  };

  it('pages through the endpoints, reads every served and kept version once, and keeps names only (never values)', async () => {
    pinnedRuntime(async () => V1);
    const out = await runCollector(runtimes, testEnv(), 'us-east-1');
    expect(out.status).toBe('complete');
    const d = out.drafts[0];
    const cfg = d?.config as AgentCoreRuntimeConfig;
    expect(cfg).toMatchObject({ version: '2', network: { mode: 'VPC' }, requireMmdsV2: true, secretLikeEnvNames: [] });
    expect(cfg.endpoints).toEqual([
      { name: 'DEFAULT', status: 'READY', liveVersion: '2', targetVersion: null },
      { name: 'prod', status: 'READY', liveVersion: '1', targetVersion: null },
    ]);
    expect(cfg.versionIds).toEqual(['1', '2']);
    expect(cfg.otherVersions).toHaveLength(1);
    expect(cfg.otherVersions[0]).toMatchObject({
      version: '1',
      network: { mode: 'PUBLIC', subnets: [] },
      requireMmdsV2: false,
      inboundAuth: 'AWS_IAM',
      secretLikeEnvNames: ['OPENAI_API_KEY'],
      aiProviders: expect.arrayContaining([expect.objectContaining({ provider: 'openai' })]),
    });
    expect(JSON.stringify(d)).not.toContain('sk-proj-');
    expect(JSON.stringify(d)).not.toContain('q4');
    // the second endpoint page was requested with the token of the first
    const epCalls = ac.commandCalls(ListAgentRuntimeEndpointsCommand).map((c) => c.args[0].input);
    expect(epCalls).toEqual([
      { agentRuntimeId: 'rt-p', maxResults: 100, nextToken: undefined },
      { agentRuntimeId: 'rt-p', maxResults: 100, nextToken: 'e2' },
    ]);
    // latest once without a version, version 1 once (served and kept: deduplicated), version 2 not re-read
    expect(ac.commandCalls(GetAgentRuntimeCommand).map((c) => c.args[0].input.agentRuntimeVersion)).toEqual([undefined, '1']);
    // what the served old version uses is in the graph too
    expect(d?.relationships).toEqual(
      expect.arrayContaining([
        { kind: 'assumes-role', targetId: `${ROLE}-v1`, targetType: 'iam.role' },
        { kind: 'uses-image', targetId: `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/agent:1` },
        { kind: 'calls-provider', targetId: 'provider:openai' },
      ]),
    );
  });

  it('a failed read of a served version is recorded (gap, collectionErrors naming the version) and left out', async () => {
    pinnedRuntime(() => Promise.reject(awsError('AccessDeniedException', 'denied', 403)));
    const out = await runCollector(runtimes, testEnv(), 'us-east-1');
    expect(out.status).toBe('partial');
    const d = out.drafts[0];
    expect((d?.config as AgentCoreRuntimeConfig | undefined)?.otherVersions).toEqual([]);
    expect(d?.collectionErrors).toEqual(['GetAgentRuntime(version 1): AccessDeniedException']);
    expect(out.gaps).toEqual([
      expect.objectContaining({ service: 'bedrock-agentcore', operation: 'GetAgentRuntime', errorCode: 'AccessDeniedException' }),
    ]);
  });

  it('a served version Get cannot find is unread (not absent), and a denied endpoint / version listing is left undefined', async () => {
    pinnedRuntime(() => Promise.reject(awsError('ResourceNotFoundException', 'no such version', 404)));
    ac.on(ListAgentRuntimeEndpointsCommand).rejects(awsError('AccessDeniedException', 'denied', 403));
    ac.on(ListAgentRuntimeVersionsCommand).rejects(awsError('AccessDeniedException', 'denied', 403));
    let out = await runCollector(runtimes, testEnv(), 'us-east-1');
    expect(out.status).toBe('partial');
    let cfg = out.drafts[0]?.config as AgentCoreRuntimeConfig;
    expect(cfg.endpoints).toBeUndefined();
    expect(cfg.versionIds).toBeUndefined();
    expect(out.drafts[0]?.collectionErrors).toEqual([
      'ListAgentRuntimeEndpoints: AccessDeniedException',
      'ListAgentRuntimeVersions: AccessDeniedException',
    ]);
    expect(out.gaps.map((g) => g.operation)).toEqual(['ListAgentRuntimeEndpoints', 'ListAgentRuntimeVersions']);

    ac.reset();
    pinnedRuntime(() => Promise.reject(awsError('ResourceNotFoundException', 'no such version', 404)));
    out = await runCollector(runtimes, testEnv(), 'us-east-1');
    cfg = out.drafts[0]?.config as AgentCoreRuntimeConfig;
    expect(cfg.otherVersions).toEqual([]);
    expect(out.drafts[0]?.collectionErrors).toEqual(['GetAgentRuntime(version 1): ResourceNotFoundException']);
  });

  it('inbound auth: AWS_IAM only without any authorizer configuration, UNKNOWN for a shape this tool does not know', async () => {
    ac.on(ListAgentRuntimesCommand).resolves({
      agentRuntimes: ['none', 'jwt', 'future', 'empty'].map((n) => ({ agentRuntimeId: `rt-${n}`, agentRuntimeName: n }) as never),
    });
    const auth: Record<string, unknown> = {
      'rt-jwt': { customJWTAuthorizer: { discoveryUrl: 'https://idp.example.com/.well-known/openid-configuration' } },
      'rt-future': { $unknown: ['oauthIntrospection', { url: 'https://idp.example.com' }] },
      'rt-empty': {},
    };
    ac.on(GetAgentRuntimeCommand).callsFake((input: { agentRuntimeId: string }) => ({
      agentRuntimeId: input.agentRuntimeId,
      agentRuntimeName: input.agentRuntimeId.slice(3),
      agentRuntimeVersion: '1',
      ...(auth[input.agentRuntimeId] ? { authorizerConfiguration: auth[input.agentRuntimeId] } : {}),
    }));
    ac.on(ListAgentRuntimeEndpointsCommand).resolves({ runtimeEndpoints: [] });
    ac.on(ListAgentRuntimeVersionsCommand).resolves({ agentRuntimes: [{ agentRuntimeVersion: '1' } as never] });
    const out = await runCollector(runtimes, testEnv(), 'us-east-1');
    const by = Object.fromEntries(out.drafts.map((d) => [d.name, (d.config as AgentCoreRuntimeConfig).inboundAuth]));
    expect(by).toEqual({ none: 'AWS_IAM', jwt: 'CUSTOM_JWT', future: 'UNKNOWN', empty: 'UNKNOWN' });
    expect(ac.commandCalls(GetAgentRuntimeCommand)).toHaveLength(4);
  });

  it('a denied Get keeps the listed runtime with an unread config (checks answer ERROR) and records a gap', async () => {
    ac.on(ListAgentRuntimesCommand).resolves({
      agentRuntimes: [{ agentRuntimeId: 'rt-1', agentRuntimeName: 'rt', agentRuntimeArn: arn('runtime', 'rt-1') } as never],
    });
    ac.on(GetAgentRuntimeCommand).rejects(awsError('AccessDeniedException', 'denied', 403));
    const out = await runCollector(runtimes, testEnv(), 'us-east-1');
    expect(out.status).toBe('partial');
    expect(out.drafts).toHaveLength(1);
    expect(out.drafts[0]).toMatchObject({ id: arn('runtime', 'rt-1'), name: 'rt', config: {} });
    expect(out.drafts[0].collectionErrors).toEqual(['GetAgentRuntime: AccessDeniedException']);
    expect(out.gaps[0]).toMatchObject({ service: 'bedrock-agentcore', operation: 'GetAgentRuntime', errorCode: 'AccessDeniedException' });
  });

  it('a region without AgentCore (ValidationException / UnknownOperation on the list) is absent, not an error', async () => {
    ac.on(ListAgentRuntimesCommand).rejects(awsError('UnknownOperationException', 'not supported', 404));
    const out = await runCollector(runtimes, testEnv(), 'ap-south-2');
    expect(out).toMatchObject({ status: 'absent', drafts: [], gaps: [] });
    ac.reset();
    ac.on(ListAgentRuntimesCommand).rejects(awsError('ValidationException', 'operation not available in this region'));
    expect((await runCollector(runtimes, testEnv(), 'ap-south-2')).status).toBe('absent');
  });

  it('a denied list fails the type with a coverage gap (never an empty, clean inventory)', async () => {
    ac.on(ListAgentRuntimesCommand).rejects(awsError('AccessDeniedException', 'denied', 403));
    const out = await runCollector(runtimes, testEnv(), 'us-east-1');
    expect(out.status).toBe('failed');
    expect(out.gaps[0]).toMatchObject({ service: 'bedrock-agentcore', errorCode: 'AccessDeniedException' });
  });
});

describe('AgentCore gateways collector', () => {
  it('reads authorizer, JWT restrictions (counts only), KMS key, exception level and policy engine', async () => {
    ac.on(ListGatewaysCommand).resolves({ items: [{ gatewayId: 'gw-1', name: 'tools' } as never] });
    ac.on(GetGatewayCommand).resolves({
      gatewayArn: arn('gateway', 'gw-1'),
      gatewayId: 'gw-1',
      name: 'tools',
      status: 'READY',
      roleArn: ROLE,
      protocolType: 'MCP',
      authorizerType: 'CUSTOM_JWT',
      authorizerConfiguration: {
        customJWTAuthorizer: { discoveryUrl: 'https://idp.example.com/.well-known/openid-configuration', allowedClients: ['c1', 'c2'] },
      },
      kmsKeyArn: KEY,
      exceptionLevel: 'DEBUG',
      policyEngineConfiguration: { arn: 'arn:pe', mode: 'ENFORCE' },
    } as never);
    ac.on(ListGatewayTargetsCommand).resolves({ items: [] });
    ac.on(GetResourcePolicyCommand).resolves({});
    const out = await runCollector(gateways, testEnv(), 'us-east-1');
    expect(out.status).toBe('complete');
    expect(out.drafts[0].config).toEqual({
      gatewayId: 'gw-1',
      status: 'READY',
      roleArn: ROLE,
      protocolType: 'MCP',
      authorizerType: 'CUSTOM_JWT',
      jwtAuthorizer: {
        discoveryUrl: 'https://idp.example.com/.well-known/openid-configuration',
        allowedAudiences: 0,
        allowedClients: 2,
        allowedScopes: 0,
        customClaims: 0,
      },
      kmsKeyArn: KEY,
      exceptionLevel: 'DEBUG',
      policyEngineMode: 'ENFORCE',
      interceptorCount: 0,
      targets: [],
      resourcePolicy: null,
    });
    expect(out.drafts[0].relationships).toEqual(
      expect.arrayContaining([
        { kind: 'assumes-role', targetId: ROLE, targetType: 'iam.role' },
        { kind: 'encrypted-by', targetId: KEY },
      ]),
    );
  });

  it('a gateway without authorizer or key is read as NONE / null', async () => {
    ac.on(ListGatewaysCommand).resolves({ items: [{ gatewayId: 'gw-2', name: 'open' } as never] });
    ac.on(GetGatewayCommand).resolves({
      gatewayArn: arn('gateway', 'gw-2'),
      name: 'open',
      status: 'READY',
      authorizerType: 'NONE',
    } as never);
    const out = await runCollector(gateways, testEnv(), 'us-east-1');
    expect(out.drafts[0].config).toMatchObject({ authorizerType: 'NONE', jwtAuthorizer: null, kmsKeyArn: null, exceptionLevel: null });
  });
});

describe('AgentCore gateway targets and resource policies', () => {
  const GW = { gatewayArn: arn('gateway', 'gw-t'), gatewayId: 'gw-t', name: 'tools', status: 'READY', authorizerType: 'AWS_IAM' };
  const target = (targetId: string, targetConfiguration: unknown, credentialProviderConfigurations: unknown[] = [], extra = {}) => ({
    gatewayArn: GW.gatewayArn,
    targetId,
    name: targetId.toLowerCase(),
    status: 'READY',
    targetConfiguration,
    credentialProviderConfigurations,
    ...extra,
  });
  const OAUTH = {
    credentialProviderType: 'OAUTH',
    credentialProvider: { oauthCredentialProvider: { providerArn: 'arn:p', scopes: ['s'] } },
  };
  const TARGETS: Record<string, unknown> = {
    MCP1: target('MCP1', { mcp: { mcpServer: { endpoint: 'http://svc:s3cr3t@crm.example.com:8080/mcp?token=abc' } } }),
    OAS1: target(
      'OAS1',
      { mcp: { openApiSchema: { inlinePayload: JSON.stringify({ openapi: '3.0.0', servers: [{ url: 'https://api.example.com/v1' }] }) } } },
      [{ credentialProviderType: 'API_KEY', credentialProvider: { apiKeyCredentialProvider: { providerArn: 'arn:k' } } }],
    ),
    OAS2: target(
      'OAS2',
      {
        mcp: {
          openApiSchema: {
            inlinePayload:
              'openapi: 3.0.0\nservers:\n  - url: http://legacy.example.com/api\ninfo:\n  title: x\n  license:\n    url: https://license.example.com\n',
          },
        },
      },
      [OAUTH],
    ),
    OAS3: target('OAS3', { mcp: { openApiSchema: { s3: { uri: 's3://schemas/billing.json' } } } }, [OAUTH]),
    LAM1: target('LAM1', { mcp: { lambda: { lambdaArn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:orders` } } }, [
      { credentialProviderType: 'GATEWAY_IAM_ROLE' },
    ]),
    PRV1: target('PRV1', { http: { passthrough: { endpoint: 'https://agents.internal.example.com', protocolType: 'MCP' } } }, [OAUTH], {
      privateEndpoint: { managedVpcResource: { vpcIdentifier: 'vpc-1', subnetIds: ['subnet-1'], endpointIpAddressType: 'IPV4' } },
    }),
  };
  const POLICY = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: '*', Action: 'bedrock-agentcore:InvokeGateway', Resource: GW.gatewayArn }],
  });

  it('pages through the targets, reads each (credential kinds, endpoint origins only) and parses the resource policy', async () => {
    ac.on(ListGatewaysCommand).resolves({ items: [{ gatewayId: 'gw-t', name: 'tools' } as never] });
    ac.on(GetGatewayCommand).resolves(GW as never);
    ac.on(ListGatewayTargetsCommand)
      .resolvesOnce({
        items: ['MCP1', 'OAS1', 'OAS2'].map((targetId) => ({ targetId, name: targetId.toLowerCase() }) as never),
        nextToken: 't2',
      })
      .resolvesOnce({
        items: [
          { targetId: 'OAS3', name: 'oas3', targetType: 'OPEN_API_SCHEMA' } as never,
          { targetId: 'LAM1', name: 'lam1' } as never,
          { targetId: 'PRV1', name: 'prv1' } as never,
        ],
      });
    ac.on(GetGatewayTargetCommand).callsFake((input: { gatewayIdentifier: string; targetId: string }) => {
      expect(input.gatewayIdentifier).toBe('gw-t');
      return TARGETS[input.targetId];
    });
    ac.on(GetResourcePolicyCommand, { resourceArn: GW.gatewayArn }).resolves({ policy: POLICY });
    const out = await runCollector(gateways, testEnv(), 'us-east-1');
    expect(out.status).toBe('complete');
    expect(ac.commandCalls(ListGatewayTargetsCommand).map((c) => c.args[0].input.nextToken)).toEqual([undefined, 't2']);
    const cfg = out.drafts[0]?.config as AgentCoreGatewayConfig;
    const byName = Object.fromEntries((cfg.targets ?? []).map((t) => [t.name, t]));
    expect(cfg.targets?.map((t) => t.name)).toEqual(['lam1', 'mcp1', 'oas1', 'oas2', 'oas3', 'prv1']);
    expect(byName.mcp1).toEqual({
      targetId: 'MCP1',
      name: 'mcp1',
      targetType: 'MCP_SERVER',
      detail: { credentialTypes: [], endpoints: ['http://crm.example.com:8080'], endpointsUnread: false, privateEndpoint: false },
    });
    expect(byName.oas1?.detail).toMatchObject({ credentialTypes: ['API_KEY'], endpoints: ['https://api.example.com'] });
    expect(byName.oas2).toMatchObject({
      targetType: 'OPEN_API_SCHEMA',
      detail: { endpoints: ['http://legacy.example.com'], endpointsUnread: false },
    });
    expect(byName.oas3?.detail).toMatchObject({ endpoints: [], endpointsUnread: true });
    expect(byName.lam1).toMatchObject({ targetType: 'LAMBDA', detail: { credentialTypes: ['GATEWAY_IAM_ROLE'], endpoints: [] } });
    expect(byName.prv1).toMatchObject({ targetType: 'PASSTHROUGH', detail: { credentialTypes: ['OAUTH'], privateEndpoint: true } });
    // no credentials, paths, query strings or schemas are kept
    const text = JSON.stringify(out.drafts[0]);
    for (const leak of ['s3cr3t', 'token=abc', '/mcp', 'openapi', 'license']) expect(text).not.toContain(leak);
    expect(cfg.resourcePolicy).toEqual([
      { effect: 'Allow', actions: ['bedrock-agentcore:InvokeGateway'], resources: [GW.gatewayArn], principals: ['*'], hasCondition: false },
    ]);
  });

  it('reads OpenAPI servers overridden on a path or an operation (JSON and YAML); without a top-level server an operation without its own leaves the endpoints unread', async () => {
    const json = (o: unknown) => ({ mcp: { openApiSchema: { inlinePayload: JSON.stringify(o) } } });
    const ops = { get: { operationId: 'a', responses: {} } };
    const schemas: Record<string, unknown> = {
      PATH: json({
        openapi: '3.0.0',
        servers: [{ url: 'https://api.example.com' }],
        paths: { '/orders': { servers: [{ url: 'http://legacy.example.com' }], ...ops } },
      }),
      OPER: json({
        openapi: '3.0.0',
        servers: [{ url: 'https://api.example.com' }],
        paths: { '/a': { post: { servers: [{ url: 'http://op.example.com/v1' }], responses: {} } } },
      }),
      NOTOP: json({ openapi: '3.0.0', paths: { '/a': { servers: [{ url: 'https://a.example.com' }], ...ops }, '/b': ops } }),
      ALLOWN: json({ openapi: '3.0.0', paths: { '/a': { servers: [{ url: 'https://a.example.com' }], ...ops } } }),
      YAML: {
        mcp: {
          openApiSchema: {
            inlinePayload:
              'openapi: 3.0.0\nservers:\n  - url: https://api.example.com\npaths:\n  /orders:\n    servers:\n    - url: http://yaml-legacy.example.com\n    get:\n      responses: {}\n',
          },
        },
      },
    };
    ac.on(ListGatewaysCommand).resolves({ items: [{ gatewayId: 'gw-t', name: 'tools' } as never] });
    ac.on(GetGatewayCommand).resolves(GW as never);
    ac.on(ListGatewayTargetsCommand).resolves({
      items: Object.keys(schemas).map((targetId) => ({ targetId, name: targetId.toLowerCase(), targetType: 'OPEN_API_SCHEMA' }) as never),
    });
    ac.on(GetGatewayTargetCommand).callsFake((input: { targetId: string }) =>
      target(input.targetId, schemas[input.targetId], [{ credentialProviderType: 'API_KEY' }]),
    );
    ac.on(GetResourcePolicyCommand).resolves({});
    const out = await runCollector(gateways, testEnv(), 'us-east-1');
    const byName = Object.fromEntries(
      (out.drafts[0]?.config as AgentCoreGatewayConfig | undefined)?.targets?.map((t) => [t.name, t.detail]) ?? [],
    );
    expect(byName.path).toMatchObject({ endpoints: ['http://legacy.example.com', 'https://api.example.com'], endpointsUnread: false });
    expect(byName.oper).toMatchObject({ endpoints: ['http://op.example.com', 'https://api.example.com'], endpointsUnread: false });
    expect(byName.notop).toMatchObject({ endpoints: ['https://a.example.com'], endpointsUnread: true });
    expect(byName.allown).toMatchObject({ endpoints: ['https://a.example.com'], endpointsUnread: false });
    expect(byName.yaml).toMatchObject({ endpoints: ['http://yaml-legacy.example.com', 'https://api.example.com'], endpointsUnread: false });
  });

  it('does not store target status (READY / SYNCHRONIZING transitions must not change the gateway)', async () => {
    ac.on(ListGatewaysCommand).resolves({ items: [{ gatewayId: 'gw-t', name: 'tools' } as never] });
    ac.on(GetGatewayCommand).resolves(GW as never);
    ac.on(ListGatewayTargetsCommand).resolves({ items: [{ targetId: 'MCP1', name: 'mcp1', status: 'SYNCHRONIZING' } as never] });
    ac.on(GetResourcePolicyCommand).resolves({});
    ac.on(GetGatewayTargetCommand).resolves({ ...(TARGETS.MCP1 as object), status: 'SYNCHRONIZING' } as never);
    const a = await runCollector(gateways, testEnv(), 'us-east-1');
    ac.on(GetGatewayTargetCommand).resolves(TARGETS.MCP1 as never);
    const b = await runCollector(gateways, testEnv(), 'us-east-1');
    expect(a.drafts[0]?.config).toEqual(b.drafts[0]?.config);
    expect((a.drafts[0]?.config as AgentCoreGatewayConfig | undefined)?.targets?.[0]).not.toHaveProperty('status');
  });

  it('a denied target read leaves that target unread (detail null) with a gap naming it; the others are kept', async () => {
    ac.on(ListGatewaysCommand).resolves({ items: [{ gatewayId: 'gw-t', name: 'tools' } as never] });
    ac.on(GetGatewayCommand).resolves(GW as never);
    ac.on(ListGatewayTargetsCommand).resolves({
      items: [{ targetId: 'MCP1', name: 'mcp1' } as never, { targetId: 'LAM1', name: 'lam1' } as never],
    });
    ac.on(GetGatewayTargetCommand, { targetId: 'MCP1' }).rejects(awsError('AccessDeniedException', 'denied', 403));
    ac.on(GetGatewayTargetCommand, { targetId: 'LAM1' }).resolves(TARGETS.LAM1 as never);
    ac.on(GetResourcePolicyCommand).resolves({});
    const out = await runCollector(gateways, testEnv(), 'us-east-1');
    expect(out.status).toBe('partial');
    expect(out.gaps).toEqual([
      expect.objectContaining({ service: 'bedrock-agentcore', operation: 'GetGatewayTarget', errorCode: 'AccessDeniedException' }),
    ]);
    const d = out.drafts[0];
    expect(d?.collectionErrors).toEqual(['GetGatewayTarget(MCP1): AccessDeniedException']);
    expect((d?.config as AgentCoreGatewayConfig | undefined)?.targets).toEqual([
      expect.objectContaining({ name: 'lam1', detail: expect.objectContaining({ credentialTypes: ['GATEWAY_IAM_ROLE'] }) }),
      { targetId: 'MCP1', name: 'mcp1', targetType: 'UNKNOWN', detail: null },
    ]);
  });

  it('denied target list and policy stay unread (never empty / no policy); ResourceNotFound on the policy is no policy', async () => {
    ac.on(ListGatewaysCommand).resolves({
      items: [{ gatewayId: 'gw-t', name: 'tools' } as never, { gatewayId: 'gw-u', name: 'other' } as never],
    });
    ac.on(GetGatewayCommand, { gatewayIdentifier: 'gw-t' }).resolves(GW as never);
    ac.on(GetGatewayCommand, { gatewayIdentifier: 'gw-u' }).resolves({
      ...GW,
      gatewayArn: arn('gateway', 'gw-u'),
      gatewayId: 'gw-u',
      name: 'other',
    } as never);
    ac.on(ListGatewayTargetsCommand, { gatewayIdentifier: 'gw-t' }).rejects(awsError('AccessDeniedException', 'denied', 403));
    ac.on(ListGatewayTargetsCommand, { gatewayIdentifier: 'gw-u' }).resolves({ items: [] });
    ac.on(GetResourcePolicyCommand, { resourceArn: GW.gatewayArn }).rejects(awsError('AccessDeniedException', 'denied', 403));
    ac.on(GetResourcePolicyCommand, { resourceArn: arn('gateway', 'gw-u') }).rejects(
      awsError('ResourceNotFoundException', 'no policy', 404),
    );
    const out = await runCollector(gateways, testEnv(), 'us-east-1');
    expect(out.status).toBe('partial');
    const t = out.drafts.find((d) => d.name === 'tools');
    expect(t?.config).toMatchObject({ authorizerType: 'AWS_IAM' });
    expect((t?.config as AgentCoreGatewayConfig | undefined)?.targets).toBeUndefined();
    expect((t?.config as AgentCoreGatewayConfig | undefined)?.resourcePolicy).toBeUndefined();
    expect(t?.collectionErrors?.sort()).toEqual(['GetResourcePolicy: AccessDeniedException', 'ListGatewayTargets: AccessDeniedException']);
    const u = out.drafts.find((d) => d.name === 'other');
    expect(u?.config).toMatchObject({ targets: [], resourcePolicy: null });
    expect(u?.collectionErrors).toBeUndefined();
  });

  it('runtimes read their resource policy too: parsed, none (no policy field) or unread (denied)', async () => {
    ac.on(ListAgentRuntimesCommand).resolves({
      agentRuntimes: ['rt_a', 'rt_b', 'rt_c'].map((n) => ({ agentRuntimeId: `${n}-01`, agentRuntimeName: n }) as never),
    });
    ac.on(GetAgentRuntimeCommand).callsFake((input: { agentRuntimeId: string }) => ({
      agentRuntimeArn: arn('runtime', input.agentRuntimeId),
      agentRuntimeId: input.agentRuntimeId,
      agentRuntimeName: input.agentRuntimeId.slice(0, -3),
      agentRuntimeVersion: '1',
      status: 'READY',
    }));
    ac.on(ListAgentRuntimeEndpointsCommand).resolves({ runtimeEndpoints: [] });
    ac.on(ListAgentRuntimeVersionsCommand).resolves({ agentRuntimes: [] });
    ac.on(GetResourcePolicyCommand, { resourceArn: arn('runtime', 'rt_a-01') }).resolves({
      policy: JSON.stringify({
        Statement: { Effect: 'Allow', NotPrincipal: { AWS: `arn:aws:iam::${ACCOUNT}:role/x` }, Action: '*', Resource: '*' },
      }),
    });
    ac.on(GetResourcePolicyCommand, { resourceArn: arn('runtime', 'rt_b-01') }).resolves({});
    ac.on(GetResourcePolicyCommand, { resourceArn: arn('runtime', 'rt_c-01') }).rejects(awsError('AccessDeniedException', 'denied', 403));
    const out = await runCollector(runtimes, testEnv(), 'us-east-1');
    const policy = (n: string) => (out.drafts.find((d) => d.name === n)?.config as AgentCoreRuntimeConfig | undefined)?.resourcePolicy;
    expect(policy('rt_a')).toEqual([
      { effect: 'Allow', actions: ['*'], resources: ['*'], notPrincipals: [`arn:aws:iam::${ACCOUNT}:role/x`], hasCondition: false },
    ]);
    expect(policy('rt_b')).toBeNull();
    expect(policy('rt_c')).toBeUndefined();
    expect(out.drafts.find((d) => d.name === 'rt_c')?.collectionErrors).toEqual(['GetResourcePolicy: AccessDeniedException']);
  });
});

describe('AgentCore token vault collector', () => {
  it('reads the default vault key and counts credential providers across pages', async () => {
    ac.on(GetTokenVaultCommand).resolves({
      tokenVaultId: 'default',
      kmsConfiguration: { keyType: 'CustomerManagedKey', kmsKeyArn: KEY },
      lastModifiedDate: new Date(),
    });
    ac.on(ListApiKeyCredentialProvidersCommand)
      .resolvesOnce({ credentialProviders: [{ name: 'a' } as never], nextToken: 'n2' })
      .resolvesOnce({ credentialProviders: [{ name: 'b' } as never] });
    ac.on(ListOauth2CredentialProvidersCommand).resolves({ credentialProviders: [] });
    const out = await runCollector(tokenVaults, testEnv(), 'us-east-1');
    expect(out.status).toBe('complete');
    expect(out.drafts).toHaveLength(1);
    expect(out.drafts[0]).toMatchObject({
      id: arn('token-vault', 'default'),
      type: 'bedrock-agentcore.token-vault',
      name: 'token-vault/us-east-1',
      config: { tokenVaultId: 'default', keyType: 'CustomerManagedKey', kmsKeyArn: KEY, apiKeyProviders: 2, oauth2Providers: 0 },
      relationships: [{ kind: 'encrypted-by', targetId: KEY }],
    });
    expect(tokenVaults.idFor?.({ region: 'eu-west-1', key: 'default' }, ACCOUNT, 'aws')).toBe(
      `arn:aws:bedrock-agentcore:eu-west-1:${ACCOUNT}:token-vault/default`,
    );
  });

  it('no vault (ResourceNotFound) is no asset; a denied GetTokenVault fails the type with a gap (never a clean region)', async () => {
    ac.on(GetTokenVaultCommand).rejects(awsError('ResourceNotFoundException', 'no vault', 404));
    const none = await runCollector(tokenVaults, testEnv(), 'us-east-1');
    expect(none).toMatchObject({ status: 'complete', drafts: [], gaps: [] });
    ac.reset();
    ac.on(GetTokenVaultCommand).rejects(awsError('AccessDeniedException', 'denied', 403));
    const denied = await runCollector(tokenVaults, testEnv(), 'us-east-1');
    expect(denied.status).toBe('failed');
    expect(denied.gaps).toEqual([expect.objectContaining({ errorCode: 'AccessDeniedException' })]);
  });

  it('a denied provider list leaves its count unread (the check answers ERROR) and records a gap', async () => {
    ac.on(GetTokenVaultCommand).resolves({
      tokenVaultId: 'default',
      kmsConfiguration: { keyType: 'ServiceManagedKey' },
      lastModifiedDate: new Date(),
    });
    ac.on(ListApiKeyCredentialProvidersCommand).rejects(awsError('AccessDeniedException', 'denied', 403));
    ac.on(ListOauth2CredentialProvidersCommand).resolves({ credentialProviders: [{ name: 'o' } as never] });
    const out = await runCollector(tokenVaults, testEnv(), 'us-east-1');
    expect(out.status).toBe('partial');
    expect(out.drafts[0]?.config).toMatchObject({ keyType: 'ServiceManagedKey', kmsKeyArn: null, oauth2Providers: 1 });
    expect((out.drafts[0]?.config as { apiKeyProviders?: number } | undefined)?.apiKeyProviders).toBeUndefined();
    expect(out.drafts[0]?.collectionErrors).toEqual(['ListApiKeyCredentialProviders: AccessDeniedException']);
  });
});

describe('AgentCore memories collector', () => {
  it('reads the encryption key and execution role; a vanished memory is skipped', async () => {
    ac.on(ListMemoriesCommand).resolves({
      memories: [{ id: 'mem-1', arn: arn('memory', 'mem-1') } as never, { id: 'mem-gone', arn: arn('memory', 'mem-gone') } as never],
    });
    ac.on(GetMemoryCommand, { memoryId: 'mem-1' }).resolves({
      memory: {
        arn: arn('memory', 'mem-1'),
        id: 'mem-1',
        name: 'support_memory',
        encryptionKeyArn: KEY,
        memoryExecutionRoleArn: ROLE,
        eventExpiryDuration: 30,
        status: 'ACTIVE',
        strategies: [{}, {}],
      } as never,
    });
    ac.on(GetMemoryCommand, { memoryId: 'mem-gone' }).rejects(awsError('ResourceNotFoundException', 'gone', 404));
    const out = await runCollector(memories, testEnv(), 'us-east-1');
    expect(out.status).toBe('complete');
    expect(out.drafts).toHaveLength(1);
    expect(out.drafts[0]).toMatchObject({
      name: 'support_memory',
      config: { memoryId: 'mem-1', encryptionKeyArn: KEY, roleArn: ROLE, eventExpiryDays: 30, strategyCount: 2, status: 'ACTIVE' },
    });
  });
});

describe('AgentCore custom browsers collector', () => {
  it('lists CUSTOM browsers only and reads network mode and session recording (bucket becomes a data relationship)', async () => {
    ac.on(ListBrowsersCommand).resolves({ browserSummaries: [{ browserId: 'br-1', name: 'research', status: 'READY' } as never] });
    ac.on(GetBrowserCommand).resolves({
      browserArn: arn('browser-custom', 'br-1'),
      browserId: 'br-1',
      name: 'research',
      status: 'READY',
      executionRoleArn: ROLE,
      networkConfiguration: { networkMode: 'VPC', vpcConfig: { subnets: ['subnet-1'], securityGroups: ['sg-1'] } },
      recording: { enabled: true, s3Location: { bucket: 'recordings', prefix: 'browser/' } },
    } as never);
    const out = await runCollector(browsers, testEnv(), 'us-east-1');
    expect(ac.commandCalls(ListBrowsersCommand)[0].args[0].input).toMatchObject({ type: 'CUSTOM' });
    expect(out.drafts[0].config).toEqual({
      browserId: 'br-1',
      status: 'READY',
      roleArn: ROLE,
      network: { mode: 'VPC', subnets: ['subnet-1'], securityGroups: ['sg-1'] },
      recording: { enabled: true, bucket: 'recordings', prefix: 'browser/' },
    });
    expect(out.drafts[0].relationships).toContainEqual({
      kind: 'writes-data',
      targetId: 'arn:aws:s3:::recordings',
      targetType: 's3.bucket',
    });
  });

  it('no recording configuration is null; DELETED browsers are not assets', async () => {
    ac.on(ListBrowsersCommand).resolves({
      browserSummaries: [
        { browserId: 'br-2', name: 'public', status: 'READY' } as never,
        { browserId: 'br-3', name: 'old', status: 'DELETED' } as never,
      ],
    });
    ac.on(GetBrowserCommand).resolves({
      browserArn: arn('browser-custom', 'br-2'),
      name: 'public',
      status: 'READY',
      networkConfiguration: { networkMode: 'PUBLIC' },
    } as never);
    const out = await runCollector(browsers, testEnv(), 'us-east-1');
    expect(out.drafts).toHaveLength(1);
    expect(out.drafts[0].config).toMatchObject({ network: { mode: 'PUBLIC' }, recording: null });
    expect(ac.commandCalls(GetBrowserCommand)).toHaveLength(1);
  });
});

describe('AgentCore custom code interpreters collector', () => {
  it('lists CUSTOM code interpreters and reads their network mode', async () => {
    ac.on(ListCodeInterpretersCommand).resolves({
      codeInterpreterSummaries: [{ codeInterpreterId: 'ci-1', name: 'sandboxed', status: 'READY' } as never],
    });
    ac.on(GetCodeInterpreterCommand).resolves({
      codeInterpreterArn: arn('code-interpreter-custom', 'ci-1'),
      codeInterpreterId: 'ci-1',
      name: 'sandboxed',
      status: 'READY',
      executionRoleArn: ROLE,
      networkConfiguration: { networkMode: 'SANDBOX' },
    } as never);
    const out = await runCollector(codeInterpreters, testEnv(), 'us-east-1');
    expect(ac.commandCalls(ListCodeInterpretersCommand)[0].args[0].input).toMatchObject({ type: 'CUSTOM' });
    expect(out.drafts[0]).toMatchObject({
      id: arn('code-interpreter-custom', 'ci-1'),
      config: { codeInterpreterId: 'ci-1', network: { mode: 'SANDBOX', subnets: [], securityGroups: [] }, roleArn: ROLE },
    });
  });

  it('refresh of a deleted code interpreter returns null (tombstone) and idFor names its ARN', async () => {
    ac.on(GetCodeInterpreterCommand).rejects(awsError('ResourceNotFoundException', 'not found', 404));
    const env = testEnv();
    const { TypeRun } = await import('../../../shared/collectors/context.ts');
    const run = new TypeRun(env, 'bedrock-agentcore.code-interpreter', 'us-east-1');
    expect(await codeInterpreters.refresh?.(run, { region: 'us-east-1', key: 'ci-1' })).toBeNull();
    expect(codeInterpreters.idFor?.({ region: 'us-east-1', key: 'ci-1' }, ACCOUNT, 'aws')).toBe(arn('code-interpreter-custom', 'ci-1'));
  });
});

describe('AgentCore gateway OpenAPI servers reader: conservative (what it does not fully understand is unread)', () => {
  const GWT = { gatewayArn: arn('gateway', 'gw-t'), gatewayId: 'gw-t', name: 'tools', status: 'READY', authorizerType: 'AWS_IAM' };
  async function read(schemas: Record<string, string>) {
    ac.on(ListGatewaysCommand).resolves({ items: [{ gatewayId: 'gw-t', name: 'tools' } as never] });
    ac.on(GetGatewayCommand).resolves(GWT as never);
    ac.on(ListGatewayTargetsCommand).resolves({
      items: Object.keys(schemas).map((targetId) => ({ targetId, name: targetId.toLowerCase(), targetType: 'OPEN_API_SCHEMA' }) as never),
    });
    ac.on(GetGatewayTargetCommand).callsFake((input: { targetId: string }) => ({
      gatewayArn: GWT.gatewayArn,
      targetId: input.targetId,
      name: input.targetId.toLowerCase(),
      targetConfiguration: { mcp: { openApiSchema: { inlinePayload: schemas[input.targetId] } } },
      credentialProviderConfigurations: [{ credentialProviderType: 'API_KEY' }],
    }));
    ac.on(GetResourcePolicyCommand).resolves({});
    const out = await runCollector(gateways, testEnv(), 'us-east-1');
    return Object.fromEntries((out.drafts[0]?.config as AgentCoreGatewayConfig | undefined)?.targets?.map((t) => [t.name, t.detail]) ?? []);
  }
  const TOP = 'openapi: 3.0.0\nservers:\n  - url: https://api.example.com\n';
  const BOTH = { endpoints: ['http://plain.example.com', 'https://api.example.com'], endpointsUnread: false };
  const never = (d: { endpoints: string[]; endpointsUnread: boolean } | null | undefined) =>
    expect(d?.endpointsUnread === true || d?.endpoints.includes('http://plain.example.com')).toBe(true);

  it('YAML http servers in valid forms are read (flow mapping item, quoted keys, url on the next line), or the endpoints are unread', async () => {
    const d = await read({
      FLOWITEM: `openapi: 3.0.0\nservers:\n  - url: https://api.example.com\n  - {url: 'http://plain.example.com'}\npaths: {}\n`,
      QUOTED: `${TOP}paths:\n  /x:\n    "servers":\n      - url: http://plain.example.com\n    get:\n      responses: {}\n`,
      NEXTLINE: `openapi: 3.0.0\nservers:\n  - url: https://api.example.com\n  - url:\n      http://plain.example.com\npaths: {}\n`,
      QURL: `openapi: 3.0.0\nservers:\n  - url: https://api.example.com\n  - "url": http://plain.example.com\npaths: {}\n`,
      SQURL: `openapi: 3.0.0\n'servers':\n  - description: legacy\n    'url': "http://plain.example.com"\n  - url: https://api.example.com # main\n`,
    });
    for (const k of ['flowitem', 'quoted', 'nextline', 'qurl', 'squrl']) never(d[k]);
    expect(d.flowitem).toMatchObject(BOTH);
    expect(d.quoted).toMatchObject(BOTH);
    expect(d.qurl).toMatchObject(BOTH);
    expect(d.squrl).toMatchObject(BOTH);
  });

  it('a JSON or YAML path item by $ref (components.pathItems, possibly with its own servers) leaves the endpoints unread', async () => {
    const doc = JSON.stringify({
      openapi: '3.1.0',
      servers: [{ url: 'https://api.example.com' }],
      paths: { '/x': { $ref: '#/components/pathItems/X' } },
      components: { pathItems: { X: { servers: [{ url: 'http://plain.example.com' }], get: { responses: {} } } } },
    });
    const d = await read({ REF: doc, YREF: `${TOP}paths:\n  /x:\n    $ref: '#/components/pathItems/X'\n` });
    expect(d.ref).toMatchObject({ endpoints: ['https://api.example.com'], endpointsUnread: true });
    expect(d.yref).toMatchObject({ endpoints: ['https://api.example.com'], endpointsUnread: true });
  });

  it('aliases, block-scalar urls, multi-line flow, tabs, servers that are not a list of {url} are unread; one-line flow is read', async () => {
    const d = await read({
      ALIAS: `${TOP}paths:\n  /x:\n    servers: *s\n    get: {}\n`,
      BLOCK: `openapi: 3.0.0\nservers:\n  - url: >-\n      http://x.example.com\n`,
      MULTIFLOW: `openapi: 3.0.0\nservers: [{url: 'https://a.example.com'},\n  {url: 'http://x.example.com'}]\n`,
      NOURL: `${TOP}paths:\n  /x:\n    servers:\n      - description: no url\n    get: {}\n`,
      EMPTYBLOCK: `openapi: 3.0.0\nservers:\npaths:\n  /x:\n    get: {}\n`,
      NOTLIST: `openapi: 3.0.0\nservers:\n  url: https://a.example.com\n`,
      TAB: `openapi: 3.0.0\nservers:\n\t- url: https://a.example.com\n`,
      FLOW: `openapi: 3.0.0\nservers: [{url: 'https://a.example.com'}, {url: "http://plain.example.com"}]\n`,
      WHOLE: `{openapi: 3.0.0, servers: [{url: 'https://a.example.com'}]}`,
    });
    for (const k of ['alias', 'block', 'multiflow', 'nourl', 'emptyblock', 'notlist', 'tab']) expect(d[k]?.endpointsUnread, k).toBe(true);
    expect(d.flow).toMatchObject({ endpoints: ['http://plain.example.com', 'https://a.example.com'], endpointsUnread: false });
    expect(d.whole).toMatchObject({ endpoints: ['https://a.example.com'], endpointsUnread: false });
  });

  it('YAML needs a top-level server, or one on every operation, like JSON; `servers: []` at the top level falls back to the operations', async () => {
    const y = 'openapi: 3.0.0\npaths:\n  /a:\n    servers:\n      - url: https://a.example.com\n    get:\n      responses: {}\n';
    const j = JSON.stringify({
      openapi: '3.0.0',
      paths: { '/a': { servers: [{ url: 'https://a.example.com' }], get: { responses: {} } } },
    });
    const d = await read({
      Y: y,
      J: j,
      YOP: 'openapi: 3.0.0\npaths:\n  /a:\n    get:\n      servers:\n        - url: https://a.example.com\n    post:\n      responses: {}\n',
      YNONE: 'openapi: 3.0.0\npaths:\n  /a:\n    get:\n      responses: {}\n',
      YEMPTYTOP: 'openapi: 3.0.0\nservers: []\npaths:\n  /a:\n    get:\n      responses: {}\n',
      NOOPS: JSON.stringify({ openapi: '3.0.0', paths: { '/a': { servers: [{ url: 'https://a.example.com' }] } } }),
      YNESTED: 'openapi: 3.0.0\ninfo:\n  x:\n    servers:\n      - url: https://a.example.com\npaths:\n  /a:\n    get: {}\n',
    });
    expect(d.y).toMatchObject({ endpoints: ['https://a.example.com'], endpointsUnread: false });
    expect(d.j).toMatchObject({ endpoints: ['https://a.example.com'], endpointsUnread: false });
    expect(d.yop?.endpointsUnread).toBe(true);
    expect(d.ynone?.endpointsUnread).toBe(true);
    expect(d.yemptytop?.endpointsUnread).toBe(true);
    expect(d.ynested?.endpointsUnread).toBe(true);
    // no top-level server and no operation: nothing shows the path servers are all there is
    expect(d.noops?.endpointsUnread).toBe(true);
  });

  it('a bare `servers:` inside a description block scalar or multi-line text is only text', async () => {
    const d = await read({
      DESC: `openapi: 3.0.0\ninfo:\n  description: |\n    Our servers:\n    servers:\n      are fast\n  summary: "a\n    servers: [x]"\n${TOP.slice(15)}`,
    });
    expect(d.desc).toMatchObject({ endpoints: ['https://api.example.com'], endpointsUnread: false });
  });

  it('bounds: more than 200 distinct server URLs or 500 paths (JSON and YAML) leave the endpoints unread; repeats of one URL do not', async () => {
    const ops = (n: number, url: (i: number) => string) =>
      Object.fromEntries(Array.from({ length: n }, (_, i) => [`/p${i}`, { get: { servers: [{ url: url(i) }], responses: {} } }]));
    const yamlPaths = (n: number) =>
      `${TOP}paths:\n${Array.from({ length: n }, (_, i) => `  /p${i}:\n    get:\n      responses: {}\n`).join('')}`;
    const d = await read({
      SAME: JSON.stringify({ openapi: '3.0.0', paths: ops(250, () => 'https://api.example.com') }),
      D200: JSON.stringify({ openapi: '3.0.0', paths: ops(200, (i) => `https://h${i}.example.com`) }),
      D201: JSON.stringify({ openapi: '3.0.0', paths: ops(201, (i) => `https://h${i}.example.com`) }),
      J500: JSON.stringify({
        openapi: '3.0.0',
        servers: [{ url: 'https://api.example.com' }],
        paths: ops(500, () => 'https://api.example.com'),
      }),
      J501: JSON.stringify({
        openapi: '3.0.0',
        servers: [{ url: 'https://api.example.com' }],
        paths: ops(501, () => 'https://api.example.com'),
      }),
      Y500: yamlPaths(500),
      Y501: yamlPaths(501),
    });
    expect(d.same).toMatchObject({ endpoints: ['https://api.example.com'], endpointsUnread: false });
    expect(d.d200?.endpointsUnread).toBe(false);
    expect(d.d201?.endpointsUnread).toBe(true);
    expect(d.j500?.endpointsUnread).toBe(false);
    expect(d.j501?.endpointsUnread).toBe(true);
    expect(d.y500?.endpointsUnread).toBe(false);
    expect(d.y501?.endpointsUnread).toBe(true);
  });

  it('YAML lines broken by a lone CR are read; NEL, U+2028 and U+2029 leave the endpoints unread; endpoint_https never PASSes on them', async () => {
    const head = 'openapi: 3.0.0\nservers:\n  - url: https://api.example.com\npaths:\n  /x:\n    get:\n      summary: hi';
    const tail = (br: string) => `      servers:${br}        - url: http://plain.example.com${br}      responses: {}\n`;
    const d = await read({
      CR: `${head}\r${tail('\r')}`,
      NEL: `${head}\u0085${tail('\u0085')}`,
      LS: `${head}\u2028${tail('\u2028')}`,
      PS: `${head}\u2029${tail('\u2029')}`,
    });
    expect(d.cr).toMatchObject(BOTH);
    for (const k of ['nel', 'ls', 'ps']) expect(d[k], k).toMatchObject({ endpoints: [], endpointsUnread: true });
    const check = BEDROCKAGENTCORE_CHECKS.find((c) => c.metadata.id === 'bedrockagentcore_gateway_target_endpoint_https');
    for (const [name, detail] of Object.entries(d)) {
      const asset = withConfig(agentcore.gateway('g'), { targets: [gatewayTarget(name, 'OPEN_API_SCHEMA', ['API_KEY'], detail ?? {})] });
      const r = check?.evaluate(asset as never, { graph: new InventoryGraph([asset as never], []), now: NOW, settings: {} });
      expect((Array.isArray(r) ? r[0] : r)?.status, name).not.toBe('PASS');
    }
  });

  it('a schema over 1,000,000 characters (JSON or YAML) leaves the endpoints unread', async () => {
    const pad = 'x'.repeat(1_000_000);
    const d = await read({
      BIGJ: JSON.stringify({ openapi: '3.0.0', servers: [{ url: 'https://api.example.com' }], info: { description: pad }, paths: {} }),
      BIGY: `${TOP}info:\n  description: ${pad}\npaths: {}\n`,
      SMALL: `${TOP}paths: {}\n`,
    });
    expect(d.bigj).toMatchObject({ endpoints: [], endpointsUnread: true });
    expect(d.bigy).toMatchObject({ endpoints: [], endpointsUnread: true });
    expect(d.small).toMatchObject({ endpoints: ['https://api.example.com'], endpointsUnread: false });
  });
});
