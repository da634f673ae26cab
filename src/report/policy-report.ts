/**
 * The report format: a shared contract (docs/reports.md). ProfileGate writes PolicyReport /
 * ClusterPolicyReport `wgpolicyk8s.io/v1alpha2` (what Policy Reporter reads) or, configured,
 * Report / ClusterReport `openreports.io/v1alpha1`. Both carry the same result shape; this schema
 * accepts exactly what the upstream CRDs accept for the fields ProfileGate sets, so a report that
 * passes it is stored as written.
 */
import { z } from 'zod';
import type { ReportFormat } from '../config/config-schema.js';

export const REPORT_SOURCE = 'profilegate';

export const ReportKind = z.enum(['PolicyReport', 'ClusterPolicyReport', 'Report', 'ClusterReport']);
export type ReportKind = z.infer<typeof ReportKind>;

/** Kinds per format, namespaced and cluster-scoped. */
export const REPORT_KINDS: Record<ReportFormat, { namespaced: ReportKind; cluster: ReportKind }> = {
  'wgpolicyk8s.io/v1alpha2': { namespaced: 'PolicyReport', cluster: 'ClusterPolicyReport' },
  'openreports.io/v1alpha1': { namespaced: 'Report', cluster: 'ClusterReport' },
};

/** Annotations that say what the size cap left out (the summary still counts everything). */
export const OMITTED_ANNOTATION = 'profilegate.dev/results-omitted';
export const OMITTED_BY_SEVERITY_ANNOTATION = 'profilegate.dev/results-omitted-by-severity';
export const MANAGED_BY_LABEL = { 'app.kubernetes.io/managed-by': REPORT_SOURCE } as const;

export const ResultValue = z.enum(['pass', 'fail', 'warn', 'error', 'skip']);
/** Both CRDs (wgpolicyk8s.io v1alpha2 as upstream ships it today, openreports.io) allow all five. */
export const ReportSeverity = z.enum(['critical', 'high', 'medium', 'low', 'info']);

export const ObjectReferenceSchema = z.strictObject({
  apiVersion: z.string().min(1),
  kind: z.string().min(1),
  name: z.string().min(1),
  namespace: z.string().min(1).optional(),
  uid: z.string().min(1).optional(),
});

export const ReportResultSchema = z.strictObject({
  source: z.literal(REPORT_SOURCE),
  /** The rule id (e.g. pss-privileged); one Rego package is one policy with one rule. */
  policy: z.string().min(1),
  rule: z.string().min(1),
  category: z.string().min(1),
  severity: ReportSeverity.optional(),
  result: ResultValue,
  scored: z.boolean(),
  /** When the result was first seen: kept across scans so an unchanged report is not rewritten. */
  timestamp: z.strictObject({ seconds: z.int().min(0), nanos: z.int().min(0).max(999_999_999) }),
  message: z.string().min(1),
  /** The judged object; left out in a per-workload report, whose scope names it. */
  resources: z.array(ObjectReferenceSchema).min(1).optional(),
  /** Evidence, mode, framework references and the would-be patch (docs/reports.md#properties). */
  properties: z.record(z.string(), z.string()),
});

export const ReportSummarySchema = z.strictObject({
  pass: z.int().min(0),
  fail: z.int().min(0),
  warn: z.int().min(0),
  error: z.int().min(0),
  skip: z.int().min(0),
});

export const PolicyReportSchema = z
  .strictObject({
    apiVersion: z.enum(['wgpolicyk8s.io/v1alpha2', 'openreports.io/v1alpha1']),
    kind: ReportKind,
    metadata: z.strictObject({
      name: z
        .string()
        .max(253)
        .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/),
      namespace: z.string().min(1).optional(),
      labels: z.record(z.string(), z.string()),
      annotations: z.record(z.string(), z.string()).optional(),
    }),
    /** openreports.io only: the engine that wrote every result. */
    source: z.literal(REPORT_SOURCE).optional(),
    /** The workload of a per-workload report; absent for a per-namespace report. */
    scope: ObjectReferenceSchema.optional(),
    summary: ReportSummarySchema,
    results: z.array(ReportResultSchema),
  })
  .superRefine((report, ctx) => {
    const kinds = REPORT_KINDS[report.apiVersion];
    const namespaced = report.metadata.namespace !== undefined;
    const expected = namespaced ? kinds.namespaced : kinds.cluster;
    if (report.kind !== expected) {
      ctx.addIssue({
        code: 'custom',
        path: ['kind'],
        message: `must be ${expected} for a ${namespaced ? 'namespaced' : 'cluster-scoped'} ${report.apiVersion} report`,
      });
    }
    if (report.apiVersion === 'wgpolicyk8s.io/v1alpha2' && report.source !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['source'],
        message: 'wgpolicyk8s.io/v1alpha2 reports have no source',
      });
    }
  });

export type ResultValue = z.infer<typeof ResultValue>;
export type ReportSeverity = z.infer<typeof ReportSeverity>;
export type ObjectReference = z.infer<typeof ObjectReferenceSchema>;
export type ReportResult = z.infer<typeof ReportResultSchema>;
export type ReportSummary = z.infer<typeof ReportSummarySchema>;
export type PolicyReport = z.infer<typeof PolicyReportSchema>;
