/**
 * Limits checked before evaluation, so a request too large to judge is answered by the failure
 * rule with a message naming the limit, rather than by whatever the engine does with it.
 */
import type { WorkloadView } from '../admission/workload-view.js';
import type { Config } from '../config/config-schema.js';
import { EvaluationLimitError } from '../policy/policy-errors.js';

const CONTAINER_LISTS = ['containers', 'initContainers', 'ephemeralContainers'] as const;

export function checkRequestLimits(workload: WorkloadView | null, config: Config): void {
  if (!workload) return;
  const count = CONTAINER_LISTS.reduce((n, list) => {
    const containers = workload.podSpec[list];
    return n + (Array.isArray(containers) ? containers.length : 0);
  }, 0);
  const limit = config.evaluation.maxContainers;
  if (count > limit) {
    throw new EvaluationLimitError(
      'evaluation.maxContainers',
      `the pod spec has ${count} containers; ProfileGate judges at most ${limit} (evaluation.maxContainers)`,
    );
  }
}
