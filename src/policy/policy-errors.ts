/** The bundle cannot be read or instantiated; the previous bundle (if any) stays in force. */
export class PolicyLoadError extends Error {
  override readonly name = 'PolicyLoadError';
}

/** Evaluation failed or returned something outside the policy contract. */
export class PolicyEvaluationError extends Error {
  override readonly name = 'PolicyEvaluationError';
}
