import assert from 'node:assert/strict';
import { startTestWebhook, type TestWebhook } from '../../support/webhook-harness.js';
import { reviewFixture } from '../../support/fixtures.js';
import { CONTRACT_BREAKING_REGO, buildTestBundle } from '../../support/build-test-bundle.js';

describe('webhook over HTTPS: bad input', function () {
  let webhook: TestWebhook;
  before(async () => {
    webhook = await startTestWebhook({ mode: 'enforce', server: { maxBodyBytes: 64 * 1024 } });
  });
  after(() => webhook.stop());

  it('answers non-JSON with 400 and a message', async () => {
    const answer = await webhook.post('/validate', '{"apiVersion": ');
    assert.equal(answer.status, 400);
    assert.deepEqual(answer.json(), { error: 'request body is not valid JSON' });
  });

  it('answers a wrong content type with 400', async () => {
    const answer = await webhook.post(
      '/validate',
      JSON.stringify(reviewFixture('pod-privileged')),
      'text/plain',
    );
    assert.equal(answer.status, 400);
    assert.deepEqual(answer.json(), { error: 'content-type must be application/json, got text/plain' });
  });

  it('answers a review without request.uid with 400', async () => {
    const review = reviewFixture('pod-privileged');
    delete (review.request as Record<string, unknown>).uid;
    const answer = await webhook.post('/validate', review);
    assert.equal(answer.status, 400);
    assert.deepEqual(answer.json(), { error: 'request.uid must be a non-empty string' });
  });

  it('denies a review whose object cannot be read, naming the field', async () => {
    const review = reviewFixture('deployment-privileged');
    (review.request as { object: { spec: unknown } }).object.spec = { template: { spec: 'not a pod spec' } };
    const answer = await webhook.post('/validate', review);
    assert.equal(answer.status, 200);
    const { response } = answer.json() as {
      response: { allowed: boolean; status: { code: number; message: string } };
    };
    assert.equal(response.allowed, false);
    assert.equal(response.status.code, 400);
    assert.equal(
      response.status.message,
      'profilegate cannot read Deployment shop/web: request.object.spec.template.spec: must be an object (the pod spec)',
    );
  });

  it('answers unknown paths with 404 and keeps serving', async () => {
    assert.equal((await webhook.get('/nope')).status, 404);
    assert.equal((await webhook.get('/healthz')).status, 200);
  });
});

describe('webhook over HTTPS: a policy that fails', function () {
  let bundle: string;
  before(async () => {
    bundle = await buildTestBundle(CONTRACT_BREAKING_REGO);
  });

  it('fails closed in enforce mode and logs the internal error', async () => {
    const webhook = await startTestWebhook({ mode: 'enforce', bundle: { path: bundle } });
    try {
      const answer = await webhook.post('/validate', reviewFixture('pod-compliant'));
      const { response } = answer.json() as {
        response: { allowed: boolean; status: { code: number; message: string } };
      };
      assert.equal(response.allowed, false);
      assert.equal(response.status.code, 500);
      assert.equal(
        response.status.message,
        'profilegate could not evaluate its policies; see the webhook logs',
      );
      const logged = webhook.logs.find((l) => l.msg === 'admission review failed');
      assert.ok(logged);
      assert.match(JSON.stringify(logged.err), /outside the policy contract/);
    } finally {
      await webhook.stop();
    }
  });

  it('fails open in audit mode', async () => {
    const webhook = await startTestWebhook({ mode: 'audit', bundle: { path: bundle } });
    try {
      const answer = await webhook.post('/validate', reviewFixture('pod-compliant'));
      const { response } = answer.json() as { response: { allowed: boolean; warnings: string[] } };
      assert.equal(response.allowed, true);
      assert.deepEqual(response.warnings, [
        'profilegate could not evaluate its policies; see the webhook logs',
      ]);
    } finally {
      await webhook.stop();
    }
  });
});
