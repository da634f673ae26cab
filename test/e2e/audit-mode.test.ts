import assert from 'node:assert/strict';
import { eventsFor, profileGateAnnotations } from './support/audit-log.js';
import { readFixture } from './support/fixtures.js';
import { createModeNamespace } from './support/namespaces.js';
import { VALIDATING_WEBHOOK } from './support/readiness.js';
import { e2e } from './support/root-hooks.js';
import { waitFor } from './support/wait.js';

describe('audit mode: kubectl apply of a privileged workload', () => {
  it('admits it and records ProfileGate audit annotations in the audit log', async () => {
    const { kubectl, apiServer } = e2e();
    const namespace = await createModeNamespace(kubectl, 'audit');
    const result = await kubectl.apply(await readFixture('privileged-deployment.yaml'), namespace);

    assert.equal(result.code, 0, `apply should succeed:\n${result.output}`);
    assert.notEqual(await kubectl.getJson('deployment', 'privileged-deployment', namespace), undefined);

    const annotations = await waitFor(
      async () => {
        const events = await eventsFor(
          apiServer.auditLogFile,
          'deployments',
          namespace,
          'privileged-deployment',
        );
        const created = events.find((e) => e.verb === 'create');
        return created === undefined ? undefined : profileGateAnnotations(created);
      },
      { timeoutMs: 10_000, what: 'the create event in the audit log' },
    );
    assert.equal(
      annotations[`${VALIDATING_WEBHOOK}/violation-ids`],
      'pss-privileged,exposure-automount-sa-token',
    );
    const findings = JSON.parse(annotations[`${VALIDATING_WEBHOOK}/violations`] ?? '[]') as unknown;
    assert.deepEqual(findings, [
      {
        id: 'pss-privileged',
        mode: 'audit',
        severity: 'critical',
        evidence: 'static',
        message:
          'container "escalate" must not set securityContext.privileged=true (allowed: false or unset)',
      },
      {
        id: 'exposure-automount-sa-token',
        mode: 'audit',
        severity: 'low',
        evidence: 'static',
        message:
          'pod must set automountServiceAccountToken=false: the token of service account "default" is mounted into every container (allowed: false)',
      },
    ]);
  });
});
