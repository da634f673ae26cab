/**
 * Runs one manifest through the same review the webhook runs (src/review/review-request.ts):
 * an AdmissionRequest is made up for a CREATE, then the validate and mutate endpoints answer.
 */
import type { AdmissionRequest } from '../../admission/admission-review.js';
import type { Config } from '../../config/config-schema.js';
import type { ModedViolation } from '../../decision/violation-mode.js';
import type { ExemptedViolation } from '../../decision/policy-exceptions.js';
import type { PolicyException } from '../../exception/policy-exception.js';
import { staticExceptions } from '../../exception/exception-source.js';
import type { Operation } from '../../patch/json-patch.js';
import type { PolicyEngine } from '../../policy/wasm-engine.js';
import { StaticProfileStore } from '../../profile/profile-store.js';
import type { WorkloadProfile } from '../../profile/workload-profile.js';
import { verifyPatches } from '../../hardening/verify-patches.js';
import { NO_NAMESPACE_LABELS, type ReviewDependencies } from '../../review/review-dependencies.js';
import { StoreProfileLookup } from '../../review/store-profile-lookup.js';
import { reviewRequest, type ReviewDecision, type ReviewOutcome } from '../../review/review-request.js';
import { requestForObject } from '../../review/request-for-object.js';

export interface EvalResult {
  /** e.g. "Deployment default/web". */
  resource: string;
  allowed: boolean;
  decision: ReviewDecision;
  mode: string | undefined;
  /** The denial message the API server would show, when denied. */
  message: string | undefined;
  warnings: string[];
  violations: ModedViolation[];
  /** Findings PolicyExceptions exempt (--exception, or the cluster's). */
  exempted: ExemptedViolation[];
  patch: Operation[];
  object: Record<string, unknown>;
  patched: unknown;
  /** The /mutate outcome (findings with verified patches): what reports are built from. */
  judged: ReviewOutcome;
}

export function evalDependencies(
  config: Config,
  engine: PolicyEngine,
  profiles: WorkloadProfile[],
  now = new Date(),
  exceptions: readonly PolicyException[] = [],
): ReviewDependencies {
  // The same profile lookup and patch verifier the webhook wires in webhook/start-webhook.ts.
  return {
    config,
    engine: () => engine,
    namespaces: NO_NAMESPACE_LABELS,
    profiles: new StoreProfileLookup(
      new StaticProfileStore(profiles),
      config.profiles.maxAgeHours,
      () => now,
    ),
    patchVerifier: { verify: verifyPatches },
    exceptions: staticExceptions(exceptions, () => now),
  };
}

export function admissionRequestFor(
  object: Record<string, unknown>,
  index: number,
  namespace: string,
): AdmissionRequest {
  return requestForObject(object, {
    uid: `profilegate-eval-${index}`,
    namespace,
    username: 'profilegate-eval',
  });
}

export async function evaluateManifest(
  request: AdmissionRequest,
  deps: ReviewDependencies,
): Promise<EvalResult> {
  const validated = await reviewRequest(request, 'validate', deps);
  const mutated = await reviewRequest(request, 'mutate', deps);
  if (validated.error) throw validated.error;
  const patch = mutated.response.patch
    ? (JSON.parse(Buffer.from(mutated.response.patch, 'base64').toString('utf8')) as Operation[])
    : [];
  const object = request.object ?? {};
  return {
    resource: `${request.kind.kind} ${request.namespace ? `${request.namespace}/` : ''}${request.name ?? ''}`,
    allowed: validated.response.allowed,
    decision: validated.decision,
    mode: validated.mode,
    message: validated.response.allowed ? undefined : validated.response.status?.message,
    warnings: validated.response.warnings ?? [],
    violations: validated.violations,
    exempted: validated.exempted ?? [],
    patch,
    object,
    patched: mutated.patched ?? object,
    judged: mutated,
  };
}
