/**
 * What the kernel did for one container run, from a private tracefs instance
 * (/sys/kernel/tracing/instances/profilegate-verify-*): every capability check
 * (`capability:cap_capable`, kernel 6.14+, with its result) and every fork, limited to the
 * runtime process and its descendants (`set_event_pid` + `options/event-fork`). The wrapper
 * that starts the runtime writes its own pid into set_event_pid before it execs, so nothing
 * the container does is missed and nothing else on the host is counted.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CAPABILITY_BY_NUMBER } from './capability-numbers.js';
import { VerifyEnvironmentError } from './verify-errors.js';

const TRACEFS = '/sys/kernel/tracing';

export interface TraceResult {
  /** Capabilities the kernel granted on a check, and those it refused (Kubernetes names). */
  granted: Map<string, Set<string>>;
  refused: Map<string, Set<string>>;
  /** Programs executed (sched_process_exec), in order. */
  execs: string[];
  /** Host pids of the runtime and everything it forked. */
  pids: Set<number>;
  /** Events the ring buffer had no room for (0 unless a CPU's buffer filled up). */
  lost: number;
}

let sequence = 0;

export class KernelTrace {
  private constructor(
    private readonly dir: string,
    /** False on kernels before 6.14, which have no capability:cap_capable tracepoint. */
    readonly capabilities: boolean,
  ) {}

  /** The file the wrapper writes its pid into. */
  get pidFile(): string {
    return join(this.dir, 'set_event_pid');
  }

  static async start(): Promise<KernelTrace> {
    const dir = join(TRACEFS, 'instances', `profilegate-verify-${process.pid}-${sequence++}`);
    try {
      await mkdir(dir);
    } catch (error) {
      throw new VerifyEnvironmentError(
        `cannot create the tracefs instance ${dir}: ${(error as Error).message}`,
      );
    }
    const capEvent = join(dir, 'events', 'capability', 'cap_capable', 'enable');
    const trace = new KernelTrace(dir, existsSync(capEvent));
    try {
      // Per CPU. When a buffer is full, new events are dropped (and counted) instead of the
      // oldest being overwritten: the forks at the start are what ties every later event to
      // the container, so losing them would silently drop everything the container did.
      await writeFile(join(dir, 'buffer_size_kb'), '16384');
      await writeFile(join(dir, 'options', 'overwrite'), '0');
      // An empty pid list traces every task: start with ours until the wrapper writes its own.
      await writeFile(join(dir, 'set_event_pid'), String(process.pid));
      await writeFile(join(dir, 'options', 'event-fork'), '1');
      if (trace.capabilities) await writeFile(capEvent, '1');
      await writeFile(join(dir, 'events', 'sched', 'sched_process_fork', 'enable'), '1');
      await writeFile(join(dir, 'events', 'sched', 'sched_process_exec', 'enable'), '1');
      return trace;
    } catch (error) {
      await trace.stop(undefined).catch(() => undefined);
      throw new VerifyEnvironmentError(`cannot enable kernel tracing in ${dir}: ${(error as Error).message}`);
    }
  }

  /** Ends the trace and keeps what `rootPid` (the wrapper) and its descendants did. */
  async stop(rootPid: number | undefined): Promise<TraceResult> {
    await writeFile(join(this.dir, 'tracing_on'), '0').catch(() => undefined);
    const text = await readFile(join(this.dir, 'trace'), 'utf8').catch(() => '');
    const lost = await this.lostEvents();
    await writeFile(join(this.dir, 'events', 'enable'), '0').catch(() => undefined);
    await rmdir(this.dir).catch(() => undefined);
    return { ...parseTrace(text, rootPid), lost };
  }

  /** The sum of every CPU's `dropped events` and `overrun` counters. */
  private async lostEvents(): Promise<number> {
    const cpus = await readdir(join(this.dir, 'per_cpu')).catch(() => []);
    let lost = 0;
    for (const cpu of cpus) {
      const stats = await readFile(join(this.dir, 'per_cpu', cpu, 'stats'), 'utf8').catch(() => '');
      for (const m of stats.matchAll(/^(?:overrun|dropped events): (\d+)$/gm)) lost += Number(m[1]);
    }
    return lost;
  }
}

const CAP_LINE = /cap_capable: .*cap (\d+), ret (-?\d+)/;
const FORK_LINE = /sched_process_fork: comm=.* pid=(\d+) child_comm=(.*) child_pid=(\d+)/;
const EXEC_LINE = /sched_process_exec: filename=(.*) pid=\d+ old_pid=/;

function add(map: Map<string, Set<string>>, key: string, value: string): void {
  const values = map.get(key) ?? new Set<string>();
  values.add(value);
  map.set(key, values);
}

const TASK = /^\s*(.+)-(\d+)\s+\[\d+\]/;

/** The pids forked, directly or not, from root (tracefs may still show other tasks at the edges). */
function descendants(lines: string[], root: number): Set<number> {
  const pids = new Set([root]);
  for (const line of lines) {
    const fork = FORK_LINE.exec(line);
    if (fork && pids.has(Number(fork[1]))) pids.add(Number(fork[3]));
  }
  return pids;
}

export function parseTrace(text: string, rootPid: number | undefined): Omit<TraceResult, 'lost'> {
  const lines = text.split('\n');
  const pids = rootPid === undefined ? new Set<number>() : descendants(lines, rootPid);
  const result: Omit<TraceResult, 'lost'> = { granted: new Map(), refused: new Map(), pids, execs: [] };
  for (const line of lines) {
    const task = TASK.exec(line);
    if (!task || !pids.has(Number(task[2]))) continue;
    const comm = task[1]?.trim() ?? '?';
    const cap = CAP_LINE.exec(line);
    if (cap) {
      const name = CAPABILITY_BY_NUMBER[Number(cap[1])] ?? `capability ${cap[1]}`;
      add(Number(cap[2]) === 0 ? result.granted : result.refused, name, comm);
      continue;
    }
    const exec = EXEC_LINE.exec(line);
    if (exec) result.execs.push(exec[1] ?? '');
  }
  return result;
}
