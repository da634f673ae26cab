import { strict as assert } from 'node:assert';
import { judgeProfile } from '../../../src/profile/profile-view.js';
import type { WorkloadProfile } from '../../../src/profile/workload-profile.js';
import { fixtureProfile, webWorkload } from './helpers.js';

const NOW = new Date('2025-11-27T09:00:00Z');

function variant(change: (p: WorkloadProfile) => void): WorkloadProfile {
  const p = structuredClone(fixtureProfile());
  change(p);
  return p;
}

describe('judgeProfile', () => {
  it('returns null without a profile', () => {
    assert.equal(judgeProfile(undefined, webWorkload(), NOW), null);
    assert.equal(judgeProfile(null, webWorkload(), NOW), null);
  });

  it('builds the view policies read', () => {
    const view = judgeProfile(fixtureProfile(), webWorkload(), NOW);
    assert.ok(view);
    assert.equal(view.name, 'deployment-web');
    assert.equal(view.observedHours, 145);
    assert.deepEqual(Object.keys(view.containers), ['web', 'exporter']);
    assert.deepEqual(view.containers.web?.capabilities, ['CHOWN', 'NET_BIND_SERVICE', 'SETGID', 'SETUID']);
  });

  const cases: {
    name: string;
    profile: WorkloadProfile;
    images?: Record<string, string>;
    options?: { maxAgeHours: number };
    maturity: string;
    reason: RegExp;
  }[] = [
    { name: 'complete and current', profile: fixtureProfile(), maturity: 'complete', reason: /14 pods/ },
    {
      name: 'learning phase',
      profile: variant((p) => {
        p.status = { phase: 'learning', reason: 'observed 2 pods for 3h' };
      }),
      maturity: 'learning',
      reason: /2 pods for 3h/,
    },
    {
      name: 'events lost',
      profile: variant((p) => {
        p.spec.observation.eventsLost = 12;
      }),
      maturity: 'learning',
      reason: /12 kernel events lost/,
    },
    {
      name: 'different image digest',
      profile: fixtureProfile(),
      images: { web: `nginx@sha256:${'a'.repeat(64)}` },
      maturity: 'stale',
      reason: /image digest of container "web" differs/,
    },
    {
      name: 'a tag alone never makes it stale',
      profile: fixtureProfile(),
      images: { web: 'nginx:1.27' },
      maturity: 'complete',
      reason: /complete|14 pods/,
    },
    {
      name: 'too old',
      profile: fixtureProfile(),
      options: { maxAgeHours: 12 },
      maturity: 'stale',
      reason: /last observed 23h ago \(max 12h\)/,
    },
    {
      name: 'container missing from profile',
      profile: variant((p) => {
        p.spec.containers = p.spec.containers.filter((c) => c.name !== 'exporter');
      }),
      maturity: 'stale',
      reason: /container "exporter" is not in the profile/,
    },
    {
      name: 'stale wins over learning',
      profile: variant((p) => {
        p.status.phase = 'learning';
      }),
      images: { web: `nginx@sha256:${'b'.repeat(64)}` },
      maturity: 'stale',
      reason: /differs/,
    },
  ];
  for (const c of cases) {
    it(`${c.name} → ${c.maturity}`, () => {
      const view = judgeProfile(c.profile, webWorkload(c.images), NOW, c.options);
      assert.equal(view?.maturity, c.maturity);
      assert.match(view.maturityReason, c.reason);
    });
  }
});
