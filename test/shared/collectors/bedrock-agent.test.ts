import {
  BedrockAgentClient,
  GetAgentActionGroupCommand,
  GetAgentCommand,
  GetAgentVersionCommand,
  GetDataSourceCommand,
  GetFlowCommand,
  GetFlowVersionCommand,
  GetKnowledgeBaseCommand,
  ListAgentActionGroupsCommand,
  ListAgentAliasesCommand,
  ListAgentKnowledgeBasesCommand,
  ListAgentsCommand,
  ListDataSourcesCommand,
  ListFlowAliasesCommand,
  ListFlowsCommand,
  ListFlowVersionsCommand,
  ListKnowledgeBasesCommand,
} from '@aws-sdk/client-bedrock-agent';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { agents, flows, knowledgeBases } from '../../../shared/collectors/bedrock-agent.ts';
import { runCollector } from '../../../shared/collectors/context.ts';
import { ACCOUNT, awsError, testEnv, testRun } from '../../fixtures/discovery/env.ts';

const agent = mockClient(BedrockAgentClient);
afterEach(() => agent.reset());

function mockAgent(opts: { guardrail?: boolean; actionGroupsDenied?: boolean } = {}) {
  agent.on(ListAgentsCommand).resolves({ agentSummaries: [{ agentId: 'AG1', agentName: 'a1' } as never] });
  agent.on(GetAgentCommand).resolves({
    agent: {
      agentId: 'AG1',
      agentName: 'a1',
      agentArn: `arn:aws:bedrock:us-east-1:${ACCOUNT}:agent/AG1`,
      agentStatus: 'PREPARED',
      agentResourceRoleArn: `arn:aws:iam::${ACCOUNT}:role/agent-role`,
      foundationModel: 'anthropic.claude-3-haiku-20240307-v1:0',
      instruction: 'secret business instructions',
      ...(opts.guardrail ? { guardrailConfiguration: { guardrailIdentifier: 'gr1', guardrailVersion: '2' } } : {}),
    } as never,
  });
  agent.on(ListAgentAliasesCommand).resolves({
    agentAliasSummaries: [{ agentAliasId: 'AL1', agentAliasName: 'prod', routingConfiguration: [{ agentVersion: '3' }] } as never],
  });
  if (opts.actionGroupsDenied) agent.on(ListAgentActionGroupsCommand).rejects(awsError('AccessDeniedException', 'denied', 403));
  else
    agent
      .on(ListAgentActionGroupsCommand, { nextToken: undefined })
      .resolves({ actionGroupSummaries: [{ actionGroupId: 'G1' } as never], nextToken: 't2' })
      .on(ListAgentActionGroupsCommand, { nextToken: 't2' })
      .resolves({ actionGroupSummaries: [{ actionGroupId: 'G2' } as never] });
  agent.on(GetAgentActionGroupCommand, { actionGroupId: 'G1' }).resolves({
    agentActionGroup: {
      actionGroupId: 'G1',
      actionGroupName: 'orders',
      actionGroupState: 'ENABLED',
      actionGroupExecutor: { lambda: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:orders` },
    } as never,
  });
  agent.on(GetAgentActionGroupCommand, { actionGroupId: 'G2' }).resolves({
    agentActionGroup: {
      actionGroupId: 'G2',
      actionGroupName: 'ask-user',
      actionGroupState: 'ENABLED',
      parentActionSignature: 'AMAZON.UserInput',
    } as never,
  });
  agent
    .on(ListAgentKnowledgeBasesCommand)
    .resolves({ agentKnowledgeBaseSummaries: [{ knowledgeBaseId: 'KB1', knowledgeBaseState: 'ENABLED' } as never] });
}

describe('agents collector', () => {
  it('collects aliases, paginated action groups with their executors, knowledge bases and relationships', async () => {
    mockAgent({ guardrail: true });
    const out = await runCollector(agents, testEnv(), 'us-east-1');
    expect(out.status).toBe('complete');
    const d = out.drafts[0];
    expect(d.config).toMatchObject({
      agentId: 'AG1',
      guardrail: { id: 'gr1', version: '2' },
      customerEncryptionKeyArn: null,
      aliases: [{ name: 'prod', id: 'AL1', routingVersions: ['3'] }],
      actionGroups: [
        { name: 'orders', executorKind: 'lambda', lambdaArn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:orders` },
        { name: 'ask-user', executorKind: 'built-in', lambdaArn: null },
      ],
      knowledgeBaseIds: ['KB1'],
      instructionLength: 'secret business instructions'.length,
    });
    // instructions are never stored
    expect(JSON.stringify(d)).not.toContain('secret business instructions');
    expect(d.relationships).toEqual(
      expect.arrayContaining([
        { kind: 'uses-guardrail', targetId: `arn:aws:bedrock:us-east-1:${ACCOUNT}:guardrail/gr1`, targetType: 'bedrock.guardrail' },
        { kind: 'invokes-function', targetId: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:orders`, targetType: 'lambda.function' },
        {
          kind: 'uses-knowledge-base',
          targetId: `arn:aws:bedrock:us-east-1:${ACCOUNT}:knowledge-base/KB1`,
          targetType: 'bedrock.knowledge-base',
        },
        { kind: 'assumes-role', targetId: `arn:aws:iam::${ACCOUNT}:role/agent-role`, targetType: 'iam.role' },
        {
          kind: 'uses-model',
          targetId: 'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0',
          targetType: 'bedrock.foundation-model',
        },
      ]),
    );
  });

  it('reads the released versions the aliases route to (production can differ from DRAFT)', async () => {
    mockAgent({ guardrail: true });
    agent.on(GetAgentVersionCommand, { agentVersion: '3' }).resolves({
      agentVersion: {
        agentId: 'AG1',
        version: '3',
        agentResourceRoleArn: `arn:aws:iam::${ACCOUNT}:role/old-role`,
        foundationModel: 'anthropic.claude-v2',
      } as never,
    });
    const out = await runCollector(agents, testEnv(), 'us-east-1');
    const cfg = out.drafts[0].config as { guardrail: unknown; releasedVersions: unknown };
    expect(cfg.guardrail).toEqual({ id: 'gr1', version: '2' });
    expect(cfg.releasedVersions).toEqual([
      {
        version: '3',
        guardrail: null,
        roleArn: `arn:aws:iam::${ACCOUNT}:role/old-role`,
        customerEncryptionKeyArn: null,
        foundationModel: 'anthropic.claude-v2',
      },
    ]);
    expect(out.drafts[0].relationships).toContainEqual({
      kind: 'assumes-role',
      targetId: `arn:aws:iam::${ACCOUNT}:role/old-role`,
      targetType: 'iam.role',
    });
  });

  it('an agent without guardrail is null (read, not set)', async () => {
    mockAgent();
    const out = await runCollector(agents, testEnv(), 'us-east-1');
    expect((out.drafts[0].config as { guardrail: unknown }).guardrail).toBeNull();
  });

  it('a denied sub-list leaves action groups unknown (undefined) and marks the scan partial', async () => {
    mockAgent({ actionGroupsDenied: true });
    const out = await runCollector(agents, testEnv(), 'us-east-1');
    expect(out.status).toBe('partial');
    expect((out.drafts[0].config as { actionGroups?: unknown }).actionGroups).toBeUndefined();
    expect(out.drafts[0].collectionErrors).toEqual(['ListAgentActionGroups: AccessDeniedException']);
    expect(out.gaps[0]).toMatchObject({ service: 'bedrock-agent', operation: 'ListAgentActionGroups' });
  });
});

describe('knowledge bases collector', () => {
  it('reads data sources (bucket, KMS, deletion policy) and vector store', async () => {
    agent.on(ListKnowledgeBasesCommand).resolves({ knowledgeBaseSummaries: [{ knowledgeBaseId: 'KB1' } as never] });
    agent.on(GetKnowledgeBaseCommand).resolves({
      knowledgeBase: {
        knowledgeBaseId: 'KB1',
        name: 'kb',
        knowledgeBaseArn: `arn:aws:bedrock:us-east-1:${ACCOUNT}:knowledge-base/KB1`,
        roleArn: `arn:aws:iam::${ACCOUNT}:role/kb`,
        status: 'ACTIVE',
        knowledgeBaseConfiguration: {
          type: 'VECTOR',
          vectorKnowledgeBaseConfiguration: {
            embeddingModelArn: 'arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-embed-text-v2:0',
          },
        },
        storageConfiguration: { type: 'OPENSEARCH_SERVERLESS' },
      } as never,
    });
    agent.on(ListDataSourcesCommand).resolves({ dataSourceSummaries: [{ dataSourceId: 'DS1' } as never] });
    agent.on(GetDataSourceCommand).resolves({
      dataSource: {
        dataSourceId: 'DS1',
        name: 'docs',
        dataSourceConfiguration: { type: 'S3', s3Configuration: { bucketArn: 'arn:aws:s3:::kb-docs' } },
        dataDeletionPolicy: 'RETAIN',
      } as never,
    });
    const out = await runCollector(knowledgeBases, testEnv(), 'us-east-1');
    expect(out.drafts[0].config).toMatchObject({
      storageType: 'OPENSEARCH_SERVERLESS',
      dataSources: [{ id: 'DS1', bucketArn: 'arn:aws:s3:::kb-docs', kmsKeyArn: null, dataDeletionPolicy: 'RETAIN', type: 'S3' }],
    });
    expect(out.drafts[0].relationships).toContainEqual({ kind: 'reads-data', targetId: 'arn:aws:s3:::kb-docs', targetType: 's3.bucket' });
  });
});

describe('flows collector', () => {
  const FLOW_ARN = `arn:aws:bedrock:us-east-1:${ACCOUNT}:flow/FLOW000001`;
  const SECRET_TEMPLATE = 'You are the pricing bot. Internal discount code: ZEBRA-42.';
  const definition = (guarded: boolean) => ({
    nodes: [
      { name: 'FlowInput', type: 'Input', configuration: { input: {} } },
      {
        name: 'answer',
        type: 'Prompt',
        configuration: {
          prompt: {
            sourceConfiguration: {
              inline: {
                modelId: 'anthropic.claude-3-haiku-20240307-v1:0',
                templateType: 'TEXT',
                templateConfiguration: { text: { text: SECRET_TEMPLATE } },
              },
            },
            ...(guarded ? { guardrailConfiguration: { guardrailIdentifier: 'gr1', guardrailVersion: '2' } } : {}),
          },
        },
      },
      {
        name: 'lookup',
        type: 'KnowledgeBase',
        configuration: { knowledgeBase: { knowledgeBaseId: 'KB1', modelId: 'anthropic.claude-3-haiku-20240307-v1:0' } },
      },
      { name: 'raw', type: 'KnowledgeBase', configuration: { knowledgeBase: { knowledgeBaseId: 'KB2' } } },
      { name: 'code', type: 'InlineCode', configuration: { inlineCode: { code: 'print(42)', language: 'Python_3' } } },
      {
        name: 'tool',
        type: 'LambdaFunction',
        configuration: { lambdaFunction: { lambdaArn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:tool` } },
      },
      {
        name: 'retry',
        type: 'Loop',
        configuration: {
          loop: {
            definition: {
              nodes: [
                { name: 'inner', type: 'Prompt', configuration: { prompt: { sourceConfiguration: { resource: { promptArn: 'p' } } } } },
              ],
            },
          },
        },
      },
    ],
  });
  /** `versions`: the published versions ListFlowVersions returns (the DRAFT is listed too, as for agents). */
  function mockFlow(opts: { aliases?: { id: string; versions: string[] }[]; versions?: string[] } = {}) {
    agent.on(ListFlowVersionsCommand).resolves({
      flowVersionSummaries: ['DRAFT', ...(opts.versions ?? [])].map((version) => ({ id: 'FLOW000001', arn: FLOW_ARN, version })) as never,
    });
    agent.on(ListFlowsCommand).resolves({ flowSummaries: [{ id: 'FLOW000001', name: 'pricing' } as never] });
    agent.on(GetFlowCommand).resolves({
      id: 'FLOW000001',
      arn: FLOW_ARN,
      name: 'pricing',
      status: 'Prepared',
      version: 'DRAFT',
      executionRoleArn: `arn:aws:iam::${ACCOUNT}:role/flow-role`,
      customerEncryptionKeyArn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/k1`,
      definition: definition(true),
    } as never);
    agent.on(ListFlowAliasesCommand).resolves({
      flowAliasSummaries: (opts.aliases ?? []).map((a) => ({
        id: a.id,
        name: a.id.toLowerCase(),
        flowId: 'FLOW000001',
        routingConfiguration: a.versions.map((flowVersion) => ({ flowVersion })),
      })) as never,
    });
  }

  it('summarizes the DRAFT nodes (names, types, guardrails) without prompt text or code, and relates what the nodes use', async () => {
    mockFlow();
    const out = await runCollector(flows, testEnv(), 'us-east-1');
    expect(out.status).toBe('complete');
    const d = out.drafts[0];
    expect(d).toMatchObject({ id: FLOW_ARN, type: 'bedrock.flow', name: 'pricing' });
    expect(d.config).toEqual({
      flowId: 'FLOW000001',
      version: 'DRAFT',
      status: 'Prepared',
      roleArn: `arn:aws:iam::${ACCOUNT}:role/flow-role`,
      customerEncryptionKeyArn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/k1`,
      nodes: [
        { name: 'FlowInput', type: 'Input', guardrail: null, invokesModel: false },
        { name: 'answer', type: 'Prompt', guardrail: { id: 'gr1', version: '2' }, invokesModel: true },
        { name: 'lookup', type: 'KnowledgeBase', guardrail: null, invokesModel: true },
        { name: 'raw', type: 'KnowledgeBase', guardrail: null, invokesModel: false },
        { name: 'code', type: 'InlineCode', guardrail: null, invokesModel: false },
        { name: 'tool', type: 'LambdaFunction', guardrail: null, invokesModel: false },
        { name: 'retry', type: 'Loop', guardrail: null, invokesModel: false },
        { name: 'retry/inner', type: 'Prompt', guardrail: null, invokesModel: true },
      ],
      aliases: [],
      aliasedVersions: [],
      publishedVersions: [],
    });
    const text = JSON.stringify(d);
    expect(text).not.toContain('ZEBRA-42');
    expect(text).not.toContain('print(42)');
    expect(d.relationships).toEqual(
      expect.arrayContaining([
        { kind: 'assumes-role', targetId: `arn:aws:iam::${ACCOUNT}:role/flow-role`, targetType: 'iam.role' },
        { kind: 'encrypted-by', targetId: `arn:aws:kms:us-east-1:${ACCOUNT}:key/k1` },
        { kind: 'uses-guardrail', targetId: `arn:aws:bedrock:us-east-1:${ACCOUNT}:guardrail/gr1`, targetType: 'bedrock.guardrail' },
        {
          kind: 'uses-model',
          targetId: 'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0',
          targetType: 'bedrock.foundation-model',
        },
        {
          kind: 'uses-knowledge-base',
          targetId: `arn:aws:bedrock:us-east-1:${ACCOUNT}:knowledge-base/KB2`,
          targetType: 'bedrock.knowledge-base',
        },
        { kind: 'invokes-function', targetId: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:tool`, targetType: 'lambda.function' },
      ]),
    );
  });

  it('reads the versions the aliases route to (DRAFT excluded: it is the top level)', async () => {
    mockFlow({
      aliases: [
        { id: 'PROD', versions: ['3'] },
        { id: 'TSTALIASID', versions: ['DRAFT'] },
      ],
      versions: ['3'],
    });
    agent.on(GetFlowVersionCommand, { flowVersion: '3' }).resolves({
      id: 'FLOW000001',
      arn: FLOW_ARN,
      name: 'pricing',
      status: 'Prepared',
      version: '3',
      executionRoleArn: `arn:aws:iam::${ACCOUNT}:role/old-flow-role`,
      definition: definition(false),
    } as never);
    const out = await runCollector(flows, testEnv(), 'us-east-1');
    const cfg = out.drafts[0].config as {
      aliases: unknown;
      aliasedVersions: { version: string; customerEncryptionKeyArn: null; nodes: unknown[] }[];
    };
    expect(cfg.aliases).toEqual([
      { id: 'PROD', name: 'prod', routingVersions: ['3'] },
      { id: 'TSTALIASID', name: 'tstaliasid', routingVersions: ['DRAFT'] },
    ]);
    expect(cfg.aliasedVersions).toHaveLength(1);
    expect(cfg.aliasedVersions[0]).toMatchObject({
      version: '3',
      customerEncryptionKeyArn: null,
      roleArn: `arn:aws:iam::${ACCOUNT}:role/old-flow-role`,
    });
    expect(cfg.aliasedVersions[0].nodes[1]).toEqual({ name: 'answer', type: 'Prompt', guardrail: null, invokesModel: true });
    expect(out.drafts[0].relationships).toContainEqual({
      kind: 'assumes-role',
      targetId: `arn:aws:iam::${ACCOUNT}:role/old-flow-role`,
      targetType: 'iam.role',
    });
    expect(agent.commandCalls(GetFlowVersionCommand).map((c) => c.args[0].input.flowVersion)).toEqual(['3']);
  });

  it('reads every published version once, over every ListFlowVersions page, keeping only key and node summary', async () => {
    mockFlow({ aliases: [{ id: 'PROD', versions: ['3'] }] });
    agent
      .on(ListFlowVersionsCommand, { nextToken: undefined })
      .resolves({ flowVersionSummaries: [{ version: 'DRAFT' }, { version: '1' }] as never, nextToken: 'p2' })
      .on(ListFlowVersionsCommand, { nextToken: 'p2' })
      .resolves({ flowVersionSummaries: [{ version: '2' }, { version: '3' }] as never });
    const versionDoc = (version: string, key: string | null, guarded: boolean) =>
      ({
        id: 'FLOW000001',
        arn: FLOW_ARN,
        name: 'pricing',
        status: 'Prepared',
        version,
        executionRoleArn: `arn:aws:iam::${ACCOUNT}:role/flow-role`,
        ...(key ? { customerEncryptionKeyArn: key } : {}),
        definition: definition(guarded),
      }) as never;
    const k1 = `arn:aws:kms:us-east-1:${ACCOUNT}:key/k1`;
    agent
      .on(GetFlowVersionCommand, { flowVersion: '1' })
      .resolves(versionDoc('1', null, false))
      .on(GetFlowVersionCommand, { flowVersion: '2' })
      .resolves(versionDoc('2', k1, true))
      .on(GetFlowVersionCommand, { flowVersion: '3' })
      .resolves(versionDoc('3', k1, true));
    const out = await runCollector(flows, testEnv(), 'us-east-1');
    expect(out.status).toBe('complete');
    expect(agent.commandCalls(ListFlowVersionsCommand).map((c) => c.args[0].input)).toEqual([
      { flowIdentifier: 'FLOW000001', maxResults: 100, nextToken: undefined },
      { flowIdentifier: 'FLOW000001', maxResults: 100, nextToken: 'p2' },
    ]);
    // the routed version 3 is read once, for the aliases and the listing; the DRAFT is never read as a version
    expect(
      agent
        .commandCalls(GetFlowVersionCommand)
        .map((c) => c.args[0].input.flowVersion)
        .sort(),
    ).toEqual(['1', '2', '3']);
    const cfg = out.drafts[0].config as {
      aliasedVersions: { version: string }[];
      publishedVersions: Record<string, unknown>[];
    };
    expect(cfg.aliasedVersions.map((v) => v.version)).toEqual(['3']);
    expect(cfg.publishedVersions.map((v) => [v.version, v.customerEncryptionKeyArn])).toEqual([
      ['1', null],
      ['2', k1],
      ['3', k1],
    ]);
    expect(Object.keys(cfg.publishedVersions[0]).sort()).toEqual(['customerEncryptionKeyArn', 'nodes', 'version']);
    expect((cfg.publishedVersions[0].nodes as unknown[])[1]).toEqual({
      name: 'answer',
      type: 'Prompt',
      guardrail: null,
      invokesModel: true,
    });
    expect(JSON.stringify(out.drafts[0])).not.toContain('ZEBRA-42');
  });

  it('a failed read of an un-aliased version leaves only the published versions unread and records a gap', async () => {
    mockFlow({ aliases: [{ id: 'PROD', versions: ['3'] }], versions: ['1', '3'] });
    agent
      .on(GetFlowVersionCommand, { flowVersion: '1' })
      .rejects(awsError('AccessDeniedException', 'denied', 403))
      .on(GetFlowVersionCommand, { flowVersion: '3' })
      .resolves({ id: 'FLOW000001', arn: FLOW_ARN, version: '3', status: 'Prepared', definition: definition(true) } as never);
    const out = await runCollector(flows, testEnv(), 'us-east-1');
    expect(out.status).toBe('partial');
    const d = out.drafts[0];
    const cfg = d.config as { aliasedVersions?: { version: string }[]; publishedVersions?: unknown };
    expect(cfg.aliasedVersions?.map((v) => v.version)).toEqual(['3']);
    expect(cfg.publishedVersions).toBeUndefined();
    expect(d.collectionErrors).toEqual(['GetFlowVersion: AccessDeniedException']);
    expect(out.gaps[0]).toMatchObject({ service: 'bedrock-agent', operation: 'GetFlowVersion', errorCode: 'AccessDeniedException' });
  });

  it('a failed ListFlowVersions leaves the published versions unread (aliased ones still read) and records a gap', async () => {
    mockFlow({ aliases: [{ id: 'PROD', versions: ['3'] }] });
    agent.on(ListFlowVersionsCommand).rejects(awsError('AccessDeniedException', 'denied', 403));
    agent
      .on(GetFlowVersionCommand, { flowVersion: '3' })
      .resolves({ id: 'FLOW000001', arn: FLOW_ARN, version: '3', status: 'Prepared', definition: definition(true) } as never);
    const out = await runCollector(flows, testEnv(), 'us-east-1');
    expect(out.status).toBe('partial');
    const d = out.drafts[0];
    const cfg = d.config as { aliasedVersions?: { version: string }[]; publishedVersions?: unknown };
    expect(cfg.aliasedVersions?.map((v) => v.version)).toEqual(['3']);
    expect(cfg.publishedVersions).toBeUndefined();
    expect(d.collectionErrors).toEqual(['ListFlowVersions: AccessDeniedException']);
    expect(out.gaps[0]).toMatchObject({ service: 'bedrock-agent', operation: 'ListFlowVersions', errorCode: 'AccessDeniedException' });
  });

  it('a version deleted between the listing and its read is skipped, not a gap', async () => {
    mockFlow({ versions: ['1'] });
    agent.on(GetFlowVersionCommand).rejects(awsError('ResourceNotFoundException', 'gone', 404));
    const out = await runCollector(flows, testEnv(), 'us-east-1');
    expect(out.status).toBe('complete');
    expect((out.drafts[0].config as { publishedVersions: unknown[] }).publishedVersions).toEqual([]);
  });

  it('a failed version read leaves the aliased versions unread (checks answer ERROR) and records a gap', async () => {
    mockFlow({ aliases: [{ id: 'PROD', versions: ['3'] }], versions: ['3'] });
    agent.on(GetFlowVersionCommand).rejects(awsError('AccessDeniedException', 'denied', 403));
    const out = await runCollector(flows, testEnv(), 'us-east-1');
    expect(out.status).toBe('partial');
    const d = out.drafts[0];
    expect((d.config as { aliasedVersions?: unknown }).aliasedVersions).toBeUndefined();
    expect((d.config as { publishedVersions?: unknown }).publishedVersions).toBeUndefined();
    expect(d.collectionErrors).toEqual(['GetFlowVersion: AccessDeniedException']);
    expect(out.gaps[0]).toMatchObject({ service: 'bedrock-agent', operation: 'GetFlowVersion', errorCode: 'AccessDeniedException' });
  });

  it('a failed GetFlow keeps the flow with an unread config; an unsupported region is absent', async () => {
    agent.on(ListFlowsCommand).resolves({ flowSummaries: [{ id: 'FLOW000001', name: 'pricing' } as never] });
    agent.on(GetFlowCommand).rejects(awsError('AccessDeniedException', 'denied', 403));
    agent.on(ListFlowAliasesCommand).resolves({ flowAliasSummaries: [] });
    agent.on(ListFlowVersionsCommand).resolves({ flowVersionSummaries: [] });
    const out = await runCollector(flows, testEnv(), 'us-east-1');
    expect(out.drafts[0]).toMatchObject({ id: FLOW_ARN, config: {}, collectionErrors: ['GetFlow: AccessDeniedException'] });
    agent.reset();
    agent.on(ListFlowsCommand).rejects(awsError('UnknownOperationException', 'not supported', 404));
    expect(await runCollector(flows, testEnv(), 'ap-south-2')).toMatchObject({ status: 'absent', drafts: [], gaps: [] });
  });

  it('refresh returns null for a deleted flow; idFor turns an id into the flow ARN', async () => {
    agent.on(GetFlowCommand).rejects(awsError('ResourceNotFoundException', 'gone', 404));
    expect(await flows.refresh!(testRun('bedrock.flow'), { region: 'us-east-1', key: 'FLOW000001' })).toBeNull();
    expect(flows.idFor!({ region: 'us-east-1', key: 'FLOW000001' }, ACCOUNT, 'aws')).toBe(FLOW_ARN);
    expect(flows.idFor!({ region: 'us-east-1', key: FLOW_ARN }, ACCOUNT, 'aws')).toBe(FLOW_ARN);
  });
});
