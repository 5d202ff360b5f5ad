import {
  type AuthorizerConfiguration,
  type BrowserNetworkConfiguration,
  type CodeInterpreterNetworkConfiguration,
  GetAgentRuntimeCommand,
  type GetAgentRuntimeCommandOutput,
  GetBrowserCommand,
  GetCodeInterpreterCommand,
  GetGatewayCommand,
  GetGatewayTargetCommand,
  type GetGatewayTargetCommandOutput,
  GetMemoryCommand,
  GetResourcePolicyCommand,
  GetTokenVaultCommand,
  type GetTokenVaultCommandOutput,
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
  type NetworkConfiguration,
  type TargetConfiguration,
} from '@aws-sdk/client-bedrock-agentcore-control';
import { classifyError, errorCode } from '../discovery/errors.ts';
import { isSecretLikeName, scanEnvironment } from '../discovery/shadow-ai.ts';
import type {
  AgentCoreRuntimeEndpoint,
  AgentCoreRuntimeVersionConfig,
  AgentCoreBrowserConfig,
  AgentCoreCodeInterpreterConfig,
  AgentCoreGatewayConfig,
  AgentCoreGatewayTarget,
  AgentCoreMemoryConfig,
  AgentCoreNetwork,
  AgentCoreRuntimeConfig,
  AgentCoreTokenVaultConfig,
  PolicyStatement,
} from '../domain/asset-config.ts';
import {
  type AnyDraft,
  bucketRel,
  kmsRel,
  listThenDescribe,
  paginate,
  rel,
  type TypeCollector,
  type TypeRun,
  uniqRels,
} from './context.ts';
import { parsePolicy } from './policy.ts';
import { parseYamlSubset, YAML_MAX_CHARS } from './yaml-subset.ts';

/**
 * Amazon Bedrock AgentCore control plane (`bedrock-agentcore-control` endpoint, IAM prefix `bedrock-agentcore`):
 * agent runtimes, gateways, memories, and the customer-created (CUSTOM) browsers and code interpreters. The AWS-owned
 * system tools (`aws.browser.v1`, `aws.codeinterpreter.v1`) have fixed settings and are not assets. Each asset is one
 * List + one Get; when the Get fails the asset is emitted with an unread (`{}`) config, so every check answers ERROR.
 * A runtime also lists its endpoints and versions and reads every version other than the latest (see describeRuntime).
 */
const SVC = 'bedrock-agentcore';

const arnPrefix = (run: { partition: string; region: string; accountId: string }) =>
  `arn:${run.partition}:bedrock-agentcore:${run.region}:${run.accountId}`;

/** Normalized network placement (runtime, browser and code interpreter share the shape). */
function networkOf(
  n: NetworkConfiguration | BrowserNetworkConfiguration | CodeInterpreterNetworkConfiguration | undefined,
): AgentCoreNetwork | null {
  if (!n?.networkMode) return null;
  const vpc = 'networkModeConfig' in n ? n.networkModeConfig : 'vpcConfig' in n ? n.vpcConfig : undefined;
  return { mode: n.networkMode, subnets: vpc?.subnets ?? [], securityGroups: vpc?.securityGroups ?? [] };
}

const withErrors = (errors: string[]) => (errors.length ? { collectionErrors: errors } : {});

/**
 * GetResourcePolicy on a runtime or gateway the caller just read: `null` when none is attached (the response has no
 * `policy`, or ResourceNotFoundException for the policy of a resource that exists), `undefined` when it could not be
 * read (denied, throttled, unparseable: recorded, the policy checks answer ERROR, never PASS).
 */
async function readResourcePolicy(run: TypeRun, resourceArn: string, errors: string[]): Promise<PolicyStatement[] | null | undefined> {
  const got = await run.read(
    SVC,
    'GetResourcePolicy',
    () => run.client('bedrockAgentCore').send(new GetResourcePolicyCommand({ resourceArn })),
    errors,
  );
  if (got === undefined) return undefined;
  if (got === null || !got.policy) return null;
  try {
    return parsePolicy(got.policy);
  } catch {
    errors.push('GetResourcePolicy: unparseable policy');
    return undefined;
  }
}

// ---------------- runtimes ----------------

/** Like TypeRun.read for paginated sub-lists: `undefined` on failure (recorded), `null` when the runtime is gone. */
async function readList<P, I>(
  run: TypeRun,
  op: string,
  fetch: (t: string | undefined) => Promise<P>,
  items: (p: P) => I[] | undefined,
  next: (p: P) => string | undefined,
  errors: string[],
): Promise<I[] | undefined | null> {
  const out: I[] = [];
  try {
    await paginate(run, op, fetch, next, (p) => out.push(...(items(p) ?? [])));
    return out;
  } catch (err) {
    if (classifyError(err, 'describe') === 'not-found') return null;
    errors.push(`${op}: ${errorCode(err)}`);
    run.gap(SVC, op, err);
    run.partial = true;
    return undefined;
  }
}

/**
 * `CUSTOM_JWT` for a JWT authorizer; `AWS_IAM` only when no authorizer configuration is present at all (the service
 * default, SigV4); `UNKNOWN` for any other shape (a newer union member the SDK reports as `$unknown`, or an empty one).
 */
function inboundAuthOf(a: AuthorizerConfiguration | undefined): AgentCoreRuntimeVersionConfig['inboundAuth'] {
  if (a === undefined || a === null) return 'AWS_IAM';
  if (a.customJWTAuthorizer) return 'CUSTOM_JWT';
  return 'UNKNOWN';
}

/** One version's settings; environment values are classified here and dropped (only names and provider kinds kept). */
function runtimeVersionConfig(r: GetAgentRuntimeCommandOutput, fallbackVersion: string): AgentCoreRuntimeVersionConfig {
  const env = scanEnvironment(r.environmentVariables);
  return {
    version: r.agentRuntimeVersion ?? fallbackVersion,
    status: r.status ?? 'UNKNOWN',
    roleArn: r.roleArn ?? null,
    network: networkOf(r.networkConfiguration),
    inboundAuth: inboundAuthOf(r.authorizerConfiguration),
    protocol: r.protocolConfiguration?.serverProtocol ?? null,
    requireMmdsV2: r.metadataConfiguration?.requireMMDSV2 === true,
    containerUri: r.agentRuntimeArtifact?.containerConfiguration?.containerUri ?? null,
    secretLikeEnvNames: [
      ...new Set([...env.secretLikeNames, ...Object.keys(r.environmentVariables ?? {}).filter(isSecretLikeName)]),
    ].sort(),
    aiProviders: env.providers,
  };
}

/** Numeric versions in numeric order (anything else by name). */
const byVersion = (a: string, b: string) => Number(a) - Number(b) || a.localeCompare(b);

function versionRels(v: AgentCoreRuntimeVersionConfig) {
  return [
    ...rel('assumes-role', v.roleArn, 'iam.role'),
    ...rel('uses-image', v.containerUri),
    ...[...new Set(v.aiProviders.map((p) => p.provider))].flatMap((p) => rel('calls-provider', `provider:${p}`)),
  ];
}

/**
 * GetAgentRuntime (the latest version), ListAgentRuntimeEndpoints and ListAgentRuntimeVersions, then
 * GetAgentRuntime(version) for every other version an endpoint serves (live or target) or the runtime keeps: endpoints
 * can stay pinned to an older, weaker version, and every kept version's environment stays readable. A failed list
 * leaves its field `undefined` and a failed version read leaves the version out of `otherVersions`: the checks that
 * need them answer ERROR (never PASS on the latest version alone).
 */
async function describeRuntime(run: TypeRun, runtimeId: string, fallback?: { arn?: string; name?: string }): Promise<AnyDraft | null> {
  const errors: string[] = [];
  const c = run.client('bedrockAgentCore');
  const r = await run.read(SVC, 'GetAgentRuntime', () => c.send(new GetAgentRuntimeCommand({ agentRuntimeId: runtimeId })), errors);
  if (r === null) return null;
  let config = {} as AgentCoreRuntimeConfig;
  const reads: AgentCoreRuntimeVersionConfig[] = [];
  if (r) {
    const [eps, vers] = await Promise.all([
      readList(
        run,
        'ListAgentRuntimeEndpoints',
        (t) => c.send(new ListAgentRuntimeEndpointsCommand({ agentRuntimeId: runtimeId, nextToken: t, maxResults: 100 })),
        (p) => p.runtimeEndpoints,
        (p) => p.nextToken,
        errors,
      ),
      readList(
        run,
        'ListAgentRuntimeVersions',
        (t) => c.send(new ListAgentRuntimeVersionsCommand({ agentRuntimeId: runtimeId, nextToken: t, maxResults: 100 })),
        (p) => p.agentRuntimes,
        (p) => p.nextToken,
        errors,
      ),
    ]);
    if (eps === null || vers === null) return null;
    const resourcePolicy = r.agentRuntimeArn ? await readResourcePolicy(run, r.agentRuntimeArn, errors) : undefined;
    const latest = runtimeVersionConfig(r, '');
    const endpoints: AgentCoreRuntimeEndpoint[] | undefined = eps
      ?.map((e) => ({
        name: e.name ?? e.id ?? '',
        status: e.status ?? 'UNKNOWN',
        liveVersion: e.liveVersion ?? null,
        targetVersion: e.targetVersion ?? null,
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
    const versionIds = vers && [...new Set(vers.map((v) => v.agentRuntimeVersion ?? '').filter(Boolean))].sort(byVersion);
    const wanted = [...new Set([...(endpoints ?? []).flatMap((e) => [e.liveVersion ?? '', e.targetVersion ?? '']), ...(versionIds ?? [])])]
      .filter((v) => v && v !== r.agentRuntimeVersion)
      .sort(byVersion);
    const got = await Promise.all(
      wanted.map(async (v) => {
        const errs: string[] = [];
        const x = await run.read(
          SVC,
          'GetAgentRuntime',
          () => c.send(new GetAgentRuntimeCommand({ agentRuntimeId: runtimeId, agentRuntimeVersion: v })),
          errs,
        );
        // a version an endpoint names or the listing returned but Get cannot find is unread, not absent
        if (x === null) errs.push('GetAgentRuntime: ResourceNotFoundException');
        errors.push(...errs.map((e) => e.replace(/^GetAgentRuntime:/, `GetAgentRuntime(version ${v}):`)));
        return x ? runtimeVersionConfig(x, v) : undefined;
      }),
    );
    for (const g of got) if (g) reads.push(g);
    const { version: _latestVersion, ...top } = latest;
    config = {
      runtimeId,
      version: r.agentRuntimeVersion ?? null,
      ...top,
      endpoints,
      versionIds,
      otherVersions: [...reads],
      resourcePolicy,
    } as AgentCoreRuntimeConfig;
    reads.unshift(latest);
  }
  return {
    id: r?.agentRuntimeArn ?? fallback?.arn ?? `${arnPrefix(run)}:runtime/${runtimeId}`,
    type: 'bedrock-agentcore.runtime',
    region: run.region,
    name: r?.agentRuntimeName ?? fallback?.name ?? runtimeId,
    config,
    tags: {},
    relationships: uniqRels(reads.flatMap(versionRels)),
    ...withErrors(errors),
  };
}

export const runtimes: TypeCollector = {
  type: 'bedrock-agentcore.runtime',
  service: SVC,
  scope: 'regional',
  async collect(run) {
    await listThenDescribe(
      run,
      'ListAgentRuntimes',
      (t) => run.client('bedrockAgentCore').send(new ListAgentRuntimesCommand({ nextToken: t, maxResults: 100 })),
      (p) => p.nextToken,
      (p, add) => {
        for (const s of p.agentRuntimes ?? [])
          if (s.agentRuntimeId) add(describeRuntime(run, s.agentRuntimeId, { arn: s.agentRuntimeArn, name: s.agentRuntimeName }));
      },
    );
  },
  refresh: (run, ref) => describeRuntime(run, ref.key),
  idFor: (ref, accountId, partition) => `arn:${partition}:bedrock-agentcore:${ref.region}:${accountId}:runtime/${ref.key}`,
};

// ---------------- gateways ----------------

/** The target type a configuration union member stands for (ListGatewayTargets' `targetType` values). */
function targetTypeOf(c: TargetConfiguration | undefined): string | undefined {
  const mcp = c?.mcp;
  if (mcp?.openApiSchema) return 'OPEN_API_SCHEMA';
  if (mcp?.smithyModel) return 'SMITHY_MODEL';
  if (mcp?.lambda) return 'LAMBDA';
  if (mcp?.mcpServer) return 'MCP_SERVER';
  if (mcp?.apiGateway) return 'API_GATEWAY';
  if (mcp?.connector) return 'CONNECTOR';
  if (c?.http?.agentcoreRuntime) return 'AGENTCORE_RUNTIME';
  if (c?.http?.passthrough) return 'PASSTHROUGH';
  if (c?.http?.connector) return 'HTTP_CONNECTOR';
  if (c?.inference?.provider) return 'PROVIDER';
  if (c?.inference?.connector) return 'CONNECTOR';
  return undefined;
}

/** `scheme://host[:port]` of an absolute URL (no credentials, path or query); undefined when it is not one. */
function originOf(url: string): string | undefined {
  try {
    const u = new URL(url.trim());
    return u.host ? `${u.protocol}//${u.host}` : undefined;
  } catch {
    return undefined;
  }
}

const OPENAPI_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace', 'query'];
/** Bounds on what is read of an inline OpenAPI document (beyond them the endpoints are recorded as unread). */
const OPENAPI_MAX_PATHS = 500;
/** Distinct server URLs. */
const OPENAPI_MAX_URLS = 200;
/** Characters of the document (about 1 MB): a larger one is not parsed. */
const OPENAPI_MAX_CHARS = YAML_MAX_CHARS;

/**
 * The `servers[].url` of an inline OpenAPI document (JSON, or YAML read by the strict `parseYamlSubset`), at the top
 * level and overridden on a path or an operation. `complete` is false when some endpoint may be missing or was not
 * understood: a YAML construct the reader does not know, a `servers` value that is not a list of objects with a url,
 * a path item by `$ref` or with `additionalOperations`, no top-level server for an operation without its own, more
 * than 500 paths or 200 distinct URLs, a document over 1,000,000 characters (the endpoints are then unread, never
 * assumed safe).
 */
function openApiServerUrls(doc: string): { urls: string[]; complete: boolean } {
  const unread = { urls: [], complete: false };
  if (doc.length > OPENAPI_MAX_CHARS) return unread;
  let parsed: unknown;
  try {
    parsed = JSON.parse(doc);
  } catch {
    try {
      parsed = parseYamlSubset(doc);
    } catch {
      return unread;
    }
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return unread;
  let complete = true;
  const urls = new Set<string>();
  /** The urls of a `servers` value: undefined when absent; not understood (complete = false) unless a list of `{url}`. */
  const urlsOf = (holder: Record<string, unknown>): string[] | undefined => {
    if (!Object.hasOwn(holder, 'servers')) return undefined;
    const servers = holder.servers;
    if (!Array.isArray(servers)) {
      complete = false;
      return [];
    }
    const out: string[] = [];
    for (const x of servers) {
      const u = x && typeof x === 'object' ? (x as { url?: unknown }).url : undefined;
      if (typeof u === 'string' && u.trim()) out.push(u);
      else complete = false;
    }
    for (const u of out) urls.add(u);
    return out;
  };
  const root = parsed as Record<string, unknown>;
  const hasTop = (urlsOf(root) ?? []).length > 0;
  const pathsNode = root.paths;
  if (pathsNode !== undefined && pathsNode !== null && (typeof pathsNode !== 'object' || Array.isArray(pathsNode))) complete = false;
  const paths = pathsNode && typeof pathsNode === 'object' ? Object.values(pathsNode as Record<string, unknown>) : [];
  if (paths.length > OPENAPI_MAX_PATHS) complete = false;
  let operations = 0;
  for (const item of paths.slice(0, OPENAPI_MAX_PATHS)) {
    if (!item || typeof item !== 'object' || Array.isArray(item)) continue;
    const it = item as Record<string, unknown>;
    if (Object.hasOwn(it, '$ref') || Object.hasOwn(it, 'additionalOperations')) complete = false;
    const pathUrls = urlsOf(it) ?? [];
    for (const m of OPENAPI_METHODS) {
      const op = it[m];
      if (!op || typeof op !== 'object') continue;
      operations++;
      const opUrls = urlsOf(op as Record<string, unknown>) ?? [];
      if (!hasTop && !pathUrls.length && !opUrls.length) complete = false;
    }
  }
  if (!hasTop && operations === 0) complete = false;
  if (urls.size > OPENAPI_MAX_URLS) complete = false;
  return { urls: [...urls].slice(0, OPENAPI_MAX_URLS), complete: complete && urls.size > 0 };
}

/** One target's outbound settings: credential kinds and endpoint origins only (no schemas, paths or secrets). */
function targetDetail(t: GetGatewayTargetCommandOutput): NonNullable<AgentCoreGatewayTarget['detail']> {
  const c = t.targetConfiguration;
  const declared: string[] = [];
  let endpointsUnread = false;
  const mcpServer = c?.mcp?.mcpServer?.endpoint;
  if (mcpServer) declared.push(mcpServer);
  if (c?.http?.passthrough?.endpoint) declared.push(c.http.passthrough.endpoint);
  if (c?.inference?.provider?.endpoint) declared.push(c.inference.provider.endpoint);
  const openApi = c?.mcp?.openApiSchema;
  if (openApi) {
    const read = openApi.inlinePayload ? openApiServerUrls(openApi.inlinePayload) : undefined;
    if (read) declared.push(...read.urls);
    if (!read?.complete) endpointsUnread = true;
  }
  const endpoints: string[] = [];
  for (const e of declared) {
    const o = originOf(e);
    if (o) endpoints.push(o);
    else endpointsUnread = true;
  }
  const pe = t.privateEndpoint;
  return {
    credentialTypes: (t.credentialProviderConfigurations ?? []).map((p) => p.credentialProviderType ?? 'UNKNOWN'),
    endpoints: [...new Set(endpoints)].sort(),
    endpointsUnread,
    privateEndpoint: Boolean(pe?.selfManagedLatticeResource || pe?.managedVpcResource),
  };
}

/**
 * ListGatewayTargets, then GetGatewayTarget for each: `undefined` when the list failed, `null` when the gateway is
 * gone; a target whose Get failed keeps `detail: null` (its checks answer ERROR).
 */
async function describeTargets(run: TypeRun, gatewayId: string, errors: string[]): Promise<AgentCoreGatewayTarget[] | undefined | null> {
  const c = run.client('bedrockAgentCore');
  const listed = await readList(
    run,
    'ListGatewayTargets',
    (t) => c.send(new ListGatewayTargetsCommand({ gatewayIdentifier: gatewayId, nextToken: t })),
    (p) => p.items,
    (p) => p.nextToken,
    errors,
  );
  if (!listed) return listed;
  const targets = await Promise.all(
    listed
      .filter((s) => s.targetId)
      .map(async (s): Promise<AgentCoreGatewayTarget | null> => {
        const targetId = s.targetId as string;
        const errs: string[] = [];
        const t = await run.read(
          SVC,
          'GetGatewayTarget',
          () => c.send(new GetGatewayTargetCommand({ gatewayIdentifier: gatewayId, targetId })),
          errs,
        );
        errors.push(...errs.map((e) => e.replace(/^GetGatewayTarget:/, `GetGatewayTarget(${targetId}):`)));
        if (t === null) return null; // deleted since the listing
        return {
          targetId,
          name: t?.name ?? s.name ?? targetId,
          targetType: s.targetType ?? targetTypeOf(t?.targetConfiguration) ?? 'UNKNOWN',
          detail: t ? targetDetail(t) : null,
        };
      }),
  );
  return targets.filter((t): t is AgentCoreGatewayTarget => t !== null).sort((a, b) => a.name.localeCompare(b.name));
}

async function describeGateway(run: TypeRun, gatewayId: string, fallbackName?: string): Promise<AnyDraft | null> {
  const errors: string[] = [];
  const g = await run.read(
    SVC,
    'GetGateway',
    () => run.client('bedrockAgentCore').send(new GetGatewayCommand({ gatewayIdentifier: gatewayId })),
    errors,
  );
  if (g === null) return null;
  const [targets, resourcePolicy] = g
    ? await Promise.all([
        describeTargets(run, g.gatewayId ?? gatewayId, errors),
        g.gatewayArn ? readResourcePolicy(run, g.gatewayArn, errors) : undefined,
      ])
    : [undefined, undefined];
  if (targets === null) return null;
  const jwt = g?.authorizerConfiguration?.customJWTAuthorizer;
  const config = (
    g
      ? {
          gatewayId,
          status: g.status ?? 'UNKNOWN',
          roleArn: g.roleArn ?? null,
          protocolType: g.protocolType ?? null,
          // an absent authorizer type is not evidence of one: checks treat UNKNOWN as unjudgeable
          authorizerType: g.authorizerType ?? 'UNKNOWN',
          jwtAuthorizer: jwt
            ? {
                discoveryUrl: jwt.discoveryUrl ?? '',
                allowedAudiences: jwt.allowedAudience?.length ?? 0,
                allowedClients: jwt.allowedClients?.length ?? 0,
                allowedScopes: jwt.allowedScopes?.length ?? 0,
                customClaims: jwt.customClaims?.length ?? 0,
              }
            : null,
          kmsKeyArn: g.kmsKeyArn ?? null,
          exceptionLevel: g.exceptionLevel ?? null,
          policyEngineMode: g.policyEngineConfiguration?.mode ?? null,
          interceptorCount: g.interceptorConfigurations?.length ?? 0,
          targets,
          resourcePolicy,
        }
      : {}
  ) as AgentCoreGatewayConfig;
  return {
    id: g?.gatewayArn ?? `${arnPrefix(run)}:gateway/${gatewayId}`,
    type: 'bedrock-agentcore.gateway',
    region: run.region,
    name: g?.name ?? fallbackName ?? gatewayId,
    config,
    tags: {},
    relationships: uniqRels([...rel('assumes-role', g?.roleArn, 'iam.role'), ...kmsRel(g?.kmsKeyArn)]),
    ...withErrors(errors),
  };
}

export const gateways: TypeCollector = {
  type: 'bedrock-agentcore.gateway',
  service: SVC,
  scope: 'regional',
  async collect(run) {
    await listThenDescribe(
      run,
      'ListGateways',
      (t) => run.client('bedrockAgentCore').send(new ListGatewaysCommand({ nextToken: t, maxResults: 100 })),
      (p) => p.nextToken,
      (p, add) => {
        for (const s of p.items ?? []) if (s.gatewayId) add(describeGateway(run, s.gatewayId, s.name));
      },
    );
  },
  refresh: (run, ref) => describeGateway(run, ref.key),
  idFor: (ref, accountId, partition) =>
    ref.key.startsWith('arn:') ? ref.key : `arn:${partition}:bedrock-agentcore:${ref.region}:${accountId}:gateway/${ref.key}`,
};

// ---------------- memories ----------------

async function describeMemory(run: TypeRun, memoryId: string, fallbackArn?: string): Promise<AnyDraft | null> {
  const errors: string[] = [];
  const got = await run.read(SVC, 'GetMemory', () => run.client('bedrockAgentCore').send(new GetMemoryCommand({ memoryId })), errors);
  if (got === null) return null;
  const m = got?.memory;
  const config = (
    m
      ? {
          memoryId,
          status: m.status ?? 'UNKNOWN',
          encryptionKeyArn: m.encryptionKeyArn ?? null,
          roleArn: m.memoryExecutionRoleArn ?? null,
          eventExpiryDays: m.eventExpiryDuration ?? null,
          strategyCount: m.strategies?.length ?? 0,
        }
      : {}
  ) as AgentCoreMemoryConfig;
  return {
    id: m?.arn ?? fallbackArn ?? `${arnPrefix(run)}:memory/${memoryId}`,
    type: 'bedrock-agentcore.memory',
    region: run.region,
    name: m?.name ?? memoryId,
    config,
    tags: {},
    relationships: uniqRels([...rel('assumes-role', m?.memoryExecutionRoleArn, 'iam.role'), ...kmsRel(m?.encryptionKeyArn)]),
    ...withErrors(errors),
  };
}

export const memories: TypeCollector = {
  type: 'bedrock-agentcore.memory',
  service: SVC,
  scope: 'regional',
  async collect(run) {
    await listThenDescribe(
      run,
      'ListMemories',
      (t) => run.client('bedrockAgentCore').send(new ListMemoriesCommand({ nextToken: t, maxResults: 50 })),
      (p) => p.nextToken,
      (p, add) => {
        for (const s of p.memories ?? []) if (s.id) add(describeMemory(run, s.id, s.arn));
      },
    );
  },
  refresh: (run, ref) => describeMemory(run, ref.key),
  idFor: (ref, accountId, partition) => `arn:${partition}:bedrock-agentcore:${ref.region}:${accountId}:memory/${ref.key}`,
};

// ---------------- custom browsers ----------------

async function describeBrowser(run: TypeRun, browserId: string, fallback?: { arn?: string; name?: string }): Promise<AnyDraft | null> {
  const errors: string[] = [];
  const b = await run.read(SVC, 'GetBrowser', () => run.client('bedrockAgentCore').send(new GetBrowserCommand({ browserId })), errors);
  if (b === null || b?.status === 'DELETED') return null;
  const s3 = b?.recording?.s3Location;
  const config = (
    b
      ? {
          browserId,
          status: b.status ?? 'UNKNOWN',
          roleArn: b.executionRoleArn ?? null,
          network: networkOf(b.networkConfiguration),
          recording: b.recording ? { enabled: b.recording.enabled === true, bucket: s3?.bucket || null, prefix: s3?.prefix ?? null } : null,
        }
      : {}
  ) as AgentCoreBrowserConfig;
  return {
    id: b?.browserArn ?? fallback?.arn ?? `${arnPrefix(run)}:browser-custom/${browserId}`,
    type: 'bedrock-agentcore.browser',
    region: run.region,
    name: b?.name ?? fallback?.name ?? browserId,
    config,
    tags: {},
    relationships: uniqRels([
      ...rel('assumes-role', b?.executionRoleArn, 'iam.role'),
      ...(b?.recording?.enabled && s3?.bucket ? bucketRel('writes-data', `s3://${s3.bucket}/${s3.prefix ?? ''}`) : []),
    ]),
    ...withErrors(errors),
  };
}

export const browsers: TypeCollector = {
  type: 'bedrock-agentcore.browser',
  service: SVC,
  scope: 'regional',
  async collect(run) {
    await listThenDescribe(
      run,
      'ListBrowsers',
      (t) => run.client('bedrockAgentCore').send(new ListBrowsersCommand({ nextToken: t, maxResults: 50, type: 'CUSTOM' })),
      (p) => p.nextToken,
      (p, add) => {
        for (const s of p.browserSummaries ?? [])
          if (s.browserId && s.status !== 'DELETED') add(describeBrowser(run, s.browserId, { arn: s.browserArn, name: s.name }));
      },
    );
  },
  refresh: (run, ref) => describeBrowser(run, ref.key),
  idFor: (ref, accountId, partition) => `arn:${partition}:bedrock-agentcore:${ref.region}:${accountId}:browser-custom/${ref.key}`,
};

// ---------------- custom code interpreters ----------------

async function describeCodeInterpreter(
  run: TypeRun,
  codeInterpreterId: string,
  fallback?: { arn?: string; name?: string },
): Promise<AnyDraft | null> {
  const errors: string[] = [];
  const c = await run.read(
    SVC,
    'GetCodeInterpreter',
    () => run.client('bedrockAgentCore').send(new GetCodeInterpreterCommand({ codeInterpreterId })),
    errors,
  );
  if (c === null || c?.status === 'DELETED') return null;
  const config = (
    c
      ? {
          codeInterpreterId,
          status: c.status ?? 'UNKNOWN',
          roleArn: c.executionRoleArn ?? null,
          network: networkOf(c.networkConfiguration),
        }
      : {}
  ) as AgentCoreCodeInterpreterConfig;
  return {
    id: c?.codeInterpreterArn ?? fallback?.arn ?? `${arnPrefix(run)}:code-interpreter-custom/${codeInterpreterId}`,
    type: 'bedrock-agentcore.code-interpreter',
    region: run.region,
    name: c?.name ?? fallback?.name ?? codeInterpreterId,
    config,
    tags: {},
    relationships: uniqRels(rel('assumes-role', c?.executionRoleArn, 'iam.role')),
    ...withErrors(errors),
  };
}

export const codeInterpreters: TypeCollector = {
  type: 'bedrock-agentcore.code-interpreter',
  service: SVC,
  scope: 'regional',
  async collect(run) {
    await listThenDescribe(
      run,
      'ListCodeInterpreters',
      (t) => run.client('bedrockAgentCore').send(new ListCodeInterpretersCommand({ nextToken: t, maxResults: 50, type: 'CUSTOM' })),
      (p) => p.nextToken,
      (p, add) => {
        for (const s of p.codeInterpreterSummaries ?? [])
          if (s.codeInterpreterId && s.status !== 'DELETED')
            add(describeCodeInterpreter(run, s.codeInterpreterId, { arn: s.codeInterpreterArn, name: s.name }));
      },
    );
  },
  refresh: (run, ref) => describeCodeInterpreter(run, ref.key),
  idFor: (ref, accountId, partition) => `arn:${partition}:bedrock-agentcore:${ref.region}:${accountId}:code-interpreter-custom/${ref.key}`,
};

// ---------------- token vault ----------------

/** Counts the credential providers of one kind; `undefined` when the list could not be read (recorded). */
async function countProviders(
  run: TypeRun,
  op: 'ListApiKeyCredentialProviders' | 'ListOauth2CredentialProviders',
  errors: string[],
): Promise<number | undefined> {
  const c = run.client('bedrockAgentCore');
  const got = await readList(
    run,
    op,
    (t) =>
      op === 'ListApiKeyCredentialProviders'
        ? c.send(new ListApiKeyCredentialProvidersCommand({ nextToken: t }))
        : c.send(new ListOauth2CredentialProvidersCommand({ nextToken: t })),
    (p) => p.credentialProviders,
    (p) => p.nextToken,
    errors,
  );
  return got ? got.length : undefined;
}

/** The default token vault of the region, with the number of API-key and OAuth2 credential providers it holds. */
async function tokenVaultDraft(run: TypeRun, v: GetTokenVaultCommandOutput | undefined, errors: string[]): Promise<AnyDraft> {
  const [apiKeyProviders, oauth2Providers] = v
    ? await Promise.all([
        countProviders(run, 'ListApiKeyCredentialProviders', errors),
        countProviders(run, 'ListOauth2CredentialProviders', errors),
      ])
    : [undefined, undefined];
  const id = v?.tokenVaultId ?? 'default';
  const config = (
    v
      ? {
          tokenVaultId: id,
          keyType: v.kmsConfiguration?.keyType ?? 'UNKNOWN',
          kmsKeyArn: v.kmsConfiguration?.kmsKeyArn ?? null,
          apiKeyProviders,
          oauth2Providers,
        }
      : {}
  ) as AgentCoreTokenVaultConfig;
  return {
    id: `${arnPrefix(run)}:token-vault/${id}`,
    type: 'bedrock-agentcore.token-vault',
    region: run.region,
    // one vault per region: named after the region (like `ai-vpc-endpoints/<region>`), with its id unless `default`
    name: id === 'default' ? `token-vault/${run.region}` : `token-vault/${id}/${run.region}`,
    config,
    tags: {},
    relationships: uniqRels(kmsRel(v?.kmsConfiguration?.kmsKeyArn)),
    ...withErrors(errors),
  };
}

/**
 * GetTokenVault without an id (the region's default vault, which AgentCore Identity creates with the first credential
 * provider or workload identity): a ResourceNotFoundException means no vault, hence no asset. When the read fails the
 * whole type fails (collect throws: a coverage gap, never an absent vault).
 */
export const tokenVaults: TypeCollector = {
  type: 'bedrock-agentcore.token-vault',
  service: SVC,
  scope: 'regional',
  async collect(run) {
    let v: GetTokenVaultCommandOutput;
    try {
      v = await run.call('GetTokenVault', () => run.client('bedrockAgentCore').send(new GetTokenVaultCommand({})), 'high');
    } catch (err) {
      if (classifyError(err, 'describe') === 'not-found') return;
      throw err;
    }
    run.emit(await tokenVaultDraft(run, v, []));
  },
  async refresh(run) {
    const errors: string[] = [];
    const v = await run.read(SVC, 'GetTokenVault', () => run.client('bedrockAgentCore').send(new GetTokenVaultCommand({})), errors);
    if (v === null) return null;
    return tokenVaultDraft(run, v, errors);
  },
  idFor: (ref, accountId, partition) => `arn:${partition}:bedrock-agentcore:${ref.region}:${accountId}:token-vault/default`,
};

export const bedrockAgentCoreCollectors: TypeCollector[] = [runtimes, gateways, memories, browsers, codeInterpreters, tokenVaults];
