/**
 * Which pod and container a cgroup path belongs to. Shapes handled (cgroup v2 paths from
 * /proc/<pid>/cgroup "0::<path>", or a v1 controller's path):
 *
 *   systemd driver:  /kubepods.slice/kubepods-burstable.slice/
 *                      kubepods-burstable-pod<uid_with_underscores>.slice/
 *                      cri-containerd-<64 hex>.scope        (containerd)
 *                      crio-<64 hex>.scope                  (CRI-O; crio-conmon-… is the monitor)
 *                      docker-<64 hex>.scope                (cri-dockerd)
 *   cgroupfs driver: /kubepods/burstable/pod<uid>/<64 hex>  (containerd, CRI-O, docker)
 *                    /kubepods/pod<uid>/<64 hex>            (Guaranteed QoS)
 * Anything nested deeper (kind: /kubelet.slice/…, or a container's own sub-cgroups) still
 * matches on the pod and container segments.
 */

export type ContainerRuntime = 'containerd' | 'cri-o' | 'docker' | 'unknown';
export type QosClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

export interface CgroupContainer {
  podUid: string;
  containerId: string;
  runtime: ContainerRuntime;
  qosClass: QosClass;
}

const UID = '[0-9a-f]{8}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{12}';
const POD_SLICE = new RegExp(`^(?:kubelet-)?kubepods(?:-(besteffort|burstable))?-pod(${UID})\\.slice$`);
const POD_DIR = new RegExp(`^pod(${UID})$`);
const SCOPE = /^(cri-containerd|crio|docker)-([0-9a-f]{64})\.scope$/;
const BARE_ID = /^([0-9a-f]{64})$/;

const RUNTIME_BY_PREFIX: Record<string, ContainerRuntime> = {
  'cri-containerd': 'containerd',
  crio: 'cri-o',
  docker: 'docker',
};

function qosOf(segments: string[]): QosClass {
  for (const s of segments) {
    if (/besteffort/i.test(s)) return 'BestEffort';
    if (/burstable/i.test(s)) return 'Burstable';
  }
  return 'Guaranteed';
}

/** The pod and container of a cgroup path, or undefined when it is not a pod's container. */
export function parseCgroupPath(path: string): CgroupContainer | undefined {
  const segments = path.split('/').filter((s) => s !== '');
  let podUid: string | undefined;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] ?? '';
    const pod = POD_SLICE.exec(segment)?.[2] ?? POD_DIR.exec(segment)?.[1];
    if (pod !== undefined) {
      podUid = pod.replace(/_/g, '-');
      continue;
    }
    if (podUid === undefined) continue;
    const scope = SCOPE.exec(segment);
    if (scope?.[1] !== undefined && scope[2] !== undefined) {
      return {
        podUid,
        containerId: scope[2],
        runtime: RUNTIME_BY_PREFIX[scope[1]] ?? 'unknown',
        qosClass: qosOf(segments.slice(0, i)),
      };
    }
    const bare = BARE_ID.exec(segment)?.[1];
    if (bare !== undefined) {
      return { podUid, containerId: bare, runtime: 'unknown', qosClass: qosOf(segments.slice(0, i)) };
    }
  }
  return undefined;
}

/** The path from a /proc/<pid>/cgroup file: the unified ("0::") line, else the first v1 line. */
export function cgroupPathFromProcFile(text: string): string | undefined {
  const lines = text.split('\n').filter((l) => l !== '');
  const unified = lines.find((l) => l.startsWith('0::'));
  const line = unified ?? lines[0];
  if (line === undefined) return undefined;
  return line.split(':').slice(2).join(':');
}
