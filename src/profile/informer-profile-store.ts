/**
 * A ProfileStore over an informer cache of WorkloadProfile objects: the informer lists and
 * watches in the background; `get` answers from memory, so admission never waits for the API
 * server. Each object is validated with parseWorkloadProfile as it arrives; an invalid one is
 * reported through `onInvalid` and not used (a previous valid version of it is forgotten too:
 * deciding on an object the agent has since replaced would be deciding on stale data).
 *
 * The index key is the workload the profile describes (namespace/kind/name), kept apart from
 * the object's own namespace/name so a MODIFIED event that changes spec.workload or a DELETED
 * event removes the right entry.
 */
import {
  CustomObjectsApi,
  makeInformer,
  type Informer,
  type KubeConfig,
  type KubernetesObject,
  type KubernetesListObject,
} from '@kubernetes/client-node';
import { InvalidProfileError, parseWorkloadProfile } from './parse-profile.js';
import { keyOf, profileKey, type ProfileKey, type ProfileStore } from './profile-store.js';
import { PROFILE_API_GROUP, type WorkloadProfile } from './workload-profile.js';

export const PROFILE_PLURAL = 'workloadprofiles';
export const PROFILE_VERSION = 'v1alpha1';

export type InvalidProfileHandler = (error: InvalidProfileError) => void;

export class InformerProfileStore implements ProfileStore {
  private readonly byKey = new Map<string, WorkloadProfile>();
  /** Object identity (namespace/name) → index key, for updates and deletes. */
  private readonly keyOfObject = new Map<string, string>();

  constructor(
    private readonly informer: Informer<KubernetesObject>,
    private readonly onInvalid: InvalidProfileHandler = () => undefined,
  ) {
    informer.on('add', (obj) => {
      this.upsert(obj);
    });
    informer.on('update', (obj) => {
      this.upsert(obj);
    });
    informer.on('delete', (obj) => {
      this.remove(obj);
    });
  }

  start(): Promise<void> {
    return this.informer.start();
  }

  stop(): Promise<void> {
    return this.informer.stop();
  }

  get(key: ProfileKey): WorkloadProfile | undefined {
    return this.byKey.get(keyOf(key));
  }

  get size(): number {
    return this.byKey.size;
  }

  private upsert(obj: KubernetesObject): void {
    const identity = identityOf(obj);
    this.remove(obj);
    let profile: WorkloadProfile;
    try {
      profile = parseWorkloadProfile(obj, `WorkloadProfile ${identity}`);
    } catch (error) {
      if (!(error instanceof InvalidProfileError)) throw error;
      this.onInvalid(error);
      return;
    }
    const key = keyOf(profileKey(profile, obj.metadata?.namespace ?? ''));
    this.byKey.set(key, profile);
    this.keyOfObject.set(identity, key);
  }

  private remove(obj: KubernetesObject): void {
    const identity = identityOf(obj);
    const key = this.keyOfObject.get(identity);
    if (key === undefined) return;
    this.byKey.delete(key);
    this.keyOfObject.delete(identity);
  }
}

function identityOf(obj: KubernetesObject): string {
  return `${obj.metadata?.namespace ?? ''}/${obj.metadata?.name ?? ''}`;
}

/** The informer over every namespace's WorkloadProfiles (needs list+watch RBAC on them). */
export function workloadProfileInformer(kubeConfig: KubeConfig): Informer<KubernetesObject> {
  const api = kubeConfig.makeApiClient(CustomObjectsApi);
  const path = `/apis/${PROFILE_API_GROUP}/${PROFILE_VERSION}/${PROFILE_PLURAL}`;
  const list = async (): Promise<KubernetesListObject<KubernetesObject>> =>
    (await api.listClusterCustomObject({
      group: PROFILE_API_GROUP,
      version: PROFILE_VERSION,
      plural: PROFILE_PLURAL,
    })) as KubernetesListObject<KubernetesObject>;
  return makeInformer(kubeConfig, path, list);
}
