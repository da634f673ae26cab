/**
 * What an emptyDir would hide, recorded for real: a script that reads its config and appends
 * its database beside itself, and writes a cache directory it creates. Root, real kernel.
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RecordingSession } from '../../../bpf-profiler/agent/standalone.js';
import { buildRecorder, recordIn } from './helpers.js';

describe('profilegate profile: content that existed before the run', function () {
  this.timeout(120_000);
  let session: RecordingSession;
  // Fixed names: mktemp-style names are throwaway to the profile and collapse to /tmp.
  const app = join(tmpdir(), 'pg-preexisting-app');
  const cache = join(tmpdir(), 'pg-preexisting-cache');

  before(async () => {
    buildRecorder();
    session = await RecordingSession.start();
    for (const d of [app, cache]) rmSync(d, { recursive: true, force: true });
    mkdirSync(app);
    chmodSync(app, 0o750);
    writeFileSync(join(app, 'config.ini'), 'greeting=hello\n');
    writeFileSync(join(app, 'app.db'), '0 seed\n');
    writeFileSync(
      join(app, 'app.sh'),
      [
        '#!/bin/sh',
        '. "$(dirname "$0")/config.ini"',
        'echo "$greeting" >> "$(dirname "$0")/app.db"',
        `mkdir -p ${cache}/sub && echo x > ${cache}/sub/last && cat ${cache}/sub/last`,
        '',
      ].join('\n'),
    );
    chmodSync(join(app, 'app.sh'), 0o755);
  });

  after(async () => {
    await session.stop();
    for (const d of [app, cache]) rmSync(d, { recursive: true, force: true });
  });

  it('names the script directory as used, the created cache as not, with the old owner and mode', async () => {
    const { container } = await recordIn(session, join(app, 'app.sh'), []);
    assert.ok(container.writePaths.includes(app), container.writePaths.join(', '));
    assert.ok(container.writePaths.includes(`${cache}/sub`), container.writePaths.join(', '));
    assert.ok(container.preexistingUse.includes(app), container.preexistingUse.join(', '));
    assert.ok(
      !container.preexistingUse.some((p) => p.startsWith(cache)),
      container.preexistingUse.join(', '),
    );
    assert.deepEqual(
      container.preexistingWriteDirs.find((d) => d.path === app),
      { path: app, uid: 0, gid: 0, mode: '0750' },
    );
    assert.equal(
      container.preexistingWriteDirs.find((d) => d.path === `${cache}/sub`),
      undefined,
      'a directory the script created is not preexisting',
    );
  });
});
