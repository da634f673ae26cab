/**
 * POST /validate and /mutate: read the review, run the shared review flow, answer an
 * AdmissionReview, and log and count the decision.
 */
import type { Request, RequestHandler } from 'express';
import { ADMISSION_API_VERSION, type AdmissionReviewResponse } from '../../src/admission/admission-review.js';
import { UnreadableRequestError } from '../../src/admission/admission-errors.js';
import { parseAdmissionReview } from '../../src/admission/parse-review.js';
import {
  reviewRequest,
  unreadableOutcome,
  type Endpoint,
  type ReviewOutcome,
} from '../../src/review/review-request.js';
import type { ReviewDependencies } from '../../src/review/review-dependencies.js';
import type { Logger } from '../logger.js';
import type { WebhookMetrics } from '../metrics.js';
import { HttpError } from './http-error.js';

function requireJson(req: Request): unknown {
  if (!req.is('application/json')) {
    throw new HttpError(
      400,
      `content-type must be application/json, got ${req.get('content-type') ?? 'none'}`,
    );
  }
  return req.body as unknown;
}

function review(
  body: unknown,
  endpoint: Endpoint,
  deps: ReviewDependencies,
): ReviewOutcome & { subject: object } {
  try {
    const request = parseAdmissionReview(body);
    const subject = {
      uid: request.uid,
      kind: request.kind.kind,
      namespace: request.namespace,
      name: request.name,
      operation: request.operation,
      dryRun: request.dryRun ?? false,
    };
    return { ...reviewRequest(request, endpoint, deps), subject };
  } catch (error) {
    if (!(error instanceof UnreadableRequestError)) throw error;
    // Unreadable before any namespace settings are known: the global mode's failure rule applies.
    const outcome = unreadableOutcome(error.uid, 'the request', error, deps.config.mode, deps);
    return { ...outcome, subject: { uid: error.uid } };
  }
}

export function admissionRoute(
  endpoint: Endpoint,
  deps: ReviewDependencies,
  logger: Logger,
  metrics: WebhookMetrics,
): RequestHandler {
  return (req, res) => {
    const stopTimer = metrics.latency.startTimer({ endpoint });
    const outcome = review(requireJson(req), endpoint, deps);
    const body: AdmissionReviewResponse = {
      apiVersion: ADMISSION_API_VERSION,
      kind: 'AdmissionReview',
      response: outcome.response,
    };
    res.json(body);
    stopTimer({ decision: outcome.decision });
    metrics.requests.inc({ endpoint, decision: outcome.decision });
    for (const v of outcome.violations)
      metrics.violations.inc({ policy: v.id, mode: v.mode, evidence: v.evidence });
    const fields = {
      ...outcome.subject,
      endpoint,
      mode: outcome.mode,
      decision: outcome.decision,
      violations: outcome.violations.map((v) => v.id),
    };
    if (outcome.error) logger.error({ ...fields, err: outcome.error }, 'admission review failed');
    else logger.info(fields, 'admission review');
  };
}
