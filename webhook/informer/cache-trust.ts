/**
 * Whether a cache may be trusted to decide: not before its first list, and not once it has
 * stopped following the API server for longer than `maxStaleSeconds` (a short reconnect does
 * not count). The answer is the reason it may not, in words a user reads in a warning.
 */
import type { InformerHealth } from './informer-health.js';

export function cacheDistrust(
  health: InformerHealth,
  what: string,
  maxStaleSeconds: number,
  now: Date,
): string | undefined {
  const cause = health.lastError === undefined ? '' : `: ${health.lastError}`;
  if (health.state === 'unsynced')
    return `the ${what} cache is not synced (no list has succeeded yet${cause})`;
  if (health.state === 'synced' || health.staleSince === undefined) return undefined;
  const seconds = Math.floor((now.getTime() - Date.parse(health.staleSince)) / 1000);
  if (seconds <= maxStaleSeconds) return undefined;
  return `the ${what} cache is not synced (its watch has failed for ${seconds}s, max ${maxStaleSeconds}s${cause})`;
}
