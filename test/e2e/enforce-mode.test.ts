import assert from 'node:assert/strict';
import { readFixture } from './support/fixtures.js';
import { createModeNamespace } from './support/namespaces.js';
import { VALIDATING_WEBHOOK } from './support/readiness.js';
import { e2e } from './support/root-hooks.js';

const PRIVILEGED = [
  {
    fixture: 'privileged-deployment.yaml',
    kind: 'deployment',
    kindName: 'Deployment',
    name: 'privileged-deployment',
  },
  { fixture: 'privileged-pod.yaml', kind: 'pod', kindName: 'Pod', name: 'privileged-pod' },
  { fixture: 'privileged-cronjob.yaml', kind: 'cronjob', kindName: 'CronJob', name: 'privileged-cronjob' },
];

describe('enforce mode: kubectl apply of a privileged workload', () => {
  let namespace: string;

  before(async () => {
    namespace = await createModeNamespace(e2e().kubectl, 'enforce');
  });

  for (const { fixture, kind, kindName, name } of PRIVILEGED) {
    it(`rejects a privileged ${kind}, naming the policy, the container and the field`, async () => {
      const { kubectl } = e2e();
      const result = await kubectl.apply(await readFixture(fixture), namespace);

      assert.notEqual(result.code, 0, `apply should fail:\n${result.output}`);
      assert.match(result.stderr, new RegExp(`admission webhook "${VALIDATING_WEBHOOK}" denied`));
      assert.ok(
        result.stderr.includes(
          `admission webhook "${VALIDATING_WEBHOOK}" denied the request: profilegate denied ${kindName} ${namespace}/${name}: 1 policy violation\n` +
            `- [pss-privileged] container "escalate" must not set securityContext.privileged=true (allowed: false or unset)`,
        ),
        result.stderr,
      );
      assert.equal(await kubectl.getJson(kind, name, namespace), undefined, 'nothing stored');
    });
  }
});
