import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { STARTUP_SYSCALLS } from '../../../src/hardening/seccomp-profile.js';
import { readProfileFile } from '../../../src/profile/profile-files.js';
import { ROOT, runCli } from './run-cli.js';

const WEB_PROFILE = join(ROOT, 'test', 'fixtures', 'profiles', 'deployment-web.yaml');

interface OciProfile {
  defaultAction: string;
  defaultErrnoRet: number;
  architectures: string[];
  syscalls: { names: string[]; action: string }[];
}

// A tracing agent: bpf and perf_event_open are outside RuntimeDefault without SYS_ADMIN/BPF/PERFMON.
const TRACER_PROFILE = `apiVersion: profilegate.dev/v1alpha1
kind: WorkloadProfile
metadata: { name: daemonset-tracer }
spec:
  workload: { kind: DaemonSet, name: tracer }
  containers:
    - name: agent
      syscalls: [bpf, perf_event_open, read, write, epoll_wait]
    - name: idle
      syscalls: []
  observation: { firstSeen: '2025-11-20T08:00:00Z', lastSeen: '2025-11-21T08:00:00Z', eventsLost: 3 }
status: { phase: learning, reason: observed 1 pod for 24h }
`;

async function expectedNames(container: string): Promise<string[]> {
  const [profile] = await readProfileFile(WEB_PROFILE);
  const c = profile?.spec.containers.find((x) => x.name === container);
  assert.ok(c);
  return [...new Set([...c.syscalls, ...STARTUP_SYSCALLS])].sort();
}

describe('profilegate seccomp', function () {
  this.timeout(60_000); // each case starts the CLI (tsx) in a fresh process
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'profilegate-seccomp-'));
    await writeFile(join(dir, 'tracer.yaml'), TRACER_PROFILE);
  });

  it('prints the OCI profile of one container: exactly its syscalls plus the start-up set, EPERM by default', async () => {
    const run = await runCli(['seccomp', '--profile', WEB_PROFILE, '--container', 'web']);
    assert.equal(run.code, 0, run.stderr);
    const oci = JSON.parse(run.stdout) as OciProfile;
    assert.equal(oci.defaultAction, 'SCMP_ACT_ERRNO');
    assert.equal(oci.defaultErrnoRet, 1);
    assert.ok(oci.architectures.includes('SCMP_ARCH_X86_64'));
    assert.ok(oci.architectures.includes('SCMP_ARCH_AARCH64'));
    const expected = await expectedNames('web');
    assert.deepEqual(oci.syscalls, [{ names: expected, action: 'SCMP_ACT_ALLOW' }]);
    // 70 observed + the start-up calls nginx was not seen making (execveat, rseq, tgkill, …) and
    // those the runtime's init makes after loading the filter (capset, setgroups, fstatfs, …).
    assert.equal(expected.length, 86);
    assert.equal(
      run.stderr,
      'profilegate: shop/deployment-web container "web": all 70 observed syscalls are within RuntimeDefault: ' +
        'seccompProfile {type: RuntimeDefault} suffices and no Localhost profile is needed ' +
        '(deployment-web-web is optional, tighter: 86 syscalls)\n',
    );
  });

  it('--format spo prints one SeccompProfile per container, ready for kubectl apply', async () => {
    const run = await runCli(['seccomp', '--profile', WEB_PROFILE, '--format', 'spo']);
    assert.equal(run.code, 0, run.stderr);
    const objects = parseAllDocuments(run.stdout).map((d) => d.toJS() as Record<string, unknown>);
    assert.deepEqual(
      objects.map((o) => [o.apiVersion, o.kind, o.metadata]),
      ['web', 'exporter'].map((c) => [
        'security-profiles-operator.x-k8s.io/v1beta1',
        'SeccompProfile',
        {
          name: `deployment-web-${c}`,
          namespace: 'shop',
          labels: { 'app.kubernetes.io/managed-by': 'profilegate' },
        },
      ]),
    );
    const spec = objects[1]?.spec as Omit<OciProfile, 'defaultErrnoRet'>;
    assert.equal(spec.defaultAction, 'SCMP_ACT_ERRNO');
    assert.deepEqual(spec.syscalls, [{ names: await expectedNames('exporter'), action: 'SCMP_ACT_ALLOW' }]);
  });

  it('--out writes the kubelet layout operator/<ns>/<profile>-<container>.json (the Localhost patch path)', async () => {
    const out = join(dir, 'oci');
    const run = await runCli(['seccomp', '--profile', WEB_PROFILE, '--out', out]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, '');
    assert.deepEqual((await readdir(join(out, 'operator', 'shop'))).sort(), [
      'deployment-web-exporter.json',
      'deployment-web-web.json',
    ]);
    const web = JSON.parse(
      await readFile(join(out, 'operator', 'shop', 'deployment-web-web.json'), 'utf8'),
    ) as OciProfile;
    assert.deepEqual(web.syscalls[0]?.names, await expectedNames('web'));
    assert.match(run.stderr, /wrote .*operator\/shop\/deployment-web-exporter\.json/);
  });

  it('--format spo --out writes one YAML file per object', async () => {
    const out = join(dir, 'spo');
    const run = await runCli(['seccomp', '--profile', WEB_PROFILE, '--format', 'spo', '--out', out]);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual((await readdir(out)).sort(), [
      'shop.deployment-web-exporter.yaml',
      'shop.deployment-web-web.yaml',
    ]);
    const object = parse(await readFile(join(out, 'shop.deployment-web-web.yaml'), 'utf8')) as {
      kind: string;
    };
    assert.equal(object.kind, 'SeccompProfile');
  });

  it('names the syscalls outside RuntimeDefault and the Localhost reference; warns about a learning profile', async () => {
    const run = await runCli(['seccomp', '--profile', '-', '-n', 'tracing', '--format', 'spo'], {
      stdin: TRACER_PROFILE,
    });
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stderr.trimEnd().split('\n');
    assert.deepEqual(lines, [
      'profilegate: warning: profile tracing/daemonset-tracer is still learning (observed 1 pod for 24h): ' +
        'a syscall it has not been seen making will fail with EPERM under the Localhost profile',
      'profilegate: warning: profile tracing/daemonset-tracer lost 3 kernel events while recording: ' +
        'a syscall it has not been seen making will fail with EPERM under the Localhost profile',
      'profilegate: warning: tracing/daemonset-tracer container "idle": no syscalls were recorded, so neither ' +
        'RuntimeDefault nor a Localhost profile can be judged; nothing written for it',
      'profilegate: tracing/daemonset-tracer container "agent": 2 of 5 observed syscalls are outside RuntimeDefault ' +
        '(bpf, perf_event_open): install daemonset-tracer-agent and reference it with ' +
        'seccompProfile {type: Localhost, localhostProfile: operator/tracing/daemonset-tracer-agent.json}',
    ]);
    const objects = parseAllDocuments(run.stdout).map((d) => d.toJS() as { metadata: { name: string } });
    assert.deepEqual(
      objects.map((o) => o.metadata.name),
      ['daemonset-tracer-agent'],
    );
  });

  it('OCI on stdout needs one container', async () => {
    const many = await runCli(['seccomp', '--profile', WEB_PROFILE]);
    assert.equal(many.code, 2);
    assert.equal(
      many.stderr,
      'profilegate: 2 containers have a profile (deployment-web-web, deployment-web-exporter): ' +
        'OCI JSON is one profile per file, so pick one with --container or write all with --out DIR\n',
    );
  });

  it('needs a namespace for a profile that names none, and a container the profile has', async () => {
    const noNamespace = await runCli([
      'seccomp',
      '--profile',
      join(dir, 'tracer.yaml'),
      '--container',
      'agent',
    ]);
    assert.equal(noNamespace.code, 2);
    assert.match(noNamespace.stderr, /profile daemonset-tracer names no namespace: give -n\/--namespace/);
    const unknown = await runCli(['seccomp', '--profile', WEB_PROFILE, '--container', 'nginx']);
    assert.equal(unknown.code, 2);
    assert.equal(
      unknown.stderr,
      `profilegate: no container "nginx" in ${WEB_PROFILE} (containers: web, exporter)\n`,
    );
  });

  it('names the file and field of an invalid profile', async () => {
    const invalid = await runCli(['seccomp', '--profile', '-'], { stdin: 'apiVersion: v1\nkind: Pod\n' });
    assert.equal(invalid.code, 2);
    assert.match(invalid.stderr, /^profilegate: cannot load profiles:\n {2}stdin: /);
  });
});
