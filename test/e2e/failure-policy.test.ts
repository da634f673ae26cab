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

describe('failurePolicy follows the mode (deploy/overlays) with the webhook stopped', () => {
  let auditNamespace: string;
  let enforceNamespace: string;

  before(async () => {
    const { kubectl } = e2e();
    auditNamespace = await createModeNamespace(kubectl, 'audit');
    enforceNamespace = await createModeNamespace(kubectl, 'enforce');
    await e2e().registerOverlay('audit');
    // The API server runs the overlay's configuration once its enforce webhook answers a dry run.
    const pod = await readFixture('privileged-pod.yaml');
    await waitFor(
      async () => {
        const result = await kubectl.apply(pod, enforceNamespace, ['--dry-run=server']);
        return result.output.includes('admission webhook "validate-enforce.profilegate.dev" denied')
          ? true
          : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500, what: 'the API server to call validate-enforce.profilegate.dev' },
    );
    await e2e().stopWebhook();
  });

  after(async function (this: Mocha.Context) {
    this.timeout(120_000);
    const env = e2e();
    if (!env.webhookRunning) await env.startWebhook('enforce');
    await env.kubectl.ok([
      'delete',
      'validatingwebhookconfiguration,mutatingwebhookconfiguration',
      '-l',
      'app.kubernetes.io/name=profilegate',
      '--ignore-not-found',
    ]);
    await env.registerWebhook('Fail');
    await waitUntilWebhookCalled(env);
  });

  it('audit overlay: an apply in an audit namespace succeeds (Ignore)', async () => {
    const { kubectl } = e2e();
    const manifest = await readFixture('privileged-deployment.yaml');
    const result = await waitFor(
      async () => {
        const attempt = await kubectl.apply(manifest, auditNamespace);
        return attempt.code === 0 ? attempt : undefined;
      },
      { timeoutMs: 15_000, what: 'apply to succeed in an audit namespace with the webhook stopped' },
    );
    assert.doesNotMatch(result.output, /pss-privileged/);
    assert.notEqual(await kubectl.getJson('deployment', 'privileged-deployment', auditNamespace), undefined);
  });

  it('audit overlay: an apply in a namespace labelled enforce is rejected (Fail)', async () => {
    const { kubectl } = e2e();
    const result = await kubectl.apply(await readFixture('compliant-deployment.yaml'), enforceNamespace);
    assert.notEqual(result.code, 0, `apply should fail:\n${result.output}`);
    assert.match(
      result.stderr,
      /Internal error occurred: failed calling webhook "validate-enforce\.profilegate\.dev"/,
    );
    assert.equal(await kubectl.getJson('deployment', 'compliant-deployment', enforceNamespace), undefined);
  });
});
