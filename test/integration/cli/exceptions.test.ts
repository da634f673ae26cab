import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ROOT, runCli } from './run-cli.js';

const DEPLOYMENT = join(ROOT, 'test', 'e2e', 'fixtures', 'privileged-deployment.yaml');
const PRIVILEGED =
  'container "escalate" must not set securityContext.privileged=true (allowed: false or unset)';

const exception = (expires: string) => `apiVersion: profilegate.dev/v1alpha1
kind: PolicyException
metadata: { name: debug-tools, namespace: shop }
spec:
  reason: debugging INC-7 until the fix ships
  expires: "${expires}"
  match: { kinds: [Deployment], names: [privileged-*] }
  rules:
    - id: pss-privileged
      containers: [escalate]
      images: ["registry.example.com/tools/*"]
`;

async function exceptionFile(text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'pg-exceptions-'));
  await writeFile(join(dir, 'exception.yaml'), text);
  return join(dir, 'exception.yaml');
}

describe('profilegate eval and audit with --exception', function () {
  this.timeout(60_000);

  it('eval: the exempted finding no longer denies and is shown with its exception', async () => {
    const file = await exceptionFile(exception('2099-01-01T00:00:00Z'));
    const run = await runCli(['eval', '-f', DEPLOYMENT, '-n', 'shop', '--exception', file]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(
      run.stdout,
      new RegExp(
        `^ {2}EXEMPT \\[critical\\] pss-privileged: ${PRIVILEGED.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(PolicyException shop/debug-tools: debugging INC-7 until the fix ships, until 2099-01-01T00:00:00Z\\)$`,
        'm',
      ),
    );
    const json = await runCli(['eval', '-f', DEPLOYMENT, '-n', 'shop', '--exception', file, '-o', 'json']);
    const doc = JSON.parse(json.stdout) as { results: { exempted: { id: string; exception: unknown }[] }[] };
    assert.deepEqual(
      doc.results[0]?.exempted.map((e) => [e.id, e.exception]),
      [
        [
          'pss-privileged',
          {
            name: 'shop/debug-tools',
            reason: 'debugging INC-7 until the fix ships',
            expires: '2099-01-01T00:00:00Z',
          },
        ],
      ],
    );
    // Negative controls: another namespace, and an expired exception, deny as before.
    assert.equal((await runCli(['eval', '-f', DEPLOYMENT, '-n', 'ops', '--exception', file])).code, 1);
    const expired = await runCli([
      'eval',
      '-f',
      DEPLOYMENT,
      '-n',
      'shop',
      '--exception',
      await exceptionFile(exception('2020-01-01T00:00:00Z')),
    ]);
    assert.equal(expired.code, 1);
    assert.match(
      expired.stdout,
      /warning: profilegate: PolicyException shop\/debug-tools expired at 2020-01-01T00:00:00Z; \[pss-privileged\] applies again/,
    );
  });

  it('audit: SARIF marks the exempted result suppressed, and the PolicyReport shows it as skip', async () => {
    const file = await exceptionFile(exception('2099-01-01T00:00:00Z'));
    const sarif = await runCli(['audit', '-f', DEPLOYMENT, '-n', 'shop', '--exception', file, '-o', 'sarif']);
    assert.equal(sarif.code, 0, sarif.stderr);
    const log = JSON.parse(sarif.stdout) as {
      runs: { results: { ruleId: string; suppressions?: { kind: string; justification: string }[] }[] }[];
    };
    const suppressed = log.runs[0]?.results.find((r) => r.ruleId === 'pss-privileged');
    assert.deepEqual(suppressed?.suppressions, [
      {
        kind: 'external',
        status: 'accepted',
        justification:
          'PolicyException shop/debug-tools: debugging INC-7 until the fix ships, until 2099-01-01T00:00:00Z',
      },
    ]);
    const report = await runCli([
      'audit',
      '-f',
      DEPLOYMENT,
      '-n',
      'shop',
      '--exception',
      file,
      '-o',
      'policyreport',
    ]);
    const [doc] = parseAllDocuments(report.stdout).map(
      (d) =>
        d.toJS() as {
          summary: Record<string, number>;
          results: { policy: string; result: string; properties: Record<string, string> }[];
        },
    );
    assert.ok(doc);
    const result = doc.results.find((r) => r.policy === 'pss-privileged');
    assert.ok(result);
    assert.equal(result.result, 'skip');
    assert.equal(result.properties.exception, 'shop/debug-tools');
    assert.equal(result.properties.exceptionReason, 'debugging INC-7 until the fix ships');
    assert.equal(doc.summary.skip, 1);
  });

  it('an invalid exception is an input error naming the file, the document and the field', async () => {
    const file = await exceptionFile(
      exception('2099-01-01T00:00:00Z').replace('reason: debugging INC-7 until the fix ships', 'reason: ""'),
    );
    const run = await runCli(['eval', '-f', DEPLOYMENT, '-n', 'shop', '--exception', file]);
    assert.equal(run.code, 2);
    assert.equal(
      run.stderr,
      `profilegate: ${file} document 1: invalid PolicyException: spec.reason: Too small: expected string to have >=1 characters\n`,
    );
  });
});
