/**
 * Verifies a bundle's signature as OPA does (opa/v1/bundle/verify.go): `.signatures.json` holds
 * exactly one JWS whose payload lists every other file of the bundle with its digest; the JWS
 * must verify with the configured key and algorithm, its scope must equal the configured one,
 * and the files of the bundle and of the list must be the same, digest for digest. Bundles
 * signed by `opa build --signing-key` verify here.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { compactVerify, decodeProtectedHeader } from 'jose';
import { z } from 'zod';
import { PolicyLoadError } from './policy-errors.js';
import { readBundleFiles } from './read-bundle.js';
import { bundleFileDigest, isSupportedHash } from './structured-file-hash.js';
import { formatIssues } from '../schema/format-issues.js';
import type { SigningAlgorithm } from '../config/signing-algorithms.js';

export const SIGNATURES_FILE = '.signatures.json';

export interface VerificationSettings {
  /** PEM public key or certificate; for HS* the shared secret. Read at every verification (rotation). */
  keyFile: string;
  algorithm: SigningAlgorithm;
  /** When set, a signature naming another key id is refused. */
  keyId?: string | undefined;
  /** Must equal the signature's scope claim (both empty by default). */
  scope: string;
}

/** `plugin` is "_default" (or absent) for OPA's own verifier, the only one supported. */
const Signatures = z.strictObject({ signatures: z.array(z.string()), plugin: z.string().optional() });

const Payload = z.looseObject({
  files: z.array(z.looseObject({ name: z.string(), hash: z.string(), algorithm: z.string() })),
  keyid: z.string().optional(),
  scope: z.string().optional(),
});

export async function verifyBundleSignature(
  files: ReadonlyMap<string, Buffer>,
  settings: VerificationSettings,
  source: string,
): Promise<void> {
  const fail = (reason: string): never => {
    throw new PolicyLoadError(`${source}: bundle signature: ${reason}`);
  };
  const signaturesFile = files.get(SIGNATURES_FILE);
  if (signaturesFile === undefined) {
    return fail(
      `the bundle is not signed (no ${SIGNATURES_FILE}), and bundle.verification requires a signature`,
    );
  }
  const parsed = Signatures.safeParse(parseJson(signaturesFile, fail));
  if (!parsed.success) return fail(`${SIGNATURES_FILE}: ${formatIssues(parsed.error).join('; ')}`);
  const [token, ...more] = parsed.data.signatures;
  if (token === undefined || more.length > 0) {
    return fail(`${SIGNATURES_FILE} must hold exactly one JWT (it holds ${parsed.data.signatures.length})`);
  }
  if (parsed.data.plugin !== undefined && parsed.data.plugin !== '_default')
    return fail(`signature plugin "${parsed.data.plugin}" is not supported`);

  let header: { kid?: unknown };
  try {
    header = decodeProtectedHeader(token);
  } catch (cause) {
    return fail(`the JWT is malformed: ${(cause as Error).message}`);
  }
  let payloadBytes: Uint8Array;
  try {
    const key = await verificationKey(settings);
    payloadBytes = (await compactVerify(token, key, { algorithms: [settings.algorithm] })).payload;
  } catch (cause) {
    return fail(
      `the JWT does not verify with ${settings.keyFile} (${settings.algorithm}): ${(cause as Error).message}`,
    );
  }
  const payload = Payload.safeParse(parseJson(Buffer.from(payloadBytes), fail));
  if (!payload.success) return fail(`the JWT payload: ${formatIssues(payload.error).join('; ')}`);

  const kid = typeof header.kid === 'string' ? header.kid : payload.data.keyid;
  if (settings.keyId !== undefined && kid !== undefined && kid !== settings.keyId) {
    return fail(`signed with key id "${kid}", bundle.verification.keyId is "${settings.keyId}"`);
  }
  if ((payload.data.scope ?? '') !== settings.scope) {
    return fail(
      `scope "${payload.data.scope ?? ''}" does not match bundle.verification.scope "${settings.scope}"`,
    );
  }

  const listed = new Map(payload.data.files.map((f) => [f.name.replace(/^\/+/, ''), f]));
  for (const [name, content] of files) {
    if (name === SIGNATURES_FILE) continue;
    const entry = listed.get(name);
    if (entry === undefined) return fail(`${name} is not listed in the signature`);
    if (!isSupportedHash(entry.algorithm))
      return fail(`${name}: unsupported hashing algorithm ${entry.algorithm}`);
    let digest: string;
    try {
      digest = bundleFileDigest(name, content, entry.algorithm);
    } catch (cause) {
      return fail(`${name} cannot be parsed to compute its digest: ${(cause as Error).message}`);
    }
    if (digest !== entry.hash.toLowerCase())
      return fail(`${name}: digest mismatch (signed ${entry.hash}, got ${digest})`);
    listed.delete(name);
  }
  if (listed.size > 0)
    return fail(`the signature lists files the bundle lacks: ${[...listed.keys()].join(', ')}`);
}

/** verifyBundleSignature on a gzipped tar archive. */
export async function verifyArchiveSignature(
  archive: Uint8Array,
  settings: VerificationSettings,
  source: string,
): Promise<void> {
  await verifyBundleSignature(await readBundleFiles(archive, source), settings, source);
}

async function verificationKey(settings: VerificationSettings): Promise<KeyObject | Uint8Array> {
  const key = await readSigningKey(settings.keyFile, settings.algorithm);
  // Public keys (SPKI, PKCS#1), certificates and private keys alike, as OPA accepts them.
  return typeof key === 'string' ? createPublicKey(key) : key;
}

/**
 * A key file as signing and verifying read it: for HS* the HMAC secret (its bytes, without the
 * final newline an editor adds), else the PEM text.
 */
export async function readSigningKey(
  keyFile: string,
  algorithm: SigningAlgorithm,
): Promise<string | Uint8Array> {
  const text = await readFile(keyFile, 'utf8');
  return algorithm.startsWith('HS') ? new TextEncoder().encode(text.replace(/\r?\n$/, '')) : text;
}

function parseJson(content: Buffer, fail: (reason: string) => never): unknown {
  try {
    return JSON.parse(content.toString('utf8')) as unknown;
  } catch (cause) {
    return fail(`not valid JSON: ${(cause as Error).message}`);
  }
}
