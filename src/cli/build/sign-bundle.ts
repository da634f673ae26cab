/**
 * Signs a built bundle as `opa build --signing-key` does: a `.signatures.json` holding one JWS
 * whose payload lists every file with its digest (src/policy/structured-file-hash.ts), added to
 * the archive. opa signs only in its bundle mode, which lays the bundle out differently, so the
 * signature is made here; `opa build -b … --verification-key` accepts the result (tested).
 */
import { createPrivateKey } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { CompactSign } from 'jose';
import { pack } from 'tar-stream';
import { readBundleFiles } from '../../policy/read-bundle.js';
import { readSigningKey, SIGNATURES_FILE } from '../../policy/bundle-signature.js';
import { bundleFileDigest } from '../../policy/structured-file-hash.js';
import type { SigningAlgorithm } from '../../config/signing-algorithms.js';

export interface SigningSettings {
  /** PEM private key (RS*, PS*, ES*) or a file holding the HMAC secret (HS*). */
  keyFile: string;
  algorithm: SigningAlgorithm;
  keyId: string;
  scope?: string | undefined;
}

export async function signBundle(
  archive: Uint8Array,
  settings: SigningSettings,
  source: string,
): Promise<Buffer> {
  const files = await readBundleFiles(archive, source);
  files.delete(SIGNATURES_FILE);
  const listed = [...files].map(([name, content]) => ({
    name,
    hash: bundleFileDigest(name, content, 'SHA-256'),
    algorithm: 'SHA-256',
  }));
  const claims = { files: listed, ...(settings.scope ? { scope: settings.scope } : {}) };
  const read = await readSigningKey(settings.keyFile, settings.algorithm);
  const key = typeof read === 'string' ? createPrivateKey(read) : read;
  const token = await new CompactSign(new TextEncoder().encode(JSON.stringify(claims)))
    .setProtectedHeader({ alg: settings.algorithm, kid: settings.keyId, typ: 'JWT' })
    .sign(key);
  files.set(SIGNATURES_FILE, Buffer.from(JSON.stringify({ signatures: [token] })));
  return packBundle(files);
}

/** A gzipped tar of the files, as the bundle readers expect it. */
export async function packBundle(files: ReadonlyMap<string, Buffer>): Promise<Buffer> {
  return gzipSync(await tarOf(files));
}

/** A tar of the files, paths absolute and times zero as opa writes them, so builds repeat. */
async function tarOf(files: ReadonlyMap<string, Buffer>): Promise<Buffer> {
  const tar = pack();
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    tar.on('data', (chunk: unknown) => chunks.push(chunk as Buffer));
    tar.on('end', () => resolve(Buffer.concat(chunks)));
    tar.on('error', reject);
  });
  for (const [name, content] of files)
    tar.entry({ name: `/${name}`, mtime: new Date(0), mode: 0o600 }, content);
  tar.finalize();
  return done;
}
