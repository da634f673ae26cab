import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packBundle, signBundle } from '../../../src/cli/build/sign-bundle.js';
import { verifyBundleSignature, type VerificationSettings } from '../../../src/policy/bundle-signature.js';
import { readBundleFiles } from '../../../src/policy/read-bundle.js';
import { bundleFileDigest } from '../../../src/policy/structured-file-hash.js';

const dir = mkdtempSync(join(tmpdir(), 'pg-sig-unit-'));
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
writeFileSync(join(dir, 'k.key'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
writeFileSync(join(dir, 'k.pub'), publicKey.export({ type: 'spki', format: 'pem' }));
writeFileSync(join(dir, 'secret'), 'shared secret\n');
const RSA: VerificationSettings = { keyFile: join(dir, 'k.pub'), algorithm: 'RS256', scope: '' };

const FILES = new Map([
  ['policy.wasm', Buffer.from([0, 97, 115, 109])],
  ['data.json', Buffer.from('{"b": 1, "a": [true, null, "x"]}')],
  ['.manifest', Buffer.from('{"revision": "r1", "roots": [""]}')],
]);

async function signed(
  settings: { keyFile: string; algorithm: 'RS256' | 'HS256' } = {
    keyFile: join(dir, 'k.key'),
    algorithm: 'RS256',
  },
) {
  return readBundleFiles(
    await signBundle(await packBundle(FILES), { ...settings, keyId: 'default' }, 't'),
    't',
  );
}

function file(files: ReadonlyMap<string, Buffer>, name: string): Buffer {
  return files.get(name) ?? assert.fail(`no ${name}`);
}

function rejectsWith(files: Map<string, Buffer>, message: string, settings = RSA) {
  return assert.rejects(verifyBundleSignature(files, settings, 'b'), (e: unknown) => {
    assert.equal((e as Error).message, `b: bundle signature: ${message}`);
    return true;
  });
}

describe('bundle signatures (OPA format)', () => {
  it('verifies a signed bundle, RSA and HMAC', async () => {
    await verifyBundleSignature(await signed(), RSA, 'b');
    const hmac = await signed({ keyFile: join(dir, 'secret'), algorithm: 'HS256' });
    await verifyBundleSignature(hmac, { keyFile: join(dir, 'secret'), algorithm: 'HS256', scope: '' }, 'b');
  });

  it('refuses an unsigned bundle, a file added, a file removed and a changed file', async () => {
    await rejectsWith(
      new Map(FILES),
      'the bundle is not signed (no .signatures.json), and bundle.verification requires a signature',
    );
    const added = await signed();
    added.set('extra.rego', Buffer.from('package x'));
    await rejectsWith(added, 'extra.rego is not listed in the signature');
    const removed = await signed();
    removed.delete('data.json');
    await rejectsWith(removed, 'the signature lists files the bundle lacks: data.json');
    const changed = await signed();
    changed.set('data.json', Buffer.from('{"a": [true, null, "x"], "b": 2}'));
    await rejectsWith(
      changed,
      `data.json: digest mismatch (signed ${bundleFileDigest('data.json', file(FILES, 'data.json'), 'SHA-256')}, got ${bundleFileDigest('data.json', file(changed, 'data.json'), 'SHA-256')})`,
    );
  });

  it('hashes structured files by content, not layout: reordered keys and whitespace still verify', async () => {
    const files = await signed();
    files.set('data.json', Buffer.from('{\n  "a": [true, null, "x"],\n  "b": 1\n}\n'));
    await verifyBundleSignature(files, RSA, 'b');
  });

  it('refuses two signatures and a signature made with the other algorithm family', async () => {
    const files = await signed();
    const token = (JSON.parse(file(files, '.signatures.json').toString()) as { signatures: string[] })
      .signatures[0];
    assert.ok(token !== undefined);
    files.set('.signatures.json', Buffer.from(JSON.stringify({ signatures: [token, token] })));
    await rejectsWith(files, '.signatures.json must hold exactly one JWT (it holds 2)');
    const hmac = await signed({ keyFile: join(dir, 'secret'), algorithm: 'HS256' });
    await assert.rejects(
      verifyBundleSignature(hmac, RSA, 'b'),
      /the JWT does not verify with .*k\.pub \(RS256\)/,
    );
  });
});
