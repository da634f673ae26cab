import assert from 'node:assert/strict';
import { InvalidReviewError } from '../../../src/admission/admission-errors.js';
import { parseConfig } from '../../../src/config/parse-config.js';
import type { ConfigInput } from '../../../src/config/config-schema.js';
import type { ReviewDependencies } from '../../../src/review/review-dependencies.js';
import { reviewBody } from '../../../src/review/review-body.js';
import { reviewFixture } from '../../support/fixtures.js';

function deps(config: ConfigInput = {}): ReviewDependencies {
  return {
    config: parseConfig(config, 'test'),
    engine: () => ({ revision: 'test', evaluate: () => Promise.resolve({ violations: [] }) }),
    namespaces: { labelsOf: () => undefined },
    profiles: { profileFor: () => null },
    patchVerifier: { verify: (_input, violations) => ({ violations, dropped: [] }) },
  };
}

function withUnreadableSpec(): Record<string, unknown> {
  const body = reviewFixture('deployment-compliant');
  const request = body.request as { object: { spec: Record<string, unknown> } };
  request.object.spec.template = 'not a pod template';
  return body;
}

describe('reviewBody', () => {
  it('reviews a readable body and summarises its request for the log line', async () => {
    const outcome = await reviewBody(reviewFixture('deployment-compliant'), 'validate', deps());
    assert.equal(outcome.decision, 'allow');
    assert.deepEqual(outcome.request, {
      uid: outcome.response.uid,
      kind: 'Deployment',
      namespace: 'shop',
      name: 'web',
      operation: 'CREATE',
      dryRun: false,
    });
  });

  it('throws InvalidReviewError when there is no uid to answer', async () => {
    await assert.rejects(
      () =>
        reviewBody(
          { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request: {} },
          'validate',
          deps(),
        ),
      (error) =>
        error instanceof InvalidReviewError && error.message === 'request.uid must be a non-empty string',
    );
  });

  it('answers an unreadable field by the global mode: 400 in enforce', async () => {
    const outcome = await reviewBody(withUnreadableSpec(), 'validate', deps({ mode: 'enforce' }));
    assert.equal(outcome.decision, 'error');
    assert.equal(outcome.response.allowed, false);
    assert.equal(outcome.response.status?.code, 400);
    assert.equal(
      outcome.response.status.message,
      'profilegate cannot read Deployment shop/web: request.object.spec.template.spec: must be an object (the pod spec)',
    );
  });

  it('answers a request it cannot read at all with only its uid known', async () => {
    const body = reviewFixture('deployment-compliant');
    (body.request as Record<string, unknown>).operation = 'PATCH';
    const outcome = await reviewBody(body, 'validate', deps({ mode: 'enforce' }));
    assert.equal(outcome.decision, 'error');
    assert.equal(
      outcome.response.status?.message,
      'profilegate cannot read the request: request.operation: Invalid option: expected one of "CREATE"|"UPDATE"|"DELETE"|"CONNECT"',
    );
    assert.deepEqual(outcome.request, { uid: '00000000-0000-4000-8000-000000000004' });
  });

  it('allows with a warning when the failure rule of the mode says so', async () => {
    const outcome = await reviewBody(withUnreadableSpec(), 'mutate', deps({ mode: 'audit' }));
    assert.equal(outcome.response.allowed, true);
    assert.deepEqual(outcome.response.warnings, [
      'profilegate cannot read Deployment shop/web: request.object.spec.template.spec: must be an object (the pod spec)',
    ]);
  });
});
