import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { locateOpa, OpaCli } from '../../../src/cli/build/opa-cli.js';
import { verifyArchiveSignature, type VerificationSettings } from '../../../src/policy/bundle-signature.js';
import { ENTRYPOINT } from '../../../src/policy/wasm-engine.js';
import { ROOT, runCli } from './run-cli.js';

/** Writes an RSA or EC key pair as PEM files <name>.key and <name>.pub. */
async function keyPair(dir: string, name: string, type: 'rsa' | 'ec'): Promise<void> {
  const { privateKey, publicKey } =
    type === 'rsa'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 })
      : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  await writeFile(join(dir, `${name}.key`), privateKey.export({ type: 'pkcs8', format: 'pem' }));
  await writeFile(join(dir, `${name}.pub`), publicKey.export({ type: 'spki', format: 'pem' }));
}

/** What `opa build -b` makes of a signed bundle: it verifies the signature as it loads. */
async function opaVerifies(opa: OpaCli, dir: string, bundle: string, args: string[]) {
  return opa.run(['build', '-b', bundle, '-o', join(dir, `reverified-${Date.now()}.tar.gz`), ...args], {
    allowFailure: true,
  });
}

describe('bundle signatures, interoperable with opa', function () {
  this.timeout(120_000);
  let dir: string;
  const opa = new OpaCli(locateOpa(process.env), ROOT);

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pg-signing-'));
    await keyPair(dir, 'rsa', 'rsa');
    await keyPair(dir, 'other', 'rsa');
    await keyPair(dir, 'ec', 'ec');
  });

  after(() => rm(dir, { recursive: true, force: true }));

  it('policy build --signing-key signs a bundle opa accepts, and opa refuses it under another key', async () => {
    const out = join(dir, 'ours');
    const run = await runCli(['policy', 'build', '--out', out, '--signing-key', join(dir, 'rsa.key')]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stdout,
      /^built .*ours\/bundle\.tar\.gz \(revision [0-9a-f]{12}, \d+ rules, signed RS256 key id default\)$/m,
    );
    const bundle = join(out, 'bundle.tar.gz');
    const accepted = await opaVerifies(opa, dir, bundle, ['--verification-key', join(dir, 'rsa.pub')]);
    assert.equal(accepted.exitCode, 0, accepted.stderr);
    const refused = await opaVerifies(opa, dir, bundle, ['--verification-key', join(dir, 'other.pub')]);
    assert.notEqual(refused.exitCode, 0);
    assert.match(refused.stdout + refused.stderr, /failed to verify JWT signature/);
    // And the webhook's verifier agrees with both.
    const archive = await readFile(bundle);
    await verifyArchiveSignature(
      archive,
      { keyFile: join(dir, 'rsa.pub'), algorithm: 'RS256', scope: '' },
      'ours',
    );
    await assert.rejects(
      verifyArchiveSignature(
        archive,
        { keyFile: join(dir, 'rsa.pub'), algorithm: 'RS256', scope: '', keyId: 'release' },
        'ours',
      ),
      /^PolicyLoadError: ours: bundle signature: signed with key id "default", bundle\.verification\.keyId is "release"$/,
    );
    await assert.rejects(
      verifyArchiveSignature(
        archive,
        { keyFile: join(dir, 'other.pub'), algorithm: 'RS256', scope: '' },
        'ours',
      ),
      /^PolicyLoadError: ours: bundle signature: the JWT does not verify with .*other\.pub \(RS256\): signature verification failed$/,
    );

    const ec = await runCli([
      'policy',
      'build',
      '--out',
      join(dir, 'ec'),
      '--signing-key',
      join(dir, 'ec.key'),
      '--signing-alg',
      'ES256',
      '--signing-key-id',
      'release',
      '--signing-scope',
      'prod',
    ]);
    assert.equal(ec.code, 0, ec.stderr);
    const ecBundle = join(dir, 'ec', 'bundle.tar.gz');
    const ecAccepted = await opaVerifies(opa, dir, ecBundle, [
      '--verification-key',
      join(dir, 'ec.pub'),
      '--signing-alg',
      'ES256',
      '--verification-key-id',
      'release',
      '--scope',
      'prod',
    ]);
    assert.equal(ecAccepted.exitCode, 0, ecAccepted.stderr);
  });

  it('verifies a bundle opa signed, and names a wrong scope or algorithm', async () => {
    // opa signs only in bundle mode: the policies as a bundle directory.
    const stage = join(dir, 'stage');
    await cp(join(ROOT, 'policies/rego'), join(stage, 'rego'), {
      recursive: true,
      filter: (src) => !src.endsWith('_test.rego'),
    });
    await writeFile(join(dir, 'claims.json'), JSON.stringify({ scope: 'prod' }));
    const bundle = join(dir, 'opa-signed.tar.gz');
    await opa.run([
      'build',
      '-t',
      'wasm',
      '-e',
      ENTRYPOINT,
      '-b',
      stage,
      '--signing-key',
      join(dir, 'rsa.key'),
      '--claims-file',
      join(dir, 'claims.json'),
      '-o',
      bundle,
    ]);
    const archive = await readFile(bundle);
    const settings: VerificationSettings = {
      keyFile: join(dir, 'rsa.pub'),
      algorithm: 'RS256',
      scope: 'prod',
    };
    await verifyArchiveSignature(archive, settings, 'opa-signed');
    await assert.rejects(
      verifyArchiveSignature(archive, { ...settings, scope: '' }, 'opa-signed'),
      /^PolicyLoadError: opa-signed: bundle signature: scope "prod" does not match bundle\.verification\.scope ""$/,
    );
    // With a claims file opa writes no key id: any configured keyId is then accepted, as in OPA.
    await verifyArchiveSignature(archive, { ...settings, keyId: 'release' }, 'opa-signed');
    await assert.rejects(
      verifyArchiveSignature(archive, { ...settings, algorithm: 'ES256' }, 'opa-signed'),
      /bundle signature: the JWT does not verify with .*rsa\.pub \(ES256\)/,
    );
  });
});
