/**
 * Seccomp from a runtime profile: is RuntimeDefault enough, and if not, the Localhost profile
 * that allows exactly what was observed.
 *
 * Where the profile goes: admission cannot create objects, so the webhook only *references*
 * a Localhost profile; the JSON and the Security Profiles Operator (SPO) `SeccompProfile` object
 * are artifacts of the CLI/report path (`profilegate` writes them; an operator applies them).
 * SPO installs a SeccompProfile `<name>` in namespace `<ns>` on every node at
 * `<kubelet seccomp root>/operator/<ns>/<name>.json`, so the pod references
 * `localhostProfile: operator/<ns>/<name>.json` (localhostProfilePath below). We name the object
 * `<profile name>-<container>` (e.g. `deployment-web-web`).
 */
import { CAPABILITY_SYSCALLS, RUNTIME_DEFAULT_SYSCALLS } from './runtime-default-syscalls.js';

const RUNTIME_DEFAULT = new Set(RUNTIME_DEFAULT_SYSCALLS);

/**
 * What every process needs to be started and to exit, whether or not the recorder saw it
 * (short-lived start-up calls are easy to miss): exec itself, the dynamic loader and libc
 * start-up (memory mapping, TLS, signal set-up, rseq/robust futex registration, resource
 * limits) and exit.
 */
const PROCESS_STARTUP: readonly string[] = [
  'execve',
  'execveat',
  'exit',
  'exit_group',
  'brk',
  'mmap',
  'munmap',
  'mprotect',
  'arch_prctl',
  'set_tid_address',
  'set_robust_list',
  'rseq',
  'prlimit64',
  'rt_sigaction',
  'rt_sigprocmask',
  'rt_sigreturn',
  'sigaltstack',
  'futex',
  'read',
  'write',
  'close',
  'openat',
  'fstat',
  'newfstatat',
  'pread64',
  'access',
  'faccessat2',
  'getrandom',
  'uname',
  'readlinkat',
  'fcntl',
  'getpid',
  'gettid',
  'tgkill',
];

/**
 * What the OCI runtime's own init process calls after it loaded the filter and before it execs
 * the command: the filter applies to it too, and a refusal means the container never starts.
 * Read in the runtimes' init code and observed with `profilegate verify` (the filter in log mode,
 * the kernel's audit records), for runc 1.1 and crun 1.8, with and without no_new_privs:
 * - runc (libcontainer standard_init_linux.go) with no_new_privs (allowPrivilegeEscalation:
 *   false) loads the filter last, just before exec; it then closes every fd the container must
 *   not inherit (fstatfs of /proc/self/fd, getdents64, close) and opens and writes the exec fifo
 *   (openat, write, epoll_ctl from Go's poller).
 * - runc without no_new_privs must load the filter while it still holds CAP_SYS_ADMIN, before
 *   finalizeNamespace, so everything that follows needs it too: capget/capset and prctl (bounding
 *   set, keep-caps), setgroups/setgid/setuid (the process user), fchown of the stdio fds (a
 *   non-root user), chdir and getcwd (the working directory) and getppid (the parent check).
 * - crun (libcrun container.c) without no_new_privs: prctl, setresgid/setresuid and capset; with
 *   no_new_privs it loads the filter after switching user and capabilities.
 * - Go's scheduler in runc init may sleep, yield or return memory at any point: nanosleep,
 *   sched_yield, madvise.
 */
export const RUNTIME_INIT_SYSCALLS: readonly string[] = [
  'capget',
  'capset',
  'prctl',
  'setgroups',
  'setgid',
  'setuid',
  'setresgid',
  'setresuid',
  'fchown',
  'chdir',
  'getcwd',
  'getppid',
  'fstatfs',
  'getdents64',
  'epoll_ctl',
  'nanosleep',
  'sched_yield',
  'madvise',
];

/** Everything a Localhost profile allows besides the observed syscalls. */
export const STARTUP_SYSCALLS: readonly string[] = [
  ...new Set([...PROCESS_STARTUP, ...RUNTIME_INIT_SYSCALLS]),
];

/**
 * Syscalls that only a privileged container can make, even with SYS_ADMIN granted (the
 * runtime's default AppArmor profile refuses mounts; module and port I/O need the host):
 * observing one is evidence that `privileged: true` is needed.
 */
export const PRIVILEGED_ONLY_SYSCALLS: readonly string[] = [
  'delete_module',
  'finit_module',
  'fsconfig',
  'fsmount',
  'fsopen',
  'fspick',
  'init_module',
  'ioperm',
  'iopl',
  'kexec_file_load',
  'kexec_load',
  'mount',
  'mount_setattr',
  'move_mount',
  'open_tree',
  'pivot_root',
  'umount',
  'umount2',
];

/** The syscalls RuntimeDefault allows for a container whose bounding set holds `capabilities`. */
export function runtimeDefaultAllows(capabilities: Iterable<string>): Set<string> {
  const allowed = new Set(RUNTIME_DEFAULT);
  for (const cap of capabilities) for (const s of CAPABILITY_SYSCALLS[cap] ?? []) allowed.add(s);
  return allowed;
}

/**
 * Whether RuntimeDefault allows `syscall` for that bounding set; for one syscall at a time, as
 * the safety net asks, without building the ~400-name set runtimeDefaultAllows returns.
 */
export function runtimeDefaultAllowsSyscall(capabilities: Iterable<string>, syscall: string): boolean {
  if (RUNTIME_DEFAULT.has(syscall)) return true;
  for (const cap of capabilities) if (CAPABILITY_SYSCALLS[cap]?.includes(syscall) === true) return true;
  return false;
}

export function syscallsOutsideRuntimeDefault(
  syscalls: Iterable<string>,
  capabilities: Iterable<string> = [],
): string[] {
  const allowed = runtimeDefaultAllows(capabilities);
  return [...new Set(syscalls)].filter((s) => !allowed.has(s)).sort();
}

export function isWithinRuntimeDefault(
  syscalls: Iterable<string>,
  capabilities: Iterable<string> = [],
): boolean {
  return syscallsOutsideRuntimeDefault(syscalls, capabilities).length === 0;
}

export interface OciSeccompProfile {
  defaultAction: 'SCMP_ACT_ERRNO';
  defaultErrnoRet: number;
  architectures: string[];
  syscalls: { names: string[]; action: 'SCMP_ACT_ALLOW' }[];
}

const EPERM = 1;

/** OCI/Docker seccomp JSON: deny with EPERM by default, allow observed ∪ start-up syscalls. */
export function localhostSeccompProfile(observed: Iterable<string>): OciSeccompProfile {
  const names = [...new Set([...observed, ...STARTUP_SYSCALLS])].sort();
  return {
    defaultAction: 'SCMP_ACT_ERRNO',
    defaultErrnoRet: EPERM,
    architectures: [
      'SCMP_ARCH_X86_64',
      'SCMP_ARCH_X86',
      'SCMP_ARCH_X32',
      'SCMP_ARCH_AARCH64',
      'SCMP_ARCH_ARM',
    ],
    syscalls: [{ names, action: 'SCMP_ACT_ALLOW' }],
  };
}

/** Object name of the SeccompProfile for one container of a profiled workload. */
export function seccompProfileName(profileName: string, container: string): string {
  return `${profileName}-${container}`.slice(0, 253);
}

/** `localhostProfile` value under which SPO installs SeccompProfile `name` of `namespace`. */
export function localhostProfilePath(namespace: string, name: string): string {
  return `operator/${namespace}/${name}.json`;
}

/** The Security Profiles Operator object that installs the same profile on every node. */
export function seccompProfileObject(
  namespace: string,
  name: string,
  observed: Iterable<string>,
): Record<string, unknown> {
  const profile = localhostSeccompProfile(observed);
  return {
    apiVersion: 'security-profiles-operator.x-k8s.io/v1beta1',
    kind: 'SeccompProfile',
    metadata: { name, namespace, labels: { 'app.kubernetes.io/managed-by': 'profilegate' } },
    spec: {
      defaultAction: profile.defaultAction,
      architectures: profile.architectures,
      syscalls: profile.syscalls,
    },
  };
}
