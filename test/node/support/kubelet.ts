import { statfsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { freePort } from '../../e2e/support/free-port.js';
import { ManagedProcess } from '../../e2e/support/managed-process.js';

/** The one Node's name. */
export const NODE_NAME = 'profilegate-node';

/** cgroup2's filesystem magic: /sys/fs/cgroup is cgroup v2 only (not hybrid or v1). */
const CGROUP2_SUPER_MAGIC = 0x63677270;

/** True when /sys/fs/cgroup is the unified (v2) hierarchy. */
function hostHasCgroupV2(): boolean {
  return statfsSync('/sys/fs/cgroup').type === CGROUP2_SUPER_MAGIC;
}

export interface KubeletOptions {
  readonly binary: string;
  readonly dir: string;
  readonly kubeconfig: string;
  readonly containerdSocket: string;
  readonly nodeIp: string;
  /** The CA of the API server's client certificate (kubectl logs and exec go through it). */
  readonly clientCaFile: string;
}

/**
 * Starts the kubelet: registers NODE_NAME, runs pods through containerd's CRI plugin, whose
 * RuntimeConfig gives the cgroup driver (cgroupfs). On a host without cgroup v2 (this machine
 * boots hybrid and the memory controller stays on v1) it runs with failCgroupV1: false.
 */
export async function startKubelet(options: KubeletOptions): Promise<ManagedProcess> {
  const rootDir = join(options.dir, 'kubelet');
  await mkdir(join(rootDir, 'pki'), { recursive: true });
  const config = {
    apiVersion: 'kubelet.config.k8s.io/v1beta1',
    kind: 'KubeletConfiguration',
    failCgroupV1: hostHasCgroupV2(),
    containerRuntimeEndpoint: `unix://${options.containerdSocket}`,
    address: options.nodeIp,
    port: await freePort(),
    readOnlyPort: 0,
    healthzBindAddress: '127.0.0.1',
    healthzPort: await freePort(),
    // Only the API server's client certificate is accepted, and it may do anything.
    authentication: {
      anonymous: { enabled: false },
      webhook: { enabled: false },
      x509: { clientCAFile: options.clientCaFile },
    },
    authorization: { mode: 'AlwaysAllow' },
    failSwapOn: false,
    cgroupRoot: '/',
    cgroupsPerQOS: true,
    // A shared test machine: never evict for its disk or memory, never collect the local images.
    evictionHard: { 'memory.available': '1%', 'nodefs.available': '1%', 'imagefs.available': '1%' },
    imageGCHighThresholdPercent: 100,
    imageGCLowThresholdPercent: 99,
    resolvConf: '/etc/resolv.conf',
    clusterDomain: 'cluster.local',
    serializeImagePulls: false,
    // Pod status reaches the API server sooner: the tests wait on Ready and on deletion.
    nodeStatusUpdateFrequency: '4s',
    syncFrequency: '5s',
    maxPods: 40,
  };
  const configFile = join(options.dir, 'kubelet-config.yaml');
  await writeFile(configFile, stringify(config));
  return ManagedProcess.start({
    name: 'kubelet',
    command: options.binary,
    args: [
      `--config=${configFile}`,
      `--kubeconfig=${options.kubeconfig}`,
      `--root-dir=${rootDir}`,
      `--cert-dir=${join(rootDir, 'pki')}`,
      `--hostname-override=${NODE_NAME}`,
      `--node-ip=${options.nodeIp}`,
      '--v=2',
    ],
    logFile: join(options.dir, 'kubelet.log'),
  });
}
