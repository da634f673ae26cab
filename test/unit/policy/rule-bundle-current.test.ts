/**
 * The committed bundle, its metadata and docs/policies.md must match the Rego sources. When
 * this fails, run `npm run build:policies` and commit policies/bundle and docs/policies.md.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sourcesDigest } from '../../../src/cli/build/rego-sources.js';
import { renderPolicyDocs } from '../../../src/cli/build/render-policy-docs.js';
import { readWasmBundle } from '../../../src/policy/read-bundle.js';
import { readRuleMetadataFile } from '../../../src/cli/build/rule-metadata.js';
import { ruleLevelsData } from '../../../src/cli/build/rule-levels.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const STALE = 'stale: run `npm run build:policies` and commit policies/bundle and docs/policies.md';

describe('committed policy bundle and docs', () => {
  it('were built from the current Rego sources', async () => {
    const recorded = (await readFile(join(ROOT, 'policies/bundle/sources.sha256'), 'utf8')).trim();
    assert.equal(recorded, await sourcesDigest(ROOT, ['policies/rego']), `policies/bundle is ${STALE}`);
  });

  it('bundle.tar.gz carries the sources digest as its revision', async () => {
    const recorded = (await readFile(join(ROOT, 'policies/bundle/sources.sha256'), 'utf8')).trim();
    const bundle = await readWasmBundle(
      await readFile(join(ROOT, 'policies/bundle/bundle.tar.gz')),
      'bundle.tar.gz',
    );
    assert.equal(bundle.revision, recorded.slice(0, 12), `bundle.tar.gz is ${STALE}`);
  });

  it("the bundle's data holds every rule package's level, as metadata.json says", async () => {
    const rules = await readRuleMetadataFile(join(ROOT, 'policies/bundle/metadata.json'));
    const levels = await readFile(join(ROOT, 'policies/bundle/rule-levels.json'), 'utf8');
    assert.equal(levels, ruleLevelsData(rules), `policies/bundle/rule-levels.json is ${STALE}`);
    const bundle = await readWasmBundle(
      await readFile(join(ROOT, 'policies/bundle/bundle.tar.gz')),
      'bundle.tar.gz',
    );
    const table = (bundle.data as { profilegate: { generated: { rule_levels: Record<string, string> } } })
      .profilegate.generated.rule_levels;
    assert.equal(Object.keys(table).length, rules.length, 'one level per rule package');
    assert.deepEqual(
      table,
      (JSON.parse(levels) as typeof bundle.data & { profilegate: { generated: { rule_levels: unknown } } })
        .profilegate.generated.rule_levels,
    );
  });

  it('docs/policies.md is generated from metadata.json', async () => {
    const rules = await readRuleMetadataFile(join(ROOT, 'policies/bundle/metadata.json'));
    const docs = await readFile(join(ROOT, 'docs/policies.md'), 'utf8');
    assert.equal(docs, renderPolicyDocs(rules), `docs/policies.md is ${STALE}`);
  });
});
