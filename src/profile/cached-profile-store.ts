/**
 * A ProfileStore over a cache of WorkloadProfile objects that something else keeps current (the
 * webhook's informer, webhook/profile-informer.ts): `get` answers from memory, so admission never
 * waits for the API server. Each object is validated with parseWorkloadProfile as it arrives; an
 * invalid one is reported through `onInvalid` and not used (a previous valid version of it is
 * forgotten too: deciding on an object the agent has since replaced would be deciding on stale
 * data).
 *
 * The index key is the workload the profile describes (namespace/kind/name), kept apart from
 * the object's own namespace/name so a MODIFIED event that changes spec.workload or a DELETED
 * event removes the right entry.
 */
import { InvalidProfileError, parseWorkloadProfile } from './parse-profile.js';
import { keyOf, profileKey, type ProfileKey, type ProfileStore } from './profile-store.js';
import type { WorkloadProfile } from './workload-profile.js';

export const PROFILE_PLURAL = 'workloadprofiles';
export const PROFILE_VERSION = 'v1alpha1';

/** What the cache reads of an API object before validating it. */
export interface StoredObject {
  metadata?: { namespace?: string; name?: string; resourceVersion?: string };
}

export type InvalidProfileHandler = (error: InvalidProfileError) => void;

export class CachedProfileStore implements ProfileStore {
  private readonly byKey = new Map<string, WorkloadProfile>();
  /** Object identity (namespace/name) → index key, for updates and deletes. */
  private readonly keyOfObject = new Map<string, string>();

  /** Heard with the workload key (namespace/kind/name) of every profile added, changed or removed. */
  private readonly listeners: ((key: string) => void)[] = [];

  constructor(private readonly onInvalid: InvalidProfileHandler = () => undefined) {}

  onChange(listener: (key: string) => void): void {
    this.listeners.push(listener);
  }

  private changed(key: string): void {
    for (const listener of this.listeners) listener(key);
  }

  get(key: ProfileKey): WorkloadProfile | undefined {
    return this.byKey.get(keyOf(key));
  }

  get size(): number {
    return this.byKey.size;
  }

  /** The full set after a list: whatever is not in it was deleted meanwhile. */
  replace(objects: StoredObject[]): void {
    const before = [...this.byKey.keys()];
    this.byKey.clear();
    this.keyOfObject.clear();
    for (const obj of objects) this.upsert(obj);
    for (const key of before) if (!this.byKey.has(key)) this.changed(key);
  }

  upsert(obj: StoredObject): void {
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
    this.changed(key);
  }

  remove(obj: StoredObject): void {
    const identity = identityOf(obj);
    const key = this.keyOfObject.get(identity);
    if (key === undefined) return;
    this.byKey.delete(key);
    this.keyOfObject.delete(identity);
    this.changed(key);
  }
}

function identityOf(obj: StoredObject): string {
  return `${obj.metadata?.namespace ?? ''}/${obj.metadata?.name ?? ''}`;
}
