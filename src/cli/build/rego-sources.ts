/**
 * The Rego files that go into the bundle (tests excluded) and their digest, stored beside the
 * bundle so a test can tell, without opa, whether the committed bundle is stale.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

export const TEST_FILE_GLOB = '*_test.rego';

export function isTestFile(path: string): boolean {
  return path.endsWith('_test.rego');
}

/** Non-test .rego files under dir, as POSIX paths relative to root, sorted. */
export async function bundleSources(root: string, dir: string): Promise<string[]> {
  const entries = await readdir(join(root, dir), { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.rego') && !isTestFile(e.name))
    .map((e) => relative(root, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort();
}

/** sha256 over each source's path and content, in path order. */
export async function sourcesDigest(root: string, dir: string): Promise<string> {
  const hash = createHash('sha256');
  for (const path of await bundleSources(root, dir)) {
    hash
      .update(path)
      .update('\0')
      .update(await readFile(join(root, path)))
      .update('\0');
  }
  return hash.digest('hex');
}
