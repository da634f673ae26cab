/**
 * Path facts shared by the runtime rules (through the generated Rego) and the safety net.
 */

/**
 * Writable whatever readOnlyRootFilesystem says: the runtime mounts its own tmpfs/proc there
 * (/dev, /dev/shm, /dev/termination-log are kubelet/runtime mounts; /proc is procfs).
 */
export const ALWAYS_WRITABLE_PREFIXES: readonly string[] = ['/dev', '/proc'];

/**
 * Directories an emptyDir must never be mounted on: it would hide the image's content there
 * (`/etc` holds passwd and the app's config). A write observed in one of these (or in `/`)
 * means readOnlyRootFilesystem cannot be proposed safely.
 */
export const SHADOW_UNSAFE_DIRECTORIES: readonly string[] = [
  '/',
  '/bin',
  '/boot',
  '/etc',
  '/home',
  '/lib',
  '/lib32',
  '/lib64',
  '/opt',
  '/root',
  '/run/secrets',
  '/sbin',
  '/srv',
  '/usr',
  '/usr/bin',
  '/usr/lib',
  '/usr/local',
  '/usr/local/bin',
  '/usr/sbin',
  '/usr/share',
  '/var',
  '/var/lib',
  '/var/run/secrets',
  '/sys',
];

/** Device nodes every container gets; access to any other /dev path is device access. */
export const STANDARD_DEVICES: readonly string[] = [
  '/dev/console',
  '/dev/fd',
  '/dev/full',
  '/dev/mqueue',
  '/dev/null',
  '/dev/ptmx',
  '/dev/pts',
  '/dev/random',
  '/dev/shm',
  '/dev/stderr',
  '/dev/stdin',
  '/dev/stdout',
  '/dev/termination-log',
  '/dev/tty',
  '/dev/urandom',
  '/dev/zero',
];

/** `child` is `parent` or below it (path-segment aware: /var/log is not under /var/lo). */
export function isUnder(child: string, parent: string): boolean {
  if (parent === '/') return child.startsWith('/');
  const p = parent.replace(/\/+$/, '');
  return child === p || child.startsWith(`${p}/`);
}
