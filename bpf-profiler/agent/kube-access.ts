/**
 * Where the API server is and how to authenticate, from a kubeconfig file or the in-cluster
 * service account. The agent speaks to the API with a few plain HTTPS calls (kube-client.ts)
 * instead of @kubernetes/client-node: importing that package alone costs ~60 MB of RSS, and the
 * agent runs on every node with a 64 MB budget.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

export interface KubeAccess {
  /** https://host:port, no trailing slash. */
  server: string;
  ca?: Buffer;
  insecureSkipTlsVerify: boolean;
  /** Called per request: in-cluster tokens are rotated by the kubelet. */
  token?: () => string;
  cert?: Buffer;
  key?: Buffer;
}

export class KubeAccessError extends Error {
  override readonly name = 'KubeAccessError';
}

const SA_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

const Kubeconfig = z.object({
  'current-context': z.string().optional(),
  clusters: z.array(
    z.object({
      name: z.string(),
      cluster: z.object({
        server: z.string(),
        'certificate-authority-data': z.string().optional(),
        'certificate-authority': z.string().optional(),
        'insecure-skip-tls-verify': z.boolean().optional(),
      }),
    }),
  ),
  users: z.array(
    z.object({
      name: z.string(),
      user: z.object({
        token: z.string().optional(),
        tokenFile: z.string().optional(),
        'client-certificate-data': z.string().optional(),
        'client-key-data': z.string().optional(),
        'client-certificate': z.string().optional(),
        'client-key': z.string().optional(),
      }),
    }),
  ),
  contexts: z.array(
    z.object({ name: z.string(), context: z.object({ cluster: z.string(), user: z.string() }) }),
  ),
});

function dataOrFile(data: string | undefined, file: string | undefined): Buffer | undefined {
  if (data !== undefined) return Buffer.from(data, 'base64');
  if (file !== undefined) return readFileSync(file);
  return undefined;
}

/** The current context of a kubeconfig file. */
export function accessFromKubeconfig(file: string): KubeAccess {
  const parsed = Kubeconfig.safeParse(parseYaml(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    throw new KubeAccessError(`${file}: not a kubeconfig: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  }
  const config = parsed.data;
  const contextName = config['current-context'] ?? config.contexts[0]?.name;
  const context = config.contexts.find((c) => c.name === contextName)?.context;
  const cluster = config.clusters.find((c) => c.name === context?.cluster)?.cluster;
  const user = config.users.find((u) => u.name === context?.user)?.user;
  if (context === undefined || cluster === undefined || user === undefined) {
    throw new KubeAccessError(`${file}: context ${contextName ?? '(none)'} names no cluster or user`);
  }
  const { token, tokenFile } = user;
  const ca = dataOrFile(cluster['certificate-authority-data'], cluster['certificate-authority']);
  const cert = dataOrFile(user['client-certificate-data'], user['client-certificate']);
  const key = dataOrFile(user['client-key-data'], user['client-key']);
  return {
    server: cluster.server.replace(/\/+$/, ''),
    insecureSkipTlsVerify: cluster['insecure-skip-tls-verify'] ?? false,
    ...(ca === undefined ? {} : { ca }),
    ...(cert === undefined ? {} : { cert }),
    ...(key === undefined ? {} : { key }),
    ...(token !== undefined
      ? { token: () => token }
      : tokenFile !== undefined
        ? { token: () => readFileSync(tokenFile, 'utf8').trim() }
        : {}),
  };
}

/** The pod's service account: KUBERNETES_SERVICE_HOST/PORT and the projected token. */
export function accessInCluster(host: string, port: string, saDir = SA_DIR): KubeAccess {
  const hostPart = host.includes(':') ? `[${host}]` : host;
  return {
    server: `https://${hostPart}:${port}`,
    ca: readFileSync(`${saDir}/ca.crt`),
    insecureSkipTlsVerify: false,
    token: () => readFileSync(`${saDir}/token`, 'utf8').trim(),
  };
}
