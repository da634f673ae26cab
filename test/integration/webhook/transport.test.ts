/**
 * Transport settings of the listener: ECDHE+AEAD ciphers only, timeouts that close a slow
 * client, a drain window in which readiness fails while reviews are still served, and a failed
 * certificate reload visible in /readyz.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { connect, type ConnectionOptions } from 'node:tls';
import { startTestWebhook, type TestWebhook } from '../../support/webhook-harness.js';
import { reviewFixture } from '../../support/fixtures.js';

function handshake(webhook: TestWebhook, options: ConnectionOptions): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(
      { host: '127.0.0.1', port: webhook.port, ca: webhook.ca, servername: 'localhost', ...options },
      () => {
        const cipher = socket.getCipher().name;
        socket.end();
        resolve(cipher);
      },
    );
    socket.on('error', (error: NodeJS.ErrnoException) => resolve(`refused: ${error.code ?? error.message}`));
  });
}

describe('webhook over HTTPS: transport', function () {
  this.timeout(30_000);

  it('negotiates only ECDHE key exchange with AEAD ciphers on TLS 1.2', async () => {
    const webhook = await startTestWebhook();
    try {
      const tls12 = { minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2' } as const;
      const aead = await handshake(webhook, {
        ...tls12,
        ciphers: 'ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES128-GCM-SHA256',
      });
      assert.match(aead, /^ECDHE-(RSA|ECDSA)-AES128-GCM-SHA256$/);
      for (const weak of [
        'ECDHE-RSA-AES128-SHA:ECDHE-ECDSA-AES128-SHA',
        'AES128-GCM-SHA256',
        'AES256-SHA256',
      ]) {
        assert.match(await handshake(webhook, { ...tls12, ciphers: weak }), /^refused/, weak);
      }
      assert.match(await handshake(webhook, { minVersion: 'TLSv1.3' }), /^TLS_/);
    } finally {
      await webhook.stop();
    }
  });

  it('closes a connection whose request headers do not arrive within headersTimeoutSeconds', async () => {
    const webhook = await startTestWebhook({
      server: { headersTimeoutSeconds: 1, requestTimeoutSeconds: 2 },
    });
    try {
      const started = Date.now();
      const answer = await new Promise<string>((resolve) => {
        const socket = connect(
          { host: '127.0.0.1', port: webhook.port, ca: webhook.ca, servername: 'localhost' },
          () => {
            socket.write('POST /validate HTTP/1.1\r\nHost: localhost\r\n'); // and never the rest
          },
        );
        let text = '';
        socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
        socket.on('close', () => resolve(text));
        socket.on('error', () => undefined);
      });
      const elapsed = Date.now() - started;
      assert.match(answer, /^HTTP\/1\.1 408/);
      assert.ok(elapsed < 5000, `closed after ${elapsed} ms`);
    } finally {
      await webhook.stop();
    }
  });

  it('fails readiness at once on stop and keeps serving reviews through the drain window', async () => {
    const webhook = await startTestWebhook({ server: { drainSeconds: 2 } });
    const stopped = webhook.stop();
    const ready = await webhook.get('/readyz');
    assert.equal(ready.status, 503);
    assert.equal((ready.json() as { accepting: boolean }).accepting, false);
    const review = await webhook.post('/validate', reviewFixture('pod-privileged'));
    assert.equal(review.status, 200);
    assert.equal((review.json() as { response: { allowed: boolean } }).response.allowed, false);
    await stopped;
    await assert.rejects(webhook.get('/healthz'), /ECONNREFUSED/);
  });

  it('shows a failed certificate reload in /readyz and keeps serving the previous pair', async () => {
    const webhook = await startTestWebhook();
    try {
      writeFileSync(webhook.certificateFiles.certFile, 'not a certificate');
      const deadline = Date.now() + 10_000;
      let body: { ready: boolean; certificate: { lastError?: string } } | undefined;
      while (Date.now() < deadline) {
        body = (await webhook.get('/readyz')).json() as typeof body;
        if (body?.certificate.lastError) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.equal(body?.ready, true);
      assert.match(body.certificate.lastError ?? '', /PEM|certificate|no start line/i);
      assert.equal((await webhook.get('/healthz')).status, 200);
    } finally {
      await webhook.stop();
    }
  });
});
