import assert from 'node:assert/strict';
import { readFixture } from './support/fixtures.js';
import { createModeNamespace } from './support/namespaces.js';
import { waitUntilWebhookCalled } from './support/readiness.js';
import { e2e } from './support/root-hooks.js';
import { waitFor } from './support/wait.js';

describe('failurePolicy with the webhook stopped', () => {
  let namespace: string;

  before(async () => {
    namespace = await createModeNamespace(e2e().kubectl, 'enforce');
    await e2e().stopWebhook();
  });

  after(async function (this: Mocha.Context) {
    this.timeout(120_000);
    const env = e2e();
    if (!env.webhookRunning) await env.startWebhook('enforce');
    await env.registerWebhook('Fail');
    await waitUntilWebhookCalled(env);
  });

  it('Fail: the API server rejects with its own error naming the webhook', async () => {
    // Whichever ProfileGate webhook the API server calls first (mutating runs before validating).
    const { kubectl } = e2e();
    await e2e().registerWebhook('Fail');
    const result = await kubectl.apply(await readFixture('compliant-deployment.yaml'), namespace);

    assert.notEqual(result.code, 0, `apply should fail:\n${result.output}`);
    assert.match(
      result.stderr,
      /Internal error occurred: failed calling webhook "(validate|mutate)\.profilegate\.dev"/,
    );
    assert.equal(await kubectl.getJson('deployment', 'compliant-deployment', namespace), undefined);
  });

  it('Ignore: the API server admits without the webhook', async () => {
    const { kubectl } = e2e();
    await e2e().registerWebhook('Ignore');
    const manifest = await readFixture('privileged-deployment.yaml');
    // The API server picks up the changed configuration through its own informer.
    const result = await waitFor(
      async () => {
        const attempt = await kubectl.apply(manifest, namespace);
        return attempt.code === 0 ? attempt : undefined;
      },
      { timeoutMs: 15_000, what: 'apply to succeed with failurePolicy Ignore' },
    );
    assert.doesNotMatch(result.output, /pss-privileged/);
    assert.notEqual(await kubectl.getJson('deployment', 'privileged-deployment', namespace), undefined);
  });
});
