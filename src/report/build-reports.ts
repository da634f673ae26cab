/**
 * Review outcomes → reports: the one place that turns what the shared review (src/review)
 * found into PolicyReports (or openreports.io Reports). One report per namespace by default, or
 * one per workload; cluster-scoped subjects go to one cluster report. Each report is ordered and
 * capped (order-results.ts, fit-report.ts), so the same findings always give the same report.
 */
import { createHash } from 'node:crypto';
import type { Config } from '../config/config-schema.js';
import type { RuleFacts } from './rule-facts.js';
import type { ReviewOutcome } from '../review/review-request.js';
import { fitReport } from './fit-report.js';
import { orderResults } from './order-results.js';
import {
  MANAGED_BY_LABEL,
  REPORT_KINDS,
  REPORT_SOURCE,
  type ObjectReference,
  type PolicyReport,
  type ReportResult,
  type ReportSummary,
} from './policy-report.js';
import { errorResult, exemptedResult, findingResult, type ResultContext } from './report-result.js';

export interface JudgedObject {
  /** apiVersion, kind, name, namespace, and uid when read from a cluster. */
  subject: ObjectReference;
  /** The /mutate outcome of reviewRequest: ranked findings with their verified patches. */
  outcome: ReviewOutcome;
}

export interface ReportOptions {
  /** Rule METADATA (policies/bundle/metadata.json): category and framework references. */
  rules: readonly RuleFacts[];
  /** Modes decide fail/warn; `config.reports` the format, scope and size cap. */
  config: Config;
  now: Date;
}

/** Name of a namespace's report, and of the cluster report. */
export const NAMESPACE_REPORT_NAME = REPORT_SOURCE;
export const CLUSTER_REPORT_NAME = `${REPORT_SOURCE}-cluster`;

interface Group {
  namespace: string | undefined;
  name: string;
  scope: ObjectReference | undefined;
  results: ReportResult[];
  summary: ReportSummary;
}

export function buildReports(judged: readonly JudgedObject[], options: ReportOptions): PolicyReport[] {
  const context: ResultContext = {
    rules: new Map(options.rules.map((r) => [r.id, r])),
    config: options.config,
    now: options.now,
  };
  const perWorkload = options.config.reports.scope === 'workload';
  const groups = new Map<string, Group>();
  for (const { subject, outcome } of judged) {
    if (outcome.decision === 'skip') continue;
    const group = groupFor(groups, subject, perWorkload);
    const results = resultsOf(subject, outcome, context);
    if (outcome.decision === 'exempt') group.summary.skip += 1;
    else if (results.length === 0) group.summary.pass += 1;
    for (const result of results) {
      group.summary[result.result] += 1;
      group.results.push(perWorkload ? withoutResources(result) : result);
    }
  }
  return [...groups.values()]
    .map((g) => fitReport(reportOf(g, options.config), options.config.reports))
    .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

function resultsOf(subject: ObjectReference, outcome: ReviewOutcome, context: ResultContext): ReportResult[] {
  if (outcome.decision === 'exempt') return [];
  if (outcome.decision === 'error') {
    const message =
      outcome.response.status?.message ??
      outcome.response.warnings?.[0] ??
      'profilegate could not evaluate its policies';
    return [errorResult(message, subject, context)];
  }
  const judged = { profile: outcome.profile ?? null, dropped: outcome.dropped ?? [] };
  return [
    ...outcome.violations.map((v) => findingResult(v, subject, judged, context)),
    ...(outcome.exempted ?? []).map((v) => exemptedResult(v, subject, judged, context)),
  ];
}

function groupFor(groups: Map<string, Group>, subject: ObjectReference, perWorkload: boolean): Group {
  const { namespace } = subject;
  const scoped = perWorkload && namespace !== undefined;
  const id = scoped ? `${namespace}/${subject.kind}/${subject.name}` : (namespace ?? '');
  let group = groups.get(id);
  if (!group) {
    group = {
      namespace,
      name: scoped ? workloadReportName(subject) : namespace ? NAMESPACE_REPORT_NAME : CLUSTER_REPORT_NAME,
      scope: scoped ? subject : undefined,
      results: [],
      summary: { pass: 0, fail: 0, warn: 0, error: 0, skip: 0 },
    };
    groups.set(id, group);
  }
  return group;
}

/** `profilegate-deployment-web`; names past 253 characters end in a hash of the full name. */
export function workloadReportName(subject: ObjectReference): string {
  const name = `${REPORT_SOURCE}-${subject.kind.toLowerCase()}-${subject.name}`;
  if (name.length <= 253) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 10);
  return `${name.slice(0, 242).replace(/[-.]+$/, '')}-${hash}`;
}

function withoutResources(result: ReportResult): ReportResult {
  const rest = { ...result };
  delete rest.resources;
  return rest;
}

function reportOf(group: Group, config: Config): PolicyReport {
  const { format } = config.reports;
  const kinds = REPORT_KINDS[format];
  return {
    apiVersion: format,
    kind: group.namespace ? kinds.namespaced : kinds.cluster,
    metadata: {
      name: group.name,
      ...(group.namespace ? { namespace: group.namespace } : {}),
      labels: { ...MANAGED_BY_LABEL },
    },
    ...(format === 'openreports.io/v1alpha1' ? { source: REPORT_SOURCE } : {}),
    ...(group.scope ? { scope: group.scope } : {}),
    summary: group.summary,
    results: orderResults(group.results),
  };
}

function key(report: PolicyReport): string {
  return `${report.metadata.namespace ?? ''}/${report.metadata.name}`;
}
