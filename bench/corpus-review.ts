/**
 * CPU of one `/validate` review of each corpus AdmissionReview (test/fixtures/reviews), in-process:
 * the review flow the webhook runs on a read body, engine on this thread, no HTTP. Each review
 * is repeated REVIEWS times per round; reviews alternate within a round; medians of ROUNDS. Also
 * the share of policy evaluation (the engine's call: input to JSON, WebAssembly, result back).
 * The goal is a corpus median of at most 60 µs per review. BEFORE_BUNDLE=<bundle.tar.gz> (e.g.
 * the previous commit's, from `npm run build:policies` there) adds that bundle as a variant that
 * alternates with this one review by review, for a before/after ratio in one run.
 *
 *   npm run bench:corpus-review     (ROUNDS=5 REVIEWS=200 BEFORE_BUNDLE=)
 */
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseAdmissionReview } from '../src/admission/parse-review.js';
import { parseConfig } from '../src/config/parse-config.js';
import { verifyPatches } from '../src/hardening/verify-patches.js';
import type { PolicyInput } from '../src/policy/policy-input.js';
import { WasmPolicyEngine, type PolicyEngine } from '../src/policy/wasm-engine.js';
import { NO_NAMESPACE_LABELS, NO_PROFILES } from '../src/review/review-dependencies.js';
import { reviewRequest } from '../src/review/review-request.js';
import { REVIEWS_DIR, reviewFixtureNames } from '../test/support/fixtures.js';
import { loadAverage, writeSection } from './benchmarks-file.js';

const ROUNDS = Number(process.env.ROUNDS ?? 5);
const REVIEWS = Number(process.env.REVIEWS ?? 200);
const BEFORE_BUNDLE = process.env.BEFORE_BUNDLE;
const NOW = 'this bundle';
const BEFORE = 'before';

const cpuUs = (): number => {
  const u = process.cpuUsage();
  return u.user + u.system;
};
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

interface Cost {
  name: string;
  total: number;
  eval: number;
}

async function main(): Promise<void> {
  const loadBefore = loadAverage();
  let evaluating = 0;
  let calls = 0;
  const measured = async (bundle: string): Promise<PolicyEngine> => {
    const wasm = await WasmPolicyEngine.fromBundle(readFileSync(bundle), bundle);
    return {
      revision: wasm.revision,
      evaluate: (input: PolicyInput) => {
        const t = cpuUs();
        const result = wasm.evaluateNow(JSON.stringify(input));
        evaluating += cpuUs() - t;
        calls++;
        return Promise.resolve(result);
      },
    };
  };
  const variants = new Map<string, PolicyEngine>([[NOW, await measured('policies/bundle/bundle.tar.gz')]]);
  if (BEFORE_BUNDLE !== undefined) variants.set(BEFORE, await measured(BEFORE_BUNDLE));
  let engine = variants.get(NOW) as PolicyEngine;
  const deps = {
    config: parseConfig({}, 'bench'),
    engine: () => engine,
    namespaces: NO_NAMESPACE_LABELS,
    profiles: NO_PROFILES,
    patchVerifier: { verify: verifyPatches },
  };
  const bodies = new Map(
    reviewFixtureNames().map((n) => [n, readFileSync(join(REVIEWS_DIR, `${n}.json`), 'utf8')]),
  );
  /** One review as the webhook does it once the body is read: JSON, the AdmissionReview schema, the flow. */
  const review = (body: string) => reviewRequest(parseAdmissionReview(JSON.parse(body)), 'validate', deps);
  const judged: string[] = [];
  for (const [name, body] of bodies) {
    const before = calls;
    await review(body);
    if (calls > before) judged.push(name);
  }
  for (const e of variants.values()) {
    engine = e;
    for (let i = 0; i < 2000; i++) await review(bodies.get(judged[i % judged.length] ?? '') ?? ''); // warm-up
  }

  const samples = new Map<string, { total: number[]; eval: number[] }>();
  const sampleOf = (variant: string, name: string) => {
    const k = `${variant}/${name}`;
    const s = samples.get(k) ?? { total: [], eval: [] };
    samples.set(k, s);
    return s;
  };
  for (let r = 0; r < ROUNDS; r++) {
    const forward = r % 2 === 0;
    for (const name of forward ? judged : [...judged].reverse()) {
      const body = bodies.get(name) ?? '';
      for (const [variant, e] of forward ? [...variants] : [...variants].reverse()) {
        engine = e;
        evaluating = 0;
        const t = cpuUs();
        for (let i = 0; i < REVIEWS; i++) await review(body);
        const s = sampleOf(variant, name);
        s.total.push((cpuUs() - t) / REVIEWS);
        s.eval.push(evaluating / REVIEWS);
      }
    }
  }
  const costs = (variant: string): Cost[] =>
    judged.map((name) => {
      const s = sampleOf(variant, name);
      return { name, total: median(s.total), eval: median(s.eval) };
    });
  const rows = costs(NOW).sort((a, b) => a.total - b.total);
  const before = new Map(BEFORE_BUNDLE === undefined ? [] : costs(BEFORE).map((c) => [c.name, c]));
  const corpusMedian = median(rows.map((r) => r.total));
  const evalMedian = median(rows.map((r) => r.eval));
  const beforeMedian = median([...before.values()].map((c) => c.total));
  const compared = BEFORE_BUNDLE !== undefined;
  const section = [
    `Run of ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, Node ${process.version}; load average ${loadBefore} before, ${loadAverage()} after. ${ROUNDS} rounds of ${REVIEWS} reviews of each${compared ? ' per bundle, bundles alternating review by review' : ''}, reviews alternating (forward, then backward), medians; CPU of the review flow in-process (engine on this thread, no HTTP), default configuration, no profiles.`,
    '',
    `The ${judged.length} AdmissionReviews of test/fixtures/reviews that reach policy evaluation (the others are answered before it).`,
    '',
    compared
      ? '| review | CPU µs per review | of it: policy evaluation | before: CPU µs per review | before / now |'
      : '| review | CPU µs per review | of it: policy evaluation |',
    compared ? '| --- | ---: | ---: | ---: | ---: |' : '| --- | ---: | ---: |',
    ...rows.map((r) => {
      const cells = [
        r.name,
        r.total.toFixed(0),
        `${r.eval.toFixed(0)} (${((r.eval / r.total) * 100).toFixed(0)} %)`,
      ];
      const b = before.get(r.name);
      if (b !== undefined) cells.push(b.total.toFixed(0), `${(b.total / r.total).toFixed(2)}×`);
      return `| ${cells.join(' | ')} |`;
    }),
    '',
    `Corpus median: **${corpusMedian.toFixed(0)} µs** per review, of it policy evaluation ${evalMedian.toFixed(0)} µs (goal: at most 60 µs per review).` +
      (compared
        ? ` Before (\`${BEFORE_BUNDLE}\`): ${beforeMedian.toFixed(0)} µs, ${(beforeMedian / corpusMedian).toFixed(2)}× now.`
        : ''),
    '',
    'Reproduce: `npm run bench:corpus-review` (`ROUNDS`, `REVIEWS`; `BEFORE_BUNDLE=<bundle.tar.gz>` adds a before column).',
  ].join('\n');
  writeSection('## In-process review cost of the corpus', section);
}

await main();
