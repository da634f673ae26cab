/**
 * A container's volumeMounts as the kubelet hands them to the runtime, reproduced on one host:
 * an emptyDir is a fresh directory owned by root (group fsGroup with the setgid bit when the pod
 * sets fsGroup), mode 0777, so whatever the root filesystem had at that path is hidden; a
 * hostPath is a bind mount of the host path. Volumes that need a cluster (configMap, secret,
 * projected, persistentVolumeClaim, ...) become empty directories, said in a note.
 * Mount options and order follow containerd's WithMounts: `rbind`, `rprivate`, `ro`/`rw`,
 * sorted by the number of path parts so a parent never shadows a child.
 */
import { join } from 'node:path';
import { arr, mountsOf, obj, str, type Obj } from '../schema/pod-spec.js';
import { EMPTY_DIR_FS_GROUP_MODE, EMPTY_DIR_MODE } from './cri-defaults.js';
import type { OciMount } from './oci-types.js';
import { VerifyInputError } from './verify-errors.js';

/** A directory verify creates before the run. */
export interface PreparedDirectory {
  volume: string;
  path: string;
  uid: number;
  gid: number;
  mode: number;
}

export interface VolumePlan {
  mounts: OciMount[];
  directories: PreparedDirectory[];
  /** Host paths of hostPath volumes of type DirectoryOrCreate that verify must create. */
  createHostPaths: string[];
  notes: string[];
}

function parts(path: string): number {
  return path.split('/').filter((p) => p.length > 0).length;
}

export function planVolumes(podSpec: Obj, container: Obj, volumesDir: string): VolumePlan {
  const volumes = new Map(arr(podSpec.volumes).map((v) => [str(obj(v).name) ?? '', obj(v)]));
  const fsGroup = obj(podSpec.securityContext).fsGroup;
  const plan: VolumePlan = { mounts: [], directories: [], createHostPaths: [], notes: [] };
  const prepared = new Set<string>();
  const containerName = str(container.name) ?? '';
  for (const m of mountsOf(container)) {
    const volume = volumes.get(m.volume);
    if (volume === undefined) {
      throw new VerifyInputError(
        `container "${containerName}" mounts volume "${m.volume}" at ${m.mountPath}, but the pod spec has no volume of that name`,
      );
    }
    const subPath = str(
      obj(arr(container.volumeMounts).find((x) => obj(x).mountPath === m.mountPath)).subPath,
    );
    let source: string;
    if (volume.hostPath !== undefined) {
      const hostPath = obj(volume.hostPath);
      source = str(hostPath.path) ?? '/';
      if (str(hostPath.type) === 'DirectoryOrCreate') plan.createHostPaths.push(source);
    } else {
      source = join(volumesDir, m.volume);
      if (!prepared.has(m.volume)) {
        prepared.add(m.volume);
        const emptyDir = volume.emptyDir !== undefined;
        const group = emptyDir && typeof fsGroup === 'number' ? fsGroup : 0;
        plan.directories.push({
          volume: m.volume,
          path: source,
          uid: 0,
          gid: group,
          mode: emptyDir ? (typeof fsGroup === 'number' ? EMPTY_DIR_FS_GROUP_MODE : EMPTY_DIR_MODE) : 0o755,
        });
        if (!emptyDir) {
          const kind = Object.keys(volume).find((k) => k !== 'name') ?? 'unknown';
          plan.notes.push(
            `volume "${m.volume}" (${kind}) is mounted as an empty directory at ${m.mountPath}: verify runs without a cluster`,
          );
        }
      }
    }
    if (subPath !== undefined && subPath !== '') {
      source = join(source, subPath);
      plan.createHostPaths.push(source);
    }
    plan.mounts.push({
      destination: m.mountPath,
      type: 'bind',
      source,
      options: ['rbind', 'rprivate', m.readOnly ? 'ro' : 'rw'],
    });
  }
  plan.mounts.sort((a, b) => parts(a.destination) - parts(b.destination));
  return plan;
}
