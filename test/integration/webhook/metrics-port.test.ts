/** Metrics on their own port (plain HTTP); the serving port answers admission and probes only. */
import assert from 'node:assert/strict';
import { startTestWebhook } from '../../support/webhook-harness.js';
import { reviewFixture } from '../../support/fixtures.js';
import { freePort } from '../../e2e/support/free-port.js';

describe('webhook: metrics on their own port', function () {
  this.timeout(30_000);

  it('serves /metrics over plain HTTP on server.metrics.port, and nowhere on the serving port', async () => {
    const webhook = await startTestWebhook({ mode: 'enforce' });
    try {
      assert.notEqual(webhook.metricsPort, webhook.port);
      await webhook.post('/validate', reviewFixture('pod-privileged'));
      const metrics = await webhook.metricsGet();
      assert.equal(metrics.status, 200);
      assert.match(String(metrics.headers['content-type']), /^text\/plain; version=0\.0\.4/);
      assert.match(
        metrics.text,
        /profilegate_admission_requests_total\{endpoint="validate",decision="deny"\} 1/,
      );
      assert.deepEqual((await webhook.get('/metrics')).status, 404);
      assert.deepEqual((await webhook.metricsGet('/readyz')).json(), { error: 'no route for GET /readyz' });
      const listening = webhook.logs.find((l) => l.msg === 'metrics listening');
      assert.deepEqual([listening?.host, listening?.port], ['127.0.0.1', webhook.metricsPort]);
    } finally {
      await webhook.stop();
    }
  });

  it('listens on the configured port, and not at all when disabled', async () => {
    const port = await freePort();
    const webhook = await startTestWebhook({ server: { metrics: { port } } });
    try {
      assert.equal(webhook.metricsPort, port);
      assert.equal((await webhook.metricsGet()).status, 200);
    } finally {
      await webhook.stop();
    }
    const disabled = await startTestWebhook({ server: { metrics: { enabled: false } } });
    try {
      assert.equal(disabled.metricsPort, undefined);
      assert.equal(
        disabled.logs.find((l) => l.msg === 'metrics listening'),
        undefined,
      );
    } finally {
      await disabled.stop();
    }
  });
});
