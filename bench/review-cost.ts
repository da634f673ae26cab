/**
 * Cost of one review by pod size, and what an expensive review does to cheap ones.
 *
 * 1. CPU per review (process.cpuUsage around the shared review flow, in-process engine) for a
 *    privileged Pod with 1 … 5000 containers, "before" = the bundle of BEFORE_REV (default
 *    719864c, before the linear Rego library), "after" = the current bundle; variants alternate
 *    every round, medians shown. "before" stops at 500 containers: from about 800 it runs out of
 *    engine memory.
 * 2. Mix: the real webhook over HTTPS (worker pool, 2 workers); cheap reviews, one at a time,
 *    while 5000-container reviews arrive back to back, alternating with rounds without them.
 *
 *   npm run bench:review     (ROUNDS=5 by default)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { WasmPolicyEngine } from '../src/policy/wasm-engine.js';
import { parseConfig } from '../src/config/parse-config.js';
import { parseAdmissionReview } from '../src/admission/parse-review.js';
import { reviewRequest } from '../src/review/review-request.js';
import { NO_NAMESPACE_LABELS, NO_PROFILES } from '../src/review/review-dependencies.js';
import { verifyPatches } from '../src/hardening/verify-patches.js';
import { startTestWebhook } from '../test/support/webhook-harness.js';
import { reviewFixture } from '../test/support/fixtures.js';
import { replaceSection } from './benchmarks-file.js';

const ROUNDS = Number(process.env.ROUNDS ?? 5);
const BEFORE_REV = process.env.BEFORE_REV ?? '719864c';
const SIZES = [1, 10, 100, 1000, 5000];
const BEFORE_MAX = 500;

function paddedPod(count: number): Record<string, unknown> {
  const review = reviewFixture('pod-privileged');
  const spec = (review.request as { object: { spec: { containers: Record<string, unknown>[] } } }).object
    .spec;
  const [first] = spec.containers;
  spec.containers = Array.from({ length: count }, (_, i) => ({ ...first, name: `c${i}` }));
  return review;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const quantile = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))] ?? NaN;

async function cpuPerReview(): Promise<string[]> {
  const config = parseConfig({ mode: 'warn', policies: { 'pss-privileged': { mode: 'enforce' } } }, 'bench');
  const archives = {
    before: execFileSync('git', ['show', `${BEFORE_REV}:policies/bundle/bundle.tar.gz`]),
    after: readFileSync('policies/bundle/bundle.tar.gz'),
  };
  const engines = {
    before: await WasmPolicyEngine.fromBundle(archives.before, BEFORE_REV),
    after: await WasmPolicyEngine.fromBundle(archives.after, 'current'),
  };
  const samples = new Map<string, number[]>();
  const requests = new Map(SIZES.map((n) => [n, parseAdmissionReview(paddedPod(n))]));
  for (let round = -1; round < ROUNDS; round++) {
    for (const n of SIZES) {
      for (const variant of ['before', 'after'] as const) {
        if (variant === 'before' && n > BEFORE_MAX) continue;
        const deps = {
          config,
          engine: () => engines[variant],
          namespaces: NO_NAMESPACE_LABELS,
          profiles: NO_PROFILES,
          patchVerifier: { verify: verifyPatches },
        };
        const request = requests.get(n);
        if (!request) continue;
        const start = process.cpuUsage();
        const outcome = await reviewRequest(request, 'validate', deps);
        const used = process.cpuUsage(start);
        if (outcome.decision !== 'deny') throw new Error(`${variant} ${n}: ${outcome.decision}`);
        if (round >= 0)
          samples.set(`${variant}/${n}`, [
            ...(samples.get(`${variant}/${n}`) ?? []),
            (used.user + used.system) / 1000,
          ]);
      }
    }
  }
  const rows = SIZES.map((n) => {
    const after = median(samples.get(`after/${n}`) ?? []);
    const before = median(samples.get(`before/${n}`) ?? []);
    const beforeText =
      n > BEFORE_MAX
        ? 'out of engine memory'
        : `${before.toFixed(1)} (${((before / n) * 1000).toFixed(0)} µs/container)`;
    const ratio = n > BEFORE_MAX ? '–' : `${(before / after).toFixed(1)}×`;
    return `| ${n} | ${beforeText} | **${after.toFixed(1)}** (${((after / n) * 1000).toFixed(0)} µs/container) | ${ratio} |`;
  });
  return [
    '| containers | before: CPU ms per review | after: CPU ms per review | before / after |',
    '| ---: | ---: | ---: | ---: |',
    ...rows,
  ];
}

async function mix(): Promise<string[]> {
  const webhook = await startTestWebhook({
    mode: 'warn',
    policies: { 'pss-privileged': { mode: 'enforce' } },
  });
  const cheap = reviewFixture('pod-compliant');
  const large = JSON.stringify(paddedPod(5000));
  const latencies = { quiet: [] as number[], loaded: [] as number[] };
  let largeDone = 0;
  try {
    for (let round = 0; round < ROUNDS; round++) {
      for (const variant of ['quiet', 'loaded'] as const) {
        let running = variant === 'loaded';
        const load = (async () => {
          while (running) {
            await webhook.post('/validate', large);
            largeDone++;
          }
        })();
        await new Promise((r) => setTimeout(r, 200));
        const until = performance.now() + 2000;
        while (performance.now() < until) {
          await new Promise((r) => setTimeout(r, 10));
          const start = performance.now();
          const answer = await webhook.post('/validate', cheap);
          if (answer.status !== 200) throw new Error(answer.text);
          latencies[variant].push(performance.now() - start);
        }
        running = false;
        await load;
      }
    }
  } finally {
    await webhook.stop();
  }
  const row = (name: string, xs: number[]) =>
    `| ${name} | ${median(xs).toFixed(1)} | ${quantile(xs, 0.99).toFixed(1)} | ${Math.max(...xs).toFixed(1)} |`;
  const added = quantile(latencies.loaded, 0.99) - quantile(latencies.quiet, 0.99);
  return [
    `Cheap reviews (pod-compliant), one at a time 10 ms apart for 2 s per round (${latencies.quiet.length} quiet, ${latencies.loaded.length} loaded); "loaded": 5000-container reviews back to back meanwhile (${largeDone} of them). Wall ms.`,
    '',
    '| variant | p50 | p99 | max |',
    '| --- | ---: | ---: | ---: |',
    row('quiet', latencies.quiet),
    row('loaded', latencies.loaded),
    '',
    `Added p99 delay: ${added.toFixed(1)} ms (goal: at most 50 ms). RSS after the run: ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB (webhook, pool and benchmark in one process).`,
  ];
}

const loadBefore = loadavg()
  .map((l) => l.toFixed(2))
  .join(', ');
const startedAt = new Date().toISOString().slice(0, 16).replace('T', ' ');
const cpuRows = await cpuPerReview();
const mixRows = await mix();
const loadAfter = loadavg()
  .map((l) => l.toFixed(2))
  .join(', ');
const section = [
  `Run of ${startedAt} UTC on ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}; load average ${loadBefore} before, ${loadAfter} after (other sessions share the machine). ${ROUNDS} rounds, variants alternating, medians.`,
  '',
  `A privileged Pod padded to N containers, mode warn with pss-privileged in enforce (the padded-pod case), level baseline; CPU of the whole review flow with the engine in-process. "before" = the bundle of \`${BEFORE_REV}\`.`,
  '',
  ...cpuRows,
  '',
  ...mixRows,
  '',
  'Reproduce: `npm run bench:review` (`ROUNDS`, `BEFORE_REV` override the defaults).',
].join('\n');
const file = 'BENCHMARKS.md';
const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
writeFileSync(file, replaceSection(current, '## Review cost by pod size, and isolation', section));
process.stdout.write(`${section}\n`);
