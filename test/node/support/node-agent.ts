/**
 * The profiler agent on the node as the DaemonSet runs it: the compiled agent with the
 * DaemonSet's command line, authenticated as its ServiceAccount (manifests/profiler/rbac.yaml),
 * reading the node's real cgroups, which runc creates for containerd's containers. The learning
 * window is seconds instead of a day, so a test can wait for a complete profile.
 */
import { join } from 'node:path';
import { ensureRecorderBuilt } from '../../../bpf-profiler/agent/recorder-build.js';
import {
  buildAgent,
  installProfilerRbac,
  startAgent,
  type RunningAgent,
} from '../../e2e/support/profiler-agent.js';
import { NODE_NAME, hostHasCgroupV2 } from './kubelet.js';
import type { NodeEnvironment } from './node-environment.js';

/** A profile is complete after this long and two pods. */
export const LEARNING_WINDOW_MS = 20_000;

export async function startNodeAgent(env: NodeEnvironment): Promise<RunningAgent> {
  await ensureRecorderBuilt();
  await buildAgent();
  const kubeconfig = await installProfilerRbac(env);
  return startAgent({
    kubeconfig,
    node: NODE_NAME,
    // The unified hierarchy: all of /sys/fs/cgroup on a v2 host, its `unified` mount on a hybrid one.
    cgroupRoot: hostHasCgroupV2() ? '/sys/fs/cgroup' : '/sys/fs/cgroup/unified',
    logFile: join(env.dir, 'profiler-agent.log'),
    writeMs: 2000,
    minDurationMs: LEARNING_WINDOW_MS,
    minPods: 2,
  });
}
