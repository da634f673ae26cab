/**
 * Prometheus metrics on their own port, plain HTTP: GET /metrics and nothing else. Apart from
 * the serving port, a NetworkPolicy can admit the scraper to this port alone, and the
 * API server's port answers admission only. What it shows is counts and latencies, no request
 * content, so it is not TLS-protected (a ServiceMonitor scrapes it as is).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WebhookMetrics } from './metrics.js';
import type { Logger } from './logger.js';

export interface MetricsListener {
  port: number;
  close(): Promise<void>;
}

export async function listenMetrics(
  metrics: WebhookMetrics,
  host: string,
  port: number,
  logger: Logger,
): Promise<MetricsListener> {
  const server: Server = createServer({ requestTimeout: 10_000, headersTimeout: 5_000 }, (req, res) => {
    const path = new URL(req.url ?? '/', 'http://metrics').pathname;
    if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res
        .writeHead(404, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: `no route for ${req.method ?? '?'} ${path}` }));
      return;
    }
    metrics.registry
      .metrics()
      .then((text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text))
      .catch((error: unknown) => {
        logger.error({ err: error }, 'cannot render metrics');
        res.writeHead(500).end();
      });
  });
  server.maxConnections = 64;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  logger.info({ host, port: bound }, 'metrics listening');
  return {
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
