/**
 * A list call that keeps the API server's JSON as it is (the background audit's informers and
 * `profilegate audit --cluster` read objects this way). client-node's typed list calls
 * deserialise into its model classes, which drop fields newer than the client (a pod field of
 * Kubernetes 1.37 the 1.4 client does not know would vanish), so the background audit would
 * judge a different object than admission did.
 */
import { request, type RequestOptions } from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';

/** A list response: its items and the resourceVersion to watch from. */
export interface ListResult<T> {
  metadata?: { resourceVersion?: string };
  items: T[];
}

export class ListError extends Error {
  override readonly name = 'ListError';
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
  }
}

export async function listJson<T>(kubeConfig: KubeConfig, path: string): Promise<ListResult<T>> {
  const server = kubeConfig.getCurrentCluster()?.server;
  if (!server) throw new Error('the kubeconfig names no cluster server');
  const options: RequestOptions = { method: 'GET', headers: { Accept: 'application/json' } };
  await kubeConfig.applyToHTTPSOptions(options);
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, server), options, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        if (status < 200 || status >= 300) {
          reject(new ListError(`GET ${path}: ${status}: ${text.slice(0, 300)}`, status));
          return;
        }
        try {
          resolve(JSON.parse(text) as ListResult<T>);
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}
