/**
 * Bundles delivered in the cluster (docs/bundles.md): the webhook polls a bundle server; an
 * author's rule, built and signed with `profilegate policy build`, changes what kubectl is told
 * without a restart; a corrupt bundle and one signed with another key change nothing.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { runCli } from '../integration/cli/run-cli.js';
import { startBundleServer, type BundleServer } from '../support/bundle-server.js';
import { readFixture } from './support/fixtures.js';
import { createModeNamespace } from './support/namespaces.js';
import { restoreStandardWebhook, waitUntilWebhookCalled } from './support/readiness.js';
import { e2e } from './support/root-hooks.js';
import { waitFor } from './support/wait.js';

const PINNED_MESSAGE = 'container "web" must pin its image to a tag other than latest or to a digest';

interface Readyz {
  bundle: { revision?: string; lastError?: string; service?: { lastError?: string } };
}

/** The compliant fixture running nginx:latest, under another name. */
async function latestDeployment(name: string): Promise<string> {
  const object = parse(await readFixture('compliant-deployment.yaml')) as {
    metadata: { name: string };
    spec: { template: { spec: { containers: { image: string }[] } } };
  };
  object.metadata.name = name;
  for (const c of object.spec.template.spec.containers) c.image = 'nginx:latest';
  return stringify(object);
}

describe('policy bundles from a bundle server', () => {
  let server: BundleServer | undefined;

  after(async function () {
    this.timeout(120_000);
    await server?.close();
    await restoreStandardWebhook(e2e());
  });

  it('an author’s signed bundle takes effect without a restart; corrupt and wrongly signed ones change nothing', async function () {
    this.timeout(240_000);
    const env = e2e();
    const dir = mkdtempSync(join(tmpdir(), 'pg-e2e-bundles-'));
    for (const name of ['release', 'stranger']) {
      const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      writeFileSync(join(dir, `${name}.key`), privateKey.export({ type: 'pkcs8', format: 'pem' }));
      writeFileSync(join(dir, `${name}.pub`), publicKey.export({ type: 'spki', format: 'pem' }));
    }
    // The author's loop: scaffold, build with the built-ins, sign.
    const author = { cwd: dir };
    assert.equal((await runCli(['policy', 'new', 'require-pinned-images', '--dir', 'team'], author)).code, 0);
    const build = async (out: string, key: string, policyDir?: string) => {
      const args = ['policy', 'build', '--out', out, '--signing-key', `${key}.key`];
      const run = await runCli(policyDir ? [...args, '--policy-dir', policyDir] : args, author);
      assert.equal(run.code, 0, run.stderr);
      return readFileSync(join(dir, out, 'bundle.tar.gz'));
    };
    const builtins = await build('builtins', 'release');
    const team = await build('team-bundle', 'release', 'team');
    const stranger = await build('stranger-bundle', 'stranger', 'team');

    server = await startBundleServer();
    server.serve(builtins);
    await env.stopWebhook();
    await env.startWebhook('enforce', {
      bundle: {
        service: { url: server.url, minDelaySeconds: 0.5, maxDelaySeconds: 1 },
        verification: { keyFile: join(dir, 'release.pub') },
      },
    });
    await waitUntilWebhookCalled(env);
    const namespace = await createModeNamespace(env.kubectl, 'enforce');
    const before = await env.kubectl.apply(await latestDeployment('web-1'), namespace, ['--dry-run=server']);
    assert.equal(before.code, 0, before.output);

    server.serve(team);
    const denied = await waitFor(
      async () => {
        const result = await env.kubectl.apply(await latestDeployment('web-2'), namespace, [
          '--dry-run=server',
        ]);
        return result.code !== 0 ? result : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 500, what: 'the author’s bundle to judge' },
    );
    assert.match(
      denied.stderr,
      new RegExp(`- \\[require-pinned-images\\] ${PINNED_MESSAGE.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
    );
    const teamRevision = ((await env.webhookGet('/readyz')).body as Readyz).bundle.revision;

    for (const [what, archive, error] of [
      ['a corrupt bundle', Buffer.from('not a bundle'), /not a gzipped tar bundle/],
      [
        'a bundle signed with another key',
        stranger,
        /bundle signature: the JWT does not verify with .*release\.pub/,
      ],
    ] as const) {
      server.serve(archive);
      const ready = await waitFor(
        async () => {
          const r = await env.webhookGet('/readyz');
          return error.test((r.body as Readyz).bundle.service?.lastError ?? '') ? r : undefined;
        },
        { timeoutMs: 15_000, what: `/readyz to report ${what}` },
      );
      assert.equal(ready.status, 200, `still ready after ${what}`);
      assert.equal((ready.body as Readyz).bundle.revision, teamRevision);
      const still = await env.kubectl.apply(await latestDeployment('web-3'), namespace, ['--dry-run=server']);
      assert.notEqual(still.code, 0, `${what} changed the decision`);
      assert.ok(still.stderr.includes(PINNED_MESSAGE), still.stderr);
    }
  });
});
