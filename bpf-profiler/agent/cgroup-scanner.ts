/**
 * Finds the container cgroups of pods under the unified hierarchy: walks only the kubelet's
 * subtrees (directories named `kubepods…`/`kubelet…`, pod directories and everything under a
 * container), and returns each container cgroup and its sub-cgroups with its id (the directory's
 * inode number, which is what bpf_get_current_cgroup_id returns). Each scan is diffed against
 * the previous one so the agent tracks new keys and untracks vanished ones.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseCgroupPath, type CgroupContainer } from './cgroup-path.js';

export interface ContainerCgroup {
  /** Decimal cgroup id. */
  id: string;
  /** Path relative to the hierarchy's mount point, starting with '/'. */
  path: string;
  container: CgroupContainer;
}

export interface ScanDiff {
  added: ContainerCgroup[];
  removed: ContainerCgroup[];
}

const KUBELET_DIR = /kubepods|kubelet/;
const MAX_DEPTH = 12;

async function children(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries.filter((e) => e.isDirectory()).map((e) => e.name);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return []; // removed while we walked
    throw error;
  }
}

async function cgroupId(dir: string): Promise<string | undefined> {
  try {
    return (await stat(dir, { bigint: true })).ino.toString();
  } catch {
    return undefined;
  }
}

/** Every container cgroup (and sub-cgroup) of a pod below `root`. */
export async function scanContainerCgroups(root: string): Promise<ContainerCgroup[]> {
  const found: ContainerCgroup[] = [];
  const walk = async (relative: string, depth: number, insidePods: boolean): Promise<void> => {
    if (depth > MAX_DEPTH) return;
    for (const name of await children(join(root, relative))) {
      const path = `${relative}/${name}`;
      const container = parseCgroupPath(path);
      if (container !== undefined) {
        const id = await cgroupId(join(root, path));
        if (id !== undefined) found.push({ id, path, container });
        await walk(path, depth + 1, true);
      } else if (insidePods || KUBELET_DIR.test(name)) {
        await walk(path, depth + 1, true);
      }
    }
  };
  await walk('', 0, false);
  return found;
}

/** Remembers the last scan and reports what appeared and what went. */
export class CgroupTracker {
  private known = new Map<string, ContainerCgroup>();

  constructor(
    private readonly root: string,
    private readonly scan: (root: string) => Promise<ContainerCgroup[]> = scanContainerCgroups,
  ) {}

  async rescan(): Promise<ScanDiff> {
    const now = new Map((await this.scan(this.root)).map((c) => [c.id, c]));
    const added = [...now.values()].filter((c) => !this.known.has(c.id));
    const removed = [...this.known.values()].filter((c) => !now.has(c.id));
    this.known = now;
    return { added, removed };
  }

  get size(): number {
    return this.known.size;
  }
}
