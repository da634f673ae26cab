import assert from 'node:assert/strict';
import { applyExceptions, type ExceptionSubject } from '../../../src/decision/policy-exceptions.js';
import type { ModedViolation } from '../../../src/decision/violation-mode.js';
import type { WorkloadView } from '../../../src/admission/workload-view.js';
import { parsePolicyException, type PolicyException } from '../../../src/exception/policy-exception.js';

const NOW = new Date('2026-12-03T12:00:00Z');

function exception(spec: Record<string, unknown>, name = 'agent', namespace = 'shop'): PolicyException {
  return parsePolicyException(
    {
      apiVersion: 'profilegate.dev/v1alpha1',
      kind: 'PolicyException',
      metadata: { name, namespace },
      spec: { reason: 'vendor agent needs it until v2 (SEC-42)', ...spec },
    },
    'test',
  );
}

function finding(id: string, containers: string[], field?: string): ModedViolation {
  return {
    id,
    severity: 'high',
    message: `${containers.join(', ')} ${id}`,
    evidence: 'static',
    containers,
    patch: [],
    mode: 'enforce',
    ...(field ? { field } : {}),
  };
}

function workload(
  kind: WorkloadView['kind'],
  name: string,
  labels: Record<string, string> = { app: 'web' },
): WorkloadView {
  const podSpecPointer = kind === 'Pod' ? '/spec' : '/spec/template/spec';
  return {
    kind,
    name,
    namespace: 'shop',
    podMetadata: { labels, annotations: {} },
    podSpec: {
      containers: [
        { name: 'agent', image: 'registry.example/vendor/agent:3.1' },
        { name: 'web', image: 'nginx:1.27' },
      ],
    },
    podSpecPointer,
    containerNames: ['agent', 'web'],
  };
}

function subject(w: WorkloadView, metadata: ExceptionSubject['metadata'] = {}): ExceptionSubject {
  return { workload: w, kind: w.kind, name: w.name, metadata };
}

const CAPS = 'spec.template.spec.containers[*].securityContext.capabilities.add';

describe('PolicyExceptions applied to findings', () => {
  it('exempts the rule for the matched workload and keeps every other finding', () => {
    const e = exception({
      match: { kinds: ['Deployment'], names: ['web'] },
      rules: [{ id: 'pss-capabilities' }],
    });
    const out = applyExceptions(
      [finding('pss-capabilities', ['agent'], CAPS), finding('pss-privileged', ['agent'])],
      [e],
      subject(workload('Deployment', 'web')),
      NOW,
    );
    assert.deepEqual(
      out.kept.map((v) => v.id),
      ['pss-privileged'],
    );
    assert.deepEqual(
      out.exempted.map((v) => [v.id, v.exemptedBy]),
      [['pss-capabilities', { name: 'shop/agent', reason: 'vendor agent needs it until v2 (SEC-42)' }]],
    );
    assert.deepEqual(out.notes, []);
  });

  it('containers: a finding naming a container the exception does not list is kept (Kyverno #6615)', () => {
    const e = exception({
      match: { selector: {} },
      rules: [{ id: 'pss-capabilities', containers: ['agent'] }],
    });
    const s = subject(workload('Deployment', 'web'));
    assert.equal(applyExceptions([finding('pss-capabilities', ['agent'])], [e], s, NOW).exempted.length, 1);
    assert.equal(
      applyExceptions([finding('pss-capabilities', ['agent', 'web'])], [e], s, NOW).kept.length,
      1,
    );
    // A pod-level finding names no container: an exception for containers does not cover it.
    assert.equal(applyExceptions([finding('pss-capabilities', [])], [e], s, NOW).kept.length, 1);
  });

  it('images: every container the finding names must run a matching image', () => {
    const e = exception({
      match: { selector: {} },
      rules: [{ id: 'pss-capabilities', images: ['registry.example/vendor/*'] }],
    });
    const s = subject(workload('Deployment', 'web'));
    assert.equal(applyExceptions([finding('pss-capabilities', ['agent'])], [e], s, NOW).exempted.length, 1);
    assert.equal(applyExceptions([finding('pss-capabilities', ['web'])], [e], s, NOW).kept.length, 1);
    assert.equal(
      applyExceptions([finding('pss-capabilities', ['agent', 'web'])], [e], s, NOW).kept.length,
      1,
    );
  });

  it('fields: relative to the pod spec of any kind, a field covering its children', () => {
    const e = exception({
      match: { selector: {} },
      rules: [{ id: 'pss-capabilities', fields: ['containers[*].securityContext.capabilities'] }],
    });
    const deploymentFinding = finding('pss-capabilities', ['agent'], CAPS);
    const podFinding = finding(
      'pss-capabilities',
      ['agent'],
      'spec.containers[*].securityContext.capabilities.add',
    );
    assert.equal(
      applyExceptions([deploymentFinding], [e], subject(workload('Deployment', 'web')), NOW).exempted.length,
      1,
    );
    assert.equal(
      applyExceptions([podFinding], [e], subject(workload('Pod', 'web-1')), NOW).exempted.length,
      1,
    );
    const other = finding(
      'pss-capabilities',
      ['agent'],
      'spec.template.spec.containers[*].securityContext.capabilitiesX',
    );
    assert.equal(applyExceptions([other], [e], subject(workload('Deployment', 'web')), NOW).kept.length, 1);
  });

  it('a pod matches an exception for the Deployment that owns it, by its ReplicaSet', () => {
    const e = exception({
      match: { kinds: ['Deployment'], names: ['web'] },
      rules: [{ id: 'pss-capabilities' }],
    });
    const pod = subject(workload('Pod', 'web-7d4b9c8f6d-x2x9k'), {
      ownerReferences: [{ kind: 'ReplicaSet', name: 'web-7d4b9c8f6d', controller: true }],
      labels: { app: 'web', 'pod-template-hash': '7d4b9c8f6d' },
    });
    assert.equal(applyExceptions([finding('pss-capabilities', ['agent'])], [e], pod, NOW).exempted.length, 1);
    const bare = subject(workload('Pod', 'web'));
    assert.equal(
      applyExceptions([finding('pss-capabilities', ['agent'])], [e], bare, NOW).kept.length,
      1,
      'a bare Pod named web is not the Deployment',
    );
  });

  it('names take globs; selectors follow metav1.LabelSelector', () => {
    const rules = [{ id: 'pss-capabilities' }];
    const f = [finding('pss-capabilities', ['agent'])];
    const s = subject(workload('Deployment', 'agent-eu', { app: 'agent', tier: 'infra' }));
    const match = (m: Record<string, unknown>) =>
      applyExceptions(f, [exception({ match: m, rules })], s, NOW).exempted.length;
    assert.equal(match({ names: ['agent-*'] }), 1);
    assert.equal(match({ names: ['agent-?'] }), 0);
    assert.equal(match({ selector: { matchLabels: { app: 'agent' } } }), 1);
    assert.equal(match({ selector: { matchLabels: { app: 'agent', tier: 'web' } } }), 0);
    assert.equal(
      match({ selector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['infra', 'ops'] }] } }),
      1,
    );
    assert.equal(
      match({ selector: { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['infra'] }] } }),
      0,
    );
    assert.equal(match({ selector: { matchExpressions: [{ key: 'team', operator: 'DoesNotExist' }] } }), 1);
    assert.equal(match({ kinds: ['StatefulSet'] }), 0);
  });

  it('an expired exception no longer applies, and says so', () => {
    const e = exception({
      expires: '2026-12-01T00:00:00Z',
      match: { names: ['web'] },
      rules: [{ id: 'pss-capabilities' }],
    });
    const out = applyExceptions(
      [finding('pss-capabilities', ['agent'])],
      [e],
      subject(workload('Deployment', 'web')),
      NOW,
    );
    assert.equal(out.kept.length, 1);
    assert.deepEqual(out.notes, [
      'profilegate: PolicyException shop/agent expired at 2026-12-01T00:00:00Z; [pss-capabilities] applies again',
    ]);
    const live = applyExceptions(
      [finding('pss-capabilities', ['agent'])],
      [e],
      subject(workload('Deployment', 'web')),
      new Date('2026-11-30T23:59:59Z'),
    );
    assert.deepEqual(live.exempted[0]?.exemptedBy.expires, '2026-12-01T00:00:00Z');
  });
});

describe('PolicyException validation', () => {
  const parse = (spec: unknown) => () =>
    parsePolicyException(
      {
        apiVersion: 'profilegate.dev/v1alpha1',
        kind: 'PolicyException',
        metadata: { name: 'x', namespace: 'shop' },
        spec,
      },
      'x.yaml document 1',
    );

  it('names every invalid field and what is allowed', () => {
    assert.throws(
      parse({ match: {}, rules: [{ id: 'Not An Id' }], expires: 'tomorrow' }),
      (e: unknown) =>
        (e as Error).message ===
        'x.yaml document 1: invalid PolicyException: spec.reason: Invalid input: expected string, received undefined; spec.expires: Invalid ISO datetime; spec.match: must set kinds, names or selector (selector: {} matches every workload of the namespace); spec.rules.0.id: must be a rule id such as pss-capabilities',
    );
    assert.throws(
      parse({ reason: 'r', match: { selector: {} }, rules: [] }),
      /spec\.rules: Too small: expected array to have >=1 items/,
    );
  });
});
