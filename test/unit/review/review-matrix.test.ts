/**
 * Mode × evidence × maturity: what the user is told for one finding, on /validate and /mutate.
 * A runtime finding is trusted only from a complete profile; otherwise it may at most warn.
 */
import assert from 'node:assert/strict';
import type { Mode } from '../../../src/config/config-schema.js';
import type { Maturity } from '../../../src/profile/profile-view.js';
import type { Violation } from '../../../src/policy/violation.js';
import { reviewRequest, type ReviewDecision } from '../../../src/review/review-request.js';
import { parseAdmissionReview } from '../../../src/admission/parse-review.js';
import { reviewFixture } from '../../support/fixtures.js';
import { PRIVILEGED, UNUSED_CAP, deployment, deps, profile } from './review-fixtures.js';

type Row = [Mode, 'static' | 'runtime', Maturity | 'none', ReviewDecision];

const VALIDATE: Row[] = [
  ['enforce', 'static', 'none', 'deny'],
  ['enforce', 'static', 'learning', 'deny'],
  ['enforce', 'runtime', 'complete', 'deny'],
  ['enforce', 'runtime', 'learning', 'warn'],
  ['enforce', 'runtime', 'stale', 'warn'],
  ['enforce', 'runtime', 'none', 'warn'],
  ['warn', 'static', 'none', 'warn'],
  ['warn', 'runtime', 'complete', 'warn'],
  ['warn', 'runtime', 'learning', 'warn'],
  ['audit', 'static', 'none', 'audit'],
  ['audit', 'runtime', 'complete', 'audit'],
  ['audit', 'runtime', 'learning', 'audit'],
  ['audit', 'runtime', 'stale', 'audit'],
];

function setup(mode: Mode, evidence: 'static' | 'runtime', maturity: Maturity | 'none') {
  const violation: Violation = evidence === 'static' ? PRIVILEGED : UNUSED_CAP;
  return {
    violation,
    deps: deps({
      violations: [violation],
      config: { mode },
      profile: maturity === 'none' ? null : profile(maturity),
    }),
  };
}

describe('review matrix /validate', () => {
  for (const [mode, evidence, maturity, decision] of VALIDATE) {
    it(`${mode} mode, ${evidence} finding, profile ${maturity}: ${decision}`, async () => {
      const { violation: v, deps: d } = setup(mode, evidence, maturity);
      const { response, ...outcome } = await reviewRequest(deployment(), 'validate', d);
      assert.equal(outcome.decision, decision);
      // A runtime finding of a profile that is not complete says why it only warns.
      const short = evidence === 'runtime' && maturity !== 'none' && maturity !== 'complete';
      const message = short ? `${v.message}; insufficient evidence to enforce: ${maturity}` : v.message;
      const line = `[${v.id}] ${message}`;
      if (decision === 'deny') {
        assert.equal(response.allowed, false);
        assert.deepEqual(response.status, {
          code: 403,
          reason: 'Forbidden',
          message: `profilegate denied Deployment shop/web: 1 policy violation\n- ${line}`,
        });
        assert.equal(response.warnings, undefined);
      } else {
        assert.equal(response.allowed, true);
        assert.deepEqual(response.warnings, decision === 'warn' ? [line] : undefined);
      }
      const effective = decision === 'deny' ? 'enforce' : decision;
      assert.deepEqual(response.auditAnnotations, {
        violations: JSON.stringify([
          { id: v.id, mode: effective, severity: v.severity, evidence: v.evidence, message },
        ]),
        'violation-ids': v.id,
      });
    });
  }
});

const WOULD_PATCH =
  '[runtime-unused-capabilities] would patch: add /spec/template/spec/containers/0/securityContext, ' +
  'add /spec/template/spec/containers/0/securityContext/capabilities';

const MUTATE: [Mode, Maturity | 'none', ReviewDecision, string[] | undefined, Record<string, string>][] = [
  ['enforce', 'complete', 'patch', undefined, { patched: 'runtime-unused-capabilities' }],
  ['enforce', 'learning', 'allow', [WOULD_PATCH], { 'would-patch': 'runtime-unused-capabilities' }],
  ['enforce', 'stale', 'allow', [WOULD_PATCH], { 'would-patch': 'runtime-unused-capabilities' }],
  ['enforce', 'none', 'allow', [WOULD_PATCH], { 'would-patch': 'runtime-unused-capabilities' }],
  ['warn', 'complete', 'allow', [WOULD_PATCH], { 'would-patch': 'runtime-unused-capabilities' }],
  ['audit', 'complete', 'allow', undefined, { 'would-patch': 'runtime-unused-capabilities' }],
  ['audit', 'learning', 'allow', undefined, { 'would-patch': 'runtime-unused-capabilities' }],
];

describe('review matrix /mutate', () => {
  for (const [mode, maturity, decision, warnings, annotations] of MUTATE) {
    it(`${mode} mode, runtime finding with a patch, profile ${maturity}: ${decision}`, async () => {
      const { deps: d } = setup(mode, 'runtime', maturity);
      // A container whose capabilities the patch really changes.
      const privileged = parseAdmissionReview(reviewFixture('deployment-privileged'));
      const { response, ...outcome } = await reviewRequest(privileged, 'mutate', d);
      assert.equal(outcome.decision, decision);
      assert.equal(response.allowed, true);
      assert.deepEqual(response.warnings, warnings);
      assert.deepEqual(response.auditAnnotations, annotations);
      assert.equal(response.patchType, decision === 'patch' ? 'JSONPatch' : undefined);
    });
  }
});
