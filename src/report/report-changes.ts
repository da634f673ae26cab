/**
 * Unchanged results cause no writes: a rescan keeps the timestamp of every result that was
 * already reported, and a report is written only when what ProfileGate owns in it differs from
 * what the API server holds (compared by value, whatever order the server returns keys in).
 */
import {
  MANAGED_BY_LABEL,
  OMITTED_ANNOTATION,
  OMITTED_BY_SEVERITY_ANNOTATION,
  type PolicyReport,
  type ReportResult,
} from './policy-report.js';
import { isRecord } from '../schema/is-record.js';

/** JSON with object keys sorted, so equal values give equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isRecord(value)) {
    const keys = Object.keys(value)
      .filter((k) => value[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function resultKey(result: ReportResult): string {
  return canonicalJson({ ...result, timestamp: undefined });
}

/** Results already in `existing` (same everything but the time) keep their first-seen time. */
export function carryOverTimestamps(desired: PolicyReport, existing: unknown): PolicyReport {
  const previous = new Map<string, ReportResult['timestamp']>();
  const results = isRecord(existing) && Array.isArray(existing.results) ? existing.results : [];
  for (const r of results as ReportResult[]) {
    if (isRecord(r) && isRecord(r.timestamp)) previous.set(resultKey(r), r.timestamp);
  }
  if (previous.size === 0) return desired;
  return {
    ...desired,
    results: desired.results.map((r) => {
      const timestamp = previous.get(resultKey(r));
      return timestamp ? { ...r, timestamp } : r;
    }),
  };
}

const OWNED_ANNOTATIONS = [OMITTED_ANNOTATION, OMITTED_BY_SEVERITY_ANNOTATION];

/** What ProfileGate owns in a report: other controllers may add labels and annotations. */
function owned(report: unknown): unknown {
  if (!isRecord(report)) return undefined;
  const metadata = isRecord(report.metadata) ? report.metadata : {};
  const labels = isRecord(metadata.labels) ? metadata.labels : {};
  const annotations = isRecord(metadata.annotations) ? metadata.annotations : {};
  return {
    apiVersion: report.apiVersion,
    kind: report.kind,
    labels: Object.fromEntries(Object.keys(MANAGED_BY_LABEL).map((k) => [k, labels[k]])),
    annotations: Object.fromEntries(OWNED_ANNOTATIONS.map((k) => [k, annotations[k]])),
    source: report.source,
    scope: report.scope,
    summary: report.summary,
    results: report.results ?? [],
  };
}

export function reportChanged(desired: PolicyReport, existing: unknown): boolean {
  return canonicalJson(owned(desired)) !== canonicalJson(owned(existing));
}
