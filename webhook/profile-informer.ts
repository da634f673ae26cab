/** The informer over every namespace's WorkloadProfiles (needs list+watch RBAC on them). */
import type { KubeConfig } from '@kubernetes/client-node';
import {
  PROFILE_PLURAL,
  PROFILE_VERSION,
  type CachedProfileStore,
  type StoredObject,
} from '../src/profile/cached-profile-store.js';
import { PROFILE_API_GROUP } from '../src/profile/workload-profile.js';
import type { InformerOptions, RestartingInformer } from './informer/restarting-informer.js';
import { customObjectInformer } from './custom-object-informer.js';

export function profileInformer(
  kubeConfig: KubeConfig,
  store: CachedProfileStore,
  options: Omit<InformerOptions, 'name'>,
): RestartingInformer<StoredObject> {
  const resource = { group: PROFILE_API_GROUP, version: PROFILE_VERSION, plural: PROFILE_PLURAL };
  return customObjectInformer(kubeConfig, resource, store, options);
}
