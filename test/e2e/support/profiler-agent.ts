/**
 * The node agent as the DaemonSet runs it (`bpf-profiler/agent/main.ts`, compiled), authenticated as the
 * profiler's ServiceAccount from manifests/profiler/ (so the test proves its ClusterRole is
 * enough), plus a webhook that reads WorkloadProfiles from a directory.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { PROFILER_DIR, RECORDER_BIN } from '../../../bpf-profiler/agent/recorder-build.js';
import { join } from 'node:path';
import type { E2eEnvironment } from './e2e-environment.js';
import { writeKubeconfig } from './kubeconfig.js';
import { ManagedProcess } from './managed-process.js';
import { REPO_ROOT } from './webhook-process.js';

export const PROFILER_NAMESPACE = 'profilegate-system';
export const PROFILER_SERVICE_ACCOUNT = 'profilegate-profiler';

/** Applies the CRD and the profiler's namespace and RBAC; returns a kubeconfig with its token. */
export async function installProfilerRbac(
  env: Pick<E2eEnvironment, 'kubectl' | 'dir' | 'apiServer'>,
): Promise<string> {
  const { kubectl } = env;
  await kubectl.ok(['apply', '-f', join(REPO_ROOT, 'manifests', 'crds', 'workloadprofile.yaml')]);
  await kubectl.ok(['wait', '--for=condition=Established', 'crd/workloadprofiles.profilegate.dev']);
  for (const file of ['namespace.yaml', 'rbac.yaml']) {
    await kubectl.ok(['apply', '-f', join(REPO_ROOT, 'manifests', 'profiler', file)]);
  }
  const token = await kubectl.ok([
    'create',
    'token',
    PROFILER_SERVICE_ACCOUNT,
    '-n',
    PROFILER_NAMESPACE,
    '--duration=1h',
  ]);
  const file = join(env.dir, 'profiler-kubeconfig');
  await writeKubeconfig(file, { ...env.apiServer, token: token.stdout.trim() });
  return file;
}

/** The agent compiled to JavaScript as it ships (`npm run build:agent`), not run through tsx. */
export const AGENT_MAIN = join(PROFILER_DIR, 'build', 'agent-dist', 'bpf-profiler', 'agent', 'main.js');

export async function buildAgent(): Promise<void> {
  const tsc = join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  await promisify(execFile)(process.execPath, [tsc, '-p', join(PROFILER_DIR, 'tsconfig.agent.json')], {
    cwd: REPO_ROOT,
  });
}

export interface AgentOptions {
  kubeconfig: string;
  node: string;
  cgroupRoot: string;
  logFile: string;
  writeMs: number;
  minDurationMs: number;
  minPods: number;
}

export interface RunningAgent {
  process: ManagedProcess;
  pid: number;
  /** Parsed JSON log lines, in order. */
  lines: Record<string, unknown>[];
}

/** Starts the compiled agent (buildAgent first) and resolves once it logs `agent started` (recorder loaded, pods listed). */
export async function startAgent(options: AgentOptions): Promise<RunningAgent> {
  const lines: Record<string, unknown>[] = [];
  let onStarted: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (onStarted = resolve));
  const child = ManagedProcess.start({
    name: 'profiler-agent',
    command: process.execPath,
    // The DaemonSet's command line.
    args: ['--max-semi-space-size=1', AGENT_MAIN],
    cwd: REPO_ROOT,
    env: {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      NODE_NAME: options.node,
      KUBECONFIG: options.kubeconfig,
      PROFILEGATE_CGROUP_ROOT: options.cgroupRoot,
      PROFILEGATE_RECORDER: RECORDER_BIN,
      PROFILEGATE_RESCAN_MS: '200',
      PROFILEGATE_WRITE_MS: String(options.writeMs),
      PROFILEGATE_MIN_DURATION_MS: String(options.minDurationMs),
      PROFILEGATE_MIN_PODS: String(options.minPods),
    },
    logFile: options.logFile,
    onLine: (line) => {
      try {
        const entry = JSON.parse(line) as Record<string, unknown>;
        lines.push(entry);
        if (entry['msg'] === 'agent started') onStarted();
      } catch {
        // not a log line (stderr text): kept in the log file
      }
    },
  });
  const exited = child.exit.then((code) => {
    throw new Error(`agent exited with ${code} before starting\n${child.tail()}`);
  });
  await Promise.race([started, exited]);
  const pid = (lines.find((l) => l['msg'] === 'agent started')?.['pid'] as number | undefined) ?? 0;
  return { process: child, pid, lines };
}

/** Resident memory of a process and its peak, in bytes, from /proc/<pid>/status. */
export async function residentMemory(pid: number): Promise<{ rss: number; peak: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) =>
    Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}
