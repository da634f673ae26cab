/**
 * Bodies above server.maxBodyBytes. An HTTP 413 is a webhook failure, which failurePolicy
 * Ignore turns into an admission, so a request whose head names its uid gets an AdmissionReview
 * answered by the failure rule of the strictest mode in play, naming the limit.
 */
import assert from 'node:assert/strict';
import { startTestWebhook, type TestWebhook } from '../../support/webhook-harness.js';
import { reviewFixture } from '../../support/fixtures.js';
import type { ConfigInput } from '../../../src/config/config-schema.js';

const LIMIT = 64 * 1024;

interface Response {
  uid: string;
  allowed: boolean;
  status?: { code: number; message: string };
  warnings?: string[];
}

/** `fixture` with an annotation that takes its JSON past the limit. */
function padded(fixture: string, padding = LIMIT): Record<string, unknown> {
  const review = reviewFixture(fixture);
  const object = (review.request as { object: { metadata: Record<string, unknown> } }).object;
  object.metadata.annotations = { padding: 'x'.repeat(padding) };
  return review;
}

function bytesOf(review: object): number {
  return Buffer.byteLength(JSON.stringify(review));
}

async function answer(webhook: TestWebhook, path: string, review: object): Promise<Response> {
  const reply = await webhook.post(path, review);
  assert.equal(reply.status, 200, reply.text);
  return (reply.json() as { response: Response }).response;
}

function withWebhook(config: ConfigInput, run: (webhook: TestWebhook) => Promise<void>) {
  return async () => {
    const webhook = await startTestWebhook({ ...config, server: { maxBodyBytes: LIMIT } });
    try {
      await run(webhook);
    } finally {
      await webhook.stop();
    }
  };
}

describe('webhook over HTTPS: bodies above server.maxBodyBytes', function () {
  this.timeout(30_000);

  it(
    'denies in enforce mode with an AdmissionReview naming the limit, on /validate and /mutate',
    withWebhook({ mode: 'enforce' }, async (webhook) => {
      for (const fixture of ['pod-privileged', 'pod-compliant']) {
        const review = padded(fixture);
        for (const path of ['/validate', '/mutate']) {
          const response = await answer(webhook, path, review);
          assert.equal(response.uid, (review.request as { uid: string }).uid);
          assert.equal(response.allowed, false, `${fixture} ${path}`);
          assert.deepEqual(response.status, {
            code: 500,
            reason: 'InternalError',
            message: `profilegate cannot judge Pod shop/web: the AdmissionReview is ${bytesOf(review)} bytes; ProfileGate reads at most 65536 (server.maxBodyBytes)`,
          });
        }
      }
      const logged = webhook.logs.find((l) => l.msg === 'admission review failed');
      assert.equal((logged?.err as { limit?: string }).limit, 'server.maxBodyBytes');
      assert.equal(logged?.namespace, 'shop');
    }),
  );

  it(
    'denies in a warn configuration when an enabled policy enforces',
    withWebhook({ mode: 'warn', policies: { 'pss-privileged': { mode: 'enforce' } } }, async (webhook) => {
      const review = padded('deployment-privileged');
      const response = await answer(webhook, '/validate', review);
      assert.equal(response.allowed, false);
      assert.equal(
        response.status?.message,
        `profilegate cannot judge Deployment shop/web: the AdmissionReview is ${bytesOf(review)} bytes; ProfileGate reads at most 65536 (server.maxBodyBytes) (policy pss-privileged is in enforce mode)`,
      );
    }),
  );

  it(
    'admits with a warning in warn mode when no policy enforces',
    withWebhook({ mode: 'warn' }, async (webhook) => {
      const review = padded('pod-privileged');
      const response = await answer(webhook, '/validate', review);
      assert.equal(response.allowed, true);
      assert.deepEqual(response.warnings, [
        `profilegate cannot judge Pod shop/web: the AdmissionReview is ${bytesOf(review)} bytes; ProfileGate reads at most 65536 (server.maxBodyBytes)`,
      ]);
    }),
  );

  it(
    'allows what it never judges (a ConfigMap) and what an exempt namespace holds',
    withWebhook({ mode: 'enforce', exemptNamespaces: ['shop'] }, async (webhook) => {
      const configMap = reviewFixture('configmap');
      (configMap.request as { object: Record<string, unknown> }).object.data = { big: 'x'.repeat(LIMIT) };
      assert.deepEqual(await answer(webhook, '/validate', configMap), {
        uid: (configMap.request as { uid: string }).uid,
        allowed: true,
      });
      const response = await answer(webhook, '/validate', padded('pod-privileged'));
      assert.equal(response.allowed, true);
    }),
  );

  it(
    'answers 413 when the first bytes name no request.uid, and keeps serving',
    withWebhook({ mode: 'enforce' }, async (webhook) => {
      const noUid = padded('pod-privileged');
      delete (noUid.request as Record<string, unknown>).uid;
      // The uid exists but only after 64 KiB of another member: nobody to answer either.
      const late = { padding: 'x'.repeat(LIMIT + 1024), ...padded('pod-privileged') };
      for (const review of [noUid, late]) {
        const reply = await webhook.post('/validate', review);
        assert.equal(reply.status, 413);
        assert.deepEqual(reply.json(), {
          error: 'request body exceeds the limit of 65536 bytes and names no request.uid in its first bytes',
        });
      }
      const response = await answer(webhook, '/validate', reviewFixture('pod-compliant'));
      assert.equal(response.allowed, true);
    }),
  );

  it(
    'judges a body just below the limit as usual',
    withWebhook({ mode: 'enforce' }, async (webhook) => {
      const base = bytesOf(padded('pod-privileged', 0));
      const review = padded('pod-privileged', LIMIT - base);
      assert.equal(bytesOf(review), LIMIT);
      const response = await answer(webhook, '/validate', review);
      assert.equal(response.allowed, false);
      assert.equal(response.status?.code, 403);
      assert.match(response.status.message, /\[pss-privileged\]/);
    }),
  );
});
