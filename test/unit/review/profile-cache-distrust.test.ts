import assert from 'node:assert/strict';
import { reviewRequest } from '../../../src/review/review-request.js';
import { StoreProfileLookup } from '../../../src/review/store-profile-lookup.js';
import { CachedProfileStore } from '../../../src/profile/cached-profile-store.js';
import { fixtureProfile, webWorkload } from '../profile/helpers.js';
import { PRIVILEGED, UNUSED_CAP, deployment, deps, profile } from './review-fixtures.js';

const NOT_SYNCED =
  'the profile cache is not synced (its watch has failed for 75s, max 60s: connect ECONNREFUSED 10.0.0.1:443)';

describe('a profile cache that is not synced', () => {
  const now = () => new Date('2025-11-26T10:00:00Z');

  it('makes the lookup judge every profile stale, with the reason', () => {
    const store = new CachedProfileStore();
    store.replace([JSON.parse(JSON.stringify(fixtureProfile())) as object]);
    const cache: { distrust?: string } = {};
    const lookup = new StoreProfileLookup(store, 168, now, () => cache.distrust);
    assert.equal(lookup.profileFor(webWorkload(), {})?.maturity, 'complete');
    cache.distrust = NOT_SYNCED;
    const view = lookup.profileFor(webWorkload(), {});
    assert.equal(view?.maturity, 'stale');
    assert.equal(view.maturityReason, NOT_SYNCED);
    assert.equal(lookup.distrust(), NOT_SYNCED);
  });

  it('runtime findings only warn, static rules still deny, and the user reads why', async () => {
    const d = deps({ violations: [PRIVILEGED, UNUSED_CAP], profile: profile('stale') });
    d.profiles = { profileFor: () => profile('stale'), distrust: () => NOT_SYNCED };
    const outcome = await reviewRequest(deployment(), 'validate', d);
    assert.equal(outcome.decision, 'deny');
    assert.deepEqual(
      outcome.violations.map((v) => [v.id, v.mode]),
      [
        ['runtime-unused-capabilities', 'warn'],
        ['pss-privileged', 'enforce'],
      ],
    );
    assert.equal(
      outcome.response.status?.message,
      'profilegate denied Deployment shop/web: 1 policy violation\n- [pss-privileged] container "app" must not set securityContext.privileged=true (allowed: false or unset)',
    );
    assert.ok(
      outcome.response.warnings?.includes(`profilegate: ${NOT_SYNCED}; runtime findings only warn`),
      JSON.stringify(outcome.response.warnings),
    );
  });

  it('negative control: the same review with a synced cache denies the runtime finding', async () => {
    const d = deps({ violations: [UNUSED_CAP], profile: profile('complete') });
    d.profiles = { profileFor: () => profile('complete'), distrust: () => undefined };
    const outcome = await reviewRequest(deployment(), 'validate', d);
    assert.equal(outcome.decision, 'deny');
    assert.equal(outcome.response.warnings, undefined);
  });
});
