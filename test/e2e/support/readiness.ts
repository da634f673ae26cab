import type { E2eEnvironment } from './e2e-environment.js';
import { readFixture } from './fixtures.js';
import { createModeNamespace } from './namespaces.js';
import { waitFor } from './wait.js';

export const VALIDATING_WEBHOOK = 'validate.profilegate.dev';

/**
 * Waits until the API server really calls the validating webhook: a server-side dry-run of a
 * privileged Pod in an enforce namespace is repeated until the webhook's denial shows.
 */
export async function waitUntilWebhookCalled(env: E2eEnvironment): Promise<void> {
  const namespace = await createModeNamespace(env.kubectl, 'enforce');
  const pod = await readFixture('privileged-pod.yaml');
  let last = '';
  try {
    await waitFor(
      async () => {
        const result = await env.kubectl.apply(pod, namespace, ['--dry-run=server']);
        last = result.output;
        return result.output.includes(`admission webhook "${VALIDATING_WEBHOOK}"`) ? true : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500, what: 'the API server to call the webhook' },
    );
  } catch (error) {
    throw new Error(
      `${(error as Error).message}\nlast kubectl output:\n${last}\nwebhook log:\n${env.webhookLogTail()}`,
      { cause: error },
    );
  }
}

/** Back to the suite's standard webhook (enforce, registered with Fail, answering), after a test changed it. */
export async function restoreStandardWebhook(env: E2eEnvironment): Promise<void> {
  await env.stopWebhook();
  await env.startWebhook('enforce');
  await env.registerWebhook('Fail');
  await waitUntilWebhookCalled(env);
}
