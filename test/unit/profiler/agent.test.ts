/** The node agent with fakes: no cluster, no kernel. */
import assert from 'node:assert/strict';
import type { WorkloadProfile } from '../../../src/profile/workload-profile.js';
import { NodeAgent } from '../../../bpf-profiler/agent/node-agent.js';
import { judgeLearning } from '../../../bpf-profiler/agent/learning-window.js';
import { resolveWorkload, type PodInfo } from '../../../bpf-profiler/agent/workload-resolver.js';
import { FakeOwners, FakeProfiles } from './agent-fakes.js';
import type { PathFacts } from '../../../bpf-profiler/agent/preexisting-probe.js';
import type { Observation } from '../../../bpf-profiler/agent/recorder-messages.js';

const C1 = 'a'.repeat(64);
const C2 = 'b'.repeat(64);

function pod(
  uid: string,
  name: string,
  owner: { kind: string; name: string } | undefined,
  cid: string,
): PodInfo {
  return {
    metadata: {
      uid,
      name,
      namespace: 'shop',
      ...(owner ? { ownerReferences: [{ ...owner, controller: true }] } : {}),
    },
    status: {
      containerStatuses: [
        { name: 'web', containerID: `containerd://${cid}`, imageID: `docker.io/x@sha256:${'1'.repeat(64)}` },
      ],
    },
  };
}

const owners = new FakeOwners({
  'shop/ReplicaSet/web-7d9f8': {
    metadata: { ownerReferences: [{ kind: 'Deployment', name: 'web', controller: true }] },
  },
  'shop/Job/report-28973520': {
    metadata: { ownerReferences: [{ kind: 'CronJob', name: 'report', controller: true }] },
  },
});

describe('resolveWorkload', () => {
  const table: [string, { kind: string; name: string } | undefined, { kind: string; name: string }][] = [
    [
      'Pod → ReplicaSet → Deployment',
      { kind: 'ReplicaSet', name: 'web-7d9f8' },
      { kind: 'Deployment', name: 'web' },
    ],
    ['Pod → Job → CronJob', { kind: 'Job', name: 'report-28973520' }, { kind: 'CronJob', name: 'report' }],
    ['Pod → Job without owner', { kind: 'Job', name: 'once' }, { kind: 'Job', name: 'once' }],
    ['Pod → StatefulSet', { kind: 'StatefulSet', name: 'db' }, { kind: 'StatefulSet', name: 'db' }],
    ['bare Pod', undefined, { kind: 'Pod', name: 'p' }],
    [
      'Pod owned by something else (a Node: static pod)',
      { kind: 'Node', name: 'n1' },
      { kind: 'Pod', name: 'p' },
    ],
  ];
  for (const [name, owner, expected] of table) {
    it(name, async () => {
      const w = await resolveWorkload(pod('u', 'p', owner, C1), owners);
      assert.deepEqual({ kind: w.kind, name: w.name }, expected);
    });
  }
});

describe('NodeAgent', () => {
  const start = new Date('2026-01-01T00:00:00Z');
  let clock = start;
  const pods: Record<string, PodInfo> = {
    u1: pod('u1', 'web-7d9f8-aaaaa', { kind: 'ReplicaSet', name: 'web-7d9f8' }, C1),
    u2: pod('u2', 'web-7d9f8-bbbbb', { kind: 'ReplicaSet', name: 'web-7d9f8' }, C2),
  };
  function agent(profiles: FakeProfiles, node = 'node-a'): NodeAgent {
    return new NodeAgent({
      node,
      pods: { podByUid: (uid) => Promise.resolve(pods[uid]) },
      owners,
      profiles,
      criteria: { minDurationMs: 3600_000, minPods: 2 },
      now: () => clock,
    });
  }

  it('merges two replicas by union into one Deployment profile, learning until criteria hold', async () => {
    clock = start;
    const profiles = new FakeProfiles();
    const a = agent(profiles);
    a.addContainer('11', { podUid: 'u1', containerId: C1, runtime: 'containerd', qosClass: 'Burstable' });
    a.addContainer('12', { podUid: 'u2', containerId: C2, runtime: 'containerd', qosClass: 'Burstable' });
    a.observe({ type: 'summary', key: '11', syscalls: ['read', 'accept4'] });
    a.observe({ type: 'summary', key: '12', syscalls: ['read', 'write'] });
    a.observe({ type: 'listen', key: '12', pid: 1, protocol: 'TCP', port: 8080 });
    const [first] = await a.writeRound(0);
    assert.ok(first);
    assert.equal(first.metadata.name, 'deployment-web');
    assert.deepEqual(first.spec.workload, { kind: 'Deployment', name: 'web' });
    assert.equal(first.spec.containers.length, 1);
    const [web] = first.spec.containers;
    assert.ok(web);
    assert.deepEqual(web.syscalls, ['accept4', 'read', 'write']);
    assert.equal(web.imageDigest, `sha256:${'1'.repeat(64)}`);
    assert.equal(first.spec.observation.podsObserved, 2);
    assert.equal(first.status.phase, 'learning');

    // A second node sees another syscall two hours later: union, and now complete.
    clock = new Date(start.getTime() + 2 * 3600_000);
    const b = agent(profiles, 'node-b');
    b.addContainer('31', { podUid: 'u1', containerId: C1, runtime: 'containerd', qosClass: 'Burstable' });
    b.observe({ type: 'summary', key: '31', syscalls: ['epoll_wait'] });
    const [second] = await b.writeRound(0);
    assert.ok(second);
    assert.deepEqual(second.spec.containers[0]?.syscalls, ['accept4', 'epoll_wait', 'read', 'write']);
    assert.deepEqual(second.spec.observation.nodesObserved, ['node-a', 'node-b']);
    assert.equal(second.spec.observation.podsObserved, 2, 'u1 is not counted twice');
    assert.equal(second.status.phase, 'complete');
  });

  it('retries on 409 Conflict and never completes a profile that lost events', async () => {
    clock = start;
    const profiles = new FakeProfiles();
    profiles.conflictsToInject = 2;
    const a = agent(profiles);
    a.addContainer('11', { podUid: 'u1', containerId: C1, runtime: 'containerd', qosClass: 'Burstable' });
    a.observe({ type: 'summary', key: '11', syscalls: ['read'] });
    const [p] = await a.writeRound(3);
    assert.ok(p);
    assert.equal(profiles.writes, 1);
    assert.equal(p.spec.observation.eventsLost, 3);
    clock = new Date(start.getTime() + 48 * 3600_000);
    const [later] = await a.writeRound(3);
    assert.ok(later);
    assert.equal(later.spec.observation.eventsLost, 3, 'only new losses are added');
    assert.equal(later.status.phase, 'learning');
    assert.match(later.status.reason ?? '', /events were lost/);
  });

  describe('emptyDir evidence', () => {
    const image: Record<string, PathFacts> = {
      '/var/cache/web': { preexisting: true, isDirectory: true, uid: 33, gid: 33, mode: 0o755 },
      '/var/cache/web/seed': { preexisting: true, isDirectory: false, uid: 33, gid: 33, mode: 0o644 },
    };
    const file = (key: string, access: 'read' | 'write', name: string): Observation => ({
      type: 'file',
      key,
      pid: 7,
      access,
      dir: '/var/cache/web',
      file: `/var/cache/web/${name}`,
      truncated: false,
    });
    function examining(asked: string[]): NodeAgent {
      return new NodeAgent({
        node: 'node-a',
        pods: { podByUid: (uid) => Promise.resolve(pods[uid]) },
        owners,
        profiles: new FakeProfiles(),
        now: () => clock,
        content: (container) => {
          asked.push(container.containerId);
          if (container.containerId !== C1) return undefined;
          return { facts: (path) => image[path], preexistingEntry: () => undefined };
        },
      });
    }
    const c1 = { podUid: 'u1', containerId: C1, runtime: 'containerd', qosClass: 'Burstable' } as const;
    const c2 = { podUid: 'u2', containerId: C2, runtime: 'containerd', qosClass: 'Burstable' } as const;

    it('adopted observations wait for the image; a use and the write above it may fall in different rounds', async () => {
      for (const readSeedFirst of [true, false]) {
        const asked: string[] = [];
        const a = examining(asked);
        a.adopt('11');
        if (readSeedFirst) a.observe(file('11', 'read', 'seed'));
        a.addContainer('11', c1);
        assert.deepEqual(asked, [C1]);
        await a.writeRound(0);
        a.observe(file('11', 'write', 'new.db'));
        const [web] = (await a.writeRound(0))[0]?.spec.containers ?? [];
        assert.ok(web);
        assert.deepEqual(web.writePaths, ['/var/cache/web']);
        assert.deepEqual(web.preexistingWriteDirs, [
          { path: '/var/cache/web', uid: 33, gid: 33, mode: '0755' },
        ]);
        assert.deepEqual(
          web.preexistingUse,
          readSeedFirst ? ['/var/cache/web'] : [],
          `seed read: ${readSeedFirst}`,
        );
      }
    });

    it('a container whose image cannot be examined makes every write path used content', async () => {
      const a = examining([]);
      a.addContainer('12', c2);
      a.observe(file('12', 'write', 'new.db'));
      const [web] = (await a.writeRound(0))[0]?.spec.containers ?? [];
      assert.ok(web);
      assert.deepEqual(web.preexistingWriteDirs, []);
      assert.deepEqual(web.preexistingUse, ['/var/cache/web']);
    });
  });

  it('skips containers whose pod the API does not know yet', async () => {
    const profiles = new FakeProfiles();
    const a = agent(profiles);
    a.addContainer('99', { podUid: 'nope', containerId: C1, runtime: 'containerd', qosClass: 'Burstable' });
    assert.deepEqual(await a.writeRound(0), []);
  });
});

describe('judgeLearning', () => {
  it('explains what is missing', () => {
    const profile = {
      spec: {
        observation: {
          firstSeen: '2026-01-01T00:00:00Z',
          lastSeen: '2026-01-01T00:30:00Z',
          podsObserved: 1,
          nodesObserved: ['a'],
          eventsLost: 0,
        },
      },
    } as unknown as WorkloadProfile;
    assert.deepEqual(judgeLearning(profile, { minDurationMs: 3600_000, minPods: 1 }), {
      phase: 'learning',
      reason: 'observed 1 pods on 1 nodes for 0h30m, 0 events lost: needs 1h0m',
    });
  });
});
