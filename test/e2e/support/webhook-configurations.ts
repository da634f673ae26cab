import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';

/** The in-cluster webhook configurations; the harness derives its variant from these. */
export const MANIFEST_DIR = join(import.meta.dirname, '..', '..', '..', 'manifests', 'webhook');

export type FailurePolicy = 'Fail' | 'Ignore';

export interface UrlVariant {
  /** Base URL of the running webhook, e.g. https://127.0.0.1:8443 */
  readonly baseUrl: string;
  /** PEM of the CA that signed the webhook's serving certificate. */
  readonly caPem: string;
  /** 'as-configured' keeps each webhook's own (the deploy/overlays/<mode> ones differ per webhook). */
  readonly failurePolicy: FailurePolicy | 'as-configured';
}

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const KINDS = new Set(['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration']);

/** The webhook configurations in rendered multi-document YAML (e.g. `kubectl kustomize` output). */
export function webhookConfigurationsIn(yaml: string): Json[] {
  return parseAllDocuments(yaml)
    .map((doc) => doc.toJS() as unknown)
    .filter((v): v is Json => isRecord(v) && typeof v['kind'] === 'string' && KINDS.has(v['kind']));
}

/** Every webhook configuration document in manifests/webhook/. */
export async function loadWebhookConfigurations(dir = MANIFEST_DIR): Promise<Json[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.yaml')).sort();
  const configs: Json[] = [];
  for (const file of files) {
    for (const doc of parseAllDocuments(await readFile(join(dir, file), 'utf8'))) {
      const value: unknown = doc.toJS();
      if (isRecord(value) && typeof value['kind'] === 'string' && KINDS.has(value['kind'])) {
        configs.push(value);
      }
    }
  }
  if (configs.length === 0) throw new Error(`no webhook configurations in ${dir}`);
  return configs;
}

/**
 * The URL variant of one in-cluster configuration: clientConfig.service becomes a url on the
 * webhook's loopback address (same path) with the CA bundle; the CA-injection annotation goes,
 * and every webhook gets the requested failurePolicy. Everything else stays as in the manifest.
 */
export function toUrlVariant(config: Json, variant: UrlVariant): Json {
  const copy = structuredClone(config);
  const metadata = isRecord(copy['metadata']) ? copy['metadata'] : {};
  const annotations = isRecord(metadata['annotations']) ? metadata['annotations'] : {};
  delete annotations['cert-manager.io/inject-ca-from'];
  const webhooks = Array.isArray(copy['webhooks']) ? (copy['webhooks'] as unknown[]) : [];
  for (const webhook of webhooks) {
    if (!isRecord(webhook) || !isRecord(webhook['clientConfig'])) {
      throw new Error(`webhook without clientConfig in ${String(metadata['name'])}`);
    }
    const service = webhook['clientConfig']['service'];
    const path = isRecord(service) && typeof service['path'] === 'string' ? service['path'] : '/';
    webhook['clientConfig'] = {
      url: `${variant.baseUrl}${path}`,
      caBundle: Buffer.from(variant.caPem).toString('base64'),
    };
    if (variant.failurePolicy !== 'as-configured') webhook['failurePolicy'] = variant.failurePolicy;
  }
  return copy;
}

/** All configurations of manifests/webhook/ as one multi-document YAML for `kubectl apply`. */
export async function urlVariantManifest(variant: UrlVariant, dir = MANIFEST_DIR): Promise<string> {
  const configs = await loadWebhookConfigurations(dir);
  return configs.map((c) => stringify(toUrlVariant(c, variant))).join('---\n');
}
