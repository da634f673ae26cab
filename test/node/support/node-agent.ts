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
import { NODE_NAME } from './kubelet.js';
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
    // As the DaemonSet sets it (its hostPath mount of /sys/fs/cgroup): the agent finds the
    // unified hierarchy below it on a hybrid host.
    cgroupRoot: '/sys/fs/cgroup',
    logFile: join(env.dir, 'profiler-agent.log'),
    writeMs: 2000,
    minDurationMs: LEARNING_WINDOW_MS,
    minPods: 2,
  });
}
