/** A pod spec, profile or command verify cannot run (the user's input, not a broken patch). */
export class VerifyInputError extends Error {
  override readonly name = 'VerifyInputError';
}

/** The machine cannot run containers the way verify needs (not root, no runtime, mount failed). */
export class VerifyEnvironmentError extends Error {
  override readonly name = 'VerifyEnvironmentError';
}
