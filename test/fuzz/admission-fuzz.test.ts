/**
 * Property-based fuzzing of the running webhook (real HTTPS, the worker pool, the compiled
 * bundle, generated profiles) with generated AdmissionReviews the API server could send
 * (admission-review-arbitrary.ts). For every review, both endpoints must answer an
 * AdmissionReview for its uid within the evaluation deadline without a crash; a review with a
 * baseline violation the independent oracle sees is denied in enforce mode, naming the rule; a
 * pod beyond evaluation.maxContainers is denied naming the limit; and the answer (allowed,
 * message, warnings, patch) is the one the real `profilegate eval` gives for the same review.
 * PROFILEGATE_FUZZ_RUNS sets the count (CI's default below; `npm run test:fuzz:full` runs
 * 100,000); PROFILEGATE_FUZZ_SEED replays a run, whose seed is printed first.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { admissionReviewArbitrary, type GeneratedReview } from './admission-review-arbitrary.js';
import {
  answerAll,
  MAX_CONTAINERS,
  startFuzzTarget,
  type Answered,
  type EvalEntry,
  type FuzzTarget,
} from './fuzz-target.js';
import { baselineViolations } from './baseline-oracle.js';
import { checkAnswer, checkSameAsEval, containerCount, whereIs } from './fuzz-properties.js';

const RUNS = Number(process.env.PROFILEGATE_FUZZ_RUNS ?? 5000);
const SEED = Number(process.env.PROFILEGATE_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const CHUNK = 1000;
const CONTROL_RUNS = 300;

const arbitrary = admissionReviewArbitrary(MAX_CONTAINERS);

/** Reviews within the container limit, for the controls (the limit has its own answer). */
function judgeable(count: number): GeneratedReview[] {
  return fc
    .sample(arbitrary, { seed: SEED, numRuns: count })
    .filter((r) => containerCount(r) <= MAX_CONTAINERS);
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;
}

function entryAt(entries: readonly EvalEntry[], i: number): EvalEntry {
  const entry = entries[i];
  assert.ok(entry, `eval gave no result ${i}`);
  return entry;
}

/** How many of `checks` throw an AssertionError whose message matches `pattern`. */
function failures(checks: (() => unknown)[], pattern: RegExp): number {
  let failed = 0;
  for (const check of checks) {
    try {
      check();
    } catch (error) {
      if (!(error instanceof assert.AssertionError)) throw error;
      assert.match(error.message, pattern);
      failed++;
    }
  }
  return failed;
}

describe(`fuzz: ${RUNS} generated AdmissionReviews against the webhook over HTTPS`, function () {
  this.timeout(0);
  let target: FuzzTarget;

  before(async () => {
    console.log(`      seed ${SEED} (PROFILEGATE_FUZZ_SEED=${SEED} replays this run)`);
    target = await startFuzzTarget('enforce', SEED);
  });
  after(() => target.stop());

  it('answers each within the deadline, denies every baseline violation, and agrees with profilegate eval', async () => {
    const latencies: number[] = [];
    const tally = { denied: 0, oracle: 0, patched: 0, limit: 0, debug: 0, kinds: new Set<string>() };
    const started = performance.now();
    for (let done = 0, chunk = 0; done < RUNS; chunk++) {
      const reviews = fc.sample(arbitrary, { seed: SEED + chunk, numRuns: Math.min(CHUNK, RUNS - done) });
      const answered = await answerAll(target.webhook, reviews);
      const judged: { answer: Answered; where: string }[] = [];
      answered.forEach((answer, i) => {
        const where = whereIs(answer.generated, SEED, done + i);
        if (checkAnswer(answer, where) === 'limit') tally.limit++;
        else judged.push({ answer, where });
        latencies.push(answer.milliseconds);
        if (!answer.validate.allowed) tally.denied++;
        if (baselineViolations(answer.generated.podSpec).size > 0) tally.oracle++;
        if (answer.mutate.patch) tally.patched++;
        if (answer.generated.review.request.subResource) tally.debug++;
        tally.kinds.add(answer.generated.kind);
      });
      const entries = await target.evaluate(judged.map((j) => j.answer.generated));
      judged.forEach((j, i) => checkSameAsEval(j.answer, entryAt(entries, i), j.where));
      done += reviews.length;
    }
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    console.log(
      `      ${RUNS} reviews (validate + mutate) in ${seconds.toFixed(1)} s: ${tally.denied} denied ` +
        `(${tally.oracle} with a baseline violation the oracle names), ` +
        `${tally.patched} patched, ${tally.limit} beyond the container limit, ${tally.debug} kubectl debug, ` +
        `${tally.kinds.size} kinds; latency p50 ${percentile(latencies, 0.5).toFixed(1)} ms, ` +
        `p99 ${percentile(latencies, 0.99).toFixed(1)} ms, max ${latencies.at(-1)?.toFixed(1)} ms; ` +
        `test process RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`,
    );
    // The generator reached every path it is meant to.
    assert.equal(tally.kinds.size, 8, 'every workload kind');
    assert.ok(tally.debug > 0 && tally.limit > 0 && tally.patched > 0, JSON.stringify(tally));
    assert.ok(tally.denied < RUNS, 'some reviews are allowed');
    const ready = await target.webhook.get('/readyz');
    assert.equal(ready.status, 200, ready.text);
    const errors = target.webhook.logs.filter((l) => (l.level as number) >= 50);
    assert.deepEqual(
      errors.filter((l) => (l.err as { type?: string } | undefined)?.type !== 'EvaluationLimitError'),
      [],
      'no error but the container limit is logged',
    );
  });
});

describe('fuzz: negative controls (the properties can fail)', function () {
  this.timeout(120_000);

  it('the baseline property fails against a webhook in audit mode, which allows violations', async () => {
    const target = await startFuzzTarget('audit', SEED);
    try {
      const reviews = judgeable(CONTROL_RUNS);
      const answered = await answerAll(target.webhook, reviews);
      const failed = failures(
        answered.map((a, i) => () => checkAnswer(a, whereIs(a.generated, SEED, i))),
        /^allowed despite pss-/,
      );
      assert.ok(failed > reviews.length / 10, `${failed} of ${reviews.length} failed`);
    } finally {
      await target.stop();
    }
  });

  it('the comparison with eval fails when eval is not given the profiles the webhook judges with', async () => {
    const target = await startFuzzTarget('enforce', SEED);
    try {
      const reviews = judgeable(CONTROL_RUNS);
      const answered = await answerAll(target.webhook, reviews);
      const entries = await target.evaluate(reviews, { withProfiles: false });
      const failed = failures(
        answered.map((a, i) => () => checkSameAsEval(a, entryAt(entries, i), whereIs(a.generated, SEED, i))),
        /^seed \d+, review \d+/,
      );
      assert.ok(failed > CONTROL_RUNS / 10, `${failed} of ${reviews.length} differ`);
    } finally {
      await target.stop();
    }
  });
});
