/**
 * For the agent's e2e test: the shared webhook is swapped for one that reads WorkloadProfiles
 * from the API server (`profiles.source: cluster`), with the same serving certificate, and
 * registered in its place; `restore` brings the shared one back the way failure-policy does.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { E2eEnvironment } from './e2e-environment.js';
import { waitUntilWebhookCalled } from './readiness.js';
import { loadWebhookConfigurations, urlVariantManifest } from './webhook-configurations.js';
import { startWebhook, type RunningWebhook } from './webhook-process.js';

export interface ProfileWebhook {
  webhook: RunningWebhook;
  /** Unregisters the mutating configuration: only the validating webhook decides. */
  removeMutation(): Promise<void>;
  restore(): Promise<void>;
}

/** The agent observes for seconds here, not the default hour: the test lowers the minimum. */
export const TEST_EVIDENCE = { minObservedSeconds: { agent: 0 } };

export async function swapInProfileWebhook(
  env: E2eEnvironment,
  evidence: Record<string, unknown> = TEST_EVIDENCE,
): Promise<ProfileWebhook> {
  const tlsDir = join(env.dir, 'webhook-tls');
  await env.stopWebhook();
  const webhook = await startWebhook({
    cert: { certFile: join(tlsDir, 'webhook.crt'), keyFile: join(tlsDir, 'webhook.key') },
    mode: 'enforce',
    kubeconfig: env.kubeconfig,
    logFile: join(env.dir, 'profiler-webhook.log'),
    port: 0,
    config: { profiles: { source: 'cluster', evidence }, kubernetes: { enabled: true } },
  });
  const manifest = await urlVariantManifest({
    baseUrl: webhook.baseUrl,
    caPem: await readFile(join(tlsDir, 'webhook-ca.crt'), 'utf8'),
    failurePolicy: 'Fail',
  });
  await env.kubectl.ok(['apply', '-f', '-'], manifest);
  return {
    webhook,
    removeMutation: async () => {
      for (const config of await loadWebhookConfigurations()) {
        const metadata = config['metadata'] as { name?: string } | undefined;
        if (config['kind'] === 'MutatingWebhookConfiguration' && metadata?.name !== undefined) {
          await env.kubectl.ok(['delete', 'mutatingwebhookconfiguration', metadata.name]);
        }
      }
    },
    restore: async () => {
      await webhook.process.stop();
      if (!env.webhookRunning) await env.startWebhook('enforce');
      await env.registerWebhook('Fail');
      await waitUntilWebhookCalled(env);
    },
  };
}
