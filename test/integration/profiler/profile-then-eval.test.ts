/**
 * "Profile in CI, enforce at deploy": `profilegate profile` records a real program with the
 * real eBPF recorder, and `profilegate eval` judges a Deployment with that very file, as the
 * webhook would. Runs as root on a real kernel (CI does).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseWorkloadProfile } from '../../../src/profile/parse-profile.js';
import { parse } from 'yaml';
import { applyPatch, type Operation } from '../../../src/patch/json-patch.js';
import { PYTHON, buildRecorder } from './helpers.js';

const run = promisify(execFile);

/** The image the recorded program stands for; --image binds the profile to it. */
const IMAGE = `registry.example/web@sha256:${'5'.repeat(64)}`;

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      automountServiceAccountToken: false
      containers:
        - name: app
          image: ${IMAGE}
          securityContext:
            capabilities: { add: [NET_ADMIN, NET_BIND_SERVICE] }
`;

interface EvalJson {
  allowed: boolean;
  violations: { id: string; message: string }[];
  patch: { op: string; path: string; value?: unknown }[];
}

describe('profilegate profile, then profilegate eval with that profile', function () {
  this.timeout(180_000);
  let dir: string;

  before(() => {
    buildRecorder();
    dir = mkdtempSync(join(tmpdir(), 'pg-profile-eval-'));
    writeFileSync(join(dir, 'deploy.yaml'), DEPLOYMENT);
  });

  it('denies the capability the program never used and patches down to the one it used', async () => {
    const profilePath = join(dir, 'profile.json');
    // Binds port 80 as root: NET_BIND_SERVICE is checked and granted; NET_ADMIN never is.
    const program = 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 80)); s.listen(); s.close()';
    await run(process.execPath, [
      'bin/profilegate.js',
      'profile',
      '--out',
      profilePath,
      '--kind',
      'Deployment',
      '--name',
      'web',
      '--namespace',
      'shop',
      '--container',
      'app',
      '--image',
      IMAGE,
      '--',
      PYTHON,
      '-c',
      program,
    ]);
    const profile = parseWorkloadProfile(JSON.parse(readFileSync(profilePath, 'utf8')), profilePath);
    assert.equal(profile.status.phase, 'complete');
    assert.deepEqual(profile.spec.containers[0]?.capabilities, ['NET_BIND_SERVICE']);

    const { stdout } = await run(
      process.execPath,
      ['bin/profilegate.js', 'eval', '-f', join(dir, 'deploy.yaml'), '--profile', profilePath, '-o', 'json'],
      { maxBuffer: 16 * 1024 * 1024 },
    ).catch((error: unknown) => ({ stdout: (error as { stdout?: string }).stdout ?? '' }));
    const [result] = (JSON.parse(stdout) as { results: EvalJson[] }).results;
    assert.ok(result);
    assert.equal(result.allowed, false);
    const unused = result.violations.find((v) => v.id === 'runtime-unused-capabilities');
    assert.ok(unused, JSON.stringify(result.violations));
    assert.match(
      unused.message,
      /^container "app" requests NET_ADMIN, never used in a recorded run of less than an hour \(profile deployment-web, complete\)$/,
    );
    const patched = applyPatch(parse(DEPLOYMENT) as object, result.patch as Operation[], true, false)
      .newDocument as { spec: { template: { spec: { containers: { securityContext: unknown }[] } } } };
    const securityContext = patched.spec.template.spec.containers[0]?.securityContext as Record<
      string,
      unknown
    >;
    assert.deepEqual(securityContext.capabilities, { drop: ['ALL'], add: ['NET_BIND_SERVICE'] });
  });
});
