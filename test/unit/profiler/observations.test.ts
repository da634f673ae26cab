import assert from 'node:assert/strict';
import { ContainerObservations, namedWriteDir } from '../../../bpf-profiler/agent/container-observations.js';
import { toContainerProfile } from '../../../bpf-profiler/agent/container-profile.js';
import { collapseDirectories, readPathsOf, writePathsOf } from '../../../bpf-profiler/agent/path-collapse.js';
import {
  isObservation,
  parseRecorderLine,
  RecorderProtocolError,
} from '../../../bpf-profiler/agent/recorder-messages.js';

describe('namedWriteDir', () => {
  const table: [string | null, string, string][] = [
    [null, '/var/log/app.log', '/var/log'],
    ['/srv', 'data/x', '/srv/data'],
    ['/srv/app', '../cache/y', '/srv/cache'],
    ['/srv', 'new-dir', '/srv'],
    ['/srv/file', '', '/srv'],
    [null, '/', '/'],
  ];
  for (const [base, arg, expected] of table) {
    it(`${String(base)} + ${JSON.stringify(arg)} -> ${expected}`, () => {
      assert.equal(namedWriteDir(base, arg), expected);
    });
  }
});

describe('path lists', () => {
  it('drop pseudo file systems from write paths', () => {
    assert.deepEqual(writePathsOf(['/dev', '/proc/self', '/tmp', '/sys/fs/cgroup']), ['/tmp']);
  });
  it('drop system trees and / from read paths', () => {
    assert.deepEqual(readPathsOf(['/', '/usr/lib', '/etc/ssl', '/data', '/var/run/secrets']), [
      '/data',
      '/var/run/secrets',
    ]);
  });
  it('collapse many siblings into their parent', () => {
    const tmp = Array.from({ length: 20 }, (_, i) => `/tmp/req-${i}`);
    assert.deepEqual(collapseDirectories([...tmp, '/var/log']), ['/tmp', '/var/log']);
  });
  it('cap the number of entries by widening the deepest', () => {
    const deep = Array.from({ length: 6 }, (_, i) => `/a/b${i}/c`);
    assert.deepEqual(collapseDirectories(deep, { maxSiblings: 100, maxEntries: 6 }), deep.sort());
    assert.deepEqual(collapseDirectories(deep, { maxSiblings: 100, maxEntries: 5 }), ['/a']);
  });
});

describe('ContainerObservations to ContainerProfile', () => {
  it('dedupes, sorts, drops uncounted capabilities and maps v4-mapped peers', () => {
    const obs = new ContainerObservations();
    const lines = [
      '{"type":"summary","key":"7","syscalls":["write","read","openat"]}',
      '{"type":"summary","key":"7","syscalls":["read","bind"]}',
      '{"type":"cap","key":"7","pid":1,"cap":"NET_BIND_SERVICE","counted":true}',
      '{"type":"cap","key":"7","pid":1,"cap":"SYS_ADMIN","counted":false,"reason":"security_vm_enough_memory_mm"}',
      '{"type":"exec","key":"7","pid":1,"path":"/usr/bin/python3.11","truncated":false}',
      '{"type":"file","key":"7","pid":1,"access":"write","dir":"/var/log","truncated":false}',
      '{"type":"named","key":"7","pid":1,"access":"write","base":"/srv","arg":"tmp/x","truncated":false}',
      '{"type":"ids","key":"7","pid":1,"uid":1000,"euid":0,"gid":1000,"egid":1000,"transition":true}',
      '{"type":"listen","key":"7","pid":1,"protocol":"TCP","port":8080}',
      '{"type":"listen","key":"7","pid":1,"protocol":"TCP","port":8080}',
      '{"type":"connect","key":"7","pid":1,"protocol":"TCP","port":5432,"family":6,"addr":"::ffff:10.0.0.5"}',
      '{"type":"connect","key":"7","pid":1,"protocol":"UDP","port":53,"family":4,"addr":"10.96.0.10"}',
    ];
    for (const line of lines) {
      const m = parseRecorderLine(line);
      if (isObservation(m)) obs.apply(m);
    }
    assert.deepEqual(toContainerProfile('app', obs, 'sha256:abc'), {
      name: 'app',
      imageDigest: 'sha256:abc',
      capabilities: ['NET_BIND_SERVICE'],
      syscalls: ['bind', 'openat', 'read', 'write'],
      executables: ['/usr/bin/python3.11'],
      writePaths: ['/srv/tmp', '/var/log'],
      readPaths: [],
      preexistingWriteDirs: [],
      preexistingUse: [],
      listeningPorts: [{ port: 8080, protocol: 'TCP' }],
      outboundPeers: [
        { cidr: '10.0.0.5/32', port: 5432, protocol: 'TCP' },
        { cidr: '10.96.0.10/32', port: 53, protocol: 'UDP' },
      ],
      uids: [0, 1000],
      gids: [1000],
      privilegeTransitions: true,
      hostNamespaces: [],
    });
  });

  it('rejects a line the recorder protocol does not have', () => {
    assert.throws(() => parseRecorderLine('{"type":"exec","key":"x"}'), RecorderProtocolError);
    assert.throws(() => parseRecorderLine('not json'), RecorderProtocolError);
  });
});
