/**
 * Generated WorkloadProfiles for the workloads the review generator names, so the fuzz suite
 * reaches the runtime rules and the patch verifier too: complete and learning profiles, agent and
 * recording sources, random capabilities, uids, write paths, ports and host namespaces used. The
 * observation window ends `now`, so the webhook and `profilegate eval` see the same fresh profile.
 */
import fc from 'fast-check';
import {
  PROFILE_API_VERSION,
  PROFILE_KIND,
  profileName,
  type WorkloadKind,
  type WorkloadProfile,
} from '../../src/profile/workload-profile.js';
import { CAPABILITIES, PROFILED_IMAGE_DIGEST, WORKLOAD_KINDS } from './admission-review-arbitrary.js';

/** Who gets a profile: "db" never has one (static rules only). */
export const PROFILED_NAMES = ['web', 'worker-1'];
export const NAMESPACES = ['shop', 'default', 'payments'];

const SYSCALLS = [
  'read',
  'write',
  'openat',
  'close',
  'mmap',
  'execve',
  'bind',
  'listen',
  'accept4',
  'socket',
  'chown',
  'setuid',
  'setgid',
  'exit_group',
];

const containerProfile = (name: string) =>
  fc.record({
    name: fc.constant(name),
    imageDigest: fc.constant(PROFILED_IMAGE_DIGEST),
    capabilities: fc.subarray<string>(
      CAPABILITIES.filter((c) => c !== 'NOT_A_CAPABILITY'),
      { maxLength: 3 },
    ),
    syscalls: fc.subarray(SYSCALLS, { minLength: 3 }),
    executables: fc.constant<string[]>(['/usr/sbin/app']),
    writePaths: fc.subarray(['/tmp', '/var/cache/app', '/run', '/data'], { maxLength: 2 }),
    readPaths: fc.constant<string[]>([]),
    listeningPorts: fc.array(
      fc.record({
        port: fc.integer({ min: 1, max: 65_535 }),
        protocol: fc.constantFrom('TCP' as const, 'UDP' as const),
      }),
      { maxLength: 2 },
    ),
    outboundPeers: fc.constant<WorkloadProfile['spec']['containers'][number]['outboundPeers']>([]),
    uids: fc.constantFrom<number[]>([0], [1000], [0, 101]),
    gids: fc.constant<number[]>([0]),
    privilegeTransitions: fc.boolean(),
    hostNamespaces: fc.subarray(['network' as const, 'pid' as const, 'ipc' as const], { maxLength: 1 }),
  });

function profileArbitrary(
  namespace: string,
  kind: WorkloadKind,
  name: string,
  now: Date,
): fc.Arbitrary<WorkloadProfile> {
  const hours = (h: number) => new Date(now.getTime() - h * 3_600_000).toISOString();
  return fc
    .record({
      containers: fc.tuple(containerProfile('c0'), containerProfile('c1'), containerProfile('i0')),
      phase: fc.constantFrom('complete' as const, 'complete' as const, 'learning' as const),
      source: fc.constantFrom('agent' as const, 'recording' as const),
    })
    .map(({ containers, phase, source }) => ({
      apiVersion: PROFILE_API_VERSION,
      kind: PROFILE_KIND,
      metadata: { name: profileName(kind, name), namespace },
      spec: {
        workload: { kind, name },
        source: source === 'recording' ? { type: source, exitCode: 0 } : { type: source },
        containers: containers.map((c) => ({ ...c, preexistingWriteDirs: [], preexistingUse: [] })),
        observation: {
          firstSeen: hours(48),
          lastSeen: hours(0),
          podsObserved: 3,
          nodesObserved: ['node-a'],
          eventsLost: 0,
        },
      },
      status: { phase, reason: 'generated for the fuzz suite' },
    }));
}

/** One profile per profiled workload (namespace × kind × name), drawn from `seed`. */
export function sampleProfiles(seed: number, now: Date): WorkloadProfile[] {
  const targets = NAMESPACES.flatMap((ns) =>
    WORKLOAD_KINDS.flatMap((kind) => PROFILED_NAMES.map((name) => [ns, kind as WorkloadKind, name] as const)),
  );
  return targets.flatMap(([ns, kind, name], i) =>
    fc.sample(profileArbitrary(ns, kind, name, now), { seed: seed + i, numRuns: 1 }),
  );
}
