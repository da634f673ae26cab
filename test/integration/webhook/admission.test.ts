import assert from 'node:assert/strict';
import { startTestWebhook, type TestWebhook } from '../../support/webhook-harness.js';
import { reviewFixture } from '../../support/fixtures.js';
import { applyPatch, deepClone, type Operation } from '../../../src/patch/json-patch.js';

interface ReviewAnswer {
  apiVersion: string;
  kind: string;
  response: {
    uid: string;
    allowed: boolean;
    status?: { code: number; message: string };
    warnings?: string[];
    auditAnnotations?: Record<string, string>;
    patchType?: string;
    patch?: string;
  };
}

const WORKLOAD_KINDS = [
  'pod',
  'deployment',
  'replicaset',
  'statefulset',
  'daemonset',
  'job',
  'cronjob',
  'replicationcontroller',
];

async function validate(webhook: TestWebhook, fixture: string): Promise<ReviewAnswer> {
  const answer = await webhook.post('/validate', reviewFixture(fixture));
  assert.equal(answer.status, 200, answer.text);
  return answer.json() as ReviewAnswer;
}

describe('webhook over HTTPS: enforce mode', function () {
  let webhook: TestWebhook;
  before(async () => {
    webhook = await startTestWebhook({ mode: 'enforce' });
  });
  after(() => webhook.stop());

  for (const kind of WORKLOAD_KINDS) {
    it(`denies a privileged ${kind} naming the policy, the container and the field`, async () => {
      const review = await validate(webhook, `${kind}-privileged`);
      assert.equal(review.apiVersion, 'admission.k8s.io/v1');
      assert.equal(review.kind, 'AdmissionReview');
      assert.equal(review.response.allowed, false);
      assert.equal(review.response.status?.code, 403);
      assert.match(
        review.response.status.message,
        /\[pss-privileged\] container "app" must not set securityContext\.privileged=true/,
      );
    });

    it(`admits a compliant ${kind}`, async () => {
      const review = await validate(webhook, `${kind}-compliant`);
      assert.equal(review.response.allowed, true, JSON.stringify(review.response));
      assert.equal(review.response.warnings, undefined);
    });
  }

  it('answers with the uid of the request', async () => {
    const review = await validate(webhook, 'deployment-privileged');
    assert.equal(review.response.uid, '00000000-0000-4000-8000-000000000003');
  });

  it('evaluates a dry-run request like a real one', async () => {
    const review = await validate(webhook, 'deployment-privileged-dry-run');
    assert.equal(review.response.allowed, false);
    assert.match(review.response.status?.message ?? '', /pss-privileged/);
  });

  it('judges Services for exposure, warning by default', async () => {
    const review = await validate(webhook, 'service-nodeport');
    assert.equal(review.response.allowed, true);
    assert.ok(review.response.warnings?.some((w) => w.startsWith('[exposure-service-nodeport]')));
  });

  it('denies kubectl debug adding a privileged ephemeral container (pods/ephemeralcontainers)', async () => {
    const review = await validate(webhook, 'pod-ephemeral-privileged');
    assert.equal(review.response.allowed, false);
    assert.equal(review.response.status?.code, 403);
    assert.equal(
      review.response.status.message,
      'profilegate denied Pod shop/web: 1 policy violation\n- [pss-privileged] container "debugger" must not set securityContext.privileged=true (allowed: false or unset)',
    );
  });

  it('admits an update of another Pod subresource (status) untouched', async () => {
    const fixture = reviewFixture('pod-ephemeral-privileged');
    const request = { ...(fixture.request as Record<string, unknown>), subResource: 'status' };
    const answer = await webhook.post('/validate', { ...fixture, request });
    assert.equal(answer.status, 200, answer.text);
    assert.deepEqual((answer.json() as ReviewAnswer).response, {
      uid: '00000000-0000-4000-8000-000000000021',
      allowed: true,
    });
  });

  it('allows other kinds untouched', async () => {
    const review = await validate(webhook, 'configmap');
    assert.deepEqual(review.response, { uid: '00000000-0000-4000-8000-000000000101', allowed: true });
  });

  it('exposes request counts and latency by endpoint, decision and policy on /metrics', async () => {
    await validate(webhook, 'job-privileged');
    const answer = await webhook.metricsGet();
    assert.equal(answer.status, 200);
    assert.match(
      answer.text,
      /profilegate_admission_requests_total\{endpoint="validate",decision="deny"\} \d+/,
    );
    assert.match(
      answer.text,
      /profilegate_admission_duration_seconds_bucket\{le="0.005",endpoint="validate",decision="deny"\} \d+/,
    );
    assert.match(
      answer.text,
      /profilegate_policy_violations_total\{endpoint="validate",policy="pss-privileged",mode="enforce",evidence="static"\} \d+/,
    );
  });

  it('counts violations per endpoint, so /mutate does not count them again for /validate', async () => {
    const count = async (endpoint: string): Promise<number> => {
      const text = (await webhook.metricsGet()).text;
      const line = new RegExp(
        `profilegate_policy_violations_total\\{endpoint="${endpoint}",policy="pss-privileged",mode="enforce",evidence="static"\\} (\\d+)`,
      ).exec(text);
      return Number(line?.[1] ?? 0);
    };
    await validate(webhook, 'job-privileged');
    const [validated, mutated] = [await count('validate'), await count('mutate')];
    await webhook.post('/mutate', reviewFixture('job-privileged'));
    assert.equal(await count('validate'), validated);
    assert.equal(await count('mutate'), mutated + 1);
  });

  it('keeps the standard names of the process metrics', async () => {
    const text = (await webhook.metricsGet()).text;
    assert.match(text, /^process_cpu_user_seconds_total \d/m);
    assert.match(text, /^process_resident_memory_bytes \d/m);
    assert.match(text, /^nodejs_eventloop_lag_seconds \d/m);
    assert.doesNotMatch(text, /^profilegate_(process|nodejs)_/m);
  });

  it('is ready once the policies are loaded', async () => {
    const answer = await webhook.get('/readyz');
    assert.equal(answer.status, 200);
    assert.equal((answer.json() as { ready: boolean }).ready, true);
  });

  it('logs each review as JSON with uid, kind, namespace, name, operation and decision', async () => {
    await validate(webhook, 'statefulset-privileged');
    const line = webhook.logs.find((l) => l.msg === 'admission review' && l.kind === 'StatefulSet');
    assert.ok(line, 'no admission log line');
    assert.equal(line.uid, '00000000-0000-4000-8000-000000000007');
    assert.equal(line.namespace, 'shop');
    assert.equal(line.name, 'web');
    assert.equal(line.operation, 'CREATE');
    assert.equal(line.decision, 'deny');
    assert.deepEqual(line.violations, ['pss-privileged']);
  });
});

describe('webhook over HTTPS: warn and audit modes', function () {
  it('admits with warnings in warn mode', async () => {
    const webhook = await startTestWebhook({ mode: 'warn' });
    try {
      const review = await validate(webhook, 'deployment-privileged');
      assert.equal(review.response.allowed, true);
      assert.ok(review.response.warnings?.some((w) => w.startsWith('[pss-privileged] container "app"')));
    } finally {
      await webhook.stop();
    }
  });

  it('admits and records audit annotations in audit mode', async () => {
    const webhook = await startTestWebhook({ mode: 'audit' });
    try {
      const review = await validate(webhook, 'deployment-privileged');
      assert.equal(review.response.allowed, true);
      assert.equal(review.response.warnings, undefined);
      assert.equal(review.response.auditAnnotations?.['violation-ids'], 'pss-privileged');
    } finally {
      await webhook.stop();
    }
  });
});

describe('webhook over HTTPS: /mutate', function () {
  let webhook: TestWebhook;
  before(async () => {
    webhook = await startTestWebhook({ mode: 'enforce', level: 'restricted' });
  });
  after(() => webhook.stop());

  it('returns a base64 JSON Patch that applies to the object', async () => {
    const review = reviewFixture('deployment-compliant');
    const object = (
      review.request as {
        object: {
          spec: { template: { spec: { securityContext?: unknown; containers: Record<string, unknown>[] } } };
        };
      }
    ).object;
    const container = object.spec.template.spec.containers[0];
    assert.ok(container);
    container.securityContext = { runAsNonRoot: true, capabilities: { drop: ['ALL'] } };
    const answer = (await webhook.post('/mutate', review)).json() as ReviewAnswer;
    assert.equal(answer.response.allowed, true);
    assert.equal(answer.response.patchType, 'JSONPatch');
    const patch = JSON.parse(
      Buffer.from(answer.response.patch ?? '', 'base64').toString('utf8'),
    ) as Operation[];
    const patched = applyPatch(deepClone(object) as typeof object, patch, true, false).newDocument;
    assert.deepEqual(patched.spec.template.spec.containers[0]?.securityContext, {
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
      allowPrivilegeEscalation: false,
    });
    assert.deepEqual(patched.spec.template.spec.securityContext, {
      seccompProfile: { type: 'RuntimeDefault' },
    });
    assert.equal(
      answer.response.auditAnnotations?.patched,
      'pss-privilege-escalation,pss-seccomp-restricted',
    );
  });
});
