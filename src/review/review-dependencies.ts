/** Everything a review needs, each as a small interface the shell or a test provides. */
import type { Config } from '../config/config-schema.js';
import type { PolicyEngine } from '../policy/wasm-engine.js';
import type { PolicyInput } from '../policy/policy-input.js';
import type { Violation } from '../policy/violation.js';
import type { ProfileView } from '../profile/profile-view.js';
import type { WorkloadView } from '../admission/workload-view.js';
import type { DroppedPatch } from '../patch/patch-operation.js';
import type { ExceptionSource } from '../exception/exception-source.js';

export interface NamespaceLabels {
  /** Labels of a namespace, or undefined when unknown (no cluster, or not yet synced). */
  labelsOf(namespace: string): Record<string, string> | undefined;
}

export interface ProfileLookup {
  /**
   * The judged profile of a workload, or null when there is none. `objectMetadata` is the
   * request object's metadata (owner references lead a Pod to its Deployment).
   * Must not call the API server.
   */
  profileFor(workload: WorkloadView, objectMetadata: Record<string, unknown>): ProfileView | null;
  /**
   * Why no profile may be trusted right now (the profile cache is not synced or too old), or
   * undefined. While set, profileFor judges every profile stale, so runtime findings only warn.
   */
  distrust?(): string | undefined;
}

export interface PatchVerifier {
  /**
   * Keeps only patches that tighten and preserve observed behaviour (src/hardening). Returns
   * the same findings in the same order; a finding whose patch failed keeps an empty patch.
   */
  verify<T extends Violation>(
    input: PolicyInput,
    violations: T[],
  ): { violations: T[]; dropped: DroppedPatch[] };
}

export interface ReviewDependencies {
  config: Config;
  /** The bundle in force; undefined until the first bundle has loaded. */
  engine(): PolicyEngine | undefined;
  namespaces: NamespaceLabels;
  profiles: ProfileLookup;
  patchVerifier: PatchVerifier;
  /** PolicyExceptions by namespace (src/decision/policy-exceptions.ts); none when unset. */
  exceptions?: ExceptionSource;
}

export const NO_NAMESPACE_LABELS: NamespaceLabels = { labelsOf: () => undefined };
export const NO_PROFILES: ProfileLookup = { profileFor: () => null };
