/**
 * The mode a failed evaluation answers by: the strictest mode any enabled policy could have
 * for this request. A review that could not be evaluated has no findings to take modes from,
 * so every policy that might have judged it counts: the namespace's mode (rules without their
 * own mode take it) and each enabled, non-exempt policy's own mode. One enforce policy fails
 * closed in a warn namespace; otherwise padding a request until evaluation fails would be a way
 * around it.
 */
import type { Config, Mode } from '../config/config-schema.js';

const STRICTNESS: Record<Mode, number> = { audit: 0, warn: 1, enforce: 2 };

export interface FailureMode {
  mode: Mode;
  /** The policy whose own mode is the strictest, when it is stricter than the namespace's. */
  policy?: string;
}

/** `namespace` undefined: the request could not be read far enough to know it. */
export function failureMode(config: Config, namespace: string | undefined, namespaceMode: Mode): FailureMode {
  let strictest: FailureMode = { mode: namespaceMode };
  for (const [id, override] of Object.entries(config.policies)) {
    if (!override.enabled || override.mode === undefined) continue;
    if (namespace !== undefined && override.exemptNamespaces.includes(namespace)) continue;
    if (STRICTNESS[override.mode] > STRICTNESS[strictest.mode])
      strictest = { mode: override.mode, policy: id };
  }
  return strictest;
}
