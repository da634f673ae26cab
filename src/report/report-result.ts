/**
 * One review finding as one report result: the rule id, severity and category, framework
 * references from the rule's METADATA, the evidence it rests on, and the would-be patch.
 */
import type { Config } from '../config/config-schema.js';
import { modeOfViolation, type ModedViolation } from '../decision/violation-mode.js';
import type { ProfileView } from '../profile/profile-view.js';
import type { RuleLevel } from '../policy/violation.js';
import type { RuleFacts } from './rule-facts.js';
import type { DroppedPatch } from '../patch/patch-operation.js';
import type { ExemptedViolation } from '../decision/policy-exceptions.js';
import { REPORT_SOURCE, type ObjectReference, type ReportResult } from './policy-report.js';

export interface ResultContext {
  rules: ReadonlyMap<string, RuleFacts>;
  config: Config;
  now: Date;
}

/** Policy Reporter filters by category; Kyverno's PSS policies use the same names. */
const CATEGORY: Record<RuleLevel, string> = {
  baseline: 'Pod Security Standards (Baseline)',
  restricted: 'Pod Security Standards (Restricted)',
  exposure: 'Exposure',
  runtime: 'Runtime evidence',
};

/** A longer patch is summarised: the property is for reading, `profilegate eval` shows it whole. */
export const MAX_PATCH_PROPERTY = 4096;

export function timestampOf(now: Date): ReportResult['timestamp'] {
  return { seconds: Math.floor(now.getTime() / 1000), nanos: 0 };
}

export function findingResult(
  violation: ModedViolation,
  subject: ObjectReference,
  judged: { profile: ProfileView | null; dropped: readonly DroppedPatch[] },
  context: ResultContext,
): ReportResult {
  const rule = context.rules.get(violation.id);
  const level = rule?.level ?? violation.level;
  // fail: the finding denies once its namespace enforces; warn: it only ever warns (exposure
  // rules, runtime findings from a profile that is not complete, policies set to warn/audit).
  const whenEnforced = modeOfViolation(violation, 'enforce', context.config, judged.profile);
  return {
    source: REPORT_SOURCE,
    policy: violation.id,
    rule: violation.id,
    category: level ? CATEGORY[level] : 'ProfileGate',
    severity: violation.severity,
    result: whenEnforced === 'enforce' ? 'fail' : 'warn',
    scored: true,
    timestamp: timestampOf(context.now),
    message: violation.message,
    resources: [subject],
    properties: {
      mode: violation.mode,
      evidence: violation.evidence,
      ...evidenceProperties(violation, judged.profile),
      ...(violation.containers.length > 0 ? { containers: violation.containers.join(',') } : {}),
      ...(violation.field ? { field: violation.field } : {}),
      ...patchProperties(violation, judged.dropped),
      ...frameworkProperties(rule),
    },
  };
}

/**
 * A finding a PolicyException exempts: `skip`, never a silent pass, with the exception, its
 * reason and expiry in the properties (docs/exceptions.md).
 */
export function exemptedResult(
  violation: ExemptedViolation,
  subject: ObjectReference,
  judged: { profile: ProfileView | null; dropped: readonly DroppedPatch[] },
  context: ResultContext,
): ReportResult {
  const finding = findingResult(violation, subject, judged, context);
  const { exemptedBy } = violation;
  return {
    ...finding,
    result: 'skip',
    properties: {
      ...finding.properties,
      exception: exemptedBy.name,
      exceptionReason: exemptedBy.reason,
      ...(exemptedBy.expires ? { exceptionExpires: exemptedBy.expires } : {}),
    },
  };
}

/** A review that could not be judged is an error result, never a silent pass. */
export function errorResult(message: string, subject: ObjectReference, context: ResultContext): ReportResult {
  return {
    source: REPORT_SOURCE,
    policy: REPORT_SOURCE,
    rule: 'evaluation',
    category: 'ProfileGate',
    result: 'error',
    scored: true,
    timestamp: timestampOf(context.now),
    message,
    resources: [subject],
    properties: {},
  };
}

function evidenceProperties(violation: ModedViolation, profile: ProfileView | null): Record<string, string> {
  if (violation.evidence !== 'runtime' || !profile) return {};
  return { profile: profile.name, maturity: profile.maturity };
}

function patchProperties(
  violation: ModedViolation,
  dropped: readonly DroppedPatch[],
): Record<string, string> {
  const refused = dropped.find((d) => d.id === violation.id);
  if (refused) return { patchDropped: refused.reason };
  if (violation.patch.length === 0) return {};
  const patch = JSON.stringify(violation.patch);
  if (patch.length <= MAX_PATCH_PROPERTY) return { patch };
  return {
    patch: `${violation.patch.length} operations (${patch.length} bytes); run profilegate eval to see them`,
  };
}

function frameworkProperties(rule: RuleFacts | undefined): Record<string, string> {
  if (!rule) return {};
  const { pss, cis, nsa, mitre } = rule.frameworks;
  return {
    ...(pss !== 'none' ? { pss } : {}),
    ...(cis.length > 0 ? { cis: cis.join(',') } : {}),
    ...(nsa ? { nsa } : {}),
    ...(mitre.length > 0 ? { mitre: mitre.join(',') } : {}),
  };
}
