import { strict as assert } from 'node:assert';
import { findProfile, workloadCandidates } from '../../../src/profile/workload-owner.js';
import { StaticProfileStore } from '../../../src/profile/profile-store.js';
import { fixtureProfile } from './helpers.js';

describe('workloadCandidates', () => {
  const cases = [
    { name: 'bare pod', kind: 'Pod', obj: 'debug', meta: {}, want: ['Pod/debug'] },
    {
      name: 'pod of a Deployment (pod-template-hash label)',
      kind: 'Pod',
      obj: 'web-5d8f7c9b4-x2x9p',
      meta: {
        ownerReferences: [{ kind: 'ReplicaSet', name: 'web-5d8f7c9b4', controller: true }],
        labels: { 'pod-template-hash': '5d8f7c9b4' },
      },
      want: ['Deployment/web', 'ReplicaSet/web-5d8f7c9b4', 'Pod/web-5d8f7c9b4-x2x9p'],
    },
    {
      name: 'pod of a Deployment (no label: hash alphabet)',
      kind: 'Pod',
      obj: 'api-server-7bcf6d-abcde',
      meta: { ownerReferences: [{ kind: 'ReplicaSet', name: 'api-server-7bcf6d' }] },
      want: ['Deployment/api-server', 'ReplicaSet/api-server-7bcf6d', 'Pod/api-server-7bcf6d-abcde'],
    },
    {
      name: 'pod of a CronJob',
      kind: 'Pod',
      obj: 'nightly-28934560-q7k2d',
      meta: { ownerReferences: [{ kind: 'Job', name: 'nightly-28934560', controller: true }] },
      want: ['CronJob/nightly', 'Job/nightly-28934560', 'Pod/nightly-28934560-q7k2d'],
    },
    {
      name: 'Job owned by a CronJob',
      kind: 'Job',
      obj: 'nightly-28934560',
      meta: { ownerReferences: [{ kind: 'CronJob', name: 'nightly', controller: true }] },
      want: ['CronJob/nightly', 'Job/nightly-28934560'],
    },
    {
      name: 'pod of a StatefulSet',
      kind: 'Pod',
      obj: 'db-0',
      meta: { ownerReferences: [{ kind: 'StatefulSet', name: 'db', controller: true }] },
      want: ['StatefulSet/db', 'Pod/db-0'],
    },
  ] as const;
  for (const c of cases) {
    it(c.name, () => {
      const got = workloadCandidates(c.kind, c.obj, c.meta).map((r) => `${r.kind}/${r.name}`);
      assert.deepEqual(got, c.want);
    });
  }

  it('finds the Deployment profile for one of its pods', () => {
    const store = new StaticProfileStore([fixtureProfile()]);
    const candidates = workloadCandidates('Pod', 'web-5d8f7c9b4-x2x9p', {
      ownerReferences: [{ kind: 'ReplicaSet', name: 'web-5d8f7c9b4', controller: true }],
    });
    assert.equal(findProfile(store, 'shop', candidates)?.metadata.name, 'deployment-web');
    assert.equal(findProfile(store, 'other', candidates), undefined);
  });
});
