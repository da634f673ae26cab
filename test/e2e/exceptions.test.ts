/**
 * PolicyExceptions on the real API server (docs/exceptions.md): the CRD refuses an exception
 * that matches nothing; an exception lets a privileged Deployment through with a warning naming
 * it, and the background audit reports the finding as skip with the exception; when it expires
 * the same apply is denied again and the report fails, with no restart.
 */
import assert from 'node:assert/strict';
import { stringify } from 'yaml';
import { readFixture } from './support/fixtures.js';
import { createModeNamespace, createNamespace } from './support/namespaces.js';
import { restoreStandardWebhook, waitUntilWebhookCalled } from './support/readiness.js';
import { e2e } from './support/root-hooks.js';
import { waitFor } from './support/wait.js';

const CRDS = [
  'manifests/crds/policyexception.yaml',
  'manifests/crds/upstream/wgpolicyk8s.io_policyreports.yaml',
];
const PRIVILEGED =
  'container "escalate" must not set securityContext.privileged=true (allowed: false or unset)';

interface ReportResult {
  policy: string;
  result: string;
  properties?: Record<string, string>;
}

function exception(namespace: string, spec: Record<string, unknown>): string {
  return stringify({
    apiVersion: 'profilegate.dev/v1alpha1',
    kind: 'PolicyException',
    metadata: { name: 'debug-tools', namespace },
    spec,
  });
}

async function privilegedResult(namespace: string): Promise<ReportResult | undefined> {
  const stored = (await e2e().kubectl.getJson('policyreports.wgpolicyk8s.io', 'profilegate', namespace)) as
    { results?: ReportResult[] } | undefined;
  return stored?.results?.find((r) => r.policy === 'pss-privileged');
}

describe('PolicyExceptions', () => {
  let namespace: string;

  before(async function (this: Mocha.Context) {
    this.timeout(180_000);
    const env = e2e();
    for (const crd of CRDS) await env.kubectl.ok(['apply', '-f', crd]);
    await env.kubectl.ok([
      'wait',
      '--for=condition=Established',
      'crd/policyexceptions.profilegate.dev',
      'crd/policyreports.wgpolicyk8s.io',
      '--timeout=60s',
    ]);
    const leaseNamespace = await createNamespace(env.kubectl, 'e2e-exception-lease');
    namespace = await createModeNamespace(env.kubectl, 'enforce');
    // The webhook sees the CRD at start (without it, it runs with no exceptions).
    await env.stopWebhook();
    await env.startWebhook('enforce', {
      reports: { background: { enabled: true, perSecond: 500, leaseNamespace, leaseDurationSeconds: 4 } },
    });
    await waitUntilWebhookCalled(env);
  });

  after(async function (this: Mocha.Context) {
    this.timeout(120_000);
    await restoreStandardWebhook(e2e());
  });

  it('the API server refuses an exception that matches nothing or exempts no rule', async () => {
    const env = e2e();
    const noMatch = await env.kubectl.apply(
      exception(namespace, { reason: 'r', match: {}, rules: [{ id: 'pss-privileged' }] }),
      namespace,
    );
    assert.notEqual(noMatch.code, 0);
    assert.match(
      noMatch.stderr,
      /spec\.match: Invalid value: must set kinds, names or selector \(selector: \{\} matches every workload of the namespace\)/,
    );
    const noRule = await env.kubectl.apply(
      exception(namespace, { reason: 'r', match: { selector: {} }, rules: [] }),
      namespace,
    );
    assert.notEqual(noRule.code, 0);
    assert.match(
      noRule.stderr,
      /spec\.rules: Invalid value: 0: spec\.rules in body should have at least 1 items/,
    );
  });

  it('lets the matched Deployment through with a warning and a skip result; after its expiry both deny again, no restart', async function () {
    this.timeout(180_000);
    const env = e2e();
    const deployment = await readFixture('privileged-deployment.yaml');
    const renamed = deployment.replace('name: privileged-deployment', 'name: privileged-later');
    const denied = await env.kubectl.apply(deployment, namespace, ['--dry-run=server']);
    assert.match(denied.stderr, /denied the request: profilegate denied Deployment .*\n- \[pss-privileged\]/);

    const expires = new Date(Date.now() + 45_000).toISOString().replace(/\.\d+Z$/, 'Z');
    const reason = 'debugging INC-7 until the fix ships';
    await env.kubectl.ok(
      ['apply', '-n', namespace, '-f', '-'],
      exception(namespace, {
        reason,
        expires,
        match: { kinds: ['Deployment'], names: ['privileged-*'] },
        rules: [{ id: 'pss-privileged', containers: ['escalate'], images: ['registry.example.com/tools/*'] }],
      }),
    );
    const admitted = await waitFor(
      async () => {
        const result = await env.kubectl.apply(deployment, namespace);
        return result.code === 0 ? result : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 500, what: 'the exception to take effect' },
    );
    assert.ok(
      admitted.stderr.includes(
        `Warning: profilegate: [pss-privileged] exempted by PolicyException ${namespace}/debug-tools (${reason}, until ${expires}): ${PRIVILEGED}`,
      ),
      admitted.stderr,
    );
    const skipped = await waitFor(
      async () => {
        const r = await privilegedResult(namespace);
        return r?.result === 'skip' ? r : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 500, what: 'the report to show the exempted finding' },
    );
    assert.deepEqual(
      [
        skipped.properties?.exception,
        skipped.properties?.exceptionReason,
        skipped.properties?.exceptionExpires,
      ],
      [`${namespace}/debug-tools`, reason, expires],
    );

    const again = await waitFor(
      async () => {
        // A new object: re-applying the stored one unchanged sends kubectl no request at all.
        const result = await env.kubectl.apply(renamed, namespace, ['--dry-run=server']);
        return result.code !== 0 ? result : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 1000, what: 'the exception to expire' },
    );
    assert.ok(Date.now() >= Date.parse(expires), 'denied before the expiry');
    assert.match(
      again.stderr,
      new RegExp(
        `PolicyException ${namespace}/debug-tools expired at ${expires}; \\[pss-privileged\\] applies again`,
      ),
    );
    const failing = await waitFor(
      async () => {
        const r = await privilegedResult(namespace);
        return r?.result === 'fail' ? r : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 500, what: 'the report to fail the finding again' },
    );
    assert.equal(failing.properties?.exception, undefined);
  });
});
