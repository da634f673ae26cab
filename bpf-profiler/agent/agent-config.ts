/**
 * The node agent's configuration, parsed once from the environment (main.ts passes process.env
 * in). Every problem is reported with the variable it comes from.
 */
import { z } from 'zod';

export class InvalidAgentConfigError extends Error {
  override readonly name = 'InvalidAgentConfigError';
}

const Ms = z.coerce.number().int().min(1);

const AgentEnv = z.object({
  /** The node this agent runs on (the DaemonSet sets it from spec.nodeName). */
  NODE_NAME: z.string().min(1),
  /** Out-of-cluster access; in a pod the service account is used. */
  KUBECONFIG: z.string().min(1).optional(),
  KUBERNETES_SERVICE_HOST: z.string().min(1).optional(),
  KUBERNETES_SERVICE_PORT: z.string().min(1).optional(),
  /** The unified (v2) hierarchy; found in /proc/self/mountinfo when unset. */
  PROFILEGATE_CGROUP_ROOT: z.string().startsWith('/').optional(),
  PROFILEGATE_RECORDER: z.string().startsWith('/').optional(),
  /** How often the cgroup tree is rescanned for containers that came or went. */
  PROFILEGATE_RESCAN_MS: Ms.default(2000),
  /** How often observations are written into WorkloadProfiles. */
  PROFILEGATE_WRITE_MS: Ms.default(60_000),
  /** Learning window: how long and across how many pods before a profile is complete. */
  PROFILEGATE_MIN_DURATION_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(24 * 3600_000),
  PROFILEGATE_MIN_PODS: z.coerce.number().int().min(1).default(2),
  PROFILEGATE_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
});

export interface AgentConfig {
  node: string;
  kube: { kubeconfig: string } | { host: string; port: string };
  cgroupRoot?: string;
  recorder?: string;
  rescanMs: number;
  writeMs: number;
  criteria: { minDurationMs: number; minPods: number };
  logLevel: 'debug' | 'info' | 'warn' | 'error';
}

export function parseAgentConfig(env: Record<string, string | undefined>): AgentConfig {
  const parsed = AgentEnv.safeParse(env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new InvalidAgentConfigError(`invalid agent configuration:\n  ${issues.join('\n  ')}`);
  }
  const e = parsed.data;
  let kube: AgentConfig['kube'];
  if (e.KUBECONFIG !== undefined) kube = { kubeconfig: e.KUBECONFIG };
  else if (e.KUBERNETES_SERVICE_HOST !== undefined && e.KUBERNETES_SERVICE_PORT !== undefined) {
    kube = { host: e.KUBERNETES_SERVICE_HOST, port: e.KUBERNETES_SERVICE_PORT };
  } else {
    throw new InvalidAgentConfigError(
      'invalid agent configuration:\n  KUBECONFIG: required outside a pod (no KUBERNETES_SERVICE_HOST/PORT)',
    );
  }
  return {
    node: e.NODE_NAME,
    kube,
    ...(e.PROFILEGATE_CGROUP_ROOT === undefined ? {} : { cgroupRoot: e.PROFILEGATE_CGROUP_ROOT }),
    ...(e.PROFILEGATE_RECORDER === undefined ? {} : { recorder: e.PROFILEGATE_RECORDER }),
    rescanMs: e.PROFILEGATE_RESCAN_MS,
    writeMs: e.PROFILEGATE_WRITE_MS,
    criteria: { minDurationMs: e.PROFILEGATE_MIN_DURATION_MS, minPods: e.PROFILEGATE_MIN_PODS },
    logLevel: e.PROFILEGATE_LOG_LEVEL,
  };
}
