/**
 * Containers tracked from their first exec: the loop watches the kubelet's pod root, leaves a
 * cgroup that appears below it to the kernel's adoption (whose observations it keeps until the
 * rescan maps the key), and tracks one that was not adopted in time itself.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, stat, statfs } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AgentLoop } from '../../../bpf-profiler/agent/agent-loop.js';
import { CgroupTracker, type ContainerCgroup } from '../../../bpf-profiler/agent/cgroup-scanner.js';
import { unifiedHierarchyAt } from '../../../bpf-profiler/agent/cgroup-v2.js';
import { kubepodsRoot, offlineAgent } from './agent-fakes.js';

const UID = '0f0e0d0c-0b0a-4909-8807-060504030201';

function cgroup(id: string, path: string): ContainerCgroup {
  return {
    id,
    path,
    container: {
      podUid: UID,
      containerId: id.repeat(64).slice(0, 64),
      runtime: 'containerd',
      qosClass: 'BestEffort',
    },
  };
}

describe('agent loop: adoption at first exec', () => {
  const cgroupRoot = kubepodsRoot();

  it('watches kubepods, tracks the first scan itself, leaves later cgroups to the kernel, and falls back after 5 s', async () => {
    const root = cgroupRoot();
    const running = cgroup('1', '/kubepods/besteffort/pod-a/one');
    const adopted = cgroup('2', '/kubepods/besteffort/pod-a/two');
    const hostPid = cgroup('3', '/kubepods/besteffort/pod-b/three');
    const outside = cgroup('4', '/system.slice/other');
    const scans = [[running], [running, adopted, hostPid, outside]];
    const commands: string[] = [];
    const agent = offlineAgent();
    let now = 0;
    const record = (c: string) => Promise.resolve(void commands.push(c));
    const loop = new AgentLoop({
      agent,
      recorder: {
        track: (k) => record(`track ${k}`),
        untrack: (k) => record(`untrack ${k}`),
        watch: (k, level) => record(`watch ${k} ${level}`),
        unwatch: (k) => Promise.resolve(void commands.push(`unwatch ${k}`)),
        flush: () => Promise.reject(new Error('no write in this test')),
      },
      tracker: new CgroupTracker(root, () =>
        Promise.resolve(scans.shift() ?? [running, adopted, hostPid, outside]),
      ),
      cgroupRoot: root,
      logger: { info: () => undefined, warn: () => undefined },
      rescanMs: 10,
      writeMs: 1e9,
      now: () => now,
    });
    const kubepods = (await stat(join(root, 'kubepods'), { bigint: true })).ino.toString();
    await loop.tick();
    assert.deepEqual(commands, [`watch ${kubepods} 1`, 'track 1']);
    // The kernel adopted "2" at its exec and reported what it did before any rescan mapped it.
    agent.adopt('2');
    agent.observe({ type: 'exec', key: '2', pid: 9, path: '/usr/sbin/nginx', truncated: false });
    now = 100;
    await loop.tick();
    assert.deepEqual(commands, [`watch ${kubepods} 1`, 'track 1', 'track 4']);
    assert.deepEqual(agent.keys().sort(), ['1', '2', '3', '4']);
    now = 5200;
    await loop.tick();
    assert.deepEqual(commands, [`watch ${kubepods} 1`, 'track 1', 'track 4', 'track 3']);
  });

  it('forgets an adopted key no rescan maps within a minute, and untracks it', async () => {
    const root = cgroupRoot();
    const commands: string[] = [];
    let now = 0;
    const agent = offlineAgent(() => new Date(now));
    const loop = new AgentLoop({
      agent,
      recorder: {
        track: (k) => Promise.resolve(void commands.push(`track ${k}`)),
        untrack: (k) => Promise.resolve(void commands.push(`untrack ${k}`)),
        watch: () => Promise.resolve(),
        unwatch: (k) => Promise.resolve(void commands.push(`unwatch ${k}`)),
        flush: () => Promise.reject(new Error('no write in this test')),
      },
      tracker: new CgroupTracker(root, () => Promise.resolve([])),
      logger: { info: () => undefined, warn: () => undefined },
      rescanMs: 10,
      writeMs: 1e9,
      now: () => now,
    });
    agent.adopt('9');
    await loop.tick();
    assert.deepEqual(commands, []);
    now = 61_000;
    await loop.tick();
    assert.deepEqual(commands, ['untrack 9']);
  });
});

describe('the agent cgroup root', () => {
  it("is the unified hierarchy itself, or on a hybrid host its 'unified' mount below /sys/fs/cgroup", async () => {
    const found = await unifiedHierarchyAt('/sys/fs/cgroup');
    assert.ok(['/sys/fs/cgroup', '/sys/fs/cgroup/unified'].includes(found), found);
    assert.equal((await statfs(found)).type, 0x63677270);
  });

  it('refuses a directory that is no cgroup v2 hierarchy, naming the variable', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'not-cgroup-'));
    await assert.rejects(unifiedHierarchyAt(dir), {
      message: `PROFILEGATE_CGROUP_ROOT ${dir}: neither it nor ${dir}/unified is a cgroup v2 hierarchy`,
    });
    await rm(dir, { recursive: true });
  });
});
