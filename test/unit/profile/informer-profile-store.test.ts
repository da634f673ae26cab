import { strict as assert } from 'node:assert';
import { ListWatch, type KubernetesObject, type Watch } from '@kubernetes/client-node';
import { InformerProfileStore } from '../../../src/profile/informer-profile-store.js';
import type { InvalidProfileError } from '../../../src/profile/parse-profile.js';
import { fixtureProfile } from './helpers.js';

type WatchCallback = (phase: string, obj: unknown, watchObj?: unknown) => void;

/** A Watch that records the callback so the test fires ADDED/MODIFIED/DELETED itself. */
class FakeWatch {
  callback: WatchCallback | undefined;
  watch(_path: string, _query: unknown, callback: WatchCallback): Promise<AbortController> {
    this.callback = callback;
    return Promise.resolve(new AbortController());
  }
  fire(phase: 'ADDED' | 'MODIFIED' | 'DELETED', obj: KubernetesObject): void {
    assert.ok(this.callback, 'watch not started');
    this.callback(phase, obj, { type: phase, object: obj });
  }
}

/** A WorkloadProfile object as the API server sends it (plain JSON). */
function profileObject(workload: string, rv: string, name = `deployment-${workload}`): KubernetesObject {
  const p = structuredClone(fixtureProfile());
  const json = {
    ...p,
    metadata: { name, namespace: 'shop', resourceVersion: rv },
    spec: { ...p.spec, workload: { kind: 'Deployment', name: workload } },
  };
  return JSON.parse(JSON.stringify(json)) as KubernetesObject;
}

describe('InformerProfileStore', () => {
  let watch: FakeWatch;
  let store: InformerProfileStore;
  let invalid: InvalidProfileError[];

  beforeEach(async () => {
    watch = new FakeWatch();
    invalid = [];
    const listed = profileObject('web', '1');
    const informer = new ListWatch<KubernetesObject>(
      '/apis/profilegate.dev/v1alpha1/workloadprofiles',
      watch as unknown as Watch,
      () => Promise.resolve({ metadata: { resourceVersion: '1' }, items: [listed] }),
      false,
    );
    store = new InformerProfileStore(informer, (e) => invalid.push(e));
    await store.start();
  });

  afterEach(async () => {
    await store.stop();
  });

  const key = (name: string, namespace = 'shop') => ({ namespace, kind: 'Deployment' as const, name });

  it('answers from the initial list', () => {
    assert.equal(store.get(key('web'))?.metadata.name, 'deployment-web');
    assert.equal(store.get(key('web', 'other')), undefined);
  });

  it('follows ADDED, MODIFIED and DELETED events', () => {
    watch.fire('ADDED', profileObject('api', '2'));
    assert.equal(store.size, 2);
    assert.equal(store.get(key('api'))?.status.phase, 'complete');

    const learning = profileObject('api', '3') as KubernetesObject & { status: { phase: string } };
    learning.status.phase = 'learning';
    watch.fire('MODIFIED', learning);
    assert.equal(store.get(key('api'))?.status.phase, 'learning');

    watch.fire('DELETED', profileObject('api', '4'));
    assert.equal(store.get(key('api')), undefined);
    assert.equal(store.size, 1);
  });

  it('re-indexes when a MODIFIED object describes another workload', () => {
    const moved = profileObject('web2', '5', 'deployment-web');
    watch.fire('MODIFIED', moved);
    assert.equal(store.get(key('web')), undefined);
    assert.equal(store.get(key('web2'))?.metadata.name, 'deployment-web');
  });

  it('reports and ignores invalid objects, forgetting the previous version', () => {
    const bad = profileObject('web', '6') as KubernetesObject & { spec: { containers: unknown[] } };
    bad.spec.containers = [];
    watch.fire('MODIFIED', bad);
    assert.equal(store.get(key('web')), undefined);
    assert.equal(invalid.length, 1);
    assert.match(invalid[0]?.message ?? '', /WorkloadProfile shop\/deployment-web: spec\.containers/);
  });
});
