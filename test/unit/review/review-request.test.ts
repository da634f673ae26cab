import assert from 'node:assert/strict';
import { parseAdmissionReview } from '../../../src/admission/parse-review.js';
import { reviewRequest } from '../../../src/review/review-request.js';
import type { ConfigInput } from '../../../src/config/config-schema.js';
import type { Violation } from '../../../src/policy/violation.js';
import { PolicyEvaluationError } from '../../../src/policy/policy-errors.js';
import { reviewFixture } from '../../support/fixtures.js';
import {
  PRIVILEGED,
  RUNTIME_DEFAULT,
  UNUSED_CAP,
  deployment,
  deps,
  profile,
  unhardenedDeployment,
} from './review-fixtures.js';

describe('reviewRequest /validate', () => {
  it('denies in enforce mode with 403 and one line per violation', async () => {
    const outcome = await reviewRequest(deployment(), 'validate', deps({ violations: [PRIVILEGED] }));
    assert.equal(outcome.decision, 'deny');
    assert.equal(outcome.response.allowed, false);
    assert.equal(outcome.response.status?.code, 403);
    assert.equal(
      outcome.response.status.message,
      'profilegate denied Deployment shop/web: 1 policy violation\n- [pss-privileged] container "app" must not set securityContext.privileged=true (allowed: false or unset)',
    );
  });

  it('lets the namespace label override the global mode', async () => {
    const outcome = await reviewRequest(
      deployment(),
      'validate',
      deps({
        violations: [PRIVILEGED],
        labels: { 'profilegate.dev/mode': 'warn', 'profilegate.dev/level': 'restricted' },
      }),
    );
    assert.equal(outcome.decision, 'warn');
  });

  it('passes the namespace level to the policies', async () => {
    const d = deps({ labels: { 'profilegate.dev/level': 'restricted' } });
    await reviewRequest(deployment(), 'validate', d);
    assert.equal(d.inputs[0]?.config.level, 'restricted');
  });

  it('reports a namespace label with an unknown value and keeps the global mode', async () => {
    const outcome = await reviewRequest(
      deployment(),
      'validate',
      deps({ violations: [PRIVILEGED], labels: { 'profilegate.dev/mode': 'block' } }),
    );
    assert.equal(outcome.decision, 'deny');
    assert.deepEqual(outcome.response.warnings, [
      'namespace shop label profilegate.dev/mode=block is not valid (allowed: enforce, warn, audit); using enforce',
    ]);
  });

  it('lets a per-policy mode override the namespace mode, and disabled policies vanish', async () => {
    const config = {
      policies: { 'pss-privileged': { mode: 'audit' as const }, 'runtime-seccomp': { enabled: false } },
    };
    const outcome = await reviewRequest(
      deployment(),
      'validate',
      deps({ violations: [PRIVILEGED, RUNTIME_DEFAULT], config }),
    );
    assert.equal(outcome.decision, 'audit');
    assert.deepEqual(
      outcome.violations.map((v) => v.id),
      ['pss-privileged'],
    );
  });

  it('does not evaluate exempt namespaces (configured or labelled)', async () => {
    const byConfig = deps({ violations: [PRIVILEGED], config: { exemptNamespaces: ['shop'] } });
    assert.equal((await reviewRequest(deployment(), 'validate', byConfig)).decision, 'exempt');
    const byLabel = deps({ violations: [PRIVILEGED], labels: { 'profilegate.dev/exempt': 'true' } });
    assert.equal((await reviewRequest(deployment(), 'validate', byLabel)).decision, 'exempt');
    assert.equal(byConfig.inputs.length + byLabel.inputs.length, 0);
  });

  it('skips kinds without a pod template other than Services, and deletes', async () => {
    const d = deps({ violations: [PRIVILEGED] });
    assert.equal(
      (await reviewRequest(parseAdmissionReview(reviewFixture('configmap')), 'validate', d)).decision,
      'skip',
    );
    const del = { ...deployment(), operation: 'DELETE' as const };
    assert.equal((await reviewRequest(del, 'validate', d)).decision, 'skip');
    assert.equal(
      (await reviewRequest(parseAdmissionReview(reviewFixture('service-nodeport')), 'validate', d)).decision,
      'deny',
    );
  });

  it('judges the ephemeral containers kubectl debug adds (pods/ephemeralcontainers) like other containers', async () => {
    const debug = parseAdmissionReview(reviewFixture('pod-ephemeral-privileged'));
    const violation: Violation = {
      ...PRIVILEGED,
      message: 'container "debugger" must not set securityContext.privileged=true (allowed: false or unset)',
      containers: ['debugger'],
    };
    const d = deps({ violations: [violation] });
    const outcome = await reviewRequest(debug, 'validate', d);
    assert.equal(outcome.decision, 'deny');
    assert.equal(
      outcome.response.status?.message,
      'profilegate denied Pod shop/web: 1 policy violation\n- [pss-privileged] container "debugger" must not set securityContext.privileged=true (allowed: false or unset)',
    );
    assert.deepEqual(
      d.inputs[0]?.workload?.podSpec.ephemeralContainers,
      (debug.object as { spec: { ephemeralContainers: unknown } }).spec.ephemeralContainers,
    );
    assert.equal(d.inputs[0]?.request.subResource, 'ephemeralcontainers');
  });

  it('skips the other subresources, and does not patch ephemeral containers', async () => {
    const debug = parseAdmissionReview(reviewFixture('pod-ephemeral-privileged'));
    const d = deps({ violations: [PRIVILEGED] });
    assert.equal((await reviewRequest({ ...debug, subResource: 'status' }, 'validate', d)).decision, 'skip');
    assert.equal((await reviewRequest(debug, 'mutate', d)).decision, 'skip');
    assert.equal(d.inputs.length, 0);
  });

  it('ranks runtime-confirmed findings before static ones', async () => {
    const outcome = await reviewRequest(
      deployment(),
      'validate',
      deps({ violations: [PRIVILEGED, UNUSED_CAP], profile: profile('complete') }),
    );
    assert.deepEqual(
      outcome.violations.map((v) => v.id),
      ['runtime-unused-capabilities', 'pss-privileged'],
    );
  });

  it('evaluates a dry-run request exactly like a real one', async () => {
    const dry = parseAdmissionReview(reviewFixture('deployment-privileged-dry-run'));
    const d = deps({ violations: [PRIVILEGED] });
    assert.equal((await reviewRequest(dry, 'validate', d)).decision, 'deny');
    assert.equal(d.inputs[0]?.request.dryRun, true);
  });

  const failures: [string, 'enforce' | 'warn' | 'audit', boolean, number | undefined][] = [
    ['fails closed in enforce mode', 'enforce', false, 500],
    ['fails open in warn mode', 'warn', true, undefined],
    ['fails open in audit mode', 'audit', true, undefined],
  ];
  for (const [name, mode, allowed, code] of failures) {
    it(`${name} when a policy throws`, async () => {
      const outcome = await reviewRequest(deployment(), 'validate', deps({ fail: true, config: { mode } }));
      assert.equal(outcome.decision, 'error');
      assert.equal(outcome.response.allowed, allowed);
      assert.equal(outcome.response.status?.code, code);
      assert.ok(outcome.error instanceof PolicyEvaluationError);
    });
  }

  it('fails closed in a warn namespace when an enabled policy has its own enforce mode', async () => {
    const config: ConfigInput = { mode: 'warn', policies: { 'pss-privileged': { mode: 'enforce' } } };
    const outcome = await reviewRequest(deployment(), 'validate', deps({ fail: true, config }));
    assert.equal(outcome.decision, 'error');
    assert.equal(outcome.mode, 'enforce');
    assert.equal(outcome.response.allowed, false);
    assert.equal(
      outcome.response.status?.message,
      'profilegate could not evaluate its policies; see the webhook logs (policy pss-privileged is in enforce mode)',
    );
  });

  it('fails open in a warn namespace when the enforce policy is disabled or exempts the namespace', async () => {
    for (const override of [
      { mode: 'enforce' as const, enabled: false },
      { mode: 'enforce' as const, exemptNamespaces: ['shop'] },
    ]) {
      const config: ConfigInput = { mode: 'warn', policies: { 'pss-privileged': override } };
      const outcome = await reviewRequest(deployment(), 'validate', deps({ fail: true, config }));
      assert.equal(outcome.response.allowed, true, JSON.stringify(override));
    }
  });

  it('answers a pod spec beyond evaluation.maxContainers by the failure rule, naming the limit', async () => {
    const d = deps({
      config: { mode: 'warn', evaluation: { maxContainers: 1 }, policies: { x: { mode: 'enforce' } } },
    });
    const review = reviewFixture('deployment-compliant');
    const spec = (review.request as { object: { spec: { template: { spec: Record<string, unknown> } } } })
      .object.spec.template.spec;
    spec.initContainers = [{ name: 'init', image: 'busybox' }];
    const outcome = await reviewRequest(parseAdmissionReview(review), 'validate', d);
    assert.equal(d.inputs.length, 0, 'not evaluated');
    assert.equal(outcome.response.allowed, false);
    assert.equal(outcome.response.status?.code, 500);
    assert.equal(
      outcome.response.status.message,
      'profilegate cannot judge Deployment shop/web: the pod spec has 2 containers; ProfileGate judges at most 1 (evaluation.maxContainers) (policy x is in enforce mode)',
    );
    const within = deps({ config: { evaluation: { maxContainers: 2 } } });
    assert.equal((await reviewRequest(parseAdmissionReview(review), 'validate', within)).decision, 'allow');
  });

  it('follows onPolicyError when configured to fail open in enforce mode', async () => {
    const outcome = await reviewRequest(
      deployment(),
      'validate',
      deps({ fail: true, config: { onPolicyError: { enforce: 'allow' } } }),
    );
    assert.equal(outcome.response.allowed, true);
  });
});

describe('reviewRequest /mutate', () => {
  function decodePatch(patch: string | undefined): unknown {
    return JSON.parse(Buffer.from(patch ?? '', 'base64').toString('utf8'));
  }

  it('combines enforce-mode patches that touch the same securityContext', async () => {
    const outcome = await reviewRequest(
      unhardenedDeployment(),
      'mutate',
      deps({ violations: [UNUSED_CAP, RUNTIME_DEFAULT], profile: profile('complete') }),
    );
    assert.equal(outcome.decision, 'patch');
    assert.equal(outcome.response.patchType, 'JSONPatch');
    assert.deepEqual(decodePatch(outcome.response.patch), [
      {
        op: 'add',
        path: '/spec/template/spec/containers/0/securityContext',
        value: { capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } },
      },
    ]);
    assert.equal(outcome.response.auditAnnotations?.patched, 'runtime-unused-capabilities,runtime-seccomp');
  });

  it('reports a patch that cannot apply and applies the rest', async () => {
    const broken: Violation = {
      ...RUNTIME_DEFAULT,
      id: 'runtime-broken',
      patch: [{ op: 'remove', path: '/spec/nothing/here' }],
    };
    const outcome = await reviewRequest(
      parseAdmissionReview(reviewFixture('deployment-privileged')),
      'mutate',
      deps({ violations: [broken, UNUSED_CAP], profile: profile('complete') }),
    );
    assert.equal(outcome.decision, 'patch');
    assert.match(outcome.response.auditAnnotations?.['patches-dropped'] ?? '', /runtime-broken/);
    assert.equal(outcome.response.auditAnnotations?.patched, 'runtime-unused-capabilities');
  });

  it('drops what the patch verifier rejects', async () => {
    const d = deps({ violations: [UNUSED_CAP], profile: profile('complete') });
    d.patchVerifier = {
      verify: (_input, violations) => ({
        violations: violations.map((v) => ({ ...v, patch: [] })),
        dropped: [
          {
            id: 'runtime-unused-capabilities',
            reason: 'loosens capabilities of container "app"',
            ops: UNUSED_CAP.patch,
          },
        ],
      }),
    };
    const outcome = await reviewRequest(deployment(), 'mutate', d);
    assert.equal(outcome.response.patch, undefined);
    assert.match(outcome.response.auditAnnotations?.['patches-dropped'] ?? '', /loosens capabilities/);
  });
});
