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

/**
 * Bounds of every list, so a profile stays small (typically a few KB) and the CRD can say so.
 * Producers (the agent, `profilegate profile`, the Kubescape importer) merge, collapse or
 * aggregate to fit; what still does not fit is cut and the field is listed in the container's
 * `incomplete`, so the rules that rely on it only warn (src/profile/evidence-gaps.ts).
 */
export const PROFILE_LIMITS = {
  containers: 128,
  capabilities: 64,
  syscalls: 600,
  executables: 64,
  writePaths: 64,
  readPaths: 64,
  preexistingWriteDirs: 64,
  preexistingUse: 64,
  listeningPorts: 64,
  outboundPeers: 64,
  uids: 32,
  gids: 32,
  nodesObserved: 128,
  pathLength: 4096,
} as const;

/** Linux capability name as Kubernetes spells it: no CAP_ prefix, upper case. */
export const CapabilityName = z
  .string()
  .regex(/^[A-Z][A-Z0-9_]*$/, 'a capability name such as NET_BIND_SERVICE (no CAP_ prefix)');

/** Syscall name as seccomp profiles spell it (x86_64 or arm64 table name). */
export const SyscallName = z.string().regex(/^[a-z0-9_]+$/, 'a syscall name such as openat');

export const AbsolutePath = z.string().max(PROFILE_LIMITS.pathLength).regex(/^\//, 'an absolute path');

export const Protocol = z.enum(['TCP', 'UDP', 'SCTP']);

export const ListeningPort = z.strictObject({
  port: z.int().min(1).max(65535),
  protocol: Protocol,
});

export const OutboundPeer = z.strictObject({
  /** IPv4 or IPv6 CIDR; a single address is written as /32 or /128. */
  cidr: z.string().min(3).max(64),
  port: z.int().min(0).max(65535),
  protocol: Protocol,
});

/** Host namespaces a container was seen to rely on (e.g. reading other pods' /proc). */
export const HostNamespace = z.enum(['network', 'pid', 'ipc']);

/** The bounded list fields of a ContainerProfile: what `incomplete` may name. */
export const ContainerField = z.enum([
  'capabilities',
  'syscalls',
  'executables',
  'writePaths',
  'readPaths',
  'preexistingWriteDirs',
  'preexistingUse',
  'listeningPorts',
  'outboundPeers',
  'uids',
  'gids',
]);

/**
 * A write directory as it was before the recording began: what an emptyDir mounted there
 * replaces (an emptyDir is owned by uid 0, gid 0 or fsGroup, mode 0777 or 2777).
 */
export const PreexistingDirectory = z.strictObject({
  path: AbsolutePath,
  uid: z.int().min(0),
  gid: z.int().min(0),
  /** Permission bits with setuid/setgid/sticky, four octal digits: `0755`, `1777`. */
  mode: z.string().regex(/^[0-7]{4}$/, 'four octal digits such as 0755'),
});

const list = <T extends z.ZodType>(item: T, max: number) => z.array(item).max(max).default([]);

export const ContainerProfile = z.strictObject({
  name: z.string().min(1).max(253),
  /** Digest of the image the observations were made with; a different digest makes the profile stale. */
  imageDigest: z.string().max(128).optional(),
  /** Capabilities the kernel granted on checks the process needed (see docs/workload-profile.md). */
  capabilities: list(CapabilityName, PROFILE_LIMITS.capabilities),
  syscalls: list(SyscallName, PROFILE_LIMITS.syscalls),
  /** Absolute paths of programs executed. */
  executables: list(AbsolutePath, PROFILE_LIMITS.executables),
  /** Directories written to (files created, opened for writing, renamed, removed). */
  writePaths: list(AbsolutePath, PROFILE_LIMITS.writePaths),
  /** Directories read from outside the image's usual system trees; used for mount-use evidence. */
  readPaths: list(AbsolutePath, PROFILE_LIMITS.readPaths),
  /**
   * The writePaths that existed before the recording began, with their owner and mode then.
   * An emptyDir may replace only a directory listed here (docs/runtime-decisions.md).
   */
  preexistingWriteDirs: list(PreexistingDirectory, PROFILE_LIMITS.preexistingWriteDirs),
  /**
   * Directories at or below a write path that hold something which existed before the
   * recording began and which the app used (read, executed, modified, or relied on as a
   * directory to write in): an emptyDir mounted at or above one of them would hide it.
   */
  preexistingUse: list(AbsolutePath, PROFILE_LIMITS.preexistingUse),
  listeningPorts: list(ListeningPort, PROFILE_LIMITS.listeningPorts),
  outboundPeers: list(OutboundPeer, PROFILE_LIMITS.outboundPeers),
  uids: list(z.int().min(0), PROFILE_LIMITS.uids),
  gids: list(z.int().min(0), PROFILE_LIMITS.gids),
  /** True when a setuid/setgid-style credential change (or a setuid binary exec) was observed. */
  privilegeTransitions: z.boolean().default(false),
  hostNamespaces: list(HostNamespace, HostNamespace.options.length),
  /**
   * Fields whose observations did not fit their bound: cut, so they cannot prove an absence.
   * Absent when everything fit (producers leave it out then, to keep profiles small).
   */
  incomplete: z.array(ContainerField).max(ContainerField.options.length).optional(),
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
  /** The first nodes that contributed (informational: no rule relies on it). */
  nodesObserved: list(z.string().max(253), PROFILE_LIMITS.nodesObserved),
  /** Kernel events that could not be delivered; anything above 0 means the profile may be incomplete. */
  eventsLost: z.int().min(0).default(0),
});

/** Who produced the observations; each source has blind spots (src/profile/provenance.ts). */
export const ProfileSourceType = z.enum(['agent', 'recording', 'kubescape']);

export const ProfileSource = z.strictObject({
  type: ProfileSourceType,
  /** recording: the exit status of the recorded command (absent when a signal ended it). */
  exitCode: z.int().min(0).max(255).optional(),
  /** recording: the signal that ended the recorded command, e.g. SIGKILL. */
  exitSignal: z
    .string()
    .regex(/^SIG[A-Z0-9]+$/, 'a signal name such as SIGTERM')
    .optional(),
  /** kubescape: namespace/name of the imported ApplicationProfile. */
  importedFrom: z.string().max(320).optional(),
});

export const WorkloadProfileSpec = z.strictObject({
  workload: z.strictObject({
    kind: WorkloadKind,
    name: z.string().min(1).max(253),
  }),
  /** Where the evidence comes from; a profile without it never justifies a deny or a patch. */
  source: ProfileSource.optional(),
  containers: z.array(ContainerProfile).min(1).max(PROFILE_LIMITS.containers),
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
export type PreexistingDirectory = z.infer<typeof PreexistingDirectory>;
export type ListeningPort = z.infer<typeof ListeningPort>;
export type OutboundPeer = z.infer<typeof OutboundPeer>;
export type WorkloadKind = z.infer<typeof WorkloadKind>;
export type ProfilePhase = z.infer<typeof ProfilePhase>;
export type Observation = z.infer<typeof Observation>;
export type ContainerField = z.infer<typeof ContainerField>;
export type ProfileSource = z.infer<typeof ProfileSource>;
export type ProfileSourceType = z.infer<typeof ProfileSourceType>;

/** The conventional object name: lower-case kind and workload name, e.g. `deployment-web`. */
export function profileName(kind: WorkloadKind, name: string): string {
  return `${kind.toLowerCase()}-${name}`;
}
