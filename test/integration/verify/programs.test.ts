/**
 * Record → patch → verify with real Debian programs: each is recorded with `profilegate profile`
 * running a script that starts it, drives traffic and stops it; the Deployment is judged with
 * that profile and the same script runs under the patched spec in a real OCI runtime. Each must
 * keep working under its patch.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  PROGRAMS,
  record,
  stopHostServices,
  verify,
  workDir,
  writeConfig,
  writeDeployment,
  type VerifyJson,
} from './helpers.js';

function only(json: VerifyJson): VerifyJson['containers'][number] {
  const [c, ...more] = json.containers;
  assert.ok(c !== undefined && more.length === 0, JSON.stringify(json.containers));
  return c;
}

describe('profilegate verify: real programs keep working under their patch', function () {
  this.timeout(300_000);
  let dir: string;
  let config: string;

  before(() => {
    dir = workDir();
    config = writeConfig(dir);
    stopHostServices();
  });

  it('nginx (root master on :80, www-data workers serving and logging), in runc and in crun', async () => {
    const script = join(PROGRAMS, 'nginx.sh');
    const profile = await record(dir, 'nginx', [script]);
    const deployment = writeDeployment(dir, 'nginx');
    for (const runtime of ['runc', 'crun']) {
      const run = await verify([
        '-f',
        deployment,
        '--profile',
        profile,
        '--config',
        config,
        '--runtime',
        runtime,
        '--',
        script,
      ]);
      const c = only(run.json);
      assert.equal(run.code, 0, `${runtime}: ${JSON.stringify(c.reasons)} ${c.patched.outcome.stderr}`);
      assert.equal(c.verdict, 'kept working');
      assert.equal(c.patched.outcome.stdout, 'served\n');
      assert.equal(c.patched.readOnlyRootFilesystem, true);
      assert.equal(c.patched.seccomp, 'Localhost operator/shop/deployment-nginx-nginx.json');
      assert.ok(!c.patched.capabilities.includes('NET_ADMIN'));
      assert.ok(c.patched.capabilities.includes('NET_BIND_SERVICE'));
      assert.deepEqual(run.json.patchedBy, [
        'runtime-unused-capabilities',
        'runtime-read-only-root-filesystem',
        'runtime-seccomp-profile',
      ]);
    }
  });

  it('redis-server with a BGSAVE snapshot and an append-only file', async () => {
    const script = join(PROGRAMS, 'redis.sh');
    const profile = await record(dir, 'redis', [script]);
    const run = await verify([
      '-f',
      writeDeployment(dir, 'redis'),
      '--profile',
      profile,
      '--config',
      config,
      '--',
      script,
    ]);
    const c = only(run.json);
    assert.equal(run.code, 0, `${JSON.stringify(c.reasons)} ${c.patched.outcome.stderr}`);
    assert.equal(c.verdict, 'kept working');
    assert.equal(c.patched.outcome.stdout, 'persisted\n');
    assert.equal(c.patched.readOnlyRootFilesystem, true);
    assert.equal(c.patched.noNewPrivileges, true);
    assert.ok(c.patched.mounts.includes('/var/lib/redis (rw)'), c.patched.mounts.join(', '));
  });

  it('python3 -m http.server', async () => {
    const script = join(PROGRAMS, 'http-server.sh');
    const profile = await record(dir, 'http', [script]);
    const run = await verify([
      '-f',
      writeDeployment(dir, 'http'),
      '--profile',
      profile,
      '--config',
      config,
      '--',
      script,
    ]);
    const c = only(run.json);
    assert.equal(run.code, 0, `${JSON.stringify(c.reasons)} ${c.patched.outcome.stderr}`);
    assert.equal(c.verdict, 'kept working');
    assert.equal(c.patched.outcome.stdout, 'served\n');
    assert.deepEqual(c.patched.capabilities, []);
    assert.equal(c.patched.seccomp, 'RuntimeDefault');
  });
});
