/**
 * What a pod spec actually grants, per container and per pod, and the comparison that says
 * whether a patched spec grants anything the original did not (NEVER LOOSEN).
 *
 * Judged on effect, not on list edits: a privileged container has every capability and no
 * seccomp, so replacing `privileged: true` by the few used capabilities is a tightening, while
 * moving NET_ADMIN from `add` to a new `add: [ALL]` is a loosening.
 */
import { ALL_CAPABILITIES, RUNTIME_DEFAULT_CAPABILITIES, normalizeCapability } from './capabilities.js';
import { arr, containersOf, mountsOf, num, obj, str, type MountRef, type Obj } from '../schema/pod-spec.js';

export type SeccompType = 'Unconfined' | 'RuntimeDefault' | 'Localhost';

export interface ContainerPrivileges {
  name: string;
  capabilities: Set<string>;
  privileged: boolean;
  allowPrivilegeEscalation: boolean;
  seccomp: { type: SeccompType; localhostProfile: string | undefined };
  /** Fixed uid when runAsUser is set (container, else pod). */
  runAsUser: number | undefined;
  runAsNonRoot: boolean;
  readOnlyRootFilesystem: boolean;
  procMountUnmasked: boolean;
  /** `port/protocol` of every hostPort. */
  hostPorts: Set<string>;
  mounts: MountRef[];
  /** `containerPort/protocol` of every declared port. */
  ports: Set<string>;
  /** `containerPort/protocol` of the declared ports that also have a hostPort. */
  publishedPorts: Set<string>;
}

export interface PodPrivileges {
  hostNetwork: boolean;
  hostPID: boolean;
  hostIPC: boolean;
  /** Host path → writable through some mount. */
  hostPaths: Map<string, boolean>;
  /** Volume name → its source kind (hostPath, emptyDir, configMap, ...). */
  volumeKinds: Map<string, string>;
  automountToken: boolean;
  /** Pod securityContext.fsGroup: the group (setgid) of every new emptyDir. */
  fsGroup: number | undefined;
  containers: Map<string, ContainerPrivileges>;
}

function capabilitiesOf(sc: Obj, privileged: boolean): Set<string> {
  if (privileged) return new Set(ALL_CAPABILITIES);
  const caps = obj(sc.capabilities);
  const add = new Set(arr(caps.add).map((c) => normalizeCapability(String(c))));
  const drop = new Set(arr(caps.drop).map((c) => normalizeCapability(String(c))));
  const result = new Set(drop.has('ALL') ? [] : RUNTIME_DEFAULT_CAPABILITIES.filter((c) => !drop.has(c)));
  for (const c of add.has('ALL') ? ALL_CAPABILITIES : add) result.add(c);
  return result;
}

function seccompOf(sc: Obj, podSc: Obj, privileged: boolean): ContainerPrivileges['seccomp'] {
  const profile = obj(sc.seccompProfile ?? podSc.seccompProfile);
  const type = str(profile.type);
  if (privileged || (type !== 'RuntimeDefault' && type !== 'Localhost')) {
    return { type: 'Unconfined', localhostProfile: undefined };
  }
  return { type, localhostProfile: str(profile.localhostProfile) };
}

function portKeys(container: Obj, field: 'hostPort' | 'containerPort', onlyPublished = false): Set<string> {
  const keys = new Set<string>();
  for (const p of arr(container.ports)) {
    const port = num(obj(p)[field]);
    const published = (num(obj(p).hostPort) ?? 0) !== 0;
    if (port !== undefined && port !== 0 && (published || !onlyPublished)) {
      keys.add(`${port}/${str(obj(p).protocol) ?? 'TCP'}`);
    }
  }
  return keys;
}

export function effectivePrivileges(podSpec: Obj): PodPrivileges {
  const podSc = obj(podSpec.securityContext);
  const volumeKinds = new Map<string, string>();
  const hostPathOf = new Map<string, string>();
  for (const v of arr(podSpec.volumes)) {
    const name = str(obj(v).name) ?? '';
    const kind = Object.keys(obj(v)).find((k) => k !== 'name') ?? 'unknown';
    volumeKinds.set(name, kind);
    const hostPath = str(obj(obj(v).hostPath).path);
    if (hostPath !== undefined) hostPathOf.set(name, hostPath);
  }
  const hostPaths = new Map<string, boolean>();
  const containers = new Map<string, ContainerPrivileges>();
  for (const { name, spec } of containersOf(podSpec)) {
    const sc = obj(spec.securityContext);
    const privileged = sc.privileged === true;
    const mounts = mountsOf(spec);
    for (const m of mounts) {
      const path = hostPathOf.get(m.volume);
      if (path !== undefined) hostPaths.set(path, (hostPaths.get(path) ?? false) || !m.readOnly);
    }
    containers.set(name, {
      name,
      capabilities: capabilitiesOf(sc, privileged),
      privileged,
      allowPrivilegeEscalation: privileged || sc.allowPrivilegeEscalation !== false,
      seccomp: seccompOf(sc, podSc, privileged),
      runAsUser: num(sc.runAsUser) ?? num(podSc.runAsUser),
      runAsNonRoot: (sc.runAsNonRoot ?? podSc.runAsNonRoot) === true,
      readOnlyRootFilesystem: sc.readOnlyRootFilesystem === true,
      procMountUnmasked: sc.procMount === 'Unmasked',
      hostPorts: portKeys(spec, 'hostPort'),
      mounts,
      ports: portKeys(spec, 'containerPort'),
      publishedPorts: portKeys(spec, 'containerPort', true),
    });
  }
  return {
    hostNetwork: podSpec.hostNetwork === true,
    hostPID: podSpec.hostPID === true,
    hostIPC: podSpec.hostIPC === true,
    hostPaths,
    volumeKinds,
    automountToken: podSpec.automountServiceAccountToken !== false,
    fsGroup: num(podSc.fsGroup),
    containers,
  };
}

/** May the container's first process run as uid 0? */
export function mayRunAsRoot(c: ContainerPrivileges): boolean {
  return c.runAsUser === 0 || (c.runAsUser === undefined && !c.runAsNonRoot);
}

const subtract = <T>(a: Set<T>, b: Set<T>): T[] => [...a].filter((x) => !b.has(x));

/** Every way `after` grants more than `before`, as messages; empty when it never loosens. */
export function findLoosening(before: PodPrivileges, after: PodPrivileges): string[] {
  const reasons: string[] = [];
  for (const field of ['hostNetwork', 'hostPID', 'hostIPC'] as const) {
    if (after[field] && !before[field]) reasons.push(`sets ${field}=true`);
  }
  if (after.automountToken && !before.automountToken) reasons.push('mounts the service account token');
  for (const [name, kind] of after.volumeKinds) {
    const was = before.volumeKinds.get(name);
    if (was !== undefined && was !== kind)
      reasons.push(`changes the source of volume "${name}" from ${was} to ${kind}`);
    if (was === undefined && kind !== 'emptyDir') reasons.push(`adds volume "${name}" (${kind})`);
  }
  for (const [path, writable] of after.hostPaths) {
    const was = before.hostPaths.get(path);
    if (was === undefined) reasons.push(`mounts host path ${path}`);
    else if (writable && !was) reasons.push(`makes host path ${path} writable`);
  }
  for (const [name, a] of after.containers) {
    const b = before.containers.get(name);
    if (b === undefined) {
      reasons.push(`adds container "${name}"`);
      continue;
    }
    reasons.push(...containerLoosening(b, a));
    reasons.push(...newMounts(b, a, after.volumeKinds));
  }
  for (const name of before.containers.keys()) {
    if (!after.containers.has(name)) reasons.push(`removes container "${name}"`);
  }
  return reasons;
}

/** A mount a container did not have gives it new data unless it is a fresh emptyDir. */
function newMounts(b: ContainerPrivileges, a: ContainerPrivileges, kinds: Map<string, string>): string[] {
  const had = new Set(b.mounts.map((m) => `${m.volume}@${m.mountPath}`));
  return a.mounts
    .filter((m) => !had.has(`${m.volume}@${m.mountPath}`) && kinds.get(m.volume) !== 'emptyDir')
    .map(
      (m) => `mounts volume "${m.volume}" (${kinds.get(m.volume) ?? 'missing'}) into container "${a.name}"`,
    );
}

function containerLoosening(b: ContainerPrivileges, a: ContainerPrivileges): string[] {
  const reasons: string[] = [];
  const c = `container "${a.name}"`;
  const gained = subtract(a.capabilities, b.capabilities);
  if (gained.length > 0) reasons.push(`loosens capabilities of ${c} (adds ${gained.sort().join(', ')})`);
  if (a.privileged && !b.privileged) reasons.push(`makes ${c} privileged`);
  if (a.allowPrivilegeEscalation && !b.allowPrivilegeEscalation)
    reasons.push(`allows privilege escalation in ${c}`);
  if (
    b.seccomp.type !== 'Unconfined' &&
    (a.seccomp.type !== b.seccomp.type || a.seccomp.localhostProfile !== b.seccomp.localhostProfile)
  ) {
    reasons.push(`changes the seccomp profile of ${c} from ${b.seccomp.type} to ${a.seccomp.type}`);
  }
  if (mayRunAsRoot(a) && !mayRunAsRoot(b)) reasons.push(`lets ${c} run as root`);
  if (b.runAsUser !== undefined && a.runAsUser !== b.runAsUser) reasons.push(`changes the user of ${c}`);
  if (!a.readOnlyRootFilesystem && b.readOnlyRootFilesystem)
    reasons.push(`makes the root filesystem of ${c} writable`);
  if (a.procMountUnmasked && !b.procMountUnmasked) reasons.push(`unmasks /proc in ${c}`);
  const ports = subtract(a.hostPorts, b.hostPorts);
  if (ports.length > 0) reasons.push(`publishes host port ${ports.join(', ')} of ${c}`);
  return reasons;
}
