/**
 * The contract every command keeps (docs/cli.md), run through the real bin: exit codes with
 * the exact one-line messages, the one result document for json and yaml, -o the format and
 * --out the file, --version, repeated -f and -R, AdmissionReview files judged as their request.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REVIEWS_DIR } from '../../support/fixtures.js';
import { ROOT, runCli } from './run-cli.js';

const POD = (name: string, privileged: boolean) => `apiVersion: v1
kind: Pod
metadata: { name: ${name}, namespace: dev }
spec:
  automountServiceAccountToken: false
  containers:
    - name: app
      image: busybox:1.36
      securityContext: { privileged: ${privileged} }
`;

interface ResultDocument {
  allowed: boolean;
  results: {
    file: string;
    line: number;
    resource: string;
    allowed: boolean;
    decision: string;
    violations: { id: string; patch: { path: string }[] }[];
    patch: { path: string }[];
  }[];
}

describe('profilegate CLI contract', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'pg-contract-'));
    writeFileSync(join(dir, 'bad.yaml'), POD('bad', true));
    writeFileSync(join(dir, 'good.yaml'), POD('good', false));
    mkdirSync(join(dir, 'tree', 'nested'), { recursive: true });
    writeFileSync(join(dir, 'tree', 'good.yaml'), POD('top', false));
    writeFileSync(join(dir, 'tree', 'nested', 'bad.yaml'), POD('deep', true));
    writeFileSync(join(dir, 'tree', 'notes.txt'), 'not a manifest');
  });

  describe('exit codes', () => {
    const usage: [string, string[], string][] = [
      [
        'a missing -f',
        ['eval'],
        "profilegate eval: required option '-f, --filename <path...>' not specified (see profilegate eval --help)\n",
      ],
      [
        'an invalid -o',
        ['eval', '-f', '-', '-o', 'xml'],
        "profilegate eval: option '-o, --output <format>' argument 'xml' is invalid. Allowed choices are text, json, yaml. (see profilegate eval --help)\n",
      ],
      [
        'an unknown option',
        ['audit', '-f', '-', '--colour'],
        "profilegate audit: unknown option '--colour' (see profilegate audit --help)\n",
      ],
      [
        'an unknown command',
        ['evaluate'],
        "profilegate: unknown command 'evaluate' (see profilegate --help)\n",
      ],
      [
        'an unknown policy subcommand',
        ['policy', 'lint'],
        "profilegate policy: unknown command 'lint' (see profilegate policy --help)\n",
      ],
      [
        'the old -o FILE of profile',
        ['profile', '-o', 'profile.json', '--', 'true'],
        "profilegate profile: option '-o, --output <format>' argument 'profile.json' is invalid. -o is the output format (json, yaml); write the file with --out profile.json (see profilegate profile --help)\n",
      ],
      [
        'the old -o FILE of import kubescape',
        ['import', 'kubescape', '-f', '-', '-o', 'profiles.yaml'],
        "profilegate import kubescape: option '-o, --output <format>' argument 'profiles.yaml' is invalid. -o is the output format (yaml, json); write the file with --out profiles.yaml (see profilegate import kubescape --help)\n",
      ],
    ];
    for (const [name, args, message] of usage) {
      it(`2 for ${name}, one line, nothing on stdout`, async () => {
        const run = await runCli(args);
        assert.equal(run.code, 2);
        assert.equal(run.stderr, message);
        assert.equal(run.stdout, '');
      });
    }

    it('2 for a missing --config file, with no stack trace', async () => {
      const missing = join(dir, 'missing.yaml');
      const run = await runCli(['eval', '-f', join(dir, 'good.yaml'), '--config', missing]);
      assert.equal(run.code, 2);
      assert.equal(
        run.stderr,
        `profilegate: cannot read --config ${missing}: ENOENT: no such file or directory, open '${missing}'\n`,
      );
    });

    it('2 for a --config that is not valid YAML', async () => {
      const bad = join(dir, 'bad-config.yaml');
      writeFileSync(bad, 'mode: [enforce\n');
      const run = await runCli(['eval', '-f', join(dir, 'good.yaml'), '--config', bad]);
      assert.equal(run.code, 2);
      assert.match(run.stderr, new RegExp(`^profilegate: --config ${bad} is not valid YAML: [^\\n]+\\n$`));
    });

    it('2 for a --config with an unknown mode, naming the field', async () => {
      const bad = join(dir, 'bad-mode.yaml');
      writeFileSync(bad, 'mode: block\n');
      const run = await runCli(['eval', '-f', join(dir, 'good.yaml'), '--config', bad]);
      assert.equal(run.code, 2);
      assert.match(run.stderr, /^profilegate: invalid configuration .*mode: Invalid option/s);
      assert.doesNotMatch(run.stderr, /\n\s+at /);
    });

    it('0 for an admitted object, 1 for a denied one (eval and audit)', async () => {
      assert.equal((await runCli(['eval', '-f', join(dir, 'good.yaml')])).code, 0);
      assert.equal((await runCli(['eval', '-f', join(dir, 'bad.yaml')])).code, 1);
      assert.equal((await runCli(['audit', '-f', join(dir, 'good.yaml')])).code, 0);
      assert.equal((await runCli(['audit', '-f', join(dir, 'bad.yaml')])).code, 1);
    });

    it('0 for --help and --version; --version prints the package version', async () => {
      const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
      const version = await runCli(['--version']);
      assert.equal(version.code, 0);
      assert.equal(version.stdout, `${pkg.version}\n`);
      const help = await runCli(['eval', '--help']);
      assert.equal(help.code, 0);
      assert.match(help.stdout, /^Usage: profilegate eval \[options\]/);
    });
  });

  describe('one result document for json and yaml', () => {
    it('one object: a results list of one, patch paths relative to the object', async () => {
      const run = await runCli(['eval', '-f', join(dir, 'bad.yaml'), '--level', 'restricted', '-o', 'json']);
      assert.equal(run.code, 1, run.stderr);
      const document = JSON.parse(run.stdout) as ResultDocument;
      assert.equal(document.allowed, false);
      assert.equal(document.results.length, 1);
      const [result] = document.results;
      assert.equal(result?.resource, 'Pod dev/bad');
      assert.ok(result.patch.length > 0);
      assert.ok(
        result.patch.every((op) => op.path.startsWith('/spec/')),
        JSON.stringify(result.patch),
      );
    });

    it('several objects: the same shape, each patch relative to its own object (no /items/N)', async () => {
      const run = await runCli([
        'eval',
        '-f',
        join(dir, 'bad.yaml'),
        '-f',
        join(dir, 'good.yaml'),
        '--level',
        'restricted',
        '-o',
        'json',
      ]);
      const document = JSON.parse(run.stdout) as ResultDocument;
      assert.deepEqual(
        document.results.map((r) => [r.file, r.line, r.resource]),
        [
          [join(dir, 'bad.yaml'), 1, 'Pod dev/bad'],
          [join(dir, 'good.yaml'), 1, 'Pod dev/good'],
        ],
      );
      const paths = document.results.flatMap((r) => [
        ...r.patch.map((op) => op.path),
        ...r.violations.flatMap((v) => v.patch.map((op) => op.path)),
      ]);
      assert.ok(paths.length > 0);
      assert.ok(
        paths.every((p) => p.startsWith('/spec/')),
        paths.join(', '),
      );
    });

    it('-o yaml is the same document as -o json, for eval and audit', async () => {
      for (const command of ['eval', 'audit']) {
        const args = [command, '-f', join(dir, 'bad.yaml'), '-f', join(dir, 'good.yaml')];
        const json = JSON.parse((await runCli([...args, '-o', 'json'])).stdout) as unknown;
        const yaml = parse((await runCli([...args, '-o', 'yaml'])).stdout) as unknown;
        assert.deepEqual(yaml, json, command);
      }
    });

    it('audit -o json is the eval document', async () => {
      const args = ['-f', join(dir, 'bad.yaml')];
      const audit = JSON.parse((await runCli(['audit', ...args, '-o', 'json'])).stdout) as unknown;
      const evaluated = JSON.parse((await runCli(['eval', ...args, '-o', 'json'])).stdout) as unknown;
      assert.deepEqual(audit, evaluated);
    });
  });

  describe('-f repeated, directories and -R', () => {
    it('a directory is read one level deep without -R, recursively with -R; other files are ignored', async () => {
      const flat = JSON.parse(
        (await runCli(['eval', '-f', join(dir, 'tree'), '-o', 'json'])).stdout,
      ) as ResultDocument;
      assert.deepEqual(
        flat.results.map((r) => r.resource),
        ['Pod dev/top'],
      );
      const deep = await runCli(['eval', '-f', join(dir, 'tree'), '-R', '-o', 'json']);
      assert.equal(deep.code, 1);
      assert.deepEqual(
        (JSON.parse(deep.stdout) as ResultDocument).results.map((r) => [r.file, r.resource]),
        [
          [join(dir, 'tree', 'good.yaml'), 'Pod dev/top'],
          [join(dir, 'tree', 'nested', 'bad.yaml'), 'Pod dev/deep'],
        ],
      );
    });

    it('stdin and files together', async () => {
      const run = await runCli(['eval', '-f', '-', '-f', join(dir, 'good.yaml'), '-o', 'json'], {
        stdin: POD('piped', true),
      });
      assert.deepEqual(
        (JSON.parse(run.stdout) as ResultDocument).results.map((r) => [r.file, r.resource]),
        [
          ['stdin', 'Pod dev/piped'],
          [join(dir, 'good.yaml'), 'Pod dev/good'],
        ],
      );
    });
  });

  describe('AdmissionReview files', () => {
    it('are judged as their request.object: denied, exit 1', async () => {
      const run = await runCli(['eval', '-f', join(REVIEWS_DIR, 'deployment-privileged.json')]);
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stdout, /^Deployment shop\/web: denied \(mode enforce\)\n/);
      assert.match(run.stdout, /DENY \[critical\] pss-privileged: container "app" must not set/);
    });

    it('a compliant review is admitted (negative control), exit 0', async () => {
      const run = await runCli(['eval', '-f', join(REVIEWS_DIR, 'deployment-compliant.json')]);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /^Deployment \S+: allowed/);
    });

    it('a review without a request is an input error naming the file and line', async () => {
      const file = join(dir, 'review.yaml');
      writeFileSync(file, 'apiVersion: admission.k8s.io/v1\nkind: AdmissionReview\n');
      const run = await runCli(['eval', '-f', file]);
      assert.equal(run.code, 2);
      assert.equal(run.stderr, `profilegate: ${file}:1: AdmissionReview: request must be an object\n`);
    });
  });

  describe('unknown-field warnings', () => {
    it('eval and audit warn about a typo on stderr, naming file, line, object and the field it resembles', async () => {
      const file = join(dir, 'typo.yaml');
      writeFileSync(
        file,
        POD('typo', false).replace(
          'image: busybox:1.36',
          'image: busybox:1.36\n      imagePulPolicy: Always',
        ),
      );
      for (const command of ['eval', 'audit']) {
        const run = await runCli([command, '-f', file]);
        assert.equal(run.code, 0, run.stderr);
        assert.equal(
          run.stderr,
          `profilegate: warning: ${file}:1: Pod dev/typo: unknown field "spec.containers[0].imagePulPolicy" (did you mean "imagePullPolicy"?)\n`,
          command,
        );
      }
    });

    it('a valid manifest gets no warning (negative control)', async () => {
      const run = await runCli(['eval', '-f', join(dir, 'good.yaml')]);
      assert.equal(run.stderr, '');
    });
  });

  describe('--out is the file, -o the format', () => {
    it('import kubescape -o json --out writes a List that eval --profile reads', async () => {
      const out = join(dir, 'profiles.json');
      const run = await runCli([
        'import',
        'kubescape',
        '-f',
        join(ROOT, 'test', 'fixtures', 'kubescape', 'applicationprofile-web.yaml'),
        '-o',
        'json',
        '--out',
        out,
      ]);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stdout, '');
      const written = JSON.parse(readFileSync(out, 'utf8')) as { kind: string; items: unknown[] };
      assert.equal(written.kind, 'List');
      assert.equal(written.items.length, 1);
      const evaluated = await runCli(['eval', '-f', join(dir, 'good.yaml'), '--profile', out]);
      assert.equal(evaluated.code, 0, evaluated.stderr);
    });
  });
});
