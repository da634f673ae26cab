/**
 * The AdmissionRequest a manifest object is judged as. A Kubernetes object becomes a CREATE made
 * up for it (review-manifest.ts); an AdmissionReview file (a captured review, the fixtures in
 * test/fixtures/reviews) is judged as its own request, with its operation, namespace, user and
 * object, exactly as the webhook would judge it.
 */
import type { AdmissionRequest } from '../../admission/admission-review.js';
import { InvalidReviewError, UnreadableRequestError } from '../../admission/admission-errors.js';
import { parseAdmissionReview } from '../../admission/parse-review.js';
import { admissionRequestFor } from './review-manifest.js';
import { CliError } from './cli-context.js';
import type { SourcedObject } from './read-sources.js';

export function requestOf(source: SourcedObject, index: number, namespace: string): AdmissionRequest {
  if (source.object.kind !== 'AdmissionReview') {
    return admissionRequestFor(source.object, index, namespace);
  }
  const where = `${source.file}:${source.line}`;
  let request: AdmissionRequest;
  try {
    request = parseAdmissionReview(source.object);
  } catch (error) {
    if (error instanceof InvalidReviewError || error instanceof UnreadableRequestError) {
      throw new CliError(`${where}: AdmissionReview: ${error.message}`);
    }
    throw error;
  }
  if (!request.object) {
    throw new CliError(
      `${where}: AdmissionReview ${request.uid} has no request.object to judge (operation ${request.operation})`,
    );
  }
  return request;
}
