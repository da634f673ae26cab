/**
 * Writes a contribution into the cluster without losing anyone else's: read, merge, replace
 * with the resourceVersion read (optimistic concurrency); on 409 Conflict read again and retry.
 * Create when missing; on 409 AlreadyExists (another node created it first) merge into theirs.
 */
import type { WorkloadProfile } from '../../src/profile/workload-profile.js';
import { parseWorkloadProfile } from '../../src/profile/parse-profile.js';
import { judgeLearning, type LearningCriteria } from './learning-window.js';
import { mergeContribution, type Contribution } from './profile-merge.js';
import { ApiStatusError } from './api-status-error.js';

/** The API calls the writer needs; `status` is a 404/409 code on a failed call. */
export interface ProfileApi {
  get(namespace: string, name: string): Promise<WorkloadProfile | undefined>;
  create(profile: WorkloadProfile): Promise<void>;
  replace(profile: WorkloadProfile): Promise<void>;
}

export class ProfileWriteConflictError extends Error {
  override readonly name = 'ProfileWriteConflictError';
}

export async function writeContribution(
  api: ProfileApi,
  empty: WorkloadProfile,
  contribution: Contribution,
  criteria?: LearningCriteria,
  attempts = 5,
): Promise<WorkloadProfile> {
  const namespace = empty.metadata.namespace ?? 'default';
  for (let attempt = 0; attempt < attempts; attempt++) {
    const stored = await api.get(namespace, empty.metadata.name);
    const base = stored ?? empty;
    const merged = mergeContribution(base, contribution);
    const next = parseWorkloadProfile(
      { ...merged, status: judgeLearning(merged, criteria) },
      `${namespace}/${empty.metadata.name}`,
    );
    try {
      if (stored === undefined) await api.create(next);
      else await api.replace(next);
      return next;
    } catch (error) {
      if (error instanceof ApiStatusError && error.status === 409) continue;
      throw error;
    }
  }
  throw new ProfileWriteConflictError(
    `${namespace}/${empty.metadata.name}: still conflicting after ${attempts} attempts`,
  );
}
