import type { Asset } from '../../domain/asset.ts';
import type { AgentCoreRuntimeVersionConfig } from '../../domain/asset-config.ts';
import type { CheckOutcome } from '../../domain/check.ts';
import { error, unread } from './outcome.ts';

/** One runtime version to judge, with the endpoints that serve it (live or target) and whether it is the latest. */
export interface JudgedRuntimeVersion {
  config: AgentCoreRuntimeVersionConfig;
  latest: boolean;
  /** `prod`, or `prod (target)` for an endpoint moving to this version. */
  endpoints: string[];
}

export type RuntimeVersionsView = { ok: true; versions: JudgedRuntimeVersion[] } | { ok: false; outcome: CheckOutcome };

/**
 * The runtime versions a check must judge. `served`: the latest version (the DEFAULT endpoint follows it) and every
 * version an endpoint serves or is moving to. `kept`: also every version the runtime keeps (ListAgentRuntimeVersions),
 * served or not: each keeps its environment, which GetAgentRuntime(version) returns, and an endpoint can be pointed
 * back at it. ERROR when the latest version, the endpoints, the version list (`kept`) or a needed version was not read:
 * a weak served version must never hide behind a strong latest one.
 */
export function runtimeVersions(
  rt: Asset<'bedrock-agentcore.runtime'>,
  scope: 'served' | 'kept',
  fields: (keyof AgentCoreRuntimeVersionConfig)[],
): RuntimeVersionsView {
  const u = unread(rt, [...fields, 'endpoints', 'otherVersions', ...(scope === 'kept' ? ['versionIds'] : [])]);
  if (u) return { ok: false, outcome: u };
  const c = rt.config;
  const { runtimeId: _id, endpoints, versionIds, otherVersions, ...top } = c;
  const latest: AgentCoreRuntimeVersionConfig = { ...top, version: c.version ?? 'latest' };
  const endpointsOf = (v: string) =>
    endpoints.flatMap((e) => [
      ...(e.liveVersion === v ? [e.name] : []),
      ...(e.targetVersion === v && e.liveVersion !== v ? [`${e.name} (target)`] : []),
    ]);
  const wanted = [
    ...new Set([...endpoints.flatMap((e) => [e.liveVersion ?? '', e.targetVersion ?? '']), ...(scope === 'kept' ? versionIds : [])]),
  ].filter((v) => v && v !== c.version);
  const out: JudgedRuntimeVersion[] = [{ config: latest, latest: true, endpoints: c.version ? endpointsOf(c.version) : [] }];
  const missing: string[] = [];
  for (const v of wanted) {
    const got = otherVersions.find((x) => x.version === v);
    if (got) out.push({ config: got, latest: false, endpoints: endpointsOf(v) });
    else missing.push(v);
  }
  if (missing.length > 0) {
    const served = missing.filter((v) => endpointsOf(v).length > 0);
    return {
      ok: false,
      outcome: error(
        `Runtime ${rt.name}: version ${missing.join(', ')}${served.length ? ', which an endpoint serves,' : ''} was not read, so the check cannot be judged.`,
        {
          unreadVersions: missing,
          ...(served.length ? { endpoints: served.flatMap(endpointsOf) } : {}),
          ...(rt.collectionErrors?.length ? { collectionErrors: rt.collectionErrors } : {}),
        },
      ),
    };
  }
  return { ok: true, versions: out };
}

/** `version 1 (endpoint prod)`, `version 3 (latest, endpoints DEFAULT, beta)`, `version 2 (not served)` for messages. */
export function runtimeVersionLabel(v: JudgedRuntimeVersion): string {
  const where = [
    ...(v.latest ? ['latest'] : []),
    ...(v.endpoints.length ? [`endpoint${v.endpoints.length > 1 ? 's' : ''} ${v.endpoints.join(', ')}`] : []),
    ...(!v.latest && v.endpoints.length === 0 ? ['not served'] : []),
  ];
  return `version ${v.config.version} (${where.join(', ')})`;
}

/** Evidence entry for one judged version. */
export function runtimeVersionEvidence(v: JudgedRuntimeVersion, extra: Record<string, unknown>): Record<string, unknown> {
  return { version: v.config.version, latest: v.latest, endpoints: v.endpoints, ...extra };
}
