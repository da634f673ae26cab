/**
 * Applies each finding's patch in turn to one copy of the object and returns the diff
 * between the original and the result, so rules that touch the same securityContext
 * compose instead of overwriting each other.
 * Ensure-parent `add`s follow src/patch/ensure-parent.ts.
 */
import { applyPatch, compare, deepClone, type Operation } from './json-patch.js';
import { withoutRedundantParents } from './ensure-parent.js';
import type { DroppedPatch, PatchOperation } from './patch-operation.js';

export interface PatchSource {
  id: string;
  patch: PatchOperation[];
}

export interface CombinedPatch {
  operations: Operation[];
  patched: unknown;
  applied: string[];
  rejected: DroppedPatch[];
}

export function combinePatches(object: unknown, sources: readonly PatchSource[]): CombinedPatch {
  let current = deepClone(object) as unknown;
  const applied: string[] = [];
  const rejected: DroppedPatch[] = [];
  for (const source of sources) {
    if (source.patch.length === 0) continue;
    // Each source is applied whole or not at all: a half-applied fix is a new spec nobody wrote.
    const attempt = deepClone(current) as unknown;
    try {
      // Cloned: fast-json-patch inserts `add` values by reference, and a later op writing
      // inside such a value would otherwise rewrite the finding's own patch.
      const ops = deepClone(withoutRedundantParents(attempt, source.patch)) as Operation[];
      current = applyPatch(attempt, ops, true, true).newDocument;
      applied.push(source.id);
    } catch (error) {
      rejected.push({
        id: source.id,
        reason: (error as Error).message.split('\n')[0] ?? 'invalid patch',
        ops: source.patch,
      });
    }
  }
  return { operations: compare(object as object, current as object), patched: current, applied, rejected };
}
