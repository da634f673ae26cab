/** The bundle cannot be read or instantiated; the previous bundle (if any) stays in force. */
export class PolicyLoadError extends Error {
  override readonly name = 'PolicyLoadError';
}

/** Evaluation failed or returned something outside the policy contract. */
export class PolicyEvaluationError extends Error {
  override readonly name: string = 'PolicyEvaluationError';
}

/**
 * The request is beyond what one evaluation may use (containers, engine memory, time). Unlike
 * other evaluation errors, its message is shown to the user: it names the limit, not internals.
 */
export class EvaluationLimitError extends PolicyEvaluationError {
  override readonly name: string = 'EvaluationLimitError';
  constructor(
    /** The configuration key of the limit, e.g. evaluation.maxContainers. */
    readonly limit: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
