import type { AnyAsset, Asset, AssetType, CoverageGap } from '../domain/asset.ts';
import type { AssetGraph } from '../domain/check.ts';

/**
 * In-memory asset graph over one inventory snapshot (live assets only) plus its coverage gaps. Indexes by id, by
 * type and by incoming relationship so cross-asset checks are O(edges) instead of scanning the inventory.
 */
export class InventoryGraph implements AssetGraph {
  private readonly byId = new Map<string, AnyAsset>();
  private readonly typeIndex = new Map<string, AnyAsset[]>();
  private readonly incoming = new Map<string, { from: AnyAsset; kind: string }[]>();
  private readonly gapList: CoverageGap[];

  constructor(assets: Iterable<AnyAsset>, gaps: CoverageGap[] = []) {
    for (const a of assets) {
      if (a.deletedAt) continue;
      this.byId.set(a.id, a);
      // indexed by type, type+account and type+account+region so scoped lookups do not scan the inventory
      for (const key of [a.type, `${a.type}|${a.accountId}`, `${a.type}|${a.accountId}|${a.region}`]) {
        const list = this.typeIndex.get(key);
        if (list) list.push(a);
        else this.typeIndex.set(key, [a]);
      }
    }
    for (const a of this.byId.values()) {
      for (const r of a.relationships ?? []) {
        const list = this.incoming.get(r.targetId);
        if (list) list.push({ from: a, kind: r.kind });
        else this.incoming.set(r.targetId, [{ from: a, kind: r.kind }]);
      }
    }
    this.gapList = gaps;
  }

  get(id: string): AnyAsset | undefined {
    return this.byId.get(id);
  }

  all(): AnyAsset[] {
    return [...this.byId.values()];
  }

  byType<T extends AssetType>(type: T, scope: { accountId?: string; region?: string } = {}): Asset<T>[] {
    let key: string = type;
    if (scope.accountId !== undefined) key += `|${scope.accountId}`;
    if (scope.accountId !== undefined && scope.region !== undefined) key += `|${scope.region}`;
    const list = (this.typeIndex.get(key) ?? []) as unknown as Asset<T>[];
    if (scope.accountId === undefined && scope.region !== undefined) return list.filter((a) => a.region === scope.region);
    return [...list];
  }

  related(asset: AnyAsset, kind?: string): AnyAsset[] {
    const out: AnyAsset[] = [];
    const seen = new Set<string>();
    for (const r of asset.relationships ?? []) {
      if (kind !== undefined && r.kind !== kind) continue;
      const t = this.byId.get(r.targetId);
      if (t && !seen.has(t.id)) {
        seen.add(t.id);
        out.push(t);
      }
    }
    return out;
  }

  referrers(assetId: string, kind?: string): AnyAsset[] {
    const out: AnyAsset[] = [];
    const seen = new Set<string>();
    for (const e of this.incoming.get(assetId) ?? []) {
      if (kind !== undefined && e.kind !== kind) continue;
      if (seen.has(e.from.id)) continue;
      seen.add(e.from.id);
      out.push(e.from);
    }
    return out;
  }

  gaps(accountId: string, region: string, service?: string): CoverageGap[] {
    return this.gapList.filter(
      (g) =>
        g.accountId === accountId && (g.region === region || g.region === 'global') && (service === undefined || g.service === service),
    );
  }

  /**
   * Ids of assets within `depth` hops of any seed, following relationships in both directions (plus shared
   * non-asset targets such as a role ARN referenced by two agents). Used to re-assess the assets whose
   * cross-asset checks read a changed asset.
   */
  neighbourhood(seeds: Iterable<string>, depth: number): Set<string> {
    const seen = new Set<string>();
    let frontier: string[] = [];
    for (const s of seeds) {
      if (!seen.has(s)) {
        seen.add(s);
        frontier.push(s);
      }
    }
    for (let d = 0; d < depth && frontier.length > 0; d++) {
      const next: string[] = [];
      const visit = (id: string) => {
        if (!seen.has(id)) {
          seen.add(id);
          next.push(id);
        }
      };
      for (const id of frontier) {
        const a = this.byId.get(id);
        if (a)
          for (const r of a.relationships ?? []) {
            visit(r.targetId);
            for (const e of this.incoming.get(r.targetId) ?? []) visit(e.from.id);
          }
        for (const e of this.incoming.get(id) ?? []) visit(e.from.id);
      }
      frontier = next;
    }
    return seen;
  }
}
