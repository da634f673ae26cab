import assert from 'node:assert/strict';
import { eventsFor } from './support/audit-log.js';
import { readFixture } from './support/fixtures.js';
import { createModeNamespace } from './support/namespaces.js';
import { e2e } from './support/root-hooks.js';
import { waitFor } from './support/wait.js';

interface StoredDeployment {
  readonly spec: {
    readonly template: {
      readonly spec: {
        readonly containers: readonly {
          readonly name: string;
          readonly securityContext?: { readonly allowPrivilegeEscalation?: boolean };
        }[];
      };
    };
  };
}

describe('mutating webhook: hardening patches in enforce mode', () => {
  it('stores the patched object: allowPrivilegeEscalation is set to false', async () => {
    const { kubectl, apiServer } = e2e();
    const namespace = await createModeNamespace(kubectl, 'enforce', 'restricted');
    const result = await kubectl.apply(await readFixture('hardenable-deployment.yaml'), namespace);
    assert.equal(result.code, 0, `the patched Deployment should be admitted:\n${result.output}`);

    const stored = (await kubectl.getJson(
      'deployment',
      'hardenable-deployment',
      namespace,
    )) as StoredDeployment;
    const web = stored.spec.template.spec.containers.find((c) => c.name === 'web');
    assert.equal(web?.securityContext?.allowPrivilegeEscalation, false);

    const created = await waitFor(
      async () => {
        const events = await eventsFor(
          apiServer.auditLogFile,
          'deployments',
          namespace,
          'hardenable-deployment',
        );
        return events.find((e) => e.verb === 'create');
      },
      { timeoutMs: 10_000, what: 'the create event in the audit log' },
    );
    assert.match(created.annotations?.['mutate.profilegate.dev/patched'] ?? '', /privilege/);
  });
});
