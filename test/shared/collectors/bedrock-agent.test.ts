import {
  BedrockAgentClient,
  GetAgentActionGroupCommand,
  GetAgentCommand,
  GetAgentVersionCommand,
  GetDataSourceCommand,
  GetKnowledgeBaseCommand,
  ListAgentActionGroupsCommand,
  ListAgentAliasesCommand,
  ListAgentKnowledgeBasesCommand,
  ListAgentsCommand,
  ListDataSourcesCommand,
  ListKnowledgeBasesCommand,
} from '@aws-sdk/client-bedrock-agent';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { agents, knowledgeBases } from '../../../shared/collectors/bedrock-agent.ts';
import { runCollector } from '../../../shared/collectors/context.ts';
import { ACCOUNT, awsError, testEnv } from '../../fixtures/discovery/env.ts';

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
