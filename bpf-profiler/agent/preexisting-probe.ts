/**
 * What the file system says about a path the recorded program used: whether it existed before
 * the recording began (statx birth time, STATX_BTIME), and its owner and mode. Birth time is
 * what tells image content (or a host's files) from what the program created itself: a rename
 * keeps it, a rewrite in place keeps it, only a new inode gets a new one.
 *
 * Every doubt counts as "existed before": a file system without birth times (Node reports 0),
 * an unreadable directory, a path that vanished. That can only stop an emptyDir from being
 * proposed, never let one hide something.
 */
import { lstatSync, opendirSync, type BigIntStats } from 'node:fs';
import { posix } from 'node:path';

export interface PathFacts {
  /** Birth time before the recording began, or unknown. */
  preexisting: boolean;
  isDirectory: boolean;
  uid: number;
  gid: number;
  /** Permission bits with setuid/setgid/sticky. */
  mode: number;
}

export interface PathProbe {
  /** Undefined when the path does not exist (or cannot be examined). */
  facts(path: string): PathFacts | undefined;
  /** Some entry of the directory that existed before the recording began (unreadable: itself). */
  preexistingEntry(dir: string): string | undefined;
}

/** Entries examined per directory before giving up and assuming the worst. */
const MAX_ENTRIES = 4096;

/** Probes paths as the host sees them (a standalone recording runs with the host's root). */
export class HostPathProbe implements PathProbe {
  /** Nanoseconds since the epoch; a birth time before it is content that was there already. */
  private readonly startNs: bigint;
  private readonly cache = new Map<string, PathFacts | undefined>();

  /**
   * `startMs` is when the recording began. One millisecond is added: Date.now() truncates, and
   * a file created in that same millisecond just before the start must count as preexisting.
   */
  constructor(startMs: number) {
    this.startNs = BigInt(startMs + 1) * 1_000_000n;
  }

  facts(path: string): PathFacts | undefined {
    if (this.cache.has(path)) return this.cache.get(path);
    const facts = this.examine(path);
    // Only what cannot change its mind is cached: birth is fixed, a missing path may appear.
    if (facts?.preexisting === true) this.cache.set(path, facts);
    return facts;
  }

  preexistingEntry(dir: string): string | undefined {
    return this.scan(dir, (f) => f.preexisting);
  }

  private scan(dir: string, match: (f: PathFacts) => boolean): string | undefined {
    let handle;
    try {
      handle = opendirSync(dir);
    } catch {
      return this.facts(dir) === undefined ? undefined : dir;
    }
    try {
      for (let n = 0; n < MAX_ENTRIES; n++) {
        const entry = handle.readSync();
        if (entry === null) return undefined;
        const path = posix.join(dir, entry.name);
        const facts = this.examine(path);
        if (facts !== undefined && match(facts)) return path;
      }
      return dir;
    } finally {
      handle.closeSync();
    }
  }

  private examine(path: string): PathFacts | undefined {
    let st: BigIntStats;
    try {
      st = lstatSync(path, { bigint: true });
    } catch {
      return undefined;
    }
    const born = st.birthtimeNs;
    return {
      preexisting: born === 0n || born < this.startNs,
      isDirectory: st.isDirectory(),
      uid: Number(st.uid),
      gid: Number(st.gid),
      mode: Number(st.mode & 0o7777n),
    };
  }
}
