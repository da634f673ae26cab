import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ROOT, runCli } from './run-cli.js';

// A Deployment that baseline denies (privileged, NET_ADMIN, hostPID, hostPath, hostPort), in namespace shop.
const DEPLOYMENT = join(ROOT, 'test', 'fixtures', 'profiles', 'deployment-web-overprivileged.yaml');

interface JsonResult {
  allowed: boolean;
  mode?: string;
  violations: { id: string }[];
  warnings: string[];
}

const evalJson = async (...args: string[]) => {
  const run = await runCli(['eval', '-f', DEPLOYMENT, '-o', 'json', ...args]);
  const document = JSON.parse(run.stdout || '{"results":[]}') as { results: JsonResult[] };
  const [result] = document.results;
  assert.ok(result, run.stderr);
  return { run, result };
};

describe('profilegate eval --namespace-labels', function () {
  this.timeout(60_000); // cases start the CLI up to twice in fresh processes
  it('enforce (the default) denies; profilegate.dev/mode=warn on the namespace admits the same object', async () => {
    const enforced = await evalJson();
    assert.equal(enforced.run.code, 1, enforced.run.stderr);
    assert.equal(enforced.result.allowed, false);

    const warned = await evalJson('--namespace-labels', 'profilegate.dev/mode=warn');
    assert.equal(warned.run.code, 0, warned.run.stderr);
    assert.equal(warned.result.allowed, true);
    assert.equal(warned.result.mode, 'warn');
    // The same findings, now as warnings.
    assert.deepEqual(
      warned.result.violations.map((v) => v.id).sort(),
      enforced.result.violations.map((v) => v.id).sort(),
    );
    assert.ok(warned.result.warnings.some((w) => w.includes('pss-privileged')));
  });

  it('the namespace label wins over --mode, as in the webhook', async () => {
    const { run, result } = await evalJson(
      '--mode',
      'enforce',
      '--namespace-labels',
      'team=shop,profilegate.dev/mode=audit',
    );
    assert.equal(run.code, 0, run.stderr);
    assert.equal(result.mode, 'audit');
  });

  it('profilegate.dev/level=restricted adds the restricted findings', async () => {
    const baseline = await evalJson('--namespace-labels', 'profilegate.dev/mode=warn');
    const restricted = await evalJson(
      '--namespace-labels',
      'profilegate.dev/mode=warn,profilegate.dev/level=restricted',
    );
    const ids = (r: JsonResult) => new Set(r.violations.map((v) => v.id));
    assert.ok(!ids(baseline.result).has('pss-run-as-non-root'));
    assert.ok(ids(restricted.result).has('pss-run-as-non-root'), restricted.run.stdout);
  });

  it('profilegate.dev/exempt=true admits without judging', async () => {
    const run = await runCli(['eval', '-f', DEPLOYMENT, '--namespace-labels', 'profilegate.dev/exempt=true']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^Deployment shop\/web: allowed \(exempt namespace\)$/m);
  });

  it('an unknown label value is reported as a warning, not silently ignored', async () => {
    const { result } = await evalJson('--namespace-labels', 'profilegate.dev/mode=strict');
    assert.equal(result.allowed, false);
    assert.ok(
      result.warnings.includes(
        'namespace shop label profilegate.dev/mode=strict is not valid (allowed: enforce, warn, audit); using enforce',
      ),
      result.warnings.join('\n'),
    );
  });

  it('rejects a label without "="', async () => {
    const run = await runCli(['eval', '-f', DEPLOYMENT, '--namespace-labels', 'profilegate.dev/mode']);
    assert.notEqual(run.code, 0);
    assert.match(run.stderr, /"profilegate\.dev\/mode" is not key=value/);
  });
});
