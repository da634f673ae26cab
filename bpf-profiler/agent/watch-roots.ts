/**
 * The kubelet's pod cgroups, watched by the recorder so a container is tracked from its first
 * exec (process.bpf.c adopts it in the kernel) rather than from the next rescan, which comes
 * after the entrypoint has already run its start-up: nginx's setuid to its workers, redis
 * opening its data directory. The cgroupfs driver's `kubepods` and the systemd driver's
 * `kubepods.slice` sit right below the hierarchy root (level 1).
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';

const POD_ROOTS = ['kubepods', 'kubepods.slice'];

export interface WatchRoot {
  /** Relative to the hierarchy's mount point, starting with '/'. */
  path: string;
  /** Decimal cgroup id (the directory's inode number). */
  id: string;
  /** Depth below the hierarchy root. */
  level: number;
}

/** The pod roots that exist below `root` now. */
export async function findWatchRoots(root: string): Promise<WatchRoot[]> {
  const found: WatchRoot[] = [];
  for (const name of POD_ROOTS) {
    try {
      const info = await stat(join(root, name), { bigint: true });
      if (info.isDirectory()) found.push({ path: `/${name}`, id: info.ino.toString(), level: 1 });
    } catch {
      // not this driver, or the kubelet has not started yet
    }
  }
  return found;
}

/** Whether a cgroup path lies below one of the roots. */
export function isBelow(path: string, roots: readonly WatchRoot[]): boolean {
  return roots.some((r) => path.startsWith(`${r.path}/`));
}
