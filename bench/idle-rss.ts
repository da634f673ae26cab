/**
 * Resident memory of the webhook at rest: the compiled server (`dist/webhook/main.js`, what
 * `npm start` and the image run) with the built-in bundle and its defaults (2 evaluation
 * workers), started fresh each round, read from /proc/<pid>/status 10 s after it listens and
 * again after 200 reviews (the engines' memory grown to what reviews use). Medians of ROUNDS.
 *
 *   npm run bench:idle-rss      (ROUNDS=3)
 */
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { cpus, loadavg } from 'node:os';
import { reviewFixture } from '../test/support/fixtures.js';
import { replaceSection } from './benchmarks-file.js';

const ROUNDS = Number(process.env.ROUNDS ?? 3);

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

function post(port: number, body: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/validate',
        rejectUnauthorized: false,
        headers: { 'content-type': 'application/json' },
      },
      (res) => {
        res.resume();
        res.on('end', resolve);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function round(): Promise<{ idle: number; afterReviews: number }> {
  const child = spawn(process.execPath, ['dist/webhook/main.js'], {
    env: { ...process.env, PROFILEGATE_PORT: '0', PROFILEGATE_METRICS_PORT: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let buffer = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        buffer += chunk;
        for (const line of buffer.split('\n')) {
          if (line.includes('"msg":"listening"')) resolve((JSON.parse(line) as { port: number }).port);
        }
      });
      child.once('exit', (code) => reject(new Error(`webhook exited with ${code}`)));
    });
    await new Promise((r) => setTimeout(r, 10_000));
    const idle = rssMiB(child.pid ?? 0);
    const bodies = ['pod-privileged', 'deployment-privileged', 'pod-compliant'].map((f) =>
      JSON.stringify(reviewFixture(f)),
    );
    for (let i = 0; i < 200; i++) await post(port, bodies[i % bodies.length] ?? '');
    await new Promise((r) => setTimeout(r, 2000));
    return { idle, afterReviews: rssMiB(child.pid ?? 0) };
  } finally {
    child.kill('SIGKILL');
  }
}

/** RSS of a bare Node process after importing `module` (none: Node itself). */
function importRssMiB(module: string): number {
  const script = `${module ? `await import('${module}');` : ''} console.log(process.memoryUsage().rss)`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  return Number(out.trim()) / 2 ** 20;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');
const loadBefore = load();
const samples: { idle: number; afterReviews: number }[] = [];
for (let i = 0; i < ROUNDS; i++) {
  const sample = await round();
  console.log(JSON.stringify(sample));
  samples.push(sample);
}
const bare = median([0, 1, 2].map(() => importRssMiB('')));
const imports = [
  '@kubernetes/client-node',
  'express',
  'zod',
  '@open-policy-agent/opa-wasm',
  'prom-client',
  'pino',
].map((m) => `\`${m}\` +${(median([0, 1, 2].map(() => importRssMiB(m))) - bare).toFixed(0)} MiB`);
const body = `Run of ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, Node ${process.version}; load average ${loadBefore} before, ${load()} after. ${ROUNDS} rounds, a fresh process each; medians.

The compiled webhook (\`dist/webhook/main.js\`, as \`npm start\` runs it) with the built-in bundle and the defaults (2 evaluation workers), RSS of the whole process (main thread and workers):

| | RSS |
| --- | ---: |
| idle, 10 s after listening | ${median(samples.map((s) => s.idle)).toFixed(0)} MiB |
| after 200 reviews (privileged Pod, privileged Deployment, compliant Pod) | ${median(samples.map((s) => s.afterReviews)).toFixed(0)} MiB |

Goal: ≤ 150 MB idle. Where it goes: a bare Node process is ${bare.toFixed(0)} MiB; importing each dependency alone adds ${imports.join(', ')}. The webhook imports @kubernetes/client-node (its generated API models load with it) only when \`kubernetes.enabled\`, so this run, without a cluster, does not carry it; in a cluster the webhook carries it, and a lean API client (the node agent has one) would be the way to the goal there. Each evaluation worker adds about 14 MiB.

Reproduce: \`npm run build && npm run bench:idle-rss\` (\`ROUNDS\`).`;
console.log(body);
writeFileSync(
  'BENCHMARKS.md',
  replaceSection(readFileSync('BENCHMARKS.md', 'utf8'), '## Webhook memory at rest', body),
);
