/**
 * How far a security group rule's source range reaches into the internet.
 *
 * - `internet`: the whole internet or a large share of it: an IPv4 range of /8 or wider (16.7 million addresses or
 *   more, e.g. `0.0.0.0/0`, `0.0.0.0/1` + `128.0.0.0/1`, `1.0.0.0/8`), an IPv6 range of /16 or wider (`::/0`,
 *   `2000::/3`), that is not wholly inside a non-internet range;
 * - `broad`: a public IPv4 range /9 to /16 (65,536 addresses or more), a public IPv6 range /17 to /32: no single
 *   organisation's network as a rule, so who can reach through it is for a person to judge;
 * - `narrow`: a public IPv4 range /17 to /32 or IPv6 /33 to /128 (an office, a VPN egress, a partner);
 * - `private`: wholly inside a range the internet does not route to the instance (IPv4 RFC 1918 10/8, 172.16/12,
 *   192.168/16, RFC 6598 100.64/10, loopback 127/8, link-local 169.254/16, 0/8, multicast 224/4, reserved 240/4;
 *   IPv6 unique local fc00::/7, link-local fe80::/10, loopback ::1, multicast ff00::/8);
 * - `invalid`: not a CIDR this parser reads (judged as unknown by the callers).
 */
export type CidrReach = 'internet' | 'broad' | 'narrow' | 'private' | 'invalid';

interface Net {
  bits: bigint;
  prefix: number;
}

function parseV4(ip: string): bigint | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4) return undefined;
  let v = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    v = (v << 8n) | BigInt(Number(p));
  }
  return v;
}

function parseV6(ip: string): bigint | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(ip)) return undefined;
  const halves = ip.split('::');
  if (halves.length > 2) return undefined;
  const groups = (s: string): number[] | undefined => {
    if (s === '') return [];
    const out: number[] = [];
    const items = s.split(':');
    for (const [i, g] of items.entries()) {
      if (i === items.length - 1 && g.includes('.')) {
        const v4 = parseV4(g);
        if (v4 === undefined) return undefined;
        out.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      } else if (/^[0-9a-fA-F]{1,4}$/.test(g)) out.push(Number.parseInt(g, 16));
      else return undefined;
    }
    return out;
  };
  const head = groups(halves[0] as string);
  const tail = halves.length === 2 ? groups(halves[1] as string) : [];
  if (!head || !tail) return undefined;
  const fill = 8 - head.length - tail.length;
  if (halves.length === 2 ? fill < 1 : fill !== 0) return undefined;
  let v = 0n;
  for (const g of [...head, ...new Array<number>(fill).fill(0), ...tail]) v = (v << 16n) | BigInt(g);
  return v;
}

function parse(cidr: string, v6: boolean): Net | undefined {
  const [ip, len, ...rest] = cidr.trim().split('/');
  if (rest.length || ip === undefined || len === undefined || !/^\d{1,3}$/.test(len)) return undefined;
  const prefix = Number(len);
  const width = v6 ? 128 : 32;
  const bits = v6 ? parseV6(ip) : parseV4(ip);
  if (bits === undefined || prefix > width) return undefined;
  return { bits, prefix };
}

const V4_PRIVATE = [
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '224.0.0.0/4',
  '240.0.0.0/4',
].map((c) => parse(c, false) as Net);
const V6_PRIVATE = ['fc00::/7', 'fe80::/10', '::1/128', 'ff00::/8'].map((c) => parse(c, true) as Net);
/**
 * IPv6 ranges that embed the IPv4 space (IPv4-mapped, NAT64, the deprecated IPv4-compatible block): a /96 there is the
 * whole IPv4 internet, so their reach is not judged by the IPv6 prefix length (MANUAL, `invalid`).
 */
const V6_EMBEDS_V4 = ['::ffff:0:0/96', '64:ff9b::/96', '::/96'].map((c) => parse(c, true) as Net);

/** Whether `inner` lies wholly inside `outer`. */
function within(inner: Net, outer: Net, width: number): boolean {
  if (inner.prefix < outer.prefix) return false;
  const shift = BigInt(width - outer.prefix);
  return inner.bits >> shift === outer.bits >> shift;
}

/** The reach of an IPv4 (`v6` false) or IPv6 (`v6` true) source range of a security group rule. */
export function cidrReach(cidr: string, v6: boolean): CidrReach {
  const net = parse(cidr, v6);
  if (!net) return 'invalid';
  const width = v6 ? 128 : 32;
  if ((v6 ? V6_PRIVATE : V4_PRIVATE).some((p) => within(net, p, width))) return 'private';
  if (v6 && V6_EMBEDS_V4.some((p) => within(net, p, width))) return 'invalid';
  const [internet, broad] = v6 ? [16, 32] : [8, 16];
  if (net.prefix <= internet) return 'internet';
  return net.prefix <= broad ? 'broad' : 'narrow';
}

/** The rule of `cidrReach` in one sentence, for check descriptions and reasons. */
export const INTERNET_RANGES =
  '0.0.0.0/0 or any other public IPv4 range of /8 or wider (e.g. 0.0.0.0/1 + 128.0.0.0/1), ::/0 or any public IPv6 range of /16 or wider';
