/**
 * Fresh cgroup v2 directories for standalone recording. The recorder keys containers by
 * cgroup id, which is the inode number of the cgroup's directory in the unified hierarchy
 * (mounted at /sys/fs/cgroup on unified hosts, /sys/fs/cgroup/unified on hybrid ones).
 */
import { readFile, mkdir, rmdir, stat, statfs, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { mountEntries } from './mountinfo.js';

export class CgroupError extends Error {
  override readonly name = 'CgroupError';
}

/** The mount point of the unified (v2) hierarchy, from /proc/self/mountinfo. */
export async function findCgroup2Mount(mountinfo?: string): Promise<string> {
  const text = mountinfo ?? (await readFile('/proc/self/mountinfo', 'utf8'));
  const mount = mountEntries(text).find((m) => m.fsType === 'cgroup2');
  if (mount !== undefined) return mount.mountPoint;
  throw new CgroupError(
    'no cgroup v2 hierarchy is mounted (mount -t cgroup2 none /sys/fs/cgroup/unified), ' +
      'or record by mount namespace on cgroup v1 hosts',
  );
}

const CGROUP2_SUPER_MAGIC = 0x63677270;

/**
 * The unified hierarchy at or below a configured root: the root itself on a cgroup v2 host, its
 * `unified` mount on a hybrid one (the DaemonSet mounts the host's /sys/fs/cgroup whole, and on a
 * hybrid host that is a tmpfs of v1 hierarchies). Anything else is a configuration error.
 */
export async function unifiedHierarchyAt(root: string): Promise<string> {
  for (const candidate of [root, join(root, 'unified')]) {
    try {
      if ((await statfs(candidate)).type === CGROUP2_SUPER_MAGIC) return candidate;
    } catch {
      // not there
    }
  }
  throw new CgroupError(
    `PROFILEGATE_CGROUP_ROOT ${root}: neither it nor ${join(root, 'unified')} is a cgroup v2 hierarchy`,
  );
}

export interface Cgroup {
  path: string;
  /** The cgroup id as a decimal string (bpf_get_current_cgroup_id). */
  id: string;
}

export async function createCgroup(parent: string, name: string): Promise<Cgroup> {
  const path = join(parent, name);
  await mkdir(path);
  const info = await stat(path, { bigint: true });
  return { path, id: info.ino.toString() };
}

/** Kills what is left in the cgroup (cgroup.kill, kernel 5.14+) and removes it. */
export async function removeCgroup(cgroup: Cgroup): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      await rmdir(cgroup.path);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EBUSY') throw error;
      await writeFile(join(cgroup.path, 'cgroup.kill'), '1').catch(() => undefined);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  throw new CgroupError(`cannot remove ${cgroup.path}: processes remain`);
}
