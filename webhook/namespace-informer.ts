/**
 * Namespace labels from an informer cache: the admission path reads memory, never the
 * API server. Until the first list completes, labels are unknown and global settings apply.
 */
import {
  CoreV1Api,
  KubeConfig,
  makeInformer,
  type Informer,
  type V1Namespace,
} from '@kubernetes/client-node';
import type { NamespaceLabels } from '../src/review/review-dependencies.js';
import type { Logger } from './logger.js';

export class NamespaceInformer implements NamespaceLabels {
  private readonly labels = new Map<string, Record<string, string>>();
  private readonly informer: Informer<V1Namespace>;

  constructor(kubeConfig: KubeConfig, logger: Logger) {
    const api = kubeConfig.makeApiClient(CoreV1Api);
    this.informer = makeInformer(kubeConfig, '/api/v1/namespaces', () => api.listNamespace());
    const put = (ns: V1Namespace) => {
      if (ns.metadata?.name) this.labels.set(ns.metadata.name, ns.metadata.labels ?? {});
    };
    this.informer.on('add', put);
    this.informer.on('update', put);
    this.informer.on('delete', (ns) => {
      if (ns.metadata?.name) this.labels.delete(ns.metadata.name);
    });
    this.informer.on('error', (error: unknown) => {
      logger.warn({ err: error }, 'namespace watch failed; restarting in 2s');
      setTimeout(() => void this.informer.start().catch(() => undefined), 2000);
    });
  }

  start(): Promise<void> {
    return this.informer.start();
  }

  stop(): Promise<void> {
    return this.informer.stop();
  }

  labelsOf(namespace: string): Record<string, string> | undefined {
    return this.labels.get(namespace);
  }
}
