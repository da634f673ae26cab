import { setTimeout as sleep } from 'node:timers/promises';

export interface WaitOptions {
  readonly timeoutMs: number;
  readonly intervalMs?: number;
  readonly what: string;
}

/** Thrown by an attempt to stop waiting at once (the process being waited on has exited). */
export class WaitAbortedError extends Error {
  override readonly name = 'WaitAbortedError';
}

/**
 * Calls `attempt` until it returns a value other than undefined, or throws after the timeout
 * with the last error or result description.
 */
export async function waitFor<T>(
  attempt: () => Promise<T | undefined>,
  { timeoutMs, intervalMs = 250, what }: WaitOptions,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await attempt();
      if (value !== undefined) return value;
    } catch (error) {
      if (error instanceof WaitAbortedError) throw error;
      last = error;
    }
    if (Date.now() > deadline) {
      const detail = last instanceof Error ? `: ${last.message}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${detail}`, {
        cause: last,
      });
    }
    await sleep(intervalMs);
  }
}
