/**
 * The nginx hazard of issue 9, by execution: nginx takes an upload, so the recording sees it
 * write /var/lib/nginx/body (www-data 0700 from the package) without ever needing CHOWN. A new
 * emptyDir there is root-owned 0777, and nginx's root master chowns it to www-data at start:
 * the model keeps CHOWN and FOWNER for that, and nginx keeps working. Told (falsely) that the
 * directories were root-owned 0777, the model drops CHOWN and verify shows nginx's own error.
 */
import assert from 'node:assert/strict';
import { chmodSync, chownSync, mkdirSync, rmSync } from 'node:fs';
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

const UPLOADS = '/srv/pg-uploads';
const WWW_DATA = 33;

describe('profilegate verify: an emptyDir the app must chown', function () {
  this.timeout(300_000);
  const script = join(PROGRAMS, 'nginx-upload.sh');
  let dir: string;
  let config: string;
  let profile: string;

  const freshUploads = (): void => {
    rmSync(UPLOADS, { recursive: true, force: true });
    mkdirSync(UPLOADS);
    chownSync(UPLOADS, WWW_DATA, 0);
  };

  before(async () => {
    dir = workDir();
    config = writeConfig(dir);
    stopHostServices();
    // As an earlier start of nginx leaves it (a fresh install may not have it yet).
    mkdirSync('/var/lib/nginx/body', { recursive: true });
    chownSync('/var/lib/nginx/body', WWW_DATA, 0);
    chmodSync('/var/lib/nginx/body', 0o700);
    freshUploads();
    profile = await record(dir, 'upload', [script]);
  });

  after(() => {
    rmSync(UPLOADS, { recursive: true, force: true });
  });

  it('keeps CHOWN and FOWNER, which preparing /var/lib/nginx/body needs, and nginx keeps working', async () => {
    freshUploads();
    const run = await verify([
      '-f',
      writeDeployment(dir, 'upload'),
      '--profile',
      profile,
      '--config',
      config,
      '--',
      script,
    ]);
    const [c] = run.json.containers;
    assert.equal(run.code, 0, JSON.stringify(c?.reasons));
    assert.equal(c?.verdict, 'kept working');
    assert.equal(c.patched.outcome.stdout, 'uploaded\n');
    assert.equal(c.patched.readOnlyRootFilesystem, true);
    assert.ok(c.patched.mounts.includes('/var/lib/nginx/body (rw)'), c.patched.mounts.join(', '));
    assert.deepEqual(c.patched.capabilities, ['CHOWN', 'FOWNER', 'NET_BIND_SERVICE', 'SETGID', 'SETUID']);
  });

  it('negative control: with the prior owners hidden, CHOWN is dropped and nginx fails to chown', async () => {
    freshUploads();
    const blind = editProfile(
      profile,
      (c) => {
        const dirs = c.preexistingWriteDirs as unknown as { uid: number; gid: number; mode: string }[];
        for (const d of dirs) Object.assign(d, { uid: 0, gid: 0, mode: '0777' });
      },
      'blind',
    );
    const run = await verify([
      '-f',
      writeDeployment(dir, 'upload'),
      '--profile',
      blind,
      '--config',
      config,
      '--',
      script,
    ]);
    const [c] = run.json.containers;
    assert.equal(c?.verdict, 'broke');
    assert.ok(!c.patched.capabilities.includes('CHOWN'), c.patched.capabilities.join(', '));
    assert.match(
      c.patched.outcome.stderr,
      /chown\("\/var\/lib\/nginx\/body", 33\) failed \(1: Operation not permitted\)/,
    );
  });
});
