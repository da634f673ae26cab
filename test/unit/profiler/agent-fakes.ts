/** In-memory stand-ins for the API the node agent calls: owner lookups and profile writes. */
import type { WorkloadProfile } from '../../../src/profile/workload-profile.js';
import type { ProfileApi } from '../../../bpf-profiler/agent/profile-writer.js';
import { ApiStatusError } from '../../../bpf-profiler/agent/api-status-error.js';
import type { ObjectWithOwners, OwnerLookup } from '../../../bpf-profiler/agent/workload-resolver.js';
import { NodeAgent } from '../../../bpf-profiler/agent/node-agent.js';

export class FakeOwners implements OwnerLookup {
  constructor(private readonly objects: Record<string, ObjectWithOwners>) {}
  getOwner(namespace: string, kind: string, name: string): Promise<ObjectWithOwners | undefined> {
    return Promise.resolve(this.objects[`${namespace}/${kind}/${name}`]);
  }
}

export class FakeProfiles implements ProfileApi {
  readonly store = new Map<string, WorkloadProfile>();
  conflictsToInject = 0;
  writes = 0;
  get(namespace: string, name: string): Promise<WorkloadProfile | undefined> {
    const p = this.store.get(`${namespace}/${name}`);
    return Promise.resolve(p === undefined ? undefined : structuredClone(p));
  }
  create(p: WorkloadProfile): Promise<void> {
    return this.put(p);
  }
  replace(p: WorkloadProfile): Promise<void> {
    return this.put(p);
  }
  private put(p: WorkloadProfile): Promise<void> {
    if (this.conflictsToInject > 0) {
      this.conflictsToInject--;
      return Promise.reject(new ApiStatusError(409, 'Conflict'));
    }
    this.writes++;
    this.store.set(`${p.metadata.namespace ?? ''}/${p.metadata.name}`, structuredClone(p));
    return Promise.resolve();
  }
}

/** A NodeAgent whose API knows no pods or owners and stores nothing: for loop tests. */
export function offlineAgent(now?: () => Date): NodeAgent {
  return new NodeAgent({
    node: 'n1',
    pods: { podByUid: () => Promise.resolve(undefined) },
    owners: new FakeOwners({}),
    profiles: new FakeProfiles(),
    ...(now === undefined ? {} : { now }),
  });
}
