/**
 * Overhead of the bpf-profiler recorder, with and without recording, in the same run:
 *   1. the syscall storm (bench/profiler-storm.c: 2 processes x 3M getppid/getpriority),
 *   2. a real HTTP server (node:http) under autocannon load on 127.0.0.1.
 * "with" = recorder loaded and the workload's cgroup tracked; "without" = no recorder at all.
 * Rounds alternate so drift on a shared machine hits both sides. Run as root:
 *   node --import tsx bench/profiler-overhead.ts [rounds]
 */
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { createCgroup, findCgroup2Mount, removeCgroup } from '../bpf-profiler/agent/cgroup-v2.js';
import { CGEXEC_BIN, PROFILER_DIR, ensureRecorderBuilt } from '../bpf-profiler/agent/recorder-build.js';
import { RecorderProcess } from '../bpf-profiler/agent/recorder-process.js';

const rounds = Number(process.argv[2] ?? '3');
const STORM = `${PROFILER_DIR}/build/profiler-storm`;
const PORT = 18080;
const SERVER = `require('node:http').createServer((q, s) => { s.end('ok\\n'); }).listen(${PORT}, '127.0.0.1')`;

function rssKb(pid: number): number {
  const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m?.[1] ?? 0);
}

async function withCgroup<T>(
  record: boolean,
  body: (cgroupPath: string) => Promise<T>,
): Promise<{ value: T; lost: number; recorderRssKb: number }> {
  const cgroup = await createCgroup(await findCgroup2Mount(), `profilegate-bench-${Date.now()}`);
  const recorder = record ? await RecorderProcess.start({ onObservation: () => undefined }) : undefined;
  try {
    await recorder?.track(cgroup.id);
    const value = await body(cgroup.path);
    const lost = recorder === undefined ? 0 : (await recorder.flush()).total;
    const pid = (recorder as unknown as { child?: { pid?: number } } | undefined)?.child?.pid;
    return { value, lost, recorderRssKb: pid === undefined ? 0 : rssKb(pid) };
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
const results = {
  stormOff: [] as number[],
  stormOn: [] as number[],
  httpOff: [] as number[],
  httpOn: [] as number[],
};
let lost = 0;
let recorderRss = 0;
for (let r = 0; r < rounds; r++) {
  results.stormOff.push((await withCgroup(false, storm)).value);
  const on = await withCgroup(true, storm);
  results.stormOn.push(on.value);
  lost += on.lost;
  results.httpOff.push((await withCgroup(false, http)).value);
  const hon = await withCgroup(true, http);
  results.httpOn.push(hon.value);
  lost += hon.lost;
  recorderRss = Math.max(recorderRss, on.recorderRssKb, hon.recorderRssKb);
}
const stormOff = median(results.stormOff);
const stormOn = median(results.stormOn);
const httpOff = median(results.httpOff);
const httpOn = median(results.httpOn);
const report = {
  rounds,
  stormNsPerSyscall: {
    without: stormOff,
    with: stormOn,
    overheadPct: ((stormOn / stormOff - 1) * 100).toFixed(1),
  },
  httpRequestsPerSec: {
    without: httpOff,
    with: httpOn,
    overheadPct: ((1 - httpOn / httpOff) * 100).toFixed(1),
  },
  eventsLost: lost,
  recorderRssMb: (recorderRss / 1024).toFixed(1),
  benchProcessRssMb: (process.memoryUsage().rss / 1048576).toFixed(1),
  raw: results,
};
console.log(JSON.stringify(report, null, 2));
