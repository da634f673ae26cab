/**
 * Overhead of the bpf-profiler recorder, with and without recording, in the same run:
 *   1. the syscall storm (bench/profiler-storm.c: 2 processes x 3M getppid/getpriority; CPU ns
 *      per syscall, plus the kernel's run-time accounting of the sys_enter program),
 *   2. a real HTTP server (node:http) under autocannon load on 127.0.0.1.
 * "with" = recorder loaded and the workload's cgroup tracked; "without" = no recorder at all.
 * Rounds alternate so drift on a shared machine hits both sides. Also measured: the storm in an
 * untracked cgroup with the recorder loaded (what every other process on the node pays), and,
 * when PROFILEGATE_RECORDER_BASELINE names another recorder binary (e.g. the previous commit's),
 * the same "with" and "untracked" rounds under that binary, for a before/after in one run.
 * Run as root:
 *   node --import tsx bench/profiler-overhead.ts [rounds]
 */
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import autocannon from 'autocannon';
import { createCgroup, findCgroup2Mount, removeCgroup } from '../bpf-profiler/agent/cgroup-v2.js';
import { CGEXEC_BIN, PROFILER_DIR, ensureRecorderBuilt } from '../bpf-profiler/agent/recorder-build.js';
import { RecorderProcess } from '../bpf-profiler/agent/recorder-process.js';

const rounds = Number(process.argv[2] ?? '3');
const baseline = process.env['PROFILEGATE_RECORDER_BASELINE'];
type Recording = 'off' | 'tracked' | 'untracked';
const STORM = `${PROFILER_DIR}/build/profiler-storm`;
const PORT = 18080;
const SERVER = `require('node:http').createServer((q, s) => { s.end('ok\\n'); }).listen(${PORT}, '127.0.0.1')`;

function rssKb(pid: number): number {
  const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m?.[1] ?? 0);
}

/**
 * The kernel's own accounting of the sys_enter program (kernel.bpf_stats_enabled): run time and
 * run count per program id, independent of how loaded the machine is.
 */
const BPF_STATS = '/proc/sys/kernel/bpf_stats_enabled';
function sysEnterPrograms(): Map<number, { ns: number; count: number }> {
  const progs = JSON.parse(execFileSync('bpftool', ['prog', 'show', '--json'], { encoding: 'utf8' })) as {
    id: number;
    name?: string;
    run_time_ns?: number;
    run_cnt?: number;
  }[];
  return new Map(
    progs
      .filter((p) => p.name === 'on_sys_enter')
      .map((p) => [p.id, { ns: p.run_time_ns ?? 0, count: p.run_cnt ?? 0 }]),
  );
}

async function withCgroup<T>(
  recording: Recording,
  body: (cgroupPath: string) => Promise<T>,
  binary?: string,
): Promise<{ value: T; lost: number; recorderRssKb: number; bpfNsPerCall: number }> {
  const cgroup = await createCgroup(await findCgroup2Mount(), `profilegate-bench-${Date.now()}`);
  const before = new Set(sysEnterPrograms().keys());
  const recorder =
    recording === 'off'
      ? undefined
      : await RecorderProcess.start({
          onObservation: () => undefined,
          ...(binary === undefined ? {} : { binary }),
        });
  // Our program is the on_sys_enter that appeared with this recorder.
  const ours = recorder === undefined ? [] : [...sysEnterPrograms().keys()].filter((id) => !before.has(id));
  const progId = ours.length === 1 ? ours[0] : undefined;
  try {
    if (recording === 'tracked') await recorder?.track(cgroup.id);
    const start = progId === undefined ? undefined : sysEnterPrograms().get(progId);
    const value = await body(cgroup.path);
    const end = progId === undefined ? undefined : sysEnterPrograms().get(progId);
    const bpfNsPerCall =
      start === undefined || end === undefined || end.count === start.count
        ? NaN
        : (end.ns - start.ns) / (end.count - start.count);
    const lost = recorder === undefined ? 0 : (await recorder.flush()).total;
    const pid = (recorder as unknown as { child?: { pid?: number } } | undefined)?.child?.pid;
    return { value, lost, recorderRssKb: pid === undefined ? 0 : rssKb(pid), bpfNsPerCall };
  } finally {
    await recorder?.stop();
    await removeCgroup(cgroup);
  }
}

function storm(cgroupPath: string): Promise<number> {
  const out = execFileSync(CGEXEC_BIN, [cgroupPath, STORM, '2', '3000000'], { encoding: 'utf8' });
  return Promise.resolve(Number(out.trim()));
}

async function http(cgroupPath: string): Promise<number> {
  const server = spawn(CGEXEC_BIN, [cgroupPath, process.execPath, '-e', SERVER], { stdio: 'ignore' });
  try {
    for (let i = 0; i < 100; i++) {
      try {
        await fetch(`http://127.0.0.1:${PORT}/`);
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    const result = await autocannon({ url: `http://127.0.0.1:${PORT}/`, connections: 16, duration: 8 });
    return result.requests.average;
  } finally {
    server.kill('SIGKILL');
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

await ensureRecorderBuilt();
// Run-time accounting reads the clock twice per program run, which costs more than the program:
// it is on only in its own phase below, never during the overhead rounds.
const statsBefore = readFileSync(BPF_STATS, 'utf8').trim();
process.on('exit', () => writeFileSync(BPF_STATS, statsBefore));
writeFileSync(BPF_STATS, '0');
const loadBefore = loadavg();
const bpf = {
  tracked: [] as number[],
  untracked: [] as number[],
  trackedBaseline: [] as number[],
  untrackedBaseline: [] as number[],
};
const results = {
  stormOff: [] as number[],
  stormOn: [] as number[],
  stormUntracked: [] as number[],
  stormOnBaseline: [] as number[],
  stormUntrackedBaseline: [] as number[],
  httpOff: [] as number[],
  httpOn: [] as number[],
  httpOnBaseline: [] as number[],
};
let lost = 0;
let recorderRss = 0;
for (let r = 0; r < rounds; r++) {
  results.stormOff.push((await withCgroup('off', storm)).value);
  const on = await withCgroup('tracked', storm);
  results.stormOn.push(on.value);
  lost += on.lost;
  results.stormUntracked.push((await withCgroup('untracked', storm)).value);
  if (baseline !== undefined) {
    results.stormOnBaseline.push((await withCgroup('tracked', storm, baseline)).value);
    results.stormUntrackedBaseline.push((await withCgroup('untracked', storm, baseline)).value);
  }
  results.httpOff.push((await withCgroup('off', http)).value);
  const hon = await withCgroup('tracked', http);
  results.httpOn.push(hon.value);
  lost += hon.lost;
  if (baseline !== undefined)
    results.httpOnBaseline.push((await withCgroup('tracked', http, baseline)).value);
  recorderRss = Math.max(recorderRss, on.recorderRssKb, hon.recorderRssKb);
}
writeFileSync(BPF_STATS, '1');
for (let r = 0; r < rounds; r++) {
  bpf.tracked.push((await withCgroup('tracked', storm)).bpfNsPerCall);
  bpf.untracked.push((await withCgroup('untracked', storm)).bpfNsPerCall);
  if (baseline !== undefined) {
    bpf.trackedBaseline.push((await withCgroup('tracked', storm, baseline)).bpfNsPerCall);
    bpf.untrackedBaseline.push((await withCgroup('untracked', storm, baseline)).bpfNsPerCall);
  }
}
writeFileSync(BPF_STATS, '0');
const pct = (on: number, off: number): string => ((on / off - 1) * 100).toFixed(1);
const stormOff = median(results.stormOff);
const stormOn = median(results.stormOn);
const httpOff = median(results.httpOff);
const httpOn = median(results.httpOn);
const report = {
  rounds,
  loadAverage: { before: loadBefore.map((l) => l.toFixed(2)), after: loadavg().map((l) => l.toFixed(2)) },
  stormNsPerSyscall: {
    without: stormOff,
    with: stormOn,
    overheadPct: pct(stormOn, stormOff),
    loadedUntracked: median(results.stormUntracked),
    loadedUntrackedOverheadPct: pct(median(results.stormUntracked), stormOff),
    ...(baseline === undefined
      ? {}
      : {
          baselineWith: median(results.stormOnBaseline),
          baselineOverheadPct: pct(median(results.stormOnBaseline), stormOff),
          baselineLoadedUntracked: median(results.stormUntrackedBaseline),
          baselineLoadedUntrackedOverheadPct: pct(median(results.stormUntrackedBaseline), stormOff),
        }),
  },
  httpRequestsPerSec: {
    without: httpOff,
    with: httpOn,
    overheadPct: ((1 - httpOn / httpOff) * 100).toFixed(1),
    ...(baseline === undefined
      ? {}
      : {
          baselineWith: median(results.httpOnBaseline),
          baselineOverheadPct: ((1 - median(results.httpOnBaseline) / httpOff) * 100).toFixed(1),
        }),
  },
  /** Kernel-measured run time of the sys_enter program per call, during the storm. */
  sysEnterProgramNsPerCall: {
    tracked: median(bpf.tracked),
    untracked: median(bpf.untracked),
    ...(baseline === undefined
      ? {}
      : { baselineTracked: median(bpf.trackedBaseline), baselineUntracked: median(bpf.untrackedBaseline) }),
  },
  eventsLost: lost,
  recorderRssMb: (recorderRss / 1024).toFixed(1),
  benchProcessRssMb: (process.memoryUsage().rss / 1048576).toFixed(1),
  raw: { ...results, bpf },
};
console.log(JSON.stringify(report, null, 2));
