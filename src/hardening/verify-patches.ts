/**
 * The safety net between policy evaluation and the decision (defence in depth: it does not
 * trust the Rego). Every proposed patch is applied with fast-json-patch to request.object and
 * the result re-judged:
 *   NEVER LOOSEN  effective privileges after ⊆ before (effective-privileges.ts);
 *   NEVER BREAK   with a profile, everything observed still works (observed-behaviour.ts);
 *   SCOPE         the patch changes only the pod spec fields this module can judge.
 * First each violation's patch alone, then all kept patches together in order (two fixes that
 * are each safe can be unsafe together, or no longer apply). A patch that fails is removed
 * from its violation (the finding stays) and reported as a DroppedPatch.
 *
 * The kept patches, concatenated in order, are a valid RFC 6902 patch of request.object:
 * an `add` of `{}`/`[]` that only ensures a parent exists (docs/policy-contract.md) is removed
 * from a later patch when an earlier kept patch already created that parent.
 *
 * Requests without a workload (Services) have no pod spec to judge: their
 * violations pass through unchanged.
 */
import { applyPatch, deepClone, type Operation } from '../patch/json-patch.js';
import { withoutRedundantParents } from '../patch/ensure-parent.js';
import { effectivePrivileges, findLoosening } from './effective-privileges.js';
import { findBreakage } from './observed-behaviour.js';
import { outOfScopeChanges, outsidePodSpec } from './patch-scope.js';
import { obj } from '../schema/pod-spec.js';
import type { DroppedPatch, PatchOperation } from '../patch/patch-operation.js';
import { pointerKeys, resolvePointer } from '../patch/json-pointer.js';
import type { ProfileView } from '../profile/profile-view.js';

/** What the safety net reads of a review (a policy input has this shape). */
export interface PatchContext {
  request: { object: Record<string, unknown> | null };
  /** Null when the request is not about a workload. */
  workload: { namespace: string; podSpecPointer: string } | null;
  profile: ProfileView | null;
}

/** A finding with a proposed patch; any other fields are kept as they are. */
export interface PatchedFinding {
  id: string;
  patch: PatchOperation[];
}

export interface VerifiedPatches<T extends PatchedFinding> {
  /** The same findings in the same order; one whose patch was dropped keeps an empty patch. */
  violations: T[];
  dropped: DroppedPatch[];
}

type Judge = (patched: unknown) => string[];

export function verifyPatches<T extends PatchedFinding>(
  input: PatchContext,
  violations: T[],
): VerifiedPatches<T> {
  const object = input.request.object;
  const workload = input.workload;
  if (object === null || workload === null || violations.every((v) => v.patch.length === 0)) {
    return { violations, dropped: [] };
  }
  const pointer = workload.podSpecPointer;
  const before = effectivePrivileges(obj(resolvePointer(object, pointer)));
  const judge: Judge = (patched) => {
    const reasons = outOfScopeChanges(object, patched, pointer);
    if (reasons.length > 0) return reasons;
    const after = effectivePrivileges(obj(resolvePointer(patched, pointer)));
    const loosening = findLoosening(before, after);
    const breakage =
      input.profile === null
        ? []
        : findBreakage(before, after, input.profile, { namespace: workload.namespace });
    return [...loosening, ...breakage];
  };

  const dropped: DroppedPatch[] = [];
  const kept: T[] = [];
  // Never written to: each attempt patches its own copy.
  let combined: unknown = object;
  for (const violation of violations) {
    if (violation.patch.length === 0) {
      kept.push(violation);
      continue;
    }
    const alone = attempt(object, violation.patch, pointer, judge);
    if (alone.problem !== undefined) {
      dropped.push({ id: violation.id, reason: alone.problem, ops: violation.patch });
      kept.push({ ...violation, patch: [] });
      continue;
    }
    const together = attempt(combined, violation.patch, pointer, judge);
    if (together.problem !== undefined) {
      dropped.push({
        id: violation.id,
        reason: `together with earlier patches: ${together.problem}`,
        ops: violation.patch,
      });
      kept.push({ ...violation, patch: [] });
      continue;
    }
    combined = together.document;
    kept.push({ ...violation, patch: together.ops });
  }
  return { violations: kept, dropped };
}

interface Attempt {
  problem?: string;
  document?: unknown;
  ops: PatchOperation[];
}

function attempt(document: unknown, patch: PatchOperation[], pointer: string, judge: Judge): Attempt {
  const ops = withoutRedundantParents(document, patch);
  const outside = ops.find((op) => op.path !== pointer && !op.path.startsWith(`${pointer}/`));
  if (outside !== undefined) return { problem: outsidePodSpec(outside.path), ops };
  let patched: unknown;
  try {
    // Ops are cloned too: fast-json-patch inserts `add` values by reference, and a later op
    // writing inside such a value would otherwise rewrite the violation's own patch. The
    // document's copy is mutated in place (mutateDocument=false would clone it again).
    patched = applyPatch(
      copyForPatch(document, pointer),
      deepClone(ops) as Operation[],
      true,
      true,
    ).newDocument;
  } catch (error) {
    return { problem: `does not apply: ${firstLine(error)}`, ops };
  }
  const reasons = judge(patched);
  return reasons.length > 0 ? { problem: reasons.join('; '), ops } : { document: patched, ops };
}

/**
 * `document` with the subtree at `pointer` deep-cloned, its ancestors copied shallowly and
 * everything else shared: every op writes at or below `pointer` (checked first), so metadata and
 * status, often larger than the pod spec, need no copy.
 */
function copyForPatch(document: unknown, pointer: string): unknown {
  const keys = pointerKeys(pointer);
  const last = keys.pop();
  if (last === undefined || !isContainer(document)) return deepClone(document);
  const root = shallowCopy(document);
  let parent: Record<string, unknown> = root;
  for (const key of keys) {
    const child = parent[key];
    if (!isContainer(child)) return deepClone(document);
    parent[key] = shallowCopy(child);
    parent = parent[key] as Record<string, unknown>;
  }
  if (parent[last] !== undefined) parent[last] = deepClone(parent[last]);
  return root;
}

function isContainer(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function shallowCopy(value: Record<string, unknown>): Record<string, unknown> {
  return (Array.isArray(value) ? [...(value as unknown[])] : { ...value }) as Record<string, unknown>;
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? 'invalid patch';
}
