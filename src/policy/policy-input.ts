/**
 * The one `input` document every Rego policy sees (docs/policy-contract.md).
 * Built only by buildPolicyInput so the webhook and the CLI give policies the same view.
 */
import type { WorkloadView } from '../admission/workload-view.js';
import type { ProfileView } from '../profile/profile-view.js';

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
