import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { parse as parseJunit } from 'junit2json';
import { parseAllDocuments } from 'yaml';
import { ROOT, runCli } from './run-cli.js';

const FIXTURES = join(ROOT, 'test', 'e2e', 'fixtures');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

/** A directory tree: a two-document file (compliant first, so the finding is on a later line) and a nested file. */
function manifestTree(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pg-audit-'));
  writeFileSync(
    join(dir, 'apps.yaml'),
    `${fixture('compliant-deployment.yaml')}---\n${fixture('privileged-pod.yaml')}`,
  );
  mkdirSync(join(dir, 'nested'));
  writeFileSync(join(dir, 'nested', 'deploy.yaml'), fixture('privileged-deployment.yaml'));
  writeFileSync(join(dir, 'nested', 'notes.txt'), 'not a manifest');
  return dir;
}

function toolchainEnv(): string {
  const cache = process.env.PROFILEGATE_CACHE ?? join(homedir(), '.cache', 'profilegate');
  return readFileSync(join(cache, 'toolchain.env'), 'utf8');
}

function lineOf(text: string, needle: string): number {
  return text.slice(0, text.indexOf(needle)).split('\n').length;
}

function sarifValidator() {
  const schema = JSON.parse(
    readFileSync(
      join(ROOT, 'node_modules', '@microsoft', 'jest-sarif', 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json'),
      'utf8',
    ),
  ) as object;
  // The schema's pattern for language tags is not valid in unicode mode; draft-04 needs ajv-draft-04.
  const ajv = new AjvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats.default(ajv);
  return ajv.compile(schema);
}

describe('profilegate audit', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => {
    dir = manifestTree();
  });

  it('a directory with -R: a table of findings at file:line, exit 1 for a critical finding', async () => {
    const run = await runCli(['audit', '-f', dir, '-R']);
    assert.equal(run.code, 1, run.stderr);
    assert.equal(run.stderr, '');
    const apps = readFileSync(join(dir, 'apps.yaml'), 'utf8');
    const podLine = lineOf(apps, 'apiVersion: v1\nkind: Pod');
    assert.match(
      run.stdout,
      new RegExp(
        `^${dir}/apps\\.yaml:${podLine} +Pod default/privileged-pod +critical +enforce +pss-privileged`,
        'm',
      ),
    );
    assert.match(
      run.stdout,
      new RegExp(`^${dir}/nested/deploy\\.yaml:2 +Deployment default/privileged-deployment +critical`, 'm'),
    );
    assert.match(run.stdout, /findings in 3 judged objects\n$/);
  });

  it('without -R a directory is read one level deep', async () => {
    const run = await runCli(['audit', '-f', dir, '-o', 'json']);
    const out = JSON.parse(run.stdout) as { results: unknown[] };
    assert.equal(out.results.length, 2);
  });

  it('exit codes: --fail-on none is 0, a compliant manifest is 0', async () => {
    assert.equal((await runCli(['audit', '-f', dir, '-R', '--fail-on', 'none'])).code, 0);
    const clean = await runCli(['audit', '-f', join(FIXTURES, 'compliant-deployment.yaml')]);
    assert.equal(clean.code, 0, clean.stdout);
    assert.equal(clean.stdout, 'no findings in 1 judged objects\n');
  });

  const usage: [string, string[], RegExp][] = [
    [
      'a missing file',
      ['-f', '/nonexistent.yaml'],
      /^profilegate: cannot read \/nonexistent\.yaml: ENOENT[^\n]*\n$/,
    ],
    [
      'an unknown output',
      ['-f', '-', '-o', 'html'],
      /^profilegate audit: option '-o, --output <format>' argument 'html' is invalid\. Allowed choices are table, json, yaml, sarif, junit, policyreport\. \(see profilegate audit --help\)\n$/,
    ],
    [
      'neither -f nor --cluster',
      [],
      /^profilegate: give either -f <path> \(manifests\) or --cluster \(a live cluster\), not both or neither\n$/,
    ],
    [
      'both -f and --cluster',
      ['-f', '-', '--cluster'],
      /^profilegate: give either -f <path> \(manifests\) or --cluster \(a live cluster\), not both or neither\n$/,
    ],
  ];
  for (const [name, args, message] of usage) {
    it(`exit 2 with one line for ${name}`, async () => {
      const run = await runCli(['audit', ...args]);
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, message);
    });
  }

  it('exit 2 naming the line of invalid YAML on stdin', async () => {
    const run = await runCli(['audit', '-f', '-'], {
      stdin: 'apiVersion: v1\nkind: Pod\nmetadata: {name: [\n',
    });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^profilegate: stdin:\d+: not valid YAML: [^\n]+\n$/);
  });

  it('SARIF 2.1.0: valid against the schema, rules with help and framework tags, file and line locations', async () => {
    const run = await runCli(['audit', '-f', dir, '-R', '-o', 'sarif']);
    assert.equal(run.code, 1, run.stderr);
    const log = JSON.parse(run.stdout) as {
      runs: {
        tool: { driver: { rules: { id: string; help: { text: string }; properties: { tags: string[] } }[] } };
        results: {
          ruleId: string;
          locations: {
            physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } };
          }[];
        }[];
      }[];
    };
    const validate = sarifValidator();
    assert.equal(validate(log), true, JSON.stringify(validate.errors));
    const [sarifRun] = log.runs;
    assert.ok(sarifRun);
    const privileged = sarifRun.tool.driver.rules.find((r) => r.id === 'pss-privileged');
    assert.deepEqual(privileged?.properties.tags, [
      'security',
      'kubernetes',
      'PSS:baseline/privileged-containers',
      'CIS:5.2.2',
      'NSA-CISA:Pod security: non-root and unprivileged containers',
      'MITRE:T1611',
    ]);
    assert.match(
      privileged.help.text,
      /\n\nRemediation: Remove securityContext\.privileged or set it to false\.$/,
    );
    const apps = readFileSync(join(dir, 'apps.yaml'), 'utf8');
    const locations = sarifRun.results
      .filter((r) => r.ruleId === 'pss-privileged')
      .map((r) => r.locations[0]?.physicalLocation)
      .map((l) => [l?.artifactLocation.uri, l?.region.startLine]);
    assert.deepEqual(locations, [
      [join(dir, 'apps.yaml'), lineOf(apps, 'apiVersion: v1\nkind: Pod')],
      [join(dir, 'nested', 'deploy.yaml'), 2],
    ]);
  });

  it('negative control: the SARIF schema rejects a log without a driver name', () => {
    const validate = sarifValidator();
    assert.equal(validate({ version: '2.1.0', runs: [{ tool: { driver: {} }, results: [] }] }), false);
  });

  it('JUnit: parsed by a JUnit XML parser, one suite per file, a failure per finding at or above --fail-on', async () => {
    const run = await runCli(['audit', '-f', dir, '-R', '-o', 'junit']);
    const parsed = (await parseJunit(run.stdout)) as {
      tests?: number;
      failures?: number;
      testsuite?: { name?: string; testcase?: { name?: string; failure?: { type?: string }[] }[] }[];
    };
    assert.equal(parsed.tests, 3);
    assert.equal(parsed.failures, 2);
    assert.deepEqual(
      parsed.testsuite?.map((s) => s.name),
      [join(dir, 'apps.yaml'), join(dir, 'nested', 'deploy.yaml')],
    );
    const pod = parsed.testsuite[0]?.testcase?.find((c) => c.name === 'Pod default/privileged-pod');
    assert.ok(pod?.failure?.some((f) => f.type === 'pss-privileged'));
  });

  it('-o policyreport: the PolicyReport the background audit would write', async () => {
    const run = await runCli(['audit', '-f', dir, '-R', '-o', 'policyreport', '--mode', 'audit']);
    const [report] = parseAllDocuments(run.stdout).map((d) => d.toJS() as Record<string, unknown>);
    assert.equal(report?.kind, 'PolicyReport');
    assert.deepEqual(report.summary, { pass: 1, fail: 2, warn: 2, error: 0, skip: 0 });
    // Results of one object share its resources entry; the YAML spells it out, no &anchor/*alias.
    assert.doesNotMatch(run.stdout, /(^|\s)[&*]a\d+(\s|$)/m);
  });

  it('helm template output on stdin: SARIF valid, the finding at its line of the rendered output', async () => {
    const helm = /^PROFILEGATE_HELM=(.*)$/m.exec(toolchainEnv())?.[1];
    assert.ok(helm, 'the toolchain provides helm');
    const chart = join(ROOT, 'test', 'fixtures', 'charts', 'web');
    const rendered = execFileSync(helm, ['template', 'shop', chart], { encoding: 'utf8' });
    const run = await runCli(['audit', '-f', '-', '-n', 'shop', '-o', 'sarif'], { stdin: rendered });
    assert.equal(run.code, 1, run.stderr);
    const log = JSON.parse(run.stdout) as {
      runs: {
        results: {
          ruleId: string;
          message: { text: string };
          locations: {
            physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } };
          }[];
        }[];
      }[];
    };
    const validate = sarifValidator();
    assert.equal(validate(log), true, JSON.stringify(validate.errors));
    const results = log.runs[0]?.results ?? [];
    assert.deepEqual(
      results.map((r) => [
        r.ruleId,
        r.message.text.split(':')[0],
        r.locations[0]?.physicalLocation.region.startLine,
      ]),
      [
        [
          'pss-privileged',
          'Deployment shop/shop-web',
          lineOf(rendered, 'apiVersion: apps/v1\nkind: Deployment'),
        ],
      ],
    );
    const clean = await runCli(['audit', '-f', '-', '-n', 'shop'], {
      stdin: execFileSync(helm, ['template', 'shop', chart, '--set', 'privileged=false'], {
        encoding: 'utf8',
      }),
    });
    assert.equal(clean.code, 0, clean.stdout);
  });

  it('reads kustomize output from stdin (kubectl kustomize, multi-document)', async () => {
    const env = readFileSync(
      join(process.env.PROFILEGATE_CACHE ?? join(homedir(), '.cache', 'profilegate'), 'toolchain.env'),
      'utf8',
    );
    const kubectl = /^PROFILEGATE_KUBECTL=(.*)$/m.exec(env)?.[1];
    assert.ok(kubectl, 'the toolchain provides kubectl');
    const base = mkdtempSync(join(tmpdir(), 'pg-kustomize-'));
    writeFileSync(join(base, 'pod.yaml'), fixture('privileged-pod.yaml'));
    writeFileSync(join(base, 'deploy.yaml'), fixture('compliant-deployment.yaml'));
    writeFileSync(join(base, 'kustomization.yaml'), 'namespace: shop\nresources: [pod.yaml, deploy.yaml]\n');
    const rendered = execFileSync(kubectl, ['kustomize', base], { encoding: 'utf8' });
    const run = await runCli(['audit', '-f', '-', '-o', 'json'], { stdin: rendered });
    assert.equal(run.code, 1, run.stderr);
    const out = JSON.parse(run.stdout) as {
      results: { resource: string; file: string; line: number; violations: { id: string }[] }[];
    };
    assert.deepEqual(out.results.map((o) => o.resource).sort(), [
      'Deployment shop/compliant-deployment',
      'Pod shop/privileged-pod',
    ]);
    const pod = out.results.find((r) => r.violations.some((v) => v.id === 'pss-privileged'));
    assert.equal(pod?.resource, 'Pod shop/privileged-pod');
    assert.equal(pod.file, 'stdin');
    assert.equal(pod.line, lineOf(rendered, 'apiVersion: v1\nkind: Pod'));
  });
});
