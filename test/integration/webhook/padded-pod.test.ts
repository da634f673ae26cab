/**
 * The padded-pod bypass: with global mode warn and pss-privileged in enforce mode, a privileged
 * Pod padded with hundreds of containers once ran the engine out of memory and was admitted
 * with a warning. A failed evaluation now answers by the strictest mode in play.
 */
import assert from 'node:assert/strict';
import { startTestWebhook, type TestWebhook } from '../../support/webhook-harness.js';
import { reviewFixture } from '../../support/fixtures.js';
import type { ConfigInput } from '../../../src/config/config-schema.js';

interface Answer {
  response: { allowed: boolean; status?: { code: number; message: string }; warnings?: string[] };
}

const WARN_WITH_ENFORCED_PRIVILEGED: ConfigInput = {
  mode: 'warn',
  policies: { 'pss-privileged': { mode: 'enforce' } },
};

/** The privileged Pod fixture with `count` copies of its container, each with its own name. */
function paddedPod(count: number): Record<string, unknown> {
  const review = reviewFixture('pod-privileged');
  const spec = (review.request as { object: { spec: { containers: Record<string, unknown>[] } } }).object
    .spec;
  const [first] = spec.containers;
  spec.containers = Array.from({ length: count }, (_, i) => ({ ...first, name: `c${i}` }));
  return review;
}

async function validate(webhook: TestWebhook, review: object): Promise<Answer['response']> {
  const answer = await webhook.post('/validate', review);
  assert.equal(answer.status, 200, answer.text);
  return (answer.json() as Answer).response;
}

async function withWebhook(config: ConfigInput, run: (webhook: TestWebhook) => Promise<void>): Promise<void> {
  const webhook = await startTestWebhook(config);
  try {
    await run(webhook);
  } finally {
    await webhook.stop();
  }
}

describe('webhook over HTTPS: a privileged Pod padded with containers', function () {
  this.timeout(60_000);

  it('is denied by the enforce policy in a warn configuration, like the same Pod with one container', () =>
    withWebhook(WARN_WITH_ENFORCED_PRIVILEGED, async (webhook) => {
      for (const count of [1, 800, 2000]) {
        const response = await validate(webhook, paddedPod(count));
        assert.equal(response.allowed, false, `${count} containers`);
        assert.equal(response.status?.code, 403);
        assert.match(response.status.message, /\[pss-privileged\] containers? "c0"/);
      }
    }));

  it('is denied, naming the limit, when the engine runs out of memory', () =>
    withWebhook({ ...WARN_WITH_ENFORCED_PRIVILEGED, evaluation: { memoryMiB: 2 } }, async (webhook) => {
      const response = await validate(webhook, paddedPod(800));
      assert.equal(response.allowed, false);
      assert.equal(response.status?.code, 500);
      assert.equal(
        response.status.message,
        'profilegate cannot judge Pod shop/web: the request needs more than the 2 MiB of memory the policy engine may use (evaluation.memoryMiB) (policy pss-privileged is in enforce mode)',
      );
      const logged = webhook.logs.find((l) => l.msg === 'admission review failed');
      assert.deepEqual(
        [(logged?.err as { type?: string }).type, (logged?.err as { limit?: string }).limit],
        ['EvaluationLimitError', 'evaluation.memoryMiB'],
      );
    }));

  it('is admitted with a warning when no enabled policy enforces (the warn mode is honoured)', () =>
    withWebhook({ mode: 'warn', evaluation: { memoryMiB: 2 } }, async (webhook) => {
      const response = await validate(webhook, paddedPod(800));
      assert.equal(response.allowed, true);
      assert.deepEqual(response.warnings, [
        'profilegate cannot judge Pod shop/web: the request needs more than the 2 MiB of memory the policy engine may use (evaluation.memoryMiB)',
      ]);
    }));

  it('is denied, naming the limit, beyond evaluation.maxContainers (default 5000)', () =>
    withWebhook(WARN_WITH_ENFORCED_PRIVILEGED, async (webhook) => {
      const response = await validate(webhook, paddedPod(5001));
      assert.equal(response.allowed, false);
      assert.equal(
        response.status?.message,
        'profilegate cannot judge Pod shop/web: the pod spec has 5001 containers; ProfileGate judges at most 5000 (evaluation.maxContainers) (policy pss-privileged is in enforce mode)',
      );
    }));
});
