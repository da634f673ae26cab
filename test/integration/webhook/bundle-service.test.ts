import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestWebhook, type TestWebhook } from '../../support/webhook-harness.js';
import { reviewFixture } from '../../support/fixtures.js';
import { FLAG_EVERYTHING_REGO, buildTestBundle } from '../../support/build-test-bundle.js';
import { startBundleServer, type BundleServer } from '../../support/bundle-server.js';
import { ensureDevCertificate } from '../../../webhook/tls/dev-certificate.js';
import { packBundle, signBundle } from '../../../src/cli/build/sign-bundle.js';
import { readBundleFiles } from '../../../src/policy/read-bundle.js';

const BUILTIN = readFileSync('policies/bundle/bundle.tar.gz');

interface Readyz {
  ready: boolean;
  bundle: {
    ready: boolean;
    revision?: string;
    source?: string;
    lastError?: string;
    service?: { url: string; etag?: string; lastError?: string; consecutiveFailures: number };
  };
}

async function until<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  return assert.fail(`timed out waiting for ${what}`);
}

async function readyz(webhook: TestWebhook): Promise<Readyz> {
  return (await webhook.get('/readyz')).json() as Readyz;
}

async function verdict(webhook: TestWebhook): Promise<string> {
  const answer = (await webhook.post('/validate', reviewFixture('pod-compliant'))).json() as {
    response: { allowed: boolean; status?: { message: string } };
  };
  return answer.response.allowed ? 'allowed' : (answer.response.status?.message ?? 'denied');
}

function fast(url: string, extra: Record<string, unknown> = {}) {
  return { service: { url, minDelaySeconds: 0.2, maxDelaySeconds: 0.3, timeoutSeconds: 2, ...extra } };
}

describe('policy bundles from a bundle server (OPA bundle service protocol)', function () {
  this.timeout(60_000);
  let flagEverything: Buffer;
  let server: BundleServer | undefined;
  let webhook: TestWebhook | undefined;
  const live = (): TestWebhook => webhook ?? assert.fail('no webhook is running');

  before(async () => {
    flagEverything = readFileSync(await buildTestBundle(FLAG_EVERYTHING_REGO));
  });

  afterEach(async () => {
    await webhook?.stop();
    await server?.close();
    webhook = undefined;
    server = undefined;
  });

  it('polls over HTTPS with a token and ETag; a new bundle changes decisions without a restart, a corrupt one changes nothing', async () => {
    const tls = await ensureDevCertificate(mkdtempSync(join(tmpdir(), 'pg-bundle-tls-')));
    const tokenFile = join(mkdtempSync(join(tmpdir(), 'pg-token-')), 'token');
    writeFileSync(tokenFile, 'opensesame\n');
    server = await startBundleServer({
      tls: { cert: readFileSync(tls.certFile), key: readFileSync(tls.keyFile) },
      token: 'opensesame',
    });
    server.serve(BUILTIN);
    webhook = await startTestWebhook({
      bundle: fast(server.url, { caFile: tls.certFile, bearerTokenFile: tokenFile }),
    });

    const first = await readyz(webhook);
    assert.equal(first.ready, true);
    assert.equal(first.bundle.source, server.url);
    assert.equal(first.bundle.revision, readFileSync('policies/bundle/sources.sha256', 'utf8').slice(0, 12));
    assert.equal(await verdict(webhook), 'allowed');
    // Later polls send the ETag and are answered 304: nothing is downloaded again.
    await until(
      () => Promise.resolve(server?.requests.some((r) => r.status === 304) ? true : undefined),
      'a 304 answer',
    );
    assert.ok(server.requests.every((r) => r.authorization === 'Bearer opensesame'));
    assert.equal(server.requests[0]?.ifNoneMatch, undefined);
    assert.match(server.requests.at(-1)?.ifNoneMatch ?? '', /^"[0-9a-f]{16}"$/);

    server.serve(flagEverything);
    const changed = await until(async () => {
      const v = await verdict(live());
      return /test-everything/.test(v) ? v : undefined;
    }, 'the served bundle to take effect');
    assert.match(changed, /flagged by the test bundle/);
    const swapped = (await readyz(webhook)).bundle.revision;
    assert.notEqual(swapped, first.bundle.revision);

    server.serve(Buffer.from('this is not a bundle'));
    const broken = await until(async () => {
      const r = await readyz(live());
      return r.bundle.service?.lastError ? r : undefined;
    }, '/readyz to report the refused download');
    assert.equal(broken.ready, true);
    assert.equal(broken.bundle.revision, swapped);
    assert.match(
      broken.bundle.service?.lastError ?? '',
      /^the downloaded bundle was refused: .*profilegate\.tar\.gz is not a gzipped tar bundle/,
    );
    assert.match(await verdict(webhook), /test-everything/);
    const metrics = (await webhook.metricsGet()).text;
    assert.match(metrics, /profilegate_policy_bundle_downloads_total\{result="updated"\} 2/);
    assert.match(metrics, /profilegate_policy_bundle_downloads_total\{result="unchanged"\} [1-9]/);
    assert.match(metrics, /profilegate_policy_bundle_downloads_total\{result="refused"\} [1-9]/);

    await server.close();
    const down = await until(async () => {
      const r = await readyz(live());
      return /ECONNREFUSED/.test(r.bundle.service?.lastError ?? '') ? r : undefined;
    }, 'the failed poll to show');
    assert.equal(down.ready, true);
    assert.match(
      down.bundle.service?.lastError ?? '',
      /^GET https:\/\/localhost:\d+\/bundles\/profilegate\.tar\.gz: connect ECONNREFUSED/,
    );
    assert.match(await verdict(webhook), /test-everything/);
    server = undefined;
  });

  it('is not ready and answers by the failure rule until the first bundle arrives', async () => {
    server = await startBundleServer();
    webhook = await startTestWebhook({ bundle: fast(server.url) });
    const r = await readyz(webhook);
    assert.equal(r.ready, false);
    assert.equal(r.bundle.service?.lastError, `GET ${server.url}: HTTP 404 Not Found`);
    const answer = (await webhook.post('/validate', reviewFixture('pod-compliant'))).json() as {
      response: { allowed: boolean; status?: { message: string } };
    };
    assert.equal(answer.response.allowed, false);
    server.serve(BUILTIN);
    await until(async () => ((await readyz(live())).ready ? true : undefined), 'readiness');
    assert.equal(await verdict(webhook), 'allowed');
  });

  it('accepts only bundles signed with the configured key; unsigned, other-key and tampered ones are refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pg-sign-'));
    const pair = (name: string) => {
      const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      writeFileSync(join(dir, `${name}.key`), privateKey.export({ type: 'pkcs8', format: 'pem' }));
      writeFileSync(join(dir, `${name}.pub`), publicKey.export({ type: 'spki', format: 'pem' }));
    };
    pair('trusted');
    pair('other');
    const sign = (archive: Buffer, key: string) =>
      signBundle(archive, { keyFile: join(dir, `${key}.key`), algorithm: 'RS256', keyId: 'default' }, 'test');
    server = await startBundleServer();
    server.serve(BUILTIN);
    webhook = await startTestWebhook({
      bundle: { ...fast(server.url), verification: { keyFile: join(dir, 'trusted.pub') } },
    });
    const unsigned = await readyz(webhook);
    assert.equal(unsigned.ready, false);
    assert.equal(
      unsigned.bundle.lastError,
      `${server.url}: bundle signature: the bundle is not signed (no .signatures.json), and bundle.verification requires a signature`,
    );

    server.serve(await sign(BUILTIN, 'other'));
    await until(async () => {
      const r = await readyz(live());
      return /does not verify/.test(r.bundle.lastError ?? '') ? r : undefined;
    }, 'the other-key bundle to be refused');
    assert.match(
      (await readyz(webhook)).bundle.lastError ?? '',
      new RegExp(
        `^${server.url}: bundle signature: the JWT does not verify with .*trusted\\.pub \\(RS256\\): signature verification failed$`,
      ),
    );
    assert.equal((await readyz(webhook)).ready, false);

    const signed = await sign(BUILTIN, 'trusted');
    server.serve(signed);
    await until(async () => ((await readyz(live())).ready ? true : undefined), 'the signed bundle to load');
    assert.equal(await verdict(webhook), 'allowed');

    // The trusted signature over the built-in files, on an archive whose policy.wasm is another.
    const files = await readBundleFiles(signed, 'signed');
    files.set(
      'policy.wasm',
      (await readBundleFiles(flagEverything, 'flag')).get('policy.wasm') ?? Buffer.alloc(0),
    );
    server.serve(await packBundle(files));
    const refused = await until(async () => {
      const r = await readyz(live());
      return /digest mismatch/.test(r.bundle.lastError ?? '') ? r : undefined;
    }, 'the tampered bundle to be refused');
    assert.match(
      refused.bundle.lastError ?? '',
      /bundle signature: policy\.wasm: digest mismatch \(signed [0-9a-f]{64}, got [0-9a-f]{64}\)$/,
    );
    assert.equal(await verdict(webhook), 'allowed');
  });

  it('starts from the persisted last good download while the server is down', async () => {
    const persistDirectory = mkdtempSync(join(tmpdir(), 'pg-persist-'));
    server = await startBundleServer();
    server.serve(flagEverything);
    webhook = await startTestWebhook({ bundle: fast(server.url, { persistDirectory }) });
    assert.match(await verdict(webhook), /test-everything/);
    await webhook.stop();
    await server.close();
    server = undefined;

    webhook = await startTestWebhook({
      bundle: fast('http://127.0.0.1:9/bundles/x.tar.gz', { persistDirectory }),
    });
    const r = await readyz(webhook);
    assert.equal(r.ready, true);
    assert.equal(r.bundle.source, join(persistDirectory, 'bundle.tar.gz'));
    assert.match(r.bundle.service?.lastError ?? '', /ECONNREFUSED/);
    assert.match(await verdict(webhook), /test-everything/);
  });
});
