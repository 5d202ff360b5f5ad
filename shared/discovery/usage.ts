import type { AnyDraft, AssetDraft } from '../collectors/context.ts';
import type { FoundationModelInUseConfig } from '../domain/asset-config.ts';

/** `anthropic.claude-3-haiku-...`, `us.anthropic.claude...` (profile), or an ARN -> plain foundation-model id. */
export function foundationModelIdOf(ref: string): string | null {
  let id = ref;
  const fm = /:foundation-model\/(.+)$/.exec(ref);
  if (fm) id = fm[1];
  else if (ref.startsWith('arn:')) {
    const ip = /:(?:inference-profile)\/(.+)$/.exec(ref);
    if (!ip) return null;
    id = ip[1];
  }
  id = id.replace(/^(us|eu|apac|us-gov|ca|jp|au|global)\./, '');
  return /^[a-z0-9-]+\.[A-Za-z0-9.:_-]+$/.test(id) ? id : null;
}

export function foundationModelArn(partition: string, region: string, modelId: string) {
  return `arn:${partition}:bedrock:${region}::foundation-model/${modelId}`;
}

export interface ModelUse {
  modelId: string;
  identities: string[];
  lastUsed: string | null;
  via: FoundationModelInUseConfig['observedIn'][number];
}

/**
 * Foundation models in use in a region: those referenced by the inventory (agents, knowledge bases, custom models,
 * throughputs, application inference profiles) plus those seen in invocation logs (`observed`). Never the catalogue.
 */
export function foundationModelsInUse(
  drafts: AnyDraft[],
  region: string,
  partition: string,
  observed: ModelUse[],
): AssetDraft<'bedrock.foundation-model'>[] {
  const byId = new Map<string, FoundationModelInUseConfig>();
  const add = (modelId: string, via: ModelUse['via'], identities: string[] = [], lastUsed: string | null = null) => {
    const cur = byId.get(modelId) ?? { modelId, provider: modelId.split('.')[0] ?? null, observedIn: [], lastUsed: null, identities: [] };
    if (!cur.observedIn.includes(via)) cur.observedIn.push(via);
    cur.identities = [...new Set([...cur.identities, ...identities])].sort();
    if (lastUsed && (!cur.lastUsed || lastUsed > cur.lastUsed)) cur.lastUsed = lastUsed;
    byId.set(modelId, cur);
  };
  for (const d of drafts) {
    if (d.region !== region) continue;
    for (const r of d.relationships) {
      if (r.kind !== 'uses-model' && r.kind !== 'derived-from') continue;
      const id = foundationModelIdOf(r.targetId);
      if (id) add(id, 'inventory');
    }
  }
  for (const u of observed) {
    const id = foundationModelIdOf(u.modelId);
    if (id) add(id, u.via, u.identities, u.lastUsed);
  }
  return [...byId.values()]
    .sort((a, b) => a.modelId.localeCompare(b.modelId))
    .map((config) => {
      config.observedIn.sort();
      return {
        id: foundationModelArn(partition, region, config.modelId),
        type: 'bedrock.foundation-model' as const,
        region,
        name: config.modelId,
        config,
        tags: {},
        relationships: [],
      };
    });
}
