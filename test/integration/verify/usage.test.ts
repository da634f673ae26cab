/** `profilegate verify` refuses bad input with exit code 2 and a one-line message, before running anything. */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../cli/run-cli.js';
import { writeDeployment } from './helpers.js';

describe('profilegate verify: usage errors', function () {
  this.timeout(60_000);
  let dir: string;
  let deployment: string;
  let profile: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'pg-verify-usage-'));
    deployment = writeDeployment(dir, 'web');
    profile = join(dir, 'p.json');
    writeFileSync(
      profile,
      JSON.stringify({
        apiVersion: 'profilegate.dev/v1alpha1',
        kind: 'WorkloadProfile',
        metadata: { name: 'deployment-web', namespace: 'shop' },
        spec: {
          workload: { kind: 'Deployment', name: 'web' },
          containers: [{ name: 'web', syscalls: ['read'] }],
          observation: { firstSeen: '2026-01-01T00:00:00Z', lastSeen: '2026-01-01T01:00:00Z' },
        },
        status: { phase: 'complete' },
      }),
    );
  });

  const cases: [string, () => string[], RegExp][] = [
    [
      'an unknown runtime',
      () => ['-f', deployment, '--profile', profile, '--runtime', 'kata', '--', 'true'],
      /^profilegate verify: option '--runtime <runtime>' argument 'kata' is invalid\. Allowed choices are runc, crun\. \(see profilegate verify --help\)\n$/,
    ],
    [
      'a container the pod does not have',
      () => ['-f', deployment, '--profile', profile, '--container', 'db', '--', 'true'],
      /^profilegate: --container db: the pod spec has containers "web"\n$/,
    ],
    [
      'a manifest without a workload',
      () => ['-f', profile, '--profile', profile, '--', 'true'],
      /^profilegate: .*p\.json holds 0 workloads; verify takes exactly one\n$/,
    ],
    [
      'a timeout that is not a number',
      () => ['-f', deployment, '--profile', profile, '--timeout', 'soon', '--', 'true'],
      /^profilegate verify: option '--timeout <seconds>' argument 'soon' is invalid\. must be a number of seconds above 0 \(see profilegate verify --help\)\n$/,
    ],
  ];
  for (const [name, args, message] of cases) {
    it(name, async () => {
      const run = await runCli(['verify', ...args()]);
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, message);
      assert.equal(run.stdout, '');
    });
  }

  it('a command that fails under the original spec too: inconclusive, exit 2', async () => {
    const run = await runCli(['verify', '-f', deployment, '--profile', profile, '--', '/bin/false']);
    assert.equal(run.code, 2, run.stderr);
    assert.equal(
      run.stderr,
      'profilegate: the command fails under the original spec of container "web": fix it before verifying a patch\n',
    );
    assert.match(
      run.stdout,
      /^container "web": inconclusive: the command fails under the original spec too \(exit 1\)$/m,
    );
  });
});
