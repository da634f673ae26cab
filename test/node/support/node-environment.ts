import { mkdtempSync, rmSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { startEtcd, type RunningEtcd } from '../../e2e/support/etcd.js';
import {
  SERVICE_CLUSTER_IP_RANGE,
  startKubeApiserver,
  type RunningApiServer,
} from '../../e2e/support/kube-apiserver.js';
import { writeKubeconfig } from '../../e2e/support/kubeconfig.js';
import { Kubectl } from '../../e2e/support/kubectl.js';
import type { ManagedProcess } from '../../e2e/support/managed-process.js';
import { loadToolchain, type Toolchain } from '../../e2e/support/toolchain.js';
import { waitFor } from '../../e2e/support/wait.js';
import { BRIDGE, POD_CIDR, deleteBridge } from './cni-network.js';
import {
  importImage,
  killAllTasks,
  pinnedReference,
  startContainerd,
  type RunningContainerd,
} from './containerd.js';
import { startControllerManager, startScheduler } from './kube-controllers.js';
import { startKubeProxy } from './kube-proxy.js';
import { NODE_NAME, startKubelet } from './kubelet.js';
import {
  deleteNetworkNamespacesSince,
  killProcessesMentioning,
  networkNamespaces,
  removeKubeIptablesChains,
  removePodCgroups,
  unmountUnder,
} from './node-cleanup.js';
import { loadNodeToolchain, type NodeToolchain } from './node-toolchain.js';

/** The node's address: the first IPv4 of a real interface (pods reach the API server there). */
function nodeAddress(): string {
  for (const [name, addresses] of Object.entries(networkInterfaces())) {
    if (name === BRIDGE || name === 'lo') continue;
    const ipv4 = addresses?.find((a) => a.family === 'IPv4' && !a.internal);
    if (ipv4) return ipv4.address;
  }
  throw new Error(
    'no IPv4 address on any interface: the node needs one for its pods to reach the API server',
  );
}

/** The first host address of a /24 or wider range: the `kubernetes` Service's ClusterIP. */
function firstAddress(cidr: string): string {
  const [base = ''] = cidr.split('/');
  const octets = base.split('.').map(Number);
  octets[3] = (octets[3] ?? 0) + 1;
  return octets.join('.');
}

/** The workload images, each as `name@sha256:…`. */
export type PinnedImages = Readonly<Record<'nginx' | 'redis' | 'python', string>>;

interface NodeProcesses {
  containerd: RunningContainerd;
  controllerManager: ManagedProcess;
  scheduler: ManagedProcess;
  kubeProxy: ManagedProcess;
  kubelet: ManagedProcess;
}

/**
 * A one-node cluster on this machine: etcd and kube-apiserver (as in the e2e suite), the
 * controller manager, the scheduler, containerd + runc with a bridge CNI, kube-proxy and a kubelet
 * whose Node is Ready, the node's images imported. Everything it made goes at stop() or at exit.
 */
export class NodeEnvironment {
  private stopped = false;

  private constructor(
    readonly dir: string,
    readonly toolchain: Toolchain,
    readonly node: NodeToolchain,
    readonly nodeIp: string,
    readonly etcd: RunningEtcd,
    readonly apiServer: RunningApiServer,
    readonly kubeconfig: string,
    readonly kubectl: Kubectl,
    readonly images: PinnedImages,
    private readonly processes: NodeProcesses,
    private readonly namespacesBefore: ReadonlySet<string>,
  ) {}

  get containerd(): RunningContainerd {
    return this.processes.containerd;
  }

  static async start(): Promise<NodeEnvironment> {
    const toolchain = loadToolchain();
    const node = loadNodeToolchain();
    // Short: containerd's and the shims' socket paths live under it (108 bytes at most).
    const dir = mkdtempSync('/tmp/pgnode-');
    const namespacesBefore = networkNamespaces();
    const cleanup = (): void => {
      removeHostState(dir, namespacesBefore);
      if (process.env['PROFILEGATE_E2E_KEEP'] === undefined) rmSync(dir, { recursive: true, force: true });
    };
    process.on('exit', cleanup);
    const nodeIp = nodeAddress();
    const etcd = await startEtcd(toolchain.etcd, dir);
    const apiServer = await startKubeApiserver(toolchain.kubeApiserver, etcd.url, dir, {
      advertiseAddress: nodeIp,
      serviceIp: firstAddress(SERVICE_CLUSTER_IP_RANGE),
    });
    const kubeconfig = join(dir, 'kubeconfig');
    await writeKubeconfig(kubeconfig, apiServer);
    const kubectl = new Kubectl(toolchain.kubectl, kubeconfig);
    const containerd = await startContainerd(node, join(dir, 'containerd'));
    for (const image of ['pause', 'nginx', 'redis', 'python']) {
      await importImage(containerd, join(node.imageDir, `${image}.tar`));
    }
    const images: PinnedImages = {
      nginx: await pinnedReference(containerd, node.images.nginx),
      redis: await pinnedReference(containerd, node.images.redis),
      python: await pinnedReference(containerd, node.images.python),
    };
    const controllerManager = startControllerManager(node.kubeControllerManager, {
      dir,
      kubeconfig,
      serviceAccountKeyFile: apiServer.serviceAccountKeyFile,
      rootCaFile: apiServer.ca.certFile,
    });
    const scheduler = startScheduler(node.kubeScheduler, { dir, kubeconfig });
    const kubeProxy = await startKubeProxy({ binary: node.kubeProxy, dir, kubeconfig, podCidr: POD_CIDR });
    const kubelet = await startKubelet({
      binary: node.kubelet,
      dir,
      kubeconfig,
      containerdSocket: containerd.socket,
      nodeIp,
      clientCaFile: apiServer.ca.certFile,
    });
    const environment = new NodeEnvironment(
      dir,
      toolchain,
      node,
      nodeIp,
      etcd,
      apiServer,
      kubeconfig,
      kubectl,
      images,
      { containerd, controllerManager, scheduler, kubeProxy, kubelet },
      namespacesBefore,
    );
    await environment.untilNodeReady();
    return environment;
  }

  /** Waits for the Node's Ready condition and for the default ServiceAccount (pods need it). */
  private async untilNodeReady(): Promise<void> {
    const { kubelet, controllerManager } = this.processes;
    await waitFor(
      async () => {
        for (const p of [kubelet, controllerManager, this.processes.containerd.process]) {
          if (!p.alive) throw new Error(`${p.name} exited:\n${p.tail()}`);
        }
        const nodeJson = (await this.kubectl.getJson('node', NODE_NAME, 'default')) as
          { status?: { conditions?: { type: string; status: string; message?: string }[] } } | undefined;
        const ready = nodeJson?.status?.conditions?.find((c) => c.type === 'Ready');
        if (ready?.status !== 'True')
          throw new Error(`Node Ready: ${ready?.status ?? 'absent'} ${ready?.message ?? ''}`);
        const account = await this.kubectl.getJson('serviceaccount', 'default', 'default');
        return account === undefined ? undefined : true;
      },
      { timeoutMs: 120_000, intervalMs: 1000, what: `Node ${NODE_NAME} Ready` },
    );
  }

  /** The last lines of one component's log, for failure messages. */
  logTail(component: keyof NodeProcesses, lines = 40): string {
    const p = this.processes[component];
    return ('process' in p ? p.process : p).tail(lines);
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    const { containerd, controllerManager, scheduler, kubeProxy, kubelet } = this.processes;
    await kubelet.stop();
    await killAllTasks(containerd).catch(() => undefined);
    await containerd.process.stop();
    for (const p of [kubeProxy, scheduler, controllerManager]) await p.stop();
    await this.apiServer.process.stop();
    await this.etcd.process.stop();
    removeHostState(this.dir, this.namespacesBefore);
  }
}

/** Everything on the host outside the run's processes: shims, mounts, netns, cgroups, bridge, rules. */
function removeHostState(dir: string, namespacesBefore: ReadonlySet<string>): void {
  // The shims outlive containerd; each names containerd's socket, which lies under `dir`.
  killProcessesMentioning(dir);
  removePodCgroups();
  unmountUnder(dir);
  deleteNetworkNamespacesSince(namespacesBefore);
  deleteBridge();
  removeKubeIptablesChains();
}
