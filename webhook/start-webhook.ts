/**
 * Starts a webhook from a parsed configuration: loads the bundle, opens the profile and
 * namespace sources, serves HTTPS. Used by main.ts and by the integration tests, so the
 * tests exercise the same wiring as production. Everything that talks to the API server is
 * imported only when kubernetes.enabled: @kubernetes/client-node alone adds about 80 MiB of
 * resident memory (BENCHMARKS.md, idle RSS), which a webhook without a cluster need not carry.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import type { Config } from '../src/config/config-schema.js';
import { NO_NAMESPACE_LABELS, type ReviewDependencies } from '../src/review/review-dependencies.js';
import type { Logger } from './logger.js';
import { createMetrics, type WebhookMetrics } from './metrics.js';
import { PolicyBundleSlot } from './policy-bundle-slot.js';
import { BundlePoller } from './bundle/bundle-poller.js';
import { verifyArchiveSignature } from '../src/policy/bundle-signature.js';
import { ensureDevCertificate, type CertificateFiles } from './tls/dev-certificate.js';
import { readServingMaterial, watchKeyPair, type ServingFiles } from './tls/tls-reloader.js';
import { requireClientCertificate } from './http/client-certificate.js';
import { retireConnectionsOnReload } from './tls/connection-retirement.js';
import { createApp, type AppOptions, type CertificateStatus } from './http/create-app.js';
import { drain, listen } from './https-server.js';
import type { InformerOptions } from './informer/restarting-informer.js';
import { openProfileSource } from './profile-source.js';
import { verifyPatches } from '../src/hardening/verify-patches.js';
import { EvaluationPool } from './evaluation/evaluation-pool.js';
import { listenMetrics } from './metrics-server.js';

export interface RunningWebhook {
  port: number;
  /** The metrics listener's port; undefined when server.metrics.enabled is false. */
  metricsPort: number | undefined;
  metrics: WebhookMetrics;
  bundle: PolicyBundleSlot;
  /** Stops accepting, drains in-flight reviews, closes watchers and informers. */
  stop(): Promise<void>;
}

async function servingFiles(config: Config, logger: Logger): Promise<ServingFiles> {
  const { certFile, keyFile, clientAuth } = config.server.tls;
  const client = clientAuth ? { clientCaFile: clientAuth.caFile } : {};
  if (certFile && keyFile) return { certFile, keyFile, ...client };
  const files: CertificateFiles = await ensureDevCertificate(config.server.tls.devCertDir);
  logger.warn({ ...files }, 'no TLS files configured: serving a self-signed development certificate');
  return { ...files, ...client };
}

async function kubeConfigOf(config: Config): Promise<KubeConfig | undefined> {
  if (!config.kubernetes.enabled) return undefined;
  const { KubeConfig } = await import('@kubernetes/client-node');
  const kc = new KubeConfig();
  if (config.kubernetes.kubeconfig) kc.loadFromFile(config.kubernetes.kubeconfig);
  else kc.loadFromDefault();
  return kc;
}

/** The namespace informer and the label cache it keeps, listed once before admission starts. */
async function openNamespaceLabels(kubeConfig: KubeConfig, informerOptions: Omit<InformerOptions, 'name'>) {
  const { NamespaceLabelCache, namespaceInformer } = await import('./namespace-informer.js');
  const labels = new NamespaceLabelCache();
  const namespaces = namespaceInformer(kubeConfig, labels, informerOptions);
  await namespaces.start();
  return { labels, namespaces };
}

export interface StartOptions {
  extraRoutes?: AppOptions['extraRoutes'];
}

export async function startWebhook(
  config: Config,
  logger: Logger,
  options: StartOptions = {},
): Promise<RunningWebhook> {
  const metrics = createMetrics();
  const pool = new EvaluationPool(config.evaluation, logger);
  const verification = config.bundle.verification;
  const bundle = new PolicyBundleSlot({
    logger,
    metrics,
    loadEngine: (archive, source) => pool.load(archive, source),
    check: verification && ((archive, source) => verifyArchiveSignature(archive, verification, source)),
  });
  // From a bundle server the webhook starts unready and keeps polling: until a bundle is in
  // force every review is answered by the failure rule. From a file it must load at once.
  const poller = config.bundle.service && new BundlePoller(config.bundle.service, bundle, logger, metrics);
  if (poller) {
    await poller.start();
  } else {
    if (!(await bundle.loadFile(config.bundle.path))) {
      await pool.close();
      throw new Error(`cannot start without a policy bundle (${config.bundle.path})`);
    }
    if (config.bundle.watch) bundle.watchFile(config.bundle.path);
  }
  const bundleStatus = () => ({ ...bundle.describe(), ...(poller ? { service: poller.describe() } : {}) });

  const kubeConfig = await kubeConfigOf(config);
  const informerOptions: Omit<InformerOptions, 'name'> = {
    backoff: {
      initialMs: config.kubernetes.retryInitialSeconds * 1000,
      maxMs: config.kubernetes.retryMaxSeconds * 1000,
      jitter: 0.2,
    },
    watchTimeoutSeconds: config.kubernetes.watchTimeoutSeconds,
    logger,
    metrics: metrics.informers,
  };
  const { labels, namespaces } = kubeConfig
    ? await openNamespaceLabels(kubeConfig, informerOptions)
    : { labels: undefined, namespaces: undefined };
  const profiles = await openProfileSource(config, kubeConfig, logger, informerOptions);
  const exceptions =
    kubeConfig && config.exceptions.enabled
      ? await (
          await import('./exception-source.js')
        ).openClusterExceptions(config, kubeConfig, logger, informerOptions)
      : undefined;
  const informers = () =>
    [namespaces?.status(), profiles.informer?.(), exceptions?.informer()].filter((h) => h !== undefined);

  const deps: ReviewDependencies = {
    config,
    engine: bundle.current,
    namespaces: labels ?? NO_NAMESPACE_LABELS,
    profiles: profiles.lookup,
    ...(exceptions ? { exceptions: exceptions.source } : {}),
    patchVerifier: { verify: verifyPatches },
  };
  // Its informers' health is logged and counted but does not gate /readyz: admission must not
  // wait on the audit's caches (a kind it may not list would otherwise block every deploy).
  const audit =
    kubeConfig && config.reports.background.enabled
      ? await (
          await import('./audit/start-background-audit.js')
        ).startBackgroundAudit({
          config,
          kubeConfig,
          deps,
          logger,
          metrics,
          informerOptions,
          bundleRevision: () => bundle.describe().revision,
          ...(profiles.onChange ? { onProfileChange: profiles.onChange } : {}),
          ...(exceptions ? { onExceptionChange: exceptions.onChange } : {}),
        })
      : undefined;
  let accepting = true;
  // The serving pair's last reload; a failed one keeps the previous pair in use and shows here.
  let certificate: CertificateStatus = {};
  const app = createApp({
    deps,
    logger,
    metrics,
    maxBodyBytes: config.server.maxBodyBytes,
    bundleStatus,
    certificateStatus: () => certificate,
    informerStatus: informers,
    accepting: () => accepting,
    ...(config.server.tls.clientAuth
      ? { clientAuth: requireClientCertificate(config.server.tls.clientAuth, logger, metrics) }
      : {}),
    ...(options.extraRoutes ? { extraRoutes: options.extraRoutes } : {}),
  });

  const files = await servingFiles(config, logger);
  const { server, port } = await listen(app, {
    host: config.server.host,
    port: config.server.port,
    ...readServingMaterial(files),
    requestTimeoutMs: config.server.requestTimeoutSeconds * 1000,
    headersTimeoutMs: config.server.headersTimeoutSeconds * 1000,
    maxConnections: config.server.maxConnections,
  });
  const retirement = retireConnectionsOnReload(server);
  const tls = watchKeyPair(server, files, logger, (ok, error) => {
    metrics.certificateReloads.inc({ result: ok ? 'success' : 'failure' });
    // Kept-alive connections would serve the old pair for as long as the API server reuses them,
    // hiding a bad rotation: each closes after its next response (connection-retirement.ts).
    if (ok) retirement.retire();
    certificate = ok
      ? { reloadedAt: new Date().toISOString() }
      : { ...certificate, lastError: error?.message ?? 'unreadable key pair' };
  });
  const metricsSettings = config.server.metrics;
  const metricsListener = metricsSettings.enabled
    ? await listenMetrics(metrics, metricsSettings.host ?? config.server.host, metricsSettings.port, logger)
    : undefined;
  logger.info({ host: config.server.host, port, mode: config.mode, level: config.level }, 'listening');

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      // Readiness fails first; the listener keeps serving through the drain window.
      accepting = false;
      await new Promise((r) => setTimeout(r, config.server.drainSeconds * 1000));
      tls.close();
      bundle.close();
      poller?.stop();
      await drain(server, config.server.shutdownGraceSeconds * 1000);
      await Promise.allSettled([
        namespaces?.stop(),
        audit?.stop(),
        profiles.close(),
        exceptions?.close(),
        pool.close(),
        metricsListener?.close(),
      ]);
    })();
    return stopping;
  };
  return { port, metricsPort: metricsListener?.port, metrics, bundle, stop };
}
