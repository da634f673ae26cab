/**
 * Finds a workload's profile in a ProfileStore (the workload itself, or the controller
 * its owner references lead to) and judges its maturity at the time of the review.
 */
import type { ProfileStore } from '../profile/profile-store.js';
import { findProfile, workloadCandidates } from '../profile/workload-owner.js';
import { judgeProfile } from '../profile/profile-view.js';
import type { ProfileLookup } from './review-dependencies.js';
import type { ProfileView } from '../profile/profile-view.js';
import type { WorkloadView } from '../admission/workload-view.js';

export class StoreProfileLookup implements ProfileLookup {
  constructor(
    private readonly store: ProfileStore,
    private readonly maxAgeHours: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  profileFor(workload: WorkloadView, objectMetadata: Record<string, unknown>): ProfileView | null {
    const candidates = workloadCandidates(workload.kind, workload.name, objectMetadata);
    const profile = findProfile(this.store, workload.namespace, candidates);
    return judgeProfile(profile, workload, this.now(), { maxAgeHours: this.maxAgeHours });
  }
}
