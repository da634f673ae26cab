import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseProfileText, readProfileFile } from '../../../src/profile/profile-files.js';
import { ROOT, runCli } from './run-cli.js';

const FIXTURES = join(ROOT, 'test', 'fixtures');
const WEB_AP = join(FIXTURES, 'kubescape', 'applicationprofile-web.yaml');
const LIST_AP = join(FIXTURES, 'kubescape', 'applicationprofile-list.yaml');
const OVERPRIVILEGED = join(FIXTURES, 'profiles', 'deployment-web-overprivileged.yaml');

const GAP_WARNING =
  'profilegate: warning: Kubescape does not record everything the runtime rules rest on; ' +
  'the imported profiles fill the gaps conservatively:\n';

interface Finding {
  id: string;
  mode: string;
  message: string;
}

function hoursAgo(hours: number): string {
  return new Date(Date.now() - hours * 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z');
}

/** `profilegate eval` of the overprivileged Deployment with one profile file. */
async function evaluate(profile: string): Promise<{ violations: Finding[] }> {
  const run = await runCli(['eval', '-f', OVERPRIVILEGED, '--profile', profile, '-o', 'json']);
  const [result] = (JSON.parse(run.stdout) as { results: { violations: Finding[] }[] }).results;
  assert.ok(result, run.stderr);
  return result;
}

function finding(
  result: { violations: Finding[] },
  id: string,
): { mode: string; message: string } | undefined {
  const v = result.violations.find((x) => x.id === id);
  return v && { mode: v.mode, message: v.message };
}

describe('profilegate import kubescape', function () {
  this.timeout(60_000); // each case starts the CLI (tsx) in a fresh process
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'profilegate-import-'));
  });

  it('converts a completed ApplicationProfile to a valid, complete WorkloadProfile', async () => {
    const run = await runCli(['import', 'kubescape', '-f', WEB_AP]);
    assert.equal(run.code, 0, run.stderr);
    const [profile, ...rest] = parseProfileText(run.stdout, 'stdout.yaml');
    assert.equal(rest.length, 0);
    assert.ok(profile);
    assert.equal(profile.metadata.name, 'deployment-web');
    assert.equal(profile.metadata.namespace, 'shop');
    assert.deepEqual(profile.metadata.annotations, {
      'profilegate.dev/source': 'kubescape:replicaset-web-7c9d8f6b5d',
    });
    assert.deepEqual(profile.spec.workload, { kind: 'Deployment', name: 'web' });
    assert.equal(profile.status.phase, 'complete');
    assert.equal(profile.spec.observation.firstSeen, '2025-11-20T08:00:00Z');

    const [web, exporter] = profile.spec.containers;
    assert.ok(web && exporter);
    assert.equal(web.name, 'web');
    assert.equal(web.imageDigest, 'sha256:6f1bdf9f0e8c7d5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a');
    assert.deepEqual(web.capabilities, ['CHOWN', 'NET_BIND_SERVICE', 'SETGID', 'SETUID']);
    assert.equal(web.syscalls.length, 55);
    assert.ok(['bind', 'listen', 'setuid', 'sendfile', 'wait4'].every((s) => web.syscalls.includes(s)));
    assert.deepEqual(web.executables, [
      '/bin/sh',
      '/docker-entrypoint.sh',
      '/usr/bin/envsubst',
      '/usr/sbin/nginx',
    ]);
    assert.deepEqual(web.writePaths, ['/etc/nginx/conf.d', '/var/cache/nginx/client_temp', '/var/run']);
    assert.deepEqual(web.listeningPorts, [{ port: 80, protocol: 'TCP' }]);
    // What Kubescape does not record is filled so that no rule reads it as absence.
    assert.deepEqual(web.uids, []);
    assert.equal(web.privilegeTransitions, true);
    assert.deepEqual(web.hostNamespaces, ['network', 'pid', 'ipc']);

    assert.equal(exporter.name, 'exporter');
    assert.deepEqual(exporter.capabilities, []);
    assert.deepEqual(exporter.executables, ['/bin/nginx-prometheus-exporter']);
    assert.deepEqual(exporter.listeningPorts, [{ port: 9113, protocol: 'TCP' }]); // not the outbound 8080
    assert.deepEqual(exporter.writePaths, []);
  });

  it('says on stderr what each profile became and what Kubescape does not record', async () => {
    const run = await runCli(['import', 'kubescape', '-f', WEB_AP]);
    assert.ok(
      run.stderr.startsWith(
        'profilegate: kubescape:replicaset-web-7c9d8f6b5d → WorkloadProfile shop/deployment-web, complete: ' +
          'web (55 syscalls, 4 capabilities, 4 executables, 1 listening ports), ' +
          'exporter (30 syscalls, 0 capabilities, 1 executables, 1 listening ports)\n' +
          GAP_WARNING,
      ),
      run.stderr,
    );
    assert.match(
      run.stderr,
      /^ {2}- listening ports: Kubescape records HTTP endpoints only, .*runtime-unused-host-ports/m,
    );
    assert.match(
      run.stderr,
      /^ {2}- uids: not recorded, left empty: runtime-run-as-non-root is never proposed$/m,
    );
    assert.match(
      run.stderr,
      /^ {2}- setuid\/setgid transitions: .*runtime-privilege-escalation is never proposed$/m,
    );
    assert.match(run.stderr, /^ {2}- host namespaces: .*runtime-unused-host-namespaces never fires$/m);
  });

  it('--out writes the file, which eval --profile reads: unused capabilities denied, host namespaces left alone', async () => {
    const out = join(dir, 'web-profile.yaml');
    // Kubescape wrote this profile an hour ago: recent enough to act on.
    const fresh = (await readFile(WEB_AP, 'utf8')).replace("'2025-11-20T08:00:00Z'", `'${hoursAgo(1)}'`);
    const run = await runCli(['import', 'kubescape', '-f', '-', '--out', out], { stdin: fresh });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /profilegate: wrote .*web-profile\.yaml\n$/);
    assert.equal((await readProfileFile(out)).length, 1);

    const result = await evaluate(out);
    const ids = result.violations.map((v) => v.id);
    assert.deepEqual(finding(result, 'runtime-unused-capabilities'), {
      mode: 'enforce',
      message:
        'container "web" requests NET_ADMIN, SYS_TIME, never used in a recorded run of less than an hour (profile deployment-web, complete)',
    });
    // hostPID stays: the imported profile counts every host namespace as used.
    assert.ok(!ids.includes('runtime-unused-host-namespaces'));
    assert.ok(!ids.includes('runtime-run-as-non-root'));
    // Kubescape records no setuid transitions: the privileged exporter's finding only warns.
    assert.deepEqual(finding(result, 'runtime-unneeded-privileged')?.mode, 'warn');
    assert.match(
      finding(result, 'runtime-unneeded-privileged')?.message ?? '',
      /; insufficient evidence to enforce: a Kubescape import cannot observe setuid\/setgid transitions$/,
    );
  });

  it("an old import is stale: its lastSeen is Kubescape's, not the import time, so it only warns", async () => {
    const out = join(dir, 'web-old.yaml');
    const run = await runCli(['import', 'kubescape', '-f', WEB_AP, '--out', out]);
    assert.equal(run.code, 0, run.stderr);
    const [profile] = await readProfileFile(out);
    assert.equal(profile?.spec.observation.lastSeen, '2025-11-20T08:00:00Z');
    const unused = finding(await evaluate(out), 'runtime-unused-capabilities');
    assert.equal(unused?.mode, 'warn');
    assert.match(
      unused.message,
      /^container "web" requests NET_ADMIN, SYS_TIME, never used in a recorded run of less than an hour \(profile deployment-web, stale\); insufficient evidence to enforce: last observed \d+h ago \(max 168h\)$/,
    );
  });

  it('a completed profile whose container is only {name: web} is no evidence: learning, and eval only warns, saying why', async () => {
    const empty = `apiVersion: spdx.softwarecomposition.kubescape.io/v1beta1
kind: ApplicationProfile
metadata:
  name: replicaset-web-7c9d8f6b5d
  namespace: shop
  creationTimestamp: '${hoursAgo(1)}'
  labels: { kubescape.io/workload-kind: Deployment, kubescape.io/workload-name: web }
  annotations: { kubescape.io/status: completed, kubescape.io/completion: complete }
spec:
  containers:
    - name: web
      imageID: docker.io/library/nginx@sha256:6f1bdf9f0e8c7d5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a
    - name: exporter
`;
    const out = join(dir, 'web-empty.yaml');
    const run = await runCli(['import', 'kubescape', '-f', '-', '--out', out], { stdin: empty });
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stderr,
      /^profilegate: kubescape:replicaset-web-7c9d8f6b5d → WorkloadProfile shop\/deployment-web, learning, so its runtime findings only warn \(imported from Kubescape \(status completed, completion complete\); not evidence: container "web" recorded no syscalls; container "web" recorded no exec; container "exporter" recorded no syscalls; container "exporter" recorded no exec\): /m,
    );
    const result = await evaluate(out);
    assert.deepEqual(finding(result, 'runtime-unused-capabilities'), {
      mode: 'warn',
      message:
        'container "web" requests NET_ADMIN, SYS_TIME, never used in a recorded run of less than an hour (profile deployment-web, learning); ' +
        'insufficient evidence to enforce: container "web" recorded no syscalls; container "web" recorded no exec',
    });
    assert.ok(
      result.violations.filter((v) => v.id.startsWith('runtime-')).every((v) => v.mode === 'warn'),
      JSON.stringify(result.violations),
    );
  });

  it('reads a List from stdin, skips what is not an ApplicationProfile, keeps a learning profile learning', async () => {
    const run = await runCli(['import', 'kubescape', '-f', '-'], {
      stdin: await readFile(LIST_AP, 'utf8'),
    });
    assert.equal(run.code, 0, run.stderr);
    const profiles = parseProfileText(run.stdout, 'stdout.yaml');
    assert.deepEqual(
      profiles.map((p) => [p.metadata.namespace, p.metadata.name, p.spec.workload.kind, p.status.phase]),
      [['cache', 'statefulset-redis', 'StatefulSet', 'learning']],
    );
    const [config, redis, ...more] = profiles[0]?.spec.containers ?? [];
    assert.ok(config && redis && more.length === 0);
    assert.deepEqual([config.name, redis.name], ['config', 'redis']);
    assert.deepEqual(config.writePaths, ['/etc/redis']);
    assert.deepEqual(redis.writePaths, ['/data']);
    assert.deepEqual(redis.capabilities, ['SETGID', 'SETUID']);
    // Redis speaks RESP, not HTTP: Kubescape recorded no listener for it.
    assert.deepEqual(redis.listeningPorts, []);
    assert.match(
      run.stderr,
      /^profilegate: skipped stdin#1\.items\[1\] \(NetworkNeighborhood\): not an ApplicationProfile$/m,
    );
    assert.match(
      run.stderr,
      /WorkloadProfile cache\/statefulset-redis, learning, so its runtime findings only warn \(imported from Kubescape \(status ready, completion partial\)\)/,
    );
  });

  it('warns when two ApplicationProfiles become the same WorkloadProfile', async () => {
    const web = await readFile(WEB_AP, 'utf8');
    const older = web.replaceAll('7c9d8f6b5d', '5b6c7d8e9f');
    const run = await runCli(['import', 'kubescape', '-f', '-'], { stdin: `${older}---\n${web}` });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(parseProfileText(run.stdout, 'stdout.yaml').length, 2);
    assert.match(
      run.stderr,
      /^profilegate: warning: 2 ApplicationProfiles \(replicaset-web-5b6c7d8e9f, replicaset-web-7c9d8f6b5d\) become WorkloadProfile shop\/deployment-web: /m,
    );
  });

  it('names the document and field of what it cannot import, without a stack trace', async () => {
    const web = await readFile(WEB_AP, 'utf8');
    const noName = web.replace('    kubescape.io/workload-name: web\n', '');
    const badSyscalls = web.replace(
      '      syscalls:\n        - accept4\n',
      '      syscalls: accept4\n      x:\n        - accept4\n',
    );
    const run = await runCli(['import', 'kubescape', '-f', '-'], { stdin: `${noName}---\n${badSyscalls}` });
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
    assert.equal(
      run.stderr,
      'profilegate: cannot import stdin:\n' +
        '  stdin#1: ApplicationProfile shop/replicaset-web-7c9d8f6b5d: no kubescape.io/workload-name label\n' +
        '  stdin#2: spec.containers.0.syscalls: Invalid input: expected array, received string\n',
    );
    const none = await runCli(['import', 'kubescape', '-f', OVERPRIVILEGED]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /holds no ApplicationProfile\n$/);
  });
});
