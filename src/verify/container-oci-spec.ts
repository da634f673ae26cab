/**
 * One container of a pod spec as the OCI runtime spec containerd's CRI plugin would give runc
 * (internal/cri/server buildLinuxSpec and internal/cri/opts), with the host's root filesystem
 * standing in for the image:
 *   capabilities   container-capabilities.ts (bounding = permitted = effective, no ambient)
 *   user           runAsUser/runAsGroup (container, else pod), supplementalGroups, fsGroup
 *   no_new_privs   allowPrivilegeEscalation: false
 *   seccomp        container's seccompProfile, else the pod's: RuntimeDefault is the runtime's
 *                  default allow-list (plus what the bounding set adds), Localhost the named file;
 *                  none when Unconfined or privileged
 *   root           read-only when readOnlyRootFilesystem is true
 *   mounts         the runtime defaults, minus those a volumeMount replaces, plus the volumes
 *   masked paths   kubelet's defaults, none when privileged or procMount Unmasked
 *   privileged     every capability, no seccomp, no masked paths, sysfs and cgroupfs writable
 * The process is the given command, in the container's workingDir (else `cwd`), with PATH,
 * HOSTNAME and the container's literal `env` values.
 */
import { arr, obj, str, num, type Obj } from '../schema/pod-spec.js';
import { runtimeDefaultAllows } from '../hardening/seccomp-profile.js';
import { containerCapabilities } from './container-capabilities.js';
import { planVolumes, type VolumePlan } from './container-volumes.js';
import {
  DEFAULT_MASKED_PATHS,
  DEFAULT_MOUNTS,
  DEFAULT_PATH,
  DEFAULT_READONLY_PATHS,
  NAMESPACES,
} from './cri-defaults.js';
import type { OciMount, OciSeccomp, OciSpec } from './oci-types.js';
import { resolveProcessUser } from './process-user.js';
import { VerifyInputError } from './verify-errors.js';

export interface ContainerSpecRequest {
  podSpec: Obj;
  container: string;
  command: string[];
  cwd: string;
  hostname: string;
  /** /etc/passwd and /etc/group of the root filesystem. */
  passwd: string;
  group: string;
  /** Where this run's emptyDirs are created. */
  volumesDir: string;
  /** The OCI seccomp JSON a Localhost `localhostProfile` names. */
  localhostSeccomp: (localhostProfile: string) => OciSeccomp;
}

export interface ContainerSpecPlan {
  spec: OciSpec;
  volumes: VolumePlan;
  /** How seccomp is set, for the report: Unconfined, RuntimeDefault or Localhost <path>. */
  seccomp: string;
  capabilities: string[];
}

const SECCOMP_ARCHITECTURES = ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_X32'];

export function runtimeDefaultSeccomp(capabilities: string[]): OciSeccomp {
  return {
    defaultAction: 'SCMP_ACT_ERRNO',
    defaultErrnoRet: 1,
    architectures: SECCOMP_ARCHITECTURES,
    syscalls: [{ names: [...runtimeDefaultAllows(capabilities)].sort(), action: 'SCMP_ACT_ALLOW' }],
  };
}

function findContainer(podSpec: Obj, name: string): Obj {
  const all = arr(podSpec.containers).map(obj);
  const found = all.find((c) => str(c.name) === name);
  if (found === undefined) {
    const names = all.map((c) => `"${str(c.name) ?? ''}"`).join(', ');
    throw new VerifyInputError(`the pod spec has no container "${name}" (containers: ${names})`);
  }
  return found;
}

function seccompOf(
  sc: Obj,
  podSc: Obj,
  capabilities: string[],
  request: ContainerSpecRequest,
): [string, OciSeccomp | undefined] {
  const profile = obj(sc.seccompProfile ?? podSc.seccompProfile);
  if (sc.privileged === true) return ['Unconfined (privileged)', undefined];
  const type = str(profile.type) ?? 'Unconfined';
  if (type === 'RuntimeDefault') return ['RuntimeDefault', runtimeDefaultSeccomp(capabilities)];
  if (type === 'Localhost') {
    const path = str(profile.localhostProfile);
    if (path === undefined) {
      throw new VerifyInputError(
        `container "${request.container}": seccompProfile type Localhost needs localhostProfile`,
      );
    }
    return [`Localhost ${path}`, structuredClone(request.localhostSeccomp(path))];
  }
  return ['Unconfined', undefined];
}

function envOf(container: Obj, hostname: string): string[] {
  const env = [DEFAULT_PATH, `HOSTNAME=${hostname}`];
  for (const e of arr(container.env).map(obj)) {
    const name = str(e.name);
    const value = str(e.value);
    if (name !== undefined && value !== undefined) env.push(`${name}=${value}`);
  }
  return env;
}

function defaultMounts(volumeMounts: OciMount[], privileged: boolean): OciMount[] {
  const replaced = new Set(volumeMounts.map((m) => m.destination.replace(/\/+$/, '')));
  return DEFAULT_MOUNTS.filter(
    (m) => !replaced.has(m.destination) && !(replaced.has('/dev') && m.destination.startsWith('/dev/')),
  ).map((m) =>
    privileged && (m.type === 'sysfs' || m.type === 'cgroup')
      ? { ...m, options: m.options.map((o) => (o === 'ro' ? 'rw' : o)) }
      : { ...m, options: [...m.options] },
  );
}

export function containerOciSpec(request: ContainerSpecRequest): ContainerSpecPlan {
  const { podSpec } = request;
  const container = findContainer(podSpec, request.container);
  const sc = obj(container.securityContext);
  const podSc = obj(podSpec.securityContext);
  const privileged = sc.privileged === true;
  const capabilities = containerCapabilities(sc);
  const [seccompName, seccomp] = seccompOf(sc, podSc, capabilities, request);
  const volumes = planVolumes(podSpec, container, request.volumesDir);
  const user = resolveProcessUser(
    {
      runAsUser: num(sc.runAsUser) ?? num(podSc.runAsUser),
      runAsGroup: num(sc.runAsGroup) ?? num(podSc.runAsGroup),
      supplementalGroups: arr(podSc.supplementalGroups).filter((g): g is number => typeof g === 'number'),
      fsGroup: num(podSc.fsGroup),
    },
    request.passwd,
    request.group,
  );
  const unmasked = privileged || str(sc.procMount) === 'Unmasked';
  const ociCaps = capabilities.map((c) => `CAP_${c}`);
  const spec: OciSpec = {
    ociVersion: '1.0.2',
    process: {
      terminal: false,
      user,
      args: request.command,
      env: envOf(container, request.hostname),
      cwd: str(container.workingDir) ?? request.cwd,
      capabilities: { bounding: ociCaps, effective: [...ociCaps], permitted: [...ociCaps] },
      noNewPrivileges: sc.allowPrivilegeEscalation === false && !privileged,
    },
    root: { path: 'rootfs', readonly: sc.readOnlyRootFilesystem === true },
    hostname: request.hostname,
    mounts: [...defaultMounts(volumes.mounts, privileged), ...volumes.mounts],
    linux: {
      namespaces: NAMESPACES.map((type) => ({ type })),
      maskedPaths: unmasked ? [] : [...DEFAULT_MASKED_PATHS],
      readonlyPaths: unmasked ? [] : [...DEFAULT_READONLY_PATHS],
      resources: { devices: [{ allow: privileged, access: 'rwm' }] },
      ...(seccomp === undefined ? {} : { seccomp }),
    },
  };
  return { spec, volumes, seccomp: seccompName, capabilities };
}
