import type { Asset } from '../../domain/asset.ts';
import type { FlowPublishedVersion, FlowVersionConfig } from '../../domain/asset-config.ts';
import type { CheckOutcome } from '../../domain/check.ts';
import { error, unread } from './outcome.ts';

/**
 * The id of the test alias Bedrock creates with every flow; it routes to the DRAFT ("When you first create a flow, a
 * working draft version (DRAFT) and a test alias (TSTALIASID) that points to the working draft version are created",
 * Bedrock user guide, flows-deploy). Whether ListFlowAliases returns it is not documented, so the DRAFT counts as
 * served whether or not it appears in the listing.
 */
export const FLOW_TEST_ALIAS = 'TSTALIASID';

export type FlowVersionsView = { ok: true; versions: FlowVersionConfig[]; aliased: boolean } | { ok: false; outcome: CheckOutcome };

/**
 * The flow versions callers can run: the DRAFT (always served through the test alias TSTALIASID) and every version an
 * alias routes to. `aliased` = some alias other than the test alias exists. ERROR when the DRAFT, the aliases or a
 * routed version was not read: a weak served version must never hide behind a DRAFT.
 */
export function flowVersions(flow: Asset<'bedrock.flow'>): FlowVersionsView {
  const u = unread(flow, ['version', 'nodes', 'customerEncryptionKeyArn', 'aliases']);
  if (u) return { ok: false, outcome: u };
  const c = flow.config;
  const draft: FlowVersionConfig = {
    version: 'DRAFT',
    status: c.status,
    roleArn: c.roleArn,
    customerEncryptionKeyArn: c.customerEncryptionKeyArn,
    nodes: c.nodes,
  };
  const out: FlowVersionConfig[] = [draft];
  const routed = [...new Set(c.aliases.flatMap((a) => a.routingVersions))].filter((v) => v && v !== 'DRAFT');
  for (const v of routed) {
    const got = c.aliasedVersions?.find((x) => x.version === v);
    if (!got)
      return {
        ok: false,
        outcome: error(`Flow ${flow.name}: version ${v}, which an alias routes to, was not read, so the check cannot be judged.`, {
          unreadVersions: [v],
          ...(flow.collectionErrors?.length ? { collectionErrors: flow.collectionErrors } : {}),
        }),
      };
    out.push(got);
  }
  return { ok: true, versions: out, aliased: c.aliases.some((a) => a.id !== FLOW_TEST_ALIAS) };
}

export type StoredFlowVersion = FlowPublishedVersion & {
  /** Ids of the aliases that route to the version (the DRAFT always has the test alias); empty = no alias serves it. */
  servedBy: string[];
};
export type StoredFlowVersionsView = { ok: true; versions: StoredFlowVersion[] } | { ok: false; outcome: CheckOutcome };

/**
 * Every version of the flow that holds a copy of its definition at rest: the DRAFT and every published version,
 * served by an alias or not (each version keeps the key it was created with). ERROR when the DRAFT, the aliases, a
 * routed version, the version listing or any published version was not read.
 */
export function storedFlowVersions(flow: Asset<'bedrock.flow'>): StoredFlowVersionsView {
  const view = flowVersions(flow);
  if (!view.ok) return view;
  const u = unread(flow, ['publishedVersions']);
  if (u) return { ok: false, outcome: u };
  const c = flow.config;
  const byVersion = new Map<string, FlowPublishedVersion>();
  for (const v of [...view.versions, ...c.publishedVersions])
    if (!byVersion.has(v.version))
      byVersion.set(v.version, { version: v.version, customerEncryptionKeyArn: v.customerEncryptionKeyArn, nodes: v.nodes });
  const servedBy = (version: string) => {
    const ids = c.aliases.filter((a) => a.routingVersions.includes(version)).map((a) => a.id);
    return version === 'DRAFT' && !ids.includes(FLOW_TEST_ALIAS) ? [FLOW_TEST_ALIAS, ...ids] : ids;
  };
  const order = (v: string) => (v === 'DRAFT' ? -1 : Number(v) || Number.MAX_SAFE_INTEGER);
  const versions = [...byVersion.values()]
    .sort((a, b) => order(a.version) - order(b.version) || a.version.localeCompare(b.version))
    .map((v) => ({ ...v, servedBy: servedBy(v.version) }));
  return { ok: true, versions };
}

/** `DRAFT` / `version 3` for messages. */
export function versionLabel(v: { version: string }): string {
  return v.version === 'DRAFT' ? 'DRAFT' : `version ${v.version}`;
}
