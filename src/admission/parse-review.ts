import { ADMISSION_API_VERSION, AdmissionRequestSchema, type AdmissionRequest } from './admission-review.js';
import { InvalidReviewError, UnreadableRequestError } from './admission-errors.js';
import { isRecord } from '../schema/is-record.js';
import { formatIssues } from '../schema/format-issues.js';

/**
 * Reads an AdmissionReview v1 body. Without a usable `request.uid` there is nobody to
 * answer, so that is an InvalidReviewError (HTTP 400); any other unreadable field is an
 * UnreadableRequestError that still carries the uid for an AdmissionResponse.
 */
export function parseAdmissionReview(body: unknown): AdmissionRequest {
  if (!isRecord(body)) throw new InvalidReviewError('body must be a JSON object (an AdmissionReview)');
  if (body.kind !== 'AdmissionReview') {
    throw new InvalidReviewError(`kind must be "AdmissionReview", got ${JSON.stringify(body.kind)}`);
  }
  if (body.apiVersion !== ADMISSION_API_VERSION) {
    throw new InvalidReviewError(
      `apiVersion must be "${ADMISSION_API_VERSION}", got ${JSON.stringify(body.apiVersion)}`,
    );
  }
  const request = body.request;
  if (!isRecord(request)) throw new InvalidReviewError('request must be an object');
  const uid = request.uid;
  if (typeof uid !== 'string' || uid === '') {
    throw new InvalidReviewError('request.uid must be a non-empty string');
  }
  const parsed = AdmissionRequestSchema.safeParse(request);
  if (!parsed.success) {
    throw new UnreadableRequestError(
      uid,
      formatIssues(parsed.error).map((line) => `request.${line}`),
    );
  }
  return parsed.data;
}
