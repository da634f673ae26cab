/**
 * Exponential backoff with a cap: initial, 2×, 4× … up to max, each stretched by up to
 * `jitter` (a fraction) so replicas that failed together do not relist together.
 */
export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  /** 0 … 1; 0 makes the delays exact (tests). */
  jitter: number;
}

export class Backoff {
  private attempt = 0;

  constructor(
    private readonly options: BackoffOptions,
    private readonly random: () => number = Math.random,
  ) {}

  /** The delay before the next retry; each call doubles the base up to the cap. */
  next(): number {
    const { initialMs, maxMs, jitter } = this.options;
    const base = Math.min(maxMs, initialMs * 2 ** this.attempt);
    this.attempt = Math.min(this.attempt + 1, 52);
    return Math.min(maxMs, Math.round(base * (1 + jitter * this.random())));
  }

  reset(): void {
    this.attempt = 0;
  }
}
