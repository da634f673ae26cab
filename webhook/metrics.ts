/** Prometheus metrics of one webhook process, in their own registry. */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { createInformerMetrics, type InformerMetrics } from './informer/informer-metrics.js';

export interface WebhookMetrics {
  registry: Registry;
  requests: Counter<'endpoint' | 'decision'>;
  latency: Histogram<'endpoint' | 'decision'>;
  violations: Counter<'endpoint' | 'policy' | 'mode' | 'evidence'>;
  bundleInfo: Gauge<'revision'>;
  bundleLoads: Counter<'result'>;
  certificateReloads: Counter<'result'>;
  clientCertificateRefusals: Counter<'reason'>;
  informers: InformerMetrics;
}

export function createMetrics(): WebhookMetrics {
  const registry = new Registry();
  // Unprefixed, so process_* and nodejs_* keep the names stock dashboards query.
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    requests: new Counter({
      name: 'profilegate_admission_requests_total',
      help: 'Admission reviews answered, by endpoint and decision',
      labelNames: ['endpoint', 'decision'],
      registers: [registry],
    }),
    latency: new Histogram({
      name: 'profilegate_admission_duration_seconds',
      help: 'Time to answer an admission review, by endpoint and decision',
      labelNames: ['endpoint', 'decision'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [registry],
    }),
    violations: new Counter({
      name: 'profilegate_policy_violations_total',
      // Both webhooks judge every object: the endpoint label keeps /validate and /mutate apart.
      help: 'Policy violations found, by endpoint, policy id, mode and evidence',
      labelNames: ['endpoint', 'policy', 'mode', 'evidence'],
      registers: [registry],
    }),
    bundleInfo: new Gauge({
      name: 'profilegate_policy_bundle_info',
      help: 'The policy bundle revision in force (value 1)',
      labelNames: ['revision'],
      registers: [registry],
    }),
    bundleLoads: new Counter({
      name: 'profilegate_policy_bundle_loads_total',
      help: 'Policy bundle loads, by result (success or failure)',
      labelNames: ['result'],
      registers: [registry],
    }),
    certificateReloads: new Counter({
      name: 'profilegate_certificate_reloads_total',
      help: 'Serving certificate reloads, by result (success or failure)',
      labelNames: ['result'],
      registers: [registry],
    }),
    clientCertificateRefusals: new Counter({
      name: 'profilegate_client_certificate_refusals_total',
      help: 'Admission requests refused for their client certificate (server.tls.clientAuth), by reason: missing, untrusted or name',
      labelNames: ['reason'],
      registers: [registry],
    }),
    informers: createInformerMetrics(registry),
  };
}
