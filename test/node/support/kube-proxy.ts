import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { freePort } from '../../e2e/support/free-port.js';
import { ManagedProcess } from '../../e2e/support/managed-process.js';
import { NODE_NAME } from './kubelet.js';

export interface KubeProxyOptions {
  readonly binary: string;
  readonly dir: string;
  readonly kubeconfig: string;
  readonly podCidr: string;
}

/**
 * kube-proxy in iptables mode: Service IPs work from the node (the API server calling the
 * webhook's Service) and from pods (in-cluster clients reaching the `kubernetes` Service). It
 * leaves the conntrack sysctls alone (maxPerCore 0): the host's are not ours to change.
 */
export async function startKubeProxy(options: KubeProxyOptions): Promise<ManagedProcess> {
  const config = {
    apiVersion: 'kubeproxy.config.k8s.io/v1alpha1',
    kind: 'KubeProxyConfiguration',
    mode: 'iptables',
    clientConnection: { kubeconfig: options.kubeconfig },
    hostnameOverride: NODE_NAME,
    clusterCIDR: options.podCidr,
    conntrack: { maxPerCore: 0 },
    healthzBindAddress: `127.0.0.1:${await freePort()}`,
    metricsBindAddress: `127.0.0.1:${await freePort()}`,
  };
  const configFile = join(options.dir, 'kube-proxy-config.yaml');
  await writeFile(configFile, stringify(config));
  return ManagedProcess.start({
    name: 'kube-proxy',
    command: options.binary,
    args: [`--config=${configFile}`],
    logFile: join(options.dir, 'kube-proxy.log'),
  });
}
