/**
 * NEVER BREAK: does a patched pod spec still allow everything the profile observed?
 * Each check compares with the original spec, so only what the *patch* takes away counts:
 * - every observed capability granted before is still granted;
 * - every observed write path writable before is still writable (rootfs writable, or under a
 *   writable mount, or under /dev or /proc), and paths served by a volume still are;
 * - a new emptyDir hides nothing the app used and needs no preparation it cannot do
 *   (empty-dir-hazards.ts);
 * - every observed syscall the old seccomp allowed is still allowed (RuntimeDefault judged with
 *   the capabilities the container keeps; a Localhost profile only when it is unchanged or the
 *   one generated for this very container);
 * - every observed listening port declared (containerPort or hostPort) is still declared;
 * - observed uids are still permitted (no runAsNonRoot with uid 0 seen, no new runAsUser
 *   that was never seen);
 * - host namespaces, the service-account token and privilege escalation the profile shows
 *   in use are kept; a privileged container with evidence of needing it stays privileged.
 */
import type { ContainerProfile } from '../profile/workload-profile.js';
import { normalizeCapability } from './capabilities.js';
import { mayRunAsRoot, type ContainerPrivileges, type PodPrivileges } from './effective-privileges.js';
import { emptyDirHazards } from './empty-dir-hazards.js';
import { ALWAYS_WRITABLE_PREFIXES, STANDARD_DEVICES, isUnder } from './paths.js';
import { PRIVILEGED_ONLY_SYSCALLS, runtimeDefaultAllowsSyscall } from './seccomp-profile.js';
import type { ProfileView } from '../profile/profile-view.js';

const TOKEN_DIRS = [
  '/var/run/secrets/kubernetes.io/serviceaccount',
  '/run/secrets/kubernetes.io/serviceaccount',
];
const HOST_NAMESPACE_FIELD = { network: 'hostNetwork', pid: 'hostPID', ipc: 'hostIPC' } as const;

export interface BreakageContext {
  namespace: string;
}

export function findBreakage(
  before: PodPrivileges,
  after: PodPrivileges,
  profile: ProfileView,
  context: BreakageContext,
): string[] {
  const reasons: string[] = [];
  for (const [name, observed] of Object.entries(profile.containers)) {
    const b = before.containers.get(name);
    const a = after.containers.get(name);
    if (b === undefined || a === undefined) continue;
    reasons.push(...containerBreakage(b, a, observed, profile, context));
    reasons.push(...emptyDirHazards(b, a, after, observed));
    for (const ns of observed.hostNamespaces) {
      const field = HOST_NAMESPACE_FIELD[ns];
      if (before[field] && !after[field]) reasons.push(`would remove ${field} used by container "${name}"`);
    }
    if (before.automountToken && !after.automountToken && readsToken(observed)) {
      reasons.push(`would remove the service account token read by container "${name}"`);
    }
  }
  return reasons;
}

function readsToken(o: ContainerProfile): boolean {
  return [...o.readPaths, ...o.writePaths].some((p) =>
    TOKEN_DIRS.some((d) => isUnder(p, d) || (p !== '/' && isUnder(d, p))),
  );
}

function containerBreakage(
  b: ContainerPrivileges,
  a: ContainerPrivileges,
  o: ContainerProfile,
  profile: ProfileView,
  context: BreakageContext,
): string[] {
  const reasons: string[] = [];
  const c = `container "${a.name}"`;
  const lost = o.capabilities
    .map(normalizeCapability)
    .filter((cap) => b.capabilities.has(cap) && !a.capabilities.has(cap));
  if (lost.length > 0) reasons.push(`would remove observed capability ${lost.join(', ')} from ${c}`);

  for (const p of o.writePaths) {
    if (writable(b, p) && !writable(a, p)) reasons.push(`would break observed write to ${p} in ${c}`);
  }
  for (const p of [...o.readPaths, ...o.writePaths, ...o.executables]) {
    const was = backing(b, p);
    if (was !== undefined && was !== backing(a, p))
      reasons.push(`would change the volume serving ${p} in ${c}`);
  }

  const allowedBefore = seccompAllows(b, b, profile, context);
  const allowedAfter = seccompAllows(a, b, profile, context);
  const refused = o.syscalls.filter((s) => allowedBefore(s) && !allowedAfter(s));
  if (refused.length > 0) reasons.push(`would refuse observed syscall ${refused.join(', ')} in ${c}`);

  for (const port of o.listeningPorts) {
    const key = `${port.port}/${port.protocol}`;
    if (b.ports.has(key) && !a.ports.has(key)) reasons.push(`would undeclare observed port ${key} of ${c}`);
    if (b.publishedPorts.has(key) && !a.publishedPorts.has(key)) {
      reasons.push(`would unpublish observed port ${key} of ${c}`);
    }
  }

  if (o.uids.includes(0) && mayRunAsRoot(b) && !mayRunAsRoot(a))
    reasons.push(`would forbid uid 0, observed in ${c}`);
  if (a.runAsUser !== undefined && a.runAsUser !== b.runAsUser && !o.uids.includes(a.runAsUser)) {
    reasons.push(`would run ${c} as uid ${a.runAsUser}, never observed`);
  }
  if (o.privilegeTransitions && b.allowPrivilegeEscalation && !a.allowPrivilegeEscalation) {
    reasons.push(`would block the privilege transitions observed in ${c}`);
  }
  if (b.privileged && !a.privileged && needsPrivileged(o))
    reasons.push(`would unprivilege ${c}, which needs it`);
  return reasons;
}

/** The deepest mount covering `path`, if any. */
function coveringMount(
  c: ContainerPrivileges,
  path: string,
): ContainerPrivileges['mounts'][number] | undefined {
  let best: ContainerPrivileges['mounts'][number] | undefined;
  for (const m of c.mounts) {
    if (isUnder(path, m.mountPath) && (best === undefined || m.mountPath.length > best.mountPath.length))
      best = m;
  }
  return best;
}

function writable(c: ContainerPrivileges, path: string): boolean {
  if (ALWAYS_WRITABLE_PREFIXES.some((p) => isUnder(path, p))) return true;
  const mount = coveringMount(c, path);
  return mount === undefined ? !c.readOnlyRootFilesystem : !mount.readOnly;
}

/** `volume@mountPath` serving a path, undefined for the root filesystem. */
function backing(c: ContainerPrivileges, path: string): string | undefined {
  const m = coveringMount(c, path);
  return m === undefined ? undefined : `${m.volume}@${m.mountPath}`;
}

function seccompAllows(
  c: ContainerPrivileges,
  original: ContainerPrivileges,
  profile: ProfileView,
  context: BreakageContext,
): (syscall: string) => boolean {
  switch (c.seccomp.type) {
    case 'Unconfined':
      return () => true;
    case 'RuntimeDefault':
      return (s) => runtimeDefaultAllowsSyscall(c.capabilities, s);
    case 'Localhost': {
      const unchanged =
        original.seccomp.type === 'Localhost' &&
        original.seccomp.localhostProfile === c.seccomp.localhostProfile;
      const generated =
        c.seccomp.localhostProfile === `operator/${context.namespace}/${profile.name}-${c.name}.json`;
      return () => unchanged || generated;
    }
  }
}

function needsPrivileged(o: ContainerProfile): boolean {
  const device = [...o.readPaths, ...o.writePaths].some(
    (p) => isUnder(p, '/dev') && p !== '/dev' && !STANDARD_DEVICES.some((d) => isUnder(p, d)),
  );
  const sysWrite = o.writePaths.some((p) => isUnder(p, '/sys') || isUnder(p, '/proc/sys'));
  return device || sysWrite || o.syscalls.some((s) => PRIVILEGED_ONLY_SYSCALLS.includes(s));
}
