/** The informer over every namespace's WorkloadProfiles (needs list+watch RBAC on them). */
import { CustomObjectsApi, Watch, type KubeConfig } from '@kubernetes/client-node';
import {
  PROFILE_PLURAL,
  PROFILE_VERSION,
  type CachedProfileStore,
  type StoredObject,
} from '../src/profile/cached-profile-store.js';
import { PROFILE_API_GROUP } from '../src/profile/workload-profile.js';
import { RestartingInformer, type InformerOptions, type ListResult } from './informer/restarting-informer.js';

export function profileInformer(
  kubeConfig: KubeConfig,
  store: CachedProfileStore,
  options: Omit<InformerOptions, 'name'>,
): RestartingInformer<StoredObject> {
  const api = kubeConfig.makeApiClient(CustomObjectsApi);
  const list = async (): Promise<ListResult<StoredObject>> =>
    (await api.listClusterCustomObject({
      group: PROFILE_API_GROUP,
      version: PROFILE_VERSION,
      plural: PROFILE_PLURAL,
    })) as ListResult<StoredObject>;
  return new RestartingInformer(
    { path: `/apis/${PROFILE_API_GROUP}/${PROFILE_VERSION}/${PROFILE_PLURAL}`, list },
    new Watch(kubeConfig),
    store,
    { ...options, name: 'workloadprofiles' },
  );
}
