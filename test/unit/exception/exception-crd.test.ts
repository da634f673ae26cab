import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { renderExceptionCrd } from '../../../src/exception/crd-schema.js';
import { CachedExceptionStore } from '../../../src/exception/cached-exception-store.js';

describe('PolicyException CRD', () => {
  it('the committed CRD is generated from the zod schema (run scripts/generate-crd.ts)', () => {
    const committed = readFileSync(
      new URL('../../../manifests/crds/policyexception.yaml', import.meta.url),
      'utf8',
    );
    assert.equal(
      committed,
      renderExceptionCrd(),
      'manifests/crds/policyexception.yaml is stale: node --import tsx scripts/generate-crd.ts',
    );
  });
});

describe('CachedExceptionStore', () => {
  const stored = (name: string, namespace: string, spec: unknown) => ({
    metadata: { name, namespace },
    spec,
  });
  const valid = { reason: 'r', match: { names: ['web'] }, rules: [{ id: 'pss-privileged' }] };

  it('indexes valid exceptions by namespace, hears changes, and drops an object that turns invalid', () => {
    const invalid: string[] = [];
    const changed: string[] = [];
    const store = new CachedExceptionStore((e) => invalid.push(e.message));
    store.onChange((ns) => changed.push(ns));
    store.replace([stored('a', 'shop', valid), stored('b', 'ops', valid)]);
    assert.deepEqual(
      store.exceptionsIn('shop').map((e) => e.metadata.name),
      ['a'],
    );
    store.upsert(stored('a', 'shop', { ...valid, rules: [] }));
    assert.deepEqual(store.exceptionsIn('shop'), []);
    assert.deepEqual(invalid, [
      'PolicyException shop/a: invalid PolicyException: spec.rules: Too small: expected array to have >=1 items',
    ]);
    store.remove(stored('b', 'ops', valid));
    assert.deepEqual(store.exceptionsIn('ops'), []);
    assert.deepEqual(changed, ['shop', 'ops', 'shop', 'ops']);
  });
});
