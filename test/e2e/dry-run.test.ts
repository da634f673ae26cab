import assert from 'node:assert/strict';
import { readFixture } from './support/fixtures.js';
import { warningLines } from './support/kubectl.js';
import { createModeNamespace } from './support/namespaces.js';
import { e2e } from './support/root-hooks.js';

describe('kubectl apply --dry-run=server', () => {
  it('is denied in enforce mode exactly like a real apply, and stores nothing', async () => {
    const { kubectl } = e2e();
    const namespace = await createModeNamespace(kubectl, 'enforce');
    const manifest = await readFixture('privileged-deployment.yaml');

    const dryRun = await kubectl.apply(manifest, namespace, ['--dry-run=server']);
    assert.notEqual(dryRun.code, 0, `dry run should be denied:\n${dryRun.output}`);
    assert.equal(await kubectl.getJson('deployment', 'privileged-deployment', namespace), undefined);

    const real = await kubectl.apply(manifest, namespace);
    assert.notEqual(real.code, 0);
    assert.equal(dryRun.stderr, real.stderr, 'same denial for the dry run and the real apply');
  });

  it('warns in warn mode exactly like a real apply, and stores nothing', async () => {
    const { kubectl } = e2e();
    const namespace = await createModeNamespace(kubectl, 'warn');
    const manifest = await readFixture('privileged-deployment.yaml');

    const dryRun = await kubectl.apply(manifest, namespace, ['--dry-run=server']);
    assert.equal(dryRun.code, 0, dryRun.output);
    assert.match(dryRun.stdout, /\(server dry run\)/);
    assert.equal(await kubectl.getJson('deployment', 'privileged-deployment', namespace), undefined);

    const real = await kubectl.apply(manifest, namespace);
    assert.equal(real.code, 0, real.output);
    assert.ok(warningLines(real.stderr).length > 0, `no warnings:\n${real.output}`);
    assert.deepEqual(warningLines(dryRun.stderr), warningLines(real.stderr));
  });
});
