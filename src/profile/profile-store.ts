/**
 * Where the admission path finds a workload's profile. Implementations answer from memory
 * (an informer cache, files loaded at start-up): `get` never calls the API server, so a slow
 * or unreachable API server cannot slow admission down.
 */
import { ProfileLoadError } from './profile-files.js';
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

const ANY_NAMESPACE = '*';

/**
 * The one matching rule of every file-based store (the webhook's profile directory and
 * `profilegate eval --profile/--profile-dir`), so the CLI and the webhook pick the same profile:
 * a profile without metadata.namespace answers for its workload in every namespace; one with a
 * namespace only there, and wins over a namespace-less one. Two profiles of the same workload in
 * the same namespace are a problem to report: silently picking one would hide a mistake.
 */
export class ProfileIndex implements ProfileStore {
  private readonly byKey = new Map<string, WorkloadProfile>();
  private readonly origin = new Map<string, string>();

  /** Indexes the profile; returns the problem line when its workload is already indexed. */
  add(profile: WorkloadProfile, from: string): string | undefined {
    const key = keyOf(profileKey(profile, ANY_NAMESPACE));
    const previous = this.origin.get(key);
    if (previous !== undefined) return `${from}: profile of ${key} is already defined in ${previous}`;
    this.origin.set(key, from);
    this.byKey.set(key, profile);
    return undefined;
  }

  get(key: ProfileKey): WorkloadProfile | undefined {
    return this.byKey.get(keyOf(key)) ?? this.byKey.get(keyOf({ ...key, namespace: ANY_NAMESPACE }));
  }

  get size(): number {
    return this.byKey.size;
  }
}

/** A fixed set of profiles in memory (`profilegate eval --profile`, tests), matched as above. */
export class StaticProfileStore extends ProfileIndex {
  /** Throws ProfileLoadError when two profiles describe the same workload in one namespace. */
  constructor(profiles: Iterable<WorkloadProfile>) {
    super();
    const problems: string[] = [];
    let index = 0;
    for (const profile of profiles) {
      const problem = this.add(profile, `profile ${index++} (${profile.metadata.name})`);
      if (problem !== undefined) problems.push(problem);
    }
    if (problems.length > 0) throw new ProfileLoadError(problems);
  }
}
