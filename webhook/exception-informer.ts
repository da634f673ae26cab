/** The informer over every namespace's PolicyExceptions (needs list+watch RBAC on them). */
import type { KubeConfig } from '@kubernetes/client-node';
import type { CachedExceptionStore, StoredException } from '../src/exception/cached-exception-store.js';
import {
  EXCEPTION_API_GROUP,
  EXCEPTION_PLURAL,
  EXCEPTION_VERSION,
} from '../src/exception/policy-exception.js';
import type { InformerOptions, RestartingInformer } from './informer/restarting-informer.js';
import { customObjectInformer } from './custom-object-informer.js';

export function exceptionInformer(
  kubeConfig: KubeConfig,
  store: CachedExceptionStore,
  options: Omit<InformerOptions, 'name'>,
): RestartingInformer<StoredException> {
  const resource = { group: EXCEPTION_API_GROUP, version: EXCEPTION_VERSION, plural: EXCEPTION_PLURAL };
  return customObjectInformer(kubeConfig, resource, store, options);
}
