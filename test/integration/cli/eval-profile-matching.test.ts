import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { ROOT, runCli } from './run-cli.js';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'profiles');
const DEPLOYMENT = join(FIXTURES, 'deployment-web-overprivileged.yaml');

interface Finding {
  id: string;
  message: string;
}

/** eval --profile's runtime findings on Deployment shop/web. */
async function runtimeFindings(...profiles: string[]): Promise<Finding[]> {
  const args = ['eval', '-f', DEPLOYMENT, ...profiles.flatMap((p) => ['--profile', p]), '-o', 'json'];
  const run = await runCli(args);
  const [result] = (JSON.parse(run.stdout) as { results: { violations: Finding[] }[] }).results;
  assert.ok(result, run.stderr);
  return result.violations.filter((v) => v.id.startsWith('runtime-'));
}

describe('profilegate eval --profile matches profiles as the webhook does', () => {
  let dir: string;
  /** The fixture profile of Deployment web, written with `namespace` (or none) and `name`. */
  async function profileFile(namespace: string | undefined, name: string): Promise<string> {
    const profile = parse(await readFile(join(FIXTURES, 'deployment-web.yaml'), 'utf8')) as {
      metadata: Record<string, unknown>;
    };
    profile.metadata.name = name;
    if (namespace === undefined) delete profile.metadata.namespace;
    else profile.metadata.namespace = namespace;
    const path = join(dir, `${name}.yaml`);
    await writeFile(path, stringify(profile));
    return path;
  }

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'profilegate-eval-match-'));
  });

  it('a profile without metadata.namespace judges the workload in namespace shop', async () => {
    const findings = await runtimeFindings(await profileFile(undefined, 'anywhere'));
    const unused = findings.find((f) => f.id === 'runtime-unused-capabilities');
    assert.ok(unused, JSON.stringify(findings));
    assert.match(
      unused.message,
      /^container "web" requests NET_ADMIN, SYS_TIME, never used across 14 pods over 6d \(profile anywhere, stale\); /,
    );
  });

  it('a profile recorded in another namespace does not (negative control)', async () => {
    assert.deepEqual(await runtimeFindings(await profileFile('other', 'in-other')), []);
  });

  it('a namespaced profile wins over a namespace-less one', async () => {
    const findings = await runtimeFindings(
      await profileFile(undefined, 'fallback'),
      await profileFile('shop', 'in-shop'),
    );
    assert.ok(findings.length > 0);
    for (const f of findings) assert.match(f.message, /\(profile in-shop, stale\)/, f.message);
  });

  it('two profiles of the same workload in one namespace are an input error naming both', async () => {
    const run = await runCli([
      'eval',
      '-f',
      DEPLOYMENT,
      '--profile',
      await profileFile('shop', 'first'),
      '--profile',
      await profileFile('shop', 'second'),
    ]);
    assert.equal(run.code, 2);
    assert.equal(
      run.stderr,
      'profilegate: cannot load profiles:\n' +
        '  profile 1 (second): profile of shop/Deployment/web is already defined in profile 0 (first)\n',
    );
  });
});
