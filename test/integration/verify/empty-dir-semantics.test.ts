/**
 * emptyDir semantics proven by execution: the script that reads config.ini and appends app.db
 * beside itself (its directory is both read and written) keeps a writable root under the
 * model, and keeps working; with the evidence of what existed before the run taken out of its
 * profile (what the model had before), the model mounts an emptyDir over the directory, and
 * verify shows the entrypoint gone. Root, real kernel, real OCI runtime.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROGRAMS, editProfile, record, verify, workDir, writeConfig, writeDeployment } from './helpers.js';

describe('profilegate verify: an emptyDir over a directory the app read and wrote', function () {
  this.timeout(300_000);
  // A fixed name: a mktemp-style name is throwaway to the profile and collapses to /tmp.
  const appDir = '/srv/pg-verify-app';
  let dir: string;
  let config: string;
  let profile: string;

  before(async () => {
    dir = workDir();
    config = writeConfig(dir);
    rmSync(appDir, { recursive: true, force: true });
    mkdirSync(appDir, { recursive: true });
    copyFileSync(join(PROGRAMS, 'app.sh'), join(appDir, 'app.sh'));
    writeFileSync(join(appDir, 'config.ini'), 'name=demo\n');
    writeFileSync(join(appDir, 'app.db'), 'record for demo\n');
    profile = await record(dir, 'app', [join(appDir, 'app.sh')]);
  });

  after(() => {
    rmSync(appDir, { recursive: true, force: true });
  });

  it('keeps the root filesystem writable, and the app keeps its config, data and entrypoint', async () => {
    const run = await verify([
      '-f',
      writeDeployment(dir, 'app'),
      '--profile',
      profile,
      '--config',
      config,
      '--',
      join(appDir, 'app.sh'),
    ]);
    const [c] = run.json.containers;
    assert.equal(run.code, 0, JSON.stringify(c?.reasons));
    assert.equal(c?.verdict, 'kept working');
    assert.equal(c.patched.readOnlyRootFilesystem, false);
    assert.ok(
      !run.json.patchedBy.includes('runtime-read-only-root-filesystem'),
      run.json.patchedBy.join(', '),
    );
  });

  it('negative control: without the evidence, the emptyDir hides the entrypoint and verify says so', async () => {
    const blind = editProfile(profile, (c) => (c.preexistingUse = []), 'blind');
    const run = await verify([
      '-f',
      writeDeployment(dir, 'app'),
      '--profile',
      blind,
      '--config',
      config,
      '--',
      join(appDir, 'app.sh'),
    ]);
    const [c] = run.json.containers;
    assert.equal(c?.verdict, 'broke');
    assert.ok(
      run.json.patchedBy.includes('runtime-read-only-root-filesystem'),
      run.json.patchedBy.join(', '),
    );
    assert.ok(c.patched.mounts.includes(`${appDir} (rw)`), c.patched.mounts.join(', '));
    assert.match(c.reasons.join('\n'), /stat \/srv\/pg-verify-app\/app\.sh: no such file or directory/);
  });
});
