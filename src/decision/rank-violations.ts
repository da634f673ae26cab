import type { Severity, Violation } from '../policy/violation.js';

const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3 };

/**
 * Runtime-confirmed findings first, then static ones, each by severity then id: the
 * evidence-backed signal must not drown in static noise.
 */
export function rankViolations<T extends Violation>(violations: readonly T[]): T[] {
  return [...violations].sort(
    (a, b) =>
      Number(a.evidence !== 'runtime') - Number(b.evidence !== 'runtime') ||
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      a.id.localeCompare(b.id) ||
      a.message.localeCompare(b.message),
  );
}
