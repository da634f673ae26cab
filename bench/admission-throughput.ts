/**
 * Throughput and latency of POST /validate against a no-op handler on the same server
 * stack, in the same run, over HTTPS with a corpus of real AdmissionReview documents
 * (test/fixtures/reviews). Writes the figures to BENCHMARKS.md.
 *
 *   npm run bench:admission            (DURATION=15 CONNECTIONS=16 by default)
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { REVIEWS_DIR, reviewFixtureNames } from '../test/support/fixtures.js';
import { loadAverage, writeSection } from './benchmarks-file.js';
import { CERT_DIR, postLoad } from './https-load.js';

const DURATION = Number(process.env.DURATION ?? 15);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 16);
const ROUNDS = 3;

/** The round with the median throughput, reported whole so its latencies belong to it. */
function median(figures: Figures[]): Figures {
  const sorted = [...figures].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond);
  const middle = sorted[Math.floor(sorted.length / 2)];
  if (!middle) throw new Error('no measurements');
  return middle;
}

interface Figures {
  path: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

async function startServer(): Promise<{ port: number; stop(): void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/admission-server.ts', CERT_DIR], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let buffer = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const line = buffer.split('\n').find((l) => l.startsWith('{"benchPort"'));
      if (line) resolve((JSON.parse(line) as { benchPort: number }).benchPort);
    });
    child.once('exit', (code) => reject(new Error(`benchmark server exited with ${code}`)));
  });
  return { port, stop: () => child.kill('SIGTERM') };
}

async function measure(port: number, path: string, bodies: string[], seconds: number): Promise<Figures> {
  const result = await postLoad({ port, path, bodies, seconds, connections: CONNECTIONS });
  return {
    path,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}

const loadBefore = loadAverage();
const bodies = reviewFixtureNames().map((name) => readFileSync(join(REVIEWS_DIR, `${name}.json`), 'utf8'));
const server = await startServer();
try {
  await measure(server.port, '/noop', bodies, 2); // warm-up: JIT and TLS session setup
  await measure(server.port, '/validate', bodies, 2);
  // Endpoints take turns over several rounds, so a change in background load hits them alike.
  const rounds: Record<string, Figures[]> = { '/noop': [], '/validate': [], '/mutate': [] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const path of Object.keys(rounds)) {
      rounds[path]?.push(await measure(server.port, path, bodies, DURATION / ROUNDS));
    }
  }
  const noop = median(rounds['/noop'] ?? []);
  const validate = median(rounds['/validate'] ?? []);
  const mutate = median(rounds['/mutate'] ?? []);
  const share = (f: Figures) => ((f.requestsPerSecond / noop.requestsPerSecond) * 100).toFixed(1);
  const row = (f: Figures) =>
    `| \`POST ${f.path}\` | ${Math.round(f.requestsPerSecond)} | ${share(f)}% | ${f.p50} | ${f.p99} | ${f.errors + f.non2xx} |`;
  const cost = 100 - Number(share(validate));
  const section = [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}; ` +
      `load average ${loadBefore} before, ${loadAverage()} after; ` +
      `${CONNECTIONS} connections, ${DURATION}s per endpoint in ${ROUNDS} alternating rounds (median round shown), HTTPS, corpus of ${bodies.length} AdmissionReviews ` +
      '(test/fixtures/reviews: every workload kind, privileged and compliant, a Service, a ConfigMap). ' +
      'Server and load generator share the machine.',
    '',
    '| endpoint | requests/s | of no-op | p50 ms | p99 ms | errors |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    row(noop),
    row(validate),
    row(mutate),
    '',
    `Policy evaluation costs ${cost.toFixed(1)}% of the no-op throughput on /validate (goal: at most 30%).`,
    '',
    'Reproduce: `npm run bench:admission` (`DURATION`, `CONNECTIONS` override the defaults).',
  ].join('\n');
  writeSection('## Admission throughput', section);
} finally {
  server.stop();
}
