/** Assembles a WorkloadProfile object and validates it against the contract before anyone writes it. */
import { parseWorkloadProfile } from '../../src/profile/parse-profile.js';
import {
  PROFILE_API_VERSION,
  PROFILE_KIND,
  profileName,
  type ContainerProfile,
  type ProfilePhase,
  type ProfileSource,
  type WorkloadKind,
  type WorkloadProfile,
} from '../../src/profile/workload-profile.js';

export interface ProfileParts {
  kind: WorkloadKind;
  name: string;
  namespace?: string;
  source: ProfileSource;
  containers: ContainerProfile[];
  firstSeen: Date;
  lastSeen: Date;
  podsObserved: number;
  nodesObserved: string[];
  eventsLost: number;
  phase: ProfilePhase;
  reason: string;
}

export function buildWorkloadProfile(parts: ProfileParts): WorkloadProfile {
  const document = {
    apiVersion: PROFILE_API_VERSION,
    kind: PROFILE_KIND,
    metadata: {
      name: profileName(parts.kind, parts.name),
      ...(parts.namespace === undefined ? {} : { namespace: parts.namespace }),
    },
    spec: {
      workload: { kind: parts.kind, name: parts.name },
      source: parts.source,
      containers: [...parts.containers].sort((a, b) => a.name.localeCompare(b.name)),
      observation: {
        firstSeen: parts.firstSeen.toISOString(),
        lastSeen: parts.lastSeen.toISOString(),
        podsObserved: parts.podsObserved,
        nodesObserved: [...new Set(parts.nodesObserved)].sort(),
        eventsLost: parts.eventsLost,
      },
    },
    status: { phase: parts.phase, reason: parts.reason },
  };
  return parseWorkloadProfile(document, `${parts.kind}/${parts.name}`);
}
