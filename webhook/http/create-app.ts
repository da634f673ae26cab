import express, { type Express, type RequestHandler } from 'express';
import type { ReviewDependencies } from '../../src/review/review-dependencies.js';
import type { Logger } from '../logger.js';
import type { WebhookMetrics } from '../metrics.js';
import type { BundleStatus } from '../policy-bundle-slot.js';
import type { ServiceStatus } from '../bundle/bundle-poller.js';
import type { InformerHealth } from '../informer/informer-health.js';
import { admissionRoute } from './admission-route.js';
import { errorHandler } from './error-handler.js';
import { readJsonBody } from './read-body.js';

/** The last reload of the serving certificate; lastError while the newest files are unusable. */
export interface CertificateStatus {
  reloadedAt?: string;
  lastError?: string;
}

export interface AppOptions {
  deps: ReviewDependencies;
  logger: Logger;
  metrics: WebhookMetrics;
  maxBodyBytes: number;
  /** The bundle in force, and the bundle service's polls when bundle.service is set. */
  bundleStatus(): BundleStatus & { service?: ServiceStatus };
  certificateStatus(): CertificateStatus;
  /** Every informer's state (namespaces, WorkloadProfiles); empty without a cluster. */
  informerStatus(): InformerHealth[];
  /** False while shutting down, so load balancers stop sending new reviews first. */
  accepting(): boolean;
  /** server.tls.clientAuth: run before each admission route reads its body. */
  clientAuth?: RequestHandler;
  /** Extra routes mounted before the 404 handler (the benchmark's no-op baseline). */
  extraRoutes?: (app: Express, json: RequestHandler) => void;
}

export function createApp(options: AppOptions): Express {
  const { deps, logger, metrics } = options;
  const app = express();
  app.disable('x-powered-by');
  const json = readJsonBody(options.maxBodyBytes);
  const guard = options.clientAuth ? [options.clientAuth] : [];
  app.post('/validate', ...guard, json, admissionRoute('validate', deps, logger, metrics));
  app.post('/mutate', ...guard, json, admissionRoute('mutate', deps, logger, metrics));
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', (_req, res) => {
    const bundle = options.bundleStatus();
    const informers = options.informerStatus();
    // Not ready before every informer's first list. A cache that goes stale later shows but does
    // not fail readiness: every replica would fail at once, and the static rules still hold
    // (runtime findings stop denying while the profile cache is not synced).
    const synced = informers.every((i) => i.syncedAt !== undefined);
    const ready = bundle.ready && synced && options.accepting();
    // A failed certificate reload shows but does not fail readiness: the previous pair still serves.
    const certificate = options.certificateStatus();
    res
      .status(ready ? 200 : 503)
      .json({ ready, accepting: options.accepting(), bundle, certificate, informers });
  });
  options.extraRoutes?.(app, json);
  app.use((req, res) => {
    res.status(404).json({ error: `no route for ${req.method} ${req.path}` });
  });
  app.use(errorHandler(logger));
  return app;
}
