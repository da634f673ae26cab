/**
 * The verdict for one container: the command runs under the original pod spec (the control:
 * it must pass, or nothing can be concluded) and under the patched one. The patch kept the
 * container working when the command succeeds under both; it broke it when the command succeeds
 * only under the original, and then diagnose.ts says why (with one more run of the patched spec,
 * seccomp in log mode, when a seccomp profile is in force).
 */
import type { Obj } from '../schema/pod-spec.js';
import { commandStarted, diagnose, type Diagnosis } from './diagnose.js';
import type { OciSeccomp } from './oci-types.js';
import type { RunOutcome, RuntimeName } from './oci-runtime.js';
import { straceAvailable } from './failed-file-calls.js';
import { runContainer, type ContainerRun } from './run-container.js';

export type Verdict = 'kept working' | 'broke' | 'inconclusive';

export interface VerifyContainerRequest {
  original: Obj;
  patched: Obj;
  container: string;
  command: string[];
  cwd: string;
  runtime: RuntimeName;
  deadlineMs: number;
  localhostSeccomp: (localhostProfile: string) => OciSeccomp;
}

export interface RunSummary {
  outcome: RunOutcome;
  /** Whether the runtime got as far as executing the command. */
  started: boolean;
  seccomp: string;
  capabilities: string[];
  readOnlyRootFilesystem: boolean;
  noNewPrivileges: boolean;
  user: { uid: number; gid: number; additionalGids: number[] };
  mounts: string[];
  notes: string[];
}

export interface ContainerVerdict {
  container: string;
  verdict: Verdict;
  original: RunSummary;
  patched: RunSummary;
  diagnosis: Diagnosis | undefined;
}

function summary(run: ContainerRun, command: string[]): RunSummary {
  const { spec, volumes } = run.plan;
  return {
    outcome: run.outcome,
    started: commandStarted(run, command),
    seccomp: run.plan.seccomp,
    capabilities: run.plan.capabilities,
    readOnlyRootFilesystem: spec.root.readonly,
    noNewPrivileges: spec.process.noNewPrivileges,
    user: spec.process.user,
    mounts: volumes.mounts.map((m) => `${m.destination} (${m.options.includes('ro') ? 'ro' : 'rw'})`),
    notes: volumes.notes,
  };
}

const ok = (o: RunOutcome): boolean => o.exitCode === 0 && !o.timedOut && o.runtimeError === undefined;

export async function verifyContainer(request: VerifyContainerRequest): Promise<ContainerVerdict> {
  const base = {
    container: request.container,
    command: request.command,
    cwd: request.cwd,
    runtime: request.runtime,
    deadlineMs: request.deadlineMs,
    localhostSeccomp: request.localhostSeccomp,
  };
  const control = await runContainer({ ...base, podSpec: request.original });
  const patched = await runContainer({ ...base, podSpec: request.patched });
  const result = {
    container: request.container,
    original: summary(control, request.command),
    patched: summary(patched, request.command),
  };
  if (!ok(control.outcome)) return { ...result, verdict: 'inconclusive', diagnosis: undefined };
  if (ok(patched.outcome)) return { ...result, verdict: 'kept working', diagnosis: undefined };
  // Why: the patched spec again with seccomp in log mode (the refusals it would make), again
  // under strace (the calls that failed), and the control under strace, so only the errors the
  // patch caused are reported.
  const strace = straceAvailable();
  const seccompLog = patched.plan.spec.linux.seccomp !== undefined;
  const seccompRerun = seccompLog
    ? await runContainer({ ...base, podSpec: request.patched, seccompLog })
    : undefined;
  const straceRerun = strace
    ? await runContainer({ ...base, podSpec: request.patched, seccompLog, strace })
    : undefined;
  const controlTrace = strace
    ? await runContainer({ ...base, podSpec: request.original, strace })
    : undefined;
  return {
    ...result,
    verdict: 'broke',
    diagnosis: diagnose({ control, patched, seccompRerun, straceRerun, controlTrace }, request.command),
  };
}
