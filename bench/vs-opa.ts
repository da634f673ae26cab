/**
 * ProfileGate's POST /validate against `opa run --server` on the same Rego and the same policy
 * inputs, measured side by side in one run:
 * - OPA loads policies/rego from source (the bundle ProfileGate serves is built from it);
 * - the inputs are the ones the review flow builds from the corpus (test/fixtures/reviews, the
 *   reviews that reach policy evaluation), captured in-process; OPA gets {"input": …} on
 *   /v1/data/profilegate/main/result, ProfileGate the AdmissionReview;
 * - results are checked equal for every input (OPA's answer against the WebAssembly engine's)
 *   before anything is timed;
 * - both serve HTTPS with the same certificate on 127.0.0.1; autocannon, CONNECTIONS keep-alive
 *   connections, ROUNDS alternating rounds of DURATION/ROUNDS seconds each; medians;
 * - CPU per review = the server process's user + system time (all its threads, from
 *   /proc/<pid>/stat) over the requests answered in the round; peak RSS from VmHWM.
 *
 *   npm run bench:vs-opa        (DURATION=30 CONNECTIONS=16 ROUNDS=3)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { Agent, request as httpsRequest } from 'node:https';
import { parseAdmissionReview } from '../src/admission/parse-review.js';
import { locateOpa } from '../src/cli/build/opa-cli.js';
import { parseConfig } from '../src/config/parse-config.js';
import { verifyPatches } from '../src/hardening/verify-patches.js';
import type { PolicyInput } from '../src/policy/policy-input.js';
import type { PolicyResult } from '../src/policy/violation.js';
import { WasmPolicyEngine, type PolicyEngine } from '../src/policy/wasm-engine.js';
import { NO_NAMESPACE_LABELS, NO_PROFILES } from '../src/review/review-dependencies.js';
import { reviewRequest } from '../src/review/review-request.js';
import { REVIEWS_DIR, reviewFixtureNames } from '../test/support/fixtures.js';
import { loadAverage, writeSection } from './benchmarks-file.js';
import { CERT_DIR, postLoad } from './https-load.js';

const DURATION = Number(process.env.DURATION ?? 30);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 16);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const OPA_PATH = '/v1/data/profilegate/main/result';
const CLOCK_TICKS_PER_SECOND = 100;

interface Corpus {
  reviews: string[];
  inputs: string[];
  results: PolicyResult[];
}

/** The judged reviews of the corpus, with the input and result the review flow produces for each. */
async function corpus(): Promise<Corpus> {
  const engine = await WasmPolicyEngine.fromBundle(readFileSync('policies/bundle/bundle.tar.gz'), 'bench');
  const config = parseConfig({}, 'bench');
  const out: Corpus = { reviews: [], inputs: [], results: [] };
  for (const name of reviewFixtureNames()) {
    const body = readFileSync(join(REVIEWS_DIR, `${name}.json`), 'utf8');
    const captured: { input?: PolicyInput; result?: PolicyResult } = {};
    const capturing: PolicyEngine = {
      revision: engine.revision,
      evaluate: async (input: PolicyInput) => {
        captured.input = input;
        captured.result = await engine.evaluate(input);
        return captured.result;
      },
    };
    await reviewRequest(parseAdmissionReview(JSON.parse(body)), 'validate', {
      config,
      engine: () => capturing,
      namespaces: NO_NAMESPACE_LABELS,
      profiles: NO_PROFILES,
      patchVerifier: { verify: verifyPatches },
    });
    if (captured.input === undefined || captured.result === undefined) continue;
    out.reviews.push(body);
    out.inputs.push(JSON.stringify({ input: captured.input }));
    out.results.push(captured.result);
  }
  return out;
}

function childPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const line = buffer.split('\n').find((l) => l.startsWith('{"benchPort"'));
      if (line) resolve((JSON.parse(line) as { benchPort: number }).benchPort);
    });
    child.once('exit', (code) => reject(new Error(`benchmark server exited with ${code}`)));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function post(port: number, path: string, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        ca: readFileSync(join(CERT_DIR, 'tls.crt')),
        servername: 'localhost',
        agent: new Agent({ keepAlive: false }),
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.once('error', reject);
    req.end(body);
  });
}

async function startOpa(): Promise<{ child: ChildProcess; port: number }> {
  const port = await freePort();
  const child = spawn(
    locateOpa(process.env),
    [
      'run',
      '--server',
      '--addr',
      `127.0.0.1:${port}`,
      '--tls-cert-file',
      join(CERT_DIR, 'tls.crt'),
      '--tls-private-key-file',
      join(CERT_DIR, 'tls.key'),
      '--log-level',
      'error',
      '--ignore',
      '*_test.rego',
      'policies/rego',
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  for (let i = 0; i < 200; i++) {
    const up = await post(port, OPA_PATH, '{"input":{}}').catch(() => undefined);
    if (up !== undefined) return { child, port };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error('opa run --server did not answer within 20 s');
}

const canonical = (r: PolicyResult): string[] =>
  r.violations.map((v) => JSON.stringify(v, Object.keys(v).sort())).sort();

async function checkEqual(port: number, c: Corpus): Promise<void> {
  for (let i = 0; i < c.inputs.length; i++) {
    const answer = await post(port, OPA_PATH, c.inputs[i] ?? '');
    const opa = (JSON.parse(answer.body) as { result?: PolicyResult }).result;
    const wasm = c.results[i];
    if (opa === undefined || wasm === undefined) throw new Error(`input ${i}: OPA answered ${answer.body}`);
    if (JSON.stringify(canonical(opa)) !== JSON.stringify(canonical(wasm))) {
      throw new Error(
        `input ${i}: OPA and the WebAssembly engine disagree:\n${answer.body}\n${JSON.stringify(wasm)}`,
      );
    }
  }
}

/** utime + stime of a process (every thread), in seconds. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

function peakRssMiB(pid: number): number {
  const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb ?? 0) / 1024;
}

interface Round {
  rps: number;
  cpuUsPerReview: number;
  cores: number;
  p50: number;
  p99: number;
  errors: number;
}

async function measure(
  pid: number,
  port: number,
  path: string,
  bodies: string[],
  seconds: number,
): Promise<Round> {
  const cpu0 = cpuSeconds(pid);
  const t0 = performance.now();
  const result = await postLoad({ port, path, bodies, seconds, connections: CONNECTIONS });
  const wall = (performance.now() - t0) / 1000;
  const cpu = cpuSeconds(pid) - cpu0;
  const answered = result.requests.total;
  return {
    rps: answered / wall,
    cpuUsPerReview: (cpu / Math.max(1, answered)) * 1e6,
    cores: cpu / wall,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

const medianBy = (rounds: Round[], key: keyof Round): number =>
  [...rounds].map((r) => r[key]).sort((a, b) => a - b)[Math.floor(rounds.length / 2)] ?? NaN;

async function main(): Promise<void> {
  const loadBefore = loadAverage();
  const c = await corpus();
  const webhook = spawn(process.execPath, ['--import', 'tsx', 'bench/admission-server.ts', CERT_DIR], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const opa = await childPort(webhook).then(async (pgPort) => ({ pgPort, ...(await startOpa()) }));
  const pgPid = webhook.pid ?? 0;
  const opaPid = opa.child.pid ?? 0;
  try {
    await checkEqual(opa.port, c);
    // Warm-up: JIT, TLS sessions, OPA's query cache.
    await measure(pgPid, opa.pgPort, '/validate', c.reviews, 3);
    await measure(opaPid, opa.port, OPA_PATH, c.inputs, 3);
    const pg: Round[] = [];
    const op: Round[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const [first, second] = round % 2 === 0 ? (['pg', 'opa'] as const) : (['opa', 'pg'] as const);
      for (const side of [first, second]) {
        if (side === 'pg')
          pg.push(await measure(pgPid, opa.pgPort, '/validate', c.reviews, DURATION / ROUNDS));
        else op.push(await measure(opaPid, opa.port, OPA_PATH, c.inputs, DURATION / ROUNDS));
      }
    }
    const loadAfter = loadAverage();
    const row = (name: string, rounds: Round[], rss: number) =>
      `| ${name} | ${Math.round(medianBy(rounds, 'rps'))} | ${Math.round(medianBy(rounds, 'cpuUsPerReview'))} | ${medianBy(rounds, 'cores').toFixed(2)} | ${medianBy(rounds, 'p50')} | ${medianBy(rounds, 'p99')} | ${Math.round(rss)} | ${rounds.reduce((s, r) => s + r.errors, 0)} |`;
    const rpsRatio = medianBy(pg, 'rps') / medianBy(op, 'rps');
    const cpuRatio = medianBy(pg, 'cpuUsPerReview') / medianBy(op, 'cpuUsPerReview');
    const section = [
      `Run of ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, Node ${process.version}; load average ${loadBefore} before, ${loadAfter} after. ${ROUNDS} rounds of ${(DURATION / ROUNDS).toFixed(0)} s per side, sides alternating, ${CONNECTIONS} keep-alive connections, HTTPS with one certificate; medians.`,
      '',
      `${c.inputs.length} inputs: the reviews of test/fixtures/reviews that reach policy evaluation, as the review flow builds their input; OPA (\`opa run --server\`, policies/rego from source) returned the same violations as the WebAssembly engine for every one, checked in this run.`,
      '',
      '| server | requests/s | CPU µs per review | cores used | p50 ms | p99 ms | peak RSS MiB | errors |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      row('ProfileGate `POST /validate`', pg, peakRssMiB(pgPid)),
      row(`\`opa run --server\` \`POST ${OPA_PATH}\``, op, peakRssMiB(opaPid)),
      '',
      'Peak RSS is of the bench server, which runs from source through tsx; the compiled webhook at rest is in "Webhook memory at rest". Server, OPA and autocannon share the 2 cores: requests per second are bounded by CPU per review.',
      '',
      `ProfileGate / OPA: **${rpsRatio.toFixed(2)}×** the requests per second (goal ≥ 3×), **${cpuRatio.toFixed(2)}×** the CPU per review (goal ≤ 0.2×).`,
      '',
      'Reproduce: `npm run bench:vs-opa` (`DURATION`, `CONNECTIONS`, `ROUNDS`).',
    ].join('\n');
    writeSection('## /validate against OPA', section);
  } finally {
    webhook.kill('SIGTERM');
    opa.child.kill('SIGTERM');
  }
}

await main();
