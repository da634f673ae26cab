/** Failures while reading a review. A denial is data; these are for input we cannot judge. */

/** The body is not an AdmissionReview at all (no uid to answer): HTTP 400. */
export class InvalidReviewError extends Error {
  override readonly name = 'InvalidReviewError';
}

/** The review has a uid, but a field cannot be read: answered as an AdmissionResponse. */
export class UnreadableRequestError extends Error {
  override readonly name = 'UnreadableRequestError';
  constructor(
    readonly uid: string,
    readonly problems: string[],
  ) {
    super(`cannot read the admission request: ${problems.join('; ')}`);
  }
}
