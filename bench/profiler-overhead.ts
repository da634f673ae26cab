/**
 * What the bpf-profiler recorder costs, every variant in each round, in a fresh random order:
 *   - the syscall storm (bench/profiler-storm.c: 2 processes x 3M getppid/getpriority), CPU ns
 *     per syscall of its processes;
 *   - nginx (1 worker, a static file, access log off) under autocannon: CPU per request of its
 *     cgroup (cpu.stat), and requests per second.
 * Variants: "without" (no recorder), "floor" (an empty sys_enter program, bench/syscall-floor.*:
 * the slow syscall path alone), "recording" (the workload's cgroup tracked), "learning
 * elsewhere" (another cgroup tracked, so the syscall programs are attached: what every other
 * process on the node pays while something learns), "nothing learning" (recorder loaded, nothing
 * tracked or watched: the syscall programs detached). PROFILEGATE_RECORDER_BASELINE=<binary>
 * adds the same "recording" and "nothing learning" rounds under another recorder (e.g. the
 * previous commit's) for a before/after in one run. Then, in a phase of its own (the accounting's
 * clock reads cost more than the program), the kernel's run time of the sys_enter program per call.
 * Run as root: node --import tsx bench/profiler-overhead.ts [rounds]
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { createCgroup, findCgroup2Mount, removeCgroup } from '../bpf-profiler/agent/cgroup-v2.js';
import { CGEXEC_BIN, PROFILER_DIR, ensureRecorderBuilt } from '../bpf-profiler/agent/recorder-build.js';
import { RecorderProcess } from '../bpf-profiler/agent/recorder-process.js';
import { linksWhen, syscallPrograms } from '../test/support/bpf-links.js';
import { loadAverage, writeSection } from './benchmarks-file.js';

const ROUNDS = Number(process.argv[2] ?? process.env.ROUNDS ?? '5');
const BASELINE = process.env.PROFILEGATE_RECORDER_BASELINE;
const STORM = `${PROFILER_DIR}/build/profiler-storm`;
const FLOOR = `${PROFILER_DIR}/build/syscall-floor`;
const PORT = 18080;
const BPF_STATS = '/proc/sys/kernel/bpf_stats_enabled';

type Recording = 'without' | 'floor' | 'recording' | 'elsewhere' | 'idle';
interface Variant {
  recording: Recording;
  binary?: string;
}

const ALL_VARIANTS: Record<string, Variant> = {
  without: { recording: 'without' },
  floor: { recording: 'floor' },
  recording: { recording: 'recording' },
  elsewhere: { recording: 'elsewhere' },
  idle: { recording: 'idle' },
  ...(BASELINE === undefined
    ? {}
    : {
        'before: recording': { recording: 'recording', binary: BASELINE },
        'before: nothing learning': { recording: 'idle', binary: BASELINE },
      }),
};

/** VARIANTS=without,idle and WORKLOADS=storm narrow a run (more rounds of fewer variants); its section says so. */
const ONLY_VARIANTS = process.env.VARIANTS?.split(',');
const WORKLOADS = process.env.WORKLOADS?.split(',') ?? ['storm', 'nginx'];
const VARIANTS = Object.fromEntries(
  Object.entries(ALL_VARIANTS).filter(
    ([name]) => ONLY_VARIANTS === undefined || ONLY_VARIANTS.includes(name),
  ),
);
const NARROWED = ONLY_VARIANTS !== undefined || process.env.WORKLOADS !== undefined;

function rssKb(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
}

/** The kernel's accounting of every on_sys_enter program: run time and count. */
function sysEnterStats(): { ns: number; count: number } {
  const progs = JSON.parse(execFileSync('bpftool', ['prog', 'show', '--json'], { encoding: 'utf8' })) as {
    name?: string;
    run_time_ns?: number;
    run_cnt?: number;
  }[];
  return progs
    .filter((p) => p.name === 'on_sys_enter')
    .reduce((s, p) => ({ ns: s.ns + (p.run_time_ns ?? 0), count: s.count + (p.run_cnt ?? 0) }), {
      ns: 0,
      count: 0,
    });
}

interface Measured<T> {
  value: T;
  lost: number;
  recorderRssKb: number;
  bpfNsPerCall: number;
}

async function measure<T>(variant: Variant, body: (cgroupPath: string) => Promise<T>): Promise<Measured<T>> {
  // A recorder that just exited may still be closing its syscall tracepoints: start from none.
  await linksWhen(syscallPrograms, (n) => n === 0);
  const mount = await findCgroup2Mount();
  const cgroup = await createCgroup(mount, `profilegate-bench-${Date.now()}`);
  const other = await createCgroup(mount, `profilegate-bench-other-${Date.now()}`);
  const floor = variant.recording === 'floor' ? await attachFloor() : undefined;
  const recorder =
    variant.recording === 'without' || variant.recording === 'floor'
      ? undefined
      : await RecorderProcess.start({
          onObservation: () => undefined,
          ...(variant.binary === undefined ? {} : { binary: variant.binary }),
        });
  try {
    if (variant.recording === 'recording') await recorder?.track(cgroup.id);
    if (variant.recording === 'elsewhere') await recorder?.track(other.id);
    const start = sysEnterStats();
    const value = await body(cgroup.path);
    const end = sysEnterStats();
    const lost = recorder === undefined ? 0 : (await recorder.flush()).total;
    const pid = (recorder as unknown as { child?: { pid?: number } } | undefined)?.child?.pid;
    return {
      value,
      lost,
      recorderRssKb: pid === undefined ? 0 : rssKb(pid),
      bpfNsPerCall: end.count === start.count ? NaN : (end.ns - start.ns) / (end.count - start.count),
    };
  } finally {
    floor?.kill('SIGKILL');
    await recorder?.stop();
    await removeCgroup(cgroup);
    await removeCgroup(other);
  }
}

/** The empty sys_enter program, attached until the returned process is killed. */
async function attachFloor(): Promise<ReturnType<typeof spawn>> {
  const child = spawn(FLOOR, [`${FLOOR}.bpf.o`], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`syscall-floor exited (${String(code)})`)));
  });
  return child;
}

function storm(cgroupPath: string): Promise<number> {
  const out = execFileSync(CGEXEC_BIN, [cgroupPath, STORM, '2', '3000000'], { encoding: 'utf8' });
  return Promise.resolve(Number(out.trim()));
}

const NGINX_DIR = mkdtempSync(join(tmpdir(), 'profilegate-bench-nginx-'));
writeFileSync(join(NGINX_DIR, 'index.html'), 'ok\n');
writeFileSync(
  join(NGINX_DIR, 'nginx.conf'),
  `worker_processes 1;
pid ${NGINX_DIR}/nginx.pid;
error_log ${NGINX_DIR}/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${NGINX_DIR}/body;
  proxy_temp_path ${NGINX_DIR}/proxy;
  fastcgi_temp_path ${NGINX_DIR}/fastcgi;
  uwsgi_temp_path ${NGINX_DIR}/uwsgi;
  scgi_temp_path ${NGINX_DIR}/scgi;
  server { listen 127.0.0.1:${PORT}; root ${NGINX_DIR}; }
}
`,
);

/** CPU the cgroup's processes used so far, in µs (cpu.stat is there without the cpu controller). */
function cgroupCpuUs(cgroupPath: string): number {
  return Number(/usage_usec (\d+)/.exec(readFileSync(join(cgroupPath, 'cpu.stat'), 'utf8'))?.[1] ?? NaN);
}

interface Served {
  requestsPerSec: number;
  cpuUsPerRequest: number;
}

async function nginx(cgroupPath: string): Promise<Served> {
  const server = spawn(
    CGEXEC_BIN,
    [cgroupPath, '/usr/sbin/nginx', '-c', join(NGINX_DIR, 'nginx.conf'), '-g', 'daemon off;'],
    { stdio: 'ignore' },
  );
  try {
    for (let i = 0; i < 100; i++) {
      try {
        await fetch(`http://127.0.0.1:${PORT}/`);
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    const cpuBefore = cgroupCpuUs(cgroupPath);
    const result = await autocannon({ url: `http://127.0.0.1:${PORT}/`, connections: 16, duration: 8 });
    return {
      requestsPerSec: result.requests.average,
      cpuUsPerRequest: (cgroupCpuUs(cgroupPath) - cpuBefore) / result.requests.total,
    };
  } finally {
    server.kill('SIGQUIT');
    await new Promise((r) => server.once('exit', r));
  }
}

function shuffled<T>(xs: T[]): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const range = (xs: number[]): string => `${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}`;

async function main(): Promise<void> {
  await ensureRecorderBuilt();
  execFileSync('make', ['-s', '-C', PROFILER_DIR], { stdio: 'inherit' }); // the floor's program too
  const statsBefore = readFileSync(BPF_STATS, 'utf8').trim();
  process.on('exit', () => writeFileSync(BPF_STATS, statsBefore));
  writeFileSync(BPF_STATS, '0');
  const started = new Date();
  const loadBefore = loadAverage();
  const names = Object.keys(VARIANTS);
  const stormNs = new Map<string, number[]>(names.map((n) => [n, []]));
  const nginxRps = new Map<string, number[]>(names.map((n) => [n, []]));
  const nginxCpu = new Map<string, number[]>(names.map((n) => [n, []]));
  let lost = 0;
  let recorderRss = 0;
  for (let r = 0; r < ROUNDS; r++) {
    const order = shuffled(names.flatMap((n) => WORKLOADS.map((w) => `${w} ${n}`)));
    process.stderr.write(`round ${r + 1}: ${order.join(', ')}\n`);
    for (const step of order) {
      const [bench, ...rest] = step.split(' ');
      const name = rest.join(' ');
      const variant = VARIANTS[name] as Variant;
      const m = bench === 'storm' ? await measure(variant, storm) : await measure(variant, nginx);
      if (typeof m.value === 'number') stormNs.get(name)?.push(m.value);
      else {
        nginxRps.get(name)?.push(m.value.requestsPerSec);
        nginxCpu.get(name)?.push(m.value.cpuUsPerRequest);
      }
      if (variant.recording === 'recording' && variant.binary === undefined) {
        lost += m.lost;
        recorderRss = Math.max(recorderRss, m.recorderRssKb);
      }
    }
  }
  writeFileSync(BPF_STATS, '1');
  const programNs = { recording: [] as number[], elsewhere: [] as number[] };
  for (let r = 0; r < (NARROWED ? 0 : ROUNDS); r++) {
    for (const name of shuffled(['recording', 'elsewhere'] as const)) {
      programNs[name].push((await measure(VARIANTS[name] as Variant, storm)).bpfNsPerCall);
    }
  }
  writeFileSync(BPF_STATS, '0');

  const stormWithout = median(stormNs.get('without') ?? []);
  const nginxWithout = median(nginxRps.get('without') ?? []);
  const nginxCpuWithout = median(nginxCpu.get('without') ?? []);
  const label: Record<string, string> = {
    without: 'without a recorder',
    floor: 'an empty sys_enter program (the slow syscall path alone)',
    recording: 'recording this workload',
    elsewhere: 'recorder learning another workload (syscall programs attached)',
    idle: 'recorder loaded, nothing learning (syscall programs detached)',
    'before: recording': 'before (baseline recorder): recording this workload',
    'before: nothing learning': 'before (baseline recorder): loaded, nothing tracked',
  };
  const rows = names.map((n) => {
    const s = stormNs.get(n) ?? [];
    const h = nginxRps.get(n) ?? [];
    const c = nginxCpu.get(n) ?? [];
    const sm = median(s);
    const hm = median(h);
    const cm = median(c);
    const above = (x: number, base: number) =>
      n === 'without' || Number.isNaN(x) ? '–' : `${((x / base - 1) * 100).toFixed(1)} %`;
    const lost = n === 'without' || h.length === 0 ? '–' : `${((1 - hm / nginxWithout) * 100).toFixed(1)} %`;
    const cpuRange = `${Math.min(...c).toFixed(1)}–${Math.max(...c).toFixed(1)}`;
    const storm = s.length === 0 ? '–' : `${sm.toFixed(1)} (${range(s)})`;
    const cpu = c.length === 0 ? '–' : `${cm.toFixed(1)} (${cpuRange})`;
    const rps = h.length === 0 ? '–' : `${hm.toFixed(0)} (${range(h)})`;
    return `| ${label[n] ?? n} | ${storm} | ${above(sm, stormWithout)} | ${cpu} | ${above(cm, nginxCpuWithout)} | ${rps} | ${lost} |`;
  });
  const section = [
    `Run of ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC on ${process.arch}, Node ${process.version}; load average ${loadBefore} before, ${loadAverage()} after (2 cores shared with the load generator). ${ROUNDS} rounds; in each, every variant of both workloads once, in a fresh random order; medians (range).`,
    '',
    'The storm is `bench/profiler-storm.c` (2 processes × 3M getppid/getpriority, CPU ns per syscall of its processes); nginx serves a static file from 1 worker, access log off, to autocannon (16 connections × 8 s): CPU µs per request of its cgroup (`cpu.stat`), and requests per second. CPU, not wall time, is the recorder’s cost: on a shared machine time spent waiting for a core is not. Overheads: above, or for requests per second below, "without".',
    '',
    '| variant | storm ns per syscall | storm overhead | nginx CPU µs per request | nginx CPU overhead | nginx req/s | req/s lost |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    NARROWED
      ? 'A narrowed run: more rounds of the variants that decide one question; the full run is the section "bpf-profiler overhead".'
      : `Kernel accounting of the sys_enter program (kernel.bpf_stats_enabled, its own phase; includes one clock read): ${median(programNs.recording).toFixed(0)} ns per call for a recorded task, ${median(programNs.elsewhere).toFixed(0)} ns for any other task while something learns. Events lost in the recording rounds: ${lost}. Recorder (C loader) RSS ${(recorderRss / 1024).toFixed(1)} MiB.`,
    '',
    'The recorder attaches its syscall programs (sys_enter and 41 sys_exit_ tracepoints) only while it tracks a key or watches a root; the node agent stops tracking a workload once its profile is complete and stops watching when nothing on the node learns (docs/bpf-profiler.md, "Syscall programs on demand"). Any syscall tracepoint with a program switches every task on the host to the slow syscall path whatever the program does: the empty program’s row is what any recorder built on syscall tracepoints costs at least, "learning elsewhere" what every other process pays while anything learns, "nothing learning" what a node pays once every workload is learned. Goals: nginx ≤ 5 % while recording; nothing learning within noise of "without".',
    '',
    NARROWED
      ? `Reproduce (root, real kernel): \`VARIANTS=${names.join(',')} WORKLOADS=${WORKLOADS.join(',')} ROUNDS=${ROUNDS} npm run bench:profiler\`.`
      : 'Reproduce (root, real kernel): `npm run bench:profiler` (`ROUNDS`; `PROFILEGATE_RECORDER_BASELINE=<recorder binary>` adds the "before" rows; `VARIANTS`, `WORKLOADS` narrow a run).',
  ].join('\n');
  writeSection(
    NARROWED
      ? `## bpf-profiler overhead: ${names.join(', ')} (${WORKLOADS.join(', ')})`
      : '## bpf-profiler overhead',
    section,
  );
  if (lost > 0) process.exitCode = 1;
}

await main();
