/**
 * Service handlers of the local AWS stand-in: Bedrock, Bedrock Agent and Bedrock AgentCore (REST-JSON), SageMaker, ECS,
 * Secrets Manager, CloudWatch Logs, KMS (JSON 1.1), IAM and STS (query/XML), EC2 (EC2 query/XML), S3 (REST-XML, path style),
 * Lambda (REST-JSON).
 */
import type { DemoAccount, DemoRegionData, DemoUser } from '../account.ts';
import {
  AwsError,
  ec2Xml,
  epochify,
  esc,
  json,
  notFound,
  page,
  pick,
  queryXml,
  requestId,
  type StandinRequest,
  type StandinResponse,
} from './protocol.ts';

export interface RouteContext {
  account: DemoAccount;
  pageSize: number;
}

type Doc = Record<string, unknown>;
export type Handler = (req: StandinRequest, ctx: RouteContext, params: string[], body: Doc) => StandinResponse;

function regionData(ctx: RouteContext, region: string): DemoRegionData {
  const r = ctx.account.regions[region];
  if (!r) throw new AwsError('UnknownEndpoint', `no endpoint for region ${region}`, 404);
  return r;
}
const dec = (s: string) => decodeURIComponent(s);
const num = (v: unknown) => (v === undefined || v === null || v === '' ? undefined : Number(v));
/** Finds by id/name/ARN (identifiers may be any of them in AWS APIs). */
const byIdent = (items: Doc[], ident: string, keys: string[]) => items.find((x) => keys.some((k) => x[k] === ident));

// ------------------------------------------------------------------ Bedrock (REST-JSON)

export const bedrockRoutes: [string, RegExp, string, Handler][] = [
  [
    'GET',
    /^\/custom-models$/,
    'ListCustomModels',
    (req, ctx) => {
      const p = page(regionData(ctx, req.region).customModels, req.query.get('nextToken'), num(req.query.get('maxResults')), ctx.pageSize);
      return json({
        modelSummaries: p.items.map((m) => pick(m, ['modelArn', 'modelName', 'creationTime', 'baseModelArn', 'customizationType'])),
        nextToken: p.next,
      });
    },
  ],
  [
    'GET',
    /^\/custom-models\/([^/]+)$/,
    'GetCustomModel',
    (req, ctx, [id]) => {
      const m = byIdent(regionData(ctx, req.region).customModels, dec(id), ['modelArn', 'modelName']);
      if (!m) throw notFound('custom model');
      return json(m);
    },
  ],
  [
    'GET',
    /^\/model-customization-jobs$/,
    'ListModelCustomizationJobs',
    (req, ctx) => {
      const p = page(
        regionData(ctx, req.region).customizationJobs,
        req.query.get('nextToken'),
        num(req.query.get('maxResults')),
        ctx.pageSize,
      );
      return json({
        modelCustomizationJobSummaries: p.items.map((j) =>
          pick(j, ['jobArn', 'jobName', 'status', 'baseModelArn', 'creationTime', 'customizationType']),
        ),
        nextToken: p.next,
      });
    },
  ],
  [
    'GET',
    /^\/model-customization-jobs\/([^/]+)$/,
    'GetModelCustomizationJob',
    (req, ctx, [id]) => {
      const j = byIdent(regionData(ctx, req.region).customizationJobs, dec(id), ['jobArn', 'jobName']);
      if (!j) throw notFound('model customization job');
      return json(j);
    },
  ],
  [
    'GET',
    /^\/imported-models$/,
    'ListImportedModels',
    (req, ctx) => {
      const p = page(
        regionData(ctx, req.region).importedModels,
        req.query.get('nextToken'),
        num(req.query.get('maxResults')),
        ctx.pageSize,
      );
      return json({
        modelSummaries: p.items.map((m) => pick(m, ['modelArn', 'modelName', 'creationTime', 'modelArchitecture'])),
        nextToken: p.next,
      });
    },
  ],
  [
    'GET',
    /^\/imported-models\/([^/]+)$/,
    'GetImportedModel',
    (req, ctx, [id]) => {
      const m = byIdent(regionData(ctx, req.region).importedModels, dec(id), ['modelArn', 'modelName']);
      if (!m) throw notFound('imported model');
      return json(m);
    },
  ],
  [
    'GET',
    /^\/model-import-jobs\/([^/]+)$/,
    'GetModelImportJob',
    (req, ctx, [id]) => {
      const j = byIdent(regionData(ctx, req.region).importJobs, dec(id), ['jobArn', 'jobName']);
      if (!j) throw notFound('model import job');
      return json(j);
    },
  ],
  [
    'GET',
    /^\/provisioned-model-throughputs$/,
    'ListProvisionedModelThroughputs',
    (req, ctx) => {
      const p = page(regionData(ctx, req.region).throughputs, req.query.get('nextToken'), num(req.query.get('maxResults')), ctx.pageSize);
      return json({ provisionedModelSummaries: p.items, nextToken: p.next });
    },
  ],
  [
    'GET',
    /^\/provisioned-model-throughput\/([^/]+)$/,
    'GetProvisionedModelThroughput',
    (req, ctx, [id]) => {
      const t = byIdent(regionData(ctx, req.region).throughputs, dec(id), ['provisionedModelArn', 'provisionedModelName']);
      if (!t) throw notFound('provisioned throughput');
      return json(t);
    },
  ],
  [
    'GET',
    /^\/inference-profiles$/,
    'ListInferenceProfiles',
    (req, ctx) => {
      const type = req.query.get('type');
      const all = regionData(ctx, req.region).inferenceProfiles.filter((p) => !type || p.type === type);
      const p = page(all, req.query.get('nextToken'), num(req.query.get('maxResults')), ctx.pageSize);
      return json({ inferenceProfileSummaries: p.items, nextToken: p.next });
    },
  ],
  [
    'GET',
    /^\/inference-profiles\/([^/]+)$/,
    'GetInferenceProfile',
    (req, ctx, [id]) => {
      const p = byIdent(regionData(ctx, req.region).inferenceProfiles, dec(id), [
        'inferenceProfileArn',
        'inferenceProfileId',
        'inferenceProfileName',
      ]);
      if (!p) throw notFound('inference profile');
      return json(p);
    },
  ],
  [
    'GET',
    /^\/guardrails$/,
    'ListGuardrails',
    (req, ctx) => {
      const ident = req.query.get('guardrailIdentifier');
      const gs = regionData(ctx, req.region).guardrails;
      const summary = (g: Doc) => pick(g, ['name', 'status', 'version', 'createdAt', 'updatedAt']);
      let rows: Doc[];
      if (ident) {
        const g = gs.find((x) => x.draft.guardrailId === ident || x.draft.guardrailArn === ident);
        if (!g) throw notFound('guardrail');
        rows = [g.draft, ...g.versions].map((v) => ({ id: v.guardrailId, arn: v.guardrailArn, ...summary(v) }));
      } else rows = gs.map((g) => ({ id: g.draft.guardrailId, arn: g.draft.guardrailArn, ...summary(g.draft) }));
      const p = page(rows, req.query.get('nextToken'), num(req.query.get('maxResults')), ctx.pageSize);
      return json({ guardrails: p.items, nextToken: p.next });
    },
  ],
  [
    'GET',
    /^\/guardrails\/([^/]+)$/,
    'GetGuardrail',
    (req, ctx, [id]) => {
      const ident = dec(id);
      const g = regionData(ctx, req.region).guardrails.find((x) => x.draft.guardrailId === ident || x.draft.guardrailArn === ident);
      if (!g) throw notFound('guardrail');
      const version = req.query.get('guardrailVersion') ?? 'DRAFT';
      const v = version === 'DRAFT' ? g.draft : g.versions.find((x) => x.version === version);
      if (!v) throw notFound('guardrail version');
      return json(v);
    },
  ],
  [
    'GET',
    /^\/logging\/modelinvocations$/,
    'GetModelInvocationLoggingConfiguration',
    (req, ctx) => {
      const lc = regionData(ctx, req.region).logging;
      return json(lc ? { loggingConfig: lc } : {});
    },
  ],
  // ---- Bedrock Agent (same signing name) ----
  [
    'POST',
    /^\/agents\/$/,
    'ListAgents',
    (req, ctx, _p, body) => {
      const p = page(regionData(ctx, req.region).agents, body.nextToken as string, num(body.maxResults), ctx.pageSize);
      return json({
        agentSummaries: p.items.map((a) => ({
          ...pick(a.agent, ['agentId', 'agentName', 'agentStatus', 'updatedAt']),
          latestAgentVersion: '1',
        })),
        nextToken: p.next,
      });
    },
  ],
  [
    'GET',
    /^\/agents\/([^/]+)\/$/,
    'GetAgent',
    (req, ctx, [id]) => {
      const a = regionData(ctx, req.region).agents.find((x) => x.agent.agentId === dec(id));
      if (!a) throw notFound('agent');
      return json({ agent: a.agent });
    },
  ],
  [
    'GET',
    /^\/agents\/([^/]+)\/agentversions\/([^/]+)\/$/,
    'GetAgentVersion',
    (req, ctx, [id, ver]) => {
      const a = regionData(ctx, req.region).agents.find((x) => x.agent.agentId === dec(id));
      const v = a?.versions?.find((x) => x.version === dec(ver));
      if (!v) throw notFound('agent version');
      return json({ agentVersion: v });
    },
  ],
  [
    'POST',
    /^\/agents\/([^/]+)\/agentaliases\/$/,
    'ListAgentAliases',
    (req, ctx, [id], body) => {
      const a = regionData(ctx, req.region).agents.find((x) => x.agent.agentId === dec(id));
      if (!a) throw notFound('agent');
      const p = page(a.aliases, body.nextToken as string, num(body.maxResults), ctx.pageSize);
      return json({ agentAliasSummaries: p.items, nextToken: p.next });
    },
  ],
  [
    'POST',
    /^\/agents\/([^/]+)\/agentversions\/([^/]+)\/actiongroups\/$/,
    'ListAgentActionGroups',
    (req, ctx, [id], body) => {
      const a = regionData(ctx, req.region).agents.find((x) => x.agent.agentId === dec(id));
      if (!a) throw notFound('agent');
      const p = page(a.actionGroups, body.nextToken as string, num(body.maxResults), ctx.pageSize);
      return json({
        actionGroupSummaries: p.items.map((g) => pick(g, ['actionGroupId', 'actionGroupName', 'actionGroupState', 'updatedAt'])),
        nextToken: p.next,
      });
    },
  ],
  [
    'GET',
    /^\/agents\/([^/]+)\/agentversions\/([^/]+)\/actiongroups\/([^/]+)\/$/,
    'GetAgentActionGroup',
    (req, ctx, [id, , gid]) => {
      const a = regionData(ctx, req.region).agents.find((x) => x.agent.agentId === dec(id));
      const g = a?.actionGroups.find((x) => x.actionGroupId === dec(gid));
      if (!g) throw notFound('action group');
      return json({ agentActionGroup: g });
    },
  ],
  [
    'POST',
    /^\/agents\/([^/]+)\/agentversions\/([^/]+)\/knowledgebases\/$/,
    'ListAgentKnowledgeBases',
    (req, ctx, [id], body) => {
      const a = regionData(ctx, req.region).agents.find((x) => x.agent.agentId === dec(id));
      if (!a) throw notFound('agent');
      const p = page(a.knowledgeBases, body.nextToken as string, num(body.maxResults), ctx.pageSize);
      return json({ agentKnowledgeBaseSummaries: p.items, nextToken: p.next });
    },
  ],
  [
    'POST',
    /^\/knowledgebases\/$/,
    'ListKnowledgeBases',
    (req, ctx, _p, body) => {
      const p = page(regionData(ctx, req.region).knowledgeBases, body.nextToken as string, num(body.maxResults), ctx.pageSize);
      return json({
        knowledgeBaseSummaries: p.items.map((k) => pick(k.kb, ['knowledgeBaseId', 'name', 'status', 'updatedAt'])),
        nextToken: p.next,
      });
    },
  ],
  [
    'GET',
    /^\/knowledgebases\/([^/]+)$/,
    'GetKnowledgeBase',
    (req, ctx, [id]) => {
      const k = regionData(ctx, req.region).knowledgeBases.find((x) => x.kb.knowledgeBaseId === dec(id));
      if (!k) throw notFound('knowledge base');
      return json({ knowledgeBase: k.kb });
    },
  ],
  [
    'POST',
    /^\/knowledgebases\/([^/]+)\/datasources\/$/,
    'ListDataSources',
    (req, ctx, [id], body) => {
      const k = regionData(ctx, req.region).knowledgeBases.find((x) => x.kb.knowledgeBaseId === dec(id));
      if (!k) throw notFound('knowledge base');
      const p = page(k.dataSources, body.nextToken as string, num(body.maxResults), ctx.pageSize);
      return json({
        dataSourceSummaries: p.items.map((d) => pick(d, ['knowledgeBaseId', 'dataSourceId', 'name', 'status', 'updatedAt'])),
        nextToken: p.next,
      });
    },
  ],
  [
    'GET',
    /^\/knowledgebases\/([^/]+)\/datasources\/([^/]+)$/,
    'GetDataSource',
    (req, ctx, [id, ds]) => {
      const k = regionData(ctx, req.region).knowledgeBases.find((x) => x.kb.knowledgeBaseId === dec(id));
      const d = k?.dataSources.find((x) => x.dataSourceId === dec(ds));
      if (!d) throw notFound('data source');
      return json({ dataSource: d });
    },
  ],
  [
    'GET',
    /^\/prompts\/$/,
    'ListPrompts',
    (req, ctx) => {
      const p = page(regionData(ctx, req.region).prompts, req.query.get('nextToken'), num(req.query.get('maxResults')), ctx.pageSize);
      return json({
        promptSummaries: p.items.map((x) => pick(x, ['name', 'id', 'arn', 'version', 'createdAt', 'updatedAt'])),
        nextToken: p.next,
      });
    },
  ],
  [
    'GET',
    /^\/prompts\/([^/]+)\/$/,
    'GetPrompt',
    (req, ctx, [id]) => {
      const p = byIdent(regionData(ctx, req.region).prompts, dec(id), ['id', 'arn', 'name']);
      if (!p) throw notFound('prompt');
      return json(p);
    },
  ],
  [
    'GET',
    /^\/flows\/$/,
    'ListFlows',
    (req, ctx) => {
      const p = page(flowsOf(ctx, req.region), req.query.get('nextToken'), num(req.query.get('maxResults')), ctx.pageSize);
      return json({
        flowSummaries: p.items.map((f) =>
          pick(f.flow, ['name', 'description', 'id', 'arn', 'status', 'createdAt', 'updatedAt', 'version']),
        ),
        nextToken: p.next,
      });
    },
  ],
  ['GET', /^\/flows\/([^/]+)\/$/, 'GetFlow', (req, ctx, [id]) => json(flowBy(ctx, req.region, dec(id)).flow)],
  [
    'GET',
    /^\/flows\/([^/]+)\/aliases$/,
    'ListFlowAliases',
    (req, ctx, [id]) => {
      const p = page(flowBy(ctx, req.region, dec(id)).aliases, req.query.get('nextToken'), num(req.query.get('maxResults')), ctx.pageSize);
      return json({ flowAliasSummaries: p.items, nextToken: p.next });
    },
  ],
  [
    'GET',
    /^\/flows\/([^/]+)\/versions$/,
    'ListFlowVersions',
    (req, ctx, [id]) => {
      const f = flowBy(ctx, req.region, dec(id));
      // the DRAFT is listed with the published versions
      const all = [f.flow, ...f.versions].map((v) => pick(v, ['id', 'arn', 'status', 'createdAt', 'version']));
      const p = page(all, req.query.get('nextToken'), num(req.query.get('maxResults')), ctx.pageSize);
      return json({ flowVersionSummaries: p.items, nextToken: p.next });
    },
  ],
  [
    'GET',
    /^\/flows\/([^/]+)\/versions\/([^/]+)\/$/,
    'GetFlowVersion',
    (req, ctx, [id, ver]) => {
      const v = flowBy(ctx, req.region, dec(id)).versions.find((x) => x.version === dec(ver));
      if (!v) throw notFound('flow version');
      return json(v);
    },
  ],
  [
    'GET',
    /^\/model-invocation-jobs$/,
    'ListModelInvocationJobs',
    (req, ctx) => {
      const p = page(
        regionData(ctx, req.region).batchJobs ?? [],
        req.query.get('nextToken'),
        num(req.query.get('maxResults')),
        ctx.pageSize,
      );
      return json({ invocationJobSummaries: p.items, nextToken: p.next });
    },
  ],
  [
    'GET',
    /^\/model-invocation-job\/([^/]+)$/,
    'GetModelInvocationJob',
    (req, ctx, [id]) => {
      const j = byIdent(regionData(ctx, req.region).batchJobs ?? [], dec(id), ['jobArn', 'jobName']);
      if (!j) throw notFound('model invocation job');
      return json(j);
    },
  ],
];

const flowsOf = (ctx: RouteContext, region: string) => regionData(ctx, region).flows ?? [];
function flowBy(ctx: RouteContext, region: string, ident: string) {
  const f = flowsOf(ctx, region).find((x) => x.flow.id === ident || x.flow.arn === ident);
  if (!f) throw notFound('flow');
  return f;
}

// ------------------------------------------------------------------ Bedrock AgentCore control plane (REST-JSON)

const agentCore = (ctx: RouteContext, region: string) =>
  regionData(ctx, region).agentCore ?? { runtimes: [], gateways: [], memories: [], browsers: [], codeInterpreters: [] };
function gatewayOf(ctx: RouteContext, region: string, ident: string) {
  const g = byIdent(agentCore(ctx, region).gateways, ident, ['gatewayId', 'gatewayArn']);
  if (!g) throw notFound('gateway');
  return g;
}
/** The API-key or OAuth2 credential providers of the region's token vault (ListApiKey/ListOauth2CredentialProviders). */
function credentialProviders(req: StandinRequest, ctx: RouteContext, body: Record<string, unknown>, kind: 'apiKey' | 'oauth2') {
  const all = agentCore(ctx, req.region).credentialProviders?.[kind] ?? [];
  const p = page(all, body.nextToken as string, num(body.maxResults), ctx.pageSize);
  return json({ credentialProviders: p.items, nextToken: p.next });
}
/** ListBrowsers / ListCodeInterpreters `type` filter: the demo holds CUSTOM tools only (SYSTEM ones are AWS-owned). */
const customOnly = <T>(req: StandinRequest, items: T[]): T[] => (req.query.get('type') === 'SYSTEM' ? [] : items);

export const agentCoreRoutes: [string, RegExp, string, Handler][] = [
  [
    'POST',
    /^\/runtimes\/$/,
    'ListAgentRuntimes',
    (req, ctx) => {
      const p = page(agentCore(ctx, req.region).runtimes, req.query.get('nextToken'), num(req.query.get('maxResults')), ctx.pageSize);
      return json({
        agentRuntimes: p.items.map((r) =>
          pick(r, ['agentRuntimeArn', 'agentRuntimeId', 'agentRuntimeVersion', 'agentRuntimeName', 'status']),
        ),
        nextToken: p.next,
      });
    },
  ],
  [
    'GET',
    /^\/runtimes\/([^/]+)\/$/,
    'GetAgentRuntime',
    (req, ctx, [id]) => {
      const ac = agentCore(ctx, req.region);
      const r = ac.runtimes.find((x) => x.agentRuntimeId === dec(id));
      if (!r) throw notFound('agent runtime');
      const version = req.query.get('version');
      if (!version || version === r.agentRuntimeVersion) return json(r);
      const v = (ac.runtimeVersions ?? []).find((x) => x.agentRuntimeId === r.agentRuntimeId && x.agentRuntimeVersion === version);
      if (!v) throw notFound('agent runtime version');
      return json(v);
    },
  ],
  [
    'POST',
    /^\/runtimes\/([^/]+)\/runtime-endpoints\/$/,
    'ListAgentRuntimeEndpoints',
    (req, ctx, [id]) => {
      const ac = agentCore(ctx, req.region);
      const r = ac.runtimes.find((x) => x.agentRuntimeId === dec(id));
      if (!r) throw notFound('agent runtime');
      const arn = r.agentRuntimeArn as string;
      // AgentCore creates a DEFAULT endpoint on every runtime; it follows the latest version
      const all = [
        {
          name: 'DEFAULT',
          id: 'DEFAULT',
          status: 'READY',
          liveVersion: r.agentRuntimeVersion,
          agentRuntimeArn: arn,
          agentRuntimeEndpointArn: `${arn}/runtime-endpoint/DEFAULT`,
        },
        ...(ac.runtimeEndpoints ?? []).filter((e) => e.agentRuntimeArn === arn),
      ];
      const p = page(all, req.query.get('nextToken'), num(req.query.get('maxResults')), ctx.pageSize);
      return json({ runtimeEndpoints: p.items, nextToken: p.next });
    },
  ],
  [
    'POST',
    /^\/runtimes\/([^/]+)\/versions\/$/,
    'ListAgentRuntimeVersions',
    (req, ctx, [id]) => {
      const ac = agentCore(ctx, req.region);
      const r = ac.runtimes.find((x) => x.agentRuntimeId === dec(id));
      if (!r) throw notFound('agent runtime');
      const all = [r, ...(ac.runtimeVersions ?? []).filter((v) => v.agentRuntimeId === r.agentRuntimeId)];
      const p = page(all, req.query.get('nextToken'), num(req.query.get('maxResults')), ctx.pageSize);
      return json({
        agentRuntimes: p.items.map((v) =>
          pick(v, ['agentRuntimeArn', 'agentRuntimeId', 'agentRuntimeVersion', 'agentRuntimeName', 'description', 'status']),
        ),
        nextToken: p.next,
      });
    },
  ],
  [
    'GET',
    /^\/gateways\/$/,
    'ListGateways',
    (req, ctx) => {
      const p = page(agentCore(ctx, req.region).gateways, req.query.get('nextToken'), num(req.query.get('maxResults')), ctx.pageSize);
      return json({
        items: p.items.map((g) => pick(g, ['gatewayId', 'name', 'status', 'authorizerType', 'protocolType'])),
        nextToken: p.next,
      });
    },
  ],
  [
    'GET',
    /^\/gateways\/([^/]+)\/$/,
    'GetGateway',
    (req, ctx, [id]) => {
      const g = byIdent(agentCore(ctx, req.region).gateways, dec(id), ['gatewayId', 'gatewayArn']);
      if (!g) throw notFound('gateway');
      return json(g);
    },
  ],
  [
    'GET',
    /^\/gateways\/([^/]+)\/targets\/$/,
    'ListGatewayTargets',
    (req, ctx, [id]) => {
      const g = gatewayOf(ctx, req.region, dec(id));
      const all = (agentCore(ctx, req.region).gatewayTargets ?? []).filter((t) => t.gatewayArn === g.gatewayArn);
      const p = page(all, req.query.get('nextToken'), num(req.query.get('maxResults')), ctx.pageSize);
      return json({ items: p.items.map((t) => pick(t, ['targetId', 'name', 'status', 'createdAt', 'updatedAt'])), nextToken: p.next });
    },
  ],
  [
    'GET',
    /^\/gateways\/([^/]+)\/targets\/([^/]+)\/$/,
    'GetGatewayTarget',
    (req, ctx, [id, targetId]) => {
      const g = gatewayOf(ctx, req.region, dec(id));
      const t = (agentCore(ctx, req.region).gatewayTargets ?? []).find(
        (x) => x.gatewayArn === g.gatewayArn && x.targetId === dec(targetId),
      );
      if (!t) throw notFound('gateway target');
      return json(t);
    },
  ],
  [
    'GET',
    /^\/resourcepolicy\/(.+)$/,
    'GetResourcePolicy',
    (req, ctx, [arn]) => {
      const ac = agentCore(ctx, req.region);
      const resourceArn = dec(arn);
      const known = [...ac.runtimes.map((r) => r.agentRuntimeArn), ...ac.gateways.map((g) => g.gatewayArn)];
      if (!known.includes(resourceArn)) throw notFound('resource');
      const policy = ac.resourcePolicies?.[resourceArn];
      // no policy attached: answered as ResourceNotFoundException, as the Terraform provider's finder expects
      if (!policy) throw notFound('resource policy');
      return json({ policy: JSON.stringify(policy) });
    },
  ],
  [
    'POST',
    /^\/identities\/get-token-vault$/,
    'GetTokenVault',
    (req, ctx) => {
      const v = agentCore(ctx, req.region).tokenVault;
      if (!v) throw notFound('token vault');
      return json(v);
    },
  ],
  [
    'POST',
    /^\/identities\/ListApiKeyCredentialProviders$/,
    'ListApiKeyCredentialProviders',
    (req, ctx, _p, body) => credentialProviders(req, ctx, body, 'apiKey'),
  ],
  [
    'POST',
    /^\/identities\/ListOauth2CredentialProviders$/,
    'ListOauth2CredentialProviders',
    (req, ctx, _p, body) => credentialProviders(req, ctx, body, 'oauth2'),
  ],
  [
    'POST',
    /^\/memories\/$/,
    'ListMemories',
    (req, ctx, _p, body) => {
      const p = page(agentCore(ctx, req.region).memories, body.nextToken as string, num(body.maxResults), ctx.pageSize);
      return json({ memories: p.items.map((m) => pick(m, ['arn', 'id', 'status'])), nextToken: p.next });
    },
  ],
  [
    'GET',
    /^\/memories\/([^/]+)\/details$/,
    'GetMemory',
    (req, ctx, [id]) => {
      const m = agentCore(ctx, req.region).memories.find((x) => x.id === dec(id));
      if (!m) throw notFound('memory');
      return json({ memory: m });
    },
  ],
  [
    'POST',
    /^\/browsers$/,
    'ListBrowsers',
    (req, ctx) => {
      const items = customOnly(req, agentCore(ctx, req.region).browsers);
      const p = page(items, req.query.get('nextToken'), num(req.query.get('maxResults')), ctx.pageSize);
      return json({ browserSummaries: p.items.map((b) => pick(b, ['browserId', 'browserArn', 'name', 'status'])), nextToken: p.next });
    },
  ],
  [
    'GET',
    /^\/browsers\/([^/]+)$/,
    'GetBrowser',
    (req, ctx, [id]) => {
      const b = agentCore(ctx, req.region).browsers.find((x) => x.browserId === dec(id));
      if (!b) throw notFound('browser');
      return json(b);
    },
  ],
  [
    'POST',
    /^\/code-interpreters$/,
    'ListCodeInterpreters',
    (req, ctx) => {
      const items = customOnly(req, agentCore(ctx, req.region).codeInterpreters);
      const p = page(items, req.query.get('nextToken'), num(req.query.get('maxResults')), ctx.pageSize);
      return json({
        codeInterpreterSummaries: p.items.map((c) => pick(c, ['codeInterpreterId', 'codeInterpreterArn', 'name', 'status'])),
        nextToken: p.next,
      });
    },
  ],
  [
    'GET',
    /^\/code-interpreters\/([^/]+)$/,
    'GetCodeInterpreter',
    (req, ctx, [id]) => {
      const c = agentCore(ctx, req.region).codeInterpreters.find((x) => x.codeInterpreterId === dec(id));
      if (!c) throw notFound('code interpreter');
      return json(c);
    },
  ],
];

// ------------------------------------------------------------------ Lambda (REST-JSON)

export const lambdaRoutes: [string, RegExp, string, Handler][] = [
  [
    'GET',
    /^\/2015-03-31\/functions\/?$/,
    'ListFunctions',
    (req, ctx) => {
      const p = page(regionData(ctx, req.region).lambdas, req.query.get('Marker'), num(req.query.get('MaxItems')), ctx.pageSize);
      return json({ Functions: p.items, NextMarker: p.next });
    },
  ],
  [
    'GET',
    /^\/2015-03-31\/functions\/([^/]+)\/configuration\/?$/,
    'GetFunctionConfiguration',
    (req, ctx, [name]) => {
      const f = byIdent(regionData(ctx, req.region).lambdas, dec(name), ['FunctionName', 'FunctionArn']);
      if (!f) throw new AwsError('ResourceNotFoundException', `Function not found: ${dec(name)}`, 404);
      return json(f);
    },
  ],
];

// ------------------------------------------------------------------ JSON 1.1 services

const smNotFound = (what: string, name: unknown) => new AwsError('ValidationException', `Could not find ${what} "${String(name)}".`, 400);

export const jsonTargets: Record<string, (req: StandinRequest, ctx: RouteContext, body: Doc) => unknown> = {
  // ---- SageMaker ----
  'SageMaker.ListEndpoints': (req, ctx, b) => {
    const p = page(regionData(ctx, req.region).sagemaker.endpoints, b.NextToken as string, num(b.MaxResults), ctx.pageSize);
    return {
      Endpoints: p.items.map((e) => pick(e, ['EndpointName', 'EndpointArn', 'CreationTime', 'LastModifiedTime', 'EndpointStatus'])),
      NextToken: p.next,
    };
  },
  'SageMaker.DescribeEndpoint': (req, ctx, b) =>
    byIdent(regionData(ctx, req.region).sagemaker.endpoints, b.EndpointName as string, ['EndpointName']) ??
    throwErr(smNotFound('endpoint', b.EndpointName)),
  'SageMaker.ListEndpointConfigs': (req, ctx, b) => {
    const p = page(regionData(ctx, req.region).sagemaker.endpointConfigs, b.NextToken as string, num(b.MaxResults), ctx.pageSize);
    return { EndpointConfigs: p.items.map((e) => pick(e, ['EndpointConfigName', 'EndpointConfigArn', 'CreationTime'])), NextToken: p.next };
  },
  'SageMaker.DescribeEndpointConfig': (req, ctx, b) =>
    byIdent(regionData(ctx, req.region).sagemaker.endpointConfigs, b.EndpointConfigName as string, ['EndpointConfigName']) ??
    throwErr(smNotFound('endpoint configuration', b.EndpointConfigName)),
  'SageMaker.ListModels': (req, ctx, b) => {
    const p = page(regionData(ctx, req.region).sagemaker.models, b.NextToken as string, num(b.MaxResults), ctx.pageSize);
    return { Models: p.items.map((e) => pick(e, ['ModelName', 'ModelArn', 'CreationTime'])), NextToken: p.next };
  },
  'SageMaker.DescribeModel': (req, ctx, b) =>
    byIdent(regionData(ctx, req.region).sagemaker.models, b.ModelName as string, ['ModelName']) ??
    throwErr(smNotFound('model', b.ModelName)),
  'SageMaker.ListNotebookInstances': (req, ctx, b) => {
    const p = page(regionData(ctx, req.region).sagemaker.notebooks, b.NextToken as string, num(b.MaxResults), ctx.pageSize);
    return {
      NotebookInstances: p.items.map((e) =>
        pick(e, ['NotebookInstanceName', 'NotebookInstanceArn', 'NotebookInstanceStatus', 'CreationTime']),
      ),
      NextToken: p.next,
    };
  },
  'SageMaker.DescribeNotebookInstance': (req, ctx, b) =>
    byIdent(regionData(ctx, req.region).sagemaker.notebooks, b.NotebookInstanceName as string, ['NotebookInstanceName']) ??
    throwErr(new AwsError('ValidationException', 'RecordNotFound', 400)),
  'SageMaker.DescribeNotebookInstanceLifecycleConfig': (req, ctx, b) =>
    byIdent(regionData(ctx, req.region).sagemaker.lifecycleConfigs, b.NotebookInstanceLifecycleConfigName as string, [
      'NotebookInstanceLifecycleConfigName',
    ]) ?? throwErr(new AwsError('ValidationException', 'Unable to describe Notebook Instance Lifecycle Config: not found', 400)),
  'SageMaker.ListTrainingJobs': (req, ctx, b) => {
    const p = page(regionData(ctx, req.region).sagemaker.trainingJobs, b.NextToken as string, num(b.MaxResults), ctx.pageSize);
    return {
      TrainingJobSummaries: p.items.map((e) => pick(e, ['TrainingJobName', 'TrainingJobArn', 'CreationTime', 'TrainingJobStatus'])),
      NextToken: p.next,
    };
  },
  'SageMaker.DescribeTrainingJob': (req, ctx, b) =>
    byIdent(regionData(ctx, req.region).sagemaker.trainingJobs, b.TrainingJobName as string, ['TrainingJobName']) ??
    throwErr(new AwsError('ValidationException', `Requested resource not found.`, 400)),
  'SageMaker.ListDomains': (req, ctx, b) => {
    const p = page(regionData(ctx, req.region).sagemaker.domains, b.NextToken as string, num(b.MaxResults), ctx.pageSize);
    return { Domains: p.items.map((e) => pick(e, ['DomainId', 'DomainArn', 'DomainName', 'Status', 'CreationTime'])), NextToken: p.next };
  },
  'SageMaker.DescribeDomain': (req, ctx, b) =>
    byIdent(regionData(ctx, req.region).sagemaker.domains, b.DomainId as string, ['DomainId']) ??
    throwErr(new AwsError('ResourceNotFound', `Domain ${String(b.DomainId)} not found`, 400)),
  'SageMaker.ListUserProfiles': (req, ctx, b) => {
    const p = page(regionData(ctx, req.region).sagemaker.userProfiles, b.NextToken as string, num(b.MaxResults), ctx.pageSize);
    return { UserProfiles: p.items.map((e) => pick(e, ['DomainId', 'UserProfileName', 'Status', 'CreationTime'])), NextToken: p.next };
  },
  'SageMaker.DescribeUserProfile': (req, ctx, b) =>
    regionData(ctx, req.region).sagemaker.userProfiles.find((u) => u.DomainId === b.DomainId && u.UserProfileName === b.UserProfileName) ??
    throwErr(new AwsError('ResourceNotFound', 'User profile not found', 400)),
  'SageMaker.ListModelPackageGroups': (req, ctx, b) => {
    const p = page(regionData(ctx, req.region).sagemaker.packageGroups, b.NextToken as string, num(b.MaxResults), ctx.pageSize);
    return { ModelPackageGroupSummaryList: p.items.map((g) => g.group), NextToken: p.next };
  },
  'SageMaker.DescribeModelPackageGroup': (req, ctx, b) =>
    regionData(ctx, req.region).sagemaker.packageGroups.find((g) => g.group.ModelPackageGroupName === b.ModelPackageGroupName)?.group ??
    throwErr(new AwsError('ValidationException', `ModelPackageGroup ${String(b.ModelPackageGroupName)} does not exist.`, 400)),
  'SageMaker.GetModelPackageGroupPolicy': (req, ctx, b) => {
    const g = regionData(ctx, req.region).sagemaker.packageGroups.find((x) => x.group.ModelPackageGroupName === b.ModelPackageGroupName);
    if (!g) throw new AwsError('ValidationException', `ModelPackageGroup ${String(b.ModelPackageGroupName)} does not exist.`, 400);
    if (!g.policy) throw new AwsError('ValidationException', 'Cannot find resource policy for the model package group.', 400);
    return { ResourcePolicy: JSON.stringify(g.policy) };
  },
  'SageMaker.ListModelPackages': (req, ctx, b) => {
    const g = regionData(ctx, req.region).sagemaker.packageGroups.find((x) => x.group.ModelPackageGroupName === b.ModelPackageGroupName);
    const p = page(g?.packages ?? [], b.NextToken as string, num(b.MaxResults), ctx.pageSize);
    return { ModelPackageSummaryList: p.items, NextToken: p.next };
  },
  'SageMaker.ListMonitoringSchedules': (req, ctx, b) => {
    const p = page(regionData(ctx, req.region).sagemaker.monitoringSchedules, b.NextToken as string, num(b.MaxResults), ctx.pageSize);
    return {
      MonitoringScheduleSummaries: p.items.map((e) =>
        pick(e, [
          'MonitoringScheduleName',
          'MonitoringScheduleArn',
          'CreationTime',
          'LastModifiedTime',
          'MonitoringScheduleStatus',
          'EndpointName',
        ]),
      ),
      NextToken: p.next,
    };
  },
  'SageMaker.DescribeMonitoringSchedule': (req, ctx, b) =>
    byIdent(regionData(ctx, req.region).sagemaker.monitoringSchedules, b.MonitoringScheduleName as string, ['MonitoringScheduleName']) ??
    throwErr(new AwsError('ResourceNotFound', 'Monitoring schedule not found', 400)),
  'SageMaker.ListFeatureGroups': (req, ctx, b) => {
    const p = page(regionData(ctx, req.region).sagemaker.featureGroups, b.NextToken as string, num(b.MaxResults), ctx.pageSize);
    return {
      FeatureGroupSummaries: p.items.map((e) => pick(e, ['FeatureGroupName', 'FeatureGroupArn', 'CreationTime', 'FeatureGroupStatus'])),
      NextToken: p.next,
    };
  },
  'SageMaker.DescribeFeatureGroup': (req, ctx, b) =>
    byIdent(regionData(ctx, req.region).sagemaker.featureGroups, b.FeatureGroupName as string, ['FeatureGroupName']) ??
    throwErr(new AwsError('ResourceNotFound', 'Feature group not found', 400)),
  ...Object.fromEntries(
    (
      [
        ['DataQuality', 'data-quality'],
        ['ModelQuality', 'model-quality'],
        ['ModelBias', 'model-bias'],
        ['ModelExplainability', 'model-explainability'],
      ] as const
    ).flatMap(([op, kind]) => [
      [
        `SageMaker.List${op}JobDefinitions`,
        (req: StandinRequest, ctx: RouteContext, b: Doc) => {
          const defs = (regionData(ctx, req.region).sagemaker.jobDefinitions ?? []).filter((d) => d.kind === kind).map((d) => d.def);
          const p = page(defs, b.NextToken as string, num(b.MaxResults), ctx.pageSize);
          return {
            JobDefinitionSummaries: p.items.map((d) => ({
              MonitoringJobDefinitionName: d.JobDefinitionName,
              MonitoringJobDefinitionArn: d.JobDefinitionArn,
              CreationTime: d.CreationTime,
              EndpointName: 'x',
            })),
            NextToken: p.next,
          };
        },
      ],
      [
        `SageMaker.Describe${op}JobDefinition`,
        (req: StandinRequest, ctx: RouteContext, b: Doc) =>
          (regionData(ctx, req.region).sagemaker.jobDefinitions ?? []).find(
            (d) => d.kind === kind && d.def.JobDefinitionName === b.JobDefinitionName,
          )?.def ?? throwErr(new AwsError('ResourceNotFound', 'Job definition not found', 400)),
      ],
    ]),
  ),
  'SageMaker.ListInferenceExperiments': (req, ctx, b) => {
    const p = page(
      regionData(ctx, req.region).sagemaker.inferenceExperiments ?? [],
      b.NextToken as string,
      num(b.MaxResults),
      ctx.pageSize,
    );
    return { InferenceExperiments: p.items.map((e) => pick(e, ['Name', 'Type', 'Status', 'CreationTime', 'RoleArn'])), NextToken: p.next };
  },
  'SageMaker.DescribeInferenceExperiment': (req, ctx, b) =>
    byIdent(regionData(ctx, req.region).sagemaker.inferenceExperiments ?? [], b.Name as string, ['Name']) ??
    throwErr(new AwsError('ResourceNotFound', 'Inference experiment not found', 400)),
  // ---- ECS ----
  'AmazonEC2ContainerServiceV20141113.ListTaskDefinitionFamilies': (req, ctx, b) => {
    const fams = [...new Set(regionData(ctx, req.region).taskDefinitions.map((t) => t.family as string))];
    const p = page(fams, b.nextToken as string, num(b.maxResults), ctx.pageSize);
    return { families: p.items, nextToken: p.next };
  },
  'AmazonEC2ContainerServiceV20141113.DescribeTaskDefinition': (req, ctx, b) => {
    const ref = String(b.taskDefinition ?? '');
    const tds = regionData(ctx, req.region).taskDefinitions;
    const td = tds
      .filter((t) => t.family === ref || t.taskDefinitionArn === ref || `${t.family}:${t.revision}` === ref)
      .sort((x, y) => Number(y.revision) - Number(x.revision))[0];
    if (!td) throw new AwsError('ClientException', 'Unable to describe task definition.', 400);
    return { taskDefinition: td, tags: [] };
  },
  // ---- KMS (DescribeKey: key metadata only; no key policies, no cryptography) ----
  'TrentService.DescribeKey': (req, ctx, b) => {
    const ref = String(b.KeyId ?? '');
    const prefix = `arn:aws:kms:${req.region}:${ctx.account.accountId}:`;
    const key = ctx.account.kmsKeys.find(
      (k) =>
        k.arn.startsWith(prefix) &&
        (k.arn === ref || k.arn === `${prefix}key/${ref}` || k.aliases.some((a) => a === ref || `${prefix}${a}` === ref)),
    );
    if (!key) throw new AwsError('NotFoundException', 'Key is not found.', 400);
    const keyId = key.arn.slice(key.arn.indexOf(':key/') + 5);
    return {
      KeyMetadata: {
        AWSAccountId: ctx.account.accountId,
        KeyId: keyId,
        Arn: key.arn,
        CreationDate: '2026-01-15T09:00:00.000Z',
        Enabled: key.keyState === 'Enabled',
        KeyUsage: 'ENCRYPT_DECRYPT',
        KeyState: key.keyState,
        Origin: 'AWS_KMS',
        KeyManager: key.keyManager,
        KeySpec: 'SYMMETRIC_DEFAULT',
        EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
        MultiRegion: Boolean(key.multiRegion),
      },
    };
  },
  // ---- Secrets Manager (metadata only; the stand-in has no secret values at all) ----
  'secretsmanager.ListSecrets': (req, ctx, b) => {
    const p = page(regionData(ctx, req.region).secrets, b.NextToken as string, num(b.MaxResults), ctx.pageSize);
    return { SecretList: p.items, NextToken: p.next };
  },
  'secretsmanager.DescribeSecret': (req, ctx, b) =>
    byIdent(regionData(ctx, req.region).secrets, b.SecretId as string, ['ARN', 'Name']) ??
    throwErr(new AwsError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.", 400)),
  // ---- CloudTrail (LookupEvents over the account's `trail` records: newest first, one lookup attribute) ----
  'CloudTrail_20131101.LookupEvents': (req, ctx, b) => {
    const attrs = Array.isArray(b.LookupAttributes) ? (b.LookupAttributes as Doc[]) : [];
    if (attrs.length > 1) throw new AwsError('InvalidLookupAttributesException', 'Only one lookup attribute is allowed.', 400);
    const a = attrs[0];
    const field = a
      ? ({ EventSource: 'eventSource', EventName: 'eventName', EventId: 'eventID' } as Record<string, string>)[String(a.AttributeKey)]
      : undefined;
    if (a && !field) throw new AwsError('InvalidLookupAttributesException', 'Unsupported lookup attribute (stand-in).', 400);
    const max = num(b.MaxResults);
    if (max !== undefined && (max < 1 || max > 50)) throw new AwsError('InvalidMaxResultsException', 'MaxResults must be 1..50.', 400);
    const from = num(b.StartTime);
    const to = num(b.EndTime);
    const items = (ctx.account.trail ?? [])
      .filter((r) => r.awsRegion === req.region && (!field || r[field] === a?.AttributeValue))
      .filter((r) => {
        const t = Date.parse(String(r.eventTime)) / 1000;
        return (from === undefined || t >= from) && (to === undefined || t <= to);
      })
      .sort((x, y) => Date.parse(String(y.eventTime)) - Date.parse(String(x.eventTime)));
    const p = page(items, b.NextToken as string, max, ctx.pageSize);
    return {
      Events: p.items.map((r) => ({
        EventId: r.eventID,
        EventName: r.eventName,
        EventSource: r.eventSource,
        EventTime: r.eventTime,
        ReadOnly: String(r.readOnly ?? 'false'),
        CloudTrailEvent: JSON.stringify(r),
      })),
      NextToken: p.next,
    };
  },
  // ---- CloudWatch Logs ----
  'Logs_20140328.DescribeLogGroups': (req, ctx, b) => {
    const prefix = String(b.logGroupNamePrefix ?? '');
    const all = regionData(ctx, req.region).logGroups.filter((g) => String(g.logGroupName).startsWith(prefix));
    const p = page(all, b.nextToken as string, num(b.limit), ctx.pageSize);
    return { logGroups: p.items, nextToken: p.next };
  },
  'Logs_20140328.StartQuery': (req, ctx, b) => {
    const name = String(b.logGroupName ?? (b.logGroupNames as string[] | undefined)?.[0] ?? '');
    if (!regionData(ctx, req.region).logGroups.some((g) => g.logGroupName === name))
      throw new AwsError('ResourceNotFoundException', 'The specified log group does not exist.', 400);
    return { queryId: `q-${req.region}-${Buffer.from(name).toString('base64url')}` };
  },
  'Logs_20140328.GetQueryResults': (req, ctx) => {
    const rows = regionData(ctx, req.region).modelUsage;
    return {
      status: 'Complete',
      results: rows.map((r) => [
        { field: 'modelId', value: r.modelId },
        { field: 'identity.arn', value: r.identity },
        { field: 'calls', value: String(r.calls) },
        { field: 'lastUsed', value: r.lastUsed },
      ]),
      statistics: {
        recordsMatched: rows.reduce((n, r) => n + r.calls, 0),
        recordsScanned: rows.reduce((n, r) => n + r.calls, 0),
        bytesScanned: 0,
      },
    };
  },
};

function throwErr(e: AwsError): never {
  throw e;
}

// ------------------------------------------------------------------ IAM / STS (query)

const enc = (d: unknown) => encodeURIComponent(JSON.stringify(d));
const T_IAM = '2025-01-01T00:00:00Z';

/** The UserIds the stand-in gave (users without `userId`): kept across renames, never given to another user. */
const givenUserIds = new WeakMap<DemoUser, string>();
/** Every UserId the stand-in gave in an account, deleted users' included (IAM never reuses one). */
const everGivenUserIds = new WeakMap<object, Set<string>>();

/**
 * GetUser's UserId: `userId`, else one derived from the name the user had when first asked (every user of the account
 * not yet given one is given one then, in list order), suffixed when another user has or had it (a reused name, a
 * deleted user's included).
 */
function userIdOf(account: object, users: DemoUser[], u: DemoUser): string {
  const idOf = (x: DemoUser) => x.userId ?? givenUserIds.get(x);
  const ever = everGivenUserIds.get(account) ?? new Set<string>();
  everGivenUserIds.set(account, ever);
  for (const x of users.includes(u) ? users : [...users, u]) {
    if (idOf(x)) continue;
    const base = `AIDA${x.name
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, '')
      .padEnd(17, 'X')
      .slice(0, 17)}`;
    const taken = new Set([...users.map(idOf), ...ever]);
    let id = base;
    for (let n = 1; taken.has(id); n++) id = `${base.slice(0, base.length - String(n).length)}${n}`;
    givenUserIds.set(x, id);
    ever.add(id);
  }
  return idOf(u) ?? '';
}

export function iamAction(action: string, p: URLSearchParams, ctx: RouteContext): StandinResponse {
  const a = ctx.account;
  const acct = a.accountId;
  const role = () => {
    const r = a.roles.find((x) => x.name === p.get('RoleName'));
    if (!r) throw new AwsError('NoSuchEntity', `The role with name ${p.get('RoleName')} cannot be found.`, 404);
    return r;
  };
  const user = () => {
    const u = a.users.find((x) => x.name === p.get('UserName'));
    if (!u) throw new AwsError('NoSuchEntity', `The user with name ${p.get('UserName')} cannot be found.`, 404);
    return u;
  };
  const group = () => {
    const g = a.groups.find((x) => x.name === p.get('GroupName'));
    if (!g) throw new AwsError('NoSuchEntity', `The group with name ${p.get('GroupName')} cannot be found.`, 404);
    return g;
  };
  const marker = p.get('Marker');
  const max = num(p.get('MaxItems'));
  const names = (list: string[], key: string) => {
    const pg = page(list, marker, max, ctx.pageSize);
    return { [key]: pg.items, IsTruncated: Boolean(pg.next), ...(pg.next ? { Marker: pg.next } : {}) };
  };
  const attached = (arns: string[]) => {
    const pg = page(arns, marker, max, ctx.pageSize);
    return {
      AttachedPolicies: pg.items.map((arn) => ({ PolicyName: arn.split('/').pop(), PolicyArn: arn })),
      IsTruncated: Boolean(pg.next),
      ...(pg.next ? { Marker: pg.next } : {}),
    };
  };
  const inline = (docs: Record<string, unknown>, key: 'RoleName' | 'UserName' | 'GroupName', owner: string) => {
    const doc = docs[p.get('PolicyName') ?? ''];
    if (!doc) throw new AwsError('NoSuchEntity', `The policy ${p.get('PolicyName')} cannot be found.`, 404);
    return { [key]: owner, PolicyName: p.get('PolicyName'), PolicyDocument: enc(doc) };
  };
  /** The IAM Role entity fields every answer that names a role carries (GetRole, GetInstanceProfile). */
  const roleEntity = (name: string, path = '/') => ({
    Path: path,
    RoleName: name,
    RoleId: `AROA${name
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, '')
      .padEnd(17, 'X')
      .slice(0, 17)}`,
    Arn: `arn:aws:iam::${acct}:role${path}${name}`,
    CreateDate: T_IAM,
  });
  switch (action) {
    case 'GetInstanceProfile': {
      const ip = (a.instanceProfiles ?? []).find((x) => x.name === p.get('InstanceProfileName'));
      if (!ip) throw new AwsError('NoSuchEntity', `Instance Profile ${p.get('InstanceProfileName')} cannot be found.`, 404);
      return queryXml(action, {
        InstanceProfile: {
          Path: ip.path ?? '/',
          InstanceProfileName: ip.name,
          InstanceProfileId: `AIPA${ip.name
            .toUpperCase()
            .replace(/[^A-Z0-9]/g, '')
            .padEnd(17, 'X')
            .slice(0, 17)}`,
          Arn: `arn:aws:iam::${acct}:instance-profile${ip.path ?? '/'}${ip.name}`,
          CreateDate: T_IAM,
          Roles: ip.roles.map((name) => roleEntity(name, a.roles.find((x) => x.name === name)?.path)),
        },
      });
    }
    case 'ListServiceSpecificCredentials': {
      const svc = p.get('ServiceName');
      // IAM answers NoSuchEntity for a user name nobody holds
      if (p.get('AllUsers') !== 'true' && p.get('UserName')) user();
      const rows = a.apiKeys.filter(
        (k) => (!svc || k.ServiceName === svc) && (p.get('AllUsers') === 'true' || !p.get('UserName') || k.UserName === p.get('UserName')),
      );
      const pg = page(rows, marker, max, ctx.pageSize);
      return queryXml(action, {
        ServiceSpecificCredentials: pg.items.map((k) => ({ ...k, ServiceUserName: `${k.UserName}-at-${acct}` })),
        IsTruncated: Boolean(pg.next),
        ...(pg.next ? { Marker: pg.next } : {}),
      });
    }
    case 'GetRole': {
      const r = role();
      return queryXml(action, {
        Role: {
          ...roleEntity(r.name, r.path),
          AssumeRolePolicyDocument: enc(r.trust),
          MaxSessionDuration: 3600,
          ...(r.permissionsBoundary
            ? {
                PermissionsBoundary: {
                  PermissionsBoundaryType: 'PermissionsBoundaryPolicy',
                  PermissionsBoundaryArn: r.permissionsBoundary,
                },
              }
            : {}),
          ...(r.lastUsed ? { RoleLastUsed: { LastUsedDate: r.lastUsed, Region: 'us-east-1' } } : { RoleLastUsed: {} }),
        },
      });
    }
    case 'GetUser': {
      const u = user();
      return queryXml(action, {
        User: {
          Path: u.path ?? '/',
          UserName: u.name,
          UserId: userIdOf(a, a.users, u),
          Arn: `arn:aws:iam::${acct}:user${u.path ?? '/'}${u.name}`,
          CreateDate: u.createDate ?? T_IAM,
          ...(u.permissionsBoundary
            ? {
                PermissionsBoundary: {
                  PermissionsBoundaryType: 'PermissionsBoundaryPolicy',
                  PermissionsBoundaryArn: u.permissionsBoundary,
                },
              }
            : {}),
        },
      });
    }
    case 'ListRolePolicies':
      return queryXml(action, names(Object.keys(role().inline), 'PolicyNames'));
    case 'GetRolePolicy':
      return queryXml(action, inline(role().inline, 'RoleName', role().name));
    case 'ListAttachedRolePolicies':
      return queryXml(action, attached(role().attached));
    case 'ListUserPolicies':
      return queryXml(action, names(Object.keys(user().inline), 'PolicyNames'));
    case 'GetUserPolicy':
      return queryXml(action, inline(user().inline, 'UserName', user().name));
    case 'ListAttachedUserPolicies':
      return queryXml(action, attached(user().attached));
    case 'ListGroupsForUser': {
      const u = user();
      const pg = page(u.groups, marker, max, ctx.pageSize);
      return queryXml(action, {
        Groups: pg.items.map((g) => ({
          Path: '/',
          GroupName: g,
          GroupId: `AGPA${g.toUpperCase().padEnd(17, 'X').slice(0, 17)}`,
          Arn: `arn:aws:iam::${acct}:group/${g}`,
          CreateDate: T_IAM,
        })),
        IsTruncated: Boolean(pg.next),
        ...(pg.next ? { Marker: pg.next } : {}),
      });
    }
    case 'ListGroupPolicies':
      return queryXml(action, names(Object.keys(group().inline), 'PolicyNames'));
    case 'GetGroupPolicy':
      return queryXml(action, inline(group().inline, 'GroupName', group().name));
    case 'ListAttachedGroupPolicies':
      return queryXml(action, attached(group().attached));
    case 'GetPolicy': {
      const arn = p.get('PolicyArn') ?? '';
      if (!a.managedPolicies[arn]) throw new AwsError('NoSuchEntity', `Policy ${arn} does not exist or is not attachable.`, 404);
      return queryXml(action, {
        Policy: {
          PolicyName: arn.split('/').pop(),
          Arn: arn,
          DefaultVersionId: 'v1',
          AttachmentCount: 1,
          IsAttachable: true,
          CreateDate: T_IAM,
          UpdateDate: T_IAM,
        },
      });
    }
    case 'GetPolicyVersion': {
      const arn = p.get('PolicyArn') ?? '';
      const doc = a.managedPolicies[arn];
      if (!doc || p.get('VersionId') !== 'v1') throw new AwsError('NoSuchEntity', `Policy version not found.`, 404);
      return queryXml(action, { PolicyVersion: { Document: enc(doc), VersionId: 'v1', IsDefaultVersion: true, CreateDate: T_IAM } });
    }
    default:
      throw new AwsError('InvalidAction', `Could not find operation ${action} for version 2010-05-08`, 400);
  }
}

export function stsAction(action: string, _p: URLSearchParams, ctx: RouteContext): StandinResponse {
  if (action !== 'GetCallerIdentity') throw new AwsError('InvalidAction', `Could not find operation ${action}`, 400);
  return queryXml(
    action,
    { UserId: 'AIDADEMOSCANNER00001', Account: ctx.account.accountId, Arn: `arn:aws:iam::${ctx.account.accountId}:user/aispm-scanner` },
    'https://sts.amazonaws.com/doc/2011-06-15/',
  );
}

/** `Filter.N.Name` / `Filter.N.Value.M` of an EC2 query request, by filter name. */
function ec2Filters(p: URLSearchParams): Map<string, string[]> {
  const names = new Map<string, string>();
  for (const [k, v] of p) {
    const m = /^Filter\.(\d+)\.Name$/.exec(k);
    if (m) names.set(m[1] as string, v);
  }
  const out = new Map<string, string[]>();
  for (const [k, v] of p) {
    const m = /^Filter\.(\d+)\.Value\.\d+$/.exec(k);
    if (!m) continue;
    const name = names.get(m[1] as string) ?? '';
    out.set(name, [...(out.get(name) ?? []), v]);
  }
  return out;
}

/** EC2 wire names of SDK members where they are not just the lower-camel form (DescribeInstances / Images / SGs). */
const EC2_WIRE: Record<string, string> = {
  Instances: 'instancesSet',
  SecurityGroups: 'groupSet',
  Groups: 'groupSet',
  Tags: 'tagSet',
  State: 'instanceState',
  PublicDnsName: 'dnsName',
  PublicIpAddress: 'ipAddress',
  BlockDeviceMappings: 'blockDeviceMapping',
  NetworkInterfaces: 'networkInterfaceSet',
  Ipv6Addresses: 'ipv6AddressesSet',
  PrivateIpAddresses: 'privateIpAddressesSet',
  UserIdGroupPairs: 'groups',
  OwnerId: 'imageOwnerId',
  Volumes: 'volumeSet',
  Attachments: 'attachmentSet',
};
function ec2Wire(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(ec2Wire);
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v as Doc).map(([k, x]) => [EC2_WIRE[k] ?? k[0].toLowerCase() + k.slice(1), ec2Wire(x)]));
  return v;
}

export function ec2Action(action: string, p: URLSearchParams, ctx: RouteContext, region: string): StandinResponse {
  const filters = ec2Filters(p);
  const rd = regionData(ctx, region);
  const ec2 = rd.ec2 ?? { instances: [], images: [], securityGroups: [] };
  const paged = (items: Doc[]) => page(items, p.get('NextToken'), num(p.get('MaxResults')), ctx.pageSize);
  const next = (pg: { next?: string }) => (pg.next ? { nextToken: pg.next } : {});
  switch (action) {
    case 'DescribeVpcEndpoints': {
      const wanted = [...filters.values()].flat();
      const all = rd.vpcEndpoints.filter((e) => !wanted.length || wanted.includes(String(e.ServiceName)));
      const pg = paged(all);
      const lower = (o: Doc) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k[0].toLowerCase() + k.slice(1), v]));
      return ec2Xml(action, { vpcEndpointSet: pg.items.map(lower), ...next(pg) });
    }
    case 'DescribeInstances': {
      const ids: string[] = [];
      for (const [k, v] of p) if (/^InstanceId\.\d+$/.test(k)) ids.push(v);
      const states = filters.get('instance-state-name');
      for (const id of ids)
        if (!ec2.instances.some((i) => i.InstanceId === id))
          throw new AwsError('InvalidInstanceID.NotFound', `The instance ID '${id}' does not exist`, 400);
      const all = ec2.instances.filter(
        (i) => (!ids.length || ids.includes(String(i.InstanceId))) && (!states || states.includes(String((i.State as Doc)?.Name))),
      );
      const pg = paged(all);
      return ec2Xml(action, {
        reservationSet: pg.items.map((i) => ({
          reservationId: `r-${String(i.InstanceId).slice(2)}`,
          ownerId: ctx.account.accountId,
          instancesSet: [ec2Wire(i)],
        })),
        ...next(pg),
      });
    }
    case 'DescribeImages': {
      const ids = filters.get('image-id');
      const pg = paged(ec2.images.filter((i) => !ids || ids.includes(String(i.ImageId))));
      return ec2Xml(action, { imagesSet: ec2Wire(pg.items), ...next(pg) });
    }
    case 'DescribeSecurityGroups': {
      const ids = filters.get('group-id');
      // GroupName.N: "[Default VPC] the names of the security groups"
      const names = [...p.entries()].filter(([k]) => /^GroupName\.\d+$/.test(k)).map(([, v]) => v);
      if (names.length) {
        const dflt = ec2.defaultVpcId;
        if (!dflt) throw new AwsError('VPCIdNotSpecified', 'No default VPC for this user', 400);
        const found = ec2.securityGroups.filter((g) => g.VpcId === dflt && names.includes(String(g.GroupName)));
        const missing = names.find((n) => !found.some((g) => g.GroupName === n));
        if (missing)
          throw new AwsError('InvalidGroup.NotFound', `The security group '${missing}' does not exist in default VPC '${dflt}'`, 400);
        return ec2Xml(action, { securityGroupInfo: ec2Wire(found) });
      }
      const pg = paged(ec2.securityGroups.filter((g) => !ids || ids.includes(String(g.GroupId))));
      return ec2Xml(action, { securityGroupInfo: ec2Wire(pg.items), ...next(pg) });
    }
    case 'DescribeVolumes': {
      const ids = filters.get('volume-id');
      const pg = paged((ec2.volumes ?? []).filter((v) => !ids || ids.includes(String(v.VolumeId))));
      return ec2Xml(action, { volumeSet: ec2Wire(pg.items), ...next(pg) });
    }
    case 'GetEbsEncryptionByDefault':
      return ec2Xml(action, { ebsEncryptionByDefault: ec2.ebsEncryptionByDefault ?? false, sseType: 'sse-ebs' });
    default:
      throw new AwsError('InvalidAction', `The action ${action} is not valid for this web service.`, 400);
  }
}

// ------------------------------------------------------------------ S3 (REST-XML, path style)

const S3NS = 'http://s3.amazonaws.com/doc/2006-03-01/';
/** Canonical user id of the demo account's bucket owner. */
const OWNER_ID = '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be';
const xml = (body: string): StandinResponse => ({
  status: 200,
  headers: { 'content-type': 'application/xml', 'x-amz-request-id': requestId() },
  body: `<?xml version="1.0" encoding="UTF-8"?>${body}`,
});

const S3CONTROL_NS = 'http://awss3control.amazonaws.com/doc/2018-08-20/';

export function s3Request(req: StandinRequest, ctx: RouteContext): { op: string; run: () => StandinResponse } {
  // S3 Control (signed as s3): GET /v20180820/configuration/publicAccessBlock, the account in x-amz-account-id
  if (req.path === '/v20180820/configuration/publicAccessBlock')
    return {
      op: 'GetAccountPublicAccessBlock',
      run: () => {
        if (req.method !== 'GET') throw new AwsError('NotImplemented', 'Only GET is implemented', 501);
        if (req.headers['x-amz-account-id'] !== ctx.account.accountId) throw new AwsError('AccessDenied', 'Access Denied', 403);
        const p = ctx.account.accountPublicAccessBlock;
        if (!p) throw new AwsError('NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found', 404);
        return xml(
          `<PublicAccessBlockConfiguration xmlns="${S3CONTROL_NS}"><BlockPublicAcls>${p.BlockPublicAcls}</BlockPublicAcls><IgnorePublicAcls>${p.IgnorePublicAcls}</IgnorePublicAcls><BlockPublicPolicy>${p.BlockPublicPolicy}</BlockPublicPolicy><RestrictPublicBuckets>${p.RestrictPublicBuckets}</RestrictPublicBuckets></PublicAccessBlockConfiguration>`,
        );
      },
    };
  const bucketName = dec(req.path.split('/')[1] ?? '');
  const q = req.query;
  const op = q.has('publicAccessBlock')
    ? 'GetPublicAccessBlock'
    : q.has('policy')
      ? 'GetBucketPolicy'
      : q.has('encryption')
        ? 'GetBucketEncryption'
        : q.has('versioning')
          ? 'GetBucketVersioning'
          : q.has('object-lock')
            ? 'GetObjectLockConfiguration'
            : q.has('location')
              ? 'GetBucketLocation'
              : q.has('ownershipControls')
                ? 'GetBucketOwnershipControls'
                : q.has('acl')
                  ? 'GetBucketAcl'
                  : 'Unsupported';
  return {
    op,
    run: () => {
      if (req.method !== 'GET' || op === 'Unsupported')
        throw new AwsError('NotImplemented', 'A header you provided implies functionality that is not implemented', 501);
      const b = ctx.account.buckets[bucketName];
      if (!b) throw new AwsError('NoSuchBucket', 'The specified bucket does not exist', 404);
      switch (op) {
        case 'GetPublicAccessBlock': {
          const p = b.publicAccessBlock;
          if (!p) throw new AwsError('NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found', 404);
          return xml(
            `<PublicAccessBlockConfiguration xmlns="${S3NS}"><BlockPublicAcls>${p.BlockPublicAcls}</BlockPublicAcls><IgnorePublicAcls>${p.IgnorePublicAcls}</IgnorePublicAcls><BlockPublicPolicy>${p.BlockPublicPolicy}</BlockPublicPolicy><RestrictPublicBuckets>${p.RestrictPublicBuckets}</RestrictPublicBuckets></PublicAccessBlockConfiguration>`,
          );
        }
        case 'GetBucketPolicy':
          if (!b.policy) throw new AwsError('NoSuchBucketPolicy', 'The bucket policy does not exist', 404);
          return {
            status: 200,
            headers: { 'content-type': 'application/json', 'x-amz-request-id': requestId() },
            body: JSON.stringify(b.policy),
          };
        case 'GetBucketEncryption': {
          // Since 2023 every bucket has at least SSE-S3 default encryption.
          const e = b.encryption ?? { SSEAlgorithm: 'AES256' };
          return xml(
            `<ServerSideEncryptionConfiguration xmlns="${S3NS}"><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>${esc(e.SSEAlgorithm)}</SSEAlgorithm>${e.KMSMasterKeyID ? `<KMSMasterKeyID>${esc(e.KMSMasterKeyID)}</KMSMasterKeyID>` : ''}</ApplyServerSideEncryptionByDefault><BucketKeyEnabled>${Boolean(e.KMSMasterKeyID)}</BucketKeyEnabled></Rule></ServerSideEncryptionConfiguration>`,
          );
        }
        case 'GetBucketVersioning':
          return xml(
            b.versioning
              ? `<VersioningConfiguration xmlns="${S3NS}"><Status>${b.versioning}</Status></VersioningConfiguration>`
              : `<VersioningConfiguration xmlns="${S3NS}"/>`,
          );
        case 'GetObjectLockConfiguration':
          if (!b.objectLock)
            throw new AwsError('ObjectLockConfigurationNotFoundError', 'Object Lock configuration does not exist for this bucket', 404);
          return xml(`<ObjectLockConfiguration xmlns="${S3NS}"><ObjectLockEnabled>Enabled</ObjectLockEnabled></ObjectLockConfiguration>`);
        case 'GetBucketOwnershipControls':
          if (!b.ownership) throw new AwsError('OwnershipControlsNotFoundError', 'The bucket ownership controls were not found', 404);
          return xml(
            `<OwnershipControls xmlns="${S3NS}"><Rule><ObjectOwnership>${b.ownership}</ObjectOwnership></Rule></OwnershipControls>`,
          );
        case 'GetBucketAcl': {
          const owner = `<Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser"><ID>${OWNER_ID}</ID></Grantee><Permission>FULL_CONTROL</Permission></Grant>`;
          const groups = (b.aclGrants ?? [])
            .map(
              (g) =>
                `<Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="Group"><URI>${esc(g.groupUri)}</URI></Grantee><Permission>${g.permission}</Permission></Grant>`,
            )
            .join('');
          return xml(
            `<AccessControlPolicy xmlns="${S3NS}"><Owner><ID>${OWNER_ID}</ID></Owner><AccessControlList>${owner}${groups}</AccessControlList></AccessControlPolicy>`,
          );
        }
        default:
          return xml(`<LocationConstraint xmlns="${S3NS}">${b.region === 'us-east-1' ? '' : b.region}</LocationConstraint>`);
      }
    },
  };
}

export { epochify };
