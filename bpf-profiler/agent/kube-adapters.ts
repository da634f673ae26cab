/**
 * The real cluster behind the agent's interfaces: owner lookups (ReplicaSets, Jobs, …) and the
 * WorkloadProfile API. Owners are read through a bounded read-through cache rather than a
 * cluster-wide informer: ReplicaSets cannot be filtered to a node, and caching every ReplicaSet
 * of a large cluster on every node would break the agent's 64 MB budget. A controller reference
 * does not change once set, so cached entries stay right; they expire so deleted owners go.
 */
import { PROFILE_API_GROUP, type WorkloadProfile } from '../../src/profile/workload-profile.js';
import type { KubeClient } from './kube-client.js';
import type { ProfileApi } from './profile-writer.js';
import type { ObjectWithOwners, OwnerLookup } from './workload-resolver.js';

/** The kinds workload-resolver.ts looks up (the intermediate controllers), nothing more: RBAC matches. */
const OWNER_PATHS: Record<string, string> = {
  ReplicaSet: 'apis/apps/v1/namespaces/{ns}/replicasets',
  Job: 'apis/batch/v1/namespaces/{ns}/jobs',
};

interface CacheEntry {
  value: ObjectWithOwners | undefined;
  expires: number;
}

export class KubeOwnerLookup implements OwnerLookup {
  private readonly cache = new Map<string, CacheEntry>();

  constructor(
    private readonly client: KubeClient,
    private readonly ttlMs = 10 * 60_000,
    private readonly maxEntries = 2048,
    private readonly now: () => number = Date.now,
  ) {}

  async getOwner(namespace: string, kind: string, name: string): Promise<ObjectWithOwners | undefined> {
    const template = OWNER_PATHS[kind];
    if (template === undefined) return undefined;
    const id = `${namespace}/${kind}/${name}`;
    const hit = this.cache.get(id);
    if (hit !== undefined && hit.expires > this.now()) return hit.value;
    const path = `/${template.replace('{ns}', encodeURIComponent(namespace))}/${encodeURIComponent(name)}`;
    const object = (await this.client.get(path)) as ObjectWithOwners | undefined;
    const value: ObjectWithOwners | undefined =
      object === undefined
        ? undefined
        : {
            metadata: {
              name,
              namespace,
              ownerReferences: (object.metadata?.ownerReferences ?? []).map((r) => ({
                kind: r.kind,
                name: r.name,
                ...(r.controller === undefined ? {} : { controller: r.controller }),
              })),
            },
          };
    if (this.cache.size >= this.maxEntries) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    this.cache.set(id, { value, expires: this.now() + this.ttlMs });
    return value;
  }
}

export class KubeProfileApi implements ProfileApi {
  constructor(
    private readonly client: KubeClient,
    private readonly version = 'v1alpha1',
  ) {}

  private collection(namespace: string): string {
    return `/apis/${PROFILE_API_GROUP}/${this.version}/namespaces/${encodeURIComponent(namespace)}/workloadprofiles`;
  }

  async get(namespace: string, name: string): Promise<WorkloadProfile | undefined> {
    const object = await this.client.get(`${this.collection(namespace)}/${encodeURIComponent(name)}`);
    return object as WorkloadProfile | undefined;
  }

  async create(profile: WorkloadProfile): Promise<void> {
    const namespace = profile.metadata.namespace ?? 'default';
    await this.client.post(this.collection(namespace), profile);
  }

  /** PUT with the resourceVersion the profile was read with: 409 when someone wrote in between. */
  async replace(profile: WorkloadProfile): Promise<void> {
    const namespace = profile.metadata.namespace ?? 'default';
    await this.client.put(
      `${this.collection(namespace)}/${encodeURIComponent(profile.metadata.name)}`,
      profile,
    );
  }
}
