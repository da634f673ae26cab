/**
 * Provenance: what each source of a WorkloadProfile cannot observe.
 *
 * A rule that concludes "unused" from an absence may deny or patch only when the source could
 * have seen the thing it says is absent. Rules name the facts their conclusion rests on in their
 * METADATA (`custom.reliesOn`, copied into every violation); a fact in the source's blind spots
 * makes the finding warn only (src/profile/evidence-gaps.ts). docs/runtime-decisions.md has the
 * table.
 */
import { z } from 'zod';
import { ContainerField, type ProfileSourceType } from './workload-profile.js';

/**
 * What a rule's conclusion can rest on: a bounded ContainerProfile list, the other observed
 * fields, and facts no single field states (a CI host has no service-account token to read).
 */
export const EvidenceFact = z.enum([
  ...ContainerField.options,
  'privilegeTransitions',
  'hostNamespaces',
  /** Reads of the mounted service-account token (/var/run/secrets/kubernetes.io/serviceaccount). */
  'serviceAccountTokenReads',
  /** Connections to Services and pods of the cluster. */
  'inClusterPeers',
]);
export type EvidenceFact = z.infer<typeof EvidenceFact>;

export interface BlindSpot {
  fact: EvidenceFact;
  /** Completes "… cannot observe …" for the message, e.g. "service-account token reads". */
  what: string;
}

const SOURCE_NAMES: Record<ProfileSourceType, string> = {
  agent: 'the node agent',
  recording: 'a recording outside the cluster (profilegate profile)',
  kubescape: 'a Kubescape import',
};

/** The eBPF recorder (agent and `profilegate profile`) does not record host namespace use. */
const RECORDER_HOST_NAMESPACES: BlindSpot = {
  fact: 'hostNamespaces',
  what: 'host namespace use (the recorder does not record it)',
};

/**
 * Per source, what it cannot observe. The node agent watches the workload's own pods on its
 * nodes; a recording runs the program on one host, outside any pod.
 */
export const BLIND_SPOTS: Record<ProfileSourceType, readonly BlindSpot[]> = {
  agent: [RECORDER_HOST_NAMESPACES],
  recording: [
    RECORDER_HOST_NAMESPACES,
    // A CI host mounts no token and runs no cluster: their absence proves nothing.
    { fact: 'serviceAccountTokenReads', what: 'service-account token reads (no token is mounted)' },
    { fact: 'inClusterPeers', what: 'connections to in-cluster peers' },
  ],
  kubescape: [
    { fact: 'uids', what: 'user ids' },
    { fact: 'gids', what: 'group ids' },
    { fact: 'privilegeTransitions', what: 'setuid/setgid transitions' },
    { fact: 'listeningPorts', what: 'non-HTTP listeners' },
    { fact: 'hostNamespaces', what: 'host namespace use' },
    { fact: 'preexistingWriteDirs', what: 'which write directories existed before the run' },
    { fact: 'preexistingUse', what: 'use of content that existed before the run' },
  ],
};

export function sourceName(type: ProfileSourceType): string {
  return SOURCE_NAMES[type];
}

/** The blind spots of `type` among `facts`, as message fragments. */
export function blindSpotsAmong(type: ProfileSourceType, facts: readonly EvidenceFact[]): string[] {
  return BLIND_SPOTS[type]
    .filter((b) => facts.includes(b.fact))
    .map((b) => `${SOURCE_NAMES[type]} cannot observe ${b.what}`);
}
