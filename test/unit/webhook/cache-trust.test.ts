import assert from 'node:assert/strict';
import { cacheDistrust } from '../../../webhook/informer/cache-trust.js';
import type { InformerHealth } from '../../../webhook/informer/informer-health.js';

const now = new Date('2026-01-01T00:01:15Z');
const base: InformerHealth = { name: 'workloadprofiles', state: 'synced', errors: 0, relists: 1 };

describe('cacheDistrust', () => {
  const cases: [string, InformerHealth, string | undefined][] = [
    ['synced', { ...base, syncedAt: '2026-01-01T00:00:00Z' }, undefined],
    [
      'never listed',
      { ...base, state: 'unsynced', relists: 0, lastError: 'Forbidden' },
      'the profile cache is not synced (no list has succeeded yet: Forbidden)',
    ],
    ['stale within the bound', { ...base, state: 'stale', staleSince: '2026-01-01T00:00:30Z' }, undefined],
    [
      'stale beyond the bound',
      { ...base, state: 'stale', staleSince: '2026-01-01T00:00:00Z', lastError: 'socket hang up' },
      'the profile cache is not synced (its watch has failed for 75s, max 60s: socket hang up)',
    ],
  ];
  for (const [what, health, expected] of cases) {
    it(what, () => {
      assert.equal(cacheDistrust(health, 'profile', 60, now), expected);
    });
  }
});
