/**
 * Composition root of the webhook: the only place that reads process.env, installs
 * signal handlers and wires the core (src/) to the shell (webhook/).
 */
import { KubeConfig } from '@kubernetes/client-node';
import { loadConfig } from './config-loader.js';
import { createLogger, type Logger } from './logger.js';
import { createMetrics } from './metrics.js';
import { PolicyBundleSlot } from './policy-bundle-slot.js';
import { ensureDevCertificate, type CertificateFiles } from './tls/dev-certificate.js';
import { readKeyPair, watchKeyPair } from './tls/tls-reloader.js';
import { createApp } from './http/create-app.js';
import { drain, listen } from './https-server.js';
import { NamespaceInformer } from './namespace-informer.js';
import { openProfileSource } from './profile-source.js';
import { NO_NAMESPACE_LABELS, type ReviewDependencies } from '../src/review/review-dependencies.js';
import { InvalidConfigError, type Config } from '../src/config/config-schema.js';
import { createPatchVerifier } from './patch-verifier.js';

async function certificateFiles(config: Config, logger: Logger): Promise<CertificateFiles> {
  const { certFile, keyFile } = config.server.tls;
  if (certFile && keyFile) return { certFile, keyFile };
  const files = await ensureDevCertificate(config.server.tls.devCertDir);
  logger.warn({ ...files }, 'no TLS files configured: serving a self-signed development certificate');
  return files;
}

function kubeConfigOf(config: Config): KubeConfig | undefined {
  if (!config.kubernetes.enabled) return undefined;
  const kc = new KubeConfig();
  if (config.kubernetes.kubeconfig) kc.loadFromFile(config.kubernetes.kubeconfig);
  else kc.loadFromDefault();
  return kc;
}

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger(config.logLevel);
  const metrics = createMetrics();

  const bundle = new PolicyBundleSlot(config.bundle.path, logger, metrics);
  if (!(await bundle.load())) throw new Error(`cannot start without a policy bundle (${config.bundle.path})`);
  if (config.bundle.watch) bundle.watch();

  const kubeConfig = kubeConfigOf(config);
  const namespaces = kubeConfig ? new NamespaceInformer(kubeConfig, logger) : undefined;
  await namespaces?.start();
  const profiles = await openProfileSource(config, kubeConfig, logger);

  const deps: ReviewDependencies = {
    config,
    engine: bundle.current,
    namespaces: namespaces ?? NO_NAMESPACE_LABELS,
    profiles: profiles.lookup,
    patchVerifier: createPatchVerifier(),
  };
  let accepting = true;
  const app = createApp({
    deps,
    logger,
    metrics,
    maxBodyBytes: config.server.maxBodyBytes,
    bundleStatus: () => bundle.describe(),
    accepting: () => accepting,
  });

  const files = await certificateFiles(config, logger);
  const { server, port } = await listen(app, {
    host: config.server.host,
    port: config.server.port,
    ...readKeyPair(files),
  });
  const tls = watchKeyPair(server, files, logger, (ok) =>
    metrics.certificateReloads.inc({ result: ok ? 'success' : 'failure' }),
  );
  logger.info({ host: config.server.host, port, mode: config.mode, level: config.level }, 'listening');

  const shutdown = async (signal: string) => {
    if (!accepting) return;
    accepting = false;
    logger.info({ signal }, 'shutting down: draining in-flight reviews');
    tls.close();
    bundle.close();
    await drain(server, config.server.shutdownGraceSeconds * 1000);
    await Promise.allSettled([namespaces?.stop(), profiles.close()]);
    logger.info('stopped');
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => void shutdown(signal).finally(() => process.exit(0)));
  }
}

main().catch((error: unknown) => {
  if (error instanceof InvalidConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(
      `profilegate webhook failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
  }
  process.exit(1);
});
