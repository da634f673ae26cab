/**
 * What a Linux container gets from kubelet + containerd's CRI plugin before its securityContext
 * is applied (containerd `pkg/oci` populateDefaultUnixSpec, `internal/cri/server`
 * buildLinuxSpec, kubelet `pkg/securitycontext` default masked/readonly paths).
 */
import type { OciMount } from './oci-types.js';

/** containerd `oci.WithDefaultPathEnv`. */
export const DEFAULT_PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** populateDefaultUnixSpec's mounts minus /run (buildLinuxSpec applies WithoutRunMount), plus the cgroup mount WithMounts adds. */
export const DEFAULT_MOUNTS: readonly OciMount[] = [
  { destination: '/proc', type: 'proc', source: 'proc', options: ['nosuid', 'noexec', 'nodev'] },
  {
    destination: '/dev',
    type: 'tmpfs',
    source: 'tmpfs',
    options: ['nosuid', 'strictatime', 'mode=755', 'size=65536k'],
  },
  {
    destination: '/dev/pts',
    type: 'devpts',
    source: 'devpts',
    options: ['nosuid', 'noexec', 'newinstance', 'ptmxmode=0666', 'mode=0620', 'gid=5'],
  },
  {
    destination: '/dev/shm',
    type: 'tmpfs',
    source: 'shm',
    options: ['nosuid', 'noexec', 'nodev', 'mode=1777', 'size=65536k'],
  },
  { destination: '/dev/mqueue', type: 'mqueue', source: 'mqueue', options: ['nosuid', 'noexec', 'nodev'] },
  { destination: '/sys', type: 'sysfs', source: 'sysfs', options: ['nosuid', 'noexec', 'nodev', 'ro'] },
  {
    destination: '/sys/fs/cgroup',
    type: 'cgroup',
    source: 'cgroup',
    options: ['nosuid', 'noexec', 'nodev', 'relatime', 'ro'],
  },
];

/** kubelet's defaults for procMount Default (none for privileged or procMount Unmasked). */
export const DEFAULT_MASKED_PATHS: readonly string[] = [
  '/proc/asound',
  '/proc/acpi',
  '/proc/interrupts',
  '/proc/kcore',
  '/proc/keys',
  '/proc/latency_stats',
  '/proc/timer_list',
  '/proc/timer_stats',
  '/proc/sched_debug',
  '/proc/scsi',
  '/sys/firmware',
  '/sys/devices/virtual/powercap',
];

export const DEFAULT_READONLY_PATHS: readonly string[] = [
  '/proc/bus',
  '/proc/fs',
  '/proc/irq',
  '/proc/sys',
  '/proc/sysrq-trigger',
];

/** A pod's containers share new pid, ipc, uts and network namespaces (cgroup only on cgroup v2, not here). */
export const NAMESPACES: readonly string[] = ['pid', 'ipc', 'uts', 'mount', 'network'];

/** kubelet's emptyDir: a new directory, mode 0777; with fsGroup, group fsGroup and setgid (SetVolumeOwnership). */
export const EMPTY_DIR_MODE = 0o777;
export const EMPTY_DIR_FS_GROUP_MODE = 0o2777;
