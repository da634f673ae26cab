/**
 * NEVER BREAK, for emptyDirs: a new emptyDir at X is a new, empty directory owned by uid 0 and
 * gid 0 (or fsGroup, with the setgid bit), mode 0777. It hides whatever was at X and below, and
 * leaves the app to prepare X the way it found it in the recording. A new emptyDir mount is
 * accepted only when the profile proves (docs/runtime-decisions.md#emptydir-semantics):
 * - X is not a system directory (SHADOW_UNSAFE_DIRECTORIES);
 * - X is a write directory that existed before the run, with its owner and mode then
 *   (`preexistingWriteDirs`), and the fields this rests on were not cut (`incomplete`);
 * - nothing at or below X that existed before the run was used (`preexistingUse`);
 * - preparing X needs no capability the patched container lacks: CHOWN when the owner or group
 *   differ from the emptyDir's, FOWNER when a non-root owner's mode differs; both only help a
 *   container that ran as root and still may.
 * The Rego side (policies/rego/lib/empty_dirs.rego) decides the same way.
 */
import type { ContainerProfile, PreexistingDirectory } from '../profile/workload-profile.js';
import { mayRunAsRoot, type ContainerPrivileges, type PodPrivileges } from './effective-privileges.js';
import { SHADOW_UNSAFE_DIRECTORIES, isUnder } from './paths.js';

const EVIDENCE_FIELDS = ['writePaths', 'preexistingWriteDirs', 'preexistingUse'] as const;

/** Owner, group and mode of a new emptyDir under this pod's fsGroup. */
export function emptyDirState(fsGroup: number | undefined): { uid: number; gid: number; mode: string } {
  return fsGroup === undefined ? { uid: 0, gid: 0, mode: '0777' } : { uid: 0, gid: fsGroup, mode: '2777' };
}

/** Capabilities the app needs to make a new emptyDir look like the directory it replaces. */
export function preparationCapabilities(before: PreexistingDirectory, fsGroup: number | undefined): string[] {
  const empty = emptyDirState(fsGroup);
  const needs: string[] = [];
  if (before.uid !== empty.uid || before.gid !== empty.gid) needs.push('CHOWN');
  if (before.uid !== 0 && before.mode !== empty.mode) needs.push('FOWNER');
  return needs;
}

export function emptyDirHazards(
  b: ContainerPrivileges,
  a: ContainerPrivileges,
  after: PodPrivileges,
  o: ContainerProfile,
): string[] {
  const had = new Set(b.mounts.map((m) => `${m.volume}@${m.mountPath}`));
  const added = a.mounts.filter(
    (m) => !had.has(`${m.volume}@${m.mountPath}`) && after.volumeKinds.get(m.volume) === 'emptyDir',
  );
  return added.flatMap((m) => hazardsAt(m.mountPath.replace(/(.)\/+$/, '$1'), a, after.fsGroup, o));
}

function hazardsAt(
  x: string,
  a: ContainerPrivileges,
  fsGroup: number | undefined,
  o: ContainerProfile,
): string[] {
  const c = `container "${a.name}"`;
  if (SHADOW_UNSAFE_DIRECTORIES.includes(x))
    return [`would hide the image's ${x} under a new emptyDir in ${c}`];
  const cut = EVIDENCE_FIELDS.filter((f) => o.incomplete?.includes(f) === true);
  if (cut.length > 0) {
    return [`cannot prove a new emptyDir at ${x} safe for ${c}: its profile's ${cut.join(', ')} did not fit`];
  }
  const before = o.preexistingWriteDirs.find((d) => d.path === x);
  if (before === undefined) {
    return [
      `would mount a new emptyDir at ${x} in ${c}, which the profile does not show as a write directory that existed before the run`,
    ];
  }
  const reasons: string[] = [];
  const hidden = o.preexistingUse.filter((p) => isUnder(p, x));
  if (hidden.length > 0) {
    reasons.push(
      `would hide what ${c} used in ${hidden.join(', ')} (there before the run) under a new emptyDir at ${x}`,
    );
  }
  const needs = preparationCapabilities(before, fsGroup);
  if (needs.length === 0) return reasons;
  const empty = emptyDirState(fsGroup);
  const found = `a new emptyDir at ${x} is ${empty.uid}:${empty.gid} mode ${empty.mode} where the run found ${before.uid}:${before.gid} mode ${before.mode}`;
  if (!o.uids.includes(0) || !mayRunAsRoot(a)) {
    reasons.push(`${found}; ${c} cannot prepare it (${needs.join(', ')}) without running as root`);
  } else {
    const missing = needs.filter((cap) => !a.capabilities.has(cap));
    if (missing.length > 0)
      reasons.push(`${found}; preparing it needs ${missing.join(', ')}, which ${c} would lack`);
  }
  return reasons;
}
