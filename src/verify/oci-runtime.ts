/**
 * Runs one bundle with runc (Debian 1.1.5) or crun (Debian 1.8.1): `<runtime> run`, stdout and
 * stderr captured, a deadline after which the container is killed, and `delete --force`
 * whatever happened. The runtime's own messages go to a log file, so a container that could not
 * start (a refused capset, a missing executable) is told apart from a command that failed.
 *
 * A small shell wrapper starts the runtime: it writes its pid into the kernel trace's
 * set_event_pid, then execs. crun 1.8 refuses a hybrid cgroup host whose cgroup2 hierarchy has
 * controllers; for it the wrapper runs in a private mount namespace without that hierarchy and
 * crun runs without a cgroup manager (limits are not part of what verify checks).
 */
import { spawn, execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { VerifyEnvironmentError } from './verify-errors.js';

const execFileAsync = promisify(execFile);

export const RUNTIMES = ['runc', 'crun'] as const;
export type RuntimeName = (typeof RUNTIMES)[number];

export interface RunOutcome {
  /** The command's exit status; null when it was killed by a signal or never started. */
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
  /** What the runtime said when it could not start the container. */
  runtimeError: string | undefined;
  /** Host pid of the wrapper that started the runtime (the root of the kernel trace). */
  wrapperPid: number | undefined;
}

export interface RunRequest {
  runtime: RuntimeName;
  bundleDir: string;
  id: string;
  deadlineMs: number;
  /** The tracefs set_event_pid file, when the run is traced. */
  tracePidFile?: string;
}

const LIMIT = 1024 * 1024;

function hybridCgroup2(): boolean {
  const mounts = readFileSync('/proc/self/mountinfo', 'utf8');
  return mounts.split('\n').some((l) => l.includes(' /sys/fs/cgroup/unified ') && l.includes(' - cgroup2 '));
}

function command(runtime: RuntimeName, args: string[], tracePidFile: string | undefined): string[] {
  const trace = tracePidFile === undefined ? '' : `echo $$ > '${tracePidFile}' && `;
  if (runtime === 'crun' && hybridCgroup2()) {
    return [
      'unshare',
      '-m',
      '--propagation',
      'private',
      'sh',
      '-c',
      `${trace}umount /sys/fs/cgroup/unified && exec "$@"`,
      'sh',
      'crun',
      '--cgroup-manager=disabled',
      ...args,
    ];
  }
  return ['sh', '-c', `${trace}exec "$@"`, 'sh', runtime, ...args];
}

export function runtimeAvailable(runtime: RuntimeName): boolean {
  return ['/usr/sbin', '/usr/bin', '/sbin', '/bin'].some((d) => existsSync(join(d, runtime)));
}

async function runtimeCommand(runtime: RuntimeName, args: string[]): Promise<void> {
  const [bin, ...rest] = command(runtime, args, undefined);
  await execFileAsync(bin ?? 'sh', rest).catch(() => undefined);
}

function runtimeLogError(text: string): string | undefined {
  const messages = text
    .split('\n')
    .filter((l) => l.trim().length > 0)
    .map((l) => {
      try {
        const entry = JSON.parse(l) as { level?: string; msg?: string };
        return entry.level === 'error' ? entry.msg : undefined;
      } catch {
        return l;
      }
    })
    .filter((m): m is string => m !== undefined && m.length > 0);
  return messages.at(-1);
}

export async function runBundle(request: RunRequest): Promise<RunOutcome> {
  if (!runtimeAvailable(request.runtime)) {
    throw new VerifyEnvironmentError(
      `${request.runtime} is not installed (Debian package ${request.runtime})`,
    );
  }
  const log = join(request.bundleDir, 'runtime.log');
  const logArgs =
    request.runtime === 'runc'
      ? ['--log', log, '--log-format', 'json']
      : [`--log=file:${log}`, '--log-format=json'];
  const [bin, ...args] = command(
    request.runtime,
    [...logArgs, 'run', '--bundle', request.bundleDir, request.id],
    request.tracePidFile,
  );
  const child = spawn(bin ?? 'sh', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout = (stdout + c.toString()).slice(-LIMIT)));
  child.stderr.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-LIMIT)));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    void runtimeCommand(request.runtime, ['kill', '--all', request.id, 'KILL']);
  }, request.deadlineMs);
  try {
    const [code, signal] = await new Promise<[number | null, string | null]>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (c, s) => resolve([c, s]));
    });
    const logText = await readFile(log, 'utf8').catch(() => '');
    const runtimeError = runtimeLogError(logText);
    return { exitCode: code, signal, timedOut, stdout, stderr, runtimeError, wrapperPid: child.pid };
  } finally {
    clearTimeout(timer);
    await runtimeCommand(request.runtime, ['delete', '--force', request.id]);
  }
}
