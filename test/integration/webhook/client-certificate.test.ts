/**
 * server.tls.clientAuth over real HTTPS: a review is answered only for a client certificate the
 * configured CA signed and that carries an allowed name; the probes stay open; refusals are
 * counted; a rotated CA file takes effect without a restart.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { httpsCall, startTestWebhook, type TestWebhook } from '../../support/webhook-harness.js';
import { reviewFixture } from '../../support/fixtures.js';
import {
  createCertificateAuthority,
  createClientCertificate,
  type CertificateAuthority,
} from '../../support/pki.js';

const API_SERVER = 'kube-apiserver-admission';

interface Client {
  cert: Buffer;
  key: Buffer;
}

async function client(ca: CertificateAuthority, dir: string, name: string): Promise<Client> {
  const files = await createClientCertificate(ca, dir, name);
  return { cert: readFileSync(files.certFile), key: readFileSync(files.keyFile) };
}

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`timed out waiting for ${what}`);
}

describe('webhook over HTTPS: client-certificate authentication of the API server', function () {
  this.timeout(60_000);
  let dir: string;
  let caFile: string;
  let trusted: CertificateAuthority;
  let stranger: CertificateAuthority;
  let webhook: TestWebhook;

  const validate = (from?: Client) =>
    httpsCall(
      webhook.port,
      webhook.ca,
      'POST',
      '/validate',
      JSON.stringify(reviewFixture('pod-privileged')),
      { 'content-type': 'application/json' },
      from,
    );

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pg-client-auth-'));
    trusted = await createCertificateAuthority(dir, 'apiserver-client');
    stranger = await createCertificateAuthority(dir, 'stranger');
    caFile = join(dir, 'client-ca.crt');
    copyFileSync(trusted.certFile, caFile);
    webhook = await startTestWebhook({
      server: { tls: { clientAuth: { caFile, allowedNames: [API_SERVER] } } },
    });
  });
  after(() => webhook.stop());

  it('answers the review of a client whose certificate the CA signed for an allowed name', async () => {
    const answer = await validate(await client(trusted, dir, API_SERVER));
    assert.equal(answer.status, 200, answer.text);
    const { response } = answer.json() as { response: { allowed: boolean; status: { message: string } } };
    assert.equal(response.allowed, false);
    assert.match(response.status.message, /^profilegate denied Pod shop\/web: .*\n- \[pss-privileged\]/);
  });

  it('refuses a client without a certificate, one another CA signed, and one for another name', async () => {
    const none = await validate();
    assert.equal(none.status, 401);
    assert.deepEqual(none.json(), {
      error: 'a client certificate is required (server.tls.clientAuth): none was presented',
    });

    const untrusted = await validate(await client(stranger, dir, API_SERVER));
    assert.equal(untrusted.status, 401);
    assert.deepEqual(untrusted.json(), {
      error:
        'the client certificate is not signed by the CA in server.tls.clientAuth.caFile (UNABLE_TO_VERIFY_LEAF_SIGNATURE)',
    });

    const otherName = await validate(await client(trusted, dir, 'someone-else'));
    assert.equal(otherName.status, 403);
    assert.deepEqual(otherName.json(), {
      error:
        'the client certificate names "someone-else"; allowed: kube-apiserver-admission (server.tls.clientAuth.allowedNames)',
    });

    const metrics = (await webhook.metricsGet()).text;
    for (const reason of ['missing', 'untrusted', 'name']) {
      assert.match(
        metrics,
        new RegExp(`^profilegate_client_certificate_refusals_total\\{reason="${reason}"\\} 1$`, 'm'),
      );
    }
  });

  it('keeps /healthz and /readyz open for the kubelet, which presents no certificate', async () => {
    assert.equal((await webhook.get('/healthz')).status, 200);
    assert.equal((await webhook.get('/readyz')).status, 200);
  });

  it('verifies against a rotated CA file without a restart', async () => {
    const before = await client(trusted, dir, API_SERVER);
    const after = await client(stranger, dir, API_SERVER);
    copyFileSync(stranger.certFile, caFile);
    await until(async () => (await validate(after)).status === 200, 'the rotated CA to take effect');
    assert.equal((await validate(before)).status, 401);
  });
});
