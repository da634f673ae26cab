import assert from 'node:assert/strict';
import { parseAdmissionReview } from '../../../src/admission/parse-review.js';
import { workloadView } from '../../../src/admission/workload-view.js';
import { resolvePointer } from '../../../src/patch/json-pointer.js';
import { UnreadableRequestError } from '../../../src/admission/admission-errors.js';
import { reviewFixture } from '../../support/fixtures.js';

describe('workloadView', () => {
  const pointers: [string, string][] = [
    ['pod', '/spec'],
    ['deployment', '/spec/template/spec'],
    ['replicaset', '/spec/template/spec'],
    ['statefulset', '/spec/template/spec'],
    ['daemonset', '/spec/template/spec'],
    ['job', '/spec/template/spec'],
    ['cronjob', '/spec/jobTemplate/spec/template/spec'],
    ['replicationcontroller', '/spec/template/spec'],
  ];
  for (const [kind, pointer] of pointers) {
    it(`finds the pod spec of a ${kind} at ${pointer}`, () => {
      const request = parseAdmissionReview(reviewFixture(`${kind}-privileged`));
      const view = workloadView(request);
      assert.ok(view);
      assert.equal(view.podSpecPointer, pointer);
      assert.equal(view.podSpec, resolvePointer(request.object, pointer));
      assert.equal(view.name, 'web');
      assert.equal(view.namespace, 'shop');
      assert.deepEqual(view.podMetadata.labels, { app: 'web' });
    });
  }

  it('lists every container name once, sorted as Rego sorts strings (UTF-8 bytes)', () => {
    const review = reviewFixture('pod-privileged');
    const request = review.request as { object: { spec: Record<string, unknown> } };
    // U+FF5E sorts before U+1F600 in UTF-16 code units but after it in UTF-8 bytes.
    request.object.spec.containers = [{ name: 'web' }, { name: '\u{1F600}' }, { name: 'app' }];
    request.object.spec.initContainers = [
      { name: 'web' },
      { name: '\uFF5E' },
      { name: 'c10' },
      { name: 'c9' },
    ];
    const view = workloadView(parseAdmissionReview(review));
    assert.deepEqual(view?.containerNames, ['app', 'c10', 'c9', 'web', '\uFF5E', '\u{1F600}']);
  });

  it('returns null for kinds that carry no pod template', () => {
    assert.equal(workloadView(parseAdmissionReview(reviewFixture('service-nodeport'))), null);
    assert.equal(workloadView(parseAdmissionReview(reviewFixture('configmap'))), null);
  });

  it('returns null for a Deployment of another API group', () => {
    const review = reviewFixture('deployment-privileged');
    const request = {
      ...(review.request as Record<string, unknown>),
      kind: { group: 'example.com', version: 'v1', kind: 'Deployment' },
    };
    assert.equal(workloadView(parseAdmissionReview({ ...review, request })), null);
  });

  it('reads the whole Pod of a kubectl debug update (pods/ephemeralcontainers), new ephemeral containers included', () => {
    const request = parseAdmissionReview(reviewFixture('pod-ephemeral-privileged'));
    const view = workloadView(request);
    assert.ok(view);
    assert.equal(view.kind, 'Pod');
    assert.equal(view.podSpecPointer, '/spec');
    assert.deepEqual(
      (view.podSpec.ephemeralContainers as { name: string }[]).map((c) => c.name),
      ['debugger'],
    );
  });

  it('returns null for the other Pod subresources (status)', () => {
    const review = reviewFixture('pod-ephemeral-privileged');
    const request = { ...(review.request as Record<string, unknown>), subResource: 'status' };
    assert.equal(workloadView(parseAdmissionReview({ ...review, request })), null);
  });

  it('names the field when the containers cannot be read', () => {
    const review = reviewFixture('deployment-privileged');
    const request = review.request as { object: { spec: { template: { spec: Record<string, unknown> } } } };
    request.object.spec.template.spec.containers = [{ image: 'nginx' }];
    assert.throws(
      () => workloadView(parseAdmissionReview(review)),
      (e: unknown) =>
        e instanceof UnreadableRequestError &&
        e.problems[0] ===
          'request.object.spec.template.spec.containers: must be a list of containers, each with a name',
    );
  });
});
