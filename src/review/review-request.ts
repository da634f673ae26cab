/**
 * The one flow of a review, shared by the webhook and `profilegate eval`: read the
 * workload, resolve namespace settings, evaluate the policies, then decide (validate)
 * or build the verified patch (mutate). A Namespace is not evaluated: only who changes its
 * ProfileGate labels is checked (src/decision/namespace-label-guard.ts).
 */
import type { AdmissionRequest, AdmissionResponse } from '../admission/admission-review.js';
import { UnreadableRequestError } from '../admission/admission-errors.js';
import { workloadView, type WorkloadView } from '../admission/workload-view.js';
import { isWorkloadKind } from '../admission/pod-template.js';
import { isEphemeralContainersUpdate } from '../admission/ephemeral-containers.js';
import { buildPolicyInput } from '../policy/build-policy-input.js';
import type { PolicyInput } from '../policy/policy-input.js';
import type { ProfileView } from '../profile/profile-view.js';
import { EvaluationLimitError, PolicyEvaluationError } from '../policy/policy-errors.js';
import type { Mode } from '../config/config-schema.js';
import { namespaceSettings } from '../decision/namespace-settings.js';
import { failureMode } from '../decision/failure-mode.js';
import { guardNamespaceLabels, isNamespaceRequest } from '../decision/namespace-label-guard.js';
import { checkRequestLimits } from './request-limits.js';
import { applyPolicySettings, type ModedViolation } from '../decision/violation-mode.js';
import { rankViolations } from '../decision/rank-violations.js';
import { validationResponse } from '../decision/validation-response.js';
import { mutationResponse } from '../decision/mutation-response.js';
import { allowed, badRequest, internalError } from '../decision/admission-responses.js';
import type { DroppedPatch } from '../patch/patch-operation.js';
import {
  applyExceptions,
  type ExceptionOutcome,
  type ExemptedViolation,
} from '../decision/policy-exceptions.js';
import type { ObjectMeta } from '../profile/workload-owner.js';
import type { ReviewDependencies } from './review-dependencies.js';
import { MAX_MUTATION_ROUNDS, combineRounds, findingKey } from './mutation-rounds.js';

export type Endpoint = 'validate' | 'mutate';
export type ReviewDecision = 'allow' | 'deny' | 'warn' | 'audit' | 'patch' | 'exempt' | 'skip' | 'error';

export interface ReviewOutcome {
  response: AdmissionResponse;
  decision: ReviewDecision;
  mode: Mode | undefined;
  /** Ranked findings; for /mutate each carries its verified patch (empty when dropped). */
  violations: ModedViolation[];
  /** Findings a PolicyException exempts: they neither deny nor patch, and are reported as such. */
  exempted?: ExemptedViolation[];
  /** The judged profile the findings rest on, when the workload has one (reports show it). */
  profile?: ProfileView | null;
  /** /mutate: patches the hardening check refused, with the reason. */
  dropped?: DroppedPatch[];
  /** The object as it will be stored after the patch (mutate), for diffs in the CLI. */
  patched?: unknown;
  /** Set when policies failed to evaluate; logged by the shell, never sent to the client. */
  error?: Error;
}

const JUDGED_OPERATIONS = new Set(['CREATE', 'UPDATE']);

/** What decides whether a request is judged at all. */
export type JudgedTarget = Pick<AdmissionRequest, 'operation' | 'kind' | 'subResource'>;

function isJudgedKind(request: JudgedTarget): boolean {
  const { group, kind } = request.kind;
  return isWorkloadKind(group, kind) || (group === '' && kind === 'Service');
}

/**
 * The object itself, or the ephemeral containers kubectl debug adds. Those are validated only:
 * the mutating webhook is not registered for the subresource, whose updates keep nothing but
 * ephemeral containers, and no runtime profile covers an ephemeral container.
 */
function isJudgedSubresource(request: JudgedTarget, endpoint: Endpoint): boolean {
  if (!request.subResource) return true;
  return endpoint === 'validate' && isEphemeralContainersUpdate(request);
}

/** Operations, kinds and subresources ProfileGate judges; everything else is allowed as is. */
export function isJudged(request: JudgedTarget, endpoint: Endpoint): boolean {
  return (
    JUDGED_OPERATIONS.has(request.operation) &&
    isJudgedKind(request) &&
    isJudgedSubresource(request, endpoint)
  );
}

export function subjectOf(request: Pick<AdmissionRequest, 'kind' | 'namespace' | 'name'>): string {
  const name = request.name || '(generated name)';
  return `${request.kind.kind} ${request.namespace ? `${request.namespace}/` : ''}${name}`;
}

/**
 * `round`: which evaluation of /mutate this is, and `patchedBefore` the findings earlier rounds
 * patched (mutation-rounds.ts); callers leave both unset.
 */
export async function reviewRequest(
  request: AdmissionRequest,
  endpoint: Endpoint,
  deps: ReviewDependencies,
  round = 1,
  patchedBefore: ReadonlySet<string> = new Set(),
): Promise<ReviewOutcome> {
  const { uid } = request;
  const none = { violations: [] as ModedViolation[] };
  if (isNamespaceRequest(request) && endpoint === 'validate') {
    const guard = guardNamespaceLabels(request, deps.config);
    return { response: guard.response, decision: guard.decision, mode: undefined, ...none };
  }
  if (!isJudged(request, endpoint)) {
    return { response: allowed(uid), decision: 'skip', mode: undefined, ...none };
  }
  const namespace = request.namespace ?? '';
  const labels = deps.namespaces.labelsOf(namespace) ?? {};
  const settings = namespaceSettings(deps.config, namespace, labels);
  if (settings.exempt) return { response: allowed(uid), decision: 'exempt', mode: settings.mode, ...none };

  let input: PolicyInput;
  let workload: WorkloadView | null;
  try {
    workload = workloadView(request);
    input = buildPolicyInput({
      request,
      workload,
      profile: workload ? deps.profiles.profileFor(workload, request.object?.metadata ?? {}) : null,
      namespaceLabels: labels,
      mode: settings.mode,
      level: settings.level,
      levelVersion: settings.levelVersion,
      parameters: deps.config.parameters,
    });
  } catch (error) {
    if (!(error instanceof UnreadableRequestError)) throw error;
    return unreadableOutcome(uid, subjectOf(request), error, namespace, settings.mode, deps);
  }

  const engine = deps.engine();
  let evaluated;
  try {
    checkRequestLimits(workload, deps.config);
    if (!engine) throw new PolicyEvaluationError('no policy bundle is loaded');
    evaluated = (await engine.evaluate(input)).violations;
  } catch (error) {
    if (!(error instanceof PolicyEvaluationError)) throw error;
    return policyFailure(uid, subjectOf(request), namespace, settings.mode, deps, error);
  }

  const excepted = withExceptions(
    rankViolations(applyPolicySettings(evaluated, namespace, settings.mode, deps.config, input.profile)),
    request,
    workload,
    deps,
  );
  const moded = excepted.kept;
  const exempted = excepted.exempted;
  const extraWarnings = [...settings.problems, ...profileWarning(input, deps), ...excepted.notes];
  if (endpoint === 'validate') {
    const outcome = validationResponse(uid, subjectOf(request), moded, extraWarnings, exempted);
    return { ...outcome, mode: settings.mode, violations: moded, exempted, profile: input.profile };
  }
  const verified = deps.patchVerifier.verify(
    input,
    moded.filter((v) => !patchedBefore.has(findingKey(v))),
  );
  const outcome = mutationResponse(uid, request.object, verified.violations, verified.dropped);
  const reviewed: ReviewOutcome = {
    ...outcome,
    mode: settings.mode,
    violations: verified.violations,
    exempted,
    profile: input.profile,
    dropped: verified.dropped,
  };
  if (outcome.decision !== 'patch' || round >= MAX_MUTATION_ROUNDS) return reviewed;
  const patchedObject = outcome.patched as AdmissionRequest['object'];
  const patched = new Set([
    ...patchedBefore,
    ...verified.violations.filter((v) => v.patch.length > 0).map(findingKey),
  ]);
  const next = await reviewRequest({ ...request, object: patchedObject }, 'mutate', deps, round + 1, patched);
  return combineRounds(reviewed, next);
}

/**
 * The findings with the namespace's PolicyExceptions applied; none apply without a source, or
 * while the source is not trusted (then a note says so).
 */
function withExceptions(
  ranked: ModedViolation[],
  request: AdmissionRequest,
  workload: WorkloadView | null,
  deps: ReviewDependencies,
): ExceptionOutcome {
  const source = deps.exceptions;
  if (source === undefined) return { kept: ranked, exempted: [], notes: [] };
  const distrust = source.distrust?.();
  if (distrust !== undefined) {
    return {
      kept: ranked,
      exempted: [],
      notes: [`profilegate: ${distrust}; PolicyExceptions are not applied`],
    };
  }
  const metadata = (request.object?.metadata ?? {}) as ObjectMeta & { name?: string };
  const subject = {
    workload,
    kind: request.kind.kind,
    name: request.name || (metadata.name ?? ''),
    metadata,
  };
  return applyExceptions(ranked, source.exceptionsIn(request.namespace ?? ''), subject, source.now());
}

function profileWarning(input: PolicyInput, deps: ReviewDependencies): string[] {
  if (!input.workload) return [];
  const distrust = deps.profiles.distrust?.();
  // Said whether or not a profile was found: an unsynced cache may just not have it yet.
  if (distrust !== undefined) return [`profilegate: ${distrust}; runtime findings only warn`];
  if (input.profile || !deps.config.profiles.warnUnprofiled) return [];
  return [
    `profilegate: ${input.workload.kind} ${input.workload.namespace}/${input.workload.name} has no runtime profile; judged by static rules only`,
  ];
}

/**
 * The answer to a request ProfileGate cannot read, governed by onPolicyError like a policy
 * failure. `namespace` is undefined when the request could not be read far enough to know it.
 */
export function unreadableOutcome(
  uid: string,
  subject: string,
  error: UnreadableRequestError,
  namespace: string | undefined,
  namespaceMode: Mode,
  deps: Pick<ReviewDependencies, 'config'>,
): ReviewOutcome {
  const failure = failureMode(deps.config, namespace, namespaceMode);
  const message = `profilegate cannot read ${subject}: ${error.problems.join('; ')}`;
  const response =
    deps.config.onPolicyError[failure.mode] === 'deny'
      ? badRequest(uid, message + strictestNote(failure.policy, namespaceMode, failure.mode))
      : allowed(uid, { warnings: [message] });
  return { response, decision: 'error', mode: failure.mode, violations: [], error };
}

/**
 * A failed evaluation answers by the strictest mode in play (src/decision/failure-mode.ts): a
 * request padded until the engine fails is denied wherever an enforce policy could judge it.
 */
export function policyFailure(
  uid: string,
  subject: string,
  namespace: string,
  namespaceMode: Mode,
  deps: ReviewDependencies,
  error: PolicyEvaluationError,
): ReviewOutcome {
  const failure = failureMode(deps.config, namespace, namespaceMode);
  const failClosed = deps.config.onPolicyError[failure.mode] === 'deny';
  const message =
    error instanceof EvaluationLimitError
      ? `profilegate cannot judge ${subject}: ${error.message}`
      : 'profilegate could not evaluate its policies; see the webhook logs';
  const response = failClosed
    ? internalError(uid, message + strictestNote(failure.policy, namespaceMode, failure.mode))
    : allowed(uid, { warnings: [message] });
  return { response, decision: 'error', mode: failure.mode, violations: [], error };
}

/** Why a failure is denied in a namespace whose own mode would allow it. */
function strictestNote(policy: string | undefined, namespaceMode: Mode, mode: Mode): string {
  return policy ? ` (policy ${policy} is in ${mode} mode)` : '';
}
