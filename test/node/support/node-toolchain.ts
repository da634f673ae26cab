import { dirname, join } from 'node:path';
import { readEnvFile, toolchainEnvFile } from '../../e2e/support/toolchain.js';

/** Paths and image names of the node, as written by scripts/provision-node.sh. */
export interface NodeToolchain {
  readonly kubelet: string;
  readonly kubeControllerManager: string;
  readonly kubeScheduler: string;
  readonly kubeProxy: string;
  readonly containerd: string;
  readonly containerdVersion: string;
  readonly ctr: string;
  readonly runc: string;
  readonly cniBinDir: string;
  /** Directory of the image archives: pause.tar, nginx.tar, redis.tar, python.tar. */
  readonly imageDir: string;
  readonly images: {
    readonly pause: string;
    readonly nginx: string;
    readonly redis: string;
    readonly python: string;
  };
}

/** Reads the node env file. */
export function loadNodeToolchain(env: NodeJS.ProcessEnv = process.env): NodeToolchain {
  const need = readEnvFile(
    join(dirname(toolchainEnvFile(env)), 'node.env'),
    'bash scripts/provision-node.sh',
  );
  return {
    kubelet: need('PROFILEGATE_KUBELET'),
    kubeControllerManager: need('PROFILEGATE_KUBE_CONTROLLER_MANAGER'),
    kubeScheduler: need('PROFILEGATE_KUBE_SCHEDULER'),
    kubeProxy: need('PROFILEGATE_KUBE_PROXY'),
    containerd: need('PROFILEGATE_CONTAINERD'),
    containerdVersion: need('PROFILEGATE_CONTAINERD_VERSION'),
    ctr: need('PROFILEGATE_CTR'),
    runc: need('PROFILEGATE_RUNC'),
    cniBinDir: need('PROFILEGATE_CNI_BIN_DIR'),
    imageDir: need('PROFILEGATE_IMAGE_DIR'),
    images: {
      pause: need('PROFILEGATE_PAUSE_IMAGE'),
      nginx: need('PROFILEGATE_NGINX_IMAGE'),
      redis: need('PROFILEGATE_REDIS_IMAGE'),
      python: need('PROFILEGATE_PYTHON_IMAGE'),
    },
  };
}
