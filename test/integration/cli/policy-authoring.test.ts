import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './run-cli.js';

const LATEST = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      automountServiceAccountToken: false
      containers: [{ name: web, image: nginx }]
`;

const MESSAGE = 'container "web" must pin its image to a tag other than latest or to a digest';

/** An author's checkout with `policy new` run in it. */
async function scaffolded(): Promise<string> {
  const cwd = await mkdtemp(join(tmpdir(), 'profilegate-author-'));
  const run = await runCli(['policy', 'new', 'require-pinned-images', '--dir', 'team'], { cwd });
  assert.equal(run.code, 0, run.stderr);
  await writeFile(join(cwd, 'latest.yaml'), LATEST);
  return cwd;
}

describe('profilegate policy with the author’s own rules', function () {
  this.timeout(120_000);

  it('new scaffolds a rule, its tests and cases that pass policy test as written', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'profilegate-author-'));
    const created = await runCli(['policy', 'new', 'require-pinned-images', '--dir', 'team'], { cwd });
    assert.equal(created.code, 0, created.stderr);
    assert.equal(
      created.stdout,
      [
        'created team/rules/require_pinned_images.rego',
        'created team/rules/require_pinned_images_test.rego',
        'created team/cases/require-pinned-images-denied.yaml',
        'created team/cases/require-pinned-images-allowed.yaml',
        'next: profilegate policy test --policy-dir team',
        '',
      ].join('\n'),
    );
    const tested = await runCli(['policy', 'test', '--policy-dir', 'team'], { cwd });
    assert.equal(tested.code, 0, tested.stdout + tested.stderr);
    // Only the author's tests run: the built-in library's own tests are not theirs to keep green.
    assert.match(tested.stdout, /^opa test: 3\/3 passed$/m);
    assert.match(tested.stdout, /^ok {3}a Deployment running :latest is denied by require-pinned-images$/m);
    assert.match(tested.stdout, /^cases: 2\/2 passed$/m);
    assert.match(tested.stdout, /^agreement: 2\/2 inputs gave the same result in WASM and opa eval$/m);

    const again = await runCli(['policy', 'new', 'require-pinned-images', '--dir', 'team'], { cwd });
    assert.equal(again.code, 2);
    assert.equal(
      again.stderr,
      'profilegate: team/rules/require_pinned_images.rego exists; not overwritten\n',
    );
    const builtin = await runCli(['policy', 'new', 'pss-privileged'], { cwd });
    assert.equal(builtin.code, 2);
    assert.equal(
      builtin.stderr,
      'profilegate: rule id "pss-privileged" is a built-in rule; choose another id\n',
    );
    const badId = await runCli(['policy', 'new', 'No_Latest'], { cwd });
    assert.equal(badId.code, 2);
    assert.match(badId.stderr, /rule id "No_Latest" must be lowercase letters and digits joined by "-"/);
  });

  it('test reports a failing Rego test by name and location, read from opa test --format json', async () => {
    const cwd = await scaffolded();
    const rule = join(cwd, 'team/rules/require_pinned_images.rego');
    await writeFile(rule, (await readFile(rule, 'utf8')).replace('or to a digest"', 'or a digest"'));
    const run = await runCli(['policy', 'test', '--policy-dir', 'team', '--no-agreement'], { cwd });
    assert.equal(run.code, 1);
    assert.match(
      run.stdout,
      /^FAIL data\.profilegate\.rules\.require_pinned_images_test\.test_latest_and_untagged_denied \(team\/rules\/require_pinned_images_test\.rego:15\)$/m,
    );
    assert.match(run.stdout, /^opa test: 2\/3 passed$/m);
    assert.match(run.stdout, /^FAIL a Deployment running :latest is denied by require-pinned-images/m);
    assert.match(run.stdout, /^cases: 1\/2 passed$/m);
  });

  it('eval, audit and a built bundle judge with the author’s rule, with or without the built-ins', async () => {
    const cwd = await scaffolded();
    const alone = await runCli(['eval', '-f', 'latest.yaml', '--policy-dir', 'team', '--no-builtins'], {
      cwd,
    });
    assert.equal(alone.code, 1, alone.stderr);
    assert.equal(
      alone.stdout,
      `Deployment shop/web: denied (mode enforce)\n  DENY [medium] require-pinned-images: ${MESSAGE}\n`,
    );

    const built = await runCli(['policy', 'build', '--policy-dir', 'team', '--out', 'build'], { cwd });
    assert.equal(built.code, 0, built.stderr);
    assert.match(built.stdout, /^built build\/bundle\.tar\.gz \(revision [0-9a-f]{12}, 34 rules\)$/m);
    assert.match(built.stdout, /^wrote build\/policies\.md$/m);
    assert.match(await readFile(join(cwd, 'build/policies.md'), 'utf8'), /require-pinned-images/);
    const withBundle = await runCli(
      ['eval', '-f', 'latest.yaml', '--bundle', 'build/bundle.tar.gz', '-o', 'json'],
      {
        cwd,
      },
    );
    assert.equal(withBundle.code, 1, withBundle.stderr);
    const document = JSON.parse(withBundle.stdout) as {
      results: { violations: { id: string; message: string }[] }[];
    };
    assert.deepEqual(
      document.results[0]?.violations.map((v) => [v.id, v.message]),
      [['require-pinned-images', MESSAGE]],
    );

    const audit = await runCli(
      ['audit', '-f', 'latest.yaml', '--policy-dir', 'team', '--fail-on', 'medium'],
      { cwd },
    );
    assert.equal(audit.code, 1, audit.stderr);
    assert.match(
      audit.stdout,
      /latest\.yaml:1 +Deployment shop\/web +medium +enforce +require-pinned-images +container "web"/,
    );

    const both = await runCli(
      ['eval', '-f', 'latest.yaml', '--policy-dir', 'team', '--bundle', 'build/bundle.tar.gz'],
      {
        cwd,
      },
    );
    assert.equal(both.code, 2);
    assert.equal(
      both.stderr,
      'profilegate: give either --bundle (a built bundle) or --policy-dir (Rego to build), not both\n',
    );
  });

  it('refuses a rule package without METADATA, a built-in id, and ambiguous invocations, exit 2', async () => {
    const cwd = await scaffolded();
    await mkdir(join(cwd, 'bare/rules'), { recursive: true });
    await writeFile(
      join(cwd, 'bare/rules/bare.rego'),
      'package profilegate.rules.bare\n\nimport rego.v1\n\nviolation contains {"id": "bare"} if input.x\n',
    );
    const bare = await runCli(['policy', 'build', '--policy-dir', 'bare', '--out', 'b'], { cwd });
    assert.equal(bare.code, 2);
    assert.match(
      bare.stderr,
      /^profilegate: invalid rule METADATA:\n {2}.*bare\/rules\/bare\.rego: package profilegate\.rules\.bare has no METADATA block/,
    );

    await mkdir(join(cwd, 'clash/rules'), { recursive: true });
    const scaffold = await readFile(join(cwd, 'team/rules/require_pinned_images.rego'), 'utf8');
    await writeFile(
      join(cwd, 'clash/rules/mine.rego'),
      scaffold
        .replace('id: require-pinned-images', 'id: pss-privileged')
        .replace('rules.require_pinned_images', 'rules.mine'),
    );
    const clash = await runCli(['policy', 'build', '--policy-dir', 'clash', '--out', 'c'], { cwd });
    assert.equal(clash.code, 2);
    assert.match(
      clash.stderr,
      /rule id pss-privileged is used by more than one package: profilegate\.rules\.(mine|pss_privileged) \(.*\) and profilegate\.rules\.(mine|pss_privileged) \(.*\)/,
    );

    const noOut = await runCli(['policy', 'build', '--policy-dir', 'team'], { cwd });
    assert.equal(noOut.code, 2);
    assert.equal(
      noOut.stderr,
      'profilegate: --policy-dir needs --out <dir>: policies/bundle holds the built-in bundle\n',
    );
    const noDir = await runCli(['eval', '-f', 'latest.yaml', '--no-builtins'], { cwd });
    assert.equal(noDir.code, 2);
    assert.equal(
      noDir.stderr,
      'profilegate: --no-builtins needs at least one --policy-dir: a bundle without rules judges nothing\n',
    );
    const missing = await runCli(['policy', 'test', '--policy-dir', 'nowhere'], { cwd });
    assert.equal(missing.code, 2);
    assert.equal(missing.stderr, 'profilegate: --policy-dir nowhere is not a directory\n');
  });
});
