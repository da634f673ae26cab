/**
 * The WorkloadProfile: what one workload was observed doing at run time.
 *
 * This file is the single source of truth for the format. The CRD schema in
 * manifests/crds/, the files `profilegate profile` writes, the objects the node agent
 * applies and the `input.profile` document policies read are all this shape
 * (docs/workload-profile.md explains each field).
 */
import { z } from 'zod';

export const PROFILE_API_GROUP = 'profilegate.dev';
export const PROFILE_API_VERSION = `${PROFILE_API_GROUP}/v1alpha1`;
export const PROFILE_KIND = 'WorkloadProfile';

/** Linux capability name as Kubernetes spells it: no CAP_ prefix, upper case. */
export const CapabilityName = z
  .string()
  .regex(/^[A-Z][A-Z0-9_]*$/, 'a capability name such as NET_BIND_SERVICE (no CAP_ prefix)');

/** Syscall name as seccomp profiles spell it (x86_64 or arm64 table name). */
export const SyscallName = z.string().regex(/^[a-z0-9_]+$/, 'a syscall name such as openat');

export const AbsolutePath = z.string().regex(/^\//, 'an absolute path');

export const Protocol = z.enum(['TCP', 'UDP', 'SCTP']);

export const ListeningPort = z.strictObject({
  port: z.int().min(1).max(65535),
  protocol: Protocol,
});

export const OutboundPeer = z.strictObject({
  /** IPv4 or IPv6 CIDR; a single address is written as /32 or /128. */
  cidr: z.string().min(3),
  port: z.int().min(0).max(65535),
  protocol: Protocol,
});

/** Host namespaces a container was seen to rely on (e.g. reading other pods' /proc). */
export const HostNamespace = z.enum(['network', 'pid', 'ipc']);

export const ContainerProfile = z.strictObject({
  name: z.string().min(1),
  /** Digest of the image the observations were made with; a different digest makes the profile stale. */
  imageDigest: z.string().optional(),
  /** Capabilities the kernel granted on checks the process needed (see docs/workload-profile.md). */
  capabilities: z.array(CapabilityName).default([]),
  syscalls: z.array(SyscallName).default([]),
  /** Absolute paths of programs executed. */
  executables: z.array(AbsolutePath).default([]),
  /** Directories written to (files created, opened for writing, renamed, removed). */
  writePaths: z.array(AbsolutePath).default([]),
  /** Directories read from outside the image's usual system trees; used for mount-use evidence. */
  readPaths: z.array(AbsolutePath).default([]),
  listeningPorts: z.array(ListeningPort).default([]),
  outboundPeers: z.array(OutboundPeer).default([]),
  uids: z.array(z.int().min(0)).default([]),
  gids: z.array(z.int().min(0)).default([]),
  /** True when a setuid/setgid-style credential change (or a setuid binary exec) was observed. */
  privilegeTransitions: z.boolean().default(false),
  hostNamespaces: z.array(HostNamespace).default([]),
});

export const WorkloadKind = z.enum([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'ReplicationController',
  'Job',
  'CronJob',
  'Pod',
]);

export const ProfilePhase = z.enum(['learning', 'complete']);

export const Observation = z.strictObject({
  firstSeen: z.iso.datetime({ offset: true }),
  lastSeen: z.iso.datetime({ offset: true }),
  podsObserved: z.int().min(0).default(0),
  nodesObserved: z.array(z.string()).default([]),
  /** Kernel events that could not be delivered; anything above 0 means the profile may be incomplete. */
  eventsLost: z.int().min(0).default(0),
});

export const WorkloadProfileSpec = z.strictObject({
  workload: z.strictObject({
    kind: WorkloadKind,
    name: z.string().min(1),
  }),
  containers: z.array(ContainerProfile).min(1),
  observation: Observation,
});

export const WorkloadProfileStatus = z.strictObject({
  phase: ProfilePhase,
  /** Why the phase is what it is, for humans (e.g. "observed 3 pods for 26h, 0 events lost"). */
  reason: z.string().optional(),
});

export const WorkloadProfileSchema = z.object({
  apiVersion: z.literal(PROFILE_API_VERSION),
  kind: z.literal(PROFILE_KIND),
  metadata: z.looseObject({
    name: z.string().min(1),
    namespace: z.string().optional(),
    labels: z.record(z.string(), z.string()).optional(),
    annotations: z.record(z.string(), z.string()).optional(),
  }),
  spec: WorkloadProfileSpec,
  status: WorkloadProfileStatus,
});

export type WorkloadProfile = z.infer<typeof WorkloadProfileSchema>;
export type ContainerProfile = z.infer<typeof ContainerProfile>;
export type ListeningPort = z.infer<typeof ListeningPort>;
export type OutboundPeer = z.infer<typeof OutboundPeer>;
export type WorkloadKind = z.infer<typeof WorkloadKind>;
export type ProfilePhase = z.infer<typeof ProfilePhase>;
export type Observation = z.infer<typeof Observation>;

/** The conventional object name: lower-case kind and workload name, e.g. `deployment-web`. */
export function profileName(kind: WorkloadKind, name: string): string {
  return `${kind.toLowerCase()}-${name}`;
}
