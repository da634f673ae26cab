/** The informer over every namespace's PolicyExceptions (needs list+watch RBAC on them). */
import { CustomObjectsApi, Watch, type KubeConfig } from '@kubernetes/client-node';
import type { CachedExceptionStore, StoredException } from '../src/exception/cached-exception-store.js';
import {
  EXCEPTION_API_GROUP,
  EXCEPTION_PLURAL,
  EXCEPTION_VERSION,
} from '../src/exception/policy-exception.js';
import { RestartingInformer, type InformerOptions, type ListResult } from './informer/restarting-informer.js';

export function exceptionInformer(
  kubeConfig: KubeConfig,
  store: CachedExceptionStore,
  options: Omit<InformerOptions, 'name'>,
): RestartingInformer<StoredException> {
  const api = kubeConfig.makeApiClient(CustomObjectsApi);
  const list = async (): Promise<ListResult<StoredException>> =>
    (await api.listClusterCustomObject({
      group: EXCEPTION_API_GROUP,
      version: EXCEPTION_VERSION,
      plural: EXCEPTION_PLURAL,
    })) as ListResult<StoredException>;
  return new RestartingInformer(
    { path: `/apis/${EXCEPTION_API_GROUP}/${EXCEPTION_VERSION}/${EXCEPTION_PLURAL}`, list },
    new Watch(kubeConfig),
    store,
    { ...options, name: 'policyexceptions' },
  );
}
