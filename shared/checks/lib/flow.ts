import type { Asset } from '../../domain/asset.ts';
import type { FlowVersionConfig } from '../../domain/asset-config.ts';
import type { CheckOutcome } from '../../domain/check.ts';
import { error, unread } from './outcome.ts';

export type FlowVersionsView = { ok: true; versions: FlowVersionConfig[]; aliased: boolean } | { ok: false; outcome: CheckOutcome };

/**
 * The flow versions callers can run: every version an alias routes to (an alias routing to DRAFT serves the DRAFT),
 * or the DRAFT when the flow has no alias. With `withDraft` the DRAFT is always included (data at rest). ERROR when
 * the DRAFT, the aliases or a routed version was not read: a weak served version must never hide behind a DRAFT.
 */
export function flowVersions(flow: Asset<'bedrock.flow'>, opts: { withDraft?: boolean } = {}): FlowVersionsView {
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
  const routed = [...new Set(c.aliases.flatMap((a) => a.routingVersions))].filter(Boolean);
  if (routed.length === 0) return { ok: true, versions: [draft], aliased: false };
  const out: FlowVersionConfig[] = opts.withDraft ? [draft] : [];
  for (const v of routed) {
    if (v === 'DRAFT') {
      if (!out.includes(draft)) out.push(draft);
      continue;
    }
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
  return { ok: true, versions: out, aliased: true };
}

/** `DRAFT` / `version 3` for messages. */
export function versionLabel(v: FlowVersionConfig): string {
  return v.version === 'DRAFT' ? 'DRAFT' : `version ${v.version}`;
}
