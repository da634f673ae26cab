import assert from 'node:assert/strict';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { connect } from 'node:tls';
import { Agent, request as httpsRequest } from 'node:https';
import { startTestWebhook } from '../../support/webhook-harness.js';
import { reviewFixture } from '../../support/fixtures.js';
import { FLAG_EVERYTHING_REGO, buildTestBundle } from '../../support/build-test-bundle.js';
import { ensureDevCertificate } from '../../../webhook/tls/dev-certificate.js';

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`timed out waiting for ${what}`);
}

function servedCertificate(port: number, ca: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(
      { host: '127.0.0.1', port, ca, servername: 'localhost', rejectUnauthorized: false },
      () => {
        const fingerprint = socket.getPeerX509Certificate()?.fingerprint256 ?? '';
        socket.end();
        resolve(fingerprint);
      },
    );
    socket.on('error', reject);
  });
}

describe('webhook hot reload', function () {
  it('swaps in a rebuilt policy bundle and keeps the last good one when a new one is broken', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pg-reload-'));
    const path = join(dir, 'bundle.tar.gz');
    copyFileSync('policies/bundle/bundle.tar.gz', path);
    const webhook = await startTestWebhook({ bundle: { path, watch: true } });
    try {
      const firstRevision = webhook.bundle.describe().revision;
      await buildTestBundle(FLAG_EVERYTHING_REGO, join(dir, 'next.tar.gz'));
      copyFileSync(join(dir, 'next.tar.gz'), path);
      await until(async () => {
        const answer = (await webhook.post('/validate', reviewFixture('pod-compliant'))).json() as {
          response: { allowed: boolean; status?: { message: string } };
        };
        return /test-everything/.test(answer.response.status?.message ?? '');
      }, 'the rebuilt bundle to take effect');
      const swapped = webhook.bundle.describe().revision;
      assert.notEqual(swapped, firstRevision);

      writeFileSync(path, 'this is not a bundle');
      await until(async () => {
        const ready = (await webhook.get('/readyz')).json() as { bundle: { lastError?: string } };
        return ready.bundle.lastError !== undefined;
      }, '/readyz to report the failed load');
      const ready = (await webhook.get('/readyz')).json() as {
        ready: boolean;
        bundle: { revision: string; lastError: string };
      };
      assert.equal(ready.ready, true);
      assert.equal(ready.bundle.revision, swapped);
      assert.match(ready.bundle.lastError, /not a gzipped tar bundle/);
      const metrics = (await webhook.metricsGet()).text;
      assert.match(metrics, /profilegate_policy_bundle_loads_total\{result="failure"\} 1/);
      assert.ok(
        webhook.logs.some(
          (l) => l.msg === 'policy bundle failed to load; the previous bundle stays in force',
        ),
      );
      const still = (await webhook.post('/validate', reviewFixture('pod-compliant'))).json() as {
        response: { status?: { message: string } };
      };
      assert.match(still.response.status?.message ?? '', /test-everything/);
    } finally {
      await webhook.stop();
    }
  });

  it('follows a mounted ConfigMap: the kubelet swaps the ..data symlink, naming no file of ours', async () => {
    // The kubelet's atomic writer: files live in a timestamped directory, ..data points at it,
    // bundle.tar.gz -> ..data/bundle.tar.gz; an update writes a new directory and renames
    // ..data_tmp over ..data.
    const dir = mkdtempSync(join(tmpdir(), 'pg-configmap-'));
    const version = (name: string, bundle: string) => {
      mkdirSync(join(dir, name));
      copyFileSync(bundle, join(dir, name, 'bundle.tar.gz'));
    };
    version('..2026_12_03_12_00_00.1', 'policies/bundle/bundle.tar.gz');
    symlinkSync('..2026_12_03_12_00_00.1', join(dir, '..data'));
    symlinkSync('..data/bundle.tar.gz', join(dir, 'bundle.tar.gz'));
    const webhook = await startTestWebhook({ bundle: { path: join(dir, 'bundle.tar.gz'), watch: true } });
    try {
      const first = webhook.bundle.describe().revision;
      version('..2026_12_03_12_05_00.2', await buildTestBundle(FLAG_EVERYTHING_REGO));
      symlinkSync('..2026_12_03_12_05_00.2', join(dir, '..data_tmp'));
      renameSync(join(dir, '..data_tmp'), join(dir, '..data'));
      await until(
        () => Promise.resolve(webhook.bundle.describe().revision !== first),
        'the ConfigMap update to load',
      );
      const answer = (await webhook.post('/validate', reviewFixture('pod-compliant'))).json() as {
        response: { status?: { message: string } };
      };
      assert.match(answer.response.status?.message ?? '', /test-everything/);
    } finally {
      await webhook.stop();
    }
  });

  it('serves a rotated certificate to new connections without a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pg-tls-'));
    const first = await ensureDevCertificate(join(dir, 'a'));
    const second = await ensureDevCertificate(join(dir, 'b'));
    const live = join(dir, 'live');
    await ensureDevCertificate(live);
    copyFileSync(first.certFile, join(live, 'tls.crt'));
    copyFileSync(first.keyFile, join(live, 'tls.key'));
    const webhook = await startTestWebhook({
      server: { tls: { certFile: join(live, 'tls.crt'), keyFile: join(live, 'tls.key') } },
    });
    try {
      const fingerprint = (file: string) => new X509Certificate(readFileSync(file)).fingerprint256;
      assert.equal(await servedCertificate(webhook.port, webhook.ca), fingerprint(first.certFile));
      // A keep-alive connection opened before the rotation answers its next request and closes
      // after it (Connection: close), so the client's request after that handshakes with the new
      // pair. (The two dev certificates share one subject, which OpenSSL cannot tell apart in one
      // trust list: the served one is checked by fingerprint.)
      const agent = new Agent({ keepAlive: true, maxSockets: 1, rejectUnauthorized: false });
      const sockets = new Set<unknown>();
      const healthz = () =>
        new Promise<string>((resolve, reject) => {
          const req = httpsRequest(
            { host: '127.0.0.1', port: webhook.port, path: '/healthz', agent },
            (res) => {
              sockets.add(res.socket);
              res.resume();
              res.on('end', () => resolve(`${res.statusCode ?? 0} ${res.headers.connection ?? ''}`));
            },
          );
          req.on('error', reject);
          req.end();
        });
      assert.equal(await healthz(), '200 keep-alive');
      // Other files in the certificate folder (a log, say) are not a rotation.
      writeFileSync(join(live, 'webhook.log'), 'not a certificate');
      await new Promise((r) => setTimeout(r, 600));
      assert.doesNotMatch((await webhook.metricsGet()).text, /profilegate_certificate_reloads_total\{/);
      copyFileSync(second.keyFile, join(live, 'tls.key'));
      copyFileSync(second.certFile, join(live, 'tls.crt'));
      await until(
        async () => (await servedCertificate(webhook.port, webhook.ca)) === fingerprint(second.certFile),
        'the rotated certificate',
      );
      assert.equal(await healthz(), '200 close', 'the pre-rotation connection answers, then closes');
      assert.equal(sockets.size, 1);
      assert.equal(await healthz(), '200 keep-alive');
      assert.equal(sockets.size, 2, 'the next request came on a new connection');
      agent.destroy();
    } finally {
      await webhook.stop();
    }
  });
});
