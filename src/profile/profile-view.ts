/**
 * judgeProfile: turns a stored WorkloadProfile into the `input.profile` document policies read,
 * deciding how far it may be trusted (its maturity).
 *
 *   judgeProfile(profile, workload, now, options?) → ProfileView | null
 *
 * - `profile`  the WorkloadProfile found for the workload (undefined/null → returns null: the
 *              static rules decide alone);
 * - `workload` the normalised WorkloadView of the request (its pod spec gives the images);
 * - `now`      the evaluation time (passed in, never read from the clock, so tests are exact);
 * - `options`  `{ maxAgeHours }`, default 168 (7 days): a profile whose observation.lastSeen is
 *              older is stale.
 *
 * Maturity (docs/workload-profile.md#maturity), first match wins:
 *   stale    a container of the pod has no entry in the profile; or its image reference pins a
 *            digest (`@sha256:`) that differs from the profile's imageDigest; or lastSeen is older
 *            than maxAgeHours (or in the future beyond 5 minutes of clock skew);
 *   learning status.phase is `learning`, or observation.eventsLost > 0 (a profile that missed
 *            kernel events cannot prove a privilege unused);
 *   complete otherwise. Only `complete` allows deny and patch; the others only warn.
 *
 * Whether a complete profile's evidence suffices for one finding (how the recording ended, the
 * minimums, the image digest, the source's blind spots, cut fields) is decided per finding by
 * src/profile/evidence-gaps.ts, from the `source` and `images` this view carries.
 */
import type {
  ContainerProfile,
  Observation,
  ProfilePhase,
  ProfileSource,
  WorkloadProfile,
} from './workload-profile.js';
import { imageDigest, sameDigest } from './image-digest.js';
import { containersOf, str } from '../schema/pod-spec.js';

/** How far a profile may be trusted: only `complete` allows deny and patch. */
export type Maturity = 'complete' | 'learning' | 'stale';

export interface ProfileView {
  name: string;
  phase: ProfilePhase;
  maturity: Maturity;
  /** Why the maturity is what it is, e.g. "image digest differs for container web". */
  maturityReason: string;
  containers: Record<string, ContainerProfile>;
  observation: Observation;
  /** Observation window in whole hours, for evidence messages. */
  observedHours: number;
  /** Who observed it (spec.source); what it cannot see is in src/profile/provenance.ts. */
  source?: ProfileSource;
  /**
   * The image each profiled container of the pod runs, as its spec names it: evidence binds
   * to an image only through a digest (src/profile/evidence-sufficiency.ts).
   */
  images: Record<string, string | undefined>;
}

/** What maturity reads from the workload: the containers of its pod spec. */
export interface JudgedWorkload {
  podSpec: Record<string, unknown>;
}

export interface JudgeOptions {
  /** A profile not updated for longer than this is stale. */
  maxAgeHours: number;
}

export const DEFAULT_JUDGE_OPTIONS: JudgeOptions = { maxAgeHours: 7 * 24 };

const HOUR_MS = 3_600_000;
const CLOCK_SKEW_MS = 5 * 60_000;

export function judgeProfile(
  profile: WorkloadProfile | null | undefined,
  workload: JudgedWorkload,
  now: Date,
  options: Partial<JudgeOptions> = {},
): ProfileView | null {
  if (profile === null || profile === undefined) return null;
  const { maxAgeHours } = { ...DEFAULT_JUDGE_OPTIONS, ...options };
  const containers: Record<string, ContainerProfile> = {};
  for (const container of profile.spec.containers) containers[container.name] = container;

  const { observation } = profile.spec;
  const first = Date.parse(observation.firstSeen);
  const last = Date.parse(observation.lastSeen);
  const [maturity, maturityReason] = decide(profile, workload, containers, now.getTime(), last, maxAgeHours);
  const images: Record<string, string | undefined> = {};
  for (const { name, kind, spec } of containersOf(workload.podSpec)) {
    if (kind !== 'ephemeralContainers' && containers[name] !== undefined) images[name] = str(spec.image);
  }
  return {
    name: profile.metadata.name,
    phase: profile.status.phase,
    maturity,
    maturityReason,
    containers,
    observation,
    observedHours: Math.max(0, Math.floor((last - first) / HOUR_MS)),
    ...(profile.spec.source === undefined ? {} : { source: profile.spec.source }),
    images,
  };
}

function decide(
  profile: WorkloadProfile,
  workload: JudgedWorkload,
  containers: Record<string, ContainerProfile>,
  now: number,
  lastSeen: number,
  maxAgeHours: number,
): [Maturity, string] {
  // Ephemeral (debug) containers join running pods later and are never profiled.
  const profiled = containersOf(workload.podSpec).filter((c) => c.kind !== 'ephemeralContainers');
  for (const { name, spec } of profiled) {
    const image = str(spec.image);
    const observed = containers[name];
    if (observed === undefined) return ['stale', `container "${name}" is not in the profile`];
    const digest = imageDigest(image);
    if (
      digest !== undefined &&
      observed.imageDigest !== undefined &&
      !sameDigest(digest, observed.imageDigest)
    ) {
      return [
        'stale',
        `image digest of container "${name}" differs from the profiled ${observed.imageDigest}`,
      ];
    }
  }
  const ageHours = (now - lastSeen) / HOUR_MS;
  if (ageHours > maxAgeHours) {
    return ['stale', `last observed ${Math.floor(ageHours)}h ago (max ${maxAgeHours}h)`];
  }
  if (now - lastSeen < -CLOCK_SKEW_MS) return ['stale', 'observation.lastSeen is in the future'];
  const { eventsLost, podsObserved } = profile.spec.observation;
  if (profile.status.phase === 'learning') {
    return ['learning', profile.status.reason ?? `still learning (${podsObserved} pods observed)`];
  }
  if (eventsLost > 0) return ['learning', `${eventsLost} kernel events lost while observing`];
  return ['complete', profile.status.reason ?? `complete, ${podsObserved} pods observed`];
}
