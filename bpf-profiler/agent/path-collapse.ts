/**
 * Keeps the path lists of a profile small (a profile should stay well under 8 KB) and free of
 * pseudo file systems, while only ever widening: a collapsed list still covers every
 * directory observed.
 */

/** Kernel interfaces, not storage: writing there needs no writable root file system. */
const PSEUDO_ROOTS = ['/proc', '/sys', '/dev'];
/** Trees every image reads; listing them says nothing about mounts. */
const SYSTEM_READ_ROOTS = ['/usr', '/lib', '/lib32', '/lib64', '/libx32', '/bin', '/sbin', '/etc'];

export interface CollapseOptions {
  /** More distinct children than this under one parent are replaced by the parent. */
  maxSiblings: number;
  /** Beyond this many entries, the deepest are replaced by their parents until it fits. */
  maxEntries: number;
}

export const DEFAULT_COLLAPSE: CollapseOptions = { maxSiblings: 8, maxEntries: 48 };

export function isUnder(path: string, root: string): boolean {
  return path === root || path.startsWith(`${root}/`);
}

export function writePathsOf(dirs: Iterable<string>, options = DEFAULT_COLLAPSE): string[] {
  return collapseDirectories(
    [...dirs].filter((d) => !PSEUDO_ROOTS.some((r) => isUnder(d, r))),
    options,
  );
}

export function readPathsOf(dirs: Iterable<string>, options = DEFAULT_COLLAPSE): string[] {
  return collapseDirectories(
    [...dirs].filter((d) => d !== '/' && ![...PSEUDO_ROOTS, ...SYSTEM_READ_ROOTS].some((r) => isUnder(d, r))),
    options,
  );
}

function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

function depth(path: string): number {
  return path === '/' ? 0 : path.split('/').length - 1;
}

export function collapseDirectories(paths: Iterable<string>, options = DEFAULT_COLLAPSE): string[] {
  let set = new Set(paths);
  // Many siblings (per-request temp dirs, hashed cache dirs) become their parent.
  for (let changed = true; changed;) {
    changed = false;
    const children = new Map<string, string[]>();
    for (const p of set) {
      if (p === '/') continue;
      const parent = parentOf(p);
      children.set(parent, [...(children.get(parent) ?? []), p]);
    }
    for (const [parent, kids] of children) {
      if (kids.length > options.maxSiblings) {
        for (const k of kids) set.delete(k);
        set.add(parent);
        changed = true;
      }
    }
  }
  while (set.size > options.maxEntries) {
    const deepest = Math.max(...[...set].map(depth));
    set = new Set([...set].map((p) => (depth(p) === deepest ? parentOf(p) : p)));
  }
  return [...set].sort();
}
