/**
 * Evaluation off the event loop: a pool of worker threads with a deadline per review. A slow
 * review is answered by the failure rule at its deadline, cheap reviews are answered while it
 * runs, large inputs never take the last worker, and a reloaded bundle is used by every worker.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestWebhook, type TestWebhook } from '../../support/webhook-harness.js';
import { reviewFixture } from '../../support/fixtures.js';
import {
  FLAG_EVERYTHING_REGO,
  SLOW_FOR_SLOW_REGO,
  buildTestBundle,
} from '../../support/build-test-bundle.js';

interface Response {
  allowed: boolean;
  status?: { code: number; message: string };
}

function named(name: string): Record<string, unknown> {
  const review = reviewFixture('pod-compliant');
  (review.request as { name: string }).name = name;
  return review;
}

function paddedPod(count: number): Record<string, unknown> {
  const review = reviewFixture('pod-privileged');
  const spec = (review.request as { object: { spec: { containers: Record<string, unknown>[] } } }).object
    .spec;
  const [first] = spec.containers;
  spec.containers = Array.from({ length: count }, (_, i) => ({ ...first, name: `c${i}` }));
  return review;
}

async function validate(webhook: TestWebhook, review: object): Promise<Response> {
  const answer = await webhook.post('/validate', review);
  assert.equal(answer.status, 200, answer.text);
  return (answer.json() as { response: Response }).response;
}

/** Resolves in the order the promises settle, naming each. */
function settleOrder(named: Record<string, Promise<unknown>>): Promise<string[]> {
  const order: string[] = [];
  return Promise.all(Object.entries(named).map(([name, p]) => p.then(() => order.push(name)))).then(
    () => order,
  );
}

describe('webhook over HTTPS: evaluation in a pool of workers', function () {
  this.timeout(60_000);
  let slowBundle: string;
  before(async () => {
    slowBundle = await buildTestBundle(SLOW_FOR_SLOW_REGO);
  });

  it('answers an overrun by the failure rule, naming the deadline, and replaces the worker', async () => {
    const webhook = await startTestWebhook({ bundle: { path: slowBundle }, evaluation: { deadlineMs: 100 } });
    try {
      const slow = await validate(webhook, named('slow'));
      assert.equal(slow.allowed, false);
      assert.equal(slow.status?.code, 500);
      assert.equal(
        slow.status.message,
        'profilegate cannot judge Pod shop/slow: evaluation did not finish within 100 ms (evaluation.deadlineMs)',
      );
      for (let i = 0; i < 4; i++) assert.equal((await validate(webhook, named(`cheap-${i}`))).allowed, true);
    } finally {
      await webhook.stop();
    }
  });

  it('finishes a slow review within a generous deadline (the policy is slow, not broken)', async () => {
    const webhook = await startTestWebhook({
      bundle: { path: slowBundle },
      evaluation: { deadlineMs: 30_000 },
    });
    try {
      const slow = await validate(webhook, named('slow'));
      assert.equal(slow.allowed, false);
      assert.match(slow.status?.message ?? '', /\[test-slow\] 0/);
    } finally {
      await webhook.stop();
    }
  });

  it('answers cheap reviews while a slow one runs', async () => {
    const webhook = await startTestWebhook({
      bundle: { path: slowBundle },
      evaluation: { deadlineMs: 30_000 },
    });
    try {
      const slow = validate(webhook, named('slow'));
      const cheap = (async () => {
        for (let i = 0; i < 5; i++)
          assert.equal((await validate(webhook, named(`cheap-${i}`))).allowed, true);
      })();
      assert.deepEqual(await settleOrder({ slow, cheap }), ['cheap', 'slow']);
    } finally {
      await webhook.stop();
    }
  });

  it('keeps a worker free of large inputs for cheap reviews', async () => {
    const webhook = await startTestWebhook({ evaluation: { workers: 2, deadlineMs: 30_000 } });
    try {
      const large = paddedPod(5000);
      const first = validate(webhook, large);
      const second = validate(webhook, large);
      await new Promise((r) => setTimeout(r, 50));
      const cheap = validate(webhook, reviewFixture('pod-compliant'));
      const order = await settleOrder({ first, second, cheap });
      assert.equal(order[0], 'cheap', order.join(', '));
      assert.equal((await cheap).allowed, true);
      assert.equal((await second).allowed, false);
    } finally {
      await webhook.stop();
    }
  });

  it('uses a reloaded bundle in every worker', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pg-pool-reload-'));
    const path = join(dir, 'bundle.tar.gz');
    copyFileSync('policies/bundle/bundle.tar.gz', path);
    const webhook = await startTestWebhook({ bundle: { path, watch: true }, evaluation: { workers: 3 } });
    try {
      const before = await validate(webhook, reviewFixture('pod-compliant'));
      assert.equal(before.allowed, true);
      const revision = webhook.bundle.describe().revision;
      copyFileSync(await buildTestBundle(FLAG_EVERYTHING_REGO), path);
      const deadline = Date.now() + 10_000;
      while (webhook.bundle.describe().revision === revision && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
      }
      const answers = await Promise.all(
        Array.from({ length: 9 }, () => validate(webhook, reviewFixture('pod-compliant'))),
      );
      for (const answer of answers) assert.match(answer.status?.message ?? '', /test-everything/);
    } finally {
      await webhook.stop();
    }
  });
});
