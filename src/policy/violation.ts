/**
 * What policies return: the output half of the policy contract (docs/policy-contract.md).
 * The WASM result is validated against this schema, so a malformed rule fails loudly.
 */
import { z } from 'zod';
import { PatchOperation } from '../patch/patch-operation.js';
import { EvidenceFact } from '../profile/provenance.js';

export const Severity = z.enum(['critical', 'high', 'medium', 'low']);
export const Evidence = z.enum(['runtime', 'static']);
/**
 * The rule's group from its METADATA: PSS level (baseline/restricted gate like PSA levels),
 * exposure hygiene, or runtime evidence (exposure and runtime rules report at every level).
 */
export const RuleLevel = z.enum(['baseline', 'restricted', 'exposure', 'runtime']);

export const ViolationSchema = z.object({
  /** Stable rule id, e.g. pss-privileged; the same id names the rule in docs, reports and config. */
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
  severity: Severity,
  level: RuleLevel.optional(),
  /** Names the container(s), the field and the allowed values. */
  message: z.string().min(1),
  evidence: Evidence.default('static'),
  containers: z.array(z.string()).default([]),
  /** Field path relative to the object, e.g. spec.containers[*].securityContext.privileged. */
  field: z.string().optional(),
  /**
   * Runtime findings: the profile facts the conclusion rests on (the rule's METADATA
   * `custom.reliesOn`); a cut or unobservable one makes the finding warn only
   * (src/profile/evidence-gaps.ts). Absent: every fact.
   */
  reliesOn: z.array(EvidenceFact).optional(),
  /** Operations (RFC 6902) that fix this violation, relative to request.object. */
  patch: z.array(PatchOperation).default([]),
});

export const PolicyResultSchema = z.object({
  violations: z.array(ViolationSchema),
});

export type Severity = z.infer<typeof Severity>;
export type Evidence = z.infer<typeof Evidence>;
export type RuleLevel = z.infer<typeof RuleLevel>;
export type Violation = z.infer<typeof ViolationSchema>;
export type PolicyResult = z.infer<typeof PolicyResultSchema>;
