/** The Rego walks the container lists the TypeScript walks, in the same order (one list, two languages). */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONTAINER_KINDS } from '../../../src/schema/pod-spec.js';

const PODS_REGO = join(import.meta.dirname, '..', '..', '..', 'policies', 'rego', 'lib', 'pods.rego');

function regoContainerKinds(text: string): unknown {
  const line = /^container_kinds := (\[.*\])$/m.exec(text);
  return line?.[1] === undefined ? undefined : JSON.parse(line[1]);
}

describe('container kinds', () => {
  it('policies/rego/lib/pods.rego lists the kinds of src/schema/pod-spec.ts, in its order', () => {
    assert.deepEqual(regoContainerKinds(readFileSync(PODS_REGO, 'utf8')), [...CONTAINER_KINDS]);
  });

  it('tells a reordered list apart (negative control)', () => {
    const reordered = 'container_kinds := ["initContainers", "containers", "ephemeralContainers"]\n';
    assert.notDeepEqual(regoContainerKinds(reordered), [...CONTAINER_KINDS]);
  });
});
