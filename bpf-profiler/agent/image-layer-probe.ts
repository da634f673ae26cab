/**
 * What a container's image holds at a path, read from the image's layers (the overlay lower
 * directories, top first), not from the container's merged view. On a node this is what
 * "existed before the run" must mean: an emptyDir at D hides the image's content below D, and
 * nothing else can be there when a container (re)starts, since each start gets a fresh upper
 * layer. Birth times cannot tell it there: a copy-up gives an image file a new inode.
 *
 * Layers are merged as overlayfs does: the topmost layer holding a name decides; a whiteout (a
 * character device 0:0) or a non-directory hides everything below it; a symlink in a directory
 * of the path is followed inside the image, never on the host. Opaque directories (an xattr Node
 * cannot read) are not honoured: content they hide still counts as the image's, which can only
 * keep an emptyDir from being proposed. Any other doubt (an unreadable layer, a symlink loop)
 * also counts as "the image had it".
 */
import { lstatSync, readdirSync, readlinkSync, type Stats } from 'node:fs';
import { posix } from 'node:path';
import type { PathFacts, PathProbe } from './preexisting-probe.js';

/** Symlinks followed while resolving one path (the kernel's limit). */
const MAX_LINKS = 40;
/** Entries examined per directory before assuming the worst. */
const MAX_ENTRIES = 4096;
/** Paths remembered; the cache starts over beyond it (a program may name millions of temp files). */
const MAX_CACHED = 4096;

type Lookup =
  | { kind: 'absent' }
  | { kind: 'doubt' }
  | { kind: 'found'; stats: Stats; path: string; layers: readonly string[] };

const ABSENT: Lookup = { kind: 'absent' };
const DOUBT: Lookup = { kind: 'doubt' };
const DOUBT_FACTS: PathFacts = { preexisting: true, isDirectory: false, uid: 0, gid: 0, mode: 0 };

export class ImageLayerProbe implements PathProbe {
  private readonly cache = new Map<string, PathFacts | undefined>();

  /** `layers`: the image's layer directories as this process reaches them, topmost first. */
  constructor(private readonly layers: readonly string[]) {}

  facts(path: string): PathFacts | undefined {
    const key = posix.resolve('/', path);
    if (this.cache.has(key)) return this.cache.get(key);
    const found = this.lookup(key);
    const facts =
      found.kind === 'absent'
        ? undefined
        : found.kind === 'doubt'
          ? DOUBT_FACTS
          : {
              preexisting: true,
              isDirectory: found.stats.isDirectory(),
              uid: found.stats.uid,
              gid: found.stats.gid,
              mode: found.stats.mode & 0o7777,
            };
    if (this.cache.size >= MAX_CACHED) this.cache.clear();
    this.cache.set(key, facts);
    return facts;
  }

  preexistingEntry(dir: string): string | undefined {
    const found = this.lookup(posix.resolve('/', dir));
    if (found.kind === 'absent') return undefined;
    if (found.kind === 'doubt' || !found.stats.isDirectory()) return dir;
    // The topmost layer holding a name decides it: a whiteout there hides the lower entries.
    const decided = new Set<string>();
    for (const layer of found.layers) {
      let names: string[];
      try {
        names = readdirSync(layer + found.path);
      } catch {
        return dir;
      }
      for (const name of names) {
        if (decided.has(name)) continue;
        decided.add(name);
        if (decided.size > MAX_ENTRIES) return dir;
        const st = lstatOrUndefined(posix.join(layer + found.path, name));
        if (st === undefined || !isWhiteout(st)) return posix.join(dir, name);
      }
    }
    return undefined;
  }

  /** The entry at `path` (absolute, normalised) as the merged image shows it. */
  private lookup(path: string): Lookup {
    let pending = path.split('/').filter((s) => s !== '');
    let resolved = '';
    let live: readonly string[] = this.layers;
    let links = 0;
    while (pending.length > 0) {
      const [name, ...rest] = pending as [string, ...string[]];
      const candidate = `${resolved}/${name}`;
      const found = topmost(live, candidate);
      if (found.kind !== 'found') return found;
      if (found.stats.isSymbolicLink() && rest.length > 0) {
        if (++links > MAX_LINKS) return DOUBT;
        let target: string;
        try {
          target = readlinkSync((found.layers[0] ?? '') + candidate);
        } catch {
          return DOUBT;
        }
        const base = target.startsWith('/') ? '/' : resolved === '' ? '/' : resolved;
        const restart = posix.resolve(base, target);
        pending = [...restart.split('/').filter((s) => s !== ''), ...rest];
        resolved = '';
        live = this.layers;
        continue;
      }
      if (rest.length === 0) return found;
      if (!found.stats.isDirectory()) return ABSENT;
      resolved = candidate;
      live = found.layers;
      pending = rest;
    }
    const root = lstatOrUndefined(this.layers[0] ?? '/');
    return root === undefined ? DOUBT : { kind: 'found', stats: root, path: '/', layers: this.layers };
  }
}

/**
 * The topmost of `layers` holding `path` (whose parent is a directory in each of them), and the
 * layers below it through which a directory there keeps merging (until one holds a non-directory
 * or a whiteout at that name).
 */
function topmost(layers: readonly string[], path: string): Lookup {
  for (let i = 0; i < layers.length; i++) {
    const layer = layers[i] ?? '';
    let st: Stats;
    try {
      st = lstatSync(layer + path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      return DOUBT;
    }
    if (isWhiteout(st)) return ABSENT;
    if (!st.isDirectory()) return { kind: 'found', stats: st, path, layers: [layer] };
    const merged = [layer];
    for (const lower of layers.slice(i + 1)) {
      const below = lstatOrUndefined(lower + path);
      if (below === undefined) continue;
      if (!below.isDirectory()) break;
      merged.push(lower);
    }
    return { kind: 'found', stats: st, path, layers: merged };
  }
  return ABSENT;
}

function isWhiteout(st: Stats): boolean {
  return st.isCharacterDevice() && st.rdev === 0;
}

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}
