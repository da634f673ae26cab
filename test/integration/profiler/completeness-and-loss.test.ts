/**
 * Completeness: for the same run, every syscall strace sees is in the profile.
 * No loss: a syscall storm from several processes leaves lost events at 0 and the bitmap right.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RecordingSession } from '../../../bpf-profiler/agent/standalone.js';
import { PROFILER_DIR } from '../../../bpf-profiler/agent/recorder-build.js';
import { PYTHON, buildRecorder, recordIn } from './helpers.js';

/** Syscall names in `strace -f` output: `1234 openat(...) = 3` (resumed lines repeat no name). */
export function straceSyscalls(text: string): Set<string> {
  const names = new Set<string>();
  for (const line of text.split('\n')) {
    const match = /^\d+\s+([a-z0-9_]+)\(/.exec(line);
    if (match?.[1] !== undefined) names.add(match[1]);
  }
  return names;
}

const WORKLOAD = `
import os, socket, subprocess, threading, tempfile, json
d = tempfile.mkdtemp()
with open(os.path.join(d, 'f'), 'w') as f: json.dump({'a': 1}, f)
os.rename(os.path.join(d, 'f'), os.path.join(d, 'g'))
os.stat(os.path.join(d, 'g')); os.listdir(d)
t = threading.Thread(target=lambda: sum(range(1000))); t.start(); t.join()
a, b = socket.socketpair(); a.send(b'x'); b.recv(1)
s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen(); s.close()
subprocess.run(['/bin/sh', '-c', 'echo hi | tr a-z A-Z > /dev/null; ls / > /dev/null'])
os.unlink(os.path.join(d, 'g')); os.rmdir(d)
`;

describe('bpf-profiler completeness and loss', function () {
  this.timeout(300_000);
  let session: RecordingSession;
  let dir: string;

  before(async () => {
    buildRecorder();
    session = await RecordingSession.start();
    dir = mkdtempSync(join(tmpdir(), 'pg-strace-'));
  });

  after(async () => {
    await session.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('contains every syscall strace -f reports for the same run', async () => {
    const log = join(dir, 'strace.log');
    // strace runs inside the recorded cgroup, so the tracee's every syscall is recorded too.
    const { container, profile } = await recordIn(session, '/usr/bin/strace', [
      '-f',
      '-qq',
      '-o',
      log,
      PYTHON,
      '-c',
      WORKLOAD,
    ]);
    const seen = straceSyscalls(readFileSync(log, 'utf8'));
    assert.ok(seen.size > 30, `strace saw only ${seen.size} syscalls`);
    const missing = [...seen].filter((s) => !container.syscalls.includes(s));
    assert.deepEqual(missing, [], `in strace but not in the profile: ${missing.join(', ')}`);
    assert.equal(profile.spec.observation.eventsLost, 0);
  });

  it('loses nothing in a storm of millions of syscalls from several processes', async () => {
    const storm = join(PROFILER_DIR, 'build', 'profiler-storm');
    const { container, profile, exitCode } = await recordIn(session, storm, ['4', '1000000']);
    assert.equal(exitCode, 0);
    assert.equal(profile.spec.observation.eventsLost, 0);
    for (const s of ['getppid', 'getpriority', 'sysinfo', 'clone', 'wait4', 'exit_group']) {
      assert.ok(container.syscalls.includes(s), `${s} missing from ${container.syscalls.join()}`);
    }
    assert.equal(profile.status.phase, 'complete');
  });
});
