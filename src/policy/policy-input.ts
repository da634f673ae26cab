/**
 * The one `input` document every Rego policy sees (docs/policy-contract.md).
 * Built only by buildPolicyInput so the webhook and the CLI give policies the same view.
 */
import type {
  ContainerProfile,
  Observation,
  ProfilePhase,
  WorkloadKind,
} from '../profile/workload-profile.js';

import type { Level, Mode } from '../config/config-schema.js';

export type { Level, Mode };

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

export interface PolicyRequest {
  uid: string;
  kind: GroupVersionKind;
  resource: { group: string; version: string; resource: string };
  subResource?: string;
  namespace: string;
  name: string;
  operation: 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';
  userInfo: { username?: string; groups?: string[] };
  dryRun: boolean;
  object: Record<string, unknown> | null;
  oldObject: Record<string, unknown> | null;
}

/** The pod template of any workload kind, normalised so a rule is written once. */
export interface WorkloadView {
  kind: WorkloadKind;
  name: string;
  namespace: string;
  podMetadata: { labels: Record<string, string>; annotations: Record<string, string> };
  podSpec: Record<string, unknown>;
  /** JSON Pointer of the pod spec inside request.object, e.g. /spec/template/spec. */
  podSpecPointer: string;
}

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
}

export interface PolicyConfigView {
  mode: Mode;
  level: Level;
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
