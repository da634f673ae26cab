/**
 * Which of the things a recorded program used were there before the recording began: the
 * evidence an emptyDir needs (docs/runtime-decisions.md#emptydir-semantics). An emptyDir at D
 * hides everything below D, so for each use the recorder notes the directory holding the
 * deepest thing that pre-existed:
 * - a file opened (the recorder reports each file once): its directory, when the file is older;
 * - a directory listed: the directory, when it holds any entry older than the recording;
 * - a path syscall (chmod, chown, rename, ...): the target's directory, when the target (or
 *   what was renamed there) is older;
 * - an executable: its directory, when the program is older;
 * - otherwise the directory had to exist: the parent of its deepest older ancestor.
 * Only the entries at or below a write path are kept (nothing else can be under an emptyDir).
 *
 * Limits (documented): a file created and removed again within the milliseconds before it is
 * examined counts as created by the program; removing an older file leaves no trace.
 *
 * The probe may come later than the first observations (the node agent learns a container's
 * image layers when a rescan maps its cgroup): until then observations wait, and when the
 * files cannot be examined at all (no probe, or more waiting than MAX_PENDING) every write path
 * counts as holding older content that was used, so no emptyDir is proposed.
 */
import { posix } from 'node:path';
import type { PreexistingDirectory } from '../../src/profile/workload-profile.js';
import type { Observation } from './recorder-messages.js';
import { cutThrowaway, isUnder } from './path-collapse.js';
import type { PathProbe } from './preexisting-probe.js';

export interface PreexistingFields {
  preexistingWriteDirs: PreexistingDirectory[];
  preexistingUse: string[];
}

/** Observations kept while no probe is known yet. */
const MAX_PENDING = 8192;

export class PreexistingEvidence {
  private readonly used = new Set<string>();
  private pending: Observation[] = [];
  private unexaminable = false;

  constructor(private probe?: PathProbe) {}

  observe(o: Observation): void {
    if (this.probe !== undefined) this.examine(o, this.probe);
    else if (!this.unexaminable && (o.type === 'file' || o.type === 'named' || o.type === 'exec')) {
      if (this.pending.length < MAX_PENDING) this.pending.push(o);
      else this.cannotExamine();
    }
  }

  /** The probe for what waited and what follows; undefined: the files cannot be examined. */
  useProbe(probe: PathProbe | undefined): void {
    if (this.probe !== undefined || this.unexaminable) return;
    if (probe === undefined) {
      this.cannotExamine();
      return;
    }
    this.probe = probe;
    for (const o of this.pending) this.examine(o, probe);
    this.pending = [];
  }

  private cannotExamine(): void {
    this.unexaminable = true;
    this.pending = [];
  }

  private examine(o: Observation, probe: PathProbe): void {
    switch (o.type) {
      case 'file':
        if (o.file === undefined) this.readIn(probe, o.dir);
        else this.touched(probe, o.file);
        break;
      case 'named':
        this.touched(probe, o.arg === '' ? (o.base ?? '/') : posix.resolve(o.base ?? '/', o.arg));
        break;
      case 'exec':
        this.reliedOn(probe, o.path);
        break;
      default:
        break;
    }
  }

  /** The two profile fields, for the profile's final (collapsed) write paths. */
  fields(writePaths: readonly string[]): PreexistingFields {
    const probe = this.probe;
    if (probe === undefined) return { preexistingWriteDirs: [], preexistingUse: [...writePaths].sort() };
    const preexistingWriteDirs: PreexistingDirectory[] = [];
    for (const path of writePaths) {
      const f = probe.facts(path);
      if (f?.preexisting !== true || !f.isDirectory) continue;
      preexistingWriteDirs.push({ path, uid: f.uid, gid: f.gid, mode: f.mode.toString(8).padStart(4, '0') });
    }
    const below = (p: string): boolean => writePaths.some((w) => isUnder(p, w));
    const preexistingUse = [...new Set([...this.used].map(cutThrowaway))].filter(below).sort();
    return { preexistingWriteDirs, preexistingUse };
  }

  private readIn(probe: PathProbe, dir: string): void {
    if (probe.preexistingEntry(dir) !== undefined) this.used.add(dir);
    else this.reliedOn(probe, dir);
  }

  private touched(probe: PathProbe, path: string): void {
    if (probe.facts(path)?.preexisting === true) this.used.add(parentOf(path));
    else this.reliedOn(probe, parentOf(path));
  }

  /** `path` had to exist: note the directory of its deepest ancestor-or-self that pre-existed. */
  private reliedOn(probe: PathProbe, path: string): void {
    for (let p = path; p !== '/'; p = parentOf(p)) {
      if (probe.facts(p)?.preexisting === true) {
        this.used.add(parentOf(p));
        return;
      }
    }
  }
}

function parentOf(path: string): string {
  return path === '/' ? '/' : posix.dirname(path);
}
