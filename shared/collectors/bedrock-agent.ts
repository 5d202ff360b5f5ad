import {
  GetAgentActionGroupCommand,
  GetAgentCommand,
  GetAgentVersionCommand,
  GetDataSourceCommand,
  GetFlowCommand,
  GetFlowVersionCommand,
  GetKnowledgeBaseCommand,
  GetPromptCommand,
  ListAgentActionGroupsCommand,
  ListAgentAliasesCommand,
  ListAgentKnowledgeBasesCommand,
  ListAgentsCommand,
  ListDataSourcesCommand,
  ListFlowAliasesCommand,
  ListFlowsCommand,
  ListFlowVersionsCommand,
  ListKnowledgeBasesCommand,
  ListPromptsCommand,
} from '@aws-sdk/client-bedrock-agent';
import { classifyError, errorCode } from '../discovery/errors.ts';
import type { Relationship } from '../domain/asset.ts';
import type {
  AgentActionGroup,
  AgentConfig,
  FlowConfig,
  FlowNodeSummary,
  FlowPublishedVersion,
  FlowVersionConfig,
  KnowledgeBaseConfig,
  KnowledgeBaseDataSource,
  PromptConfig,
} from '../domain/asset-config.ts';
import { type AnyDraft, kmsRel, listThenDescribe, paginate, rel, type TypeCollector, type TypeRun, uniqRels } from './context.ts';

const SVC = 'bedrock-agent';

/** Collects every page of a sub-list (errors propagate to the caller's `read`). */
async function listAll<P, I>(
  run: TypeRun,
  op: string,
  fetch: (t: string | undefined) => Promise<P>,
  items: (p: P) => I[] | undefined,
  next: (p: P) => string | undefined,
): Promise<I[]> {
  const out: I[] = [];
  await paginate(run, op, fetch, next, (p) => out.push(...(items(p) ?? [])));
  return out;
}

/** Like TypeRun.read for paginated sub-lists: `undefined` on failure (recorded), `null` when the parent is gone. */
async function readList<I>(run: TypeRun, op: string, fn: () => Promise<I[]>, errors: string[]): Promise<I[] | undefined | null> {
  try {
    return await fn();
  } catch (err) {
    if (classifyError(err, 'describe') === 'not-found') return null;
    errors.push(`${op}: ${errorCode(err)}`);
    run.gap(SVC, op, err);
    run.partial = true;
    return undefined;
  }
}

// ---------------- prompts ----------------

async function describePrompt(run: TypeRun, id: string): Promise<AnyDraft | null> {
  const errors: string[] = [];
  const p = await run.read(SVC, 'GetPrompt', () => run.client('bedrockAgent').send(new GetPromptCommand({ promptIdentifier: id })), errors);
  if (p === null) return null;
  const config = (
    p
      ? {
          customerEncryptionKeyArn: p.customerEncryptionKeyArn ?? null,
          version: p.version ?? null,
          variantCount: (p.variants ?? []).length,
        }
      : {}
  ) as PromptConfig;
  return {
    id: p?.arn ?? id,
    type: 'bedrock.prompt',
    region: run.region,
    name: p?.name ?? id,
    config,
    tags: {},
    relationships: kmsRel(p?.customerEncryptionKeyArn),
    ...(errors.length ? { collectionErrors: errors } : {}),
  };
}

export const prompts: TypeCollector = {
  type: 'bedrock.prompt',
  service: SVC,
  scope: 'regional',
  async collect(run) {
    await listThenDescribe(
      run,
      'ListPrompts',
      (t) => run.client('bedrockAgent').send(new ListPromptsCommand({ nextToken: t, maxResults: 1000 })),
      (p) => p.nextToken,
      (p, add) => {
        for (const s of p.promptSummaries ?? []) if (s.id && (!s.version || s.version === 'DRAFT')) add(describePrompt(run, s.id));
      },
    );
  },
  refresh: (run, ref) => describePrompt(run, ref.key),
};

// ---------------- agents ----------------

async function describeAgent(run: TypeRun, agentId: string): Promise<AnyDraft | null> {
  const errors: string[] = [];
  const c = run.client('bedrockAgent');
  const got = await run.read(SVC, 'GetAgent', () => c.send(new GetAgentCommand({ agentId })), errors);
  if (got === null) return null;
  const a = got?.agent;
  const [aliases, groups, kbs] = await Promise.all([
    readList(
      run,
      'ListAgentAliases',
      () =>
        listAll(
          run,
          'ListAgentAliases',
          (t) => c.send(new ListAgentAliasesCommand({ agentId, nextToken: t, maxResults: 100 })),
          (p) => p.agentAliasSummaries,
          (p) => p.nextToken,
        ),
      errors,
    ),
    readList(
      run,
      'ListAgentActionGroups',
      () =>
        listAll(
          run,
          'ListAgentActionGroups',
          (t) => c.send(new ListAgentActionGroupsCommand({ agentId, agentVersion: 'DRAFT', nextToken: t, maxResults: 100 })),
          (p) => p.actionGroupSummaries,
          (p) => p.nextToken,
        ),
      errors,
    ),
    readList(
      run,
      'ListAgentKnowledgeBases',
      () =>
        listAll(
          run,
          'ListAgentKnowledgeBases',
          (t) => c.send(new ListAgentKnowledgeBasesCommand({ agentId, agentVersion: 'DRAFT', nextToken: t, maxResults: 100 })),
          (p) => p.agentKnowledgeBaseSummaries,
          (p) => p.nextToken,
        ),
      errors,
    ),
  ]);
  let actionGroups: AgentActionGroup[] | undefined;
  if (groups) {
    const details = await Promise.all(
      groups.map((g) =>
        run.read(
          SVC,
          'GetAgentActionGroup',
          () => c.send(new GetAgentActionGroupCommand({ agentId, agentVersion: 'DRAFT', actionGroupId: g.actionGroupId })),
          errors,
        ),
      ),
    );
    if (details.every((d) => d !== undefined)) {
      actionGroups = details
        .flatMap((d) => (d?.agentActionGroup ? [d.agentActionGroup] : []))
        .map((g) => {
          const lambdaArn = g.actionGroupExecutor?.lambda ?? null;
          const executorKind: AgentActionGroup['executorKind'] = lambdaArn
            ? 'lambda'
            : g.actionGroupExecutor?.customControl
              ? 'return-control'
              : g.parentActionSignature
                ? 'built-in'
                : 'none';
          return { name: g.actionGroupName ?? g.actionGroupId ?? '', state: g.actionGroupState ?? 'Unknown', lambdaArn, executorKind };
        });
    }
  }
  // the released versions the aliases route to: what production actually runs
  let releasedVersions: AgentConfig['releasedVersions'];
  if (aliases) {
    const versions = [...new Set(aliases.flatMap((x) => (x.routingConfiguration ?? []).map((r) => r.agentVersion ?? '')))].filter(
      (v) => v && v !== 'DRAFT',
    );
    const got = await Promise.all(
      versions.map((v) => run.read(SVC, 'GetAgentVersion', () => c.send(new GetAgentVersionCommand({ agentId, agentVersion: v })), errors)),
    );
    if (got.every((g) => g !== undefined))
      releasedVersions = got.flatMap((g) => {
        const v = g?.agentVersion;
        if (!v) return [];
        return [
          {
            version: v.version ?? '',
            guardrail: v.guardrailConfiguration?.guardrailIdentifier
              ? { id: v.guardrailConfiguration.guardrailIdentifier, version: v.guardrailConfiguration.guardrailVersion ?? 'DRAFT' }
              : null,
            roleArn: v.agentResourceRoleArn ?? null,
            customerEncryptionKeyArn: v.customerEncryptionKeyArn ?? null,
            foundationModel: v.foundationModel ?? null,
          },
        ];
      });
  }
  const config = (
    a
      ? {
          agentId,
          status: a.agentStatus ?? 'Unknown',
          foundationModel: a.foundationModel ?? null,
          roleArn: a.agentResourceRoleArn ?? null,
          customerEncryptionKeyArn: a.customerEncryptionKeyArn ?? null,
          guardrail: a.guardrailConfiguration?.guardrailIdentifier
            ? { id: a.guardrailConfiguration.guardrailIdentifier, version: a.guardrailConfiguration.guardrailVersion ?? 'DRAFT' }
            : null,
          idleSessionTtlSeconds: a.idleSessionTTLInSeconds ?? null,
          aliases: aliases
            ? aliases.map((x) => ({
                name: x.agentAliasName ?? '',
                id: x.agentAliasId ?? '',
                routingVersions: (x.routingConfiguration ?? []).map((r) => r.agentVersion ?? ''),
              }))
            : undefined,
          actionGroups,
          knowledgeBaseIds: kbs ? kbs.map((k) => k.knowledgeBaseId ?? '').filter(Boolean) : undefined,
          collaboration: a.agentCollaboration ?? null,
          instructionLength: a.instruction ? a.instruction.length : null,
          releasedVersions,
        }
      : {}
  ) as AgentConfig;
  const prefix = `arn:${run.partition}:bedrock:${run.region}:${run.accountId}`;
  const guardrailId = config.guardrail?.id;
  return {
    id: a?.agentArn ?? `${prefix}:agent/${agentId}`,
    type: 'bedrock.agent',
    region: run.region,
    name: a?.agentName ?? agentId,
    config,
    tags: {},
    relationships: uniqRels([
      ...rel('assumes-role', a?.agentResourceRoleArn, 'iam.role'),
      ...rel('uses-model', modelRef(a?.foundationModel, run), 'bedrock.foundation-model'),
      ...[guardrailId, ...(releasedVersions ?? []).map((v) => v.guardrail?.id)].flatMap((g) =>
        rel('uses-guardrail', g ? (g.startsWith('arn:') ? g : `${prefix}:guardrail/${g}`) : null, 'bedrock.guardrail'),
      ),
      ...(releasedVersions ?? []).flatMap((v) => [
        ...rel('assumes-role', v.roleArn, 'iam.role'),
        ...rel('uses-model', modelRef(v.foundationModel, run), 'bedrock.foundation-model'),
        ...kmsRel(v.customerEncryptionKeyArn),
      ]),
      ...(config.knowledgeBaseIds ?? []).flatMap((k) =>
        rel('uses-knowledge-base', `${prefix}:knowledge-base/${k}`, 'bedrock.knowledge-base'),
      ),
      ...(actionGroups ?? []).flatMap((g) => rel('invokes-function', g.lambdaArn, 'lambda.function')),
      ...kmsRel(a?.customerEncryptionKeyArn),
    ]),
    ...(errors.length ? { collectionErrors: errors } : {}),
  };
}

/** Normalizes a model id / ARN used by an agent into a foundation-model ARN (profiles and custom models kept as is). */
export function modelRef(model: string | null | undefined, run: { partition: string; region: string }): string | null {
  if (!model) return null;
  if (model.startsWith('arn:')) return model;
  return `arn:${run.partition}:bedrock:${run.region}::foundation-model/${model}`;
}

export const agents: TypeCollector = {
  type: 'bedrock.agent',
  service: SVC,
  scope: 'regional',
  async collect(run) {
    await listThenDescribe(
      run,
      'ListAgents',
      (t) => run.client('bedrockAgent').send(new ListAgentsCommand({ nextToken: t, maxResults: 1000 })),
      (p) => p.nextToken,
      (p, add) => {
        for (const s of p.agentSummaries ?? []) if (s.agentId) add(describeAgent(run, s.agentId));
      },
    );
  },
  refresh: (run, ref) => describeAgent(run, ref.key),
  idFor: (ref, accountId, partition) => `arn:${partition}:bedrock:${ref.region}:${accountId}:agent/${ref.key}`,
};

// ---------------- knowledge bases ----------------

async function describeKnowledgeBase(run: TypeRun, kbId: string): Promise<AnyDraft | null> {
  const errors: string[] = [];
  const c = run.client('bedrockAgent');
  const got = await run.read(SVC, 'GetKnowledgeBase', () => c.send(new GetKnowledgeBaseCommand({ knowledgeBaseId: kbId })), errors);
  if (got === null) return null;
  const kb = got?.knowledgeBase;
  const sources = await readList(
    run,
    'ListDataSources',
    () =>
      listAll(
        run,
        'ListDataSources',
        (t) => c.send(new ListDataSourcesCommand({ knowledgeBaseId: kbId, nextToken: t, maxResults: 100 })),
        (p) => p.dataSourceSummaries,
        (p) => p.nextToken,
      ),
    errors,
  );
  let dataSources: KnowledgeBaseDataSource[] | undefined;
  if (sources) {
    const details = await Promise.all(
      sources.map((s) =>
        run.read(
          SVC,
          'GetDataSource',
          () => c.send(new GetDataSourceCommand({ knowledgeBaseId: kbId, dataSourceId: s.dataSourceId })),
          errors,
        ),
      ),
    );
    if (details.every((d) => d !== undefined)) {
      dataSources = details
        .flatMap((d) => (d?.dataSource ? [d.dataSource] : []))
        .map((ds) => {
          return {
            id: ds.dataSourceId ?? '',
            name: ds.name ?? '',
            type: ds.dataSourceConfiguration?.type ?? 'UNKNOWN',
            bucketArn: ds.dataSourceConfiguration?.s3Configuration?.bucketArn ?? null,
            kmsKeyArn: ds.serverSideEncryptionConfiguration?.kmsKeyArn ?? null,
            dataDeletionPolicy: ds.dataDeletionPolicy ?? null,
          };
        });
    }
  }
  const config = (
    kb
      ? {
          knowledgeBaseId: kbId,
          status: kb.status ?? 'Unknown',
          roleArn: kb.roleArn ?? null,
          embeddingModelArn: kb.knowledgeBaseConfiguration?.vectorKnowledgeBaseConfiguration?.embeddingModelArn ?? null,
          storageType: kb.storageConfiguration?.type ?? null,
          // The knowledge-base API exposes no key of its own; per-source keys are in dataSources[].kmsKeyArn.
          kmsKeyArn: null,
          dataSources,
        }
      : {}
  ) as KnowledgeBaseConfig;
  const bucketOf = (arn: string | null) => (arn ? `arn:aws:s3:::${arn.replace(/^arn:aws[a-z-]*:s3:::/, '').split('/')[0]}` : null);
  return {
    id: kb?.knowledgeBaseArn ?? `arn:${run.partition}:bedrock:${run.region}:${run.accountId}:knowledge-base/${kbId}`,
    type: 'bedrock.knowledge-base',
    region: run.region,
    name: kb?.name ?? kbId,
    config,
    tags: {},
    relationships: uniqRels([
      ...rel('assumes-role', kb?.roleArn, 'iam.role'),
      ...rel('uses-model', config.embeddingModelArn, 'bedrock.foundation-model'),
      ...(dataSources ?? []).flatMap((d) => [...rel('reads-data', bucketOf(d.bucketArn), 's3.bucket'), ...kmsRel(d.kmsKeyArn)]),
    ]),
    ...(errors.length ? { collectionErrors: errors } : {}),
  };
}

export const knowledgeBases: TypeCollector = {
  type: 'bedrock.knowledge-base',
  service: SVC,
  scope: 'regional',
  async collect(run) {
    await listThenDescribe(
      run,
      'ListKnowledgeBases',
      (t) => run.client('bedrockAgent').send(new ListKnowledgeBasesCommand({ nextToken: t, maxResults: 1000 })),
      (p) => p.nextToken,
      (p, add) => {
        for (const s of p.knowledgeBaseSummaries ?? []) if (s.knowledgeBaseId) add(describeKnowledgeBase(run, s.knowledgeBaseId));
      },
    );
  },
  refresh: (run, ref) => describeKnowledgeBase(run, ref.key),
  idFor: (ref, accountId, partition) => `arn:${partition}:bedrock:${ref.region}:${accountId}:knowledge-base/${ref.key}`,
};

// ---------------- flows ----------------

/** The parts of a flow definition node the collector reads (FlowNode of GetFlow / GetFlowVersion). */
interface RawFlowNode {
  name?: string;
  type?: string;
  configuration?: {
    prompt?: {
      sourceConfiguration?: { inline?: { modelId?: string }; resource?: { promptArn?: string } };
      guardrailConfiguration?: { guardrailIdentifier?: string; guardrailVersion?: string };
    };
    knowledgeBase?: {
      knowledgeBaseId?: string;
      modelId?: string;
      guardrailConfiguration?: { guardrailIdentifier?: string; guardrailVersion?: string };
    };
    lambdaFunction?: { lambdaArn?: string };
    loop?: { definition?: { nodes?: RawFlowNode[] } };
  };
}

interface FlowRead {
  config: FlowVersionConfig;
  /** Models, knowledge bases, guardrails and Lambda functions the nodes reference (ids only). */
  models: string[];
  knowledgeBaseIds: string[];
  guardrailIds: string[];
  lambdaArns: string[];
}

/**
 * Summarizes a flow version. Only node names, types, guardrails and referenced resource ids are kept: prompt
 * templates, inline code and conditions never leave this function.
 */
function readFlowVersion(v: {
  version?: string;
  status?: string;
  executionRoleArn?: string;
  customerEncryptionKeyArn?: string;
  definition?: { nodes?: RawFlowNode[] };
}): FlowRead {
  const out: FlowRead = {
    config: {
      version: v.version ?? 'DRAFT',
      status: v.status ?? 'Unknown',
      roleArn: v.executionRoleArn ?? null,
      customerEncryptionKeyArn: v.customerEncryptionKeyArn ?? null,
      nodes: [],
    },
    models: [],
    knowledgeBaseIds: [],
    guardrailIds: [],
    lambdaArns: [],
  };
  const guard = (g: { guardrailIdentifier?: string; guardrailVersion?: string } | undefined) =>
    g?.guardrailIdentifier ? { id: g.guardrailIdentifier, version: g.guardrailVersion ?? 'DRAFT' } : null;
  const walk = (nodes: RawFlowNode[] | undefined, prefix: string, depth: number) => {
    for (const n of nodes ?? []) {
      const c = n.configuration ?? {};
      const name = `${prefix}${n.name ?? ''}`;
      const type = n.type ?? Object.keys(c)[0] ?? 'Unknown';
      let guardrail: FlowNodeSummary['guardrail'] = null;
      let invokesModel = false;
      if (c.prompt) {
        guardrail = guard(c.prompt.guardrailConfiguration);
        invokesModel = true;
        const model = c.prompt.sourceConfiguration?.inline?.modelId;
        if (model) out.models.push(model);
      } else if (c.knowledgeBase) {
        guardrail = guard(c.knowledgeBase.guardrailConfiguration);
        invokesModel = Boolean(c.knowledgeBase.modelId);
        if (c.knowledgeBase.modelId) out.models.push(c.knowledgeBase.modelId);
        if (c.knowledgeBase.knowledgeBaseId) out.knowledgeBaseIds.push(c.knowledgeBase.knowledgeBaseId);
      } else if (c.lambdaFunction?.lambdaArn) out.lambdaArns.push(c.lambdaFunction.lambdaArn);
      if (guardrail) out.guardrailIds.push(guardrail.id);
      out.config.nodes.push({ name, type, guardrail, invokesModel });
      if (c.loop && depth < 4) walk(c.loop.definition?.nodes, `${name}/`, depth + 1);
    }
  };
  walk(v.definition?.nodes, '', 0);
  return out;
}

function flowRels(run: TypeRun, reads: FlowRead[]): Relationship[] {
  const prefix = `arn:${run.partition}:bedrock:${run.region}:${run.accountId}`;
  return reads.flatMap((r) => [
    ...rel('assumes-role', r.config.roleArn, 'iam.role'),
    ...kmsRel(r.config.customerEncryptionKeyArn),
    ...r.models.flatMap((m) => {
      const ref = modelRef(m, run);
      return rel('uses-model', ref, ref?.includes(':foundation-model/') ? 'bedrock.foundation-model' : undefined);
    }),
    ...r.guardrailIds.flatMap((g) => rel('uses-guardrail', g.startsWith('arn:') ? g : `${prefix}:guardrail/${g}`, 'bedrock.guardrail')),
    ...r.knowledgeBaseIds.flatMap((k) => rel('uses-knowledge-base', `${prefix}:knowledge-base/${k}`, 'bedrock.knowledge-base')),
    ...r.lambdaArns.flatMap((l) => rel('invokes-function', l, 'lambda.function')),
  ]);
}

async function describeFlow(run: TypeRun, flowId: string): Promise<AnyDraft | null> {
  const errors: string[] = [];
  const c = run.client('bedrockAgent');
  const got = await run.read(SVC, 'GetFlow', () => c.send(new GetFlowCommand({ flowIdentifier: flowId })), errors);
  if (got === null) return null;
  const id = got?.id ?? flowId;
  const [aliases, listed] = await Promise.all([
    readList(
      run,
      'ListFlowAliases',
      () =>
        listAll(
          run,
          'ListFlowAliases',
          (t) => c.send(new ListFlowAliasesCommand({ flowIdentifier: id, nextToken: t, maxResults: 100 })),
          (p) => p.flowAliasSummaries,
          (p) => p.nextToken,
        ),
      errors,
    ),
    // every published version: each keeps the key it was created with, aliased or not (data at rest)
    readList(
      run,
      'ListFlowVersions',
      () =>
        listAll(
          run,
          'ListFlowVersions',
          (t) => c.send(new ListFlowVersionsCommand({ flowIdentifier: id, nextToken: t, maxResults: 100 })),
          (p) => p.flowVersionSummaries,
          (p) => p.nextToken,
        ),
      errors,
    ),
  ]);
  if (aliases === null || listed === null) return null;
  // the published versions the aliases route to (what callers of an alias actually run) and the other listed ones;
  // each is read once (DRAFT is read by GetFlow)
  const routed = aliases
    ? [...new Set(aliases.flatMap((a) => (a.routingConfiguration ?? []).map((r) => r.flowVersion ?? '')))].filter((v) => v && v !== 'DRAFT')
    : [];
  const published = listed ? [...new Set(listed.map((v) => v.version ?? ''))].filter((v) => v && v !== 'DRAFT') : [];
  const toRead = [...new Set([...routed, ...published])];
  const versionGets = await Promise.all(
    toRead.map((v) =>
      run.read(SVC, 'GetFlowVersion', () => c.send(new GetFlowVersionCommand({ flowIdentifier: id, flowVersion: v })), errors),
    ),
  );
  // undefined = the read failed; null = the version is gone (deleted between the listing and the read)
  const reads = new Map(toRead.map((v, i) => [v, versionGets[i] ? readFlowVersion(versionGets[i] as never) : versionGets[i]] as const));
  const readAll = (vs: string[]) => (vs.every((v) => reads.get(v) !== undefined) ? vs.flatMap((v) => reads.get(v) ?? []) : undefined);
  const versionReads = aliases ? readAll(routed) : undefined;
  const publishedReads = listed ? readAll(published) : undefined;
  const draft = got ? readFlowVersion({ ...got, version: 'DRAFT' } as never) : undefined;
  const config = (
    got && draft
      ? {
          ...draft.config,
          flowId: id,
          aliases: aliases
            ? aliases.map((a) => ({
                id: a.id ?? '',
                name: a.name ?? '',
                routingVersions: (a.routingConfiguration ?? []).map((r) => r.flowVersion ?? ''),
              }))
            : undefined,
          aliasedVersions: versionReads?.map((r) => r.config),
          publishedVersions: publishedReads?.map(
            (r): FlowPublishedVersion => ({
              version: r.config.version,
              customerEncryptionKeyArn: r.config.customerEncryptionKeyArn,
              nodes: r.config.nodes,
            }),
          ),
        }
      : {}
  ) as FlowConfig;
  return {
    id: got?.arn ?? flowArn(run, flowId),
    type: 'bedrock.flow',
    region: run.region,
    name: got?.name ?? flowId,
    config,
    tags: {},
    relationships: uniqRels(flowRels(run, [...(draft ? [draft] : []), ...(versionReads ?? [])])),
    ...(errors.length ? { collectionErrors: errors } : {}),
  };
}

function flowArn(run: { partition: string; region: string; accountId: string }, idOrArn: string): string {
  return idOrArn.startsWith('arn:') ? idOrArn : `arn:${run.partition}:bedrock:${run.region}:${run.accountId}:flow/${idOrArn}`;
}

export const flows: TypeCollector = {
  type: 'bedrock.flow',
  service: SVC,
  scope: 'regional',
  async collect(run) {
    await listThenDescribe(
      run,
      'ListFlows',
      (t) => run.client('bedrockAgent').send(new ListFlowsCommand({ nextToken: t, maxResults: 1000 })),
      (p) => p.nextToken,
      (p, add) => {
        for (const s of p.flowSummaries ?? []) if (s.id) add(describeFlow(run, s.id));
      },
    );
  },
  refresh: (run, ref) => describeFlow(run, ref.key),
  idFor: (ref, accountId, partition) => flowArn({ partition, region: ref.region, accountId }, ref.key),
};

export const bedrockAgentCollectors: TypeCollector[] = [prompts, agents, knowledgeBases, flows];
