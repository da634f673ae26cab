/**
 * The ensure-parent convention of ProfileGate patches (docs/policy-contract.md): an `add` of
 * an empty object or list at a path that already exists only makes sure the parent exists,
 * so it is dropped rather than allowed to replace what is there.
 */
import { resolvePointer } from './json-pointer.js';
import type { PatchOperation } from './patch-operation.js';

function isEmptyContainer(value: unknown): boolean {
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && value !== null && Object.keys(value).length === 0;
}

export function withoutRedundantParents(
  document: unknown,
  patch: readonly PatchOperation[],
): PatchOperation[] {
  return patch.filter(
    (op) =>
      !(op.op === 'add' && isEmptyContainer(op.value) && resolvePointer(document, op.path) !== undefined),
  );
}
