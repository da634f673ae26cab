import assert from 'node:assert/strict';
import { PreexistingEvidence } from '../../../bpf-profiler/agent/preexisting-evidence.js';
import type { PathFacts, PathProbe } from '../../../bpf-profiler/agent/preexisting-probe.js';
import type { Observation } from '../../../bpf-profiler/agent/recorder-messages.js';

/** A file system: path → born before the recording (true) or during it (false). */
function probe(tree: Record<string, boolean>): PathProbe {
  const facts = (path: string): PathFacts | undefined =>
    tree[path] === undefined
      ? undefined
      : { preexisting: tree[path], isDirectory: true, uid: 33, gid: 4, mode: 0o750 };
  const entries = (dir: string): string[] => Object.keys(tree).filter((p) => p.startsWith(`${dir}/`));
  return {
    facts,
    preexistingEntry: (dir) => entries(dir).find((p) => tree[p] === true),
  };
}

const base = { key: '1', pid: 1, truncated: false };
const read = (file: string, dir: string): Observation => ({
  type: 'file',
  ...base,
  access: 'read',
  dir,
  file,
});
const listed = (dir: string): Observation => ({ type: 'file', ...base, access: 'read', dir });

describe('PreexistingEvidence', () => {
  const tree = {
    '/srv': true,
    '/srv/x': true,
    '/srv/x/config.ini': true,
    '/srv/x/app.db': false,
    '/srv/x/cache': false,
    '/srv/x/cache/c': false,
    '/tmp': true,
    '/tmp/own': false,
    '/tmp/own/bin': false,
  };

  function fields(observations: Observation[], writePaths: string[]) {
    const evidence = new PreexistingEvidence(probe(tree));
    for (const o of observations) evidence.observe(o);
    return evidence.fields(writePaths);
  }

  it('an older file read is used content of its directory; a new one only needs the directory', () => {
    assert.deepEqual(fields([read('/srv/x/config.ini', '/srv/x')], ['/srv/x']).preexistingUse, ['/srv/x']);
    assert.deepEqual(fields([read('/srv/x/app.db', '/srv/x')], ['/srv/x']).preexistingUse, []);
    assert.deepEqual(fields([read('/srv/x/cache/c', '/srv/x/cache')], ['/srv']).preexistingUse, ['/srv']);
  });

  it('a listed directory with an older entry, an older program and a changed older file are used', () => {
    const named: Observation = { type: 'named', ...base, access: 'write', base: '/srv/x', arg: 'config.ini' };
    const exec: Observation = { type: 'exec', ...base, path: '/srv/x/config.ini' };
    for (const o of [listed('/srv/x'), named, exec]) {
      assert.deepEqual(fields([o], ['/srv/x']).preexistingUse, ['/srv/x'], JSON.stringify(o));
    }
    assert.deepEqual(fields([listed('/tmp/own')], ['/tmp']).preexistingUse, []);
  });

  it('keeps only what lies at or below a write path, and the prior state of older write paths', () => {
    const f = fields(
      [read('/srv/x/config.ini', '/srv/x'), read('/tmp/own/bin', '/tmp/own')],
      ['/tmp', '/tmp/own'],
    );
    assert.deepEqual(f.preexistingUse, []);
    assert.deepEqual(f.preexistingWriteDirs, [{ path: '/tmp', uid: 33, gid: 4, mode: '0750' }]);
  });

  it('observations before the probe is known wait for it', () => {
    const evidence = new PreexistingEvidence();
    evidence.observe(read('/srv/x/config.ini', '/srv/x'));
    evidence.useProbe(probe(tree));
    evidence.observe(listed('/tmp/own'));
    assert.deepEqual(evidence.fields(['/srv/x', '/tmp']), {
      preexistingWriteDirs: [
        { path: '/srv/x', uid: 33, gid: 4, mode: '0750' },
        { path: '/tmp', uid: 33, gid: 4, mode: '0750' },
      ],
      preexistingUse: ['/srv/x'],
    });
  });

  it('files that cannot be examined: every write path holds used older content, none existed', () => {
    const none = new PreexistingEvidence();
    none.observe(read('/srv/x/app.db', '/srv/x'));
    none.useProbe(undefined);
    none.useProbe(probe(tree)); // too late: what happened meanwhile is unknown
    assert.deepEqual(none.fields(['/tmp', '/srv/x']), {
      preexistingWriteDirs: [],
      preexistingUse: ['/srv/x', '/tmp'],
    });

    const overflowed = new PreexistingEvidence();
    for (let i = 0; i <= 8192; i++) overflowed.observe(read(`/srv/x/f${i}`, '/srv/x'));
    overflowed.useProbe(probe(tree));
    assert.deepEqual(overflowed.fields(['/srv/x']), { preexistingWriteDirs: [], preexistingUse: ['/srv/x'] });
  });
});
