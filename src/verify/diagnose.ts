/**
 * Why a command that works under the original spec fails under the patched one, from what the
 * kernel and the runtime reported (never from the model):
 *   - the runtime could not start the container: its own error (e.g. a refused capset);
 *   - seccomp: the syscalls the kernel logged when the patched spec was rerun with the filter's
 *     default action SCMP_ACT_LOG, and whether the command then succeeds;
 *   - capabilities: checks the kernel refused under the patched spec that it granted under the
 *     original (cap_capable tracepoint);
 *   - files: the file and permission calls that failed (EROFS, EACCES, EPERM, ENOENT, ENOTDIR)
 *     under the patched spec but not under the original, from strace runs of both;
 *   - otherwise, the command's own error lines naming such an error.
 */
import { basename } from 'node:path';
import type { ContainerRun } from './run-container.js';

/** Processes of the runtime itself (before it execs the command), whose checks are not the app's. */
const RUNTIME_COMM = /^(runc(:.*)?|crun|unshare)$/;

/** Whether the container got as far as executing the command (sched_process_exec of its program). */
export function commandStarted(run: ContainerRun, command: string[]): boolean {
  const program = basename(command[0] ?? '');
  return run.trace.execs.some((f) => basename(f) === program);
}

function appComms(comms: Set<string> | undefined): string[] {
  return [...(comms ?? [])].filter((c) => !RUNTIME_COMM.test(c)).sort();
}

/** runc 1.1 runs its init from a sealed copy of itself, which the audit record shows as "/". */
function program(exe: string): string {
  return exe === '/' ? 'the runtime (runc init)' : exe;
}

export interface Diagnosis {
  /** One line each, e.g. `seccomp refused chown (syscall not in the profile)`. */
  reasons: string[];
  deniedSyscalls: string[];
  missingCapabilities: string[];
  /** Calls that failed only under the patched spec, e.g. `openat "/x": EROFS (Read-only file system)`. */
  failedCalls: string[];
  fileErrors: string[];
  runtimeError: string | undefined;
}

const FILE_ERROR =
  /(Read-only file system|Permission denied|Operation not permitted|No such file or directory|EROFS|EACCES|EPERM|ENOENT)/;

export function fileErrorLines(stderr: string, stdout: string): string[] {
  const lines = `${stderr}\n${stdout}`.split('\n').map((l) => l.trim());
  return [...new Set(lines.filter((l) => FILE_ERROR.test(l)).map((l) => l.slice(0, 300)))].slice(0, 10);
}

export interface DiagnosisRuns {
  control: ContainerRun;
  patched: ContainerRun;
  /** The patched spec again with seccomp in log mode (when it has a filter). */
  seccompRerun: ContainerRun | undefined;
  /** The patched spec again (seccomp in log mode), the command under strace. */
  straceRerun: ContainerRun | undefined;
  /** The original spec again, the command under strace. */
  controlTrace: ContainerRun | undefined;
}

export function diagnose(runs: DiagnosisRuns, command: string[]): Diagnosis {
  const { control, patched, seccompRerun, straceRerun, controlTrace } = runs;
  const reasons: string[] = [];
  const lastLine = patched.outcome.stderr.trim().split('\n').at(-1);
  const runtimeError =
    patched.outcome.runtimeError ??
    (commandStarted(patched, command) ? undefined : (lastLine ?? 'no message'));
  if (runtimeError !== undefined) {
    reasons.push(`the runtime could not start ${command[0] ?? 'the command'}: ${runtimeError}`);
  }

  const records = seccompRerun?.seccompRecords ?? [];
  const deniedSyscalls = [...new Set(records.map((r) => r.syscall))].sort();
  if (deniedSyscalls.length > 0) {
    const works = seccompRerun?.outcome.exitCode === 0;
    const execs = [...new Set(records.map((r) => program(r.exe)))].sort().join(', ');
    reasons.push(
      `seccomp profile ${patched.plan.seccomp} refuses ${deniedSyscalls.join(', ')} (called by ${execs})` +
        (works ? `; with ${deniedSyscalls.length === 1 ? 'it' : 'them'} allowed the command succeeds` : ''),
    );
  }

  const missingCapabilities = [...patched.trace.refused.keys()]
    .filter(
      (c) =>
        control.plan.capabilities.includes(c) &&
        !patched.plan.capabilities.includes(c) &&
        appComms(patched.trace.refused.get(c)).length > 0 &&
        appComms(control.trace.granted.get(c)).length > 0,
    )
    .sort();
  for (const cap of missingCapabilities) {
    const by = appComms(patched.trace.refused.get(cap)).join(', ');
    reasons.push(
      `capability ${cap} is missing: the kernel refused it to ${by} (granted under the original spec)`,
    );
  }

  const normal = new Set(controlTrace?.failedCalls ?? []);
  const failedCalls = (straceRerun?.failedCalls ?? []).filter((c) => !normal.has(c));
  for (const call of failedCalls) reasons.push(`the kernel refused ${call}`);

  const before = new Set(fileErrorLines(control.outcome.stderr, control.outcome.stdout));
  const fileErrors = fileErrorLines(patched.outcome.stderr, patched.outcome.stdout).filter(
    (l) => !before.has(l),
  );
  if (reasons.length === 0) for (const line of fileErrors) reasons.push(`the command reported: ${line}`);

  const lost = control.trace.lost + patched.trace.lost;
  if (lost > 0) {
    reasons.push(`the kernel trace lost ${lost} events, so capability refusals may be missing above`);
  }
  if (reasons.length === 0) {
    reasons.push('no refused syscall, capability or file error was seen; compare the outputs of both runs');
  }
  return { reasons, deniedSyscalls, missingCapabilities, failedCalls, fileErrors, runtimeError };
}
