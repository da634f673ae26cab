/**
 * The one order of results: most important first (fail, then error, then warn; by severity;
 * runtime evidence first), then by resource, rule and message. The size cap keeps a prefix of
 * this order, and the same findings always give the same bytes, so a rescan writes nothing new.
 */
import type { ReportResult } from './policy-report.js';

const RESULT_RANK: Record<ReportResult['result'], number> = { fail: 0, error: 1, warn: 2, skip: 3, pass: 4 };
const SEVERITY_RANK: Record<string, number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };

function resourceKey(result: ReportResult): string {
  const [r] = result.resources ?? [];
  return r ? `${r.namespace ?? ''}\u0000${r.kind}\u0000${r.name}` : '';
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareResults(a: ReportResult, b: ReportResult): number {
  return (
    RESULT_RANK[a.result] - RESULT_RANK[b.result] ||
    (SEVERITY_RANK[a.severity ?? ''] ?? 5) - (SEVERITY_RANK[b.severity ?? ''] ?? 5) ||
    Number(b.properties.evidence === 'runtime') - Number(a.properties.evidence === 'runtime') ||
    compareText(resourceKey(a), resourceKey(b)) ||
    compareText(a.policy, b.policy) ||
    compareText(a.message, b.message)
  );
}

export function orderResults(results: readonly ReportResult[]): ReportResult[] {
  return [...results].sort(compareResults);
}
