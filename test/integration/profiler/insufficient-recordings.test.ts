/**
 * Recordings that prove nothing, through the real `profilegate profile` and `profilegate eval`:
 * a command that failed (`sh -c 'exit 3'`, a program that does not exist) writes phase
 * learning with the reason, and its findings only warn; a 1-second CI recording is evidence
 * for what it ran, but not for the service-account token, which a CI host never mounts.
 * Runs as root on a real kernel (CI does).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseWorkloadProfile } from '../../../src/profile/parse-profile.js';
import type { WorkloadProfile } from '../../../src/profile/workload-profile.js';
import { runCli } from '../cli/run-cli.js';
import { buildRecorder } from './helpers.js';

const IMAGE = `registry.example/operator@sha256:${'7'.repeat(64)}`;

/** An operator that would need its token in the cluster; the recording runs on a CI host. */
const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata: { name: operator, namespace: ops }
spec:
  selector: { matchLabels: { app: operator } }
  template:
    metadata: { labels: { app: operator } }
    spec:
      containers:
        - name: operator
          image: ${IMAGE}
          securityContext:
            capabilities: { add: [NET_ADMIN] }
`;

interface Finding {
  id: string;
  mode: string;
  message: string;
}

describe('profilegate profile: recordings that are not evidence', function () {
  this.timeout(180_000);
  let dir: string;

  before(() => {
    buildRecorder();
    dir = mkdtempSync(join(tmpdir(), 'pg-insufficient-'));
    writeFileSync(join(dir, 'deploy.yaml'), DEPLOYMENT);
  });

  async function record(
    name: string,
    command: string[],
  ): Promise<{ profile: WorkloadProfile; path: string; code: number | null; stderr: string }> {
    const path = join(dir, `${name}.json`);
    const run = await runCli([
      'profile',
      '--out',
      path,
      '--name',
      'operator',
      '--namespace',
      'ops',
      '--image',
      IMAGE,
      '--',
      ...command,
    ]);
    const profile = parseWorkloadProfile(JSON.parse(readFileSync(path, 'utf8')), path);
    return { profile, path, code: run.code, stderr: run.stderr };
  }

  async function evaluate(profile: string): Promise<Finding[]> {
    const run = await runCli(['eval', '-f', join(dir, 'deploy.yaml'), '--profile', profile, '-o', 'json']);
    const [result] = (JSON.parse(run.stdout) as { results: { violations: Finding[] }[] }).results;
    assert.ok(result, run.stderr);
    return result.violations.filter((v) => v.id.startsWith('runtime-'));
  }

  const failures: [string, string[], number][] = [
    ["sh -c 'exit 3'", ['sh', '-c', 'exit 3'], 3],
    ['a program that does not exist', ['/no/such/bin'], 127],
  ];
  for (const [name, command, status] of failures) {
    it(`${name}: exit ${status} recorded, phase learning with the reason, findings only warn`, async () => {
      const recorded = await record(`failed-${status}`, command);
      assert.equal(recorded.code, status, recorded.stderr);
      assert.deepEqual(recorded.profile.spec.source, { type: 'recording', exitCode: status });
      assert.equal(recorded.profile.status.phase, 'learning');
      assert.match(
        recorded.profile.status.reason ?? '',
        new RegExp(`; not evidence: the recording exited with status ${status}(;|$)`),
      );
      assert.match(
        recorded.stderr,
        new RegExp(
          `^profilegate: phase learning, this run cannot justify a deny or patch: the recording exited with status ${status}`,
          'm',
        ),
      );
      const findings = await evaluate(recorded.path);
      assert.ok(findings.length > 0);
      for (const f of findings) assert.equal(f.mode, 'warn', `${f.id}: ${f.message}`);
      const unused = findings.find((f) => f.id === 'runtime-unused-capabilities');
      assert.ok(unused, JSON.stringify(findings));
      assert.ok(
        unused.message.startsWith(
          'container "operator" requests NET_ADMIN, never used in a recorded run of less than an hour (profile deployment-operator, learning); ' +
            `insufficient evidence to enforce: the recording exited with status ${status}`,
        ),
        unused.message,
      );
    });
  }

  it('a 1-second CI recording: the capability finding enforces, the service-account token only warns', async () => {
    const recorded = await record('ci', ['sleep', '1']);
    assert.equal(recorded.code, 0, recorded.stderr);
    assert.deepEqual(recorded.profile.spec.source, { type: 'recording', exitCode: 0 });
    assert.equal(recorded.profile.status.phase, 'complete', recorded.profile.status.reason);
    const findings = await evaluate(recorded.path);
    const byId = new Map(findings.map((f) => [f.id, { mode: f.mode, message: f.message }]));
    assert.deepEqual(byId.get('runtime-unused-capabilities'), {
      mode: 'enforce',
      message:
        'container "operator" requests NET_ADMIN, never used in a recorded run of less than an hour (profile deployment-operator, complete)',
    });
    assert.deepEqual(byId.get('runtime-unused-service-account-token'), {
      mode: 'warn',
      message:
        'pod mounts the service account token, but no container read it in a recorded run of less than an hour (profile deployment-operator, complete) ' +
        '(set automountServiceAccountToken=false); insufficient evidence to enforce: ' +
        'a recording outside the cluster (profilegate profile) cannot observe service-account token reads (no token is mounted)',
    });
  });

  it('a recording without --image is bound to no image: its findings only warn, naming the digest', async () => {
    const path = join(dir, 'unbound.json');
    const run = await runCli([
      'profile',
      '--out',
      path,
      '--name',
      'operator',
      '--namespace',
      'ops',
      '--',
      'true',
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stderr,
      /^profilegate: bound to no image: without --image NAME@sha256:… no pod gets a runtime deny or patch from this profile$/m,
    );
    const unused = (await evaluate(path)).find((f) => f.id === 'runtime-unused-capabilities');
    assert.deepEqual(unused && { mode: unused.mode, message: unused.message }, {
      mode: 'warn',
      message:
        'container "operator" requests NET_ADMIN, never used in a recorded run of less than an hour (profile deployment-operator, complete); ' +
        'insufficient evidence to enforce: the profile records no image digest for container "operator"',
    });
  });

  it('--image must pin a digest', async () => {
    const run = await runCli([
      'profile',
      '--out',
      join(dir, 'x.json'),
      '--image',
      'nginx:1.27',
      '--',
      'true',
    ]);
    assert.equal(run.code, 2);
    assert.match(
      run.stderr,
      /--image <ref>' argument 'nginx:1\.27' is invalid\. must pin a digest: NAME@sha256:<64 lower-case hex digits>/,
    );
  });
});
