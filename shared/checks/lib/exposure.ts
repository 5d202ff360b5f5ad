import type { Asset } from '../../domain/asset.ts';
import type { Ec2IngressRule } from '../../domain/asset-config.ts';
import type { CheckOutcome } from '../../domain/check.ts';
import { cidrReach, INTERNET_RANGES } from './cidr.ts';
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
  /** The network interface whose public address the group's rule exposes (absent for instance-level data). */
  networkInterfaceId?: string;
  publicIp?: string;
}

/** A network interface as judged: its addresses and its own security groups. */
interface Nic {
  id: string | null;
  publicIps: string[];
  ipv6: string[];
  groupIds: string[];
}

/**
 * Each interface with its own groups; instance-level addresses and groups together when interfaces were not listed.
 * A public IPv4 address of the instance that no interface carries (an item stored before `publicIps`, which has the
 * primary private IP's `publicIp` only) is judged on the primary interface, never dropped.
 */
function interfacesOf(c: Asset<'ec2.instance'>['config']): Nic[] {
  if (!c.networkInterfaces?.length)
    return [{ id: null, publicIps: c.publicIpAddresses, ipv6: c.ipv6Addresses, groupIds: c.securityGroupIds }];
  const out = c.networkInterfaces.map((n) => {
    const legacy = (n as { publicIp?: string | null }).publicIp;
    return {
      id: n.networkInterfaceId,
      publicIps: n.publicIps ?? (legacy ? [legacy] : []),
      ipv6: n.ipv6Addresses,
      groupIds: n.groupIds,
    };
  });
  const carried = new Set(out.flatMap((n) => n.publicIps));
  const orphan = c.publicIpAddresses.filter((ip) => !carried.has(ip));
  const primary = out[0] as Nic;
  if (orphan.length) primary.publicIps = [...primary.publicIps, ...orphan];
  return out;
}

const NOT_VISIBLE =
  'not returned by DescribeSecurityGroups: not visible to this account (e.g. a group shared by the VPC owner) or detached in between, so its rules are unknown';

/**
 * Whether ports of an AI instance are reachable from the internet through its security groups, each network
 * interface's addresses judged against that interface's own groups:
 * FAIL when an interface has a public IPv4 address and one of its groups has a rule covering one of the ports from
 * the internet (0.0.0.0/0 or any public IPv4 range of /8 or wider, see `cidrReach`); MANUAL when only a broad public
 * IPv4 range (/9 to /16), a prefix list (not resolved), an IPv6 rule from ::/0 or a public range of /32 or wider on an
 * interface with IPv6 addresses (whether the subnet routes inbound IPv6 from an internet gateway is not read) or a
 * group this account cannot see could admit them, and for an instance that is not running and has no public address
 * now but whose groups admit the ports from the internet (a public IP may be auto-assigned when it starts; the subnet
 * setting is not read); a public range of /17 or narrower (an office) does not count; ERROR
 * when the security groups were not read; PASS otherwise. Load balancers or port forwarding in front of the instance
 * are not inspected.
 */
export function internetExposure(inst: Asset<'ec2.instance'>, ports: Record<number, string>, what: string): CheckOutcome {
  const u = unread(inst, ['publicIpAddresses', 'ipv6Addresses', 'securityGroupIds']);
  if (u) return u;
  const c = inst.config;
  const label = `Instance ${inst.name} (${c.instanceId})`;
  const nics = interfacesOf(c);
  const addressed = nics.filter((n) => n.publicIps.length > 0 || n.ipv6.length > 0);
  const running = c.state === 'running';
  if (!addressed.length && running)
    return pass(`${label} has no public IPv4 or IPv6 address, so its ${what} are not reachable from the internet directly.`);
  if (c.securityGroups === undefined)
    return error(
      `${label} ${addressed.length ? 'has a public address' : `is ${c.state || 'not running'} (a public IP may be assigned when it starts)`}, but its security groups ${c.securityGroupIds.join(', ')} could not be read.`,
      {
        securityGroupIds: c.securityGroupIds,
        ...(inst.collectionErrors?.length ? { collectionErrors: inst.collectionErrors } : {}),
      },
    );
  const groups = c.securityGroups;
  const list = Object.keys(ports).map(Number);
  const name = (p: number) => `${p} (${ports[p]})`;
  const open: Exposure[] = [];
  const undecided: string[] = [];
  const whenStarted: string[] = [];
  const notVisible = new Set<string>();
  for (const n of nics) {
    const publicV4 = n.publicIps.length > 0;
    const hasV6 = n.ipv6.length > 0;
    // an interface without a public address now: exposed when a stopped / pending instance starts with one
    const idle = !publicV4 && !hasV6;
    if (idle && running) continue;
    const where = n.id ? ` (on ${n.id}${publicV4 ? `, public IP ${n.publicIps.join(', ')}` : ''})` : '';
    for (const groupId of n.groupIds) {
      const g = groups[groupId];
      if (!g) {
        notVisible.add(groupId);
        continue;
      }
      for (const r of g.ingress) {
        const covered = portsCovered(r, list);
        if (!covered.length) continue;
        const portText = covered.map(name).join(', ');
        for (const cidr of r.ipv4Ranges) {
          const reach = cidrReach(cidr, false);
          if (reach === 'internet') {
            if (publicV4)
              open.push({
                groupId,
                groupName: g.groupName,
                rule: ruleText(r, cidr),
                ports: covered.map(name),
                ...(n.id ? { networkInterfaceId: n.id, publicIp: n.publicIps.join(', ') } : {}),
              });
            else if (!running) whenStarted.push(`security group ${groupId} (${g.groupName}) allows ${ruleText(r, cidr)} (${portText})`);
          } else if ((reach === 'broad' || reach === 'invalid') && (publicV4 || !running))
            undecided.push(
              `${groupId}${where} ${ruleText(r, cidr)} (${reach === 'broad' ? 'a broad public range (/9 to /16): check who can reach through it' : 'a range this check cannot read'})`,
            );
        }
        if (hasV6)
          for (const cidr of r.ipv6Ranges) {
            const reach = cidrReach(cidr, true);
            if (reach === 'internet')
              undecided.push(`${groupId}${where} ${ruleText(r, cidr)} (IPv6 reachability depends on the subnet routes, not read)`);
            else if (reach === 'broad' || reach === 'invalid')
              undecided.push(
                `${groupId}${where} ${ruleText(r, cidr)} (${reach === 'broad' ? 'a broad public IPv6 range (/17 to /32): check who can reach through it; IPv6 reachability depends on the subnet routes, not read' : 'a range this check cannot read'})`,
              );
          }
        for (const pl of r.prefixListIds)
          undecided.push(`${groupId}${where} ${ruleText(r, pl)} (prefix list not resolved: check whether it contains public ranges)`);
      }
    }
  }
  const evidence = {
    state: c.state,
    publicIpAddresses: c.publicIpAddresses,
    ipv6Addresses: c.ipv6Addresses,
    ...(c.networkInterfaces ? { networkInterfaces: c.networkInterfaces } : {}),
  };
  if (open.length > 0) {
    const ports = [...new Set(open.flatMap((o) => o.ports))];
    return fail(
      `${label} has public IP ${[...new Set(open.map((o) => o.publicIp ?? c.publicIpAddresses.join(', ')))].join(', ')} and ${open.map((o) => `security group ${o.groupId} (${o.groupName})${o.networkInterfaceId ? ` of ${o.networkInterfaceId}` : ''} allows ${o.rule}`).join('; ')}, exposing ${what} ${ports.join(', ')} to the internet.`,
      { ...evidence, exposures: open },
    );
  }
  for (const id of notVisible) undecided.push(`security group ${id} was ${NOT_VISIBLE}`);
  if (whenStarted.length > 0)
    return manual(
      `${label} is exposed when started: it is ${c.state || 'not running'} and has no public address now, but ${whenStarted.join('; ')}; it gets a public IP when it starts if its subnet auto-assigns one (not read) or an Elastic IP is associated${undecided.length ? `; also ${undecided.join('; ')}` : ''}.`,
      { ...evidence, whenStarted, ...(undecided.length ? { undecided } : {}) },
    );
  if (undecided.length > 0)
    return manual(
      `${label} ${addressed.length ? 'has a public address' : `is ${c.state || 'not running'} (a public IP may be assigned when it starts)`} and ${what} may be reachable: ${undecided.join('; ')}.`,
      { ...evidence, undecided, ...(notVisible.size ? { notVisibleSecurityGroupIds: [...notVisible] } : {}) },
    );
  if (!addressed.length)
    return pass(
      `${label} is ${c.state} and has no public address, and no security group rule admits ${what} (${list.join(', ')}) from a public IPv4 range of /16 or wider.`,
      evidence,
    );
  return pass(
    `${label} has a public address, but no security group rule admits ${what} (${list.join(', ')}) from ${INTERNET_RANGES}, nor from a broad public range.`,
    evidence,
  );
}
