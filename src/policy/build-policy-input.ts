import type { AdmissionRequest } from '../admission/admission-review.js';
import type { Level, Mode } from '../config/config-schema.js';
import type { LevelVersion } from '../config/level-version.js';
import type { PolicyInput } from './policy-input.js';
import type { ProfileView } from '../profile/profile-view.js';
import type { WorkloadView } from '../admission/workload-view.js';

export interface PolicyInputParts {
  request: AdmissionRequest;
  workload: WorkloadView | null;
  profile: ProfileView | null;
  namespaceLabels: Record<string, string>;
  mode: Mode;
  level: Level;
  levelVersion: LevelVersion;
  parameters: Record<string, unknown>;
}

/** The one place the policy `input` is assembled (docs/policy-contract.md). */
export function buildPolicyInput(parts: PolicyInputParts): PolicyInput {
  const { request } = parts;
  return {
    request: {
      uid: request.uid,
      kind: request.kind,
      resource: request.resource,
      ...(request.subResource ? { subResource: request.subResource } : {}),
      namespace: request.namespace ?? '',
      name: request.name ?? '',
      operation: request.operation,
      userInfo: { username: request.userInfo.username, groups: request.userInfo.groups ?? [] },
      dryRun: request.dryRun ?? false,
      object: request.object ?? null,
      oldObject: request.oldObject ?? null,
    },
    workload: parts.workload,
    profile: parts.profile,
    namespace: { name: request.namespace ?? '', labels: parts.namespaceLabels },
    config: {
      mode: parts.mode,
      level: parts.level,
      levelVersion: parts.levelVersion,
      parameters: parts.parameters,
    },
  };
}
