/**
 * The agent and the webhook agree on whose profile a pod is: for every workload kind, the
 * profile the node agent writes for a pod is the one the webhook finds when that workload, its
 * intermediate controller or the pod itself is admitted (one owner rule, two sides).
 */
import assert from 'node:assert/strict';
import { NodeAgent } from '../../../bpf-profiler/agent/node-agent.js';
import type { ObjectWithOwners, PodInfo } from '../../../bpf-profiler/agent/workload-resolver.js';
import { StaticProfileStore } from '../../../src/profile/profile-store.js';
import { findProfile, workloadCandidates, type ObjectMeta } from '../../../src/profile/workload-owner.js';
import { WorkloadKind, profileName, type WorkloadProfile } from '../../../src/profile/workload-profile.js';
import { FakeOwners, FakeProfiles } from './agent-fakes.js';

const NS = 'shop';
const CID = 'c'.repeat(64);

interface Admitted {
  kind: WorkloadKind;
  name: string;
  meta: ObjectMeta;
}

interface Row {
  /** The workload the profile must be named for. */
  name: string;
  /** The pod the agent observes: its name, controller and labels. */
  pod: { name: string; owner?: { kind: string; name: string }; labels?: Record<string, string> };
  /** Objects the agent may read to follow owner references, by `<kind>/<name>`. */
  cluster?: Record<string, ObjectWithOwners>;
  /** What the API server may send the webhook for this workload, outermost first. */
  admitted: Admitted[];
}

const owned = (kind: string, name: string) => ({ ownerReferences: [{ kind, name, controller: true }] });

function row(kind: WorkloadKind, name: string, rest: Omit<Row, 'name'>): Row {
  const self: Admitted = { kind, name, meta: {} };
  return { name, ...rest, admitted: kind === 'Pod' ? rest.admitted : [self, ...rest.admitted] };
}

function podAdmitted(pod: Row['pod']): Admitted {
  return {
    kind: 'Pod',
    name: pod.name,
    meta: {
      ...(pod.owner ? owned(pod.owner.kind, pod.owner.name) : {}),
      ...(pod.labels ? { labels: pod.labels } : {}),
    },
  };
}

function withPod(kind: WorkloadKind, name: string, pod: Row['pod'], rest: Partial<Row> = {}): Row {
  return row(kind, name, { pod, ...rest, admitted: [...(rest.admitted ?? []), podAdmitted(pod)] });
}

const TABLE: Record<WorkloadKind, Row> = {
  Deployment: withPod(
    'Deployment',
    'web',
    {
      name: 'web-7d9f8b6c5-x2x4z',
      owner: { kind: 'ReplicaSet', name: 'web-7d9f8b6c5' },
      labels: { 'pod-template-hash': '7d9f8b6c5' },
    },
    {
      cluster: { 'ReplicaSet/web-7d9f8b6c5': { metadata: owned('Deployment', 'web') } },
      admitted: [{ kind: 'ReplicaSet', name: 'web-7d9f8b6c5', meta: owned('Deployment', 'web') }],
    },
  ),
  ReplicaSet: withPod(
    'ReplicaSet',
    'cache-6c9d4',
    { name: 'cache-6c9d4-abcde', owner: { kind: 'ReplicaSet', name: 'cache-6c9d4' } },
    { cluster: { 'ReplicaSet/cache-6c9d4': { metadata: {} } } },
  ),
  StatefulSet: withPod('StatefulSet', 'db', { name: 'db-0', owner: { kind: 'StatefulSet', name: 'db' } }),
  DaemonSet: withPod('DaemonSet', 'log-agent', {
    name: 'log-agent-q2w7r',
    owner: { kind: 'DaemonSet', name: 'log-agent' },
  }),
  ReplicationController: withPod('ReplicationController', 'legacy', {
    name: 'legacy-h8k2p',
    owner: { kind: 'ReplicationController', name: 'legacy' },
  }),
  Job: withPod(
    'Job',
    'migrate',
    { name: 'migrate-z8x7c', owner: { kind: 'Job', name: 'migrate' } },
    { cluster: { 'Job/migrate': { metadata: {} } } },
  ),
  CronJob: withPod(
    'CronJob',
    'nightly',
    { name: 'nightly-29420160-q7k2d', owner: { kind: 'Job', name: 'nightly-29420160' } },
    {
      cluster: { 'Job/nightly-29420160': { metadata: owned('CronJob', 'nightly') } },
      admitted: [{ kind: 'Job', name: 'nightly-29420160', meta: owned('CronJob', 'nightly') }],
    },
  ),
  Pod: withPod('Pod', 'debug', { name: 'debug' }),
};

async function recordedProfile(r: Row): Promise<WorkloadProfile> {
  const cluster = Object.fromEntries(Object.entries(r.cluster ?? {}).map(([k, v]) => [`${NS}/${k}`, v]));
  const pod: PodInfo = {
    metadata: {
      uid: 'u1',
      name: r.pod.name,
      namespace: NS,
      ...(r.pod.owner ? owned(r.pod.owner.kind, r.pod.owner.name) : {}),
    },
    status: { containerStatuses: [{ name: 'app', containerID: `containerd://${CID}` }] },
  };
  const agent = new NodeAgent({
    node: 'node-a',
    pods: { podByUid: (uid) => Promise.resolve(uid === 'u1' ? pod : undefined) },
    owners: new FakeOwners(cluster),
    profiles: new FakeProfiles(),
    criteria: { minDurationMs: 0, minPods: 1 },
    now: () => new Date('2026-01-01T00:00:00Z'),
  });
  agent.addContainer('1', { podUid: 'u1', containerId: CID, runtime: 'containerd', qosClass: 'Burstable' });
  agent.observe({ type: 'summary', key: '1', syscalls: ['read'] });
  const written = await agent.writeRound(0);
  assert.equal(written.length, 1);
  const [profile] = written;
  assert.ok(profile);
  return profile;
}

describe('profile naming: the agent writes what the webhook looks up', () => {
  it('has a row for every workload kind', () => {
    assert.deepEqual(Object.keys(TABLE).sort(), [...WorkloadKind.options].sort());
  });

  for (const kind of WorkloadKind.options) {
    const r = TABLE[kind];
    it(`${kind}: named ${profileName(kind, r.name)} and found on admission of ${r.admitted.map((a) => a.kind).join(', ')}`, async () => {
      const profile = await recordedProfile(r);
      assert.equal(profile.metadata.name, profileName(kind, r.name));
      assert.deepEqual(profile.spec.workload, { kind, name: r.name });
      const store = new StaticProfileStore([profile]);
      for (const a of r.admitted) {
        const found = findProfile(store, NS, workloadCandidates(a.kind, a.name, a.meta));
        assert.equal(found?.metadata.name, profile.metadata.name, `admitting ${a.kind} ${a.name}`);
      }
    });
  }

  it('does not find a profile recorded for the ReplicaSet when the Deployment is admitted (negative control)', async () => {
    const profile = await recordedProfile(TABLE.ReplicaSet);
    const store = new StaticProfileStore([profile]);
    assert.equal(findProfile(store, NS, workloadCandidates('Deployment', 'cache', {})), undefined);
  });
});
