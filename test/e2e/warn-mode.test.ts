import assert from 'node:assert/strict';
import { readFixture } from './support/fixtures.js';
import { warningLines } from './support/kubectl.js';
import { createModeNamespace } from './support/namespaces.js';
import { e2e } from './support/root-hooks.js';

describe('warn mode: kubectl apply of a privileged workload', () => {
  it('admits it and prints Warning: lines naming the policy, the container and the field', async () => {
    const { kubectl } = e2e();
    const namespace = await createModeNamespace(kubectl, 'warn');
    const result = await kubectl.apply(await readFixture('privileged-deployment.yaml'), namespace);

    assert.equal(result.code, 0, `apply should succeed:\n${result.output}`);
    const warnings = warningLines(result.stderr);
    assert.ok(
      warnings.includes(
        'Warning: [pss-privileged] container "escalate" must not set securityContext.privileged=true (allowed: false or unset)',
      ),
      `no policy warning:\n${result.output}`,
    );
    assert.notEqual(await kubectl.getJson('deployment', 'privileged-deployment', namespace), undefined);
  });

  it('fails with --warnings-as-errors', async () => {
    const { kubectl } = e2e();
    const namespace = await createModeNamespace(kubectl, 'warn');
    const result = await kubectl.apply(await readFixture('privileged-pod.yaml'), namespace, [
      '--warnings-as-errors',
    ]);

    assert.notEqual(result.code, 0, `apply should fail:\n${result.output}`);
    assert.match(result.stderr, /pss-privileged/);
  });
});
