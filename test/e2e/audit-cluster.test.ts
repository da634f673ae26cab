/**
 * `profilegate audit --cluster` against the real API server: it reads what runs (the namespace's
 * labels included), judges it as the webhook would, and follows the exit-code contract.
 */
import assert from 'node:assert/strict';
import { runCli } from '../integration/cli/run-cli.js';
import { readFixture } from './support/fixtures.js';
import { createModeNamespace } from './support/namespaces.js';
import { e2e } from './support/root-hooks.js';

interface AuditJson {
  allowed: boolean;
  results: { file: string; resource: string; violations: { id: string; mode: string }[] }[];
}

describe('profilegate audit --cluster', () => {
  let namespace: string;
  let quiet: string;

  before(async function (this: Mocha.Context) {
    this.timeout(60_000);
    const env = e2e();
    // Admitted in audit mode, so it runs with its findings.
    namespace = await createModeNamespace(env.kubectl, 'audit');
    await env.kubectl.ok(
      ['apply', '-n', namespace, '-f', '-'],
      await readFixture('privileged-deployment.yaml'),
    );
    quiet = await createModeNamespace(env.kubectl, 'enforce');
    await env.kubectl.ok(['apply', '-n', quiet, '-f', '-'], await readFixture('compliant-deployment.yaml'));
  });

  it('judges the privileged Deployment of one namespace in the mode its label sets, and exits 1', async () => {
    const run = await runCli([
      'audit',
      '--cluster',
      '--kubeconfig',
      e2e().kubeconfig,
      '-n',
      namespace,
      '-o',
      'json',
    ]);
    assert.equal(run.code, 1, run.stderr);
    const { results } = JSON.parse(run.stdout) as AuditJson;
    assert.deepEqual(
      results.map((r) => [r.file, r.resource]),
      [
        [
          `cluster/${namespace}/Deployment/privileged-deployment`,
          `Deployment ${namespace}/privileged-deployment`,
        ],
      ],
    );
    const privileged = results[0]?.violations.find((v) => v.id === 'pss-privileged');
    assert.equal(privileged?.mode, 'audit', 'the namespace label profilegate.dev/mode=audit was read');
  });

  it('exits 0 for a namespace whose workloads are compliant', async () => {
    const run = await runCli(['audit', '--cluster', '--kubeconfig', e2e().kubeconfig, '-n', quiet]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.equal(run.stdout, 'no findings in 1 judged objects\n');
  });

  it('exits 2 with the reason for an unusable kubeconfig or a missing source', async () => {
    const missing = await runCli(['audit', '--cluster', '--kubeconfig', '/nonexistent/kubeconfig']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^profilegate: --kubeconfig \/nonexistent\/kubeconfig: ENOENT/);
    const neither = await runCli(['audit']);
    assert.equal(neither.code, 2);
    assert.equal(
      neither.stderr,
      'profilegate: give either -f <path> (manifests) or --cluster (a live cluster), not both or neither\n',
    );
  });
});
