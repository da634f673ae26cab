/**
 * The one rule that decides whether a runtime finding may deny or patch: the gaps between what
 * its conclusion needs and what the profile can prove. No gap: the finding follows its mode.
 * Any gap: it only warns, and its message names each gap.
 *
 *   evidenceGaps(view, finding, minimums) → string[]
 *
 * - the profile must be complete: a stale one's reason is a gap (too old, another image, a
 *   cache that stopped following the API server), and so is a learning one's when nothing
 *   below already says why (a producer that writes `learning` names the same gaps);
 * - the observation and every container involved must be sufficient
 *   (src/profile/evidence-sufficiency.ts: how the recording ended, the minimums, lost events,
 *   the image digest);
 * - no fact the rule relies on may be in a container's `incomplete` (cut to fit its bound, so
 *   its absence proves nothing);
 * - no fact it relies on may be a blind spot of the source (src/profile/provenance.ts).
 *
 * The facts come from the rule's METADATA (`custom.reliesOn`, carried by the violation); a
 * runtime finding that names none is taken to rely on every fact. Containers: the finding's
 * own, or every profiled container of the pod for a pod-level finding (the token, host
 * namespaces).
 */
import type { EvidenceMinimums } from './evidence-sufficiency.js';
import { containerGaps, imageBindingGap, observationGaps } from './evidence-sufficiency.js';
import type { ProfileView } from './profile-view.js';
import { blindSpotsAmong, EvidenceFact } from './provenance.js';

export interface RuntimeFinding {
  containers: readonly string[];
  reliesOn?: readonly EvidenceFact[] | undefined;
}

export function evidenceGaps(
  view: ProfileView,
  finding: RuntimeFinding,
  minimums: EvidenceMinimums,
): string[] {
  const facts = finding.reliesOn ?? EvidenceFact.options;
  const names = finding.containers.length > 0 ? finding.containers : Object.keys(view.images);
  const gaps = observationGaps(view, minimums);
  for (const name of names) {
    const container = view.containers[name];
    if (container === undefined) continue; // an unprofiled container makes the profile stale
    gaps.push(...containerGaps(container, minimums));
    const binding = imageBindingGap(container, view.images[name]);
    if (binding !== undefined) gaps.push(binding);
    for (const field of container.incomplete ?? []) {
      if (facts.includes(field)) {
        gaps.push(`container "${name}" observed more ${field} than the profile holds (incomplete)`);
      }
    }
  }
  if (view.source !== undefined) gaps.push(...blindSpotsAmong(view.source.type, facts));
  const maturity =
    view.maturity === 'stale' || (view.maturity === 'learning' && gaps.length === 0)
      ? [view.maturityReason]
      : [];
  return [...new Set([...maturity, ...gaps])];
}

/** The message of a finding that may only warn for want of evidence. */
export function withEvidenceGaps(message: string, gaps: readonly string[]): string {
  return gaps.length === 0 ? message : `${message}; insufficient evidence to enforce: ${gaps.join('; ')}`;
}
