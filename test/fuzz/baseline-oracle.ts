/**
 * An independent reading of the Pod Security Standards' baseline level (Kubernetes 1.37), written
 * from the standard rather than from the Rego library: the rule ids a pod spec must be denied by
 * in enforce mode. It names only controls whose verdict is beyond doubt (a privileged container,
 * a host namespace, a hostPath volume, ...); the library may find more, never fewer.
 */
import type { Container, PodSpec } from './admission-review-arbitrary.js';

const BASELINE_CAPABILITIES = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
  'net.ipv4.tcp_rmem',
  'net.ipv4.tcp_wmem',
  'net.ipv4.tcp_slow_start_after_idle',
  'net.ipv4.tcp_notsent_lowat',
]);

const SELINUX_TYPES = new Set(['container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);

interface SecurityContext {
  privileged?: boolean;
  capabilities?: { add?: string[] };
  seccompProfile?: { type: string };
  procMount?: string;
  seLinuxOptions?: { type?: string; user?: string; role?: string };
  appArmorProfile?: { type: string };
}

function allContainers(spec: PodSpec): Container[] {
  return [...spec.containers, ...(spec.initContainers ?? []), ...(spec.ephemeralContainers ?? [])];
}

function badSeLinux(options: SecurityContext['seLinuxOptions']): boolean {
  if (!options) return false;
  return (
    (options.type !== undefined && !SELINUX_TYPES.has(options.type)) ||
    options.user !== undefined ||
    options.role !== undefined
  );
}

export function baselineViolations(spec: PodSpec): Set<string> {
  const ids = new Set<string>();
  const contexts = allContainers(spec).map((c) => (c.securityContext ?? {}) as SecurityContext);
  const pod = (spec.securityContext ?? {}) as SecurityContext & { sysctls?: { name: string }[] };
  if (contexts.some((sc) => sc.privileged === true)) ids.add('pss-privileged');
  if (spec.hostPID === true || spec.hostIPC === true || spec.hostNetwork === true)
    ids.add('pss-host-namespaces');
  if (spec.volumes?.some((v) => 'hostPath' in v)) ids.add('pss-host-path');
  if (contexts.some((sc) => sc.capabilities?.add?.some((cap) => !BASELINE_CAPABILITIES.has(cap)))) {
    ids.add('pss-capabilities');
  }
  if (allContainers(spec).some((c) => c.ports?.some((p) => (p.hostPort ?? 0) !== 0)))
    ids.add('pss-host-ports');
  if ([pod, ...contexts].some((sc) => sc.seccompProfile?.type === 'Unconfined')) ids.add('pss-seccomp');
  // From v1.35 a pod in its own user namespace may use any procMount.
  if (spec.hostUsers !== false && contexts.some((sc) => sc.procMount === 'Unmasked'))
    ids.add('pss-proc-mount');
  if (pod.sysctls?.some((s) => !SAFE_SYSCTLS.has(s.name))) ids.add('pss-sysctls');
  if ([pod, ...contexts].some((sc) => badSeLinux(sc.seLinuxOptions))) ids.add('pss-selinux');
  if ([pod, ...contexts].some((sc) => sc.appArmorProfile?.type === 'Unconfined')) ids.add('pss-apparmor');
  return ids;
}
