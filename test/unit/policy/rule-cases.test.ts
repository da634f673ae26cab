/**
 * Every case file in policies/cases, through the webhook's review on the committed WASM bundle
 * (no opa CLI needed). `profilegate policy test` runs the same cases on a fresh build.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadCases } from '../../../src/cli/policy/cases/case-file.js';
import { runCase } from '../../../src/cli/policy/cases/run-cases.js';
import { WasmPolicyEngine } from '../../../src/policy/wasm-engine.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');

describe('policy case files on the committed bundle', () => {
  let engine: WasmPolicyEngine;
  before(async () => {
    const path = join(ROOT, 'policies/bundle/bundle.tar.gz');
    engine = await WasmPolicyEngine.fromBundle(await readFile(path), path);
  });

  it('has case files', async () => {
    assert.ok((await loadCases(join(ROOT, 'policies/cases'))).length >= 10);
  });

  it('every case gives the expected decision, findings and patch', async () => {
    const outcomes = [];
    for (const c of await loadCases(join(ROOT, 'policies/cases'))) outcomes.push(await runCase(c, engine));
    const failures = outcomes
      .filter((o) => o.failures.length > 0)
      .map((o) => `${o.name}:\n${o.failures.join('\n')}`);
    assert.deepEqual(failures, []);
  });
});
