/**
 * The one `input` document every Rego policy sees (docs/policy-contract.md).
 * Built only by buildPolicyInput so the webhook and the CLI give policies the same view.
 */
import type { AdmissionRequest } from '../admission/admission-review.js';
import type { WorkloadView } from '../admission/workload-view.js';
import type { ProfileView } from '../profile/profile-view.js';
import type { Level, Mode } from '../config/config-schema.js';
import type { LevelVersion } from '../config/level-version.js';

/** The AdmissionRequest with its optional fields filled in, so a rule never tests for absence. */
export interface PolicyRequest {
  uid: string;
  kind: AdmissionRequest['kind'];
  resource: AdmissionRequest['resource'];
  subResource?: string;
  namespace: string;
  name: string;
  operation: AdmissionRequest['operation'];
  userInfo: { username?: string; groups?: string[] };
  dryRun: boolean;
  object: Record<string, unknown> | null;
  oldObject: Record<string, unknown> | null;
}

export interface PolicyConfigView {
  mode: Mode;
  level: Level;
  /**
   * The Pod Security Standards version the PSS rules apply ("latest" or "v1.N", after the
   * namespace label), as PSA's enforce-version; policies/rego/lib/pss_version.rego reads it.
   */
  levelVersion: LevelVersion;
  /** Policy parameters passed as data (allowed capabilities, hostPath prefixes, ...). */
  parameters: Record<string, unknown>;
}

export interface PolicyInput {
  request: PolicyRequest;
  workload: WorkloadView | null;
  profile: ProfileView | null;
  namespace: { name: string; labels: Record<string, string> };
  config: PolicyConfigView;
}
