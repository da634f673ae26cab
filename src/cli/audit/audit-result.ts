/** One judged manifest object of `profilegate audit`: where it is and what the review found. */
import type { ObjectReference } from '../../report/policy-report.js';
import type { EvalResult } from '../shared/review-manifest.js';

export interface AuditedObject {
  file: string;
  line: number;
  subject: ObjectReference;
  result: EvalResult;
}

export const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low'] as const;
export type FailOn = (typeof SEVERITY_ORDER)[number] | 'none';

export function atOrAbove(severity: string, failOn: FailOn): boolean {
  if (failOn === 'none') return false;
  const rank = SEVERITY_ORDER.indexOf(severity as (typeof SEVERITY_ORDER)[number]);
  return rank >= 0 && rank <= SEVERITY_ORDER.indexOf(failOn);
}

export function resourceName(subject: ObjectReference): string {
  return `${subject.kind} ${subject.namespace ? `${subject.namespace}/` : ''}${subject.name}`;
}

/** Every finding with where it is, in file, line and rank order; exempted ones after the rest. */
export function findingsOf(audited: readonly AuditedObject[]) {
  return audited.flatMap((a) => [
    ...a.result.judged.violations.map((v) => ({
      file: a.file,
      line: a.line,
      resource: resourceName(a.subject),
      id: v.id,
      severity: v.severity,
      mode: v.mode,
      evidence: v.evidence,
      message: v.message,
      containers: v.containers,
      ...(v.field ? { field: v.field } : {}),
      patch: v.patch,
    })),
    ...(a.result.judged.exempted ?? []).map((v) => ({
      file: a.file,
      line: a.line,
      resource: resourceName(a.subject),
      id: v.id,
      severity: v.severity,
      mode: 'exempt',
      evidence: v.evidence,
      message: `${v.message} (PolicyException ${v.exemptedBy.name}: ${v.exemptedBy.reason})`,
      containers: v.containers,
      ...(v.field ? { field: v.field } : {}),
      patch: v.patch,
    })),
  ]);
}
