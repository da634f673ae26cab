import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Paths of the pinned binaries, as written by scripts/provision-toolchain.sh. */
export interface Toolchain {
  readonly etcd: string;
  readonly kubeApiserver: string;
  readonly kubectl: string;
  readonly kubernetesVersion: string;
}

export function toolchainEnvFile(env: NodeJS.ProcessEnv = process.env): string {
  const cache = env['PROFILEGATE_CACHE'] ?? join(homedir(), '.cache', 'profilegate');
  return join(cache, 'toolchain.env');
}

/** KEY=VALUE lines, as the provisioning scripts write them. */
function parseEnvFile(text: string): Map<string, string> {
  const entries = new Map<string, string>();
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) entries.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
  }
  return entries;
}

/**
 * The entries of a provisioning script's env file, as a lookup that names the file and the key
 * when one is missing; tells how to provision when the file is.
 */
export function readEnvFile(file: string, provision: string): (key: string) => string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new Error(`${file} not found: run "${provision}" first`, { cause });
  }
  const entries = parseEnvFile(text);
  return (key: string): string => {
    const value = entries.get(key);
    if (value === undefined || value === '') throw new Error(`${file} lacks ${key}`);
    return value;
  };
}

/** Reads the toolchain env file. */
export function loadToolchain(env: NodeJS.ProcessEnv = process.env): Toolchain {
  const need = readEnvFile(toolchainEnvFile(env), 'bash scripts/provision-toolchain.sh');
  return {
    etcd: need('PROFILEGATE_ETCD'),
    kubeApiserver: need('PROFILEGATE_KUBE_APISERVER'),
    kubectl: need('PROFILEGATE_KUBECTL'),
    kubernetesVersion: need('PROFILEGATE_K8S_VERSION'),
  };
}
