import { strict as assert } from 'node:assert';
import { ProfileLoadError } from '../../../src/profile/profile-files.js';
import { StaticProfileStore } from '../../../src/profile/profile-store.js';
import type { WorkloadProfile } from '../../../src/profile/workload-profile.js';
import { fixtureProfile } from './helpers.js';

/** The fixture profile of Deployment web, in `namespace` or with no namespace at all. */
function webProfile(namespace: string | undefined, name = 'deployment-web'): WorkloadProfile {
  const profile = fixtureProfile();
  const metadata: WorkloadProfile['metadata'] = { ...profile.metadata, name };
  if (namespace === undefined) delete metadata.namespace;
  else metadata.namespace = namespace;
  return { ...profile, metadata };
}

const WEB_IN = (namespace: string) => ({ namespace, kind: 'Deployment' as const, name: 'web' });

describe('StaticProfileStore (profilegate eval --profile)', () => {
  it('a profile without a namespace answers in every namespace, as the webhook directory store does', () => {
    const store = new StaticProfileStore([webProfile(undefined)]);
    assert.equal(store.get(WEB_IN('shop'))?.metadata.name, 'deployment-web');
    assert.equal(store.get(WEB_IN('default'))?.metadata.name, 'deployment-web');
  });

  it('a namespaced profile answers only there (negative control) and wins over a namespace-less one', () => {
    const store = new StaticProfileStore([webProfile(undefined, 'anywhere'), webProfile('shop', 'in-shop')]);
    assert.equal(store.get(WEB_IN('shop'))?.metadata.name, 'in-shop');
    assert.equal(store.get(WEB_IN('dev'))?.metadata.name, 'anywhere');
    assert.equal(new StaticProfileStore([webProfile('shop')]).get(WEB_IN('dev')), undefined);
  });

  it('two profiles of one workload in one namespace are a load error naming both', () => {
    assert.throws(
      () => new StaticProfileStore([webProfile('shop', 'first'), webProfile('shop', 'second')]),
      (error: unknown) =>
        error instanceof ProfileLoadError &&
        error.message.includes(
          'profile 1 (second): profile of shop/Deployment/web is already defined in profile 0 (first)',
        ),
    );
  });
});
