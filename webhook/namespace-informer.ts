/**
 * Namespace labels from an informer cache: the admission path reads memory, never the
 * API server. Until the first list completes, labels are unknown and global settings apply.
 */
import { CoreV1Api, Watch, type KubeConfig } from '@kubernetes/client-node';
import type { NamespaceLabels } from '../src/review/review-dependencies.js';
import {
  RestartingInformer,
  type InformerOptions,
  type InformerSink,
} from './informer/restarting-informer.js';

/** What the cache reads of a Namespace. */
export interface NamespaceObject {
  metadata?: { name?: string; labels?: Record<string, string>; resourceVersion?: string };
}

/** name → labels, replaced wholesale on every list. */
export class NamespaceLabelCache implements NamespaceLabels, InformerSink<NamespaceObject> {
  private labels = new Map<string, Record<string, string>>();

  labelsOf(namespace: string): Record<string, string> | undefined {
    return this.labels.get(namespace);
  }

  replace(namespaces: NamespaceObject[]): void {
    this.labels = new Map();
    for (const ns of namespaces) this.upsert(ns);
  }

  upsert(ns: NamespaceObject): void {
    if (ns.metadata?.name) this.labels.set(ns.metadata.name, ns.metadata.labels ?? {});
  }

  remove(ns: NamespaceObject): void {
    if (ns.metadata?.name) this.labels.delete(ns.metadata.name);
  }
}

export function namespaceInformer(
  kubeConfig: KubeConfig,
  cache: NamespaceLabelCache,
  options: Omit<InformerOptions, 'name'>,
): RestartingInformer<NamespaceObject> {
  const api = kubeConfig.makeApiClient(CoreV1Api);
  return new RestartingInformer(
    { path: '/api/v1/namespaces', list: () => api.listNamespace() },
    new Watch(kubeConfig),
    cache,
    { ...options, name: 'namespaces' },
  );
}
