import { strict as assert } from 'node:assert';
import { CachedProfileStore, type StoredObject } from '../../../src/profile/cached-profile-store.js';
import type { InvalidProfileError } from '../../../src/profile/parse-profile.js';
import { fixtureProfile } from './helpers.js';

/** A WorkloadProfile object as the API server sends it (plain JSON). */
function profileObject(workload: string, rv: string, name = `deployment-${workload}`): StoredObject {
  const p = structuredClone(fixtureProfile());
  const json = {
    ...p,
    metadata: { name, namespace: 'shop', resourceVersion: rv },
    spec: { ...p.spec, workload: { kind: 'Deployment', name: workload } },
  };
  return JSON.parse(JSON.stringify(json)) as StoredObject;
}

describe('CachedProfileStore', () => {
  let store: CachedProfileStore;
  let invalid: InvalidProfileError[];

  beforeEach(() => {
    invalid = [];
    store = new CachedProfileStore((e) => invalid.push(e));
    store.replace([profileObject('web', '1')]);
  });

  const key = (name: string, namespace = 'shop') => ({ namespace, kind: 'Deployment' as const, name });

  it('answers from the initial list', () => {
    assert.equal(store.get(key('web'))?.metadata.name, 'deployment-web');
    assert.equal(store.get(key('web', 'other')), undefined);
  });

  it('follows the watch: upserts and removals', () => {
    store.upsert(profileObject('api', '2'));
    assert.equal(store.size, 2);
    assert.equal(store.get(key('api'))?.status.phase, 'complete');

    const learning = profileObject('api', '3') as StoredObject & { status: { phase: string } };
    learning.status.phase = 'learning';
    store.upsert(learning);
    assert.equal(store.get(key('api'))?.status.phase, 'learning');

    store.remove(profileObject('api', '4'));
    assert.equal(store.get(key('api')), undefined);
    assert.equal(store.size, 1);
  });

  it('re-indexes when a MODIFIED object describes another workload', () => {
    const moved = profileObject('web2', '5', 'deployment-web');
    store.upsert(moved);
    assert.equal(store.get(key('web')), undefined);
    assert.equal(store.get(key('web2'))?.metadata.name, 'deployment-web');
  });

  it('a relist replaces everything: what it lacks was deleted meanwhile', () => {
    store.upsert(profileObject('api', '2'));
    store.replace([profileObject('api', '3')]);
    assert.equal(store.get(key('web')), undefined);
    assert.equal(store.get(key('api'))?.metadata.name, 'deployment-api');
    assert.equal(store.size, 1);
  });

  it('reports and ignores invalid objects, forgetting the previous version', () => {
    const bad = profileObject('web', '6') as StoredObject & { spec: { containers: unknown[] } };
    bad.spec.containers = [];
    store.upsert(bad);
    assert.equal(store.get(key('web')), undefined);
    assert.equal(invalid.length, 1);
    assert.match(invalid[0]?.message ?? '', /WorkloadProfile shop\/deployment-web: spec\.containers/);
  });
});
