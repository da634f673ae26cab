/**
 * The answer to an AdmissionReview larger than `server.maxBodyBytes`. An HTTP 413 would be a
 * webhook failure, which `failurePolicy: Ignore` turns into an admission: a workload padded past
 * the limit would pass unjudged. So when the head of the body names the request's uid, the
 * request is answered like one the engine cannot judge: by the strictest mode in play, with a
 * message naming the limit. Without a uid there is nobody to answer (the caller sends 413).
 */
import type { RequestHead } from '../admission/request-head.js';
import { namespaceSettings } from '../decision/namespace-settings.js';
import { allowed } from '../decision/admission-responses.js';
import { EvaluationLimitError } from '../policy/policy-errors.js';
import type { ReviewDependencies } from './review-dependencies.js';
import type { BodyReviewOutcome } from './review-body.js';
import { isJudged, policyFailure, subjectOf, type Endpoint, type JudgedTarget } from './review-request.js';

export function oversizeOutcome(
  head: RequestHead & { uid: string },
  bytes: number,
  endpoint: Endpoint,
  deps: ReviewDependencies,
): BodyReviewOutcome {
  const { uid } = head;
  const request = {
    uid,
    ...(head.kind?.kind !== undefined ? { kind: head.kind.kind } : {}),
    namespace: head.namespace,
    name: head.name,
    ...(head.operation !== undefined ? { operation: head.operation } : {}),
  };
  const none = { violations: [], request };
  // Skipped only when the head shows it is not judged; a field the head lacks counts as judged.
  const kind = { group: head.kind?.group ?? '', version: '', kind: head.kind?.kind ?? '' };
  if (
    head.operation !== undefined &&
    head.kind?.kind !== undefined &&
    !isJudged(
      { operation: head.operation as JudgedTarget['operation'], kind, subResource: head.subResource },
      endpoint,
    )
  ) {
    return { response: allowed(uid), decision: 'skip', mode: undefined, ...none };
  }
  const namespace = head.namespace ?? '';
  const settings = namespaceSettings(deps.config, namespace, deps.namespaces.labelsOf(namespace) ?? {});
  if (settings.exempt) return { response: allowed(uid), decision: 'exempt', mode: settings.mode, ...none };

  const limit = deps.config.server.maxBodyBytes;
  const error = new EvaluationLimitError(
    'server.maxBodyBytes',
    `the AdmissionReview is ${bytes} bytes; ProfileGate reads at most ${limit} (server.maxBodyBytes)`,
  );
  const subject = subjectOf({
    kind: { ...kind, kind: kind.kind || 'object' },
    namespace: head.namespace,
    name: head.name,
  });
  return { ...policyFailure(uid, subject, namespace, settings.mode, deps, error), request };
}
