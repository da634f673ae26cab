/**
 * Outbound peers merged so a client of many addresses stays a small profile: per protocol and
 * port, when more than `maxPerPort` networks remain, addresses are widened to a shorter common
 * prefix (IPv4 by 8 bits, IPv6 by 16) until they fit; a wider CIDR absorbs the narrower ones it
 * contains. Only ever widens: every observed peer stays covered. node:net has no prefix
 * arithmetic, and this is the only place that needs it, hence the few lines below.
 */
import { isIPv4, isIPv6 } from 'node:net';
import type { OutboundPeer } from '../../src/profile/workload-profile.js';

export const MAX_NETWORKS_PER_PORT = 4;

interface Network {
  family: 4 | 6;
  bits: bigint;
  prefix: number;
}

function v4Bits(addr: string): bigint {
  return addr.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
}

function v6Bits(addr: string): bigint {
  const [head = '', tail] = addr.split('::');
  const groups = (s: string): string[] => (s === '' ? [] : s.split(':'));
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const fill = Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...fill, ...right].reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}

export function parseCidr(cidr: string): Network | undefined {
  const [addr = '', len] = cidr.split('/');
  const family = isIPv4(addr) ? 4 : isIPv6(addr) && !addr.includes('.') ? 6 : undefined;
  if (family === undefined) return undefined;
  const width = family === 4 ? 32 : 128;
  const prefix = len === undefined ? width : Number(len);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > width) return undefined;
  const bits = family === 4 ? v4Bits(addr) : v6Bits(addr);
  return { family, bits: mask(bits, prefix, width), prefix };
}

function mask(bits: bigint, prefix: number, width: number): bigint {
  const host = BigInt(width - prefix);
  return (bits >> host) << host;
}

function format(n: Network): string {
  if (n.family === 4) {
    const octets = [24n, 16n, 8n, 0n].map((s) => String((n.bits >> s) & 255n));
    return `${octets.join('.')}/${n.prefix}`;
  }
  const groups = Array.from({ length: 8 }, (_, i) =>
    ((n.bits >> BigInt(112 - 16 * i)) & 0xffffn).toString(16),
  );
  // The WHATWG URL serialiser writes the canonical compressed form (RFC 5952).
  const text = new URL(`http://[${groups.join(':')}]`).hostname.slice(1, -1);
  return `${text}/${n.prefix}`;
}

function contains(wide: Network, narrow: Network): boolean {
  const width = wide.family === 4 ? 32 : 128;
  return (
    wide.family === narrow.family &&
    wide.prefix <= narrow.prefix &&
    mask(narrow.bits, wide.prefix, width) === wide.bits
  );
}

/** Drops networks covered by another one of the list. */
function absorb(networks: Network[]): Network[] {
  const sorted = [...networks].sort((a, b) => a.prefix - b.prefix);
  const kept: Network[] = [];
  for (const n of sorted) if (!kept.some((k) => contains(k, n))) kept.push(n);
  return kept;
}

function widen(networks: Network[], maxPerPort: number): Network[] {
  let current = absorb(networks);
  while (current.length > maxPerPort) {
    const narrowest = Math.max(...current.map((n) => n.prefix));
    if (narrowest === 0) break;
    current = absorb(
      current.map((n) => {
        if (n.prefix !== narrowest) return n;
        const width = n.family === 4 ? 32 : 128;
        const prefix = Math.max(0, n.prefix - (n.family === 4 ? 8 : 16));
        return { ...n, prefix, bits: mask(n.bits, prefix, width) };
      }),
    );
  }
  return current;
}

export function aggregatePeers(
  peers: readonly OutboundPeer[],
  maxPerPort = MAX_NETWORKS_PER_PORT,
): OutboundPeer[] {
  const groups = new Map<string, { peer: OutboundPeer; networks: Network[]; unparsed: string[] }>();
  for (const peer of peers) {
    const key = `${peer.protocol}/${peer.port}`;
    const group = groups.get(key) ?? { peer, networks: [], unparsed: [] };
    const network = parseCidr(peer.cidr);
    if (network === undefined) group.unparsed.push(peer.cidr);
    else group.networks.push(network);
    groups.set(key, group);
  }
  const out: OutboundPeer[] = [];
  for (const { peer, networks, unparsed } of groups.values()) {
    // Each family is widened on its own: an IPv4 peer never becomes ::/0.
    for (const family of [4, 6] as const) {
      const own = networks.filter((n) => n.family === family);
      for (const n of widen(own, maxPerPort)) out.push({ ...peer, cidr: format(n) });
    }
    for (const cidr of new Set(unparsed)) out.push({ ...peer, cidr });
  }
  return out.sort(
    (a, b) => a.cidr.localeCompare(b.cidr) || a.port - b.port || a.protocol.localeCompare(b.protocol),
  );
}
