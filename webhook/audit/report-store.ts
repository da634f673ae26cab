/** The background audit's reports as the API server holds them (CustomObjectsApi, one format). */
import { CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import type { ReportFormat } from '../../src/config/config-schema.js';
import type { PolicyReport } from '../../src/report/policy-report.js';
import type { ReportStore } from './background-audit.js';

const PLURALS: Record<ReportFormat, string> = {
  'wgpolicyk8s.io/v1alpha2': 'policyreports',
  'openreports.io/v1alpha1': 'reports',
};

function isNotFound(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 404;
}

export function reportStore(kubeConfig: KubeConfig, format: ReportFormat): ReportStore {
  const api = kubeConfig.makeApiClient(CustomObjectsApi);
  const [group, version] = format.split('/') as [string, string];
  const plural = PLURALS[format];
  const at = (namespace: string) => ({ group, version, namespace, plural });
  return {
    async get(namespace, name) {
      try {
        return (await api.getNamespacedCustomObject({ ...at(namespace), name })) as PolicyReport & {
          metadata: { resourceVersion?: string };
        };
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    },
    async create(report) {
      await api.createNamespacedCustomObject({ ...at(report.metadata.namespace ?? ''), body: report });
    },
    async replace(report, resourceVersion) {
      const body = { ...report, metadata: { ...report.metadata, resourceVersion } };
      await api.replaceNamespacedCustomObject({
        ...at(report.metadata.namespace ?? ''),
        name: report.metadata.name,
        body,
      });
    },
    async remove(namespace, name) {
      try {
        await api.deleteNamespacedCustomObject({ ...at(namespace), name });
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    },
  };
}
