/**
 * The Rego files that go into the bundle (tests excluded) and their digest, stored beside the
 * bundle so a test can tell, without opa, whether the committed bundle is stale.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';

export const TEST_FILE_GLOB = '*_test.rego';

export function isTestFile(path: string): boolean {
  return path.endsWith('_test.rego');
}

/** A source file: where to read it and the name it is digested under. */
interface SourceFile {
  path: string;
  label: string;
}

/**
 * Non-test .rego files under each path (a directory or a file), sorted by label: the path
 * relative to root, or for a directory outside the checkout relative to its parent, so a
 * revision does not depend on where an author keeps their policies.
 */
async function sourceFiles(root: string, paths: readonly string[]): Promise<SourceFile[]> {
  const files: SourceFile[] = [];
  for (const given of paths) {
    const base = isAbsolute(given) ? given : join(root, given);
    const inside = !relative(root, base).startsWith('..');
    const labelOf = (file: string) => toPosix(relative(inside ? root : dirname(base), file));
    if ((await stat(base)).isFile()) {
      if (!isTestFile(base)) files.push({ path: base, label: labelOf(base) });
      continue;
    }
    for (const path of await regoFilesIn(base, 'sources')) files.push({ path, label: labelOf(path) });
  }
  return files.sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
}

/** The .rego files under dir, absolute and sorted: the sources, or only the *_test.rego files. */
export async function regoFilesIn(dir: string, kind: 'sources' | 'tests'): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.rego') && isTestFile(e.name) === (kind === 'tests'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

function toPosix(path: string): string {
  return path.split(sep).join('/');
}

/** sha256 over each source's label and content, in label order. */
export async function sourcesDigest(root: string, paths: readonly string[]): Promise<string> {
  const hash = createHash('sha256');
  for (const file of await sourceFiles(root, paths)) {
    hash
      .update(file.label)
      .update('\0')
      .update(await readFile(file.path))
      .update('\0');
  }
  return hash.digest('hex');
}
