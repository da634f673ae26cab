import { writeFile } from 'node:fs/promises';
import { stringify } from 'yaml';
import type { RunningApiServer } from './kube-apiserver.js';

/** Writes a kubeconfig for the admin identity of `server` to `file`. */
export async function writeKubeconfig(
  file: string,
  server: Pick<RunningApiServer, 'url' | 'ca' | 'token'>,
): Promise<void> {
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: 'e2e',
        cluster: {
          server: server.url,
          'certificate-authority-data': Buffer.from(server.ca.pem).toString('base64'),
        },
      },
    ],
    users: [{ name: 'e2e-admin', user: { token: server.token } }],
    contexts: [{ name: 'e2e', context: { cluster: 'e2e', user: 'e2e-admin' } }],
    'current-context': 'e2e',
  };
  await writeFile(file, stringify(config), { mode: 0o600 });
}
