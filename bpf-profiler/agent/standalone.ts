/**
 * Standalone recording: run one command in a fresh cgroup under the recorder and turn what it
 * did into a WorkloadProfile (profile in CI, enforce at deploy).
 */
import { spawn } from 'node:child_process';
import { hostname } from 'node:os';
import type { WorkloadKind, WorkloadProfile } from '../../src/profile/workload-profile.js';
import { buildWorkloadProfile } from './build-profile.js';
import { createCgroup, findCgroup2Mount, removeCgroup } from './cgroup-v2.js';
import { ContainerObservations } from './container-observations.js';
import { toContainerProfile } from './container-profile.js';
import { CGEXEC_BIN, ensureRecorderBuilt } from './recorder-build.js';
import { RecorderProcess } from './recorder-process.js';

export interface StandaloneOptions {
  command: string;
  args: string[];
  kind: WorkloadKind;
  name: string;
  namespace?: string;
  container: string;
  /** Where the child's stdio goes; the CLI inherits, tests capture. */
  stdio?: 'inherit' | 'ignore' | 'pipe';
}

export interface StandaloneResult {
  profile: WorkloadProfile;
  exitCode: number;
  /** What the recorder could observe here (which capability hook, how many path syscalls). */
  recorder: RecorderProcess['ready'];
}

export async function recordCommand(options: StandaloneOptions): Promise<StandaloneResult> {
  await ensureRecorderBuilt();
  const observations = new ContainerObservations();
  let cgroupId = '';
  const recorder = await RecorderProcess.start({
    onObservation: (o) => {
      if (o.key === cgroupId) observations.apply(o);
    },
  });
  const parent = await findCgroup2Mount();
  const cgroup = await createCgroup(parent, `profilegate-${process.pid}-${Date.now()}`);
  cgroupId = cgroup.id;
  const firstSeen = new Date();
  let exitCode: number;
  try {
    await recorder.track(cgroup.id);
    exitCode = await runIn(cgroup.path, options);
    // Processes the command left running are part of it until the cgroup is emptied.
    await removeCgroup(cgroup);
  } finally {
    await removeCgroup(cgroup).catch(() => undefined);
  }
  const lost = await recorder.flush();
  await recorder.untrack(cgroup.id);
  await recorder.stop();
  const lastSeen = new Date();

  const seconds = Math.max(1, Math.round((lastSeen.getTime() - firstSeen.getTime()) / 1000));
  const profile = buildWorkloadProfile({
    kind: options.kind,
    name: options.name,
    ...(options.namespace === undefined ? {} : { namespace: options.namespace }),
    containers: [toContainerProfile(options.container, observations)],
    firstSeen,
    lastSeen,
    podsObserved: 0,
    nodesObserved: [hostname()],
    eventsLost: lost.total,
    // A standalone run is the whole life of the program: complete unless something was lost.
    phase: lost.total === 0 ? 'complete' : 'learning',
    reason: `recorded \`${[options.command, ...options.args].join(' ').slice(0, 120)}\` for ${seconds}s in a fresh cgroup, ${lost.total} events lost`,
  });
  return { profile, exitCode, recorder: recorder.ready };
}

function runIn(cgroupPath: string, options: StandaloneOptions): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(CGEXEC_BIN, [cgroupPath, options.command, ...options.args], {
      stdio: options.stdio ?? 'inherit',
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      resolve(code ?? (signal === null ? 1 : 128));
    });
  });
}
