/**
 * Where the admission path finds a workload's profile. Implementations answer from memory
 * (an informer cache, files loaded at start-up): `get` never calls the API server, so a slow
 * or unreachable API server cannot slow admission down.
 */
import type { WorkloadKind, WorkloadProfile } from './workload-profile.js';

export interface ProfileKey {
  namespace: string;
  kind: WorkloadKind;
  name: string;
}

export interface ProfileStore {
  get(key: ProfileKey): WorkloadProfile | undefined;
}

/** Index key: profiles are matched on the workload they describe, not on their object name. */
export function keyOf(key: ProfileKey): string {
  return `${key.namespace}/${key.kind}/${key.name}`;
}

/** The key a stored profile answers to; `fallbackNamespace` for files that omit metadata.namespace. */
export function profileKey(profile: WorkloadProfile, fallbackNamespace: string): ProfileKey {
  return {
    namespace: profile.metadata.namespace ?? fallbackNamespace,
    kind: profile.spec.workload.kind,
    name: profile.spec.workload.name,
  };
}

/** A fixed set of profiles in memory: for tests and for `profilegate eval --profile`. */
export class StaticProfileStore implements ProfileStore {
  private readonly byKey = new Map<string, WorkloadProfile>();

  constructor(profiles: Iterable<WorkloadProfile>, fallbackNamespace = 'default') {
    for (const p of profiles) this.byKey.set(keyOf(profileKey(p, fallbackNamespace)), p);
  }

  get(key: ProfileKey): WorkloadProfile | undefined {
    return this.byKey.get(keyOf(key));
  }
}
