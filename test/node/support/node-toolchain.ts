import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseEnvFile, toolchainEnvFile } from '../../e2e/support/toolchain.js';

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

/** Reads the node env file; tells how to provision when it is missing. */
export function loadNodeToolchain(env: NodeJS.ProcessEnv = process.env): NodeToolchain {
  const file = join(dirname(toolchainEnvFile(env)), 'node.env');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new Error(`${file} not found: run "bash scripts/provision-node.sh" first`, { cause });
  }
  const entries = parseEnvFile(text);
  const need = (key: string): string => {
    const value = entries.get(key);
    if (value === undefined || value === '') throw new Error(`${file} lacks ${key}`);
    return value;
  };
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
