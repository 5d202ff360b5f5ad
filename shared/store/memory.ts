import type { AnyAsset, AssetType, CoverageGap } from '../domain/asset.ts';
import type { Finding } from '../domain/finding.ts';
import { assetChange, matchesFindingQuery } from './shared.ts';
import type { AssetHistoryEntry, Baseline, FindingQuery, IdentityActivity, ScanRun, Store, WriteOutcome } from './types.ts';

/** In-process store with the same semantics as the DynamoDB store (used by the CLI `scan` and unit tests). */
export class MemoryStore implements Store {
  private assets = new Map<string, AnyAsset>();
  private hist = new Map<string, AssetHistoryEntry[]>();
  private gaps = new Map<string, CoverageGap[]>();
  private keyRefs = new Map<string, { keys: Set<string>; complete: boolean; pending?: string }>();
  private findings = new Map<string, Finding>();
  private baselines = new Map<string, Baseline>();
  private activity = new Map<string, { a: IdentityActivity; expiresAt: number }>();
  private runs: ScanRun[] = [];
  private marks = new Map<string, number>();
  writeCount = 0;

  constructor(private readonly nowMs: () => number = Date.now) {}

  async getAsset(id: string) {
    const a = this.assets.get(id);
    return a ? structuredClone(a) : undefined;
  }

  async listAssets(scope: { accountId: string; region?: string; type?: AssetType; includeDeleted?: boolean }) {
    if (scope.type && !scope.region) throw new Error('listAssets: a type needs a region');
    return [...this.assets.values()]
      .filter(
        (a) =>
          a.accountId === scope.accountId &&
          (scope.region === undefined || a.region === scope.region) &&
          (scope.type === undefined || a.type === scope.type) &&
          (scope.includeDeleted || !a.deletedAt),
      )
      .map((a) => structuredClone(a));
  }

  async putAsset(asset: AnyAsset): Promise<WriteOutcome> {
    const prev = this.assets.get(asset.id);
    const change = assetChange(prev, asset);
    if (change === 'unchanged' || change === 'stale') return change;
    const stored = { ...structuredClone(asset), firstSeen: prev?.firstSeen ?? asset.firstSeen };
    delete stored.deletedAt;
    this.assets.set(asset.id, stored);
    this.appendHistory(stored, prev ? (prev.deletedAt ? 'restored' : 'updated') : 'created', stored.lastSeen);
    this.writeCount += 2;
    return prev ? 'updated' : 'created';
  }

  async markDeleted(id: string, at: string): Promise<WriteOutcome> {
    const prev = this.assets.get(id);
    if (!prev || prev.deletedAt) return 'unchanged';
    if (prev.lastSeen > at) return 'stale';
    const stored = { ...prev, deletedAt: at };
    this.assets.set(id, stored);
    this.appendHistory(stored, 'deleted', at);
    this.writeCount += 2;
    return 'updated';
  }

  private appendHistory(asset: AnyAsset, change: AssetHistoryEntry['change'], at: string) {
    const list = this.hist.get(asset.id) ?? [];
    list.push({ assetId: asset.id, observedAt: at, change, configHash: asset.configHash, asset: structuredClone(asset) });
    this.hist.set(asset.id, list);
  }

  async history(id: string) {
    return structuredClone(this.hist.get(id) ?? []);
  }

  async putCoverageGaps(accountId: string, region: string, gaps: CoverageGap[]) {
    this.gaps.set(`${accountId}#${region}`, structuredClone(gaps));
    this.writeCount += 1;
  }

  async listCoverageGaps(accountId: string) {
    return [...this.gaps.entries()].filter(([k]) => k.startsWith(`${accountId}#`)).flatMap(([, v]) => structuredClone(v));
  }

  async referencedKeys(accountId: string) {
    const k = this.keyRefs.get(accountId);
    return k?.complete ? new Set(k.keys) : undefined;
  }

  async addReferencedKeys(accountId: string, keys: string[]) {
    const k = this.keyRefs.get(accountId) ?? { keys: new Set<string>(), complete: false };
    for (const key of keys) k.keys.add(key);
    this.keyRefs.set(accountId, k);
    this.writeCount += 1;
  }

  async beginReferencedKeys(accountId: string, scanId: string) {
    const k = this.keyRefs.get(accountId) ?? { keys: new Set<string>(), complete: false };
    this.keyRefs.set(accountId, { ...k, pending: scanId });
    this.writeCount += 1;
  }

  async completeReferencedKeys(accountId: string, keys: string[], scanId: string) {
    const k = this.keyRefs.get(accountId);
    if (!k || !(k.complete || k.pending === scanId)) return false;
    this.keyRefs.set(accountId, { keys: new Set([...k.keys, ...keys]), complete: true });
    this.writeCount += 1;
    return true;
  }

  async getFinding(id: string) {
    const f = this.findings.get(id);
    return f ? structuredClone(f) : undefined;
  }

  async getFindings(ids: string[]) {
    const out = new Map<string, Finding>();
    for (const id of ids) {
      const f = this.findings.get(id);
      if (f) out.set(id, structuredClone(f));
    }
    return out;
  }

  async putFinding(finding: Finding, expectedVersion: number | undefined) {
    const prev = this.findings.get(finding.id);
    if ((prev?.version ?? undefined) !== expectedVersion) return false;
    this.findings.set(finding.id, { ...structuredClone(finding), version: (expectedVersion ?? 0) + 1 });
    this.writeCount += 1;
    return true;
  }

  async queryFindings(q: FindingQuery) {
    return [...this.findings.values()].filter((f) => matchesFindingQuery(f, q)).map((f) => structuredClone(f));
  }

  async allFindings() {
    return [...this.findings.values()].map((f) => structuredClone(f));
  }

  async getBaseline(key: string) {
    const b = this.baselines.get(key);
    return b ? structuredClone(b) : undefined;
  }

  async putBaseline(b: Baseline, expectedVersion: number | undefined) {
    const prev = this.baselines.get(b.key);
    if ((prev?.version ?? undefined) !== expectedVersion) return false;
    this.baselines.set(b.key, { ...structuredClone(b), version: (expectedVersion ?? 0) + 1 });
    this.writeCount += 1;
    return true;
  }

  async getActivity(accountId: string, identity: string) {
    const key = `${accountId}#${identity}`;
    const x = this.activity.get(key);
    if (x && x.expiresAt <= this.nowMs()) this.activity.delete(key); // as DynamoDB TTL, eventually
    const a = this.activity.get(key)?.a;
    return a ? structuredClone(a) : undefined;
  }

  async getActivities(ids: readonly { accountId: string; identity: string }[]) {
    return Promise.all(ids.map((x) => this.getActivity(x.accountId, x.identity)));
  }

  async putActivity(a: IdentityActivity, expectedVersion: number | undefined, ttlSeconds: number) {
    const key = `${a.accountId}#${a.identity}`;
    if ((this.activity.get(key)?.a.version ?? undefined) !== expectedVersion) return false;
    const stored = { ...structuredClone(a), version: (expectedVersion ?? 0) + 1 };
    this.activity.set(key, { a: stored, expiresAt: this.nowMs() + ttlSeconds * 1000 });
    this.writeCount += 1;
    return true;
  }

  async putScanRun(run: ScanRun) {
    this.runs = this.runs.filter((r) => r.scanId !== run.scanId);
    this.runs.push(structuredClone(run));
    this.writeCount += 1;
  }

  async listScanRuns(accountId: string, limit = 50) {
    return this.runs
      .filter((r) => r.accountId === accountId)
      .sort((a, b) => b.startedAt.localeCompare(a.startedAt))
      .slice(0, limit)
      .map((r) => structuredClone(r));
  }

  async claim(key: string, ttlSeconds: number) {
    const now = this.nowMs();
    const exp = this.marks.get(key);
    if (exp !== undefined && exp > now) return false;
    this.marks.set(key, now + ttlSeconds * 1000);
    this.writeCount += 1;
    return true;
  }

  async release(key: string) {
    if (this.marks.delete(key)) this.writeCount += 1;
  }

  async extend(key: string, ttlSeconds: number) {
    // as DynamoStore: a mark that no longer exists is not recreated (an expired one lingers there until TTL removes it)
    if (!this.marks.has(key)) return false;
    this.marks.set(key, this.nowMs() + ttlSeconds * 1000);
    this.writeCount += 1;
    return true;
  }
}
