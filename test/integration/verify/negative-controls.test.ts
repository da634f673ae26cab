/**
 * verify can fail: a profile that lacks something the program needs (a syscall, a capability,
 * a write directory) yields a patch that breaks it, and verify says so, naming what is missing
 * from the kernel's and the program's own reports.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  PROGRAMS,
  editProfile,
  record,
  stopHostServices,
  verify,
  workDir,
  writeConfig,
  writeDeployment,
} from './helpers.js';

describe('profilegate verify: negative controls', function () {
  this.timeout(300_000);
  const script = join(PROGRAMS, 'nginx.sh');
  let dir: string;
  let config: string;
  let profile: string;
  let deployment: string;

  before(async () => {
    dir = workDir();
    config = writeConfig(dir);
    stopHostServices();
    profile = await record(dir, 'nginx', [script]);
    deployment = writeDeployment(dir, 'nginx');
  });

  async function broken(edited: string): Promise<string[]> {
    const run = await verify(['-f', deployment, '--profile', edited, '--config', config, '--', script]);
    const [c] = run.json.containers;
    assert.ok(c);
    assert.equal(run.code, 1, run.stderr);
    assert.equal(run.json.verdict, 'broke');
    assert.equal(c.verdict, 'broke');
    assert.equal(c.original.outcome.exitCode, 0);
    return c.reasons;
  }

  it('a syscall missing from the profile: the Localhost seccomp profile refuses it', async () => {
    const edited = editProfile(
      profile,
      (c) => (c.syscalls = (c.syscalls ?? []).filter((s) => s !== 'bind')),
      'no-bind',
    );
    assert.deepEqual(await broken(edited), [
      'seccomp profile Localhost operator/shop/deployment-nginx-nginx.json refuses bind (called by /usr/sbin/nginx); with it allowed the command succeeds',
    ]);
  });

  it('a capability missing from the profile: the kernel refuses it', async () => {
    const edited = editProfile(
      profile,
      (c) => (c.capabilities = (c.capabilities ?? []).filter((s) => s !== 'NET_BIND_SERVICE')),
      'no-bind-cap',
    );
    assert.deepEqual(await broken(edited), [
      'capability NET_BIND_SERVICE is missing: the kernel refused it to nginx (granted under the original spec)',
      'the kernel refused bind 0.0.0.0:80: EACCES (Permission denied)',
    ]);
  });

  it('a write directory missing from the profile: the read-only root refuses the write', async () => {
    const edited = editProfile(
      profile,
      (c) => (c.writePaths = (c.writePaths ?? []).filter((s) => s !== '/var/log/nginx')),
      'no-log-dir',
    );
    assert.deepEqual(await broken(edited), [
      'the kernel refused openat "/var/log/nginx/error.log": EROFS (Read-only file system)',
    ]);
  });
});
