/**
 * Real programs in their own cgroups, recorded by the real eBPF recorder, with the profile
 * each must produce. Runs as root on a real kernel (CI does).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, realpathSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RecordingSession } from '../../../bpf-profiler/agent/standalone.js';
import { PYTHON, buildRecorder, recordIn } from './helpers.js';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address !== null && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

describe('profilegate profile: real programs, real kernel', function () {
  this.timeout(120_000);
  let session: RecordingSession;
  let dir: string;

  before(async () => {
    buildRecorder();
    session = await RecordingSession.start();
    // A fixed name: a mktemp-style name is throwaway to the profile and collapses to /tmp.
    dir = join(tmpdir(), 'pg-profiler-standalone');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir);
  });

  after(async () => {
    await session.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports the recorder hooks this kernel offers', () => {
    assert.equal(session.ready.capHook, 'tracepoint');
    assert.equal(session.ready.capClassifier, 'kallsyms');
    assert.equal(session.ready.keyMode, 'cgroup');
  });

  it('binding port 80 as root uses NET_BIND_SERVICE and listens on 80/TCP', async () => {
    const { container, profile } = await recordIn(session, PYTHON, [
      '-c',
      'import socket; s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); ' +
        "s.bind(('127.0.0.1', 80)); s.listen(); s.close()",
    ]);
    assert.deepEqual(container.capabilities, ['NET_BIND_SERVICE']);
    assert.deepEqual(container.listeningPorts, [{ port: 80, protocol: 'TCP' }]);
    assert.equal(profile.spec.observation.eventsLost, 0);
    assert.equal(profile.status.phase, 'complete');
  });

  it('binding port 80 as a non-root user with the ambient capability uses NET_BIND_SERVICE', async () => {
    const { container } = await recordIn(session, '/usr/bin/setpriv', [
      '--reuid=65534',
      '--regid=65534',
      '--clear-groups',
      '--inh-caps=+net_bind_service',
      '--ambient-caps=+net_bind_service',
      PYTHON,
      '-c',
      "import socket; s = socket.socket(); s.bind(('127.0.0.1', 80)); s.listen(); s.close()",
    ]);
    assert.ok(container.capabilities.includes('NET_BIND_SERVICE'), container.capabilities.join());
    assert.ok(container.uids.includes(65534));
    assert.ok(container.privilegeTransitions, 'setpriv changes uid: a transition');
    assert.deepEqual(container.listeningPorts, [{ port: 80, protocol: 'TCP' }]);
  });

  it('chowning a file uses CHOWN', async () => {
    const file = join(dir, 'owned');
    writeFileSync(file, 'x');
    const { container } = await recordIn(session, '/usr/bin/chown', ['65534:65534', file]);
    assert.deepEqual(container.capabilities, ['CHOWN']);
    assert.deepEqual(container.writePaths, [realpathSync(dir)]);
  });

  it('reading files as root reports no DAC_OVERRIDE (nor any capability)', async () => {
    const secret = join(dir, 'secret');
    writeFileSync(secret, 'root only');
    chmodSync(secret, 0o600);
    const { container } = await recordIn(session, PYTHON, [
      '-c',
      `import os; open(${JSON.stringify(secret)}).read(); open('/etc/passwd').read(); ` +
        "os.listdir('/root'); os.listdir('/etc')",
    ]);
    assert.deepEqual(container.capabilities, []);
    assert.deepEqual(container.writePaths, []);
  });

  it('a shell script writing under two directories has exactly those write paths', async () => {
    const a = join(dir, 'logs');
    const b = join(dir, 'cache', 'objects');
    mkdirSync(a);
    mkdirSync(b, { recursive: true });
    const { container } = await recordIn(session, '/bin/sh', [
      '-c',
      `cd ${a} && echo one > app.log && echo two >> app.log; echo three > ${b}/blob; cat /etc/hostname > /dev/null`,
    ]);
    assert.deepEqual(container.writePaths, [realpathSync(b), realpathSync(a)].sort());
  });

  it('opening a pipe, a FIFO or a device for writing writes no directory; a regular file does', async () => {
    const fifos = join(dir, 'fifos');
    const files = join(dir, 'files');
    mkdirSync(fifos);
    mkdirSync(files);
    execFileSync('mkfifo', [join(fifos, 'q')]);
    // stderr is a pipe, and /dev/stderr reaches it through /proc/self/fd: pipefs would name "/".
    const { container } = await recordIn(
      session,
      '/bin/sh',
      [
        '-c',
        `(cat ${fifos}/q > /dev/null &) && echo x > ${fifos}/q; echo y > /dev/null; echo z > /dev/stderr; echo w > ${files}/f`,
      ],
      ['ignore', 'ignore', 'pipe'],
    );
    assert.deepEqual(container.writePaths, [realpathSync(files)]);
  });

  it('mkdir, rename and unlink write the parent directories, relative to the cwd', async () => {
    const base = join(dir, 'named');
    mkdirSync(join(base, 'in'), { recursive: true });
    mkdirSync(join(base, 'out'));
    writeFileSync(join(base, 'in', 'f'), 'x');
    const { container } = await recordIn(session, '/bin/sh', [
      '-c',
      `cd ${base} && mkdir new && mv in/f out/g && rm out/g`,
    ]);
    const real = realpathSync(base);
    assert.deepEqual(container.writePaths, [real, join(real, 'in'), join(real, 'out')]);
  });

  it('a Python HTTP server listens and its client is an outbound peer', async () => {
    const port = await freePort();
    const server = recordIn(session, PYTHON, [
      '-c',
      'import http.server as h; ' +
        `s = h.HTTPServer(('127.0.0.1', ${port}), h.SimpleHTTPRequestHandler); s.handle_request()`,
    ]);
    const client = await recordIn(session, PYTHON, [
      '-c',
      'import time, urllib.request\n' +
        'for _ in range(200):\n' +
        '    try:\n' +
        `        urllib.request.urlopen('http://127.0.0.1:${port}/').read(); break\n` +
        '    except OSError: time.sleep(0.05)\n',
    ]);
    const served = await server;
    assert.deepEqual(served.container.listeningPorts, [{ port, protocol: 'TCP' }]);
    assert.deepEqual(served.container.outboundPeers, []);
    assert.deepEqual(client.container.outboundPeers, [{ cidr: '127.0.0.1/32', port, protocol: 'TCP' }]);
    assert.deepEqual(client.container.listeningPorts, []);
  });

  it('a UDP service is a listening port, a UDP client an outbound peer', async () => {
    const port = await freePort();
    const { container } = await recordIn(session, PYTHON, [
      '-c',
      'import socket\n' +
        `srv = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); srv.bind(('127.0.0.1', ${port}))\n` +
        "cli = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); cli.connect(('127.0.0.1', " +
        `${port})); cli.send(b'x'); srv.recv(1)\n`,
    ]);
    assert.deepEqual(container.listeningPorts, [{ port, protocol: 'UDP' }]);
    assert.deepEqual(container.outboundPeers, [{ cidr: '127.0.0.1/32', port, protocol: 'UDP' }]);
  });

  it('a program that execs others lists every executable', async () => {
    const { container } = await recordIn(session, '/bin/sh', [
      '-c',
      '/bin/true; /usr/bin/env true; ls / > /dev/null',
    ]);
    const expected = ['/bin/sh', '/bin/true', '/usr/bin/env', '/bin/ls'].map((p) => realpathSync(p));
    assert.deepEqual(container.executables, [...new Set(expected)].sort());
  });
});
