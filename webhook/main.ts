/**
 * Composition root of the webhook: the only place that reads process.env and installs
 * signal handlers. SIGTERM drains in-flight reviews before the process exits.
 */
import { loadConfig } from './config-loader.js';
import { createLogger } from './logger.js';
import { startWebhook } from './start-webhook.js';
import { InvalidConfigError } from '../src/config/config-schema.js';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger(config.logLevel);
  const webhook = await startWebhook(config, logger);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.info({ signal }, 'shutting down: draining in-flight reviews');
      void webhook.stop().finally(() => {
        logger.info('stopped');
        process.exit(0);
      });
    });
  }
}

main().catch((error: unknown) => {
  const message =
    error instanceof InvalidConfigError
      ? error.message
      : `profilegate webhook failed to start: ${String(error)}`;
  process.stderr.write(`${message}\n`);
  process.exit(1);
});
