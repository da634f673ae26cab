/**
 * The digest OPA's bundle signatures give a structured file (data.json, data.yaml, .manifest):
 * computed over the parsed document, objects with their keys in sorted order, so whitespace and
 * key order do not change it (opa/v1/bundle/hash.go). Every other file is hashed as its bytes.
 *
 * One known difference: OPA encodes a number as written in the file, this code as JavaScript
 * writes it, so `1.0` or `1e3` in a signed data file would not verify (integers and plain
 * decimals do).
 */
import { createHash, type Hash } from 'node:crypto';
import { parse as parseYaml } from 'yaml';

const STRUCTURED = new Set(['data.json', 'data.yaml', '.manifest', '.signatures.json']);

/** OPA's algorithm names and node's. */
const ALGORITHMS: Record<string, string> = {
  MD5: 'md5',
  'SHA-1': 'sha1',
  'SHA-224': 'sha224',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
  'SHA-512-224': 'sha512-224',
  'SHA-512-256': 'sha512-256',
};

export function isSupportedHash(algorithm: string): boolean {
  return algorithm in ALGORITHMS;
}

export function isStructuredFile(path: string): boolean {
  return STRUCTURED.has(path.slice(path.lastIndexOf('/') + 1));
}

/** Hex digest of a bundle file as its signature names it; throws on an unparsable structured file. */
export function bundleFileDigest(path: string, content: Buffer, algorithm: string): string {
  const name = ALGORITHMS[algorithm];
  if (name === undefined) throw new Error(`unsupported hashing algorithm ${algorithm}`);
  const hash = createHash(name);
  if (!isStructuredFile(path)) return hash.update(content).digest('hex');
  const text = content.toString('utf8');
  walk(path.endsWith('.yaml') ? (parseYaml(text) as unknown) : (JSON.parse(text) as unknown), hash);
  return hash.digest('hex');
}

function walk(value: unknown, hash: Hash): void {
  if (Array.isArray(value)) {
    hash.update('[');
    value.forEach((v, i) => {
      if (i > 0) hash.update(',');
      walk(v, hash);
    });
    hash.update(']');
  } else if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    hash.update('{');
    Object.keys(record)
      .sort()
      .forEach((key, i) => {
        if (i > 0) hash.update(',');
        hash.update(primitive(key)).update(':');
        walk(record[key], hash);
      });
    hash.update('}');
  } else {
    hash.update(primitive(value));
  }
}

/** Go's json.Encoder without HTML escaping: as JSON.stringify, but U+2028 and U+2029 escaped. */
function primitive(value: unknown): string {
  return JSON.stringify(value).replaceAll('\u2028', '\\u2028').replaceAll('\u2029', '\\u2029');
}
