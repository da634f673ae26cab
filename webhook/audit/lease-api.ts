/**
 * The LeaseApi of lease-elector.ts over coordination.k8s.io/v1, as plain JSON through
 * CustomObjectsApi (the typed client's model classes would need converting both ways).
 */
import { CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import type { Lease, LeaseApi } from './lease-elector.js';

function isNotFound(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 404;
}

/** MicroTime is RFC 3339 with exactly six fractional digits; toISOString gives three. */
function microTime(time: string | undefined): string | undefined {
  return time === undefined ? undefined : new Date(time).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

function body(lease: Lease): Record<string, unknown> {
  const spec = lease.spec ?? {};
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: lease.metadata,
    spec: { ...spec, acquireTime: microTime(spec.acquireTime), renewTime: microTime(spec.renewTime) },
  };
}

export function leaseApi(kubeConfig: KubeConfig, namespace: string, name: string): LeaseApi {
  const api = kubeConfig.makeApiClient(CustomObjectsApi);
  const at = { group: 'coordination.k8s.io', version: 'v1', namespace, plural: 'leases' };
  return {
    async get() {
      try {
        return (await api.getNamespacedCustomObject({ ...at, name })) as Lease;
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    },
    async create(lease) {
      return (await api.createNamespacedCustomObject({ ...at, body: body(lease) })) as Lease;
    },
    async replace(lease) {
      return (await api.replaceNamespacedCustomObject({ ...at, name, body: body(lease) })) as Lease;
    },
  };
}
