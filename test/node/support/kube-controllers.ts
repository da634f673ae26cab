import { join } from 'node:path';
import { ManagedProcess } from '../../e2e/support/managed-process.js';

export interface ControllerOptions {
  readonly dir: string;
  readonly kubeconfig: string;
}

/**
 * The controller manager with its default controllers (Deployments, ReplicaSets, ServiceAccounts,
 * EndpointSlices, the kube-root-ca.crt publisher, disruption, ...), one instance, no serving port.
 */
export function startControllerManager(
  binary: string,
  options: ControllerOptions & { serviceAccountKeyFile: string; rootCaFile: string },
): ManagedProcess {
  return ManagedProcess.start({
    name: 'kube-controller-manager',
    command: binary,
    args: [
      `--kubeconfig=${options.kubeconfig}`,
      '--leader-elect=false',
      '--secure-port=0',
      `--service-account-private-key-file=${options.serviceAccountKeyFile}`,
      `--root-ca-file=${options.rootCaFile}`,
      '--use-service-account-credentials=false',
      // A single node: no node CIDRs to allocate (the CNI config holds the pod range).
      '--allocate-node-cidrs=false',
      // Pods of a node that stops answering are not evicted while a test restarts the kubelet.
      '--node-monitor-grace-period=60s',
    ],
    logFile: join(options.dir, 'kube-controller-manager.log'),
  });
}

/** The scheduler, one instance, no serving port. */
export function startScheduler(binary: string, options: ControllerOptions): ManagedProcess {
  return ManagedProcess.start({
    name: 'kube-scheduler',
    command: binary,
    args: [`--kubeconfig=${options.kubeconfig}`, '--leader-elect=false', '--secure-port=0'],
    logFile: join(options.dir, 'kube-scheduler.log'),
  });
}
