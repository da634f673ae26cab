/**
 * Container cgroups as a kubelet would lay them out, without a kubelet: directories in the real
 * unified hierarchy with the path shapes containerd and CRI-O use, and real processes moved into
 * them with profilegate-cgexec. Everything lives under one test-owned directory, removed at the end.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { findCgroup2Mount } from '../../../bpf-profiler/agent/cgroup-v2.js';
import { CGEXEC_BIN } from '../../../bpf-profiler/agent/recorder-build.js';

export type CgroupShape = 'containerd-systemd' | 'crio-cgroupfs';

export interface FakeContainer {
  podUid: string;
  /** 64 hex characters, as in `containerd://<id>` in the pod's status. */
  containerId: string;
  runtime: 'containerd' | 'cri-o';
  /** Absolute path of the container's cgroup directory. */
  path: string;
}

export function randomContainerId(): string {
  return randomBytes(32).toString('hex');
}

/** The cgroup directory of a BestEffort pod's container, relative to the node's cgroup root. */
export function containerCgroupPath(shape: CgroupShape, podUid: string, containerId: string): string {
  if (shape === 'containerd-systemd') {
    const slice = `kubepods-besteffort-pod${podUid.replace(/-/g, '_')}.slice`;
    return `kubepods.slice/kubepods-besteffort.slice/${slice}/cri-containerd-${containerId}.scope`;
  }
  return `kubepods/besteffort/pod${podUid}/${containerId}`;
}

export class FakeNodeCgroups {
  private readonly children: ChildProcess[] = [];

  private constructor(readonly root: string) {}

  /** A fresh directory under the unified hierarchy that plays the node's cgroup root. */
  static async create(): Promise<FakeNodeCgroups> {
    const mount = await findCgroup2Mount();
    const root = join(mount, `profilegate-e2e-${process.pid}-${randomBytes(3).toString('hex')}`);
    await mkdir(root);
    return new FakeNodeCgroups(root);
  }

  async addContainer(shape: CgroupShape, podUid: string, containerId: string): Promise<FakeContainer> {
    const path = join(this.root, containerCgroupPath(shape, podUid, containerId));
    await mkdir(path, { recursive: true });
    return { podUid, containerId, runtime: shape === 'containerd-systemd' ? 'containerd' : 'cri-o', path };
  }

  /** Runs `command` inside the container's cgroup (cgexec joins it, then execs the command). */
  run(container: FakeContainer, command: string, args: string[]): ChildProcess {
    const child = spawn(CGEXEC_BIN, [container.path, command, ...args], { stdio: 'ignore' });
    this.children.push(child);
    return child;
  }

  /** Kills every process in the tree (cgroup.kill) and removes the directories, deepest first. */
  async remove(): Promise<void> {
    for (const child of this.children) child.kill('SIGKILL');
    await removeTree(this.root);
  }
}

async function removeTree(dir: string): Promise<void> {
  let entries: string[];
  try {
    entries = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
  } catch {
    return;
  }
  for (const name of entries) await removeTree(join(dir, name));
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      await rmdir(dir);
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return;
      if (code !== 'EBUSY') throw error;
      await writeFile(join(dir, 'cgroup.kill'), '1').catch(() => undefined);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  throw new Error(`cannot remove cgroup ${dir}: processes remain`);
}
