import assert from 'node:assert/strict';
import { reviewRequest } from '../../../src/review/review-request.js';
import { staticExceptions } from '../../../src/exception/exception-source.js';
import { parsePolicyException } from '../../../src/exception/policy-exception.js';
import { buildReports } from '../../../src/report/build-reports.js';
import {
  PRIVILEGED,
  UNUSED_CAP,
  deployment,
  deps,
  profile,
  unhardenedDeployment,
} from './review-fixtures.js';

const NOW = new Date('2026-12-03T12:00:00Z');
const EXCEPTION = parsePolicyException(
  {
    apiVersion: 'profilegate.dev/v1alpha1',
    kind: 'PolicyException',
    metadata: { name: 'web-debug', namespace: 'shop' },
    spec: {
      reason: 'incident INC-7: debugging until the fix ships',
      expires: '2026-12-10T00:00:00Z',
      match: { kinds: ['Deployment'], names: ['web'] },
      rules: [{ id: 'pss-privileged' }, { id: 'runtime-unused-capabilities', containers: ['app'] }],
    },
  },
  'test',
);
const EXEMPTED_WARNING =
  'profilegate: [pss-privileged] exempted by PolicyException shop/web-debug (incident INC-7: debugging until the fix ships, until 2026-12-10T00:00:00Z): container "app" must not set securityContext.privileged=true (allowed: false or unset)';

function withException(violations = [PRIVILEGED], now = NOW, distrust?: string) {
  const d = deps({ violations, profile: profile('complete') });
  d.exceptions = { ...staticExceptions([EXCEPTION], () => now), distrust: () => distrust };
  return d;
}

describe('a review with PolicyExceptions', () => {
  it('/validate: the exempted finding no longer denies, and the user is told which exception let it through', async () => {
    const outcome = await reviewRequest(deployment(), 'validate', withException());
    assert.equal(outcome.response.allowed, true);
    assert.deepEqual(outcome.violations, []);
    assert.deepEqual(
      outcome.exempted?.map((v) => v.id),
      ['pss-privileged'],
    );
    assert.deepEqual(outcome.response.warnings, [EXEMPTED_WARNING]);
    assert.equal(outcome.response.auditAnnotations?.exempted, 'pss-privileged=shop/web-debug');
  });

  it('negative control: without the exception the same finding denies', async () => {
    const outcome = await reviewRequest(deployment(), 'validate', deps({ violations: [PRIVILEGED] }));
    assert.equal(outcome.response.allowed, false);
  });

  it('/mutate: an exempted runtime finding proposes no patch', async () => {
    const exempted = await reviewRequest(unhardenedDeployment(), 'mutate', withException([UNUSED_CAP]));
    assert.equal(exempted.response.patch, undefined);
    assert.deepEqual(
      exempted.exempted?.map((v) => v.id),
      ['runtime-unused-capabilities'],
    );
    const plain = await reviewRequest(
      unhardenedDeployment(),
      'mutate',
      deps({ violations: [UNUSED_CAP], profile: profile('complete') }),
    );
    assert.ok(plain.response.patch, 'negative control: without the exception the finding patches');
  });

  it('after its expiry the exception stops applying, with no restart and a warning naming it', async () => {
    const later = new Date('2026-12-10T00:00:01Z');
    const outcome = await reviewRequest(deployment(), 'validate', withException([PRIVILEGED], later));
    assert.equal(outcome.response.allowed, false);
    assert.ok(
      outcome.response.warnings?.includes(
        'profilegate: PolicyException shop/web-debug expired at 2026-12-10T00:00:00Z; [pss-privileged] applies again',
      ),
    );
  });

  it('an exception cache that does not follow the API server applies no exception, and says why', async () => {
    const why = 'the PolicyException cache is not synced (no list has succeeded yet)';
    const outcome = await reviewRequest(deployment(), 'validate', withException([PRIVILEGED], NOW, why));
    assert.equal(outcome.response.allowed, false);
    assert.ok(outcome.response.warnings?.includes(`profilegate: ${why}; PolicyExceptions are not applied`));
  });

  it('reports show the exempted finding as skip, with the exception, reason and expiry', async () => {
    const d = withException();
    const outcome = await reviewRequest(deployment(), 'mutate', d);
    const [report] = buildReports(
      [{ subject: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'shop' }, outcome }],
      { rules: [], config: d.config, now: NOW },
    );
    assert.ok(report);
    assert.deepEqual(report.summary, { pass: 0, fail: 0, warn: 0, error: 0, skip: 1 });
    const [result] = report.results;
    assert.ok(result);
    assert.equal(result.result, 'skip');
    assert.equal(result.policy, 'pss-privileged');
    assert.equal(result.properties.exception, 'shop/web-debug');
    assert.equal(result.properties.exceptionReason, 'incident INC-7: debugging until the fix ships');
    assert.equal(result.properties.exceptionExpires, '2026-12-10T00:00:00Z');
  });
});
