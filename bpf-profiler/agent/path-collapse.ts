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

/**
 * Names that change from run to run, so a profile that listed them would be wrong on the next
 * run (an emptyDir at /tmp/tmp.Xa81bQ helps no one): mktemp names (`tmp.` or a `.`/`-`/`_`
 * followed by 6+ random letters and digits, mixed), and PID- or time-numbered names (a run of
 * 4+ digits). Such a segment and what lies below it collapse to its parent directory.
 */
const THROWAWAY = [
  /^tmp[._-]?[A-Za-z0-9]{6,}$/,
  /\d{4,}/,
  /[._-](?=[A-Za-z0-9]*\d)(?=[A-Za-z0-9]*[A-Za-z])[A-Za-z0-9]{6,}$/,
];

export function isThrowaway(segment: string): boolean {
  return THROWAWAY.some((re) => re.test(segment));
}

/** The path up to (not including) its first throwaway segment. */
export function cutThrowaway(path: string): string {
  const parts = path.split('/');
  const at = parts.findIndex((p, i) => i > 0 && isThrowaway(p));
  if (at === -1) return path;
  return at === 1 ? '/' : parts.slice(0, at).join('/');
}

/**
 * An executable under a throwaway directory (a script in `mktemp -d`, `/tmp/build-4711/run`)
 * is recorded as that directory's parent, which still says where programs ran from.
 */
export function collapseExecutable(path: string): string {
  return cutThrowaway(path);
}

function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

function depth(path: string): number {
  return path === '/' ? 0 : path.split('/').length - 1;
}

export function collapseDirectories(paths: Iterable<string>, options = DEFAULT_COLLAPSE): string[] {
  let set = new Set([...paths].map(cutThrowaway));
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
