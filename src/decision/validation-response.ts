/**
 * /validate: enforce-mode findings deny (one line per finding), warn-mode findings become
 * kubectl `Warning:` lines, audit-mode findings are recorded as audit annotations. Findings a
 * PolicyException exempts are warned about with the exception's name and reason.
 */
import type { AdmissionResponse } from '../admission/admission-review.js';
import { allowed, forbidden } from './admission-responses.js';
import type { ModedViolation } from './violation-mode.js';
import { fitWarnings } from './warning-limits.js';
import { auditAnnotations } from './audit-annotations.js';
import { describeExempted, type ExemptedViolation } from './policy-exceptions.js';

export type ValidationDecision = 'allow' | 'deny' | 'warn' | 'audit';

export interface ValidationOutcome {
  decision: ValidationDecision;
  response: AdmissionResponse;
}

export function describeViolation(v: ModedViolation): string {
  return `[${v.id}] ${v.message}`;
}

export function validationResponse(
  uid: string,
  subject: string,
  ranked: readonly ModedViolation[],
  extraWarnings: readonly string[] = [],
  exempted: readonly ExemptedViolation[] = [],
): ValidationOutcome {
  const denied = ranked.filter((v) => v.mode === 'enforce');
  const warned = ranked.filter((v) => v.mode === 'warn');
  const audited = ranked.filter((v) => v.mode === 'audit');
  const warnings = fitWarnings([
    ...extraWarnings,
    ...warned.map(describeViolation),
    ...exempted.map(describeExempted),
  ]);
  const extras = {
    ...(warnings.length > 0 ? { warnings } : {}),
    ...(ranked.length + exempted.length > 0 ? { auditAnnotations: auditAnnotations(ranked, exempted) } : {}),
  };
  if (denied.length > 0) {
    const lines = denied.map((v) => `- ${describeViolation(v)}`).join('\n');
    const message = `profilegate denied ${subject}: ${denied.length} policy violation${denied.length > 1 ? 's' : ''}\n${lines}`;
    return { decision: 'deny', response: forbidden(uid, message, extras) };
  }
  const decision: ValidationDecision = warned.length > 0 ? 'warn' : audited.length > 0 ? 'audit' : 'allow';
  return { decision, response: allowed(uid, extras) };
}
