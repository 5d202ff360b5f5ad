import type { Asset } from '../../domain/asset.ts';
import type { Ec2IngressRule } from '../../domain/asset-config.ts';
import type { CheckOutcome } from '../../domain/check.ts';
import { error, fail, manual, pass, unread } from './outcome.ts';

/** Well-known ports of self-hosted model servers and ML tooling (TCP), with what usually listens there. */
export const MODEL_SERVER_PORTS: Record<number, string> = {
  3000: 'Open WebUI',
  5000: 'MLflow',
  6006: 'TensorBoard',
  7860: 'Gradio',
  8000: 'vLLM / OpenAI-compatible server',
  8001: 'Triton gRPC',
  8002: 'Triton metrics',
  8080: 'TGI / llama.cpp server',
  8265: 'Ray dashboard',
  8501: 'Streamlit',
  8888: 'Jupyter',
  10001: 'Ray client',
  11434: 'Ollama',
};

export const ADMIN_PORTS: Record<number, string> = { 22: 'SSH', 3389: 'RDP' };

const ANY_V4 = '0.0.0.0/0';
const ANY_V6 = '::/0';

function isTcp(r: Ec2IngressRule) {
  return r.protocol === '-1' || r.protocol === 'tcp' || r.protocol === '6';
}

/** The given ports a rule admits (all of them for all traffic or an all-ports TCP rule). */
function portsCovered(r: Ec2IngressRule, ports: number[]): number[] {
  if (!isTcp(r)) return [];
  if (r.protocol === '-1' || r.fromPort === null || r.toPort === null) return ports;
  return ports.filter((p) => p >= (r.fromPort as number) && p <= (r.toPort as number));
}

function ruleText(r: Ec2IngressRule, source: string) {
  const proto =
    r.protocol === '-1'
      ? 'all traffic'
      : `${r.protocol === '6' ? 'tcp' : r.protocol} ${r.fromPort === null ? 'all ports' : r.fromPort === r.toPort ? r.fromPort : `${r.fromPort}-${r.toPort}`}`;
  return `${proto} from ${source}`;
}

export interface Exposure {
  groupId: string;
  groupName: string;
  rule: string;
  ports: string[];
}

/**
 * Whether ports of an AI instance are reachable from the internet through its security groups:
 * FAIL when it has a public IPv4 address and a rule from 0.0.0.0/0 covers one of the ports; MANUAL when only a
 * prefix list (not resolved) or an IPv6 ::/0 rule on an instance with IPv6 addresses could admit them (whether the
 * subnet routes inbound IPv6 from an internet gateway is not read); ERROR when the security groups were not read;
 * PASS otherwise. Load balancers or port forwarding in front of the instance are not inspected.
 */
export function internetExposure(inst: Asset<'ec2.instance'>, ports: Record<number, string>, what: string): CheckOutcome {
  const u = unread(inst, ['publicIpAddresses', 'ipv6Addresses', 'securityGroupIds']);
  if (u) return u;
  const c = inst.config;
  const label = `Instance ${inst.name} (${c.instanceId})`;
  const publicV4 = c.publicIpAddresses.length > 0;
  const hasV6 = c.ipv6Addresses.length > 0;
  if (!publicV4 && !hasV6)
    return pass(`${label} has no public IPv4 or IPv6 address, so its ${what} are not reachable from the internet directly.`);
  if (c.securityGroups === undefined)
    return error(`${label} has a public address, but its security groups ${c.securityGroupIds.join(', ')} could not be read.`, {
      securityGroupIds: c.securityGroupIds,
      ...(inst.collectionErrors?.length ? { collectionErrors: inst.collectionErrors } : {}),
    });
  const list = Object.keys(ports).map(Number);
  const name = (p: number) => `${p} (${ports[p]})`;
  const open: Exposure[] = [];
  const undecided: string[] = [];
  for (const [groupId, g] of Object.entries(c.securityGroups)) {
    if (!g) continue; // a group that no longer exists admits nothing
    for (const r of g.ingress) {
      const covered = portsCovered(r, list);
      if (!covered.length) continue;
      if (publicV4 && r.ipv4Ranges.includes(ANY_V4))
        open.push({ groupId, groupName: g.groupName, rule: ruleText(r, ANY_V4), ports: covered.map(name) });
      if (r.ipv6Ranges.includes(ANY_V6) && hasV6)
        undecided.push(`${groupId} ${ruleText(r, ANY_V6)} (IPv6 reachability depends on the subnet routes, not read)`);
      for (const pl of r.prefixListIds)
        undecided.push(`${groupId} ${ruleText(r, pl)} (prefix list not resolved: check whether it contains public ranges)`);
    }
  }
  const evidence = { publicIpAddresses: c.publicIpAddresses, ipv6Addresses: c.ipv6Addresses };
  if (open.length > 0) {
    const ports = [...new Set(open.flatMap((o) => o.ports))];
    return fail(
      `${label} has public IP ${c.publicIpAddresses.join(', ')} and ${open.map((o) => `security group ${o.groupId} (${o.groupName}) allows ${o.rule}`).join('; ')}, exposing ${what} ${ports.join(', ')} to the internet.`,
      { ...evidence, exposures: open },
    );
  }
  if (undecided.length > 0)
    return manual(`${label} has a public address and ${what} may be reachable: ${undecided.join('; ')}.`, { ...evidence, undecided });
  return pass(
    `${label} has a public address, but no security group rule admits ${what} (${list.join(', ')}) from 0.0.0.0/0 or ::/0.`,
    evidence,
  );
}
