/** The patch verifier of src/hardening, behind the PatchVerifier interface the core expects. */
import type { PatchVerifier } from '../src/review/review-dependencies.js';

export function createPatchVerifier(): PatchVerifier {
  // Replaced by src/hardening/verify-patches.ts once it lands; until then every patch passes.
  return { verify: (_input, violations) => ({ violations, dropped: [] }) };
}
