/**
 * Audit annotations the API server stores in its audit log under `<webhook name>/<key>`.
 * Keys are short label-like names; values stay well under the API server's limits.
 */
import type { ModedViolation } from './violation-mode.js';
import type { ExemptedViolation } from './policy-exceptions.js';

const MAX_VALUE_LENGTH = 4000;

export function auditAnnotations(
  ranked: readonly ModedViolation[],
  exempted: readonly ExemptedViolation[] = [],
): Record<string, string> {
  const findings = ranked.map((v) => ({
    id: v.id,
    mode: v.mode,
    severity: v.severity,
    evidence: v.evidence,
    message: v.message,
  }));
  let value = JSON.stringify(findings);
  while (value.length > MAX_VALUE_LENGTH && findings.length > 1) {
    findings.pop();
    value = JSON.stringify([...findings, { truncated: ranked.length - findings.length }]);
  }
  return {
    violations: value,
    'violation-ids': [...new Set(ranked.map((v) => v.id))].join(','),
    // id=exception pairs, so the audit log shows who was let through by which exception.
    ...(exempted.length > 0
      ? {
          exempted: exempted
            .map((v) => `${v.id}=${v.exemptedBy.name}`)
            .join(',')
            .slice(0, MAX_VALUE_LENGTH),
        }
      : {}),
  };
}
