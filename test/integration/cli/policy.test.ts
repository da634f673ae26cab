import assert from 'node:assert/strict';
import { cp, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BundleBuildError, buildBundle } from '../../../src/cli/build/build-bundle.js';
import { locateOpa, OpaCli } from '../../../src/cli/build/opa-cli.js';
import { ROOT, runCli } from './run-cli.js';

const FAILING_CASE = `name: expects the wrong thing
manifest:
  apiVersion: v1
  kind: Pod
  metadata: { name: p, namespace: default }
  spec:
    automountServiceAccountToken: false
    containers: [{ name: a, image: nginx, securityContext: { privileged: true } }]
expect:
  allowed: true
  violations: [pss-host-path]
  messages:
    pss-privileged: 'containers "a" must not be privileged'
`;

describe('profilegate policy', function () {
  this.timeout(120_000);

  it('build --out reproduces the committed bundle byte for byte (deterministic and current)', async () => {
    const out = await mkdtemp(join(tmpdir(), 'profilegate-build-'));
    const run = await runCli(['policy', 'build', '--out', out]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /built .*bundle\.tar\.gz \(revision [0-9a-f]{12}, \d+ rules\)/);
    for (const file of [
      'bundle.tar.gz',
      'metadata.json',
      'rule-levels.json',
      'capabilities.json',
      'sources.sha256',
    ]) {
      const built = await readFile(join(out, file));
      const committed = await readFile(join(ROOT, 'policies/bundle', file));
      assert.ok(
        built.equals(committed),
        `policies/bundle/${file} differs from a fresh build: run npm run build:policies`,
      );
    }
  });

  it('test runs opa test, the case files on WASM, and the interpreter agreement', async () => {
    const run = await runCli(['policy', 'test']);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /^opa test: (\d+)\/\1 passed$/m);
    assert.match(run.stdout, /^cases: (\d+)\/\1 passed$/m);
    assert.match(run.stdout, /^agreement: (\d+)\/\1 inputs gave the same result in WASM and opa eval$/m);
  });

  it('test shows a failing case as a readable diff and exits 1', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'profilegate-cases-'));
    await writeFile(join(dir, 'wrong.yaml'), FAILING_CASE);
    const run = await runCli(['policy', 'test', '--cases', dir, '--no-agreement']);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /^FAIL expects the wrong thing/m);
    assert.match(run.stdout, /allowed: expected true, got false/);
    assert.match(run.stdout, /^\s+-pss-host-path$/m);
    assert.match(run.stdout, /^\s+\+pss-privileged$/m);
    assert.match(
      run.stdout,
      /- containers "a" must not be privileged\n\s+\+ container "a" must not set securityContext\.privileged=true/,
    );
    assert.match(run.stdout, /^cases: 0\/1 passed$/m);
  });

  it('build fails with a clear message when a rule calls a builtin the WASM runtime lacks', async () => {
    const root = await mkdtemp(join(tmpdir(), 'profilegate-guard-'));
    await mkdir(join(root, 'policies'), { recursive: true });
    await cp(join(ROOT, 'policies/rego'), join(root, 'policies/rego'), { recursive: true });
    await writeFile(
      join(root, 'policies/rego/rules/clock.rego'),
      [
        '# METADATA',
        '# title: Clock',
        '# description: Calls a builtin the WASM runtime lacks.',
        '# custom: {id: clock, severity: low, level: baseline, remediation: None., frameworks: {pss: none}}',
        'package profilegate.rules.clock',
        '',
        'import rego.v1',
        '',
        'violation contains {"id": "clock", "t": time.now_ns()} if input.x',
        '',
      ].join('\n'),
    );
    const opa = new OpaCli(locateOpa(process.env), root);
    await assert.rejects(
      buildBundle(opa, root),
      (e: unknown) =>
        e instanceof BundleBuildError &&
        /the policies call time\.now_ns, which the WASM runtime \(opa-wasm\) cannot provide/.test(e.message),
    );
  });

  it('names all three places it looked when opa cannot be found', async () => {
    const run = await runCli(['policy', 'build', '--out', tmpdir()], {
      env: { PROFILEGATE_OPA: '', PROFILEGATE_CACHE: '/nonexistent', PATH: '/nonexistent' },
    });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /set PROFILEGATE_OPA.*\/nonexistent\/opa-v1\.22\.4\/opa.*opa on PATH/);
  });
});
