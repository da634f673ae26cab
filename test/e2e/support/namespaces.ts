import type { Kubectl } from './kubectl.js';
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
  return createNamespace(kubectl, `e2e-${mode}`, labels);
}
