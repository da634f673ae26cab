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
  /** CA bundle for client certificates (server.tls.clientAuth); checked per route, not at the handshake. */
  ca?: Buffer;
  requestTimeoutMs: number;
  headersTimeoutMs: number;
  maxConnections: number;
}

/**
 * ECDHE key exchange with AEAD ciphers only: the TLS 1.3 suites, and for TLS 1.2 AES-GCM and
 * ChaCha20-Poly1305 (no CBC, CCM, ARIA or static RSA key exchange).
 */
export const CIPHERS = [
  'TLS_AES_128_GCM_SHA256',
  'TLS_AES_256_GCM_SHA384',
  'TLS_CHACHA20_POLY1305_SHA256',
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-CHACHA20-POLY1305',
].join(':');

export async function listen(
  app: Express,
  options: ListenOptions,
): Promise<{ server: Server; port: number }> {
  const server = createServer(
    {
      cert: options.cert,
      key: options.key,
      // Every handshake completes: the kubelet's probes present no certificate (client-certificate.ts).
      ...(options.ca ? { ca: options.ca, requestCert: true, rejectUnauthorized: false } : {}),
      minVersion: 'TLSv1.2',
      ciphers: CIPHERS,
      honorCipherOrder: true,
      requestTimeout: options.requestTimeoutMs,
      headersTimeout: options.headersTimeoutMs,
      // How often those two are checked (Node's default, 30 s, would let a slow client stay that long).
      connectionsCheckingInterval: Math.min(1000, options.headersTimeoutMs),
    },
    app,
  );
  // The API server calls with a 10s default timeout; keep idle connections open for its reuse.
  server.keepAliveTimeout = 65_000;
  server.maxConnections = options.maxConnections;
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
