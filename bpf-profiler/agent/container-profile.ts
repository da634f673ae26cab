/** A ContainerObservations as the ContainerProfile of the WorkloadProfile contract: sorted, deduplicated, collapsed. */
import type { ContainerProfile, ListeningPort, OutboundPeer } from '../../src/profile/workload-profile.js';
import type { ContainerObservations, PeerKey } from './container-observations.js';
import { readPathsOf, writePathsOf } from './path-collapse.js';
import { boundContainer } from './profile-bounds.js';
import type { PreexistingFields } from './preexisting-evidence.js';

const byNumber = (a: number, b: number): number => a - b;

/**
 * `preexisting` supplies what an emptyDir needs for the final write paths; a producer that
 * cannot examine the container's files leaves both fields empty, so no emptyDir is proposed.
 */
export function toContainerProfile(
  name: string,
  obs: ContainerObservations,
  imageDigest?: string,
  preexisting?: (writePaths: readonly string[]) => PreexistingFields,
): ContainerProfile {
  const bounded = boundContainer({
    name,
    ...(imageDigest === undefined ? {} : { imageDigest }),
    capabilities: [...obs.capabilities].sort(),
    syscalls: [...obs.syscalls].sort(),
    executables: [...obs.executables].sort(),
    writePaths: writePathsOf(obs.writeDirs),
    readPaths: readPathsOf(obs.readDirs),
    preexistingWriteDirs: [],
    preexistingUse: [],
    listeningPorts: listeningPorts(obs.listening),
    outboundPeers: outboundPeers(obs.peers),
    uids: [...obs.uids].sort(byNumber),
    gids: [...obs.gids].sort(byNumber),
    privilegeTransitions: obs.privilegeTransitions,
    hostNamespaces: [],
  });
  return preexisting === undefined
    ? bounded
    : boundContainer({ ...bounded, ...preexisting(bounded.writePaths) });
}

function listeningPorts(entries: Set<string>): ListeningPort[] {
  return [...entries]
    .map((e) => {
      const [protocol, port] = e.split('/');
      return { port: Number(port), protocol: protocol as ListeningPort['protocol'] };
    })
    .sort((a, b) => a.port - b.port || a.protocol.localeCompare(b.protocol));
}

/** IPv4-mapped IPv6 peers (::ffff:a.b.c.d) are the IPv4 peer they map. */
function peerCidr(p: PeerKey): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(p.addr);
  if (mapped?.[1] !== undefined) return `${mapped[1]}/32`;
  return `${p.addr}/${p.family === 4 ? 32 : 128}`;
}

function outboundPeers(entries: Set<string>): OutboundPeer[] {
  const unique = new Map<string, OutboundPeer>();
  for (const e of entries) {
    const p = JSON.parse(e) as PeerKey;
    const peer: OutboundPeer = { cidr: peerCidr(p), port: p.port, protocol: p.protocol };
    unique.set(`${peer.protocol} ${peer.cidr} ${peer.port}`, peer);
  }
  return [...unique.values()].sort(
    (a, b) => a.cidr.localeCompare(b.cidr) || a.port - b.port || a.protocol.localeCompare(b.protocol),
  );
}
