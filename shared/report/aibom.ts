import * as Enums from '@cyclonedx/cyclonedx-library/Enums';
import * as Models from '@cyclonedx/cyclonedx-library/Models';
import * as Serialize from '@cyclonedx/cyclonedx-library/Serialize';
import * as Spec from '@cyclonedx/cyclonedx-library/Spec';
import type * as Validation from '@cyclonedx/cyclonedx-library/Validation';
import type { AnyAsset, AssetType, RelationKind } from '../domain/asset.ts';
import type { Finding } from '../domain/finding.ts';
import { type Severity, severityRank } from '../domain/severity.ts';
import { sha256Hex } from '../util/hash.ts';
import { cmp } from './compare.ts';
import { TOOL_INFO, type ToolInfo } from './meta.ts';
import { isOpenFinding, type ReportState } from './state.ts';

/**
 * AI bill of materials (CycloneDX 1.6) built with @cyclonedx/cyclonedx-library:
 * - machine-learning-model components: Bedrock custom/imported/foundation models in use, SageMaker models (and models
 *   referenced by an agent, endpoint or profile that are not inventoried themselves);
 * - data components: training/validation datasets and model artifacts (from their S3 URIs), knowledge bases and their
 *   data sources, feature groups, prompts, S3 buckets;
 * - services: agents, flows, guardrails, endpoints, inference profiles, provisioned throughput, Lambda tools, external AI
 *   providers called by shadow AI; ECS task definitions calling providers and self-hosted AI instances on EC2 are
 *   application components;
 * - dependencies: model -> training data -> bucket, agent / flow -> model / guardrail / knowledge base / tools,
 *   knowledge base -> embedding model / data sources -> bucket, endpoint -> model -> artifacts, shadow AI -> provider.
 * Model cards carry `modelParameters.datasets` references to the training data (added after serialization: the
 * library has no model-card model); the document is validated against the 1.6 JSON schema by `validateAiBom`.
 */

type Kind = 'model' | 'data' | 'service' | 'application';

const MODEL_TYPES = new Set<AssetType>(['bedrock.custom-model', 'bedrock.imported-model', 'bedrock.foundation-model', 'sagemaker.model']);
const DATA_TYPES = new Set<AssetType>([
  's3.bucket',
  'bedrock.knowledge-base',
  'sagemaker.feature-group',
  'bedrock.prompt',
  'bedrock-agentcore.memory',
]);
const SERVICE_TYPES = new Set<AssetType>([
  'bedrock.agent',
  'bedrock.flow',
  'bedrock.guardrail',
  'bedrock.inference-profile',
  'bedrock.provisioned-throughput',
  'bedrock-agentcore.runtime',
  'bedrock-agentcore.gateway',
  'bedrock-agentcore.browser',
  'bedrock-agentcore.code-interpreter',
  'sagemaker.endpoint',
  'lambda.function',
]);

/** Relationship kinds that are dependencies in the AI-BOM sense (what the node needs to work / was built from). */
const DEPENDENCY_KINDS = new Set<RelationKind>([
  'uses-model',
  'uses-config',
  'serves-model',
  'uses-guardrail',
  'uses-knowledge-base',
  'invokes-function',
  'reads-data',
  'derived-from',
  'produced-by',
  'calls-provider',
]);

interface Node {
  ref: string;
  kind: Kind;
  name: string;
  description?: string;
  props: [string, string][];
  deps: Set<string>;
  /** Training/evaluation datasets (model cards). */
  datasets: Set<string>;
}

function s3BucketArn(uri: string | null | undefined): string | undefined {
  const m = uri ? /^s3:\/\/([^/]+)/.exec(uri) : null;
  return m ? `arn:aws:s3:::${m[1]}` : undefined;
}

function assetKind(a: AnyAsset): Kind | undefined {
  if (MODEL_TYPES.has(a.type)) return 'model';
  if (DATA_TYPES.has(a.type)) return 'data';
  if (SERVICE_TYPES.has(a.type)) {
    // a Lambda is in the AI-BOM when it is an agent tool or calls an AI provider / Bedrock
    return 'service';
  }
  if (a.type === 'ecs.task-definition' || a.type === 'ec2.instance') return 'application';
  return undefined;
}

function isAiLambda(a: AnyAsset, referenced: Set<string>): boolean {
  if (a.type !== 'lambda.function') return true;
  return referenced.has(a.id) || a.config.usesBedrock || a.config.aiProviders.length > 0;
}

export interface AiBomOptions {
  tool?: ToolInfo;
}

/** Builds the CycloneDX model and the extra model-card data; `aiBomJson` serializes it. */
export function buildAiBom(
  state: Pick<ReportState, 'assets' | 'findings' | 'generatedAt'>,
  opts: AiBomOptions = {},
): { bom: Models.Bom; modelCards: Map<string, string[]> } {
  const tool = opts.tool ?? TOOL_INFO;
  const live = state.assets.filter((a) => !a.deletedAt);
  const byId = new Map(live.map((a) => [a.id, a]));
  const referencedTools = new Set<string>();
  for (const a of live) for (const r of a.relationships) if (r.kind === 'invokes-function') referencedTools.add(r.targetId);

  const nodes = new Map<string, Node>();
  const add = (ref: string, kind: Kind, name: string, props: [string, string][] = [], description?: string): Node => {
    let n = nodes.get(ref);
    if (!n) {
      n = { ref, kind, name, description, props, deps: new Set(), datasets: new Set() };
      nodes.set(ref, n);
    }
    return n;
  };

  const openBy = new Map<string, Finding[]>();
  for (const f of state.findings) {
    if (!isOpenFinding(f, state.generatedAt)) continue;
    const l = openBy.get(f.resourceId);
    if (l) l.push(f);
    else openBy.set(f.resourceId, [f]);
  }

  for (const a of live) {
    const kind = assetKind(a);
    if (!kind || !isAiLambda(a, referencedTools)) continue;
    const props: [string, string][] = [
      ['aispm:asset-type', a.type],
      ['aispm:asset-id', a.id],
      ['aws:account-id', a.accountId],
      ['aws:region', a.region],
    ];
    const open = openBy.get(a.id) ?? [];
    if (open.length > 0) {
      const worst = open.reduce<Severity>((w, f) => (severityRank(f.severity) > severityRank(w) ? f.severity : w), 'INFORMATIONAL');
      props.push(['aispm:open-findings', String(open.length)], ['aispm:highest-open-severity', worst]);
    }
    add(a.id, kind, a.name, props);
  }

  const dataset = (uri: string, role: string, owner: AnyAsset): string => {
    const ref = `dataset:${uri}`;
    const n = add(ref, 'data', uri, [
      ['aispm:data-role', role],
      ['aws:account-id', owner.accountId],
      ['aws:region', owner.region],
    ]);
    const bucket = s3BucketArn(uri);
    if (bucket) {
      ensureTarget(bucket, 's3.bucket');
      n.deps.add(bucket);
    }
    return ref;
  };
  const ensureTarget = (targetId: string, targetType: AssetType | undefined, kindHint?: RelationKind): string | undefined => {
    if (nodes.has(targetId)) return targetId;
    const asset = byId.get(targetId);
    if (asset) return undefined; // inventoried but not an AI-BOM node: followed transitively by the caller
    if (targetType === 's3.bucket' || targetId.startsWith('arn:aws:s3:::')) {
      add(targetId, 'data', targetId.slice('arn:aws:s3:::'.length) || targetId, [
        ['aispm:asset-type', 's3.bucket'],
        ['aispm:inventoried', 'false'],
      ]);
      return targetId;
    }
    if (
      (targetType && MODEL_TYPES.has(targetType)) ||
      kindHint === 'uses-model' ||
      kindHint === 'serves-model' ||
      kindHint === 'derived-from'
    ) {
      add(targetId, 'model', modelName(targetId), [['aispm:inventoried', 'false']]);
      return targetId;
    }
    if (kindHint === 'invokes-function' || targetType === 'lambda.function') {
      add(targetId, 'service', targetId.split(':').pop() ?? targetId, [
        ['aispm:asset-type', 'lambda.function'],
        ['aispm:inventoried', 'false'],
      ]);
      return targetId;
    }
    if (kindHint === 'calls-provider') {
      add(`provider:${targetId}`, 'service', targetId, [['aispm:external-ai-provider', 'true']], `External AI provider ${targetId}`);
      return `provider:${targetId}`;
    }
    if (targetType && SERVICE_TYPES.has(targetType)) {
      add(targetId, 'service', targetId.split(/[:/]/).pop() ?? targetId, [['aispm:inventoried', 'false']]);
      return targetId;
    }
    return undefined;
  };

  // dependencies from relationships, collapsing through inventoried assets that are not AI-BOM nodes
  // (e.g. endpoint -> endpoint config -> model, custom model -> customization job -> bucket)
  const resolve = (a: AnyAsset, depth: number, out: Set<string>, seen: Set<string>) => {
    for (const r of a.relationships) {
      if (!DEPENDENCY_KINDS.has(r.kind)) continue;
      if (r.kind === 'calls-provider') {
        const ref = ensureTarget(r.targetId, undefined, 'calls-provider');
        if (ref) out.add(ref);
        continue;
      }
      const ref = ensureTarget(r.targetId, r.targetType, r.kind);
      if (ref) {
        out.add(ref);
        continue;
      }
      const via = byId.get(r.targetId);
      if (via && depth < 3 && !seen.has(via.id)) {
        seen.add(via.id);
        resolve(via, depth + 1, out, seen);
      }
    }
  };
  for (const a of live) {
    const n = nodes.get(a.id);
    if (!n) continue;
    const out = new Set<string>();
    resolve(a, 0, out, new Set([a.id]));
    for (const ref of out) if (ref !== a.id) n.deps.add(ref);
  }

  // datasets and model artifacts, from the configuration's S3 URIs
  const artifactOwners = new Map<string, string[]>();
  for (const a of live) {
    if (a.type === 'sagemaker.training-job' && a.config.modelArtifactsS3Uri) {
      artifactOwners.set(a.config.modelArtifactsS3Uri, a.config.inputS3Uris ?? []);
    }
  }
  for (const a of live) {
    const n = nodes.get(a.id);
    if (!n) continue;
    if (a.type === 'bedrock.custom-model') {
      for (const uri of [a.config.trainingDataS3Uri, ...(a.config.validationDataS3Uris ?? [])]) {
        if (!uri) continue;
        const ref = dataset(uri, uri === a.config.trainingDataS3Uri ? 'training-data' : 'validation-data', a);
        n.deps.add(ref);
        n.datasets.add(ref);
      }
    } else if (a.type === 'bedrock.imported-model' && a.config.modelDataS3Uri) {
      n.deps.add(dataset(a.config.modelDataS3Uri, 'model-artifacts', a));
    } else if (a.type === 'sagemaker.model') {
      for (const c of [a.config.primaryContainer, ...(a.config.containers ?? [])]) {
        if (!c?.modelDataUrl) continue;
        const art = dataset(c.modelDataUrl, 'model-artifacts', a);
        n.deps.add(art);
        for (const [prefix, inputs] of artifactOwners) {
          if (!c.modelDataUrl.startsWith(prefix)) continue;
          for (const uri of inputs) {
            const ref = dataset(uri, 'training-data', a);
            n.deps.add(ref);
            n.datasets.add(ref);
          }
        }
      }
    } else if (a.type === 'bedrock.knowledge-base') {
      for (const ds of a.config.dataSources ?? []) {
        const ref = `${a.id}#data-source/${ds.id}`;
        const dn = add(ref, 'data', ds.name, [
          ['aispm:data-role', 'knowledge-base-source'],
          ['aispm:data-source-type', ds.type],
        ]);
        if (ds.bucketArn) {
          ensureTarget(ds.bucketArn, 's3.bucket');
          dn.deps.add(ds.bucketArn);
        }
        n.deps.add(ref);
      }
      if (a.config.embeddingModelArn) {
        const ref = ensureTarget(a.config.embeddingModelArn, 'bedrock.foundation-model', 'uses-model');
        if (ref) n.deps.add(ref);
      }
    } else if (a.type === 'bedrock.agent' && a.config.foundationModel && n.deps.size === 0) {
      const ref = ensureTarget(a.config.foundationModel, 'bedrock.foundation-model', 'uses-model');
      if (ref) n.deps.add(ref);
    }
  }

  // drop a direct dependency that another direct dependency already leads to (model -> bucket when model ->
  // training data -> bucket), so the graph shows the path, not a shortcut
  for (const n of nodes.values()) {
    for (const d of [...n.deps]) {
      for (const e of n.deps) {
        if (e !== d && nodes.get(e)?.deps.has(d)) {
          n.deps.delete(d);
          break;
        }
      }
    }
  }

  // CycloneDX model
  const bom = new Models.Bom();
  bom.serialNumber = serialFor(state);
  bom.metadata.timestamp = new Date(state.generatedAt);
  bom.metadata.tools.components.add(
    new Models.Component(Enums.ComponentType.Application, tool.name, { group: tool.vendor, version: tool.version }),
  );
  const accounts = [...new Set(live.map((a) => a.accountId))].sort();
  const root = new Models.Component(Enums.ComponentType.Platform, `AWS AI estate ${accounts.join(', ') || '(empty)'}`, {
    bomRef: 'aispm:estate',
    description: 'AI assets discovered by aispm',
  });
  for (const acc of accounts) root.properties.add(new Models.Property('aws:account-id', acc));
  bom.metadata.component = root;

  const refs = new Map<string, Models.BomRef>();
  const models = new Map<string, Models.Component | Models.Service>();
  for (const n of [...nodes.values()].sort((x, y) => cmp(x.ref, y.ref))) {
    let m: Models.Component | Models.Service;
    if (n.kind === 'service') {
      m = new Models.Service(n.name, { bomRef: n.ref, description: n.description });
      bom.services.add(m);
    } else {
      const type =
        n.kind === 'model'
          ? Enums.ComponentType.MachineLearningModel
          : n.kind === 'data'
            ? Enums.ComponentType.Data
            : Enums.ComponentType.Application;
      m = new Models.Component(type, n.name, { bomRef: n.ref, description: n.description });
      bom.components.add(m);
    }
    for (const [k, v] of n.props) m.properties.add(new Models.Property(k, v));
    refs.set(n.ref, m.bomRef);
    models.set(n.ref, m);
  }
  const inbound = new Set<string>();
  for (const n of nodes.values()) {
    const m = models.get(n.ref);
    if (!m) continue;
    for (const d of n.deps) {
      const r = refs.get(d);
      if (r && d !== n.ref) {
        m.dependencies.add(r);
        inbound.add(d);
      }
    }
  }
  for (const n of nodes.values()) if (!inbound.has(n.ref)) root.dependencies.add(refs.get(n.ref) as Models.BomRef);

  const modelCards = new Map<string, string[]>();
  for (const n of nodes.values()) if (n.kind === 'model' && n.datasets.size > 0) modelCards.set(n.ref, [...n.datasets].sort());
  return { bom, modelCards };
}

function modelName(id: string): string {
  const m = /(?:foundation-model|custom-model|imported-model|model)\/(.+)$/.exec(id);
  return m?.[1] ?? id;
}

/** Deterministic serial number (RFC 4122 layout, version 5-style bits) from the state's identity. */
function serialFor(state: Pick<ReportState, 'assets' | 'generatedAt'>): string {
  const h = sha256Hex(
    `${state.generatedAt}\u0000${state.assets
      .map((a) => `${a.id}@${a.configHash}`)
      .sort()
      .join('\u0000')}`,
  );
  const variant = ((Number.parseInt(h.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Serialized CycloneDX 1.6 JSON (sorted lists, deterministic), with model cards naming training datasets. */
export function aiBomJson(state: Pick<ReportState, 'assets' | 'findings' | 'generatedAt'>, opts: AiBomOptions = {}): string {
  const { bom, modelCards } = buildAiBom(state, opts);
  const serializer = new Serialize.JsonSerializer(new Serialize.JSON.Normalize.Factory(Spec.Spec1dot6));
  const doc = JSON.parse(serializer.serialize(bom, { sortLists: true })) as {
    components?: { 'bom-ref'?: string; type: string; modelCard?: unknown }[];
  };
  for (const c of doc.components ?? []) {
    const ds = c['bom-ref'] ? modelCards.get(c['bom-ref']) : undefined;
    if (c.type === 'machine-learning-model' && ds) c.modelCard = { modelParameters: { datasets: ds.map((ref) => ({ ref })) } };
  }
  return `${JSON.stringify(doc, null, 2)}\n`;
}

let validator: Validation.JsonStrictValidator | undefined;

/**
 * Validates a serialized AI-BOM against the CycloneDX 1.6 strict JSON schema; returns error strings (empty = valid).
 * The validation module (schema files, ajv) is loaded on first use only, so report generation (Lambda bundle) never
 * loads it.
 */
export async function validateAiBom(json: string): Promise<string[]> {
  if (!validator) {
    const V = await import('@cyclonedx/cyclonedx-library/Validation');
    validator = new V.JsonStrictValidator(Spec.Version.v1dot6);
  }
  const err = await validator.validate(json);
  if (err === null) return [];
  if (Array.isArray(err)) {
    return err.map((e: { instancePath?: string; message?: string }) => `${e.instancePath ?? ''} ${e.message ?? 'invalid'}`.trim());
  }
  return [String(err)];
}
