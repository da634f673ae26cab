import assert from 'node:assert/strict';
import { readFixture } from './support/fixtures.js';
import { createModeNamespace } from './support/namespaces.js';
import { VALIDATING_WEBHOOK } from './support/readiness.js';
import { e2e } from './support/root-hooks.js';

const PRIVILEGED = [
  { fixture: 'privileged-deployment.yaml', kind: 'deployment', name: 'privileged-deployment' },
  { fixture: 'privileged-pod.yaml', kind: 'pod', name: 'privileged-pod' },
  { fixture: 'privileged-cronjob.yaml', kind: 'cronjob', name: 'privileged-cronjob' },
];

describe('enforce mode: kubectl apply of a privileged workload', () => {
  let namespace: string;

  before(async () => {
    namespace = await createModeNamespace(e2e().kubectl, 'enforce');
  });

  for (const { fixture, kind, name } of PRIVILEGED) {
    it(`rejects a privileged ${kind}, naming the policy, the container and the field`, async () => {
      const { kubectl } = e2e();
      const result = await kubectl.apply(await readFixture(fixture), namespace);

      assert.notEqual(result.code, 0, `apply should fail:\n${result.output}`);
      assert.match(result.stderr, new RegExp(`admission webhook "${VALIDATING_WEBHOOK}" denied`));
      assert.match(result.stderr, /pss-privileged/);
      assert.match(result.stderr, /escalate/);
      assert.match(result.stderr, /securityContext\.privileged/);
      assert.equal(await kubectl.getJson(kind, name, namespace), undefined, 'nothing stored');
    });
  }
});
