/**
 * The recorder's hot path keeps syscall bitmaps in direct-mapped slots (cgroup id mod 4096); a
 * second tracked cgroup whose id maps to a taken slot keeps its bitmap in the `tracked` hash map.
 * Both must record exactly their own syscalls, and a slot freed by untrack must not leak.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  createCgroup,
  findCgroup2Mount,
  removeCgroup,
  type Cgroup,
} from '../../../bpf-profiler/agent/cgroup-v2.js';
import { CGEXEC_BIN } from '../../../bpf-profiler/agent/recorder-build.js';
import { RecorderProcess } from '../../../bpf-profiler/agent/recorder-process.js';
import { buildRecorder, PYTHON } from './helpers.js';

const SLOTS = 4096n;

describe('bpf-profiler tracked slots', function () {
  this.timeout(120_000);
  const made: Cgroup[] = [];
  let pair: [Cgroup, Cgroup];

  before(async () => {
    buildRecorder();
    const mount = await findCgroup2Mount();
    const bySlot = new Map<bigint, Cgroup>();
    // kernfs hands out inode numbers in sequence (each cgroup's files take some too): a few
    // hundred cgroups wrap around the slot count.
    for (let i = 0; i < 5000; i++) {
      const cgroup = await createCgroup(mount, `profilegate-slot-${process.pid}-${i}`);
      made.push(cgroup);
      const slot = BigInt(cgroup.id) % SLOTS;
      const other = bySlot.get(slot);
      if (other !== undefined) {
        pair = [other, cgroup];
        return;
      }
      bySlot.set(slot, cgroup);
    }
    throw new Error('no two cgroup ids in the same slot after 5000 cgroups');
  });

  after(async () => {
    for (const cgroup of made.reverse()) await removeCgroup(cgroup);
  });

  it('records two cgroups that share a slot separately (slot and hash fallback)', async () => {
    const syscalls = new Map<string, string[]>();
    const recorder = await RecorderProcess.start({
      onObservation: (o) => {
        if (o.type === 'summary') syscalls.set(o.key, o.syscalls);
      },
    });
    try {
      const [first, second] = pair;
      await recorder.track(first.id); // claims the slot
      await recorder.track(second.id); // slot taken: hash fallback
      const run = (cgroup: Cgroup, args: string[]) => {
        const result = spawnSync(CGEXEC_BIN, [cgroup.path, ...args], { stdio: 'ignore' });
        assert.equal(result.status, 0);
      };
      run(first, [PYTHON, '-c', 'import socket; socket.socket().close()']);
      run(second, ['/bin/true']);
      await recorder.flush();
      assert.ok(syscalls.get(first.id)?.includes('socket'), 'socket in the slot-held bitmap');
      assert.ok(syscalls.get(second.id)?.includes('execve'), 'execve in the fallback bitmap');
      assert.ok(!syscalls.get(second.id)?.includes('socket'), 'no socket leaked into the other cgroup');

      // A freed slot is claimed afresh: nothing of the previous owner comes with it.
      await recorder.untrack(first.id);
      await recorder.track(first.id);
      await recorder.flush();
      assert.deepEqual(syscalls.get(first.id), []);
    } finally {
      await recorder.stop();
    }
  });
});
