/**
 * Level versions ("latest" or "v1.N", as PSA's enforce-version) in the configuration and the
 * environment, with the exact problem a user reads for a bad value.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidConfigError } from '../../../src/config/config-schema.js';
import {
  formatLevelVersion,
  isLevelVersion,
  levelVersionProblem,
  NEWEST_LEVEL_MINOR,
} from '../../../src/config/level-version.js';
import { parseConfig } from '../../../src/config/parse-config.js';
import { loadConfig } from '../../../webhook/config-loader.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const ALLOWED = '(allowed: "latest" or v1.0 to v1.37)';

function configProblems(document: unknown): string[] {
  try {
    parseConfig(document, 'test');
  } catch (error) {
    if (error instanceof InvalidConfigError) return error.problems;
    throw error;
  }
  assert.fail('expected an InvalidConfigError');
}

describe('level versions', () => {
  const valid = ['latest', 'v1.0', 'v1.8', 'v1.25', 'v1.35', 'v1.37'];
  for (const value of valid) {
    it(`accepts ${value}`, () => {
      assert.equal(levelVersionProblem(value), undefined);
      assert.ok(isLevelVersion(value));
      assert.equal(parseConfig({ levelVersion: value }, 'test').levelVersion, value);
    });
  }

  const invalid: [string, string][] = [
    ['1.35', `"1.35" is not a Pod Security Standards version ${ALLOWED}`],
    ['v1.035', `"v1.035" is not a Pod Security Standards version ${ALLOWED}`],
    ['v2.0', `"v2.0" is not a Pod Security Standards version ${ALLOWED}`],
    ['V1.35', `"V1.35" is not a Pod Security Standards version ${ALLOWED}`],
    ['v1.35.2', `"v1.35.2" is not a Pod Security Standards version ${ALLOWED}`],
    ['Latest', `"Latest" is not a Pod Security Standards version ${ALLOWED}`],
    ['baseline:v1.35', `"baseline:v1.35" is not a Pod Security Standards version ${ALLOWED}`],
    ['', `"" is not a Pod Security Standards version ${ALLOWED}`],
    [
      'v1.38',
      `v1.38 is newer than v1.37, the newest Pod Security Standards version this ProfileGate implements ${ALLOWED}`,
    ],
  ];
  for (const [value, problem] of invalid) {
    it(`rejects ${JSON.stringify(value)} naming the field`, () => {
      assert.equal(levelVersionProblem(value), problem);
      assert.ok(!isLevelVersion(value));
      assert.deepEqual(configProblems({ levelVersion: value }), [`levelVersion: ${problem}`]);
    });
  }

  it('rejects a version that is not a string', () => {
    assert.deepEqual(configProblems({ levelVersion: 1.35 }), [
      'levelVersion: Invalid input: expected string, received number',
    ]);
  });

  it('defaults to latest, and the label key to profilegate.dev/level-version', () => {
    const config = parseConfig({}, 'test');
    assert.equal(config.levelVersion, 'latest');
    assert.equal(config.namespaceLabels.levelVersion, 'profilegate.dev/level-version');
  });

  it('is set by PROFILEGATE_LEVEL_VERSION, and a bad value names the field', () => {
    assert.equal(loadConfig({ PROFILEGATE_LEVEL_VERSION: 'v1.35' }).levelVersion, 'v1.35');
    assert.throws(
      () => loadConfig({ PROFILEGATE_LEVEL_VERSION: 'v1.40' }),
      (error: unknown) =>
        error instanceof InvalidConfigError &&
        error.problems.join() ===
          `levelVersion: v1.40 is newer than v1.37, the newest Pod Security Standards version this ProfileGate implements ${ALLOWED}`,
    );
  });

  it('formats a level with its version as PSA does', () => {
    assert.equal(formatLevelVersion('baseline', 'v1.35'), 'baseline:v1.35');
    assert.equal(formatLevelVersion('restricted', 'latest'), 'restricted:latest');
  });

  it('knows the same newest version as the Rego library', async () => {
    const rego = await readFile(join(ROOT, 'policies/rego/lib/pss_version.rego'), 'utf8');
    const match = /^newest_minor := (\d+)$/m.exec(rego);
    assert.ok(match, 'newest_minor not found in policies/rego/lib/pss_version.rego');
    assert.equal(Number(match[1]), NEWEST_LEVEL_MINOR);
  });
});
