/**
 * The webhook deployed as users deploy it: `kubectl kustomize deploy/overlays/<mode>` applied
 * as rendered, with two substitutions. The image is the locally built one (no registry:
 * scripts/build-webhook-image.sh, imagePullPolicy Never). cert-manager does not run here, so the
 * harness does what it would: the serving Secret `profilegate-webhook-tls` (tls.crt, tls.key,
 * ca.crt, type kubernetes.io/tls) from a CA of its own, and that CA as the caBundle of every
 * webhook configuration that carries `cert-manager.io/inject-ca-from` (the CA injector's job).
 * The profiler DaemonSet is left out: the agent runs on the node as a process (node-agent.ts).
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { REPO_ROOT } from '../../e2e/support/webhook-process.js';
import { createCertificateAuthority, createServingCertificate } from '../../support/pki.js';
import { importImage } from './containerd.js';
import type { NodeEnvironment } from './node-environment.js';

const run = promisify(execFile);

export const WEBHOOK_NAMESPACE = 'profilegate-system';
export const WEBHOOK_DEPLOYMENT = 'profilegate-webhook';
export const WEBHOOK_IMAGE = 'profilegate.local/profilegate:test';
const SERVICE_DNS = [
  `DNS:${WEBHOOK_DEPLOYMENT}.${WEBHOOK_NAMESPACE}.svc`,
  `DNS:${WEBHOOK_DEPLOYMENT}.${WEBHOOK_NAMESPACE}.svc.cluster.local`,
];

type Manifest = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; annotations?: Record<string, string> };
} & Record<string, unknown>;

/** Builds the image from this checkout's dist/ (npm run build first) and imports it. */
export async function buildWebhookImage(env: NodeEnvironment): Promise<void> {
  const archive = join(env.dir, 'webhook-image.tar');
  await run('bash', [join(REPO_ROOT, 'scripts', 'build-webhook-image.sh'), archive, WEBHOOK_IMAGE], {
    maxBuffer: 1 << 24,
  });
  await importImage(env.containerd, archive);
}

/**
 * What the node suite changes in the overlay's configuration: agent profiles count as evidence
 * after seconds, not an hour (the agent's learning window is seconds too, node-agent.ts).
 */
export interface WebhookSettings {
  readonly minObservedAgentSeconds: number;
}

function withSettings(configYaml: string, settings: WebhookSettings): string {
  const config = parse(configYaml) as { profiles?: Record<string, unknown> };
  config.profiles = {
    ...config.profiles,
    evidence: { minObservedSeconds: { agent: settings.minObservedAgentSeconds } },
  };
  return stringify(config);
}

/** The rendered overlay with the local image, without cert-manager's objects and the DaemonSet. */
function adapt(documents: Manifest[], caBundle: string, settings: WebhookSettings): Manifest[] {
  return documents
    .filter((d) => !d.apiVersion.startsWith('cert-manager.io/'))
    .filter((d) => !(d.kind === 'DaemonSet' && d.metadata.name === 'profilegate-profiler'))
    .map((d) => {
      if (d.kind === 'Deployment' && d.metadata.name === WEBHOOK_DEPLOYMENT) {
        const spec = d['spec'] as { template: { spec: { containers: Record<string, unknown>[] } } };
        for (const container of spec.template.spec.containers) {
          container['image'] = WEBHOOK_IMAGE;
          container['imagePullPolicy'] = 'Never';
        }
      }
      if (d.kind === 'ConfigMap' && d.metadata.name === 'profilegate-config') {
        const data = d['data'] as Record<string, string>;
        data['config.yaml'] = withSettings(data['config.yaml'] ?? '', settings);
      }
      if (d.metadata.annotations?.['cert-manager.io/inject-ca-from'] !== undefined) {
        for (const webhook of d['webhooks'] as { clientConfig: Record<string, unknown> }[]) {
          webhook.clientConfig['caBundle'] = caBundle;
        }
      }
      return d;
    });
}

/**
 * Applies the overlay for `mode` and waits until the webhook Deployment is available (its
 * readiness probe passes: policies loaded, informers synced).
 */
export async function deployWebhook(
  env: NodeEnvironment,
  mode: 'audit' | 'warn' | 'enforce',
  settings: WebhookSettings,
): Promise<void> {
  const { kubectl } = env;
  const rendered = (await kubectl.ok(['kustomize', join(REPO_ROOT, 'deploy', 'overlays', mode)])).stdout;
  const documents = parseAllDocuments(rendered).map((d) => d.toJS() as Manifest);
  const ca = await createCertificateAuthority(env.dir, 'profilegate-ca');
  const serving = await createServingCertificate(ca, env.dir, 'profilegate-webhook', SERVICE_DNS);
  const manifests = adapt(documents, Buffer.from(ca.pem).toString('base64'), settings);
  // The namespace first: the Secret lives in it, and the pods mount the Secret.
  const namespaceDocs = manifests.filter(
    (d) => d.kind === 'Namespace' || d.kind === 'CustomResourceDefinition',
  );
  await kubectl.ok(['apply', '-f', '-'], namespaceDocs.map((d) => stringify(d)).join('---\n'));
  const secret = {
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'kubernetes.io/tls',
    metadata: { name: 'profilegate-webhook-tls', namespace: WEBHOOK_NAMESPACE },
    data: {
      'tls.crt': (await readFile(serving.certFile)).toString('base64'),
      'tls.key': (await readFile(serving.keyFile)).toString('base64'),
      'ca.crt': Buffer.from(ca.pem).toString('base64'),
    },
  };
  await kubectl.ok(['apply', '-f', '-'], stringify(secret));
  await kubectl.ok(['apply', '-f', '-'], manifests.map((d) => stringify(d)).join('---\n'));
  await kubectl.ok([
    'rollout',
    'status',
    `deployment/${WEBHOOK_DEPLOYMENT}`,
    '-n',
    WEBHOOK_NAMESPACE,
    '--timeout=180s',
  ]);
}
