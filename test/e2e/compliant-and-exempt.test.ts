import assert from 'node:assert/strict';
import { eventsFor, profileGateAnnotations } from './support/audit-log.js';
import { readFixture } from './support/fixtures.js';
import { warningLines } from './support/kubectl.js';
import { createModeNamespace, createNamespace, EXEMPT_LABEL, MODE_LABEL } from './support/namespaces.js';
import { e2e } from './support/root-hooks.js';
import { waitFor } from './support/wait.js';

interface StoredWorkload {
  readonly spec?: { template?: unknown };
}

async function storedTemplate(kind: string, name: string, namespace: string): Promise<unknown> {
  const stored = (await e2e().kubectl.getJson(kind, name, namespace)) as StoredWorkload | undefined;
  assert.ok(stored !== undefined, `${kind}/${name} not stored in ${namespace}`);
  return stored.spec?.template;
}

describe('workloads ProfileGate lets through untouched', () => {
  let exempt: string;

  before(async () => {
    exempt = await createNamespace(e2e().kubectl, 'e2e-exempt', {
      [EXEMPT_LABEL]: 'true',
      [MODE_LABEL]: 'enforce',
    });
  });

  it('admits a compliant Deployment in enforce mode at restricted level without warnings or patches', async () => {
    const { kubectl } = e2e();
    const namespace = await createModeNamespace(kubectl, 'enforce', 'restricted');
    const manifest = await readFixture('compliant-deployment.yaml');

    const result = await kubectl.apply(manifest, namespace);
    assert.equal(result.code, 0, result.output);
    assert.deepEqual(warningLines(result.stderr), []);

    // The exempt namespace never calls the webhook: its copy shows only the API server's defaults.
    await kubectl.ok(['apply', '-n', exempt, '-f', '-'], manifest);
    assert.deepEqual(
      await storedTemplate('deployment', 'compliant-deployment', namespace),
      await storedTemplate('deployment', 'compliant-deployment', exempt),
    );
  });

  it('does not evaluate a privileged workload in an exempt namespace', async () => {
    const { kubectl, apiServer } = e2e();
    const result = await kubectl.apply(await readFixture('privileged-pod.yaml'), exempt);

    assert.equal(result.code, 0, result.output);
    assert.deepEqual(warningLines(result.stderr), []);
    const created = await waitFor(
      async () => {
        const events = await eventsFor(apiServer.auditLogFile, 'pods', exempt, 'privileged-pod');
        return events.find((e) => e.verb === 'create');
      },
      { timeoutMs: 10_000, what: 'the create event in the audit log' },
    );
    assert.deepEqual(profileGateAnnotations(created), {});
    const annotationValues = Object.values(created.annotations ?? {}).join('\n');
    assert.doesNotMatch(annotationValues, /profilegate/, 'no ProfileGate webhook was called');
  });
});
