/**
 * POST /validate and /mutate: check the content type, hand the body to the core
 * (src/review/review-body.ts), answer an AdmissionReview, and log and count the decision.
 */
import type { Request, RequestHandler } from 'express';
import { ADMISSION_API_VERSION, type AdmissionReviewResponse } from '../../src/admission/admission-review.js';
import { reviewBody } from '../../src/review/review-body.js';
import type { Endpoint } from '../../src/review/review-request.js';
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

export function admissionRoute(
  endpoint: Endpoint,
  deps: ReviewDependencies,
  logger: Logger,
  metrics: WebhookMetrics,
): RequestHandler {
  return async (req, res) => {
    const stopTimer = metrics.latency.startTimer({ endpoint });
    const outcome = await reviewBody(requireJson(req), endpoint, deps);
    const body: AdmissionReviewResponse = {
      apiVersion: ADMISSION_API_VERSION,
      kind: 'AdmissionReview',
      response: outcome.response,
    };
    res.json(body);
    stopTimer({ decision: outcome.decision });
    metrics.requests.inc({ endpoint, decision: outcome.decision });
    for (const v of outcome.violations)
      metrics.violations.inc({ endpoint, policy: v.id, mode: v.mode, evidence: v.evidence });
    const fields = {
      ...outcome.request,
      endpoint,
      mode: outcome.mode,
      decision: outcome.decision,
      violations: outcome.violations.map((v) => v.id),
    };
    if (outcome.error) logger.error({ ...fields, err: outcome.error }, 'admission review failed');
    else logger.info(fields, 'admission review');
  };
}
