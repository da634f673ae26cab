/**
 * /mutate: patches of enforce-mode findings are combined and returned as a base64
 * JSON Patch; in warn and audit mode the patch is only described (what it *would* do),
 * so security teams can review it before enforcing.
 */
import type { AdmissionResponse } from '../admission/admission-review.js';
import { combinePatches } from '../patch/combine-patches.js';
import { allowed } from './admission-responses.js';
import type { ModedViolation } from './violation-mode.js';
import type { DroppedPatch } from '../patch/patch-operation.js';
import { fitWarnings } from './warning-limits.js';

export interface MutationOutcome {
  decision: 'allow' | 'patch';
  response: AdmissionResponse;
  patched?: unknown;
}

export function mutationResponse(
  uid: string,
  object: unknown,
  violations: readonly ModedViolation[],
  dropped: readonly DroppedPatch[],
): MutationOutcome {
  const withPatch = violations.filter((v) => v.patch.length > 0);
  const enforced = combinePatches(
    object,
    withPatch.filter((v) => v.mode === 'enforce'),
  );
  const wouldPatch = withPatch.filter((v) => v.mode !== 'enforce').map((v) => v.id);
  const notApplied = [...dropped, ...enforced.rejected];
  const annotations: Record<string, string> = {};
  if (enforced.applied.length > 0) annotations.patched = enforced.applied.join(',');
  if (wouldPatch.length > 0) annotations['would-patch'] = wouldPatch.join(',');
  // Ids and reasons only: the ops can be large, and audit annotation values are bounded.
  if (notApplied.length > 0) {
    annotations['patches-dropped'] = JSON.stringify(notApplied.map(({ id, reason }) => ({ id, reason })));
  }
  const warnings = fitWarnings(
    withPatch
      .filter((v) => v.mode === 'warn')
      .map((v) => `[${v.id}] would patch: ${v.patch.map((op) => `${op.op} ${op.path}`).join(', ')}`),
  );
  const extras = {
    ...(Object.keys(annotations).length > 0 ? { auditAnnotations: annotations } : {}),
    ...(warnings.length > 0 ? { warnings } : {}),
  };
  if (enforced.operations.length === 0) return { decision: 'allow', response: allowed(uid, extras) };
  return {
    decision: 'patch',
    patched: enforced.patched,
    response: allowed(uid, {
      ...extras,
      patchType: 'JSONPatch',
      patch: Buffer.from(JSON.stringify(enforced.operations)).toString('base64'),
    }),
  };
}
