/**
 * The properties every fuzzed review must hold; each throws an AssertionError that names the
 * seed, the review's index and its object, so a failure can be replayed and read.
 */
import assert from 'node:assert/strict';
import type { GeneratedReview } from './admission-review-arbitrary.js';
import { baselineViolations } from './baseline-oracle.js';
import { DEADLINE_MS, MAX_CONTAINERS, type Answered, type EvalEntry, type Response } from './fuzz-target.js';

/** What HTTPS and JSON may add to the evaluation deadline on this shared machine. */
const TRANSPORT_SLACK_MS = 1000;

export function containerCount(generated: GeneratedReview): number {
  const spec = generated.podSpec;
  return (
    spec.containers.length + (spec.initContainers?.length ?? 0) + (spec.ephemeralContainers?.length ?? 0)
  );
}

export function whereIs(generated: GeneratedReview, seed: number, index: number): string {
  const { operation, subResource, object } = generated.review.request;
  const what = `${generated.kind} ${String(operation)}${subResource ? ' ephemeralcontainers' : ''}`;
  return `seed ${seed}, review ${index} (${what}):\n${JSON.stringify(object).slice(0, 4000)}`;
}

/**
 * Answered in time; beyond the container limit denied with the limit named; with a baseline
 * violation (mode enforce) denied, naming every rule the oracle names. Returns whether the
 * review was judged by the policies (not stopped at the limit).
 */
export function checkAnswer(answered: Answered, where: string): 'limit' | 'judged' {
  const { generated, validate } = answered;
  assert.ok(
    answered.milliseconds <= DEADLINE_MS + TRANSPORT_SLACK_MS,
    `answered in ${Math.round(answered.milliseconds)} ms: ${where}`,
  );
  const count = containerCount(generated);
  if (count > MAX_CONTAINERS) {
    const { namespace, name } = generated.review.request as { namespace: string; name: string };
    assert.equal(validate.allowed, false, where);
    assert.equal(
      validate.status?.message,
      `profilegate cannot judge ${generated.kind} ${namespace}/${name}: the pod spec has ${count} containers; ProfileGate judges at most ${MAX_CONTAINERS} (evaluation.maxContainers)`,
      where,
    );
    return 'limit';
  }
  const expected = baselineViolations(generated.podSpec);
  if (expected.size > 0) {
    assert.equal(validate.allowed, false, `allowed despite ${[...expected].join(', ')}: ${where}`);
    assert.equal(validate.status?.code, 403, where);
    for (const id of expected)
      assert.ok(validate.status.message.includes(`[${id}]`), `${id} not named: ${where}`);
  }
  return 'judged';
}

function decodePatch(response: Response): unknown[] {
  return response.patch
    ? (JSON.parse(Buffer.from(response.patch, 'base64').toString('utf8')) as unknown[])
    : [];
}

/** The webhook's answer is the answer `profilegate eval` gives for the same AdmissionReview. */
export function checkSameAsEval(answered: Answered, entry: EvalEntry, where: string): void {
  assert.deepEqual(
    {
      allowed: answered.validate.allowed,
      message: answered.validate.status?.message,
      warnings: answered.validate.warnings ?? [],
      patch: decodePatch(answered.mutate),
    },
    { allowed: entry.allowed, message: entry.message, warnings: entry.warnings, patch: entry.patch },
    where,
  );
}
