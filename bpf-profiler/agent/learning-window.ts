/**
 * When a profile is `complete`: observed long enough, across enough pods, with nothing lost.
 * A profile that lost events stays `learning` for good (it cannot prove a privilege unused);
 * the operator deletes it to start over.
 */
import type { WorkloadProfile } from '../../src/profile/workload-profile.js';

export interface LearningCriteria {
  minDurationMs: number;
  minPods: number;
}

export const DEFAULT_CRITERIA: LearningCriteria = { minDurationMs: 24 * 3600_000, minPods: 2 };

function hours(ms: number): string {
  return `${Math.floor(ms / 3600_000)}h${Math.floor((ms % 3600_000) / 60_000)}m`;
}

export function judgeLearning(
  profile: WorkloadProfile,
  criteria: LearningCriteria = DEFAULT_CRITERIA,
): WorkloadProfile['status'] {
  const o = profile.spec.observation;
  const duration = Date.parse(o.lastSeen) - Date.parse(o.firstSeen);
  const facts =
    `observed ${o.podsObserved} pods on ${o.nodesObserved.length} nodes for ${hours(duration)}, ` +
    `${o.eventsLost} events lost`;
  if (o.eventsLost > 0) return { phase: 'learning', reason: `${facts}: events were lost` };
  if (duration < criteria.minDurationMs) {
    return { phase: 'learning', reason: `${facts}: needs ${hours(criteria.minDurationMs)}` };
  }
  if (o.podsObserved < criteria.minPods) {
    return { phase: 'learning', reason: `${facts}: needs ${criteria.minPods} pods` };
  }
  return { phase: 'complete', reason: facts };
}
