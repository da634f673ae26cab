/** What the review tests share: findings as the policies return them, a profile view, fakes. */
import { parseAdmissionReview } from '../../../src/admission/parse-review.js';
import { parseConfig } from '../../../src/config/parse-config.js';
import type { ConfigInput } from '../../../src/config/config-schema.js';
import type { ReviewDependencies } from '../../../src/review/review-dependencies.js';
import type { PolicyInput } from '../../../src/policy/policy-input.js';
import type { Violation } from '../../../src/policy/violation.js';
import { PolicyEvaluationError } from '../../../src/policy/policy-errors.js';
import type { ProfileView } from '../../../src/profile/profile-view.js';
import { reviewFixture } from '../../support/fixtures.js';

export const PRIVILEGED: Violation = {
  id: 'pss-privileged',
  severity: 'critical',
  message: 'container "app" must not set securityContext.privileged=true (allowed: false or unset)',
  evidence: 'static',
  containers: ['app'],
  patch: [],
};
export const UNUSED_CAP: Violation = {
  id: 'runtime-unused-capabilities',
  severity: 'high',
  message:
    'container "app" requests NET_ADMIN, never used across 3 pods over 26h (profile deployment-web, complete)',
  evidence: 'runtime',
  reliesOn: ['capabilities', 'syscalls'],
  containers: ['app'],
  patch: [
    { op: 'add', path: '/spec/template/spec/containers/0/securityContext', value: {} },
    {
      op: 'add',
      path: '/spec/template/spec/containers/0/securityContext/capabilities',
      value: { drop: ['ALL'] },
    },
  ],
};
export const RUNTIME_DEFAULT: Violation = {
  id: 'runtime-seccomp',
  severity: 'medium',
  message: 'container "app" sets no seccomp profile; every observed syscall is in RuntimeDefault',
  evidence: 'runtime',
  reliesOn: ['capabilities', 'syscalls'],
  containers: ['app'],
  patch: [
    { op: 'add', path: '/spec/template/spec/containers/0/securityContext', value: {} },
    {
      op: 'add',
      path: '/spec/template/spec/containers/0/securityContext/seccompProfile',
      value: { type: 'RuntimeDefault' },
    },
  ],
};

export function profile(maturity: ProfileView['maturity']): ProfileView {
  return {
    name: 'deployment-web',
    phase: maturity === 'learning' ? 'learning' : 'complete',
    maturity,
    maturityReason: maturity,
    containers: {},
    observation: {
      firstSeen: '2026-11-01T00:00:00Z',
      lastSeen: '2026-11-02T02:00:00Z',
      podsObserved: 3,
      nodesObserved: [],
      eventsLost: 0,
    },
    observedHours: 26,
    source: { type: 'agent' },
    images: {},
  };
}

export interface Setup {
  violations?: Violation[];
  config?: ConfigInput;
  labels?: Record<string, string>;
  profile?: ProfileView | null;
  fail?: boolean;
}

export function deps(setup: Setup): ReviewDependencies & { inputs: PolicyInput[] } {
  const inputs: PolicyInput[] = [];
  return {
    inputs,
    config: parseConfig(setup.config ?? {}, 'test'),
    engine: () => ({
      revision: 'test',
      evaluate: (input) => {
        inputs.push(input);
        if (setup.fail) return Promise.reject(new PolicyEvaluationError('boom'));
        return Promise.resolve({ violations: setup.violations ?? [] });
      },
    }),
    namespaces: { labelsOf: () => setup.labels },
    profiles: { profileFor: () => setup.profile ?? null },
    patchVerifier: { verify: (_input, violations) => ({ violations, dropped: [] }) },
  };
}

export const deployment = () => parseAdmissionReview(reviewFixture('deployment-compliant'));

/** The compliant Deployment without its container's securityContext, so hardening patches apply. */
export function unhardenedDeployment() {
  const review = reviewFixture('deployment-compliant');
  const object = (
    review.request as { object: { spec: { template: { spec: { containers: Record<string, unknown>[] } } } } }
  ).object;
  delete object.spec.template.spec.containers[0]?.securityContext;
  return parseAdmissionReview(review);
}
