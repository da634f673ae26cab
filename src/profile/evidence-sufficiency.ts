/**
 * Evidence sufficiency: whether what a profile recorded can justify a runtime deny or patch at
 * all, whatever the rule. Each function returns what is missing, as message fragments a user
 * reads ("the recording exited with status 3"); an empty list means sufficient.
 *
 * - the observation: the source is recorded; a recording ended as expected (exit status 0, or
 *   a signal listed as expected: a command that failed is no evidence of what it needs); it
 *   lasted the source's minimum; an agent profile saw the minimum of pods; no kernel event was
 *   lost;
 * - each container: at least the minimum of syscalls and executables (an import whose container
 *   is only `{name: web}` proves nothing);
 * - the image: the pod's image pins a digest (`name@sha256:…`) equal to the one the profile
 *   recorded; a tag names no particular bytes, so a tag-only image never gets a runtime deny.
 *
 * The webhook, `profilegate eval`, `audit` and `verify` apply these through
 * src/profile/evidence-gaps.ts; `profilegate profile` applies the first two to the phase it
 * writes.
 */
import { imageDigest, sameDigest } from './image-digest.js';
import type { ContainerProfile, Observation, ProfileSource, ProfileSourceType } from './workload-profile.js';

/** The configurable minimums (config `profiles.evidence`, docs/configuration.md). */
export interface EvidenceMinimums {
  /** Observation window (lastSeen − firstSeen) per source, in seconds. */
  minObservedSeconds: Record<ProfileSourceType, number>;
  /** Pods an agent profile must have observed. */
  minPodsObserved: number;
  minSyscalls: number;
  minExecutables: number;
  /** Signals that end a recording as expected (a server stopped by its test). */
  expectedSignals: string[];
}

export const DEFAULT_EVIDENCE_MINIMUMS: EvidenceMinimums = {
  minObservedSeconds: { agent: 3600, recording: 0, kubescape: 0 },
  minPodsObserved: 1,
  minSyscalls: 1,
  minExecutables: 1,
  expectedSignals: ['SIGTERM', 'SIGINT'],
};

export interface ObservedRecord {
  source?: ProfileSource | undefined;
  observation: Observation;
}

/** 0.8, 12, 3600: one decimal below ten seconds, whole seconds above. */
function seconds(value: number): string {
  return value < 10 ? String(Math.floor(value * 10) / 10) : String(Math.floor(value));
}

/** What the source, the end of the recording and the observation window lack. */
export function observationGaps(record: ObservedRecord, minimums: EvidenceMinimums): string[] {
  const { source, observation } = record;
  const gaps: string[] = [];
  if (source === undefined) {
    gaps.push('the profile does not record its source (spec.source)');
  } else {
    if (source.type === 'recording') gaps.push(...recordingEnd(source, minimums));
    const observed = (Date.parse(observation.lastSeen) - Date.parse(observation.firstSeen)) / 1000;
    const required = minimums.minObservedSeconds[source.type];
    if (observed < required)
      gaps.push(`observed ${seconds(Math.max(0, observed))} s of the required ${required} s`);
    if (source.type === 'agent' && observation.podsObserved < minimums.minPodsObserved) {
      gaps.push(`observed ${observation.podsObserved} pods of the required ${minimums.minPodsObserved}`);
    }
  }
  if (observation.eventsLost > 0) gaps.push(`${observation.eventsLost} kernel events were lost`);
  return gaps;
}

function recordingEnd(source: ProfileSource, minimums: EvidenceMinimums): string[] {
  if (source.exitSignal !== undefined) {
    return minimums.expectedSignals.includes(source.exitSignal)
      ? []
      : [`the recording was ended by ${source.exitSignal}`];
  }
  if (source.exitCode === undefined) return ['the recording does not record its exit status'];
  return source.exitCode === 0 ? [] : [`the recording exited with status ${source.exitCode}`];
}

/** What one container's record lacks: it must show the program ran at all. */
export function containerGaps(container: ContainerProfile, minimums: EvidenceMinimums): string[] {
  const who = `container "${container.name}"`;
  const gaps: string[] = [];
  const few = (count: number, required: number, none: string, what: string): void => {
    if (count >= required) return;
    gaps.push(
      count === 0
        ? `${who} recorded ${none}`
        : `${who} recorded ${count} ${what} of the required ${required}`,
    );
  };
  few(container.syscalls.length, minimums.minSyscalls, 'no syscalls', 'syscalls');
  few(container.executables.length, minimums.minExecutables, 'no exec', 'executables');
  return gaps;
}

/** Whether the container's image is the one the profile was recorded with, provably. */
export function imageBindingGap(
  container: ContainerProfile,
  podImage: string | undefined,
): string | undefined {
  const who = `container "${container.name}"`;
  const running = imageDigest(podImage);
  if (running === undefined) {
    return `${who} runs image "${podImage ?? ''}", which pins no digest (name@sha256:…)`;
  }
  if (container.imageDigest === undefined) return `the profile records no image digest for ${who}`;
  if (!sameDigest(running, container.imageDigest)) {
    return `${who} runs ${running}, not the profiled ${container.imageDigest}`;
  }
  return undefined;
}
