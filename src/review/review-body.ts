/**
 * The core's one entry point for an AdmissionReview body as it arrived: read it, run the shared
 * review, and answer a request whose fields cannot be read. What is left to the caller (the
 * webhook route) is the content type, the reply, metrics and the log line.
 *
 * A body with no `request.uid` throws InvalidReviewError: there is nobody to answer (HTTP 400).
 */
import { UnreadableRequestError } from '../admission/admission-errors.js';
import { parseAdmissionReview } from '../admission/parse-review.js';
import type { ReviewDependencies } from './review-dependencies.js';
import { reviewRequest, unreadableOutcome, type Endpoint, type ReviewOutcome } from './review-request.js';

/** What the log line says about the request; only the uid is known when it could not be read. */
export interface RequestSummary {
  uid: string;
  kind?: string;
  namespace?: string | undefined;
  name?: string | undefined;
  operation?: string;
  dryRun?: boolean;
}

export interface BodyReviewOutcome extends ReviewOutcome {
  request: RequestSummary;
}

export async function reviewBody(
  body: unknown,
  endpoint: Endpoint,
  deps: ReviewDependencies,
): Promise<BodyReviewOutcome> {
  try {
    const request = parseAdmissionReview(body);
    const summary: RequestSummary = {
      uid: request.uid,
      kind: request.kind.kind,
      namespace: request.namespace,
      name: request.name,
      operation: request.operation,
      dryRun: request.dryRun ?? false,
    };
    return { ...(await reviewRequest(request, endpoint, deps)), request: summary };
  } catch (error) {
    if (!(error instanceof UnreadableRequestError)) throw error;
    // Unreadable before any namespace settings are known: the global mode and every policy's own mode count.
    const outcome = unreadableOutcome(error.uid, 'the request', error, undefined, deps.config.mode, deps);
    return { ...outcome, request: { uid: error.uid } };
  }
}
