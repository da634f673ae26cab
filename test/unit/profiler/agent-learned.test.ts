/**
 * Once a workload's profile is complete its containers are no longer recorded, and when nothing
 * on the node is learning the loop stops watching, so the recorder detaches its syscall
 * programs. A container that starts meanwhile is recorded from when it is found, not from its
 * start: its uses count, its pod does not.
 */
import assert from 'node:assert/strict';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { AgentLoop } from '../../../bpf-profiler/agent/agent-loop.js';
import { CgroupTracker, type ContainerCgroup } from '../../../bpf-profiler/agent/cgroup-scanner.js';
import { NodeAgent } from '../../../bpf-profiler/agent/node-agent.js';
import type { PodInfo } from '../../../bpf-profiler/agent/workload-resolver.js';
import { FakeOwners, FakeProfiles, commandLog, kubepodsRoot } from './agent-fakes.js';

function pod(uid: string, owner: { kind: string; name: string }, cid: string): PodInfo {
  return {
    metadata: {
      uid,
      name: `${owner.name}-${uid}`,
      namespace: 'shop',
      ownerReferences: [{ ...owner, controller: true }],
    },
    status: { containerStatuses: [{ name: 'main', containerID: `containerd://${cid}` }] },
  };
}

function cgroup(id: string, uid: string): ContainerCgroup {
  return {
    id,
    path: `/kubepods/besteffort/pod-${uid}/${id}`,
    container: {
      podUid: uid,
      containerId: id.repeat(64).slice(0, 64),
      runtime: 'containerd',
      qosClass: 'BestEffort',
    },
  };
}

const WEB = { kind: 'StatefulSet', name: 'web' };
const DB = { kind: 'StatefulSet', name: 'db' };
const pods: Record<string, PodInfo> = {
  u1: pod('u1', WEB, '1'.repeat(64)),
  u2: pod('u2', WEB, '2'.repeat(64)),
  u3: pod('u3', DB, '3'.repeat(64)),
  u4: pod('u4', DB, '4'.repeat(64)),
  u5: pod('u5', DB, '5'.repeat(64)),
};

describe('agent loop: learned workloads are not recorded', () => {
  const cgroupRoot = kubepodsRoot();

  it('untracks a complete workload, stops watching when nothing learns, and counts no pod it did not see start', async () => {
    const web1 = cgroup('1', 'u1');
    const web2 = cgroup('2', 'u2');
    const db3 = cgroup('3', 'u3');
    const db4 = cgroup('4', 'u4');
    const db5 = cgroup('5', 'u5');
    let scan: ContainerCgroup[] = [web1];
    const commands: string[] = [];
    const root = cgroupRoot();
    const profiles = new FakeProfiles();
    let now = 0;
    const agent = new NodeAgent({
      node: 'n1',
      pods: { podByUid: (uid) => Promise.resolve(pods[uid]) },
      owners: new FakeOwners({}),
      profiles,
      criteria: { minDurationMs: 0, minPods: 1 },
      now: () => new Date(now),
    });
    const loop = new AgentLoop({
      agent,
      recorder: commandLog(commands),
      tracker: new CgroupTracker(root, () => Promise.resolve(scan)),
      cgroupRoot: root,
      logger: { info: () => undefined, warn: () => undefined },
      rescanMs: 10,
      writeMs: 1e9,
      now: () => now,
    });
    const kubepods = (await stat(join(root, 'kubepods'), { bigint: true })).ino.toString();
    const podsObserved = (name: string) => profiles.store.get(`shop/${name}`)?.spec.observation.podsObserved;
    const phase = (name: string) => profiles.store.get(`shop/${name}`)?.status.phase;

    // web's one pod makes its profile complete: it leaves the record, nothing else learns.
    await loop.tick();
    agent.observe({ type: 'exec', key: '1', pid: 10, path: '/usr/sbin/nginx', truncated: false });
    await loop.write();
    assert.equal(phase('statefulset-web'), 'complete');
    assert.deepEqual(commands, [
      `watch ${kubepods} 1`,
      'track 1',
      'flush',
      'untrack 1',
      `unwatch ${kubepods}`,
    ]);
    assert.deepEqual(agent.keys(), []);

    // Another web pod: its workload is learned, so it is not recorded at all.
    commands.length = 0;
    scan = [web1, web2];
    await loop.tick();
    assert.deepEqual(commands, []);

    // A db pod found while nothing was watched: recording resumes (watch first, so the recorder
    // attaches its syscall programs), but the pod was not seen from its start.
    scan = [web1, web2, db3];
    await loop.tick();
    assert.deepEqual(commands, [`watch ${kubepods} 1`, 'track 3']);
    agent.observe({ type: 'exec', key: '3', pid: 11, path: '/usr/bin/redis-server', truncated: false });
    await loop.write();
    assert.equal(podsObserved('statefulset-db'), 0);
    assert.equal(phase('statefulset-db'), 'learning');

    // Adopted at its first exec while the syscall hooks were detached: not counted either.
    commands.length = 0;
    agent.adopt('4', true);
    scan = [web1, web2, db3, db4];
    now = 100;
    await loop.tick();
    await loop.write();
    assert.equal(podsObserved('statefulset-db'), 0);
    assert.deepEqual(commands, ['flush']);

    // Adopted with the hooks attached: recorded from its start, so it counts and completes db.
    agent.adopt('5');
    scan = [web1, web2, db3, db4, db5];
    now = 200;
    await loop.tick();
    await loop.write();
    assert.equal(podsObserved('statefulset-db'), 1);
    assert.equal(phase('statefulset-db'), 'complete');
    assert.deepEqual(commands, [
      'flush',
      'flush',
      'untrack 3',
      'untrack 4',
      'untrack 5',
      `unwatch ${kubepods}`,
    ]);
    assert.deepEqual(agent.keys(), []);
  });
});
