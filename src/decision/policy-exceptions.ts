/**
 * Applies PolicyExceptions (src/exception/policy-exception.ts) to a review's findings. A finding
 * is exempted when an unexpired exception of the request's namespace matches the workload and
 * one of its rules covers the finding: the rule id, and when given every container the finding
 * names (a finding about containers "a" and "b" is not exempted by an exception for "a" alone),
 * every such container's image, and the finding's field. Exempted findings neither deny nor
 * patch, and are never silent: they are warned about, annotated and reported as exempted. An
 * exception that would have matched but has expired is named in a warning.
 */
import type { WorkloadView } from '../admission/workload-view.js';
import { exceptionName, type ExceptionRule, type PolicyException } from '../exception/policy-exception.js';
import { globMatches } from '../exception/glob.js';
import { selectorMatches } from '../exception/label-selector.js';
import { workloadCandidates, type ObjectMeta, type WorkloadRef } from '../profile/workload-owner.js';
import { containersOf } from '../schema/pod-spec.js';
import type { ModedViolation } from './violation-mode.js';

export interface ExemptingException {
  /** namespace/name */
  name: string;
  reason: string;
  expires?: string;
}

export interface ExemptedViolation extends ModedViolation {
  exemptedBy: ExemptingException;
}

/** What is judged: the workload (null for a Service) or the Service's kind, name and labels. */
export interface ExceptionSubject {
  workload: WorkloadView | null;
  kind: string;
  name: string;
  metadata: ObjectMeta;
}

export interface ExceptionOutcome {
  kept: ModedViolation[];
  exempted: ExemptedViolation[];
  /** Warnings about exceptions that would have applied but have expired. */
  notes: string[];
}

export function applyExceptions(
  violations: readonly ModedViolation[],
  exceptions: readonly PolicyException[],
  subject: ExceptionSubject,
  now: Date,
): ExceptionOutcome {
  const outcome: ExceptionOutcome = { kept: [], exempted: [], notes: [] };
  if (exceptions.length === 0) return { ...outcome, kept: [...violations] };
  const matching = [...exceptions]
    .filter((e) => matchesSubject(e, subject))
    .sort((a, b) => exceptionName(a).localeCompare(exceptionName(b)));
  for (const violation of violations) {
    const covering = matching.filter((e) => e.spec.rules.some((r) => covers(r, violation, subject.workload)));
    const live = covering.find((e) => !isExpired(e, now));
    if (live !== undefined) {
      outcome.exempted.push({ ...violation, exemptedBy: exempting(live) });
      continue;
    }
    outcome.kept.push(violation);
    for (const e of covering) {
      outcome.notes.push(
        `profilegate: PolicyException ${exceptionName(e)} expired at ${e.spec.expires ?? ''}; [${violation.id}] applies again`,
      );
    }
  }
  return outcome;
}

/** The warning an exempted finding gives: which exception, why, until when, and the finding. */
export function describeExempted(v: ExemptedViolation): string {
  const until = v.exemptedBy.expires ? `, until ${v.exemptedBy.expires}` : '';
  return `profilegate: [${v.id}] exempted by PolicyException ${v.exemptedBy.name} (${v.exemptedBy.reason}${until}): ${v.message}`;
}

function exempting(e: PolicyException): ExemptingException {
  return {
    name: exceptionName(e),
    reason: e.spec.reason,
    ...(e.spec.expires === undefined ? {} : { expires: e.spec.expires }),
  };
}

function isExpired(e: PolicyException, now: Date): boolean {
  return e.spec.expires !== undefined && Date.parse(e.spec.expires) <= now.getTime();
}

/** The workload itself and, for a pod or ReplicaSet, the workload that owns it. */
function identities(subject: ExceptionSubject): WorkloadRef[] {
  const { workload } = subject;
  if (workload === null) return [{ kind: subject.kind as WorkloadRef['kind'], name: subject.name }];
  return workloadCandidates(workload.kind, workload.name, subject.metadata);
}

function matchesSubject(e: PolicyException, subject: ExceptionSubject): boolean {
  const { kinds, names, selector } = e.spec.match;
  const named = identities(subject).some(
    (id) =>
      (kinds === undefined || kinds.includes(id.kind)) &&
      (names === undefined || names.some((pattern) => globMatches(pattern, id.name))),
  );
  if (!named) return false;
  if (selector === undefined) return true;
  const labels = subject.workload?.podMetadata.labels ?? subject.metadata.labels ?? {};
  return selectorMatches(selector, labels);
}

function covers(rule: ExceptionRule, v: ModedViolation, workload: WorkloadView | null): boolean {
  if (rule.id !== v.id) return false;
  const { containers, images, fields } = rule;
  if (
    containers !== undefined &&
    (v.containers.length === 0 || !v.containers.every((c) => containers.includes(c)))
  ) {
    return false;
  }
  if (images !== undefined) {
    const imageOf = containerImages(workload);
    const all = v.containers.map((c) => imageOf.get(c));
    if (all.length === 0 || !all.every((i) => i !== undefined && images.some((p) => globMatches(p, i))))
      return false;
  }
  if (fields !== undefined) {
    const field = v.field === undefined ? undefined : specRelative(v.field, workload);
    if (field === undefined || !fields.some((f) => field === f || field.startsWith(`${f}.`))) return false;
  }
  return true;
}

function containerImages(workload: WorkloadView | null): Map<string, string> {
  const images = new Map<string, string>();
  for (const c of workload === null ? [] : containersOf(workload.podSpec)) {
    if (typeof c.spec.image === 'string') images.set(c.name, c.spec.image);
  }
  return images;
}

/** `spec.template.spec.containers[*].x` → `containers[*].x`; a Service's `spec.type` → `type`. */
function specRelative(field: string, workload: WorkloadView | null): string {
  const prefix = workload === null ? 'spec.' : `${workload.podSpecPointer.slice(1).replaceAll('/', '.')}.`;
  return field.startsWith(prefix) ? field.slice(prefix.length) : field;
}
