/**
 * The hard size cap. etcd refuses requests over 1.5 MiB (Kyverno's "Request entity too large"),
 * so a report keeps the most important results that fit under `maxBytes` of JSON and at most
 * `maxResults` of them, and says in annotations how many it left out and of which severity. The
 * summary still counts every result.
 */
import {
  OMITTED_ANNOTATION,
  OMITTED_BY_SEVERITY_ANNOTATION,
  type PolicyReport,
  type ReportResult,
} from './policy-report.js';

export interface ReportLimits {
  maxBytes: number;
  maxResults: number;
}

export function reportBytes(report: PolicyReport): number {
  return Buffer.byteLength(JSON.stringify(report), 'utf8');
}

/** `results` must already be in report order (order-results.ts): a prefix of it is kept. */
export function fitReport(report: PolicyReport, limits: ReportLimits): PolicyReport {
  const all = report.results;
  let kept = Math.min(all.length, limits.maxResults, keptWithin(report, limits.maxBytes));
  for (;;) {
    const fitted = withOmitted(report, all.slice(0, kept), all.slice(kept));
    if (reportBytes(fitted) <= limits.maxBytes) return fitted;
    // The annotations themselves took the room of the last result.
    if (kept === 0)
      throw new Error(`report ${report.metadata.name} does not fit in ${limits.maxBytes} bytes`);
    kept -= 1;
  }
}

/** How many results, in order, fit with the report around them (the annotations come after). */
function keptWithin(report: PolicyReport, maxBytes: number): number {
  let size = reportBytes({ ...report, results: [] });
  let count = 0;
  for (const result of report.results) {
    size += Buffer.byteLength(JSON.stringify(result), 'utf8') + (count > 0 ? 1 : 0);
    if (size > maxBytes) break;
    count += 1;
  }
  return count;
}

function withOmitted(report: PolicyReport, kept: ReportResult[], omitted: ReportResult[]): PolicyReport {
  const annotations = Object.fromEntries(
    Object.entries(report.metadata.annotations ?? {}).filter(
      ([k]) => k !== OMITTED_ANNOTATION && k !== OMITTED_BY_SEVERITY_ANNOTATION,
    ),
  );
  if (omitted.length > 0) {
    annotations[OMITTED_ANNOTATION] = String(omitted.length);
    annotations[OMITTED_BY_SEVERITY_ANNOTATION] = countBySeverity(omitted);
  }
  const metadata = { ...report.metadata };
  delete metadata.annotations;
  return {
    ...report,
    metadata: Object.keys(annotations).length > 0 ? { ...metadata, annotations } : metadata,
    results: kept,
  };
}

/** e.g. "high=3,medium=12,error=1": fixed order, so the same omission gives the same string. */
function countBySeverity(results: readonly ReportResult[]): string {
  const counts = new Map<string, number>();
  for (const r of results) {
    const key = r.result === 'error' ? 'error' : (r.severity ?? 'none');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return ['critical', 'high', 'medium', 'low', 'info', 'none', 'error']
    .filter((k) => counts.has(k))
    .map((k) => `${k}=${counts.get(k)}`)
    .join(',');
}
