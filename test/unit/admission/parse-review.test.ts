import assert from 'node:assert/strict';
import { parseAdmissionReview } from '../../../src/admission/parse-review.js';
import { InvalidReviewError, UnreadableRequestError } from '../../../src/admission/admission-errors.js';
import { reviewFixture } from '../../support/fixtures.js';

function withRequest(patch: Record<string, unknown>): unknown {
  const review = reviewFixture('deployment-privileged');
  return { ...review, request: { ...(review.request as object), ...patch } };
}

describe('parseAdmissionReview', () => {
  it('reads a real AdmissionReview', () => {
    const request = parseAdmissionReview(reviewFixture('deployment-privileged'));
    assert.equal(request.uid, '00000000-0000-4000-8000-000000000003');
    assert.equal(request.kind.kind, 'Deployment');
    assert.equal(request.operation, 'CREATE');
  });

  const invalid: [string, unknown, RegExp][] = [
    ['a JSON array', [], /body must be a JSON object/],
    [
      'another kind',
      { ...reviewFixture('pod-privileged'), kind: 'Pod' },
      /kind must be "AdmissionReview", got "Pod"/,
    ],
    [
      'v1beta1',
      { ...reviewFixture('pod-privileged'), apiVersion: 'admission.k8s.io/v1beta1' },
      /apiVersion must be/,
    ],
    [
      'no request',
      { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview' },
      /request must be an object/,
    ],
    ['no uid', withRequest({ uid: undefined }), /request\.uid must be a non-empty string/],
    ['empty uid', withRequest({ uid: '' }), /request\.uid must be a non-empty string/],
  ];
  for (const [name, body, message] of invalid) {
    it(`rejects ${name} as an invalid review (HTTP 400)`, () => {
      assert.throws(
        () => parseAdmissionReview(body),
        (e: unknown) => e instanceof InvalidReviewError && message.test(e.message),
      );
    });
  }

  const unreadable: [string, Record<string, unknown>, string][] = [
    ['an unknown operation', { operation: 'PATCH' }, 'request.operation'],
    ['a kind without a name', { kind: { group: 'apps', version: 'v1' } }, 'request.kind.kind'],
    ['an object that is a string', { object: 'not an object' }, 'request.object'],
  ];
  for (const [name, patch, field] of unreadable) {
    it(`keeps the uid and names ${field} for ${name}`, () => {
      assert.throws(
        () => parseAdmissionReview(withRequest(patch)),
        (e: unknown) =>
          e instanceof UnreadableRequestError &&
          e.uid === '00000000-0000-4000-8000-000000000003' &&
          e.problems.some((p) => p.startsWith(field)),
      );
    });
  }
});
