/**
 * The recorder attaches its syscall programs only while something is recorded (a tracked key or
 * a watched root) and detaches them when nothing is: any syscall tracepoint with a program puts
 * every task on the host on the slow syscall path. Checked in the kernel's own list of links.
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
import { linksOf, linksWhen, programIds, syscallPrograms } from '../../support/bpf-links.js';
import { buildRecorder } from './helpers.js';

describe('bpf-profiler syscall hooks on demand', function () {
  this.timeout(120_000);
  let mount: string;
  const made: Cgroup[] = [];

  before(async () => {
    buildRecorder();
    mount = await findCgroup2Mount();
  });

  after(async () => {
    for (const cgroup of made.reverse()) await removeCgroup(cgroup);
  });

  it('attaches them while a key is tracked or a root is watched, and detaches them when neither is', async () => {
    const before = programIds();
    const hooks: string[] = [];
    const adopted: { key: string; hooksDown: boolean }[] = [];
    const syscalls = new Map<string, string[]>();
    const recorder = await RecorderProcess.start({
      onObservation: (o) => {
        if (o.type === 'summary') syscalls.set(o.key, o.syscalls);
      },
      onHooks: (s) => hooks.push(s),
      onAdopted: (key, hooksDown) => adopted.push({ key, hooksDown }),
    });
    try {
      const programs = syscallPrograms(before);
      const attachedCount = 1 + recorder.ready.pathSyscalls; // sys_enter + one sys_exit_ each
      assert.ok(programs.size >= 2, `syscall programs loaded: ${programs.size}`);
      assert.equal(linksOf(programs), 0, 'nothing tracked at start: no syscall program attached');

      const cgroup = await createCgroup(mount, `profilegate-hooks-${process.pid}`);
      made.push(cgroup);
      await recorder.track(cgroup.id);
      // Attached before `tracked` is answered: a program started on that answer is recorded.
      assert.deepEqual(hooks, ['attached']);
      assert.equal(linksOf(programs), attachedCount);
      const run = spawnSync(CGEXEC_BIN, [cgroup.path, '/usr/bin/python3', '-c', 'import os; os.getppid()']);
      assert.equal(run.status, 0, run.stderr.toString());
      await recorder.untrack(cgroup.id);
      assert.ok(syscalls.get(cgroup.id)?.includes('getppid'), String(syscalls.get(cgroup.id)));
      assert.deepEqual(hooks, ['attached', 'detached']);
      assert.equal(
        await linksWhen(
          () => programs,
          (n) => n === 0,
        ),
        0,
        'untracked the last key: detached',
      );

      // A watched root keeps them attached, so what it adopts is recorded from its first exec.
      const root = await createCgroup(mount, `profilegate-hooks-root-${process.pid}`);
      made.push(root);
      const child = await createCgroup(root.path, 'pod');
      made.push(child);
      await recorder.watch(root.id, 1);
      assert.deepEqual(hooks, ['attached', 'detached', 'attached']);
      assert.equal(
        await linksWhen(
          () => programs,
          (n) => n === attachedCount,
        ),
        attachedCount,
      );
      // An exec in a PID namespace of its own below the root: the container's entrypoint.
      const adopt = spawnSync(CGEXEC_BIN, [child.path, 'unshare', '--pid', '--fork', '/bin/true']);
      assert.equal(adopt.status, 0, adopt.stderr.toString());
      await recorder.flush();
      assert.deepEqual(adopted, [{ key: child.id, hooksDown: false }]);
      await recorder.unwatch(root.id);
      assert.deepEqual(hooks, ['attached', 'detached', 'attached'], 'the adopted key is still tracked');
      await recorder.untrack(child.id);
      assert.deepEqual(hooks, ['attached', 'detached', 'attached', 'detached']);
      assert.equal(
        await linksWhen(
          () => programs,
          (n) => n === 0,
        ),
        0,
      );
      await assert.rejects(recorder.unwatch(root.id), { message: `unwatch ${root.id}: not watched` });
    } finally {
      await recorder.stop();
    }
  });
});
