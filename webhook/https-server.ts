/**
 * The HTTPS listener and its graceful shutdown: stop accepting, let in-flight reviews
 * finish (the API server retries nothing we drop), then close what is left.
 */
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';

export interface ListenOptions {
  host: string;
  port: number;
  cert: Buffer;
  key: Buffer;
}

export async function listen(
  app: Express,
  options: ListenOptions,
): Promise<{ server: Server; port: number }> {
  const server = createServer({ cert: options.cert, key: options.key, minVersion: 'TLSv1.2' }, app);
  // The API server calls with a 10s default timeout; keep connections open for its reuse.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return { server, port: (server.address() as AddressInfo).port };
}

/** Resolves once every connection has closed, forcing the rest after graceMs. */
export async function drain(server: Server, graceMs: number): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const idleSweep = setInterval(() => server.closeIdleConnections(), 100);
  const force = setTimeout(() => server.closeAllConnections(), graceMs);
  try {
    await closed;
  } finally {
    clearInterval(idleSweep);
    clearTimeout(force);
  }
}
