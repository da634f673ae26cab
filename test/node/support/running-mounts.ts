/**
 * What the runtime really enforces for a running container: its mounts as the kernel shows them
 * in /proc/<pid>/mountinfo, read on the host (the pid from containerd's task list).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { NodeEnvironment } from './node-environment.js';

interface PodList {
  items: {
    metadata: { deletionTimestamp?: string };
    status: { containerStatuses?: { name: string; containerID?: string }[] };
  }[];
}

/** For each running pod labelled app=`app`: mount point → mount options of `container`. */
export async function runningMounts(
  env: NodeEnvironment,
  namespace: string,
  app: string,
  container: string,
): Promise<Map<string, string>[]> {
  const list = JSON.parse(
    (await env.kubectl.ok(['get', 'pods', '-n', namespace, '-l', `app=${app}`, '-o', 'json'])).stdout,
  ) as PodList;
  const pids = new Map(
    (await env.containerd.ctr(['tasks', 'ls']))
      .split('\n')
      .slice(1)
      .map((line) => line.split(/\s+/))
      .map(([id, pid]) => [id ?? '', pid ?? ''] as const),
  );
  const result: Map<string, string>[] = [];
  for (const pod of list.items.filter((p) => p.metadata.deletionTimestamp === undefined)) {
    const status = pod.status.containerStatuses?.find((c) => c.name === container);
    const id = status?.containerID?.replace('containerd://', '') ?? '';
    const pid = pids.get(id);
    assert.ok(pid, `no running task for container ${container} (${id})`);
    const mounts = new Map<string, string>();
    for (const line of readFileSync(`/proc/${pid}/mountinfo`, 'utf8').split('\n')) {
      const [, , , , mountPoint, options] = line.split(' ');
      if (mountPoint !== undefined && options !== undefined) mounts.set(mountPoint, options);
    }
    result.push(mounts);
  }
  return result;
}
