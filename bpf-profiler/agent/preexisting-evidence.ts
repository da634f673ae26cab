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

export class PreexistingEvidence {
  private readonly used = new Set<string>();

  constructor(private readonly probe: PathProbe) {}

  observe(o: Observation): void {
    switch (o.type) {
      case 'file':
        if (o.file === undefined) this.readIn(o.dir);
        else this.touched(o.file);
        break;
      case 'named':
        this.touched(o.arg === '' ? (o.base ?? '/') : posix.resolve(o.base ?? '/', o.arg));
        break;
      case 'exec':
        this.reliedOn(o.path);
        break;
      default:
        break;
    }
  }

  /** The two profile fields, for the profile's final (collapsed) write paths. */
  fields(writePaths: readonly string[]): PreexistingFields {
    const preexistingWriteDirs: PreexistingDirectory[] = [];
    for (const path of writePaths) {
      const f = this.probe.facts(path);
      if (f?.preexisting !== true || !f.isDirectory) continue;
      preexistingWriteDirs.push({ path, uid: f.uid, gid: f.gid, mode: f.mode.toString(8).padStart(4, '0') });
    }
    const below = (p: string): boolean => writePaths.some((w) => isUnder(p, w));
    const preexistingUse = [...new Set([...this.used].map(cutThrowaway))].filter(below).sort();
    return { preexistingWriteDirs, preexistingUse };
  }

  private readIn(dir: string): void {
    if (this.probe.preexistingEntry(dir) !== undefined) this.used.add(dir);
    else this.reliedOn(dir);
  }

  private touched(path: string): void {
    if (this.probe.facts(path)?.preexisting === true) this.used.add(parentOf(path));
    else this.reliedOn(parentOf(path));
  }

  /** `path` had to exist: note the directory of its deepest ancestor-or-self that pre-existed. */
  private reliedOn(path: string): void {
    for (let p = path; p !== '/'; p = parentOf(p)) {
      if (this.probe.facts(p)?.preexisting === true) {
        this.used.add(parentOf(p));
        return;
      }
    }
  }
}

function parentOf(path: string): string {
  return path === '/' ? '/' : posix.dirname(path);
}
