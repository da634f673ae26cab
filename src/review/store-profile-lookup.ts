/**
 * Finds a workload's profile in a ProfileStore (the workload itself, or the controller
 * its owner references lead to) and judges its maturity at the time of the review. A store
 * that may have stopped following its source (the webhook's informer cache) passes
 * `distrust`: while it names a reason, every profile is judged stale for that reason.
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
    private readonly distrustOf: () => string | undefined = () => undefined,
  ) {}

  profileFor(workload: WorkloadView, objectMetadata: Record<string, unknown>): ProfileView | null {
    const candidates = workloadCandidates(workload.kind, workload.name, objectMetadata);
    const profile = findProfile(this.store, workload.namespace, candidates);
    const view = judgeProfile(profile, workload, this.now(), { maxAgeHours: this.maxAgeHours });
    const reason = this.distrustOf();
    return view && reason !== undefined ? { ...view, maturity: 'stale', maturityReason: reason } : view;
  }

  distrust(): string | undefined {
    return this.distrustOf();
  }
}
