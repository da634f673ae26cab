import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './run-cli.js';

const PRIVILEGED_POD = `apiVersion: v1
kind: Pod
metadata: { name: debug, namespace: dev }
spec:
  automountServiceAccountToken: false
  containers:
    - name: shell
      image: busybox:1.36
      securityContext: { privileged: true }
`;

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      automountServiceAccountToken: false
      securityContext: { runAsNonRoot: true }
      containers:
        - name: web
          image: example.com/web:1
          securityContext: { capabilities: { drop: [ALL] } }
`;

const SERVICE = `apiVersion: v1
kind: Service
metadata: { name: web, namespace: shop }
spec:
  type: NodePort
  ports: [{ port: 80 }]
`;

interface JsonResult {
  file: string;
  line: number;
  resource: string;
  allowed: boolean;
  violations: { id: string; severity: string; message: string }[];
  patch: { op: string; path: string; value?: unknown }[];
}

interface JsonDocument {
  allowed: boolean;
  results: JsonResult[];
}

describe('profilegate eval', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'profilegate-eval-'));
    await writeFile(join(dir, 'pod.yaml'), PRIVILEGED_POD);
    await writeFile(join(dir, 'deployment.yaml'), DEPLOYMENT);
  });

  it('denies a privileged pod with the PSA-style message and exit code 1', async () => {
    const run = await runCli(['eval', '-f', join(dir, 'pod.yaml')]);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stdout, /^Pod dev\/debug: denied \(mode enforce\)$/m);
    assert.match(
      run.stdout,
      /DENY \[critical\] pss-privileged: container "shell" must not set securityContext\.privileged=true \(allowed: false or unset\)/,
    );
  });

  it('-o json prints one document with allowed and results, one result for one object', async () => {
    const run = await runCli([
      'eval',
      '-f',
      join(dir, 'deployment.yaml'),
      '--level',
      'restricted',
      '-o',
      'json',
    ]);
    assert.equal(run.code, 1, run.stderr);
    const document = JSON.parse(run.stdout) as JsonDocument;
    assert.equal(document.allowed, false);
    assert.equal(document.results.length, 1);
    const [result] = document.results;
    assert.ok(result);
    assert.equal(result.file, join(dir, 'deployment.yaml'));
    assert.equal(result.line, 1);
    assert.equal(result.resource, 'Deployment shop/web');
    assert.equal(result.allowed, false);
    assert.deepEqual(result.violations.map((v) => v.id).sort(), [
      'pss-privilege-escalation',
      'pss-seccomp-restricted',
    ]);
    assert.deepEqual(result.patch, [
      {
        op: 'add',
        path: '/spec/template/spec/containers/0/securityContext/allowPrivilegeEscalation',
        value: false,
      },
      {
        op: 'add',
        path: '/spec/template/spec/securityContext/seccompProfile',
        value: { type: 'RuntimeDefault' },
      },
    ]);
  });

  it('shows the patch as a diff of the object', async () => {
    const run = await runCli(['eval', '-f', join(dir, 'deployment.yaml'), '--level', 'restricted']);
    assert.match(run.stdout, /patch \(2 operations\):/);
    assert.match(run.stdout, /^\s+\+\s+seccompProfile:$/m);
    assert.match(run.stdout, /^\s+\+\s+allowPrivilegeEscalation: false$/m);
  });

  it('reads multi-document YAML from stdin and judges Services; warn mode admits', async () => {
    const stdin = `${DEPLOYMENT}---\n${SERVICE}---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: c }\n`;
    const run = await runCli(['eval', '-f', '-', '--mode', 'warn', '-o', 'json'], { stdin });
    assert.equal(run.code, 0, run.stderr);
    const document = JSON.parse(run.stdout) as JsonDocument;
    assert.equal(document.allowed, true);
    assert.deepEqual(
      document.results.map((r) => [r.resource, r.line, r.violations.map((v) => v.id)]),
      [
        ['Deployment shop/web', 1, []],
        ['Service shop/web', 16, ['exposure-service-nodeport']],
        ['ConfigMap default/c', 23, []],
      ],
    );
  });

  it('baseline is the default level: restricted findings are not reported', async () => {
    const run = await runCli(['eval', '-f', join(dir, 'deployment.yaml'), '-o', 'json']);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual((JSON.parse(run.stdout) as JsonDocument).results[0]?.violations, []);
  });

  it('explains a missing file and a non-Kubernetes document without a stack trace', async () => {
    const missing = await runCli(['eval', '-f', join(dir, 'nope.yaml')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^profilegate: cannot read .*nope\.yaml/);
    const notObject = await runCli(['eval', '-f', '-'], { stdin: 'just: text\n' });
    assert.equal(notObject.code, 2);
    assert.match(
      notObject.stderr,
      /^profilegate: stdin:1 is not a Kubernetes object \(it needs apiVersion and kind\)\n$/,
    );
  });
});
