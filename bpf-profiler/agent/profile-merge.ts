/**
 * Merging what one node saw into the stored WorkloadProfile: set union per container, the
 * widest observation window, the sum of lost events. Union is commutative and idempotent,
 * so replicas and nodes may write in any order and retries are harmless.
 */
import type {
  ContainerProfile,
  ListeningPort,
  Observation,
  OutboundPeer,
  PreexistingDirectory,
  WorkloadProfile,
} from '../../src/profile/workload-profile.js';
import { PROFILE_LIMITS } from '../../src/profile/workload-profile.js';
import { collapseDirectories } from './path-collapse.js';
import { boundContainer } from './profile-bounds.js';

function union<T>(a: readonly T[], b: readonly T[], key: (v: T) => string = String): T[] {
  const map = new Map<string, T>();
  for (const v of [...a, ...b]) map.set(key(v), v);
  return [...map.values()];
}

/**
 * A directory recorded with two different owners or modes proves neither: it is left out, so
 * no emptyDir replaces it.
 */
function agreeingDirectories(a: PreexistingDirectory[], b: PreexistingDirectory[]): PreexistingDirectory[] {
  const byPath = new Map<string, PreexistingDirectory | null>();
  for (const d of [...a, ...b]) {
    const seen = byPath.get(d.path);
    const same =
      seen !== undefined && seen !== null && seen.uid === d.uid && seen.gid === d.gid && seen.mode === d.mode;
    byPath.set(d.path, seen === undefined || same ? d : null);
  }
  return [...byPath.values()]
    .filter((d): d is PreexistingDirectory => d !== null)
    .sort((x, y) => x.path.localeCompare(y.path));
}

const portKey = (p: ListeningPort): string => `${p.protocol}/${p.port}`;
const peerKey = (p: OutboundPeer): string => `${p.protocol}/${p.cidr}/${p.port}`;

export function mergeContainers(a: ContainerProfile, b: ContainerProfile): ContainerProfile {
  const imageDigest = b.imageDigest ?? a.imageDigest;
  const incomplete = union(a.incomplete ?? [], b.incomplete ?? []).sort();
  return boundContainer({
    name: a.name,
    ...(imageDigest === undefined ? {} : { imageDigest }),
    capabilities: union(a.capabilities, b.capabilities).sort(),
    syscalls: union(a.syscalls, b.syscalls).sort(),
    executables: union(a.executables, b.executables).sort(),
    writePaths: collapseDirectories(union(a.writePaths, b.writePaths)),
    readPaths: collapseDirectories(union(a.readPaths, b.readPaths)),
    preexistingWriteDirs: agreeingDirectories(a.preexistingWriteDirs, b.preexistingWriteDirs),
    preexistingUse: union(a.preexistingUse, b.preexistingUse).sort(),
    listeningPorts: union(a.listeningPorts, b.listeningPorts, portKey).sort(
      (x, y) => x.port - y.port || x.protocol.localeCompare(y.protocol),
    ),
    outboundPeers: union(a.outboundPeers, b.outboundPeers, peerKey).sort((x, y) =>
      peerKey(x).localeCompare(peerKey(y)),
    ),
    uids: union(a.uids, b.uids).sort((x, y) => x - y),
    gids: union(a.gids, b.gids).sort((x, y) => x - y),
    privilegeTransitions: a.privilegeTransitions || b.privilegeTransitions,
    hostNamespaces: union(a.hostNamespaces, b.hostNamespaces).sort(),
    ...(incomplete.length === 0 ? {} : { incomplete }),
  });
}

/** What one agent contributes about one workload since its last write. */
export interface Contribution {
  containers: ContainerProfile[];
  firstSeen: string;
  lastSeen: string;
  /** Pod uids whose containers contributed (podsObserved counts distinct uids, kept in an annotation). */
  podUids: string[];
  node: string;
  eventsLost: number;
}

export const PODS_ANNOTATION = 'profilegate.dev/observed-pod-uids';
/** Bounded so the annotation stays small; beyond it podsObserved keeps counting up. */
const MAX_TRACKED_UIDS = 64;

export function mergeObservation(o: Observation, c: Contribution, newPods: number): Observation {
  return {
    firstSeen: o.firstSeen < c.firstSeen ? o.firstSeen : c.firstSeen,
    lastSeen: o.lastSeen > c.lastSeen ? o.lastSeen : c.lastSeen,
    podsObserved: o.podsObserved + newPods,
    // Informational only: beyond the bound, later nodes are not named.
    nodesObserved: union(o.nodesObserved, [c.node]).sort().slice(0, PROFILE_LIMITS.nodesObserved),
    eventsLost: o.eventsLost + c.eventsLost,
  };
}

/** The stored profile with the contribution merged in (phase left to the learning window). */
export function mergeContribution(stored: WorkloadProfile, c: Contribution): WorkloadProfile {
  const known = (stored.metadata.annotations?.[PODS_ANNOTATION] ?? '').split(',').filter((u) => u !== '');
  const newPods = c.podUids.filter((u) => !known.includes(u));
  const byName = new Map(stored.spec.containers.map((x) => [x.name, x]));
  for (const container of c.containers) {
    const existing = byName.get(container.name);
    byName.set(container.name, existing ? mergeContainers(existing, container) : container);
  }
  return {
    ...stored,
    metadata: {
      ...stored.metadata,
      annotations: {
        ...stored.metadata.annotations,
        [PODS_ANNOTATION]: [...known, ...newPods].slice(-MAX_TRACKED_UIDS).join(','),
      },
    },
    spec: {
      ...stored.spec,
      // A profile the agent creates says so; one written before sources were recorded gains it.
      source: stored.spec.source ?? { type: 'agent' },
      containers: [...byName.values()].sort((x, y) => x.name.localeCompare(y.name)),
      observation: mergeObservation(stored.spec.observation, c, newPods.length),
    },
  };
}
