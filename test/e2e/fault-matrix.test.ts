/**
 * The fault matrix (docs/modes.md "Faults"): each fault, caused for real while kubectl applies
 * through the real API server, with its documented outcome.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { FLAG_EVERYTHING_REGO, buildTestBundle } from '../support/build-test-bundle.js';
import { readFixture } from './support/fixtures.js';
import type { KubectlResult } from './support/kubectl.js';
import { createModeNamespace, MODE_LABEL } from './support/namespaces.js';
import { restoreStandardWebhook, VALIDATING_WEBHOOK, waitUntilWebhookCalled } from './support/readiness.js';
import { e2e } from './support/root-hooks.js';
import { waitFor } from './support/wait.js';

const DENIED_BY_PROFILEGATE = `admission webhook "${VALIDATING_WEBHOOK}" denied the request: profilegate denied`;
const WEBHOOK_UNREACHABLE = /failed calling webhook "(validate|mutate)\.profilegate\.dev"/;

/** The fixture under another name (its selector and labels too). */
async function renamed(fixture: string, name: string): Promise<string> {
  const object = parse(await readFixture(fixture)) as {
    metadata: { name: string };
    spec: {
      selector: { matchLabels: Record<string, string> };
      template: { metadata: { labels: Record<string, string> } };
    };
  };
  object.metadata.name = name;
  object.spec.selector.matchLabels = { app: name };
  object.spec.template.metadata.labels = { app: name };
  return stringify(object);
}

async function storedDeployments(namespace: string): Promise<string[]> {
  const result = await e2e().kubectl.ok(['get', 'deployments', '-n', namespace, '-o', 'name']);
  return result.stdout.split('\n').filter(Boolean).sort();
}

async function restoreWebhook(this: Mocha.Context): Promise<void> {
  this.timeout(120_000);
  await restoreStandardWebhook(e2e());
}

describe('fault matrix', () => {
  describe('the webhook is killed (SIGKILL) in the middle of a series of applies, failurePolicy Fail', () => {
    after(restoreWebhook);

    it('stores no privileged Deployment: before the kill they are denied, after it every apply fails naming the webhook', async function () {
      this.timeout(180_000);
      const env = e2e();
      const namespace = await createModeNamespace(env.kubectl, 'enforce');
      const results: { name: string; killed: boolean; result: KubectlResult }[] = [];
      let killed = false;
      for (let i = 0; i < 12; i++) {
        for (const [fixture, name] of [
          ['privileged-deployment.yaml', `privileged-${i}`],
          ['compliant-deployment.yaml', `compliant-${i}`],
        ] as const) {
          const apply = env.kubectl.apply(await renamed(fixture, name), namespace);
          if (i === 4 && name.startsWith('privileged')) {
            // While that apply is in flight.
            await new Promise((r) => setTimeout(r, 20));
            await env.killWebhook();
            killed = true;
          }
          results.push({ name, killed, result: await apply });
        }
      }
      for (const { name, killed: after, result } of results) {
        const output = `${name}: ${result.output}`;
        if (!after) {
          if (name.startsWith('privileged')) assert.ok(result.stderr.includes(DENIED_BY_PROFILEGATE), output);
          else assert.equal(result.code, 0, output);
        } else if (name !== 'privileged-4') {
          // privileged-4 was in flight: denied by the webhook or refused by failurePolicy, never stored.
          assert.match(result.stderr, WEBHOOK_UNREACHABLE, output);
        }
        if (name.startsWith('privileged')) assert.notEqual(result.code, 0, output);
      }
      assert.deepEqual(await storedDeployments(namespace), [
        'deployment.apps/compliant-0',
        'deployment.apps/compliant-1',
        'deployment.apps/compliant-2',
        'deployment.apps/compliant-3',
      ]);

      await env.startWebhook('enforce');
      await waitUntilWebhookCalled(env);
      const retried = await env.kubectl.apply(
        await renamed('compliant-deployment.yaml', 'compliant-11'),
        namespace,
      );
      assert.equal(retried.code, 0, retried.output);
    });
  });

  describe('the serving certificate is rotated while the API server calls', () => {
    it('answers every call across the rotation and serves the new certificate', async function () {
      this.timeout(120_000);
      const env = e2e();
      const namespace = await createModeNamespace(env.kubectl, 'enforce');
      const before = await env.servedFingerprint();
      const pod = await readFixture('privileged-pod.yaml');
      const calls: Promise<KubectlResult>[] = [];
      for (let i = 0; i < 40; i++) {
        calls.push(env.kubectl.apply(pod, namespace, ['--dry-run=server']));
        if (i === 10) await env.rotateWebhookCertificate();
        await new Promise((r) => setTimeout(r, 50));
      }
      for (const result of await Promise.all(calls)) {
        assert.ok(result.stderr.includes(DENIED_BY_PROFILEGATE), result.output);
      }
      await waitFor(async () => ((await env.servedFingerprint()) !== before ? true : undefined), {
        timeoutMs: 10_000,
        what: 'the new certificate to be served',
      });
      const ready = await env.webhookGet('/readyz');
      const certificate = (ready.body as { certificate: { reloadedAt?: string; lastError?: string } })
        .certificate;
      assert.equal(ready.status, 200);
      assert.ok(certificate.reloadedAt, JSON.stringify(ready.body));
      // The last reload succeeded: whatever half-written state an early event saw is not left over.
      assert.equal(certificate.lastError, undefined, JSON.stringify(ready.body));
      const after = await env.kubectl.apply(pod, namespace, ['--dry-run=server']);
      assert.ok(after.stderr.includes(DENIED_BY_PROFILEGATE), after.output);
    });

    it('negative control: a certificate from a CA not in the caBundle is refused by the API server', async function () {
      this.timeout(120_000);
      const env = e2e();
      const namespace = await createModeNamespace(env.kubectl, 'enforce');
      const pod = await readFixture('privileged-pod.yaml');
      await env.rotateWebhookCertificate('another-ca');
      try {
        const refused = await waitFor(
          async () => {
            const result = await env.kubectl.apply(pod, namespace, ['--dry-run=server']);
            return WEBHOOK_UNREACHABLE.test(result.stderr) ? result : undefined;
          },
          { timeoutMs: 30_000, intervalMs: 500, what: 'the API server to refuse the certificate' },
        );
        assert.match(refused.stderr, /x509: certificate signed by unknown authority/);
      } finally {
        await env.rotateWebhookCertificate('webhook-ca');
        // Served again by a certificate the caBundle's CA signed (the probe verifies against it).
        await waitFor(() => env.servedFingerprint(), {
          timeoutMs: 10_000,
          what: 'a trusted certificate again',
        });
        await waitUntilWebhookCalled(env);
      }
    });
  });

  describe('a corrupt policy bundle, then a good one', () => {
    after(restoreWebhook);

    it('keeps judging with the last good bundle, then judges with the new one, without a restart', async function () {
      this.timeout(180_000);
      const env = e2e();
      const dir = mkdtempSync(join(tmpdir(), 'pg-e2e-bundle-'));
      const path = join(dir, 'bundle.tar.gz');
      copyFileSync('policies/bundle/bundle.tar.gz', path);
      const next = await buildTestBundle(FLAG_EVERYTHING_REGO, join(dir, 'next.tar.gz'));
      await env.stopWebhook();
      await env.startWebhook('enforce', { bundle: { path, watch: true } });
      await waitUntilWebhookCalled(env);
      const namespace = await createModeNamespace(env.kubectl, 'enforce');
      const compliant = await readFixture('compliant-deployment.yaml');
      const pod = await readFixture('privileged-pod.yaml');

      writeFileSync(path, 'not a bundle');
      await waitFor(
        async () => {
          const ready = await env.webhookGet('/readyz');
          return (ready.body as { bundle: { lastError?: string } }).bundle.lastError ? ready : undefined;
        },
        { timeoutMs: 15_000, what: '/readyz to report the corrupt bundle' },
      );
      assert.equal((await env.webhookGet('/readyz')).status, 200, 'still ready on the last good bundle');
      const denied = await env.kubectl.apply(pod, namespace, ['--dry-run=server']);
      assert.match(denied.stderr, /denied the request: profilegate denied Pod .*\n- \[pss-privileged\]/);
      const admitted = await env.kubectl.apply(compliant, namespace, ['--dry-run=server']);
      assert.equal(admitted.code, 0, admitted.output);

      copyFileSync(next, path);
      const flagged = await waitFor(
        async () => {
          const result = await env.kubectl.apply(compliant, namespace, ['--dry-run=server']);
          return result.stderr.includes('[test-everything]') ? result : undefined;
        },
        { timeoutMs: 30_000, intervalMs: 500, what: 'the new bundle to judge' },
      );
      assert.match(flagged.stderr, /- \[test-everything\] flagged by the test bundle/);
    });
  });

  describe('the API server restarts, ending every watch', () => {
    it('the namespace informer restarts and follows a label changed after the restart', async function () {
      this.timeout(240_000);
      const env = e2e();
      const namespace = await createModeNamespace(env.kubectl, 'enforce');
      const pod = await readFixture('privileged-pod.yaml');
      assert.ok(
        (await env.kubectl.apply(pod, namespace, ['--dry-run=server'])).stderr.includes(
          DENIED_BY_PROFILEGATE,
        ),
      );

      await env.apiServer.restart();
      await env.kubectl.ok(['label', 'namespace', namespace, `${MODE_LABEL}=warn`, '--overwrite']);
      const warned = await waitFor(
        async () => {
          const result = await env.kubectl.apply(pod, namespace, ['--dry-run=server']);
          return result.code === 0 ? result : undefined;
        },
        { timeoutMs: 90_000, intervalMs: 1000, what: 'the webhook to see the warn label' },
      );
      assert.match(warned.stderr, /Warning: \[pss-privileged\]/);
      assert.match(
        env.webhookLogTail(400),
        /"informer":"namespaces".*"msg":"informer list\/watch failed; relisting after backoff"/,
      );
    });
  });
});
