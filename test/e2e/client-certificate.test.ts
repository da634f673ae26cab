/**
 * The API server authenticates to the webhook with the client certificate of its
 * --admission-control-config-file kubeconfig, and the webhook (server.tls.clientAuth) answers
 * only that certificate: a real kubectl apply is judged; with an allowed name the API server's
 * certificate does not carry, the webhook refuses the call and failurePolicy Fail rejects it.
 */
import assert from 'node:assert/strict';
import { readFixture } from './support/fixtures.js';
import { createModeNamespace } from './support/namespaces.js';
import { restoreStandardWebhook, waitUntilWebhookCalled } from './support/readiness.js';
import { e2e } from './support/root-hooks.js';
import { waitFor } from './support/wait.js';

function clientAuth(allowedNames: string[]) {
  return {
    server: { tls: { clientAuth: { caFile: e2e().apiServer.admissionClient.caFile, allowedNames } } },
  };
}

describe('client-certificate authentication of the API server', () => {
  let namespace: string;

  before(async function (this: Mocha.Context) {
    this.timeout(120_000);
    const env = e2e();
    namespace = await createModeNamespace(env.kubectl, 'enforce');
    await env.stopWebhook();
    await env.startWebhook('enforce', clientAuth([env.apiServer.admissionClient.commonName]));
    await env.registerWebhook('Fail');
    await waitUntilWebhookCalled(env);
  });

  after(async function (this: Mocha.Context) {
    this.timeout(120_000);
    await restoreStandardWebhook(e2e());
  });

  it('judges the apply of a privileged Pod when the API server presents its certificate', async () => {
    const result = await e2e().kubectl.apply(await readFixture('privileged-pod.yaml'), namespace);
    assert.notEqual(result.code, 0, result.output);
    assert.match(
      result.stderr,
      /admission webhook "validate\.profilegate\.dev" denied the request: profilegate denied Pod [\w-]+\/privileged-pod: .*\n- \[pss-privileged\]/,
    );
    assert.match(e2e().webhookLogTail(200), /"msg":"admission review"/);
    assert.doesNotMatch(e2e().webhookLogTail(200), /client certificate refused/);
  });

  it('refuses the API server when its certificate carries no allowed name, and Fail rejects the apply', async () => {
    const env = e2e();
    await env.stopWebhook();
    await env.startWebhook('enforce', clientAuth(['someone-else']));
    const manifest = await readFixture('compliant-deployment.yaml');
    const result = await waitFor(
      async () => {
        const attempt = await env.kubectl.apply(manifest, namespace);
        return /failed calling webhook/.test(attempt.stderr) ? attempt : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 500, what: 'the API server to be refused' },
    );
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /failed calling webhook "(validate|mutate)\.profilegate\.dev"/);
    assert.match(
      env.webhookLogTail(200),
      /"reason":"name","detail":"the client certificate names \\"kube-apiserver-admission\\"; allowed: someone-else \(server\.tls\.clientAuth\.allowedNames\)","msg":"client certificate refused"/,
    );
    assert.equal(await env.kubectl.getJson('deployment', 'compliant-deployment', namespace), undefined);
  });
});
