/**
 * What /readyz shows per informer, and what the profile cache's trust reads:
 *   unsynced  no list has succeeded yet: the cache knows nothing;
 *   synced    the last list succeeded and the watch since then has not failed;
 *   stale     a list or watch failed after the cache had synced: it holds the state of
 *             `staleSince` and is retrying.
 */
export type InformerState = 'unsynced' | 'synced' | 'stale';

export interface InformerHealth {
  name: string;
  state: InformerState;
  /** The last successful list. */
  syncedAt?: string;
  /** When the cache stopped following the API server (the first failure since the last list). */
  staleSince?: string;
  lastError?: string;
  errors: number;
  relists: number;
}

export class HealthTracker {
  private state: InformerState = 'unsynced';
  private syncedAt: Date | undefined;
  private staleSince: Date | undefined;
  private lastError: string | undefined;
  private errors = 0;
  private relists = 0;

  constructor(
    private readonly name: string,
    private readonly now: () => Date,
  ) {}

  synced(): void {
    this.state = 'synced';
    this.syncedAt = this.now();
    this.staleSince = undefined;
    this.relists += 1;
  }

  failed(message: string): void {
    this.errors += 1;
    this.lastError = message;
    if (this.state === 'synced') {
      this.state = 'stale';
      this.staleSince = this.now();
    }
  }

  snapshot(): InformerHealth {
    return {
      name: this.name,
      state: this.state,
      ...(this.syncedAt ? { syncedAt: this.syncedAt.toISOString() } : {}),
      ...(this.staleSince ? { staleSince: this.staleSince.toISOString() } : {}),
      ...(this.lastError !== undefined ? { lastError: this.lastError } : {}),
      errors: this.errors,
      relists: this.relists,
    };
  }
}
