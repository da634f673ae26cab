/**
 * POST /validate and /mutate: check the content type, hand the body to the core
 * (src/review/review-body.ts, or src/review/oversize-review.ts for a body past
 * server.maxBodyBytes whose head names its uid), answer an AdmissionReview, and log and count
 * the decision.
 */
import type { Request, RequestHandler } from 'express';
import { ADMISSION_API_VERSION, type AdmissionReviewResponse } from '../../src/admission/admission-review.js';
import { readRequestHead } from '../../src/admission/request-head.js';
import { reviewBody, type BodyReviewOutcome } from '../../src/review/review-body.js';
import { oversizeOutcome } from '../../src/review/oversize-review.js';
import type { Endpoint } from '../../src/review/review-request.js';
import type { ReviewDependencies } from '../../src/review/review-dependencies.js';
import type { Logger } from '../logger.js';
import type { WebhookMetrics } from '../metrics.js';
import { HttpError } from './http-error.js';
import { OversizeBody } from './read-body.js';

function requireJson(req: Request): unknown {
  if (!req.is('application/json')) {
    throw new HttpError(
      400,
      `content-type must be application/json, got ${req.get('content-type') ?? 'none'}`,
    );
  }
  return req.body as unknown;
}

async function review(
  body: unknown,
  endpoint: Endpoint,
  deps: ReviewDependencies,
): Promise<BodyReviewOutcome> {
  if (!(body instanceof OversizeBody)) return reviewBody(body, endpoint, deps);
  const head = readRequestHead(body.head);
  if (head.uid === undefined || head.uid === '') {
    throw new HttpError(
      413,
      `request body exceeds the limit of ${deps.config.server.maxBodyBytes} bytes and names no request.uid in its first bytes`,
    );
  }
  return oversizeOutcome({ ...head, uid: head.uid }, body.bytes, endpoint, deps);
}

export function admissionRoute(
  endpoint: Endpoint,
  deps: ReviewDependencies,
  logger: Logger,
  metrics: WebhookMetrics,
): RequestHandler {
  return async (req, res) => {
    const stopTimer = metrics.latency.startTimer({ endpoint });
    const outcome = await review(requireJson(req), endpoint, deps);
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
