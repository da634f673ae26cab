/**
 * One run of a command in one container of a pod spec: plan the OCI spec, build the bundle,
 * run it under the kernel trace, and clean everything up (container, mounts, temp dirs, trace
 * instance) whatever happened.
 */
import { readFileSync } from 'node:fs';
import { chmod, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { hostname } from 'node:os';
import type { Obj } from '../schema/pod-spec.js';
import { containerOciSpec, type ContainerSpecPlan } from './container-oci-spec.js';
import { KernelTrace, type TraceResult } from './kernel-trace.js';
import type { OciSeccomp } from './oci-types.js';
import { runBundle, type RunOutcome, type RuntimeName } from './oci-runtime.js';
import { RunBundle } from './run-bundle.js';
import { SeccompAuditListener, type SeccompRecord } from './seccomp-audit.js';
import { parseFailedCalls, straced, TRACE_DIR } from './failed-file-calls.js';

export interface ContainerRunRequest {
  podSpec: Obj;
  container: string;
  command: string[];
  cwd: string;
  runtime: RuntimeName;
  deadlineMs: number;
  localhostSeccomp: (localhostProfile: string) => OciSeccomp;
  /** Replace the seccomp default action by SCMP_ACT_LOG: nothing is refused, every would-be refusal is logged. */
  seccompLog?: boolean;
  /** Run the command under strace and collect the file and permission errors it got. */
  strace?: boolean;
}

export interface ContainerRun {
  plan: ContainerSpecPlan;
  outcome: RunOutcome;
  trace: TraceResult;
  /** Refusals the kernel logged (only with seccompLog and without strace). */
  seccompRecords: SeccompRecord[];
  capabilitiesTraced: boolean;
  /** Failed file and permission calls (only with strace). */
  failedCalls: string[];
}

let sequence = 0;

export async function runContainer(request: ContainerRunRequest): Promise<ContainerRun> {
  const bundle = await RunBundle.create();
  try {
    const plan = containerOciSpec({
      podSpec: request.podSpec,
      container: request.container,
      command: request.strace === true ? straced(request.command) : request.command,
      cwd: request.cwd,
      hostname: hostname(),
      passwd: readFileSync('/etc/passwd', 'utf8'),
      group: readFileSync('/etc/group', 'utf8'),
      volumesDir: bundle.volumesDir,
      localhostSeccomp: request.localhostSeccomp,
    });
    const seccomp = plan.spec.linux.seccomp;
    const log = request.seccompLog === true && seccomp !== undefined;
    if (log) {
      seccomp.defaultAction = 'SCMP_ACT_LOG';
      delete seccomp.defaultErrnoRet; // crun refuses an errno for a non-errno action
    }
    const traceDir = join(bundle.dir, 'layer', 'strace');
    if (request.strace === true) {
      await mkdir(traceDir);
      await chmod(traceDir, 0o777); // strace runs as the container's user
      plan.spec.mounts.push({
        destination: TRACE_DIR,
        type: 'bind',
        source: traceDir,
        options: ['rbind', 'rw'],
      });
    }
    await bundle.prepare(plan.volumes.directories, plan.volumes.createHostPaths, plan.spec);
    // Not under strace: its own ptrace calls would be logged by the thousand, overflow the
    // kernel's audit backlog and drop the command's records with them.
    const audit = log && request.strace !== true ? await SeccompAuditListener.start() : undefined;
    const kernelTrace = await KernelTrace.start();
    let outcome: RunOutcome | undefined;
    let trace: TraceResult;
    try {
      outcome = await runBundle({
        runtime: request.runtime,
        bundleDir: bundle.dir,
        id: `profilegate-verify-${process.pid}-${sequence++}`,
        deadlineMs: request.deadlineMs,
        tracePidFile: kernelTrace.pidFile,
      });
    } finally {
      trace = await kernelTrace.stop(outcome?.wrapperPid);
    }
    const seccompRecords = (await audit?.stop(trace.pids)) ?? [];
    const failedCalls =
      request.strace === true
        ? parseFailedCalls(await readFile(join(traceDir, 'strace.log'), 'utf8').catch(() => ''))
        : [];
    return {
      plan,
      outcome,
      trace,
      seccompRecords,
      capabilitiesTraced: kernelTrace.capabilities,
      failedCalls,
    };
  } finally {
    await bundle.destroy();
  }
}
