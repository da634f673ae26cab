/** Shared set-up for the profiler's integration tests: one recorder, fresh cgroups per program. */
import { execFileSync } from 'node:child_process';
import {
  RecordingSession,
  type StandaloneOptions,
  type StandaloneResult,
} from '../../../bpf-profiler/agent/standalone.js';
import { PROFILER_DIR } from '../../../bpf-profiler/agent/recorder-build.js';
import type { ContainerProfile } from '../../../src/profile/workload-profile.js';

/** Debian's interpreter, not a version-manager shim whose wrappers would show in the profile. */
export const PYTHON = '/usr/bin/python3';

export function buildRecorder(): void {
  execFileSync('make', ['-s', '-C', PROFILER_DIR], { stdio: 'inherit' });
}

export async function recordIn(
  session: RecordingSession,
  command: string,
  args: string[],
  stdio: StandaloneOptions['stdio'] = 'ignore',
): Promise<StandaloneResult & { container: ContainerProfile }> {
  const result = await session.record({
    command,
    args,
    kind: 'Deployment',
    name: 'test',
    container: 'app',
    stdio,
  });
  const container = result.profile.spec.containers[0];
  if (container === undefined) throw new Error('profile without a container');
  return { ...result, container };
}
