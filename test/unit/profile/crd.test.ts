import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { renderCrd, workloadProfileOpenApiSchema } from '../../../src/profile/crd-schema.js';
import { fixtureProfile } from './helpers.js';

describe('WorkloadProfile CRD', () => {
  it('the committed CRD is generated from the zod schema (run scripts/generate-crd.ts)', () => {
    const committed = readFileSync(
      new URL('../../../manifests/crds/workloadprofile.yaml', import.meta.url),
      'utf8',
    );
    assert.equal(
      committed,
      renderCrd(),
      'manifests/crds/workloadprofile.yaml is stale: node --import tsx scripts/generate-crd.ts',
    );
  });

  it('is structural: every object has a type, no additionalProperties next to properties', () => {
    const walk = (node: unknown, path: string): void => {
      if (typeof node !== 'object' || node === null) return;
      const n = node as Record<string, unknown>;
      assert.ok(typeof n.type === 'string', `${path} has no type`);
      assert.ok(
        !('properties' in n && 'additionalProperties' in n),
        `${path} mixes properties and additionalProperties`,
      );
      for (const key of ['$schema', 'const', 'default', 'propertyNames'])
        assert.ok(!(key in n), `${path} has ${key}`);
      for (const [k, v] of Object.entries((n.properties ?? {}) as Record<string, unknown>))
        walk(v, `${path}.${k}`);
      if (n.items !== undefined) walk(n.items, `${path}[]`);
    };
    walk(workloadProfileOpenApiSchema(), '(root)');
  });
});

describe('profile size', () => {
  it('a realistic profile (nginx + exporter, 14 pods, 6 days) serialises under 8 KB', () => {
    const bytes = Buffer.byteLength(JSON.stringify(fixtureProfile()));
    assert.ok(bytes < 8192, `${bytes} bytes`);
  });
});
