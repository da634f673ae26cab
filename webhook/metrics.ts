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
  bundleDownloads: Counter<'result'>;
  certificateReloads: Counter<'result'>;
  clientCertificateRefusals: Counter<'reason'>;
  audit: {
    leader: Gauge;
    judged: Counter;
    reportWrites: Counter<'outcome'>;
    scanSeconds: Histogram;
    queued: Gauge;
  };
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
    bundleDownloads: new Counter({
      name: 'profilegate_policy_bundle_downloads_total',
      help: 'Polls of the bundle service (bundle.service), by result: updated, unchanged, refused (downloaded but not loaded) or failed',
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
    audit: {
      leader: new Gauge({
        name: 'profilegate_audit_leader',
        help: '1 while this replica holds the background audit Lease and writes the reports',
        registers: [registry],
      }),
      judged: new Counter({
        name: 'profilegate_audit_objects_judged_total',
        help: 'Objects the background audit judged',
        registers: [registry],
      }),
      reportWrites: new Counter({
        name: 'profilegate_audit_report_writes_total',
        help: 'Report writes of the background audit, by outcome (created, updated, deleted, unchanged, failed)',
        labelNames: ['outcome'],
        registers: [registry],
      }),
      scanSeconds: new Histogram({
        name: 'profilegate_audit_scan_seconds',
        help: 'Duration of one background audit step (judging a batch and writing its reports)',
        buckets: [0.01, 0.05, 0.1, 0.5, 1, 2, 5, 10],
        registers: [registry],
      }),
      queued: new Gauge({
        name: 'profilegate_audit_queued_objects',
        help: 'Objects waiting to be judged by the background audit',
        registers: [registry],
      }),
    },
    informers: createInformerMetrics(registry),
  };
}
