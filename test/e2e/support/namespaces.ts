import { readFixture } from './fixtures.js';
import { warningLines, type Kubectl } from './kubectl.js';
import { waitFor } from './wait.js';
import type { Mode } from './webhook-process.js';

export const MODE_LABEL = 'profilegate.dev/mode';
export const EXEMPT_LABEL = 'profilegate.dev/exempt';
export const LEVEL_LABEL = 'profilegate.dev/level';

let counter = 0;

/** Creates a namespace with a unique name and the given labels; returns its name. */
export async function createNamespace(
  kubectl: Kubectl,
  prefix: string,
  labels: Readonly<Record<string, string>> = {},
): Promise<string> {
  counter += 1;
  const name = `${prefix}-${counter}-${Math.random().toString(36).slice(2, 7)}`;
  const manifest = JSON.stringify({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, labels },
  });
  await kubectl.ok(['create', '-f', '-'], manifest);
  return name;
}

/** A namespace whose ProfileGate mode (and optionally Pod Security level) is set by label. */
export async function createModeNamespace(
  kubectl: Kubectl,
  mode: Mode,
  level?: 'baseline' | 'restricted',
): Promise<string> {
  const labels: Record<string, string> = { [MODE_LABEL]: mode };
  if (level !== undefined) labels[LEVEL_LABEL] = level;
  const name = await createNamespace(kubectl, `e2e-${mode}`, labels);
  await waitUntilWebhookSeesNamespaces(kubectl);
  return name;
}

/**
 * The webhook reads namespace labels from its informer, which may lag behind a namespace just
 * created. Watch events arrive in order, so once the webhook applies the labels of a sentinel
 * namespace created afterwards (warn mode: a privileged Pod gets warnings instead of the global
 * enforce denial), it knows every namespace created before it.
 */
export async function waitUntilWebhookSeesNamespaces(kubectl: Kubectl): Promise<void> {
  const sentinel = await createNamespace(kubectl, 'e2e-sentinel', { [MODE_LABEL]: 'warn' });
  const pod = await readFixture('privileged-pod.yaml');
  await waitFor(
    async () => {
      const result = await kubectl.apply(pod, sentinel, ['--dry-run=server']);
      return result.code === 0 && warningLines(result.stderr).length > 0 ? true : undefined;
    },
    { timeoutMs: 30_000, intervalMs: 200, what: `the webhook to see namespace ${sentinel}` },
  );
}
