import assert from 'node:assert/strict';
import { parseAdmissionReview } from '../../../src/admission/parse-review.js';
import type { Violation } from '../../../src/policy/violation.js';
import { reviewRequest } from '../../../src/review/review-request.js';
import { reviewFixture } from '../../support/fixtures.js';
import { deps, profile } from './review-fixtures.js';

type Pod = { spec: { template: { spec: { containers: { securityContext?: Record<string, unknown> }[] } } } };

const UNNEEDED_PRIVILEGED: Violation = {
  id: 'runtime-unneeded-privileged',
  severity: 'critical',
  message: 'container "app" runs privileged, but used no capability (profile deployment-web, complete)',
  evidence: 'runtime',
  reliesOn: ['capabilities'],
  containers: ['app'],
  patch: [
    { op: 'replace', path: '/spec/template/spec/containers/0/securityContext/privileged', value: false },
  ],
};
const ESCALATION: Violation = {
  id: 'runtime-privilege-escalation',
  severity: 'medium',
  message: 'container "app" allows privilege escalation (profile deployment-web, complete)',
  evidence: 'runtime',
  reliesOn: ['uids'],
  containers: ['app'],
  patch: [
    {
      op: 'add',
      path: '/spec/template/spec/containers/0/securityContext/allowPrivilegeEscalation',
      value: false,
    },
  ],
};

/** As the rules behave: escalation is moot, so not reported, while the container is privileged. */
function rulesOn(object: unknown): Violation[] {
  const context = (object as Pod).spec.template.spec.containers[0]?.securityContext ?? {};
  if (context['privileged'] === true) return [UNNEEDED_PRIVILEGED];
  return context['allowPrivilegeEscalation'] === false ? [] : [ESCALATION];
}

function privilegedDeployment() {
  return parseAdmissionReview(reviewFixture('deployment-privileged'));
}

describe('/mutate to a fixed point', () => {
  function reviewed() {
    const d = deps({ profile: profile('complete') });
    return {
      d,
      deps: {
        ...d,
        engine: () => ({
          revision: 'test',
          evaluate: (input: { request: { object: unknown } }) =>
            Promise.resolve({ violations: rulesOn(input.request.object) }),
        }),
      } as typeof d,
    };
  }

  it('evaluates the patched object again: the fix that dropping privileged uncovers comes in the same response', async () => {
    const outcome = await reviewRequest(privilegedDeployment(), 'mutate', reviewed().deps);
    assert.equal(outcome.decision, 'patch');
    assert.deepEqual(JSON.parse(Buffer.from(outcome.response.patch ?? '', 'base64').toString('utf8')), [
      ...UNNEEDED_PRIVILEGED.patch,
      ...ESCALATION.patch,
    ]);
    assert.equal(
      outcome.response.auditAnnotations?.patched,
      'runtime-unneeded-privileged,runtime-privilege-escalation',
    );
    assert.deepEqual(
      outcome.violations.map((v) => v.id),
      ['runtime-unneeded-privileged', 'runtime-privilege-escalation'],
    );
    const context = (outcome.patched as Pod).spec.template.spec.containers[0]?.securityContext;
    assert.equal(context?.['privileged'], false);
    assert.equal(context['allowPrivilegeEscalation'], false);
  });

  it('stops when a round changes nothing (negative control: a rule that keeps proposing the same patch)', async () => {
    const outcome = await reviewRequest(
      privilegedDeployment(),
      'mutate',
      deps({ violations: [UNNEEDED_PRIVILEGED], profile: profile('complete') }),
    );
    assert.deepEqual(
      JSON.parse(Buffer.from(outcome.response.patch ?? '', 'base64').toString('utf8')),
      UNNEEDED_PRIVILEGED.patch,
    );
  });

  it('never patches again what an earlier round patched: the patched object alone would lose the reason', async () => {
    const loosen: Violation = {
      ...UNNEEDED_PRIVILEGED,
      patch: [
        {
          op: 'add',
          path: '/spec/template/spec/containers/0/securityContext/capabilities',
          value: { drop: ['ALL'] },
        },
      ],
    };
    const d = deps({ profile: profile('complete') });
    const engine = {
      revision: 'test',
      evaluate: (input: { request: { object: unknown } }) => {
        const context = (input.request.object as Pod).spec.template.spec.containers[0]?.securityContext ?? {};
        return Promise.resolve({
          violations: context['privileged'] === true ? [UNNEEDED_PRIVILEGED] : [loosen],
        });
      },
    };
    const outcome = await reviewRequest(privilegedDeployment(), 'mutate', {
      ...d,
      engine: () => engine,
    });
    assert.deepEqual(
      JSON.parse(Buffer.from(outcome.response.patch ?? '', 'base64').toString('utf8')),
      UNNEEDED_PRIVILEGED.patch,
    );
  });
});
