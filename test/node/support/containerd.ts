import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ManagedProcess } from '../../e2e/support/managed-process.js';
import { WaitAbortedError, waitFor } from '../../e2e/support/wait.js';
import type { NodeToolchain } from './node-toolchain.js';
import { POD_CIDR, writeCniConfig } from './cni-network.js';

const run = promisify(execFile);

/** containerd's namespace for what the CRI plugin (so the kubelet) sees. */
export const CRI_NAMESPACE = 'k8s.io';

export interface RunningContainerd {
  readonly socket: string;
  readonly process: ManagedProcess;
  /** `ctr -n k8s.io <args>`; resolves with stdout. */
  ctr(args: readonly string[]): Promise<string>;
}

/**
 * containerd's configuration (v3): state under `dir`, the CRI plugin with runc under the cgroupfs
 * driver (no systemd on this host), the locally built pause image as sandbox (never pulled), and
 * the CNI config of cni-network.ts.
 */
function configToml(dir: string, toolchain: NodeToolchain): string {
  return `version = 3
root = '${join(dir, 'root')}'
state = '${join(dir, 'state')}'
[grpc]
  address = '${join(dir, 'containerd.sock')}'
[plugins.'io.containerd.cri.v1.images'.pinned_images]
  sandbox = '${toolchain.images.pause}'
[plugins.'io.containerd.cri.v1.runtime']
  # This machine withholds CAP_SYS_RESOURCE, so no process may lower its oom_score_adj (the
  # kubelet asks -998 for sandboxes): clamp to containerd's own, as rootless setups do.
  restrict_oom_score_adj = true
[plugins.'io.containerd.cri.v1.runtime'.containerd]
  default_runtime_name = 'runc'
[plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc]
  runtime_type = 'io.containerd.runc.v2'
[plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc.options]
  BinaryName = '${toolchain.runc}'
  # runc's state in the run's directory, not /run/containerd: nothing outlives the run.
  Root = '${join(dir, 'runc')}'
  SystemdCgroup = false
[plugins.'io.containerd.cri.v1.runtime'.cni]
  bin_dirs = ['${toolchain.cniBinDir}']
  conf_dir = '${join(dir, 'cni')}'
`;
}

/** Starts containerd in `dir` and imports every image archive of the node into k8s.io. */
export async function startContainerd(toolchain: NodeToolchain, dir: string): Promise<RunningContainerd> {
  await mkdir(join(dir, 'cni'), { recursive: true });
  await writeCniConfig(join(dir, 'cni'), POD_CIDR, join(dir, 'cni-ipam'));
  const configFile = join(dir, 'config.toml');
  await writeFile(configFile, configToml(dir, toolchain));
  const socket = join(dir, 'containerd.sock');
  const process = ManagedProcess.start({
    name: 'containerd',
    command: toolchain.containerd,
    args: ['--config', configFile],
    // The shim is looked up next to containerd, and runc by the configured path.
    env: {
      ...globalThis.process.env,
      PATH: `${join(toolchain.containerd, '..')}:${globalThis.process.env['PATH'] ?? ''}`,
    },
    logFile: join(dir, 'containerd.log'),
  });
  const ctr = async (args: readonly string[]): Promise<string> =>
    (await run(toolchain.ctr, ['--address', socket, '-n', CRI_NAMESPACE, ...args], { maxBuffer: 1 << 24 }))
      .stdout;
  await waitFor(
    async () => {
      if (!process.alive) throw new WaitAbortedError(`containerd exited:\n${process.tail()}`);
      if (!existsSync(socket)) return undefined;
      await ctr(['version']);
      return true;
    },
    { timeoutMs: 30_000, what: 'containerd socket' },
  );
  return { socket, process, ctr };
}

/** Imports an OCI image archive; the CRI plugin then finds it by its name (imagePullPolicy: Never). */
export async function importImage(containerd: RunningContainerd, archive: string): Promise<void> {
  await containerd.ctr(['images', 'import', archive]);
}

/**
 * `name@sha256:…` of an imported image (its manifest digest): workloads pin it, because the
 * webhook trusts a profile only for the image it was recorded with, proven by digest.
 */
export async function pinnedReference(containerd: RunningContainerd, name: string): Promise<string> {
  const line = (await containerd.ctr(['images', 'ls'])).split('\n').find((l) => l.split(/\s+/)[0] === name);
  const digest = line?.split(/\s+/).find((field) => field.startsWith('sha256:'));
  if (digest === undefined)
    throw new Error(`image ${name} is not in containerd's ${CRI_NAMESPACE} namespace`);
  const pinned = `${name.replace(/:[^:/]+$/, '')}@${digest}`;
  // The CRI plugin finds `name@digest` among an image's names only: a pull records it, an import does not.
  await containerd.ctr(['images', 'tag', '--force', name, pinned]);
  return pinned;
}

/** Kills and removes every task containerd runs (the containers of pods the kubelet did not stop). */
export async function killAllTasks(containerd: RunningContainerd): Promise<void> {
  for (const id of (await containerd.ctr(['tasks', 'ls', '-q'])).split('\n').filter(Boolean)) {
    await containerd.ctr(['tasks', 'delete', '--force', id]).catch(() => undefined);
  }
  for (const id of (await containerd.ctr(['containers', 'ls', '-q'])).split('\n').filter(Boolean)) {
    await containerd.ctr(['containers', 'delete', id]).catch(() => undefined);
  }
}
