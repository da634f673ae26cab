/** src/hardening's verifyPatches behind the PatchVerifier interface of a review. */
import { verifyPatches } from '../hardening/verify-patches.js';
import type { PatchVerifier } from './review-dependencies.js';

export const hardeningVerifier: PatchVerifier = {
  verify(input, violations) {
    const verified = verifyPatches(input, violations);
    // verifyPatches keeps every finding in order and only empties the patch of a rejected one.
    return {
      violations: violations.map((v, i) => ({ ...v, patch: verified.violations[i]?.patch ?? [] })),
      dropped: verified.dropped,
    };
  },
};
