/**
 * Reads the bundle `opa build -t wasm` writes: a gzipped tar with /policy.wasm,
 * /data.json and /.manifest.
 */
import { createGunzip } from 'node:zlib';
import { Readable } from 'node:stream';
import { extract } from 'tar-stream';
import { PolicyLoadError } from './policy-errors.js';
import { isRecord } from '../schema/is-record.js';

export interface WasmBundle {
  wasm: Uint8Array;
  data: Record<string, unknown>;
  /** The bundle manifest's revision, or a content hash when the manifest has none. */
  revision: string;
}

/** Every file of a gzipped tar, by its path without the leading slash. */
async function readEntries(archive: Uint8Array): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const tar = extract();
  const done = (async () => {
    for await (const entry of tar) {
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      files.set(entry.header.name.replace(/^\/+/, ''), Buffer.concat(chunks));
    }
  })();
  Readable.from([archive])
    .pipe(createGunzip())
    .on('error', (e) => tar.destroy(e))
    .pipe(tar);
  await done;
  return files;
}

export async function readBundleFiles(archive: Uint8Array, source: string): Promise<Map<string, Buffer>> {
  try {
    return await readEntries(archive);
  } catch (cause) {
    throw new PolicyLoadError(`${source} is not a gzipped tar bundle: ${String(cause)}`, { cause });
  }
}

export async function readWasmBundle(archive: Uint8Array, source: string): Promise<WasmBundle> {
  const files = await readBundleFiles(archive, source);
  const wasm = files.get('policy.wasm');
  if (!wasm) throw new PolicyLoadError(`${source} has no policy.wasm (build it with opa build -t wasm)`);
  const data = parseJson(files.get('data.json'), `${source}:data.json`) ?? {};
  const manifest = parseJson(files.get('.manifest'), `${source}:.manifest`) ?? {};
  if (!isRecord(data)) throw new PolicyLoadError(`${source}:data.json must be a JSON object`);
  const revision = isRecord(manifest) && typeof manifest.revision === 'string' ? manifest.revision : '';
  return { wasm, data, revision };
}

function parseJson(buffer: Buffer | undefined, source: string): unknown {
  if (!buffer || buffer.length === 0) return undefined;
  try {
    return JSON.parse(buffer.toString('utf8')) as unknown;
  } catch (cause) {
    throw new PolicyLoadError(`${source} is not valid JSON`, { cause });
  }
}
