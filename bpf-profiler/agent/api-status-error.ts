/** A failed API call with its HTTP status: the profile writer tells a 409 Conflict from the rest. */
export class ApiStatusError extends Error {
  override readonly name = 'ApiStatusError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** A watch stream sent a line that is not a JSON watch event; the watch ends with this. */
export class WatchDecodeError extends Error {
  override readonly name = 'WatchDecodeError';
}
